//! A cheap pre-scan that refuses YAML nested too deeply, before any parser sees it.
//!
//! libyaml (inside serde_yaml) slows down with every open flow collection: 50,000 `[` in a front
//! matter took 10 s to reject. The scan reads each line once and follows only what nests: block
//! entries (`- `), block keys (`key:`), flow brackets, and the quoted strings, comments and block
//! scalars inside which none of these count. It never counts more levels than the YAML has (a
//! `[` in the middle of a plain scalar opens nothing), so it refuses no document that is within
//! the limit; on YAML too odd for it, it counts fewer, and serde_yaml's own recursion limit is
//! the backstop.

/// How deep lists and maps may nest in site.yaml, front matter and data files. Real sites use a
/// handful of levels; the limit only stops input made to exhaust the parser.
pub const MAX_DEPTH: usize = 64;

/// Where the nesting first goes past [`MAX_DEPTH`]: the byte offset of the `[`, `{`, `- ` or key
/// that opens the level too many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// Byte offset in the scanned text.
    pub offset: usize,
}

/// Checks that no list or map in `text` is nested more than [`MAX_DEPTH`] deep.
pub fn check_depth(text: &str) -> Result<(), TooDeep> {
    check_depth_within(text, MAX_DEPTH)
}

fn check_depth_within(text: &str, limit: usize) -> Result<(), TooDeep> {
    let mut scan = Scan {
        limit,
        ..Scan::default()
    };
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        scan.line(line, line_start)?;
        line_start += line.len();
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Sequence,
    Mapping,
}

/// What the lines read so far leave open.
#[derive(Default)]
struct Scan {
    limit: usize,
    /// Open block collections: the column of their entries and their kind.
    block: Vec<(usize, Kind)>,
    /// Open flow collections.
    flow: usize,
    /// Inside a quoted scalar that goes on over lines: its quote.
    quote: Option<u8>,
    /// Inside a block scalar (`|`, `>`) or a plain scalar going on over lines: the column of the
    /// key or entry that owns it; lines indented deeper are its text.
    text_owner: Option<usize>,
}

impl Scan {
    fn line(&mut self, line: &str, offset: usize) -> Result<(), TooDeep> {
        let bytes = line.as_bytes();
        if self.quote.is_some() || self.flow > 0 {
            return self.inline(bytes, 0, offset);
        }
        let indent = bytes.iter().take_while(|&&b| b == b' ').count();
        let rest = line[indent..].trim_end();
        if let Some(owner) = self.text_owner {
            if rest.is_empty() || indent > owner {
                return Ok(());
            }
            self.text_owner = None;
        }
        if rest.is_empty() || rest.starts_with(['#', '%']) || is_document_marker(line) {
            return Ok(());
        }
        self.block_line(bytes, indent, offset)
    }

    /// A line in block context: its entries and key, then its value.
    fn block_line(&mut self, bytes: &[u8], indent: usize, offset: usize) -> Result<(), TooDeep> {
        let mut pos = indent;
        let mut owner = indent;
        loop {
            let rest = &bytes[pos..];
            if rest.starts_with(b"- ") || rest.starts_with(b"-\t") || is_alone(rest, b'-') {
                self.open(Kind::Sequence, pos, offset)?;
                owner = pos;
                pos = skip_blanks(bytes, pos + 1);
            } else if rest.starts_with(b"? ") || is_alone(rest, b'?') {
                self.open(Kind::Mapping, pos, offset)?;
                owner = pos;
                pos = skip_blanks(bytes, pos + 1);
            } else if rest.starts_with(b": ") || is_alone(rest, b':') {
                pos = skip_blanks(bytes, pos + 1);
                break;
            } else if let Some(after) = key_end(bytes, pos) {
                self.open(Kind::Mapping, pos, offset)?;
                owner = pos;
                pos = skip_blanks(bytes, after);
                break;
            } else {
                break;
            }
        }
        self.value(bytes, pos, owner, offset)
    }

    /// The node that starts at `pos` of a block line, owned by the key or entry at `owner`.
    fn value(
        &mut self,
        bytes: &[u8],
        pos: usize,
        owner: usize,
        offset: usize,
    ) -> Result<(), TooDeep> {
        let pos = skip_properties(bytes, pos);
        match bytes.get(pos) {
            Some(b'[' | b'{' | b'"' | b'\'') => self.inline(bytes, pos, offset),
            Some(b'|' | b'>') => {
                self.text_owner = Some(owner);
                Ok(())
            }
            Some(b'#' | b'\n' | b'\r') | None => Ok(()),
            Some(_) => {
                // A plain scalar: the lines indented under its owner go on with its text.
                self.text_owner = Some(owner);
                Ok(())
            }
        }
    }

    /// Flow collections and quoted scalars, from `pos` to the end of the line or of the flow.
    fn inline(&mut self, bytes: &[u8], mut pos: usize, offset: usize) -> Result<(), TooDeep> {
        while let Some(&b) = bytes.get(pos) {
            match self.quote {
                Some(b'"') if b == b'\\' => pos += 1,
                Some(quote) if b == quote => {
                    if quote == b'\'' && bytes.get(pos + 1) == Some(&b'\'') {
                        pos += 1;
                    } else {
                        self.quote = None;
                        if self.flow == 0 {
                            return Ok(());
                        }
                    }
                }
                Some(_) => {}
                None => match b {
                    b'[' | b'{' => {
                        self.flow += 1;
                        self.check(offset + pos)?;
                    }
                    b']' | b'}' => {
                        self.flow = self.flow.saturating_sub(1);
                        if self.flow == 0 {
                            return Ok(());
                        }
                    }
                    b'"' | b'\'' if starts_token(bytes, pos) => self.quote = Some(b),
                    b'#' if starts_token(bytes, pos) => return Ok(()),
                    _ => {}
                },
            }
            pos += 1;
        }
        Ok(())
    }

    /// A block collection of `kind` whose entries are at column `column`: the same one as the
    /// line before, or one nested in it.
    fn open(&mut self, kind: Kind, column: usize, offset: usize) -> Result<(), TooDeep> {
        while let Some(&(open_column, open_kind)) = self.block.last() {
            // A list written at its key's column (`key:\n- a`) ends at the next key there.
            let ended_list = open_column == column && open_kind != kind && kind == Kind::Mapping;
            if open_column > column || ended_list {
                self.block.pop();
            } else {
                break;
            }
        }
        if self.block.last() == Some(&(column, kind)) {
            return Ok(());
        }
        self.block.push((column, kind));
        self.check(offset + column)
    }

    fn check(&self, offset: usize) -> Result<(), TooDeep> {
        if self.block.len() + self.flow > self.limit {
            Err(TooDeep { offset })
        } else {
            Ok(())
        }
    }
}

/// `---` or `...` on a line of its own (a document's start or end).
fn is_document_marker(line: &str) -> bool {
    let line = line.trim_end();
    line == "---" || line == "..." || line.starts_with("--- ") || line.starts_with("... ")
}

/// `rest` is the indicator `b` with nothing after it but blanks or a comment.
fn is_alone(rest: &[u8], b: u8) -> bool {
    rest.first() == Some(&b) && rest[1..].iter().all(|c| c.is_ascii_whitespace())
}

fn skip_blanks(bytes: &[u8], mut pos: usize) -> usize {
    while matches!(bytes.get(pos), Some(b' ' | b'\t')) {
        pos += 1;
    }
    pos
}

/// Past the anchor (`&a`) and tag (`!t`) of the node at `pos`.
fn skip_properties(bytes: &[u8], mut pos: usize) -> usize {
    while matches!(bytes.get(pos), Some(b'&' | b'!')) {
        while bytes.get(pos).is_some_and(|b| !b.is_ascii_whitespace()) {
            pos += 1;
        }
        pos = skip_blanks(bytes, pos);
    }
    pos
}

/// Whether a quote or `#` at `pos` starts a token (else it is part of a plain scalar).
fn starts_token(bytes: &[u8], pos: usize) -> bool {
    pos == 0 || matches!(bytes[pos - 1], b' ' | b'\t' | b'[' | b'{' | b',' | b':')
}

/// If a block key starts at `pos` (plain or quoted, then `:` and a blank or the end of the
/// line), the position after its `:`.
fn key_end(bytes: &[u8], pos: usize) -> Option<usize> {
    let colon = match bytes.get(pos)? {
        &quote @ (b'"' | b'\'') => {
            let close = closing_quote(bytes, pos + 1, quote)?;
            skip_blanks(bytes, close + 1)
        }
        b'[' | b'{' | b'|' | b'>' | b'#' | b'&' | b'!' | b'*' | b'%' | b'@' | b'`' => return None,
        _ => (pos..bytes.len()).find(|&i| {
            (bytes[i] == b':' && bytes.get(i + 1).is_none_or(u8::is_ascii_whitespace))
                || (bytes[i] == b'#' && i > pos && bytes[i - 1] == b' ')
        })?,
    };
    let after = bytes.get(colon + 1);
    (bytes.get(colon) == Some(&b':') && after.is_none_or(u8::is_ascii_whitespace))
        .then_some(colon + 1)
}

/// The position of the quote that closes a quoted scalar opened before `from`, on this line.
fn closing_quote(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut pos = from;
    while let Some(&b) = bytes.get(pos) {
        if quote == b'"' && b == b'\\' {
            pos += 2;
            continue;
        }
        if b == quote {
            if quote == b'\'' && bytes.get(pos + 1) == Some(&b'\'') {
                pos += 2;
                continue;
            }
            return Some(pos);
        }
        pos += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The depth serde_yaml sees: how many lists and maps enclose the deepest value.
    fn true_depth(value: &serde_yaml::Value) -> usize {
        match value {
            serde_yaml::Value::Sequence(items) => {
                1 + items.iter().map(true_depth).max().unwrap_or(0)
            }
            serde_yaml::Value::Mapping(map) => {
                let entries = map.iter().flat_map(|(key, value)| [key, value]);
                1 + entries.map(true_depth).max().unwrap_or(0)
            }
            serde_yaml::Value::Tagged(tagged) => true_depth(&tagged.value),
            _ => 0,
        }
    }

    /// The deepest level the scan reaches: the lowest limit it accepts.
    fn scanned_depth(text: &str) -> usize {
        (0..)
            .find(|&limit| check_depth_within(text, limit).is_ok())
            .unwrap_or(0)
    }

    fn nested_flow(depth: usize) -> String {
        format!("extra: {}{}\n", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn flow_nesting_past_the_limit_is_refused_at_the_bracket_that_crosses_it() {
        // `extra:` is the first level: the 64th `[` is the 65th level.
        let text = nested_flow(MAX_DEPTH);
        let offset = "extra: ".len() + MAX_DEPTH - 1;
        assert_eq!(check_depth(&text), Err(TooDeep { offset }));
        assert_eq!(check_depth(&nested_flow(MAX_DEPTH - 1)), Ok(()));
    }

    #[test]
    fn block_nesting_past_the_limit_is_refused_at_the_entry_that_crosses_it() {
        let mut text = String::new();
        for level in 0..=MAX_DEPTH {
            text.push_str(&format!("{}k{level}:\n", "  ".repeat(level)));
        }
        let offset = text.find(&format!("k{MAX_DEPTH}:")).unwrap_or(0);
        assert_eq!(check_depth(&text), Err(TooDeep { offset }));
        let dashes = format!("{}x\n", "- ".repeat(MAX_DEPTH + 1));
        assert_eq!(
            check_depth(&dashes),
            Err(TooDeep {
                offset: 2 * MAX_DEPTH
            })
        );
    }

    #[test]
    fn a_million_brackets_are_refused_at_once() {
        let text = format!("a: {}", "[".repeat(1_000_000));
        assert!(check_depth(&text).is_err());
    }

    #[test]
    fn brackets_in_text_do_not_count() {
        let text = format!(
            "title: a{0}\nquoted: \"{0}\"\nsingle: '{0}'\nblock: |\n  - {0}\n  - x: {0}\nplain: x\n  {0}\n# {0}\nlast: [a, \"]]\", '{0}'] # {0}\n",
            "[".repeat(100)
        );
        assert_eq!(check_depth(&text), Ok(()));
        assert_eq!(scanned_depth(&text), 2);
    }

    #[test]
    fn the_scan_never_counts_deeper_than_the_yaml_is() {
        let shapes = [
            include_str!("../../site.yaml"),
            include_str!("../../content/data/chips.yaml"),
            include_str!("../../content/data/companies.yaml"),
            include_str!("../../content/data/glossary.yaml"),
            include_str!("../../content/data/sources.yaml"),
            include_str!("../../content/data/timeline.yaml"),
            "list:\n- a\n- b: c\n  d: [e, {f: g}]\nafter: 1\n",
            "- - - x\n  - y\n- z\n",
            "a: |\n  - not\n    - a list\nb: >-\n  [not flow\nc: 'it''s'\nd: \"multi\n  line [\"\n",
            "? [complex, key]\n: value\nk: &anchor [a, b]\nm: !!map {a: 1}\n",
            "url: https://example.org/a#b\nratio: 1:2\ntime: 12:30\n",
        ];
        for text in shapes {
            let value: serde_yaml::Value = serde_yaml::from_str(text).expect("valid YAML");
            let (scanned, real) = (scanned_depth(text), true_depth(&value));
            assert!(scanned <= real, "scanned {scanned} > {real} in {text:.60?}");
            assert!(
                scanned + 1 >= real,
                "scanned {scanned} far below {real} in {text:.60?}"
            );
        }
    }
}
