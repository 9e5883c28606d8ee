//! Diagnostics: every mistake found in a site, located in its source file, with a hint.
//!
//! A [`Diagnostic`] carries what the editor needs to fix the mistake: the file, the line and column,
//! a snippet of the source and, where we can guess it, a hint. They are printed like rustc's
//! messages with annotate-snippets.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

pub mod locate;

/// How the note naming the page being rendered starts: errors met on many pages at one place of
/// a template are reported once ([`merge_repeats`]).
pub const WHILE_RENDERING: &str = "while rendering ";

/// How serious a diagnostic is: errors fail the build, warnings do not (unless `--strict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Fails the build.
    Error,
    /// Reported, but the build goes on.
    Warning,
}

/// A source file's text, shared by every diagnostic that points into it.
#[derive(Clone)]
pub struct SourceFile {
    /// The path shown to the user (relative to the site root where possible).
    pub path: PathBuf,
    /// The whole text of the file.
    pub text: Arc<str>,
    /// What is worked out from the text on first use, shared by every clone: a file with N
    /// diagnostics is indexed once, not N times.
    cache: Arc<SourceCache>,
}

/// Indexes of a [`SourceFile`]'s text, each built when first needed.
#[derive(Default)]
struct SourceCache {
    lines: OnceLock<LineIndex>,
    yaml: OnceLock<YamlCache>,
}

/// The YAML index of one region of a file (the whole file, or a page's front matter).
pub(crate) type YamlCache = (Range<usize>, Arc<locate::YamlIndex>);

impl SourceFile {
    /// Wraps a file's path and text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
            cache: Arc::default(),
        }
    }

    /// The 1-based line and column (in characters) of a byte offset, clamped to the text.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let lines = self.lines();
        let line = lines.starts.partition_point(|&start| start <= offset);
        let start = lines.starts[line - 1];
        let column = if lines.ascii[line - 1] {
            offset - start
        } else {
            self.text[start..offset].chars().count()
        };
        (line, column + 1)
    }

    /// The byte offset of a 1-based line and column (in characters), clamped to the text.
    pub fn offset_of(&self, line: usize, column: usize) -> usize {
        let lines = self.lines();
        let Some(&start) = line.checked_sub(1).and_then(|i| lines.starts.get(i)) else {
            return self.text.len();
        };
        let end = lines.starts.get(line).copied().unwrap_or(self.text.len());
        let text_line = &self.text[start..end];
        let last = text_line.trim_end_matches('\n').len();
        let within = if lines.ascii[line - 1] {
            column.saturating_sub(1).min(last)
        } else {
            text_line
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(last, |(i, _)| i)
        };
        start + within
    }

    /// Where `load::locate` keeps the YAML index it builds for this file, shared by the clones.
    pub(crate) fn yaml_cache(&self) -> &OnceLock<YamlCache> {
        &self.cache.yaml
    }

    fn lines(&self) -> &LineIndex {
        self.cache.lines.get_or_init(|| LineIndex::new(&self.text))
    }
}

/// Compares path and text: the cache is derived from them.
impl PartialEq for SourceFile {
    fn eq(&self, other: &Self) -> bool {
        self.path == other.path && self.text == other.text
    }
}

impl Eq for SourceFile {}

impl fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceFile")
            .field("path", &self.path)
            .field("text", &self.text)
            .finish()
    }
}

/// Where each line starts, so that a position is found by binary search; and whether each line
/// is ASCII, where a column is a byte count and needs no walk through the line.
struct LineIndex {
    starts: Vec<usize>,
    ascii: Vec<bool>,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                text.as_bytes()[start..end].is_ascii()
            })
            .collect();
        Self { starts, ascii }
    }
}

/// The 1-based line and column (in characters) of a byte offset into `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Where a diagnostic points: a byte range in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file.
    pub source: SourceFile,
    /// The byte range the diagnostic underlines (may be empty).
    pub span: Range<usize>,
}

impl Location {
    /// The 1-based line and column of the start of the span.
    pub fn line_col(&self) -> (usize, usize) {
        self.source.line_col(self.span.start)
    }

    /// The whole lines the span covers, with the span relative to them, and the number of the
    /// first: annotate-snippets reads all the text it is given, so giving it the whole file
    /// would make printing N diagnostics of a file cost N times its length.
    fn excerpt(&self) -> (Excerpt<'_>, usize) {
        let text = &*self.source.text;
        let (first_line, _) = self.source.line_col(self.span.start);
        let start = self.source.offset_of(first_line, 1);
        let end = text[self.span.end..]
            .find('\n')
            .map_or(text.len(), |i| self.span.end + i + 1);
        let excerpt = Excerpt {
            text: &text[start..end],
            relative: self.span.start - start..self.span.end - start,
        };
        (excerpt, first_line)
    }
}

/// Some whole lines of a file and a span in them.
struct Excerpt<'a> {
    text: &'a str,
    relative: Range<usize>,
}

/// One mistake found in a site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The file it concerns when there is no precise position (e.g. an unreadable file).
    pub file: Option<PathBuf>,
    /// The precise place, with the source for a snippet.
    pub location: Option<Location>,
    /// The label under the underlined span.
    pub label: Option<String>,
    /// How to fix it, e.g. "did you mean `vendor`?".
    pub hint: Option<String>,
    /// Other places involved (e.g. the second of two files that write the same URL).
    pub notes: Vec<String>,
    /// Whether this error may only echo another one (a template not found after its name was
    /// reported as missing): it is left out whenever another error is reported, as rustc leaves
    /// out the errors an earlier one explains.
    pub consequence: bool,
}

impl Diagnostic {
    /// An error with a message and nothing else yet.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            location: None,
            label: None,
            hint: None,
            notes: Vec::new(),
            consequence: false,
        }
    }

    /// A warning with a message and nothing else yet.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Points the diagnostic at a byte range of a source file. A line break that ends the range
    /// is left out, so that a one-line mistake is underlined on its line.
    pub fn at(mut self, source: &SourceFile, span: Range<usize>) -> Self {
        let start = floor_char_boundary(&source.text, span.start.min(source.text.len()));
        let end = floor_char_boundary(&source.text, span.end.clamp(start, source.text.len()));
        let trimmed = source.text[start..end].trim_end_matches(['\n', '\r']).len();
        let end = if trimmed > 0 { start + trimmed } else { end };
        self.file = Some(source.path.clone());
        self.location = Some(Location {
            source: source.clone(),
            span: start..end,
        });
        self
    }

    /// Points the diagnostic at a whole file, without a position.
    pub fn in_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.file = Some(path.into());
        self
    }

    /// Adds a label under the underlined span.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Adds a hint on how to fix it.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a hint if there is one.
    pub fn with_optional_hint(mut self, hint: Option<String>) -> Self {
        if hint.is_some() {
            self.hint = hint;
        }
        self
    }

    /// Adds a note naming another place involved.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }

    /// Marks an error that may only echo another one ([`Diagnostic::consequence`]).
    pub fn as_consequence(mut self) -> Self {
        self.consequence = true;
        self
    }

    /// Whether this diagnostic fails the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The `file:line:column` this diagnostic points at, for sorting and one-line summaries.
    pub fn position(&self) -> (Option<&Path>, usize, usize) {
        match &self.location {
            Some(location) => {
                let (line, column) = location.line_col();
                (Some(&location.source.path), line, column)
            }
            None => (self.file.as_deref(), 0, 0),
        }
    }

    /// Renders the diagnostic like rustc, with ANSI styles if `styled` (strip them when not a terminal).
    pub fn render(&self, styled: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let mut group: Group<'_> = Group::with_title(level.primary_title(self.message.as_str()));
        let display_path;
        if let Some(location) = &self.location {
            display_path = location.source.path.display().to_string();
            let (excerpt, first_line) = location.excerpt();
            let mut annotation = AnnotationKind::Primary.span(excerpt.relative.clone());
            if let Some(label) = &self.label {
                annotation = annotation.label(label.as_str());
            }
            group = group.element(
                Snippet::source(excerpt.text)
                    .line_start(first_line)
                    .path(display_path.as_str())
                    .annotation(annotation),
            );
        } else if let Some(file) = &self.file {
            display_path = file.display().to_string();
            group = group.element(Origin::path(display_path.as_str()));
        }
        for note in &self.notes {
            group = group.element(Level::NOTE.message(note.as_str()));
        }
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Sorts diagnostics by file, line and column, errors before warnings at the same place, so that a
/// parallel build reports them in the same order every time; and drops repeats (a mistake in a
/// template met by every page that uses it is one mistake).
pub fn sort_diagnostics(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        let (file_a, line_a, col_a) = a.position();
        let (file_b, line_b, col_b) = b.position();
        file_a
            .cmp(&file_b)
            .then(line_a.cmp(&line_b))
            .then(col_a.cmp(&col_b))
            .then(a.severity.cmp(&b.severity))
            .then(a.message.cmp(&b.message))
            .then_with(|| a.notes.cmp(&b.notes))
    });
    diagnostics.dedup();
}

/// Leaves out the errors marked as consequences when any other error is there to explain them.
pub fn drop_consequences(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.iter().any(|d| d.is_error() && !d.consequence) {
        diagnostics.retain(|d| !d.consequence);
    }
}

/// Merges diagnostics that differ only in their notes (the page being rendered, a note starting
/// with `while rendering `, and the templates that include the one at fault): a mistake in a
/// template met by every page that uses it is one mistake, said once, naming the first page and
/// how many others. `diagnostics` must be sorted.
pub fn merge_repeats(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    const PAGE: &str = WHILE_RENDERING;
    // The notes are left out: one mistake met through several templates (an include's call
    // chain) or pages is still one mistake; the first one's notes are shown.
    let same = |a: &Diagnostic, b: &Diagnostic| {
        a.severity == b.severity
            && a.message == b.message
            && a.location == b.location
            && a.file == b.file
            && a.label == b.label
            && a.hint == b.hint
    };
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    for diagnostic in diagnostics {
        match merged.last_mut() {
            Some((last, repeats)) if same(last, &diagnostic) => *repeats += 1,
            _ => merged.push((diagnostic, 0)),
        }
    }
    merged
        .into_iter()
        .map(|(mut diagnostic, repeats)| {
            if repeats > 0 {
                for note in diagnostic.notes.iter_mut().filter(|n| n.starts_with(PAGE)) {
                    let pages = plural(repeats, "other page", "other pages");
                    *note = format!("{note} (and {pages})");
                }
            }
            diagnostic
        })
        .collect()
}

/// `1 error`, `2 errors`: a count with its noun in the right number.
pub fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "title: Perché: x\nb";
        let offset = text.find(": x").unwrap_or(0);
        assert_eq!(line_col(text, offset), (1, 14));
        assert_eq!(line_col(text, text.len()), (2, 2));
    }

    #[test]
    fn the_line_index_agrees_with_walking_the_text() {
        for text in [
            "",
            "a",
            "ab\ncd\n",
            "\n\nx",
            "Perché\r\nè così\nok",
            "é\n\né",
        ] {
            let source = SourceFile::new("a.md", text);
            for offset in 0..=text.len() + 2 {
                let (line, column) = source.line_col(offset);
                assert_eq!(
                    (line, column),
                    line_col(text, offset),
                    "{text:?} at {offset}"
                );
                let back = source.offset_of(line, column);
                assert_eq!(back, floor_char_boundary(text, offset.min(text.len())));
            }
            assert_eq!(source.offset_of(0, 1), text.len());
            assert_eq!(source.offset_of(99, 1), text.len());
        }
    }

    /// What the snippet looked like when annotate-snippets was given the whole file.
    fn rendered_with_the_whole_file(source: &SourceFile, span: Range<usize>) -> String {
        let snippet = Snippet::source(&*source.text)
            .path("a.yaml")
            .annotation(AnnotationKind::Primary.span(span).label("here"));
        let group = Group::with_title(Level::ERROR.primary_title("x")).element(snippet);
        Renderer::plain().render(&[group])
    }

    #[test]
    fn a_snippet_cut_to_its_lines_renders_as_the_whole_file_did() {
        let text = "a: 1\nb: Perché\n  c: [x, y]\n\nlast: z";
        let source = SourceFile::new("a.yaml", text);
        let spans = [
            0..1,
            6..7,
            9..16,
            21..22,
            5..20,
            17..17,
            text.len()..text.len(),
            30..31,
        ];
        for span in spans {
            let cut = Diagnostic::error("x")
                .at(&source, span.clone())
                .with_label("here")
                .render(false);
            // `at` leaves out a line break that ends the range; so does the reference.
            let kept = text[span.clone()].trim_end_matches(['\n', '\r']).len();
            let shown = if kept > 0 {
                span.start..span.start + kept
            } else {
                span.clone()
            };
            let whole = rendered_with_the_whole_file(&source, shown);
            assert_eq!(cut, whole, "span {span:?}");
        }
    }

    #[test]
    fn offset_of_inverts_line_col() {
        let source = SourceFile::new("a.md", "ab\nPerché: x\n");
        let offset = source.offset_of(2, 7);
        assert_eq!(&source.text[offset..offset + 1], ":");
        assert_eq!(source.line_col(offset), (2, 7));
    }

    #[test]
    fn rendered_error_names_file_line_and_hint() {
        let source = SourceFile::new("content/a.md", "---\ntitel: x\n---\n");
        let text = Diagnostic::error("unknown key `titel`")
            .at(&source, 4..9)
            .with_hint("did you mean `title`?")
            .render(false);
        assert!(text.contains("error: unknown key `titel`"), "{text}");
        assert!(text.contains("content/a.md:2:1"), "{text}");
        assert!(text.contains("help: did you mean `title`?"), "{text}");
        assert!(text.contains("titel: x"), "{text}");
    }

    #[test]
    fn spans_out_of_range_are_clamped() {
        let source = SourceFile::new("a.md", "é");
        let diagnostic = Diagnostic::error("x").at(&source, 1..99);
        let span = diagnostic.location.map(|l| l.span);
        assert_eq!(span, Some(0..2));
    }
}
