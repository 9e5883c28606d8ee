//! Builds a [`YamlIndex`] from saphyr-parser's events, placing each node where libyaml (hence
//! serde_yaml) puts it.

use std::collections::HashMap;
use std::sync::atomic::AtomicUsize;

use saphyr_parser::{Event, Parser, ScalarStyle};

use super::{KeyEntry, Kind, Node, YamlIndex};

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
