//! YAML parsing that turns serde_yaml's errors into located diagnostics.
//!
//! serde_yaml reports a line and column relative to the text it was given; front matter is a slice
//! of a Markdown file, so every position is shifted back into the whole file before it is shown.

use std::ops::Range;

use serde::de::DeserializeOwned;

mod explain;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::nesting;

/// Parses `source.text[range]` as YAML into `T`, with errors located in the whole file.
pub fn parse_slice<T: DeserializeOwned>(
    source: &SourceFile,
    range: Range<usize>,
) -> Result<T, Diagnostic> {
    let text = source.text.get(range.clone()).unwrap_or_default();
    if let Err(too_deep) = nesting::check_depth(text) {
        return Err(too_deep_error(source, range.start + too_deep.offset));
    }
    serde_yaml::from_str(text).map_err(|error| located_error(source, range.start, &error))
}

/// The error for YAML nested past [`nesting::MAX_DEPTH`], at the level one too many.
fn too_deep_error(source: &SourceFile, at: usize) -> Diagnostic {
    let width = source.text[at..].chars().next().map_or(0, char::len_utf8);
    Diagnostic::error(format!(
        "YAML nested more than {} levels deep",
        nesting::MAX_DEPTH
    ))
    .at(source, at..at + width)
    .with_label(format!("level {} starts here", nesting::MAX_DEPTH + 1))
    .with_hint(format!(
        "lists and maps may nest {} levels at most: flatten this value",
        nesting::MAX_DEPTH
    ))
}

/// Parses a whole file as YAML into `T`.
pub fn parse_file<T: DeserializeOwned>(source: &SourceFile) -> Result<T, Diagnostic> {
    parse_slice(source, 0..source.text.len())
}

/// How a deserializer of ours puts a hint in the message of a serde error (which carries only a
/// message): the hint becomes the diagnostic's `help`.
pub const HELP: &str = "\n= help: ";

/// Stands for the key a value is under in a message built by a deserializer, which does not know
/// it: the message names it in backticks (or says "this value").
pub const KEY: &str = "{key}";

/// A serde error message with its hint, for [`HELP`].
pub fn with_hint(message: impl std::fmt::Display, hint: impl std::fmt::Display) -> String {
    format!("{message}{HELP}{hint}")
}

/// Turns a serde_yaml error for text starting at byte `base` of `source` into a diagnostic.
pub fn located_error(source: &SourceFile, base: usize, error: &serde_yaml::Error) -> Diagnostic {
    let raw = error.to_string();
    let positions: Vec<usize> = positions(&raw)
        .into_iter()
        .map(|(line, column)| absolute(source, base, line, column))
        .collect();
    let message = message_without_position(&raw);
    let start = match error.location() {
        Some(location) => absolute(source, base, location.line(), location.column()),
        None => base,
    };
    if let Some(diagnostic) = explain::tab(source, start, &message) {
        return diagnostic;
    }
    let opened = positions.last().copied().filter(|&at| at != start);
    if let Some(opened) = opened
        && let Some(diagnostic) = explain::unclosed(source, &message, opened, start)
    {
        return diagnostic;
    }
    let explained = explain::explain(&message, source, start);
    let start = explained.start.unwrap_or(start);
    let len = match explained.highlighted {
        Some(word) if source.text[start..].starts_with(word.as_str()) => word.len(),
        _ => explain::value_len(&source.text[start..]),
    };
    let mut diagnostic = Diagnostic::error(explained.message)
        .with_hint(explained.hint)
        .at(source, start..start + len);
    if let Some(label) = explained.label {
        diagnostic = diagnostic.with_label(label);
    }
    diagnostic
}

/// The byte offset in `source` of a 1-based line and column of the YAML that starts at `base`.
fn absolute(source: &SourceFile, base: usize, line: usize, column: usize) -> usize {
    let (base_line, base_column) = source.line_col(base);
    let line_in_file = base_line + line.saturating_sub(1);
    let column_in_file = if line <= 1 {
        base_column + column.saturating_sub(1)
    } else {
        column
    };
    source.offset_of(line_in_file, column_in_file)
}

/// Every " at line L column C" of a serde_yaml message, in order: where the error is, then where
/// what it was reading started (a quote, a bracket).
fn positions(message: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut rest = message;
    while let Some(index) = rest.find(" at line ") {
        let after = &rest[index + " at line ".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line = after[..digits].parse().ok();
        let tail = after[digits..].strip_prefix(" column ");
        let column = tail.and_then(|t| {
            let n = t.len() - t.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            t[..n].parse().ok()
        });
        if let (Some(line), Some(column)) = (line, column) {
            found.push((line, column));
        }
        rest = after;
    }
    found
}

/// serde_yaml writes " at line L column C" into its messages, counted from the start of the YAML it
/// was given (for front matter, not the file's lines); the diagnostic shows the right position
/// itself, so every such phrase is removed.
fn message_without_position(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(index) = rest.find(" at line ") {
        out.push_str(&rest[..index]);
        let after = &rest[index + " at line ".len()..];
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let tail = &after[digits..];
        match tail.strip_prefix(" column ") {
            Some(column) if digits > 0 => {
                rest = column.trim_start_matches(|c: char| c.is_ascii_digit());
            }
            _ => {
                out.push_str(" at line ");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Front {
        title: String,
        date: Option<String>,
    }

    #[test]
    fn unknown_key_points_at_the_key_in_the_whole_file_with_a_hint() {
        let source = SourceFile::new("a.md", "---\ntitle: x\ntitel: y\n---\nbody");
        let error = parse_slice::<Front>(&source, 4..22).err();
        let error = error.unwrap_or_else(|| Diagnostic::error("no error"));
        assert_eq!(error.message, "unknown key `titel`");
        assert_eq!(error.hint.as_deref(), Some("did you mean `title`?"));
        assert_eq!(error.position().1, 3);
        assert_eq!(error.position().2, 1);
    }

    #[test]
    fn syntax_error_position_is_shifted_into_the_file() {
        let source = SourceFile::new("a.md", "---\ntitle: Perché: x\n---\n");
        let error = parse_slice::<Front>(&source, 4..23).err();
        let position = error.as_ref().map(|e| (e.position().1, e.position().2));
        assert_eq!(position, Some((2, 14)));
    }

    #[test]
    fn every_relative_position_is_removed_from_the_message() {
        let message = "found unexpected end of stream at line 3 column 1, while scanning a quoted scalar at line 1 column 8";
        assert_eq!(
            message_without_position(message),
            "found unexpected end of stream, while scanning a quoted scalar"
        );
    }

    #[test]
    fn nesting_past_the_limit_is_an_error_where_it_crosses_the_limit() {
        let depth = nesting::MAX_DEPTH;
        let text = format!(
            "---\ntitle: x\nextra: {}{}\n---\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let source = SourceFile::new("a.md", text.as_str());
        let error = parse_slice::<Front>(&source, 4..text.len() - 4).err();
        let error = error.unwrap_or_else(|| Diagnostic::error("no error"));
        assert_eq!(error.message, "YAML nested more than 64 levels deep");
        assert_eq!((error.position().1, error.position().2), (3, 7 + depth));
        assert!(error.hint.is_some_and(|h| h.contains("64 levels")));
    }

    #[test]
    fn missing_field_is_explained() {
        let source = SourceFile::new("a.yaml", "date: x\n");
        let error = parse_file::<Front>(&source).err();
        assert_eq!(
            error.map(|e| e.message),
            Some("missing required key `title`".to_string())
        );
    }
}
