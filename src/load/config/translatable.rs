//! A text of site.yaml written once for every language, or once per language.

use serde::{Deserialize, Serialize};

/// A text written once for every language, or per language (`{it: "…", en: "…"}`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Translatable {
    /// The same text in every language.
    Same(String),
    /// One text per language code.
    PerLanguage(std::collections::BTreeMap<String, String>),
}

impl Default for Translatable {
    fn default() -> Self {
        Self::PerLanguage(std::collections::BTreeMap::new())
    }
}

impl Translatable {
    /// The text in a language, if there is one.
    pub fn get(&self, lang: &str) -> Option<&str> {
        match self {
            Self::Same(text) => Some(text),
            Self::PerLanguage(texts) => texts.get(lang).map(String::as_str),
        }
    }

    /// A text to name the value in a message that is in no language: the text written once,
    /// or the first language's.
    pub fn any(&self) -> Option<&str> {
        match self {
            Self::Same(text) => Some(text),
            Self::PerLanguage(texts) => texts.values().next().map(String::as_str),
        }
    }

    /// Whether there is a text for a language.
    pub fn has(&self, lang: &str) -> bool {
        self.get(lang).is_some()
    }
}
