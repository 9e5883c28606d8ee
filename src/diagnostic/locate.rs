//! Finds where a value sits in a YAML file.
//!
//! serde_yaml keeps no spans. So the first time a diagnostic needs a position in a file, the file
//! is read once more by saphyr-parser, an event parser that reports positions, and the position of
//! every node is kept in a [`YamlIndex`], cached with the file: locating N diagnostics in a file
//! costs one read of it, not N. saphyr-parser is a port of libyaml, which serde_yaml uses, so both
//! put a node at the same line and column (the tests below check them against each other).
//!
//! Should saphyr-parser fail on a file serde_yaml read, the positions it could not index are found
//! the old way: the file is deserialized again with a seed that walks down the value's path and
//! fails right at it, and serde_yaml's error gives the position. That costs a parse per
//! diagnostic, so only [`FALLBACK_WALKS`] diagnostics per file are placed so.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use saphyr_parser::{Event, Parser, ScalarStyle};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

use crate::diagnostic::SourceFile;

mod table;

pub use table::cell_spans;

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

/// How many paths per file the slow walk may place when the index could not be built whole.
pub const FALLBACK_WALKS: usize = 64;

/// The byte span of the value (or key) at `path` in `source`, if the path exists. The span covers
/// a scalar's text when it starts there; otherwise it is empty at the value's start.
pub fn locate(source: &SourceFile, path: &[Step]) -> Option<Range<usize>> {
    locate_in(source, 0..source.text.len(), path)
}

/// [`locate`] for the YAML at `range` of `source` (a page's front matter); the span is in the
/// whole file.
pub fn locate_in(source: &SourceFile, range: Range<usize>, path: &[Step]) -> Option<Range<usize>> {
    let index = index_of(source, range.clone());
    let (offset, in_flow) = match index.find(path) {
        Lookup::Found(place) => place,
        Lookup::Absent => return None,
        Lookup::Unknown => return index.walk(source, range, path),
    };
    let start = range.start + offset;
    let rest = source.text.get(start..range.end)?;
    Some(start..start + scalar_len(rest, in_flow))
}

/// The index of the YAML at `range`, built once per file and kept with it.
fn index_of(source: &SourceFile, range: Range<usize>) -> Arc<YamlIndex> {
    let build = || {
        let text = source.text.get(range.clone()).unwrap_or_default();
        // A CSV data file is indexed by its cells, under the same paths as its YAML form.
        if source.path.extension().is_some_and(|e| e == "csv") {
            Arc::new(YamlIndex::from_table(text))
        } else {
            Arc::new(YamlIndex::new(text))
        }
    };
    let (cached_range, index) = source.yaml_cache().get_or_init(|| (range.clone(), build()));
    if *cached_range == range {
        Arc::clone(index)
    } else {
        build()
    }
}

/// Where every node of one YAML document is: each node's byte offset, each sequence's items and
/// each mapping's keys (the first of equal keys, which is the one serde_yaml's walk finds).
pub struct YamlIndex {
    nodes: Vec<Node>,
    keys: HashMap<(usize, String), KeyEntry>,
    /// Whether saphyr-parser read the whole document; if not, a missing path may still exist.
    complete: bool,
    fallback_walks: AtomicUsize,
}

struct Node {
    offset: usize,
    /// Inside a flow collection, where `,`, `]` and `}` end a plain scalar.
    in_flow: bool,
    items: Vec<usize>,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Sequence,
    Mapping,
}

struct KeyEntry {
    offset: usize,
    in_flow: bool,
    value: usize,
}

/// What a path leads to: a byte offset, and whether it is inside a flow collection.
enum Lookup {
    Found((usize, bool)),
    Absent,
    /// Not in an index that is not whole.
    Unknown,
}

impl YamlIndex {
    /// Indexes the first document of `text`.
    pub fn new(text: &str) -> Self {
        let mut builder = Builder::new(text);
        let mut complete = false;
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else {
                break;
            };
            let offset = builder.byte_offset(span.start.index());
            match event {
                Event::Scalar(value, style, anchor, tag) => {
                    let plain_empty = style == ScalarStyle::Plain && value.is_empty();
                    let offset = match style {
                        _ if anchor > 0 || tag.is_some() => offset,
                        ScalarStyle::Literal | ScalarStyle::Folded => block_header(text, offset),
                        _ if plain_empty => builder.empty_value(offset),
                        _ => offset,
                    };
                    builder.node(Kind::Scalar, offset, anchor, key_text(&value, style));
                }
                Event::SequenceStart(anchor, tag) => {
                    let offset = if anchor > 0 || tag.is_some() {
                        offset
                    } else {
                        sequence_start(text, offset)
                    };
                    builder.node(Kind::Sequence, offset, anchor, None);
                }
                Event::MappingStart(anchor, _) => {
                    builder.node(Kind::Mapping, offset, anchor, None);
                }
                Event::Alias(anchor) => builder.alias(anchor),
                Event::SequenceEnd | Event::MappingEnd => {
                    builder.stack.pop();
                }
                Event::DocumentEnd | Event::StreamEnd => {
                    complete = true;
                    break;
                }
                Event::Nothing | Event::StreamStart | Event::DocumentStart(_) => {}
            }
        }
        Self {
            nodes: builder.nodes,
            keys: builder.keys,
            complete,
            fallback_walks: AtomicUsize::new(0),
        }
    }

    fn find(&self, path: &[Step]) -> Lookup {
        let missing = if self.complete {
            Lookup::Absent
        } else {
            Lookup::Unknown
        };
        let mut id = 0;
        for step in path {
            let Some(node) = self.nodes.get(id) else {
                return missing;
            };
            let next = match (step, node.kind) {
                (Step::Index(i), Kind::Sequence) => node.items.get(*i).copied(),
                (Step::Key(name), Kind::Mapping) => {
                    self.keys.get(&(id, name.clone())).map(|entry| entry.value)
                }
                (Step::KeyName(name), Kind::Mapping) => {
                    // As in serde_yaml's walk, a key's name ends the path.
                    return match self.keys.get(&(id, name.clone())) {
                        Some(entry) => Lookup::Found((entry.offset, entry.in_flow)),
                        None => missing,
                    };
                }
                _ => None,
            };
            let Some(next) = next else {
                return missing;
            };
            id = next;
        }
        match self.nodes.get(id) {
            Some(node) => Lookup::Found((node.offset, node.in_flow)),
            None => missing,
        }
    }

    /// The slow way, for an index that is not whole, while the budget lasts.
    fn walk(
        &self,
        source: &SourceFile,
        range: Range<usize>,
        path: &[Step],
    ) -> Option<Range<usize>> {
        if self.fallback_walks.fetch_add(1, Ordering::Relaxed) >= FALLBACK_WALKS {
            return None;
        }
        let front = SourceFile::new(source.path.clone(), source.text.get(range.clone())?);
        walk(&front, path).map(|span| range.start + span.start..range.start + span.end)
    }
}

/// A collection being read, and for a mapping the key waiting for its value.
struct Frame {
    node: usize,
    flow: bool,
    key: Option<PendingKey>,
}

struct PendingKey {
    text: Option<String>,
    offset: usize,
    in_flow: bool,
}

/// Builds a [`YamlIndex`] from saphyr-parser's events.
struct Builder<'t> {
    text: &'t str,
    nodes: Vec<Node>,
    keys: HashMap<(usize, String), KeyEntry>,
    stack: Vec<Frame>,
    anchors: HashMap<usize, usize>,
    /// The key text of anchored scalars, for aliases used as keys.
    anchored_keys: HashMap<usize, String>,
    /// A character position and its byte offset, moved forward as the events come.
    cursor: (usize, usize),
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            nodes: Vec::new(),
            keys: HashMap::new(),
            stack: Vec::new(),
            anchors: HashMap::new(),
            anchored_keys: HashMap::new(),
            cursor: (0, 0),
        }
    }

    /// The byte offset of a character position. saphyr-parser counts characters; events come in
    /// text order, so converting every position costs one pass over the text in all.
    fn byte_offset(&mut self, chars: usize) -> usize {
        let (mut from_chars, mut from_bytes) = self.cursor;
        if chars < from_chars {
            (from_chars, from_bytes) = (0, 0);
        }
        let offset = self
            .text
            .get(from_bytes..)
            .unwrap_or_default()
            .char_indices()
            .nth(chars - from_chars)
            .map_or(self.text.len(), |(i, _)| from_bytes + i);
        self.cursor = (chars, offset);
        offset
    }

    /// Where libyaml puts an empty value: in a block, right after the `:`, `-` or `?` before it;
    /// in a flow, at the token after it. saphyr-parser puts it on that indicator, or after the
    /// space that follows.
    fn empty_value(&self, offset: usize) -> usize {
        let text = self.text;
        let at_indicator = matches!(text.as_bytes().get(offset), Some(b':' | b'-' | b'?'));
        if self.stack.last().is_some_and(|f| f.flow) {
            let rest = text.get(offset..).unwrap_or_default();
            let rest = rest.strip_prefix(':').unwrap_or(rest);
            return text.len() - rest.trim_start_matches([' ', '\t', '\r', '\n']).len();
        }
        let end = if at_indicator { offset + 1 } else { offset };
        let before = text.get(..end).unwrap_or_default();
        let trimmed = before.trim_end_matches([' ', '\t']);
        match trimmed.as_bytes().last() {
            Some(b':' | b'-' | b'?') => trimmed.len(),
            _ => offset,
        }
    }

    fn node(&mut self, kind: Kind, offset: usize, anchor: usize, key: Option<String>) {
        let in_flow = self.stack.last().is_some_and(|f| f.flow);
        let id = self.nodes.len();
        self.nodes.push(Node {
            offset,
            in_flow,
            items: Vec::new(),
            kind,
        });
        if anchor > 0 {
            self.anchors.insert(anchor, id);
            if let Some(key) = &key {
                self.anchored_keys.insert(id, key.clone());
            }
        }
        self.attach(id, key);
        if kind != Kind::Scalar {
            // Inside a flow, even a collection without brackets (`[a: b]`) is in the flow.
            self.stack.push(Frame {
                node: id,
                flow: in_flow || starts_flow(self.text, offset),
                key: None,
            });
        }
    }

    fn alias(&mut self, anchor: usize) {
        let Some(&id) = self.anchors.get(&anchor) else {
            return;
        };
        let key = self.anchored_keys.get(&id).cloned();
        self.attach(id, key);
    }

    /// Puts node `id` in the collection being read: an item, a key, or a key's value.
    fn attach(&mut self, id: usize, key: Option<String>) {
        let Some(frame) = self.stack.last_mut() else {
            return;
        };
        let Some(parent) = self.nodes.get_mut(frame.node) else {
            return;
        };
        match parent.kind {
            Kind::Sequence => parent.items.push(id),
            Kind::Mapping => match frame.key.take() {
                None => {
                    frame.key = self.nodes.get(id).map(|node| PendingKey {
                        text: key,
                        offset: node.offset,
                        in_flow: node.in_flow,
                    });
                }
                Some(pending) => {
                    if let Some(text) = pending.text {
                        self.keys.entry((frame.node, text)).or_insert(KeyEntry {
                            offset: pending.offset,
                            in_flow: pending.in_flow,
                            value: id,
                        });
                    }
                }
            },
            Kind::Scalar => {}
        }
    }
}

/// A mapping key as serde_yaml's walk reads it: a plain scalar that YAML reads as null, a boolean
/// or a number is compared in Rust's spelling of that value (`1.0` is the key `1`).
fn key_text(value: &str, style: ScalarStyle) -> Option<String> {
    if style != ScalarStyle::Plain {
        return Some(value.to_string());
    }
    let resolved = match value {
        "" | "~" | "null" | "Null" | "NULL" => "null",
        "true" | "True" | "TRUE" => "true",
        "false" | "False" | "FALSE" => "false",
        _ if value.starts_with(|c: char| c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
            return Some(number_text(value));
        }
        _ => value,
    };
    Some(resolved.to_string())
}

/// A plain scalar that may be a number, spelled as serde_yaml hands it to a visitor.
fn number_text(value: &str) -> String {
    match serde_yaml::from_str::<serde_yaml::Value>(value) {
        Ok(serde_yaml::Value::Number(number)) => {
            if let Some(n) = number.as_u64() {
                n.to_string()
            } else if let Some(n) = number.as_i64() {
                n.to_string()
            } else {
                number
                    .as_f64()
                    .map_or_else(|| value.to_string(), |n| n.to_string())
            }
        }
        _ => value.to_string(),
    }
}

/// Whether the collection starting at byte `offset` of `text` is a flow one (`[…]`, `{…}`), past
/// its anchor and tag.
fn starts_flow(text: &str, offset: usize) -> bool {
    let mut rest = text.get(offset..).unwrap_or_default();
    while rest.starts_with(['&', '!']) {
        let end = rest.find([' ', '\t', '\n']).unwrap_or(rest.len());
        rest = rest[end..].trim_start_matches([' ', '\t']);
    }
    rest.starts_with(['[', '{'])
}

/// Where libyaml starts a block sequence: at its first `-`. saphyr-parser starts one that is not
/// indented under its key (`key:\n- a`) at its first item.
fn sequence_start(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or_default();
    if rest.starts_with(['-', '[']) {
        return offset;
    }
    let before = text.get(..offset).unwrap_or_default();
    let trimmed = before.trim_end_matches([' ', '\t', '\r', '\n']);
    if trimmed.ends_with('-') {
        trimmed.len() - 1
    } else {
        offset
    }
}

/// Where libyaml starts a block scalar: at its `|` or `>` indicator, on the last line before its
/// content that is not blank. saphyr-parser starts it at its content.
fn block_header(text: &str, offset: usize) -> usize {
    let rest = text.get(offset..).unwrap_or_default();
    if rest.starts_with(['|', '>']) {
        return offset;
    }
    let before = text.get(..offset).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let above = before[..line_start].trim_end_matches([' ', '\t', '\r', '\n']);
    let header_start = above.rfind('\n').map_or(0, |i| i + 1);
    let header = &above[header_start..];
    let code = header
        .find(" #")
        .map_or(header, |i| &header[..i])
        .trim_end();
    let indicator = code.rfind([' ', '\t']).map_or(0, |i| i + 1);
    if code[indicator..].starts_with(['|', '>']) {
        header_start + indicator
    } else {
        offset
    }
}

/// The old way, one parse per path: see the module's documentation.
fn walk(source: &SourceFile, path: &[Step]) -> Option<Range<usize>> {
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

const FOUND: &str = "spiega-locate-found";

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
/// runs to `: `, ` #` or the end of the line. It reads no further than that, so placing many
/// values on one long line costs the length of the line once, not once per value.
fn scalar_len(text: &str, in_flow: bool) -> usize {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b'[' | b'{' | b'|' | b'>' | b'-') => return 0,
        Some(&quote @ (b'"' | b'\'')) => {
            let close = bytes.iter().skip(1).position(|&b| b == quote || b == b'\n');
            return match close.map(|i| i + 1) {
                Some(i) if bytes[i] == quote => i + 1,
                Some(i) => trim_returns(text, i),
                None => trim_returns(text, text.len()),
            };
        }
        _ => {}
    }
    let is_stop = |i: usize| {
        let next = bytes.get(i + 1).copied();
        match bytes[i] {
            b':' => next == Some(b' '),
            b' ' => next == Some(b'#'),
            b',' | b']' | b'}' => in_flow,
            _ => false,
        }
    };
    let end = (0..bytes.len())
        .find(|&i| bytes[i] == b'\n' || is_stop(i))
        .unwrap_or(bytes.len());
    let end = if bytes.get(end) == Some(&b'\n') || end == bytes.len() {
        trim_returns(text, end)
    } else {
        end
    };
    let end = if text[..end].ends_with(':') {
        end - 1
    } else {
        end
    };
    text[..end].trim_end().len()
}

/// `end`, less the carriage returns just before it.
fn trim_returns(text: &str, end: usize) -> usize {
    text[..end].trim_end_matches('\r').len()
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

    /// Every path into `value`: each item, each key's value, each key.
    fn paths(value: &serde_yaml::Value, prefix: &[Step], out: &mut Vec<Vec<Step>>) {
        out.push(prefix.to_vec());
        let step = |step: Step| {
            let mut path = prefix.to_vec();
            path.push(step);
            path
        };
        match value {
            serde_yaml::Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    paths(item, &step(Step::Index(i)), out);
                }
                out.push(step(Step::Index(items.len())));
            }
            serde_yaml::Value::Mapping(map) => {
                for (key, item) in map {
                    let name = match key {
                        serde_yaml::Value::String(s) => s.clone(),
                        serde_yaml::Value::Bool(b) => b.to_string(),
                        serde_yaml::Value::Null => "null".to_string(),
                        serde_yaml::Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                            (Some(u), _) => u.to_string(),
                            (_, Some(i)) => i.to_string(),
                            _ => n.as_f64().unwrap_or_default().to_string(),
                        },
                        _ => continue,
                    };
                    out.push(step(Step::KeyName(name.clone())));
                    paths(item, &step(Step::Key(name)), out);
                }
                out.push(step(Step::Key("no-such-key".into())));
            }
            _ => {}
        }
    }

    /// YAML shapes the index must place exactly where serde_yaml's own walk does.
    const SHAPES: &[&str] = &[
        CHIPS,
        "title: x\ndate: 2024-01-02\ntags: [a, b, c]\n",
        "- id: a\n  name: {it: \"Uno, due\", en: 'One'}\n  refs:\n    - x\n    - y\n",
        "a:\n  b:\n    c: [1, 2, {d: e}]\n  f: |\n    block\n    text\n  g: >\n    folded\n",
        "list:\n- a\n- b: c\n  d: e\n-   - nested\n    - list\n",
        "\"quoted key\": 1\n'single': two\nplain key: three four\n",
        "1: one\ntrue: yes\nnull: nothing\n0x10: hex\n1.5: float\n",
        "empty:\nnext: 1\nflow_empty: []\nmap_empty: {}\n",
        "base: &b {x: 1, y: [2, 3]}\nuse: *b\nscalar: &s hello\nagain: *s\n",
        "tagged: !!str 12\nseq: !!seq [a]\nanchored: &m\n  k: v\n",
        "multi: line\n  plain scalar\nafter: x # comment\n# full comment\nlast: 'it''s'\n",
        "- [a, [b, c], {d: [e]}]\n- - x\n  - y\n-\n  id: z\n",
        "text: \"Perché è così: sì\"\nnext: città è\nflow: [è, à]\n",
        "---\nafter_marker: 1\n",
        "crlf: 1\r\nlist:\r\n  - a\r\n",
        "? complex\n: value\n? [a, b]\n: other\n",
        "url: https://example.org/a#b\nwith_colon: a:b\nwith_hash: a#b\n",
        "lit: |-2 # a | comment > here\n\n   kept\nfold: >+\n  x\n\nseq:\n  - |\n    item\n  - >\n    other\n",
        "a: |\nb: empty block\nc: >\n\nd: end\n",
        "- \n- x\n-\n- y: \n  z:\n",
        "flow: {a: , b: 1, c}\nlist: [a, b: , c]\nnulls: {x: ~, y: null}\n",
        "outer:\n- inner:\n  - a\n  - b\n  other: 1\n- c\n",
        "indented:\n    - a\n    - b\nkey: &anchor\n- x\n",
        "vendor:\nname: x\n",
        "# comment first\n\n- id: a # trailing\n  # between\n  v: 1\n",
        "a: 'multi\n  line'\nb: \"esc\\\"aped\"\n",
    ];

    #[test]
    fn a_plain_value_in_a_flow_list_over_lines_ends_at_its_comma() {
        let text = "flow:\n  [a,\n   b]\nmap: {\n  k: v }\n";
        let source = SourceFile::new("flow.yaml", text);
        for (path, expected) in [
            (vec![Step::Key("flow".into()), Step::Index(1)], "b"),
            (vec![Step::Key("map".into()), Step::Key("k".into())], "v"),
        ] {
            let span = locate(&source, &path).expect("found");
            assert_eq!(&text[span.clone()], expected);
            // The walk started there too; it only read the line, which leaves the flow unseen.
            assert_eq!(walk(&source, &path).map(|s| s.start), Some(span.start));
        }
    }

    #[test]
    fn the_first_of_equal_keys_is_found_as_the_walk_finds_it() {
        let source = SourceFile::new("dup.yaml", "dup: 1\ndup: 2\n");
        for path in [
            vec![Step::Key("dup".into())],
            vec![Step::KeyName("dup".into())],
        ] {
            assert_eq!(locate(&source, &path), walk(&source, &path));
        }
        assert_eq!(locate(&source, &[Step::Key("dup".into())]), Some(5..6));
    }

    /// The bundled site's YAML: what real data looks like.
    const BUNDLED: &[&str] = &[
        include_str!("../../site.yaml"),
        include_str!("../../content/data/chips.yaml"),
        include_str!("../../content/data/companies.yaml"),
        include_str!("../../content/data/glossary.yaml"),
        include_str!("../../content/data/sources.yaml"),
        include_str!("../../content/data/timeline.yaml"),
    ];

    #[test]
    fn the_index_places_every_path_where_the_walk_does() {
        let mut wrong = Vec::new();
        for shape in SHAPES {
            compare_with_the_walk(shape, 1, &mut wrong);
        }
        // Every path of these matched when this was written; a sample keeps the test quick, as
        // the walk parses the file once per path.
        for text in BUNDLED {
            compare_with_the_walk(text, 41, &mut wrong);
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    /// Compares every `step`-th path of `text` placed by the index and by the walk.
    fn compare_with_the_walk(text: &str, step: usize, wrong: &mut Vec<String>) {
        let source = SourceFile::new("shape.yaml", text);
        let value: serde_yaml::Value = serde_yaml::from_str(text).expect("valid shape");
        let mut all = Vec::new();
        paths(&value, &[], &mut all);
        assert!(
            YamlIndex::new(text).complete,
            "saphyr-parser read all of {text:?}"
        );
        for path in all.into_iter().step_by(step) {
            let walked = walk(&source, &path);
            let indexed = locate(&source, &path);
            if walked != indexed {
                let excerpt: String = text.chars().take(60).collect();
                wrong.push(format!(
                    "{path:?} in {excerpt:?}: walk {walked:?}, index {indexed:?}"
                ));
            }
        }
    }
}
