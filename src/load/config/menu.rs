//! site.yaml `menu`: the site's navigation.

use serde::{Deserialize, Serialize};

use super::Translatable;

/// One item of site.yaml `menu`: exactly one of `page`, `collection`, `timeline`, `glossary`,
/// `sources` or `url`; `title` replaces the item's own title (and is required with `url`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// A page or section by its content path (`storia/_index.md`, `chip.md`).
    #[serde(default)]
    pub page: Option<String>,
    /// A collection's index page, by the collection's name.
    #[serde(default)]
    pub collection: Option<String>,
    /// The timeline page.
    #[serde(default)]
    pub timeline: bool,
    /// The glossary page.
    #[serde(default)]
    pub glossary: bool,
    /// The sources page.
    #[serde(default)]
    pub sources: bool,
    /// Any other address: a path on this site (`/about/`) or a full URL.
    #[serde(default)]
    pub url: Option<String>,
    /// The title per language (a plain string for every language).
    #[serde(default)]
    pub title: Option<Translatable>,
}
