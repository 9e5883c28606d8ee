//! Where a key or a value is written in site.yaml, for errors that serde_yaml cannot place.

use crate::diagnostic::SourceFile;

/// The span of `key:` at the start of a line, for errors about a key's value. serde_yaml has no
/// value spans, so a text search is the best place we can give.
pub fn key_span(source: &SourceFile, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in source.text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed
            .strip_prefix(key)
            .is_some_and(|r| r.starts_with(':'))
        {
            let start = offset + (line.len() - trimmed.len());
            return start..start + key.len();
        }
        offset += line.len();
    }
    0..0
}

/// The span of the first occurrence of a scalar value, for errors about that value.
pub fn value_span(source: &SourceFile, value: &str) -> std::ops::Range<usize> {
    if value.is_empty() {
        return 0..0;
    }
    source
        .text
        .find(value)
        .map_or(0..0, |start| start..start + value.len())
}
