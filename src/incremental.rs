//! What a save affects, so that `spiega serve` redoes only that.
//!
//! The most common save, while an editor types, changes the Markdown below the front matter of a
//! page the site already has. Such a save cannot move a URL, change a list's order, a taxonomy,
//! the data or a template: only the edited entries' rendered Markdown and the values built from
//! it (their `content`, `summary`, `toc`, word count, cited sources, glossary terms) can change.
//! [`body_edits`] recognises it; [`crate::render::prepare_after_edit`] then renders only those
//! bodies again; [`outputs_shown_first`] picks the output files an editor is likely looking at
//! (the page, the lists that show it, its terms, feeds and search index, the data pages it
//! names), which are rendered before the reload. `serve` renders the rest right after it and
//! sends a second event if any of them changed too (say a template that shows another page's
//! summary), so that what is served is always what a full build would write.
//!
//! Any other save (front matter, a new or removed file, data, templates, static files, site.yaml)
//! goes through the whole pipeline, with the rendered Markdown of unchanged entries reused.

use std::path::{Path, PathBuf};

use crate::diagnostic::SourceFile;
use crate::load::content::{CONTENT_DIR, ContentFile, DATA_DIR};
use crate::load::front_matter::split_front_matter;
use crate::render::{BodyEdits, OutputKind};
use crate::resolve::ResolvedSite;

/// The body edits of a batch of changed files (relative to `root`), if the batch is only that:
/// every path is the Markdown file of an entry of `site`, still readable, with its front matter
/// byte for byte as before. Files whose text did not change at all are left out, so an empty
/// list means that nothing changed. `None` means that the save needs the whole pipeline.
pub fn body_edits(root: &Path, site: &ResolvedSite, changed: &[PathBuf]) -> Option<BodyEdits> {
    if changed.is_empty() {
        // The watcher lost track (an overflow): only a full rebuild is safe.
        return None;
    }
    let mut edits = BodyEdits::new();
    for path in changed {
        let found = site
            .library
            .entries
            .iter()
            .enumerate()
            .find(|(_, entry)| entry.file.source.path == *path);
        let Some((index, entry)) = found else {
            if is_vanished_scratch_file(root, site, path) {
                continue;
            }
            return None;
        };
        let text = std::fs::read_to_string(root.join(path)).ok()?;
        if let Some(file) = edited_file(&entry.file, text)? {
            edits.push((index, file));
        }
    }
    Some(edits)
}

/// Whether `path` is gone and was no input of the site: the temporary file of an editor (or of
/// `sed -i`) that saves by writing a file with a made-up name under content/ and renaming it over
/// the page. Such a save is still only a body edit.
fn is_vanished_scratch_file(root: &Path, site: &ResolvedSite, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(CONTENT_DIR) else {
        return false;
    };
    let Some(relative) = relative.to_str().map(|r| r.replace('\\', "/")) else {
        return false;
    };
    let in_data = relative == DATA_DIR || relative.starts_with(&format!("{DATA_DIR}/"));
    let copied = site.loaded.content.assets.contains(&relative)
        || site
            .library
            .entries
            .iter()
            .any(|entry| entry.file.assets.contains(&relative));
    !in_data && !copied && !root.join(path).exists()
}

/// `old` with its text replaced by `text`: `Some(None)` if the text is the same, `None` if the
/// front matter changed (or no longer parses).
fn edited_file(old: &ContentFile, text: String) -> Option<Option<ContentFile>> {
    if *old.source.text == *text {
        return Some(None);
    }
    let source = SourceFile::new(old.source.path.clone(), text);
    let split = split_front_matter(&source).ok()?;
    let front_end = split.body_range.start;
    let same_front = front_end == old.body_range.start
        && source.text.get(..front_end) == old.source.text.get(..front_end);
    if !same_front {
        return None;
    }
    Some(Some(ContentFile {
        source,
        body_range: split.body_range,
        ..old.clone()
    }))
}

/// Which of the `plan`'s outputs (by position) may show what the `edited` entries' bodies
/// became, and are worth having before the reload: the entries' own pages, the sections that
/// list them, the home pages, their taxonomy terms (pages, lists and feeds), the feeds, search
/// indexes and glossary of their languages, and the data pages they name in front matter.
pub fn outputs_shown_first(
    site: &ResolvedSite,
    plan: &[(String, OutputKind)],
    edited: &[usize],
) -> Vec<usize> {
    let entries = &site.library.entries;
    let edited_entries: Vec<_> = edited.iter().filter_map(|&i| entries.get(i)).collect();
    let shows_an_edit = |pages: &[usize]| pages.iter().any(|p| edited.contains(p));
    let in_edited_language = |lang: &str| edited_entries.iter().any(|e| e.lang() == lang);
    let term_has_edit = |t: usize, n: usize| {
        site.taxonomies
            .get(t)
            .and_then(|taxonomy| taxonomy.terms.get(n))
            .is_some_and(|term| shows_an_edit(&term.pages))
    };
    let affected = |kind: &OutputKind| match kind {
        OutputKind::Entry(i) => entries.get(*i).is_some_and(|entry| {
            edited.contains(i) || shows_an_edit(&entry.pages) || entry.section.is_none()
        }),
        OutputKind::Term(t, n) | OutputKind::TermFeed(t, n) => term_has_edit(*t, *n),
        OutputKind::TaxonomyList(t) => site
            .taxonomies
            .get(*t)
            .is_some_and(|taxonomy| taxonomy.terms.iter().any(|t| shows_an_edit(&t.pages))),
        OutputKind::Feed(lang) | OutputKind::SearchIndex(lang) | OutputKind::Glossary(lang) => {
            in_edited_language(lang)
        }
        OutputKind::DataPage(collection, id, lang) => edited_entries.iter().any(|entry| {
            entry.lang() == lang
                && entry
                    .refs
                    .get(collection)
                    .is_some_and(|ids| ids.contains(id))
        }),
        _ => false,
    };
    plan.iter()
        .enumerate()
        .filter(|(_, (_, kind))| affected(kind))
        .map(|(i, _)| i)
        .collect()
}
