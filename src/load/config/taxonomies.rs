//! site.yaml `taxonomies`: the taxonomies pages may use, and their checks.

use serde::{Deserialize, Serialize};

use super::{SiteConfig, Translatable, value_span};
use crate::diagnostic::locate::{Step, locate};
use crate::diagnostic::{Diagnostic, SourceFile};

/// A taxonomy such as `tags`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// Its name in front matter and in URLs (`/tags/`).
    pub name: String,
    /// Whether each term also gets an Atom feed.
    #[serde(default)]
    pub feed: bool,
    /// Its name (one text, or one per language: `{it: Argomenti, en: Topics}`), for headings and
    /// links.
    #[serde(default)]
    pub label: Translatable,
}

impl TaxonomyConfig {
    /// Its name in a language: the label, else the name as declared.
    pub fn title(&self, lang: &str) -> &str {
        self.label.get(lang).unwrap_or(&self.name)
    }
}

/// Every taxonomy name must be URL-safe and declared once.
pub(super) fn check_taxonomies(config: &SiteConfig, source: &SourceFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (index, taxonomy) in config.taxonomies.iter().enumerate() {
        let steps = [
            Step::Key("taxonomies".into()),
            Step::Index(index),
            Step::Key("name".into()),
        ];
        let at = locate(source, &steps).unwrap_or_else(|| value_span(source, &taxonomy.name));
        if slug::slugify(&taxonomy.name) != taxonomy.name {
            problems.push(
                Diagnostic::error(format!("taxonomy name `{}` is not URL-safe", taxonomy.name))
                    .at(source, at.clone())
                    .with_hint(format!(
                        "use lower-case letters, digits and dashes, e.g. `{}`",
                        slug::slugify(&taxonomy.name)
                    )),
            );
        }
        if !seen.insert(taxonomy.name.as_str()) {
            problems.push(
                Diagnostic::error(format!("taxonomy `{}` is declared twice", taxonomy.name))
                    .at(source, at)
                    .with_hint("declare each taxonomy once: remove one of the two"),
            );
        }
    }
    problems
}
