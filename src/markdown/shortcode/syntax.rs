//! The grammar of one shortcode tag: `{{ name(args) }}`, `{% name(args) %}`, `{% end %}` and the
//! `{{/* ... */}}` escape.
//!
//! Hand-written so that errors point at the exact byte that is wrong and so that prose which merely
//! looks like a template tag (`{{ not a call }}`) is recognised as *not* a call instead of an error.

use std::collections::BTreeMap;
use std::ops::Range;

use serde_json::{Number, Value};

/// Arguments of a call, by name (sorted, so iteration and serialisation are deterministic).
pub(crate) type Args = BTreeMap<String, Value>;

/// Lists deeper than this are refused: the value parser recurses, and input must not be able to
/// overflow the stack.
const MAX_LIST_DEPTH: usize = 16;

/// The two tag shapes; they differ only in their delimiters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Delim {
    /// `{{ ... }}`: an inline call.
    Inline,
    /// `{% ... %}`: a block opening or `{% end %}`.
    Block,
}

impl Delim {
    fn close(self) -> &'static str {
        match self {
            Delim::Inline => "}}",
            Delim::Block => "%}",
        }
    }

    fn open(self) -> &'static str {
        match self {
            Delim::Inline => "{{",
            Delim::Block => "{%",
        }
    }
}

/// What one tag in the source turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tag {
    /// `{{ name(...) }}` or `{% name(...) %}` (see the [`Delim`]).
    Call {
        delim: Delim,
        name: String,
        args: Args,
    },
    /// `{% end %}`.
    End,
    /// `{{/* x */}}`: to be shown as the literal text `{{ x }}`.
    Literal(String),
    /// Something that committed to being a call (`name(`) but is malformed.
    Error {
        message: String,
        hint: Option<String>,
    },
}

/// A tag and the byte range it covers in the source.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scanned {
    pub tag: Tag,
    pub span: Range<usize>,
}

/// Remembers where the next `*/}}` and `*/%}` are, so that a page full of unterminated `{{/*`
/// costs one search instead of one per `{{/*` (quadratic time).
#[derive(Debug, Default)]
pub(crate) struct LiteralEnds {
    inline: Option<Option<usize>>,
    block: Option<Option<usize>>,
}

impl LiteralEnds {
    /// The first terminator of `delim`'s escape at or after `from`. Calls must come with
    /// non-decreasing `from`, as a left-to-right scan does.
    fn next(&mut self, src: &str, from: usize, delim: Delim) -> Option<usize> {
        let (slot, terminator) = match delim {
            Delim::Inline => (&mut self.inline, "*/}}"),
            Delim::Block => (&mut self.block, "*/%}"),
        };
        match *slot {
            Some(None) => return None,
            Some(Some(found)) if found >= from => return Some(found),
            _ => {}
        }
        let found = src
            .get(from..)
            .and_then(|rest| rest.find(terminator))
            .map(|ix| from + ix);
        *slot = Some(found);
        found
    }
}

/// Reads the tag starting at `at` (which must be the `{` of `{{` or `{%`).
///
/// Returns `None` when the text is not shortcode syntax at all and must stay prose.
pub(crate) fn tag_at(
    src: &str,
    at: usize,
    delim: Delim,
    literal_ends: &mut LiteralEnds,
) -> Option<Scanned> {
    let mut cur = Cursor { src, pos: at + 2 };
    if cur.eat("/*") {
        return literal(src, at, delim, literal_ends);
    }
    cur.skip_ws();
    let name = cur.ident(true)?;
    cur.skip_ws();
    if delim == Delim::Block && name == "end" {
        if !cur.eat("%}") {
            return None;
        }
        return Some(Scanned {
            tag: Tag::End,
            span: at..cur.pos,
        });
    }
    if !cur.eat("(") {
        return None;
    }
    // From here on the text is unmistakably meant as a call: problems are errors.
    let parsed = cur.args().and_then(|args| {
        cur.skip_ws();
        if cur.eat(delim.close()) {
            Ok(args)
        } else {
            Err(SyntaxError::new(
                cur.pos,
                format!(
                    "expected `{}` to close the shortcode `{name}`",
                    delim.close()
                ),
            )
            .hint(&format!(
                "close the call with `{}` right after its `)`",
                delim.close()
            )))
        }
    });
    Some(match parsed {
        Ok(args) => Scanned {
            tag: Tag::Call {
                delim,
                name: name.to_string(),
                args,
            },
            span: at..cur.pos,
        },
        Err(err) => {
            let end = error_end(src, err.pos, delim);
            Scanned {
                tag: Tag::Error {
                    message: err.message,
                    hint: err.hint,
                },
                span: at..end,
            }
        }
    })
}

/// `{{/* inner */}}` becomes `{{ inner }}` (keeping `inner`'s own spacing), as in Zola.
fn literal(src: &str, at: usize, delim: Delim, ends: &mut LiteralEnds) -> Option<Scanned> {
    let inner_start = at + 4;
    let inner_end = ends.next(src, inner_start, delim)?;
    let inner = src.get(inner_start..inner_end)?;
    Some(Scanned {
        tag: Tag::Literal(format!("{}{inner}{}", delim.open(), delim.close())),
        // The terminator is `*/` and the closing delimiter.
        span: at..inner_end + 4,
    })
}

/// Where a malformed call's error span ends: at its closing delimiter if it is on the line where the
/// problem is, else at the end of that line, so the span stays short and readable.
fn error_end(src: &str, pos: usize, delim: Delim) -> usize {
    let pos = pos.min(src.len());
    let rest = &src[pos..];
    let line_end = rest.find('\n').unwrap_or(rest.len());
    match rest[..line_end].find(delim.close()) {
        Some(ix) => pos + ix + 2,
        None => pos + line_end,
    }
}

/// A syntax error at a byte position of the source.
#[derive(Debug)]
struct SyntaxError {
    pos: usize,
    message: String,
    hint: Option<String>,
}

impl SyntaxError {
    fn new(pos: usize, message: String) -> Self {
        SyntaxError {
            pos,
            message,
            hint: None,
        }
    }

    fn hint(mut self, hint: &str) -> Self {
        self.hint = Some(hint.to_string());
        self
    }
}

/// A position in the source with the small vocabulary the grammar needs.
struct Cursor<'s> {
    src: &'s str,
    pos: usize,
}

impl<'s> Cursor<'s> {
    fn rest(&self) -> &'s str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<u8> {
        self.src.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, s: &str) -> bool {
        let found = self.rest().starts_with(s);
        if found {
            self.pos += s.len();
        }
        found
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// An ASCII identifier; shortcode names may also contain `-` (they are file names).
    fn ident(&mut self, allow_dash: bool) -> Option<&'s str> {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        if !bytes
            .first()
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        {
            return None;
        }
        let len = bytes
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'_' || (allow_dash && b == b'-')))
            .unwrap_or(bytes.len());
        self.pos += len;
        Some(&rest[..len])
    }

    /// `name=value, ...)`: everything after the opening parenthesis, up to and including `)`.
    fn args(&mut self) -> Result<Args, SyntaxError> {
        let mut args = Args::new();
        loop {
            self.skip_ws();
            if self.eat(")") {
                return Ok(args);
            }
            let name_at = self.pos;
            let Some(name) = self.ident(false) else {
                return Err(
                    SyntaxError::new(self.pos, "expected an argument name or `)`".into())
                        .hint("arguments are written `name=value`, separated by commas"),
                );
            };
            self.skip_ws();
            if !self.eat("=") {
                return Err(
                    SyntaxError::new(self.pos, format!("expected `=` after `{name}`"))
                        .hint("arguments are written `name=value`"),
                );
            }
            self.skip_ws();
            let value = self.value(0)?;
            if args.insert(name.to_string(), value).is_some() {
                return Err(SyntaxError::new(
                    name_at,
                    format!("the argument `{name}` is given twice"),
                )
                .hint("keep one of the two"));
            }
            self.skip_ws();
            if self.eat(",") {
                continue;
            }
            if self.eat(")") {
                return Ok(args);
            }
            return Err(
                SyntaxError::new(self.pos, "expected `,` or `)` after an argument".into())
                    .hint("separate arguments with `,` and close the call with `)`"),
            );
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        match self.peek() {
            Some(q @ (b'"' | b'\'')) => self.string(q).map(Value::String),
            Some(b'[') => self.list(depth),
            Some(b) if b.is_ascii_digit() || b == b'-' || b == b'+' => self.number(),
            Some(b) if b.is_ascii_alphabetic() => {
                let at = self.pos;
                match self.ident(false) {
                    Some("true") => Ok(Value::Bool(true)),
                    Some("false") => Ok(Value::Bool(false)),
                    word => Err(SyntaxError::new(
                        at,
                        format!("unexpected `{}`", word.unwrap_or_default()),
                    )
                    .hint("strings need quotes: `\"...\"` or `'...'`")),
                }
            }
            _ => Err(SyntaxError::new(self.pos, "expected a value".into())
                .hint("a value is a quoted string, a number, `true`, `false` or a list `[...]`")),
        }
    }

    /// A string in `quote`s, on one line (so a missing quote is reported where it is, not at the
    /// end of the page); `\\`, `\"`, `\'`, `\n` and `\t` are escapes, any other backslash is
    /// kept as is (so Windows-like paths survive).
    fn string(&mut self, quote: u8) -> Result<String, SyntaxError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let rest = self.rest();
        let mut chars = rest.char_indices();
        while let Some((ix, c)) = chars.next() {
            match c {
                c if c as u32 == u32::from(quote) => {
                    self.pos += ix + 1;
                    return Ok(out);
                }
                '\n' => break,
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, e @ ('\\' | '"' | '\''))) => out.push(e),
                    Some((_, other)) => {
                        out.push('\\');
                        out.push(other);
                    }
                    None => out.push('\\'),
                },
                c => out.push(c),
            }
        }
        Err(SyntaxError::new(start, "unterminated string".into())
            .hint("close the string with the same quote it opens with"))
    }

    fn list(&mut self, depth: usize) -> Result<Value, SyntaxError> {
        if depth >= MAX_LIST_DEPTH {
            return Err(
                SyntaxError::new(self.pos, "lists are nested too deeply".into())
                    .hint("flatten the list: shortcode arguments nest 16 lists at most"),
            );
        }
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.eat("]") {
                return Ok(Value::Array(items));
            }
            items.push(self.value(depth + 1)?);
            self.skip_ws();
            if self.eat(",") {
                continue;
            }
            if self.eat("]") {
                return Ok(Value::Array(items));
            }
            return Err(
                SyntaxError::new(self.pos, "expected `,` or `]` in a list".into())
                    .hint("separate the list's values with `,` and close it with `]`"),
            );
        }
    }

    /// `-12`, `3.5`, `1e3`: integers become JSON integers, the rest floats.
    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut end = start;
        if matches!(bytes.get(end), Some(b'-' | b'+')) {
            end += 1;
        }
        let digits = |from: usize| {
            bytes[from..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count()
        };
        let int_len = digits(end);
        if int_len == 0 {
            return Err(SyntaxError::new(start, "expected digits".into())
                .hint("write a number such as `3` or `2.5`, or quote the text"));
        }
        end += int_len;
        let mut is_float = false;
        if bytes.get(end) == Some(&b'.') {
            let frac = digits(end + 1);
            if frac == 0 {
                return Err(SyntaxError::new(end, "expected digits after `.`".into())
                    .hint("write a number such as `2.5`"));
            }
            end += 1 + frac;
            is_float = true;
        }
        if matches!(bytes.get(end), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(bytes.get(end + 1), Some(b'-' | b'+')));
            let exp = digits(end + 1 + sign);
            if exp == 0 {
                return Err(
                    SyntaxError::new(end, "expected an exponent after `e`".into())
                        .hint("write a number such as `1e3`, or quote the text"),
                );
            }
            end += 1 + sign + exp;
            is_float = true;
        }
        let text = &self.src[start..end];
        let value = if is_float {
            text.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number)
        } else {
            text.parse::<i64>().ok().map(Value::from)
        };
        self.pos = end;
        value.ok_or_else(|| {
            SyntaxError::new(start, format!("the number `{text}` is out of range"))
                .hint("use a smaller number, or quote it as text")
        })
    }
}

#[cfg(test)]
mod tests;
