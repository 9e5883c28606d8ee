//! A light reading of a template's `{% … %}` tags, without Tera: which template it extends and
//! includes (so that a template left out for a mistake leaves out those built on it), its block
//! names, and which block tag is left open when Tera only says "Unknown tag" at the `endblock` that
//! came too soon, or "Unexpected end of input".
//!
//! Comments (`{# … #}`), expressions (`{{ … }}`) and `{% raw %}` sections are skipped as Tera's
//! lexer skips them; quoted strings inside a tag may hold `%}`.

use std::ops::Range;

/// One `{% … %}` tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// The first word (`if`, `endfor`, `block`); empty for a tag without one.
    pub name: &'a str,
    /// What follows the first word, up to the closing `%}` (trimmed).
    pub rest: &'a str,
    /// The whole tag, `{%` to `%}`.
    pub span: Range<usize>,
}

/// Tags that open a body closed by `end<name>`; `set` and `set_global` only without `=`.
const OPENERS: [&str; 7] = [
    "if",
    "for",
    "block",
    "filter",
    "component",
    "set",
    "set_global",
];

/// Every `{% … %}` tag of a template, in order.
pub fn tags(text: &str) -> Vec<Tag<'_>> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('{') {
        let start = at + offset;
        let after = &text[start..];
        let close = if after.starts_with("{#") {
            "#}"
        } else if after.starts_with("{{") {
            "}}"
        } else if after.starts_with("{%") {
            "%}"
        } else {
            at = start + 1;
            continue;
        };
        let Some(end) = closing(text, start + 2, close) else {
            break;
        };
        if close == "%}" {
            let inner = text[start + 2..end - 2].trim_matches(|c: char| c == '-' || c == '+');
            let inner = inner.trim();
            let split = inner
                .find(|c: char| c.is_whitespace() || c == '(')
                .unwrap_or(inner.len());
            let tag = Tag {
                name: &inner[..split],
                rest: inner[split..].trim(),
                span: start..end,
            };
            if tag.name == "raw" {
                // Everything up to `endraw` is text.
                let Some(raw_end) = end_of_raw(text, end) else {
                    break;
                };
                at = raw_end;
                continue;
            }
            found.push(tag);
        }
        at = end;
    }
    found
}

/// The offset just past `close`, from `from`, skipping quoted strings inside tags and
/// expressions.
fn closing(text: &str, from: usize, close: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = from;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let byte = bytes[i];
        match quote {
            Some(q) if byte == q => quote = None,
            Some(_) => {}
            None if close != "#}" && matches!(byte, b'"' | b'\'' | b'`') => quote = Some(byte),
            None if bytes[i..].starts_with(close.as_bytes()) => return Some(i + close.len()),
            None => {}
        }
        i += 1;
    }
    None
}

fn end_of_raw(text: &str, from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(offset) = text[at..].find("{%") {
        let start = at + offset;
        let end = closing(text, start + 2, "%}")?;
        let inner = text[start + 2..end - 2].trim_matches(|c: char| c == '-' || c == '+');
        if inner.trim() == "endraw" {
            return Some(end);
        }
        at = end;
    }
    None
}

/// The first quoted string of a tag's rest and its span in the template.
fn quoted(text: &str, tag: &Tag<'_>) -> Option<(String, Range<usize>)> {
    let rest_start = tag.span.start + text[tag.span.clone()].find(tag.rest)?;
    let open = tag.rest.find(['"', '\'', '`'])?;
    let quote = tag.rest[open..].chars().next()?;
    let close = tag.rest[open + 1..].find(quote)? + open + 1;
    let name = tag.rest[open + 1..close].to_string();
    let start = rest_start + open + 1;
    let end = start + name.len();
    Some((name, start..end))
}

/// The template a template extends, and where its name is written.
pub fn extends(text: &str) -> Option<(String, Range<usize>)> {
    tags(text)
        .into_iter()
        .find(|tag| tag.name == "extends")
        .and_then(|tag| quoted(text, &tag))
}

/// Every template a template includes, and where each name is written.
pub fn includes(text: &str) -> Vec<(String, Range<usize>)> {
    tags(text)
        .into_iter()
        .filter(|tag| tag.name == "include")
        .filter_map(|tag| quoted(text, &tag))
        .collect()
}

/// The names of the blocks a template defines, in order.
pub fn block_names(text: &str) -> Vec<String> {
    tags(text)
        .into_iter()
        .filter(|tag| tag.name == "block")
        .filter_map(|tag| tag.rest.split_whitespace().next().map(str::to_string))
        .collect()
}

/// A block tag whose end tag is missing or misplaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mismatch {
    /// `{% if %}` (at `opener`) still open where `{% endblock %}` (at `met`, if any) comes, or at
    /// the end of the template.
    Unclosed {
        /// The opening tag's name (`if`).
        name: String,
        /// The opening tag.
        opener: Range<usize>,
        /// The end tag met while it was open, with its name, if any.
        met: Option<(String, Range<usize>)>,
    },
    /// An end tag (`endif`, at `span`) that closes nothing.
    Stray {
        /// Its name.
        name: String,
        /// The tag.
        span: Range<usize>,
    },
}

/// The first block tag of a template left open or closed by the wrong end tag.
pub fn mismatch(text: &str) -> Option<Mismatch> {
    let mut open: Vec<(String, Range<usize>)> = Vec::new();
    for tag in tags(text) {
        let opens = OPENERS.contains(&tag.name)
            && !(tag.name.starts_with("set") && has_assignment(tag.rest));
        if opens {
            let name = if tag.name == "set_global" {
                "set"
            } else {
                tag.name
            };
            open.push((name.to_string(), tag.span.clone()));
            continue;
        }
        let Some(closed) = tag.name.strip_prefix("end") else {
            continue;
        };
        match open.last() {
            Some((name, _)) if name == closed => {
                open.pop();
            }
            Some((name, opener)) => {
                return Some(Mismatch::Unclosed {
                    name: name.clone(),
                    opener: opener.clone(),
                    met: Some((tag.name.to_string(), tag.span.clone())),
                });
            }
            None => {
                return Some(Mismatch::Stray {
                    name: tag.name.to_string(),
                    span: tag.span.clone(),
                });
            }
        }
    }
    open.pop().map(|(name, opener)| Mismatch::Unclosed {
        name,
        opener,
        met: None,
    })
}

/// Whether a `set` tag's rest assigns with `=` (an inline set) rather than opening a body.
fn has_assignment(rest: &str) -> bool {
    let mut quote = None;
    for c in rest.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if matches!(c, '"' | '\'' | '`') => quote = Some(c),
            None if c == '=' => return true,
            None => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_extends_includes_and_blocks_but_not_in_comments_or_raw() {
        let text = "{% extends \"base.html\" %}{# {% include 'x.html' %} #}{% raw %}{% include 'y' %}{% endraw %}{% block a %}{% include 'p/z.html' %}{% endblock a %}";
        assert_eq!(extends(text).map(|(n, _)| n), Some("base.html".to_string()));
        let found: Vec<String> = includes(text).into_iter().map(|(n, _)| n).collect();
        assert_eq!(found, ["p/z.html"]);
        assert_eq!(block_names(text), ["a"]);
        let (name, span) = extends(text).unwrap_or_default();
        assert_eq!(&text[span], name);
    }

    #[test]
    fn an_if_closed_by_endblock_is_found_at_the_if() {
        let text = "{% block x %}\n{% if a %}b\n{% endblock x %}";
        let Some(Mismatch::Unclosed { name, opener, met }) = mismatch(text) else {
            panic!("no mismatch found");
        };
        assert_eq!(name, "if");
        assert_eq!(&text[opener], "{% if a %}");
        assert_eq!(met.map(|(n, _)| n), Some("endblock".to_string()));
    }

    #[test]
    fn text_that_is_not_ascii_is_read_whole() {
        let text = "{#- cards: “…” é -#}{% if a %}è{% endif %}{{ '…%}' }}";
        assert_eq!(mismatch(text), None);
        let names: Vec<&str> = tags(text).iter().map(|t| t.name).collect();
        assert_eq!(names, ["if", "endif"]);
    }

    #[test]
    fn an_if_left_open_at_the_end_and_a_stray_end_tag() {
        assert!(matches!(
            mismatch("{% for a in b %}{% if a %}{% endif %}"),
            Some(Mismatch::Unclosed { ref name, met: None, .. }) if name == "for"
        ));
        assert!(matches!(
            mismatch("a {%- endif -%}"),
            Some(Mismatch::Stray { ref name, .. }) if name == "endif"
        ));
        assert_eq!(
            mismatch("{% set a = 1 %}{% set b %}x{% endset %}{{ '%}' }}"),
            None
        );
    }
}
