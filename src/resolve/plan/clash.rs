//! Who claims an output path, and the error each kind of claimant gets when its claim clashes.

use std::path::PathBuf;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::CONFIG_FILE;
use crate::resolve::output_path::PathProblem;

/// Who claims an output path: named in the note of a later claim of the same path, and located
/// in the error when it is itself the later claim.
pub(super) struct Claimant {
    /// How another claim's note names this one: `content/a.md`, `the sitemap`.
    pub(super) name: String,
    /// Where and how to report this claim when it clashes with an earlier one.
    pub(super) clash: Clash,
}

/// The kinds of claimants, each reported in its own words.
pub(super) enum Clash {
    /// A file Spiega always makes (sitemap, feeds, taxonomies).
    Generated,
    /// A page whose path comes from site.yaml (timeline, glossary).
    Configured,
    /// A data entry's page.
    DataPage {
        source: SourceFile,
        span: std::ops::Range<usize>,
    },
    /// A page or section.
    Page {
        source: SourceFile,
        span: std::ops::Range<usize>,
        url: String,
    },
    /// An alias in a page's front matter.
    Alias {
        source: SourceFile,
        span: std::ops::Range<usize>,
        file: String,
    },
    /// A static file or content asset.
    Copy { shown: PathBuf },
    /// The CSV file of a chart in a page.
    Chart {
        source: SourceFile,
        span: std::ops::Range<usize>,
        file: String,
    },
}

impl Claimant {
    /// Whether an editor wrote this claim at a line of a file (a page, an alias, an entry).
    pub(super) fn is_written(&self) -> bool {
        matches!(
            self.clash,
            Clash::Page { .. } | Clash::Alias { .. } | Clash::DataPage { .. } | Clash::Chart { .. }
        )
    }

    /// The error for this claim of `path`, which `other` (named in the note) also writes.
    pub(super) fn same_path(&self, path: &str, other: &str) -> Diagnostic {
        match &self.clash {
            Clash::Page { source, span, url } => Diagnostic::error(format!(
                "two pages would be written to the same URL `{url}`"
            ))
            .at(source, span.clone())
            .with_note(format!("`{url}` is also produced by {other}"))
            .with_hint("give one of them another file name or a different `slug`"),
            Clash::Alias { source, span, file } => {
                Diagnostic::error(format!("the alias `{file}` would overwrite another output"))
                    .at(source, span.clone())
                    .with_note(format!("`{file}` is also produced by {other}"))
                    .with_hint("remove the alias or change it")
            }
            Clash::Chart { source, span, file } => Diagnostic::error(format!(
                "this chart's data file `{file}` would overwrite another output"
            ))
            .at(source, span.clone())
            .with_note(format!("`{file}` is also produced by {other}"))
            .with_hint("give the chart another `id`"),
            Clash::Copy { shown } => Diagnostic::error(format!(
                "`{}` would overwrite the generated `{path}`",
                shown.display()
            ))
            .in_file(shown.clone())
            .with_note(format!("`{path}` is also produced by {other}"))
            .with_hint("rename or remove the file"),
            Clash::DataPage { source, span } => {
                Diagnostic::error(format!("this entry's page `{path}` is written twice"))
                    .at(source, span.clone())
                    .with_note(format!("`{path}` is also produced by {other}"))
                    .with_hint("change the collection's `paths` in site.yaml, or the id")
            }
            Clash::Generated | Clash::Configured => {
                Diagnostic::error(format!("`{path}` would be written twice"))
                    .in_file(CONFIG_FILE)
                    .with_note(format!("by {} and by {other}", self.name))
                    .with_hint("give the timeline, the glossary, the collections and the taxonomies paths of their own in site.yaml")
            }
        }
    }

    /// The error for this claim of `path`, which cannot exist beside `other_path`: one of the
    /// two needs as a folder what the other writes as a file.
    pub(super) fn file_and_folder(&self, path: &str, other_path: &str, other: &str) -> Diagnostic {
        let message = format!("`{path}` cannot be written: `{other_path}` is in the way");
        let note =
            format!("{other} writes `{other_path}`; a path cannot be both a file and a folder");
        let diagnostic = Diagnostic::error(message).with_note(note);
        match &self.clash {
            Clash::Page { source, span, .. } => diagnostic
                .at(source, span.clone())
                .with_hint("give the page another file name or a different `slug`"),
            Clash::Alias { source, span, .. } => diagnostic
                .at(source, span.clone())
                .with_hint("remove the alias or change it"),
            Clash::Chart { source, span, .. } => diagnostic
                .at(source, span.clone())
                .with_hint("give the chart another `id`"),
            Clash::DataPage { source, span } => diagnostic
                .at(source, span.clone())
                .with_hint("change the collection's `paths` in site.yaml, or the id"),
            Clash::Copy { shown } => diagnostic
                .in_file(shown.clone())
                .with_hint("rename or move the file"),
            Clash::Generated | Clash::Configured => diagnostic
                .in_file(CONFIG_FILE)
                .with_hint("give the timeline, the glossary, the collections and the taxonomies paths of their own in site.yaml"),
        }
    }

    /// The error for a claim whose path would not stay inside the output folder.
    pub(super) fn unsafe_path(&self, path: &str, problem: &PathProblem) -> Diagnostic {
        let diagnostic = Diagnostic::error(format!("the output path `{path}` {problem}"));
        let diagnostic = match &self.clash {
            Clash::Page { source, span, .. }
            | Clash::Alias { source, span, .. }
            | Clash::Chart { source, span, .. }
            | Clash::DataPage { source, span } => diagnostic.at(source, span.clone()),
            Clash::Copy { shown } => diagnostic.in_file(shown.clone()),
            Clash::Generated | Clash::Configured => diagnostic.in_file(CONFIG_FILE),
        };
        diagnostic.with_hint(problem.hint())
    }
}
