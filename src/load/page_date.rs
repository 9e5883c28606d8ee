//! Dates of pages: `YYYY-MM-DD`, strictly, and the hint for one written otherwise.

use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::load::yaml;

/// A calendar date written `YYYY-MM-DD`, checked where it is parsed so that a wrong date is reported
/// at its own line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageDate(pub jiff::civil::Date);

impl fmt::Display for PageDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for PageDate {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PageDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(PageDateVisitor)
    }
}

struct PageDateVisitor;

impl Visitor<'_> for PageDateVisitor {
    type Value = PageDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date written YYYY-MM-DD")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<PageDate, E> {
        parse_date(text).map_err(|message| {
            let message = if message.ends_with("not a day of the calendar") {
                format!(
                    "{} is `{text}`, which is not a day of the calendar",
                    yaml::KEY
                )
            } else {
                format!(
                    "{} must be a date written YYYY-MM-DD, not `{text}`",
                    yaml::KEY
                )
            };
            E::custom(yaml::with_hint(message, date_hint(text)))
        })
    }
}

/// How to write a date that did not parse: the same day written `YYYY-MM-DD` when it can be read
/// (`25/11/2024`, `25.11.2024`, `2024/11/25`, `2024-3-5`), else the form and an example.
pub fn date_hint(text: &str) -> String {
    let parts: Vec<&str> = text
        .trim()
        .split(['/', '.', '-'])
        .filter(|p| !p.is_empty())
        .collect();
    let number = |p: &str| p.parse::<u32>().ok();
    let rewritten = match parts.as_slice() {
        [a, b, c] if a.len() == 4 => Some((number(a), number(b), number(c))),
        [a, b, c] if c.len() == 4 => Some((number(c), number(b), number(a))),
        _ => None,
    };
    if let Some((Some(year), Some(month), Some(day))) = rewritten {
        let written = format!("{year:04}-{month:02}-{day:02}");
        let valid = written.parse::<jiff::civil::Date>();
        match valid {
            Ok(_) if written != text.trim() => {
                return format!("write it `{written}` (YYYY-MM-DD)");
            }
            Err(error) if written == text.trim() => {
                return format!("check the day and the month: {}", calendar_reason(&error));
            }
            _ => {}
        }
    }
    "write the date as YYYY-MM-DD, e.g. `2024-11-25`".to_string()
}

/// What jiff says is out of range, in words: `parameter 'day' for `2024-02` is invalid, must be
/// in range `1..=29`` gives "`2024-02` has days 1 to 29".
fn calendar_reason(error: &jiff::Error) -> String {
    let text = error.to_string();
    let reason = text.rsplit(": ").next().unwrap_or(&text);
    let quoted: Vec<&str> = reason.split('`').skip(1).step_by(2).collect();
    match (reason.contains("'day'"), quoted.as_slice()) {
        (true, [month, range]) => {
            let last = range.rsplit("..=").next().unwrap_or(range);
            format!("`{month}` has days 1 to {last}")
        }
        _ => reason.to_string(),
    }
}

/// Parses a strict `YYYY-MM-DD` date.
pub fn parse_date(text: &str) -> Result<PageDate, String> {
    let shape_ok = text.len() == 10
        && text.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !shape_ok {
        return Err(format!("`{text}` is not a date written YYYY-MM-DD"));
    }
    text.parse::<jiff::civil::Date>()
        .map(PageDate)
        .map_err(|_| format!("`{text}` is not a day of the calendar"))
}
