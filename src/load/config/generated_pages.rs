//! site.yaml `timeline`, `glossary` and `sources`: the pages Spiega generates from data files,
//! and where each language's page goes.

use serde::{Deserialize, Serialize};

use super::Translatable;

/// site.yaml `timeline`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TimelineConfig {
    /// Per language, the timeline page's path relative to base_url.
    pub paths: std::collections::BTreeMap<String, String>,
    /// The template of the timeline pages.
    #[serde(default = "timeline_template")]
    pub template: String,
    /// The categories events may have.
    #[serde(default)]
    pub categories: Vec<CategoryConfig>,
    /// Per language, the URL segment of the category filter pages (`<timeline>/<segment>/<id>/`);
    /// `categories` where a language has none.
    #[serde(default)]
    pub category_segments: std::collections::BTreeMap<String, String>,
}

/// A timeline category.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    /// Its id, used in events and URLs.
    pub id: String,
    /// Its name (one text, or one per language).
    #[serde(default)]
    pub label: Translatable,
}

/// site.yaml `glossary`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GlossaryConfig {
    /// Per language, the glossary page's path relative to base_url.
    pub paths: std::collections::BTreeMap<String, String>,
    /// The template of the glossary pages.
    #[serde(default = "glossary_template")]
    pub template: String,
}

/// site.yaml `sources`: a page per language listing every source.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourcesConfig {
    /// Per language, the sources page's path relative to base_url.
    pub paths: std::collections::BTreeMap<String, String>,
    /// The template of the sources pages.
    #[serde(default = "sources_template")]
    pub template: String,
}

fn sources_template() -> String {
    "sources.html".to_string()
}

fn timeline_template() -> String {
    "timeline.html".to_string()
}

fn glossary_template() -> String {
    "glossary.html".to_string()
}

/// A generated page's path in a language (from `timeline.paths` or `glossary.paths`), relative to
/// the base URL: no leading `/`, a trailing one unless empty (the site's root).
pub fn page_path(paths: &std::collections::BTreeMap<String, String>, lang: &str) -> Option<String> {
    let path = paths.get(lang)?.trim_start_matches('/');
    Some(if path.is_empty() || path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    })
}
