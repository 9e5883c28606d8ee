//! Finds where a value sits in a YAML file.
//!
//! serde_yaml keeps no spans, but it does put the position of the current event on every error a
//! visitor raises. So to place an error found later (a ref to a missing id, a wrong type), the file
//! is deserialized again with a seed that walks down the value's path and fails right at it: the
//! error's position is the value's. It costs one parse per error, only when there are errors.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::diagnostic::SourceFile;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The n-th item of a sequence.
    Index(usize),
    /// The value of a key in a mapping.
    Key(String),
    /// The key itself (for unknown keys).
    KeyName(String),
}

const FOUND: &str = "spiega-locate-found";

/// The byte span of the value (or key) at `path` in `source`, if the path exists. The span covers
/// a scalar's text when it starts there; otherwise it is empty at the value's start.
pub fn locate(source: &SourceFile, path: &[Step]) -> Option<std::ops::Range<usize>> {
    let deserializer = serde_yaml::Deserializer::from_str(&source.text);
    let error = Walker { path }.deserialize(deserializer).err()?;
    if !error.to_string().contains(FOUND) {
        return None;
    }
    let location = error.location()?;
    let start = source.offset_of(location.line(), location.column());
    let line_start = source.text[..start].rfind('\n').map_or(0, |i| i + 1);
    let in_flow = flow_depth(&source.text[line_start..start]) > 0;
    Some(start..start + scalar_len(&source.text[start..], in_flow))
}

/// How many flow collections (`[`, `{`) `text` leaves open, quoted text left aside.
fn flow_depth(text: &str) -> usize {
    let mut depth = 0usize;
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

/// The length of a plain or quoted scalar at the start of `text`, or 0 for anything else. Inside
/// a flow collection (`in_flow`), a plain scalar also ends at `,`, `]` or `}`; in a block, it
/// runs to `: `, ` #` or the end of the line.
fn scalar_len(text: &str, in_flow: bool) -> usize {
    let line = text
        .split('\n')
        .next()
        .unwrap_or_default()
        .trim_end_matches('\r');
    if line.starts_with(['[', '{', '|', '>', '-']) {
        return 0;
    }
    if let Some(quote) = line.chars().next().filter(|c| *c == '"' || *c == '\'') {
        return line[1..].find(quote).map_or(line.len(), |end| end + 2);
    }
    let stops: &[&str] = if in_flow {
        &[": ", " #", ",", "]", "}"]
    } else {
        &[": ", " #"]
    };
    let end = stops
        .iter()
        .filter_map(|stop| line.find(stop))
        .min()
        .unwrap_or(line.len());
    let end = if line[..end].ends_with(':') {
        end - 1
    } else {
        end
    };
    line[..end].trim_end().len()
}

struct Walker<'p> {
    path: &'p [Step],
}

impl<'de> DeserializeSeed<'de> for Walker<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        match self.path.first() {
            None => deserializer.deserialize_any(Fail),
            Some(Step::Index(_)) => deserializer.deserialize_seq(self),
            Some(_) => deserializer.deserialize_map(self),
        }
    }
}

impl<'de> Visitor<'de> for Walker<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let Some(Step::Index(target)) = self.path.first() else {
            return skip_seq(seq);
        };
        let mut index = 0;
        loop {
            let found = if index == *target {
                seq.next_element_seed(Walker {
                    path: &self.path[1..],
                })?
            } else {
                seq.next_element::<IgnoredAny>()?.map(|_| ())
            };
            if found.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let target = self.path.first();
        while let Some(key) = map.next_key_seed(KeySeed {
            fail_on: key_name(target),
        })? {
            match target {
                Some(Step::Key(name)) if *name == key => {
                    map.next_value_seed(Walker {
                        path: &self.path[1..],
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn key_name(step: Option<&Step>) -> Option<&str> {
    match step {
        Some(Step::KeyName(name)) => Some(name),
        _ => None,
    }
}

/// Reads a mapping key as text, failing on the one being looked for.
struct KeySeed<'a> {
    fail_on: Option<&'a str>,
}

impl<'de> DeserializeSeed<'de> for KeySeed<'_> {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for KeySeed<'_> {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<String, E> {
        if self.fail_on == Some(key) {
            return Err(E::custom(FOUND));
        }
        Ok(key.to_string())
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        self.visit_str(&v.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        self.visit_str("null")
    }
}

/// Fails on whatever value it is given, so the error carries that value's position.
struct Fail;

impl<'de> Visitor<'de> for Fail {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(FOUND))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(FOUND))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHIPS: &str = "- id: h100\n  vendor: nvidia\n- id: trainium2\n  name: {it: Trainium2, en: Trainium2}\n  vendor: amazn\n  refs: [a, bogus]\n";

    fn place(path: &[Step]) -> Option<(usize, usize, String)> {
        let source = SourceFile::new("chips.yaml", CHIPS);
        let span = locate(&source, path)?;
        let (line, column) = source.line_col(span.start);
        Some((line, column, source.text[span].to_string()))
    }

    #[test]
    fn finds_a_scalar_value() {
        let path = [Step::Index(1), Step::Key("vendor".into())];
        assert_eq!(place(&path), Some((5, 11, "amazn".into())));
    }

    #[test]
    fn finds_an_item_in_a_flow_list() {
        let path = [Step::Index(1), Step::Key("refs".into()), Step::Index(1)];
        assert_eq!(place(&path).map(|p| (p.0, p.2)), Some((6, "bogus".into())));
    }

    #[test]
    fn finds_a_key() {
        let path = [Step::Index(1), Step::KeyName("name".into())];
        assert_eq!(place(&path), Some((4, 3, "name".into())));
    }

    #[test]
    fn a_plain_value_with_commas_is_underlined_whole_outside_flow_lists() {
        let source = SourceFile::new("c.yaml", "- id: a\n  tags: training, aws # two\n");
        let path = [Step::Index(0), Step::Key("tags".into())];
        let span = locate(&source, &path).expect("found");
        assert_eq!(&source.text[span], "training, aws");
        assert_eq!(scalar_len("a, b]", true), 1);
        assert_eq!(scalar_len("a, b", false), 4);
        assert_eq!(flow_depth("  refs: [a, \"[b\", "), 1);
        assert_eq!(flow_depth("  name: {it: x}, "), 0);
    }

    #[test]
    fn a_missing_path_is_none() {
        assert_eq!(place(&[Step::Index(7)]), None);
    }
}
