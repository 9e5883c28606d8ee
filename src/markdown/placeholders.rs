//! Standing in for shortcodes while Markdown is parsed.
//!
//! Each shortcode is replaced in the source by a short token (`<open>index<close>`, with two
//! private-use characters that do not occur in the page) that pulldown-cmark treats as a plain word.
//! The event pass swaps the token for the shortcode's HTML, which is therefore never re-parsed as
//! Markdown. [`Substituted::to_source`] maps offsets of the modified text back to the page source,
//! so that errors point at what the author wrote.

use std::ops::Range;

use crate::markdown::shortcode::Node;

/// The two delimiter characters of placeholder tokens, chosen per page.
#[derive(Debug, Clone, Copy)]
pub(super) struct Marks {
    open: char,
    close: char,
}

impl Marks {
    /// Picks two private-use characters that `source` does not contain, so no text of the page can
    /// be mistaken for a placeholder.
    pub(super) fn for_source(source: &str) -> Marks {
        const FIRST: u32 = 0xE000;
        const COUNT: usize = 0x1900;
        let mut used = vec![false; COUNT];
        for c in source.chars() {
            if let Some(slot) = (c as u32)
                .checked_sub(FIRST)
                .and_then(|i| used.get_mut(i as usize))
            {
                *slot = true;
            }
        }
        let mut free = (0..COUNT)
            .filter(|&i| !used[i])
            .filter_map(|i| char::from_u32(FIRST + i as u32));
        // A page would need all 6,400 private-use characters to exhaust them; in that absurd case
        // tokens may collide with text, which only garbles that page's output.
        let open = free.next().unwrap_or('\u{E000}');
        let close = free.next().unwrap_or('\u{E001}');
        Marks { open, close }
    }

    /// Whether `text` contains a placeholder (cheap test before splitting).
    pub(super) fn in_text(&self, text: &str) -> bool {
        text.contains(self.open)
    }

    fn push_token(&self, out: &mut String, index: usize) {
        out.push(self.open);
        out.push_str(&index.to_string());
        out.push(self.close);
    }

    /// Splits `text` into its plain pieces and placeholder indices, in order.
    pub(super) fn split<'t>(&self, text: &'t str) -> Vec<Piece<'t>> {
        let mut pieces = Vec::new();
        let mut rest = text;
        while let Some(start) = rest.find(self.open) {
            let after = &rest[start + self.open.len_utf8()..];
            let token = after.find(self.close).and_then(|end| {
                let index = after[..end].parse::<usize>().ok()?;
                Some((
                    index,
                    start + self.open.len_utf8() + end + self.close.len_utf8(),
                ))
            });
            let Some((index, token_end)) = token else {
                break;
            };
            if start > 0 {
                pieces.push(Piece::Text(&rest[..start]));
            }
            pieces.push(Piece::Node(index));
            rest = &rest[token_end..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest));
        }
        pieces
    }

    /// `text` with every placeholder replaced by `f(index)`.
    pub(super) fn replace(&self, text: &str, mut f: impl FnMut(usize) -> String) -> String {
        let mut out = String::with_capacity(text.len());
        for piece in self.split(text) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Node(index) => out.push_str(&f(index)),
            }
        }
        out
    }
}

/// Part of a text that may contain placeholders.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Piece<'t> {
    Text(&'t str),
    /// The placeholder of the node with this index in its fragment.
    Node(usize),
}

/// A replaced range: `len` bytes at `at` in the modified text stand for `source` in the page.
#[derive(Debug, Clone)]
struct Replacement {
    at: usize,
    len: usize,
    source: Range<usize>,
}

/// A fragment of the page with its shortcodes replaced by placeholders.
#[derive(Debug)]
pub(super) struct Substituted {
    pub text: String,
    /// Offset of the fragment in the page source.
    base: usize,
    replacements: Vec<Replacement>,
}

impl Substituted {
    /// Replaces each of `nodes` (whose spans are page offsets inside `base..base + fragment.len()`)
    /// by its placeholder.
    pub(super) fn new(fragment: &str, base: usize, nodes: &[Node], marks: Marks) -> Substituted {
        let mut text = String::with_capacity(fragment.len());
        let mut replacements = Vec::with_capacity(nodes.len());
        let mut copied = 0;
        for (index, node) in nodes.iter().enumerate() {
            let span = node.span();
            let (start, end) = (
                span.start.saturating_sub(base),
                span.end.saturating_sub(base),
            );
            text.push_str(fragment.get(copied..start).unwrap_or_default());
            let at = text.len();
            marks.push_token(&mut text, index);
            replacements.push(Replacement {
                at,
                len: text.len() - at,
                source: span,
            });
            copied = end;
        }
        text.push_str(fragment.get(copied..).unwrap_or_default());
        Substituted {
            text,
            base,
            replacements,
        }
    }

    /// The page-source range of a range of the modified text. A range touching a placeholder grows
    /// to cover the whole shortcode.
    pub(super) fn to_source(&self, range: Range<usize>) -> Range<usize> {
        let start = self.map(range.start, false);
        let end = self.map(range.end, true).max(start);
        start..end
    }

    fn map(&self, pos: usize, is_end: bool) -> usize {
        let before = self
            .replacements
            .partition_point(|r| r.at < pos + usize::from(!is_end));
        let Some(r) = before.checked_sub(1).map(|i| &self.replacements[i]) else {
            return self.base + pos;
        };
        if pos < r.at + r.len {
            if is_end { r.source.end } else { r.source.start }
        } else {
            r.source.end + (pos - (r.at + r.len))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(span: Range<usize>) -> Node {
        Node::Literal {
            text: String::new(),
            span,
        }
    }

    #[test]
    fn marks_avoid_characters_of_the_source() {
        let marks = Marks::for_source("a \u{E000} b \u{E002}");
        assert_eq!((marks.open, marks.close), ('\u{E001}', '\u{E003}'));
    }

    #[test]
    fn substitutes_and_splits_back() {
        let marks = Marks::for_source("");
        let src = "ab {{ x() }} cd {{ y() }}";
        let sub = Substituted::new(src, 0, &[node(3..12), node(16..25)], marks);
        assert_eq!(sub.text, "ab \u{E000}0\u{E001} cd \u{E000}1\u{E001}");
        assert_eq!(
            marks.split(&sub.text),
            [
                Piece::Text("ab "),
                Piece::Node(0),
                Piece::Text(" cd "),
                Piece::Node(1)
            ]
        );
        assert_eq!(
            marks.replace(&sub.text, |i| format!("<{i}>")),
            "ab <0> cd <1>"
        );
    }

    #[test]
    fn a_lone_open_mark_is_text() {
        let marks = Marks::for_source("");
        assert_eq!(marks.split("a\u{E000}b"), [Piece::Text("a\u{E000}b")]);
    }

    #[test]
    fn maps_offsets_back_to_the_page() {
        let marks = Marks::for_source("");
        // The fragment starts at page offset 100.
        let fragment = "ab {{ x() }} cd";
        let sub = Substituted::new(fragment, 100, &[node(103..112)], marks);
        let token_len = '\u{E000}'.len_utf8() * 2 + 1;
        let cd = sub.text.find("cd").unwrap();
        assert_eq!(sub.to_source(0..2), 100..102);
        assert_eq!(sub.to_source(cd..cd + 2), 113..115);
        assert_eq!(sub.to_source(3..3 + token_len), 103..112);
        assert_eq!(sub.to_source(0..cd + 2), 100..115);
        // A range ending right before the token does not swallow it.
        assert_eq!(sub.to_source(0..3), 100..103);
        // A range starting right after it starts after the shortcode.
        assert_eq!(sub.to_source(3 + token_len..cd), 112..113);
    }
}
