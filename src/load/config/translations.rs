//! site.yaml `translations`: how missing and outdated translations are reported, written as one
//! level or one per kind.

use serde::{Deserialize, Serialize};

/// How a translation check is reported.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum CheckLevel {
    /// An error: the build fails.
    Error,
    /// A warning (an error with `--strict`).
    Warn,
    /// Nothing is said.
    Ignore,
}

/// site.yaml `translations`: one level for pages and data values (`translations: error`), or
/// one each (`translations: {pages: warn, data: error}`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
pub struct TranslationsConfig {
    /// A page or section present in the default language and missing in another (or whose
    /// translation is older than its source), and links that fall back to another language.
    pub pages: CheckLevel,
    /// A `text`, `markdown` or `text_list` value given per language that lacks one: with
    /// `warn` or `ignore`, that language shows the default language's value.
    pub data: CheckLevel,
}

impl Default for TranslationsConfig {
    /// Pages warn: a translation takes time and the site is usable meanwhile. Data errs, as it
    /// always has: a map of texts that lacks a language is nearly always a slip, fixed in the
    /// same line.
    fn default() -> Self {
        Self {
            pages: CheckLevel::Warn,
            data: CheckLevel::Error,
        }
    }
}

/// `translations: {pages: …, data: …}`, each optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationsMap {
    #[serde(default)]
    pages: Option<CheckLevel>,
    #[serde(default)]
    data: Option<CheckLevel>,
}

impl<'de> Deserialize<'de> for TranslationsConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TranslationsVisitor)
    }
}

struct TranslationsVisitor;

impl<'de> serde::de::Visitor<'de> for TranslationsVisitor {
    type Value = TranslationsConfig;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("`error`, `warn` or `ignore`, or a map with `pages` and `data`")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        use serde::de::IntoDeserializer;
        let level = CheckLevel::deserialize(text.into_deserializer())?;
        Ok(TranslationsConfig {
            pages: level,
            data: level,
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let given =
            TranslationsMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        let default = TranslationsConfig::default();
        Ok(TranslationsConfig {
            pages: given.pages.unwrap_or(default.pages),
            data: given.data.unwrap_or(default.data),
        })
    }
}
