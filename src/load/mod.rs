//! The load stage: reads site.yaml, content/, content/data/ and the static files from disk.
//!
//! Nothing here knows about URLs or HTML; the later stages (resolve, render, write) take what this
//! stage returns and never read the site's sources again.

pub mod config;
pub mod content;
pub mod data;
pub mod front_matter;
pub mod locate;
pub mod statics;
pub mod theme;
pub mod yaml;

use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use config::SiteConfig;
use content::LoadedContent;
use data::DataFiles;
use statics::StaticFiles;
use theme::{TemplateSources, Translations};

/// The folders of a site whose files are inputs of its build, besides site.yaml: what a build
/// stamp hashes and what `serve` watches.
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
    /// The theme's folder, if the site uses a theme.
    pub theme_dir: Option<PathBuf>,
    /// The Markdown files and loose assets.
    pub content: LoadedContent,
    /// content/data/*.yaml.
    pub data: DataFiles,
    /// Static files to copy.
    pub statics: StaticFiles,
    /// Template sources by name.
    pub templates: TemplateSources,
    /// UI strings per language.
    pub translations: Translations,
    /// The theme's fonts, for social cards.
    pub fonts: Vec<theme::FontFile>,
    /// Problems found while loading that did not stop it (a file that does not parse): the build
    /// goes on to find the other stages' errors, and fails before rendering.
    pub problems: Vec<Diagnostic>,
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

/// Loads a whole site, gathering every problem found rather than stopping at the first.
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
    if let Err(message) = crate::images::cache::check_cache_dir(root, &config.cache_dir, None) {
        problems.push(cache_dir_problem(&config_source, message));
    }
    let theme_dir = match theme_dir(root, &config) {
        Ok(dir) => dir,
        Err(diagnostic) => {
            problems.push(diagnostic);
            None
        }
    };
    let (content, (data, statics)) = rayon::join(
        || {
            let read_before = options.read_before.as_deref();
            content::load_content(root, &config, options.drafts, read_before)
        },
        || {
            (
                data::load_data(root),
                statics::load_static(root, theme_dir.as_deref()),
            )
        },
    );
    let templates = theme::load_templates(root, theme_dir.as_deref());
    let fonts = if config.social_cards {
        theme::load_fonts(root, theme_dir.as_deref())
    } else {
        Ok(Vec::new())
    };
    let translations =
        theme::load_translations(root, theme_dir.as_deref(), &config.language_codes());
    let content = content
        .map(|mut content| {
            problems.append(&mut content.problems);
            content
        })
        .map_err(|d| problems.extend(d))
        .ok();
    let data = data.map_err(|d| problems.extend(d)).ok();
    let statics = statics.map_err(|d| problems.extend(d)).ok();
    let templates = templates.map_err(|d| problems.extend(d)).ok();
    let translations = translations.map_err(|d| problems.extend(d)).ok();
    let fonts = fonts.map_err(|d| problems.extend(d)).ok();
    match (content, data, statics, templates, translations, fonts) {
        (
            Some(content),
            Some(data),
            Some(statics),
            Some(templates),
            Some(translations),
            Some(fonts),
        ) => Ok(LoadedSite {
            root: root.to_path_buf(),
            config,
            config_source,
            theme_dir,
            content,
            data,
            statics,
            templates,
            translations,
            fonts,
            problems,
        }),
        _ => Err(problems),
    }
}

/// An error about site.yaml's `cache_dir`, at its line.
pub fn cache_dir_problem(source: &crate::diagnostic::SourceFile, message: String) -> Diagnostic {
    Diagnostic::error(message)
        .at(source, config::key_span(source, "cache_dir"))
        .with_hint("keep the cache beside the site, e.g. `cache_dir: .spiega-cache` (the default)")
}

fn theme_dir(root: &Path, config: &SiteConfig) -> Result<Option<PathBuf>, Diagnostic> {
    let Some(theme) = &config.theme else {
        return Ok(None);
    };
    let dir = root.join("themes").join(theme);
    if dir.is_dir() {
        return Ok(Some(dir));
    }
    let installed: Vec<String> = std::fs::read_dir(root.join("themes"))
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|e| e.file_name().to_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let source = crate::diagnostic::SourceFile::new(
        config::CONFIG_FILE,
        std::fs::read_to_string(root.join(config::CONFIG_FILE)).unwrap_or_default(),
    );
    let span = config::value_span(&source, theme);
    let hint = crate::suggest::did_you_mean(theme, installed.iter().map(String::as_str))
        .unwrap_or_else(|| {
            format!("create themes/{theme}/templates/, or fix `theme` in site.yaml")
        });
    Err(
        Diagnostic::error(format!("theme `{theme}` not found in themes/"))
            .at(&source, span)
            .with_hint(hint),
    )
}
