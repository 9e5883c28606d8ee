//! The load stage: reads site.yaml, content/, content/data/ and the static files from disk.
//!
//! Nothing here knows about URLs or HTML; the later stages (resolve, render, write) take what this
//! stage returns and never read the site's sources again.

pub mod builtin;
pub mod cache_dir;
pub mod config;
pub mod content;
pub mod data;
pub mod extra_urls;
pub mod front_matter;
pub mod nesting;
pub mod page_date;
pub mod read;
pub mod statics;
pub mod table;
pub mod theme;
pub mod walk;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use config::SiteConfig;
use content::LoadedContent;
use data::DataFiles;
use statics::StaticFiles;
use theme::{TemplateSources, Translations};

/// The folders of a site whose files are inputs of its build, besides site.yaml: what a build
/// stamp hashes (walked by [`walk::Walk`], like every loader) and what `serve` watches.
pub const SOURCE_DIRS: [&str; 6] = ["content", "themes", "templates", "static", "i18n", "fonts"];

/// Everything read from a site's folder.
#[derive(Debug, Clone)]
pub struct LoadedSite {
    /// The site root folder.
    pub root: PathBuf,
    /// site.yaml.
    pub config: SiteConfig,
    /// site.yaml's text, to locate errors found later.
    pub config_source: crate::diagnostic::SourceFile,
    /// Where the site's theme comes from, if it uses one.
    pub theme: Option<ThemeSource>,
    /// The Markdown files and loose assets.
    pub content: LoadedContent,
    /// content/data/*.yaml.
    pub data: DataFiles,
    /// Static files to copy.
    pub statics: StaticFiles,
    /// The stylesheet, for the checks of its chart colours.
    pub stylesheet: Option<crate::diagnostic::SourceFile>,
    /// Template sources by name.
    pub templates: TemplateSources,
    /// UI strings per language.
    pub translations: Translations,
    /// The theme's fonts (then the site's), for social cards.
    pub fonts: Vec<theme::FontFile>,
    /// Problems found while loading that did not stop it (a file that does not parse): the build
    /// goes on to find the other stages' errors, and fails before rendering.
    pub problems: Vec<Diagnostic>,
    /// Warnings found while loading: symbolic links skipped (see [`walk`]).
    pub warnings: Vec<Diagnostic>,
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft: true`.
    pub drafts: bool,
    /// Replace site.yaml's base_url (e.g. for a preview or a sub-path deploy).
    pub base_url: Option<String>,
    /// Markdown files read by an earlier run with the same site.yaml (`spiega serve`): those
    /// unchanged on disk are not read again.
    pub read_before: Option<std::sync::Arc<content::ReadFiles>>,
}

/// Loads a whole site, gathering every problem found rather than stopping at the first: only a
/// site.yaml that cannot be read or parsed (or a bad `--base-url`) stops the load, since every
/// other file is read according to it. Any other file that cannot be read or parsed is reported in
/// [`LoadedSite::problems`] and left out (a page or data file is kept as a placeholder marked
/// `broken`, so that what names it is not reported again).
pub fn load_site(root: &Path, options: &LoadOptions) -> Result<LoadedSite, Vec<Diagnostic>> {
    let (mut config, config_source) = config::load_config(root)?;
    if let Some(base_url) = &options.base_url {
        config.set_base_url(base_url).map_err(|message| {
            vec![
                Diagnostic::error(message)
                    .with_hint("pass a full URL, e.g. `--base-url https://example.org/sub/`"),
            ]
        })?;
    }
    let mut problems = Vec::new();
    if let Err(message) = crate::load::cache_dir::check_cache_dir(root, &config.cache_dir, None) {
        problems.push(cache_dir_problem(&config_source, message));
    }
    let theme = match theme_source(root, &config, &config_source) {
        Ok(theme) => theme,
        Err(diagnostic) => {
            problems.push(diagnostic);
            None
        }
    };
    let theme = theme.as_ref();
    let (content, (data, statics)) = rayon::join(
        || {
            let read_before = options.read_before.as_deref();
            content::load_content(root, &config, options.drafts, read_before)
        },
        || (data::load_data(root), statics::load_static(root, theme)),
    );
    let templates = theme::load_templates(root, theme);
    let translations = theme::load_translations(root, theme, &config.language_codes());
    let fonts = if config.social_cards {
        theme::load_fonts(root, theme)
    } else {
        walk::loaded(Vec::new(), Vec::new(), Vec::new())
    };
    let mut warnings = Vec::new();
    let content = match content {
        Ok(mut content) => {
            problems.append(&mut content.problems);
            warnings.append(&mut content.warnings);
            content
        }
        Err(found) => {
            problems.extend(found);
            LoadedContent::default()
        }
    };
    let data = gather(data, &mut problems, &mut warnings);
    let statics = gather(statics, &mut problems, &mut warnings);
    let templates = gather(templates, &mut problems, &mut warnings);
    let translations = gather(translations, &mut problems, &mut warnings);
    let fonts = gather(fonts, &mut problems, &mut warnings);
    crate::diagnostic::sort_diagnostics(&mut warnings);
    let stylesheet = statics::read_stylesheet(root, &statics);
    Ok(LoadedSite {
        root: root.to_path_buf(),
        config,
        config_source,
        theme: theme.cloned(),
        content,
        data,
        statics,
        stylesheet,
        templates,
        translations,
        fonts,
        problems,
        warnings,
    })
}

/// An error about site.yaml's `cache_dir`, at its line.
pub fn cache_dir_problem(source: &crate::diagnostic::SourceFile, message: String) -> Diagnostic {
    Diagnostic::error(message)
        .at(source, config::key_span(source, "cache_dir"))
        .with_hint("keep the cache beside the site, e.g. `cache_dir: .spiega-cache` (the default)")
}

/// What a loader loaded, its warnings and problems put with the others'.
fn gather<T>(
    loaded: walk::Loaded<T>,
    problems: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> T {
    let walk::Loaded {
        value,
        problems: mut found,
        warnings: mut skipped,
    } = loaded;
    problems.append(&mut found);
    warnings.append(&mut skipped);
    value
}

/// Where a site's theme comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThemeSource {
    /// `themes/<name>/` in the site (a custom theme, or the built-in one exported there).
    Folder(PathBuf),
    /// The built-in theme, compiled into Spiega ([`builtin`]).
    Builtin,
}

/// The site's theme: its folder in themes/ if there is one, else the built-in theme of that name.
fn theme_source(
    root: &Path,
    config: &SiteConfig,
    source: &crate::diagnostic::SourceFile,
) -> Result<Option<ThemeSource>, Diagnostic> {
    let Some(theme) = &config.theme else {
        return Ok(None);
    };
    let dir = root.join("themes").join(theme);
    if dir.is_dir() {
        return Ok(Some(ThemeSource::Folder(dir)));
    }
    if theme == builtin::BUILTIN_THEME {
        return Ok(Some(ThemeSource::Builtin));
    }
    let mut known: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    known.push(builtin::BUILTIN_THEME.to_string());
    let span = crate::diagnostic::locate::locate(
        source,
        &[crate::diagnostic::locate::Step::Key("theme".into())],
    )
    .unwrap_or_else(|| config::key_span(source, "theme"));
    let hint = crate::suggest::did_you_mean(theme, known.iter().map(String::as_str))
        .unwrap_or_else(|| {
            format!(
                "use the built-in theme (`theme: {}`), or create themes/{theme}/templates/",
                builtin::BUILTIN_THEME
            )
        });
    Err(
        Diagnostic::error(format!("theme `{theme}` not found in themes/"))
            .at(source, span)
            .with_hint(hint),
    )
}
