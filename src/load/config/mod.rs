//! site.yaml: the site's configuration, checked key by key.

mod collections;
mod generated_pages;
mod images;
mod languages;
mod markdown;
mod menu;
mod spans;
mod taxonomies;
#[cfg(test)]
mod tests;
mod translatable;
mod translations;

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::yaml;

pub use collections::{
    CollectionConfig, DEFAULT_ENTRY_TEMPLATE, FieldConfig, FieldType, SeriesConfig,
};
pub use generated_pages::{
    CategoryConfig, GlossaryConfig, SourcesConfig, TimelineConfig, page_path,
};
pub use images::{ImageFormat, ImagesConfig};
pub use languages::LanguageConfig;
pub use markdown::{HeadingAnchorsConfig, MarkdownConfig};
pub use menu::MenuItem;
pub use spans::{key_span, value_span};
pub use taxonomies::TaxonomyConfig;
pub use translatable::Translatable;
pub use translations::{CheckLevel, TranslationsConfig};

use images::check_images;
use languages::{check_languages, fill_languages};
use taxonomies::check_taxonomies;

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The whole of site.yaml, with defaults filled in.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's title in the default language.
    pub title: String,
    /// The site's description in the default language.
    #[serde(default)]
    pub description: String,
    /// Where the site is deployed; may include a sub-path. Always ends with `/` once loaded.
    pub base_url: String,
    /// The code of the language whose pages have no URL prefix.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// Every language of the site, the default one included.
    #[serde(default)]
    pub languages: Vec<LanguageConfig>,
    /// The folder under `themes/` that holds the templates and static files.
    #[serde(default)]
    pub theme: Option<String>,
    /// The taxonomies pages may use in their front matter (e.g. `tags`).
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Markdown rendering options.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// Whether to write an Atom feed per language.
    #[serde(default = "yes")]
    pub feed: bool,
    /// Whether to write a search index per language (`search.json`) for the theme's search box.
    #[serde(default)]
    pub search: bool,
    /// Collections of data entries (`content/data/<name>.yaml`) with a schema.
    #[serde(default)]
    pub collections: Vec<CollectionConfig>,
    /// Series for charts (`content/data/<name>.csv` or `.yaml`): rows of an x value (a date or
    /// a number) and numbers, without ids or pages.
    #[serde(default)]
    pub series: Vec<SeriesConfig>,
    /// Where the timeline (`content/data/timeline.yaml`) is published, and its categories.
    #[serde(default)]
    pub timeline: Option<TimelineConfig>,
    /// Where the glossary (`content/data/glossary.yaml`) is published.
    #[serde(default)]
    pub glossary: Option<GlossaryConfig>,
    /// Where the list of every source (`content/data/sources.yaml`) is published.
    #[serde(default)]
    pub sources: Option<SourcesConfig>,
    /// How pages and data values missing in a language, and outdated translations, are
    /// reported.
    #[serde(default)]
    pub translations: TranslationsConfig,
    /// The site's navigation, the same items in every language; without it, themes list the
    /// home section's pages and subsections by weight.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// How Markdown images and `figure` are processed into responsive variants.
    #[serde(default)]
    pub images: ImagesConfig,
    /// Whether every page gets a social card (a PNG for `og:image`) drawn from the theme's
    /// `social_card.svg` template.
    #[serde(default = "yes")]
    pub social_cards: bool,
    /// Where processed images and social cards are kept between builds, relative to the site
    /// root: outside the output and content/, safe to delete.
    #[serde(default = "default_cache_dir")]
    pub cache_dir: String,
    /// Free-form values for themes, as `config.extra`.
    #[serde(default)]
    pub extra: serde_yaml::Mapping,
}

fn default_cache_dir() -> String {
    ".spiega-cache".to_string()
}

fn default_language() -> String {
    "en".to_string()
}

fn yes() -> bool {
    true
}

impl SiteConfig {
    /// The language entry for `code`, if the site has that language.
    pub fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().find(|language| language.code == code)
    }

    /// The language codes, default language first, then in the order of site.yaml.
    pub fn language_codes(&self) -> Vec<&str> {
        let mut codes = vec![self.default_language.as_str()];
        codes.extend(
            self.languages
                .iter()
                .map(|language| language.code.as_str())
                .filter(|code| *code != self.default_language),
        );
        codes
    }

    /// The path part of the base URL, always starting and ending with `/` (`/spiega/`).
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// The scheme and host of the base URL, without the path (`https://example.org`).
    pub fn origin(&self) -> &str {
        let path = self.base_path();
        &self.base_url[..self.base_url.len() - path.len()]
    }

    /// Replaces the base URL (from `--base-url`), normalised like the one in site.yaml.
    pub fn set_base_url(&mut self, base_url: &str) -> Result<(), String> {
        self.base_url = normalise_base_url(base_url)?;
        Ok(())
    }
}

/// Reads and checks site.yaml at the site root.
pub fn load_config(root: &Path) -> Result<(SiteConfig, SourceFile), Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        return Err(vec![
            Diagnostic::error(format!("no {CONFIG_FILE} in {}", root.display()))
                .in_file(CONFIG_FILE)
                .with_hint("run `spiega init DIR` to create a new site, or pass `--root DIR`"),
        ]);
    }
    let source = crate::load::content::read_source(&path, Path::new(CONFIG_FILE))
        .map_err(|problem| vec![problem])?;
    parse_config(&source).map(|config| (config, source))
}

/// Parses and checks the text of site.yaml.
pub fn parse_config(source: &SourceFile) -> Result<SiteConfig, Vec<Diagnostic>> {
    let mut config: SiteConfig = yaml::parse_file(source).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    match normalise_base_url(&config.base_url) {
        Ok(url) => config.base_url = url,
        Err(message) => problems.push(
            Diagnostic::error(message)
                .at(source, key_span(source, "base_url"))
                .with_hint("write a full URL such as `https://example.org/` or `https://example.org/explainer/`"),
        ),
    }
    fill_languages(&mut config);
    problems.extend(check_languages(&config, source));
    problems.extend(check_taxonomies(&config, source));
    problems.extend(check_extra(&config, source));
    problems.extend(check_images(&config.images, source));
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// A theme may put any value of `extra` in a link or an image: none may be a URL that runs script.
fn check_extra(config: &SiteConfig, source: &SourceFile) -> Vec<Diagnostic> {
    crate::load::extra_urls::find_in_map(&config.extra)
        .into_iter()
        .map(|(path, danger)| {
            let mut steps = vec![crate::diagnostic::locate::Step::Key("extra".to_string())];
            steps.extend(path);
            let span = crate::diagnostic::locate::locate(source, &steps).unwrap_or(0..0);
            Diagnostic::error(format!("`extra` holds a {danger}"))
                .at(source, span)
                .with_hint(danger.hint())
        })
        .collect()
}

/// Checks a base URL and gives it a trailing slash.
fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with `https://` or `http://`"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || url.contains(['?', '#', ' ']) {
        return Err(format!("base_url `{url}` is not a valid URL"));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}
