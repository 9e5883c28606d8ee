//! site.yaml `languages`: the site's languages, filled in from the site's title, and their checks.

use serde::{Deserialize, Serialize};

use super::{SiteConfig, value_span};
use crate::diagnostic::locate::{Step, locate};
use crate::diagnostic::{Diagnostic, SourceFile};

/// One language of the site.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language code used in file names (`chips.en.md`) and URLs (`/en/`).
    pub code: String,
    /// The language's own name, for language switchers (`Italiano`, `English`).
    #[serde(default)]
    pub name: String,
    /// The site's title in this language (defaults to the site title).
    #[serde(default)]
    pub title: String,
    /// The site's description in this language (defaults to the site description).
    #[serde(default)]
    pub description: String,
}

/// Makes sure the default language has an entry, and fills titles from the site's.
pub(super) fn fill_languages(config: &mut SiteConfig) {
    if config.language(&config.default_language).is_none() {
        config.languages.insert(
            0,
            LanguageConfig {
                code: config.default_language.clone(),
                name: config.default_language.clone(),
                title: String::new(),
                description: String::new(),
            },
        );
    }
    for language in &mut config.languages {
        if language.title.is_empty() {
            language.title = config.title.clone();
        }
        if language.description.is_empty() {
            language.description = config.description.clone();
        }
        if language.name.is_empty() {
            language.name = language.code.clone();
        }
    }
}

/// Every language code must be valid and listed once.
pub(super) fn check_languages(config: &SiteConfig, source: &SourceFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (index, language) in config.languages.iter().enumerate() {
        let at = language_span(source, index, &language.code);
        let valid = !language.code.is_empty()
            && language
                .code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            problems.push(
                Diagnostic::error(format!("invalid language code `{}`", language.code))
                    .at(source, at.clone())
                    .with_hint("use a code such as `it`, `en` or `pt-BR`"),
            );
        }
        if !seen.insert(language.code.as_str()) {
            problems.push(
                Diagnostic::error(format!("language `{}` is listed twice", language.code))
                    .at(source, at)
                    .with_hint("list each language once: remove one of the two"),
            );
        }
    }
    problems
}

/// Where the `index`th language's code is written (`languages: [{code: it}]`, or the default
/// language alone): located by its path in the YAML, not by searching its text, which a title
/// holding `it` would match first.
fn language_span(source: &SourceFile, index: usize, code: &str) -> std::ops::Range<usize> {
    let steps = [
        Step::Key("languages".into()),
        Step::Index(index),
        Step::Key("code".into()),
    ];
    locate(source, &steps)
        .or_else(|| locate(source, &[Step::Key("default_language".into())]))
        .unwrap_or_else(|| value_span(source, code))
}
