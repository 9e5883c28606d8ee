//! The words around a chart's numbers: UI strings of the page's language, values with their
//! unit, and dates written the language's way.

use std::collections::BTreeMap;

use crate::markdown::Problem;
use crate::render::chart::scale::DateTick;
use crate::render::dates::{date_formats, format_date};
use crate::render::numbers::format_number;
use crate::resolve::ResolvedSite;
use crate::resolve::data::PartialDate;

/// The most decimals a chart writes.
pub const DECIMALS: usize = 2;

/// The UI strings of one language.
pub struct Words<'a> {
    site: &'a ResolvedSite,
    /// The language.
    pub lang: &'a str,
}

impl<'a> Words<'a> {
    /// The strings of `lang`.
    pub fn new(site: &'a ResolvedSite, lang: &'a str) -> Self {
        Self { site, lang }
    }

    /// The string `key`, with each `{name}` replaced by its value: the site's (or its theme's),
    /// else the built-in theme's for the language, so that a theme of its own written before
    /// charts had words still draws them.
    pub fn get(&self, key: &str, values: &[(&str, &str)]) -> Result<String, Problem> {
        let text = self
            .site
            .loaded
            .translations
            .get(self.lang)
            .and_then(|strings| strings.get(key))
            .or_else(|| builtin_string(self.lang, key))
            .ok_or_else(|| {
                Problem::new(format!(
                    "missing UI string `{key}` for language `{}`",
                    self.lang
                ))
                .with_hint(format!(
                    "add `{key}: …` to i18n/{}.yaml (charts use it)",
                    self.lang
                ))
            })?;
        let mut out = text.clone();
        for (name, value) in values {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        Ok(out)
    }
}

/// A UI string of the built-in theme, read once.
fn builtin_string(lang: &str, key: &str) -> Option<&'static String> {
    static STRINGS: std::sync::OnceLock<BTreeMap<String, BTreeMap<String, String>>> =
        std::sync::OnceLock::new();
    let strings = STRINGS.get_or_init(|| {
        crate::load::builtin::FILES
            .iter()
            .filter_map(|(path, bytes)| {
                let lang = path.strip_prefix("i18n/")?.strip_suffix(".yaml")?;
                let text = std::str::from_utf8(bytes).ok()?;
                Some((lang.to_string(), serde_yaml::from_str(text).ok()?))
            })
            .collect()
    });
    strings.get(lang)?.get(key)
}

/// A number written the language's way.
pub fn number(value: f64, lang: &str) -> String {
    format_number(value, lang, DECIMALS)
}

/// A number with its unit, joined by a no-break space: `3,35 TB/s`.
pub fn with_unit(value: f64, unit: &str, lang: &str) -> String {
    if unit.is_empty() {
        number(value, lang)
    } else {
        format!("{}\u{a0}{unit}", number(value, lang))
    }
}

/// A date as precise as it is known: `27 marzo 2024`, `marzo 2024`, `2024`.
pub fn date_text(date: &PartialDate, lang: &str) -> String {
    let (day_format, month_format) = date_formats(lang);
    let written = match date {
        PartialDate::Year(year) => return year.to_string(),
        PartialDate::Month(..) => format_date(date.start(), month_format, lang),
        PartialDate::Day(day) => format_date(*day, day_format, lang),
    };
    written.unwrap_or_else(|_| date.to_string())
}

/// A date tick's label: `2024`, or a month's short name and year (`mar 2024`, `Mar 2024`).
pub fn tick_text(tick: DateTick, lang: &str) -> String {
    if !tick.monthly {
        return tick.date.year().to_string();
    }
    let english = lang.split(['-', '_']).next() == Some("en");
    let month = format_date(tick.date, "%b", lang).unwrap_or_default();
    let month = if english { month } else { month.to_lowercase() };
    format!("{month} {}", tick.date.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_values_follow_the_language() {
        let march = PartialDate::parse("2024-03").expect("a month");
        assert_eq!(date_text(&march, "it"), "marzo 2024");
        assert_eq!(date_text(&march, "en"), "March 2024");
        assert_eq!(with_unit(2250.0, "TFLOPS", "it"), "2.250\u{a0}TFLOPS");
        let tick = DateTick {
            date: jiff::civil::date(2023, 9, 1),
            monthly: true,
        };
        assert_eq!(tick_text(tick, "it"), "set 2023");
        assert_eq!(tick_text(tick, "en"), "Sep 2023");
    }
}
