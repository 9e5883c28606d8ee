//! serde_yaml's messages reworded for editors: what is wrong in their words, and a hint that says
//! how to fix it (a tab, a bracket or quote never closed, a value of the wrong type, text that
//! needs quotes).

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::yaml::{HELP, KEY};
use crate::suggest;

/// A message reworded, with its hint and what to underline.
pub(super) struct Explained {
    pub(super) message: String,
    pub(super) hint: String,
    pub(super) label: Option<String>,
    /// The word to underline when the error points at it (an unknown key).
    pub(super) highlighted: Option<String>,
    /// Where the mistake starts, when it is before where the parser stopped.
    pub(super) start: Option<usize>,
}

impl Explained {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            hint: hint.into(),
            label: None,
            highlighted: None,
            start: None,
        }
    }
}

/// A tab where YAML wants spaces: at the error, or in the indentation of its line.
pub(super) fn tab(source: &SourceFile, start: usize, message: &str) -> Option<Diagnostic> {
    let text = &*source.text;
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[line_start..line_end];
    let indentation = line.len() - line.trim_start_matches([' ', '\t']).len();
    let at_error = text[start..].starts_with('\t');
    let tab_at = if at_error {
        Some(start)
    } else {
        line[..indentation].find('\t').map(|i| line_start + i)
    };
    let tab_at = tab_at.or_else(|| {
        message
            .contains("tab")
            .then(|| line.find('\t').map(|i| line_start + i))
            .flatten()
    })?;
    Some(
        Diagnostic::error("a tab in YAML, which only allows spaces here")
            .at(source, tab_at..tab_at + 1)
            .with_label("tab")
            .with_hint(
                "indent with spaces: replace the tab with spaces (most editors can show tabs)",
            ),
    )
}

/// A quote or bracket never closed: the error is where the parser gave up, `opened` where the
/// quote or bracket is.
pub(super) fn unclosed(
    source: &SourceFile,
    message: &str,
    opened: usize,
    start: usize,
) -> Option<Diagnostic> {
    let text = &*source.text;
    let found_at = source.line_col(start).0;
    let mark = text[opened..].chars().next()?;
    let (what, close) = if message.contains("while scanning a quoted scalar") {
        ("quoted text", mark.to_string())
    } else if message.contains("while parsing a flow sequence") {
        ("list", "]".to_string())
    } else if message.contains("while parsing a flow mapping") {
        ("map", "}".to_string())
    } else {
        return None;
    };
    let hint = if mark == '\'' {
        "close it with `'` at the end of the text (inside single quotes, write a `'` as `''`)"
            .to_string()
    } else if what == "quoted text" {
        "close it with `\"` at the end of the text (inside double quotes, write a `\"` as `\\\"`)"
            .to_string()
    } else {
        format!("close it with `{close}`, and separate its items with `, `")
    };
    Some(
        Diagnostic::error(format!("this `{mark}` is never closed"))
            .at(source, opened..opened + mark.len_utf8())
            .with_label(format!("the {what} starts here"))
            .with_note(format!(
                "the YAML is read up to line {found_at} without finding its `{close}`"
            ))
            .with_hint(hint),
    )
}

/// The length of the YAML value that starts `text`: a quoted or bracketed value whole, else up to
/// the end of the line or a comment.
pub(super) fn value_len(text: &str) -> usize {
    let line = text.split('\n').next().unwrap_or_default();
    let line = line.trim_end_matches('\r');
    let Some(first) = line.chars().next() else {
        return 0;
    };
    let closing = match first {
        '"' | '\'' => Some(first),
        '[' => Some(']'),
        '{' => Some('}'),
        _ => None,
    };
    if let Some(close) = closing
        && let Some(end) = line[1..].rfind(close)
    {
        return end + 2;
    }
    let end = line.find(" #").unwrap_or(line.len());
    line[..end].trim_end().len()
}

/// Rewrites a serde_yaml message for editors.
pub(super) fn explain(message: &str, source: &SourceFile, start: usize) -> Explained {
    let (path, rest) = split_path(message);
    let place = match path {
        Some(p) if !rest.contains(&format!("`{p}`")) => format!(" in `{p}`"),
        _ => String::new(),
    };
    if let Some((said, hint)) = rest.split_once(HELP) {
        let said = said.trim_end();
        let hint = hint.trim_end();
        if said.contains(KEY) {
            let key = path.map_or("this value".to_string(), |p| format!("`{}`", last_key(p)));
            return Explained::new(said.replacen(KEY, &key, 1), hint);
        }
        return Explained::new(format!("{said}{place}"), hint);
    }
    if let Some(explained) = unknown_name(rest, &place) {
        return explained;
    }
    if let Some(after) = rest.strip_prefix("missing field")
        && let Some(name) = backticked(after).first()
    {
        // Reported at the start of the map, where nothing in particular is wrong.
        let mut explained = Explained::new(
            format!("missing required key `{name}`{place}"),
            format!("add `{name}: …`"),
        );
        explained.highlighted = Some(String::new());
        return explained;
    }
    if let Some(explained) = wrong_type(rest, path) {
        return explained;
    }
    if let Some(after) = rest.strip_prefix("duplicate entry with key ") {
        return Explained::new(
            format!("the key {} is written twice{place}", after.trim()),
            "keep one of the two: YAML would silently use the last",
        );
    }
    if rest.starts_with("duplicate key") {
        return Explained::new(
            format!("{rest}{place}"),
            "keep one of the two: YAML would silently use the last",
        );
    }
    syntax(rest, &place, source, start)
}

/// `unknown field` and `unknown variant`, with the nearest known name.
fn unknown_name(rest: &str, place: &str) -> Option<Explained> {
    for (serde_words, our_words) in [
        ("unknown field", "unknown key"),
        ("unknown variant", "unknown value"),
    ] {
        let Some(after) = rest.strip_prefix(serde_words) else {
            continue;
        };
        let names = backticked(after);
        let (wrong, known) = names.split_first()?;
        let list: Vec<String> = known.iter().map(|k| format!("`{k}`")).collect();
        let hint =
            suggest::did_you_mean(wrong, known.iter().map(String::as_str)).unwrap_or_else(|| {
                if list.is_empty() {
                    "remove it: nothing is expected here".to_string()
                } else {
                    format!("expected one of {}", list.join(", "))
                }
            });
        let mut explained = Explained::new(format!("{our_words} `{wrong}`{place}"), hint);
        explained.highlighted = Some(wrong.clone());
        return Some(explained);
    }
    None
}

/// serde's `invalid type: X, expected Y` (and `invalid value`), in words.
fn wrong_type(rest: &str, path: Option<&str>) -> Option<Explained> {
    let after = rest
        .strip_prefix("invalid type: ")
        .or_else(|| rest.strip_prefix("invalid value: "))?;
    let (found, expected) = after.split_once(", expected ")?;
    let key = path.map(last_key);
    let subject = key.map_or("this value".to_string(), |k| format!("`{k}`"));
    let expected_words = expected_in_words(expected);
    let found_words = found_in_words(found);
    let hint = match (expected_words.as_str(), key) {
        ("`true` or `false`", Some(k)) => format!("write `{k}: true` or `{k}: false`"),
        ("a whole number", Some(k)) => format!("write a whole number, such as `{k}: 10`"),
        ("a number", _) => "write the number alone, without quotes or a unit".to_string(),
        ("text", _) => {
            "write the text after the key; quote it (`\"…\"`) if it starts with `[`, `{`, `-`, `@` or holds `: `"
                .to_string()
        }
        ("a list", Some(k)) => format!("write a list: `{k}: [a, b]`, or one `- item` per line"),
        ("a map", Some("taxonomies")) => "write `taxonomies: {tags: [a, b]}`".to_string(),
        ("a map", _) => "write `key: value` pairs, indented under it, or `{key: value}`".to_string(),
        (words, _) if words.starts_with("a date") => {
            "write the date as YYYY-MM-DD, e.g. `2024-11-25`".to_string()
        }
        _ => format!("write {expected_words} here"),
    };
    Some(Explained::new(
        format!("{subject} must be {expected_words}, not {found_words}"),
        hint,
    ))
}

/// The last key of a serde path (`languages[1].code` → `code`).
fn last_key(path: &str) -> &str {
    let path = path.trim_end_matches(|c: char| c == ']' || c.is_ascii_digit() || c == '[');
    path.rsplit('.').next().unwrap_or(path)
}

fn expected_in_words(expected: &str) -> String {
    match expected.trim() {
        "a string" | "a borrowed string" | "a string or map" => "text".to_string(),
        "a boolean" => "`true` or `false`".to_string(),
        "i64" | "u64" | "i32" | "u32" | "usize" | "an integer" => "a whole number".to_string(),
        "f64" | "f32" | "a number" => "a number".to_string(),
        "a sequence" => "a list".to_string(),
        other if other == "a map" || other.starts_with("struct ") || other.contains("keys") => {
            "a map".to_string()
        }
        other if other.starts_with("a date") => other.to_string(),
        other => other.to_string(),
    }
}

fn found_in_words(found: &str) -> String {
    let found = found.trim();
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches(|c| c == '"' || c == '`').to_string())
    };
    if let Some(text) = quoted("string ") {
        return format!("the text `{text}`");
    }
    if let Some(number) = quoted("integer ").or_else(|| quoted("floating point ")) {
        return format!("the number `{number}`");
    }
    if let Some(value) = quoted("boolean ") {
        return format!("`{value}`");
    }
    match found {
        "sequence" => "a list".to_string(),
        "map" => "a map".to_string(),
        "unit value" | "null" => "nothing".to_string(),
        other => other.to_string(),
    }
}

/// libyaml's syntax errors, each with what usually causes it.
fn syntax(rest: &str, place: &str, source: &SourceFile, start: usize) -> Explained {
    let text = &*source.text;
    let here = text[start..].chars().next().unwrap_or(' ');
    if rest.starts_with("mapping values are not allowed") {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let indented = text[line_start..start].starts_with(' ');
        let hint = if indented {
            "this line is indented under the value above it: align its key with the other keys, or quote the value above"
        } else {
            "quote a value that holds `: `, e.g. `title: \"A: B\"`"
        };
        let mut explained = Explained::new(format!("a `: ` YAML cannot read here{place}"), hint);
        explained.highlighted = Some(":".to_string());
        return explained;
    }
    if rest.starts_with("found character that cannot start any token") {
        return Explained::new(
            format!("`{here}` cannot start a value in YAML{place}"),
            "quote the value, e.g. `\"@name\"`",
        );
    }
    if rest.starts_with("found unknown escape character") {
        let escape: String = text[start..].chars().take(2).collect();
        let mut explained = Explained::new(
            format!("`{escape}` is not an escape in double quotes{place}"),
            "write `\\\\` for a backslash, or use single quotes ('…'), where `\\` is plain text",
        );
        explained.highlighted = Some(escape);
        return explained;
    }
    if rest.starts_with("did not find expected hexadecimal number") {
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let backslash = text[line_start..start].rfind('\\').map(|i| line_start + i);
        let escape: String = backslash
            .map(|at| text[at..].chars().take(2).collect())
            .unwrap_or_default();
        let mut explained = Explained::new(
            format!("`{escape}` starts an escape in double quotes{place}"),
            "write `\\\\` for a backslash, or use single quotes ('…'), where `\\` is plain text",
        );
        explained.start = backslash;
        explained.highlighted = Some(escape);
        return explained;
    }
    if rest.starts_with("did not find expected key")
        || rest.starts_with("did not find expected '-'")
    {
        return Explained::new(
            format!("a line YAML cannot place here{place}"),
            "align this line with the keys (or `- ` items) above it: every line of a map is `key: value`",
        );
    }
    if rest.starts_with("block sequence entries are not allowed") {
        return Explained::new(
            format!("a `- ` list item where a value is expected{place}"),
            "put the list on the lines below its key, indented, or write it as `[a, b]`",
        );
    }
    if rest.starts_with("could not find expected ':'") {
        return Explained::new(
            format!("a key without `:`{place}"),
            "add `: ` after the key, or quote the text if it is a value",
        );
    }
    if rest.contains("control characters are not allowed") {
        return Explained::new(
            format!("an invisible control character{place}"),
            "delete it (it may come from a copy and paste)",
        );
    }
    Explained::new(
        format!("{rest}{place}"),
        "check the YAML here: indent with spaces, write `key: value`, and quote text that holds `: ` or `#`",
    )
}

/// serde_yaml prefixes errors inside nested values with their path, as in `languages[1]: …`.
fn split_path(message: &str) -> (Option<&str>, &str) {
    match message.split_once(": ") {
        Some((path, rest))
            if !path.is_empty()
                && path
                    .chars()
                    .all(|c| c.is_alphanumeric() || "._[]-".contains(c)) =>
        {
            (Some(path), rest)
        }
        _ => (None, message),
    }
}

/// The words between backticks, in order.
fn backticked(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}
