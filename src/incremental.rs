//! What a save affects, so that `spiega serve` redoes only that.
//!
//! The most common save, while an editor types, changes a page the site already has without
//! moving it: its Markdown body, or its title, description, dates, weight, `sort_by`, `glossary`
//! or `extra`. Such a save cannot move a URL, add or remove a page from a list or a taxonomy, or
//! touch the data or a template: only the edited entries' rendered Markdown, the order of the
//! lists that hold them and the values built from them can change. [`file_edits`] recognises it;
//! [`redo`] puts the files in place (sorting again the lists that hold them), renders only those
//! bodies and builds again only the values that show them; [`outputs_shown_first`] picks the
//! output files an editor is likely looking at (the page, its translations, the lists that show
//! it, its terms, feeds and search index, the data pages it names), which are rendered before the
//! reload. `serve` renders the rest right after it and sends a second event if any of them
//! changed too (say a template that shows another page's summary), so that what is served is
//! always what a full build would write.
//!
//! Any other save (tags, slugs, aliases, drafts, templates named in front matter, data
//! references, a new or removed file, data, templates, static files, site.yaml) goes through the
//! whole pipeline, reusing the parsed files ([`files_read`]) and rendered Markdown of the entries
//! that did not change.

use std::path::{Path, PathBuf};

use crate::diagnostic::SourceFile;
use crate::load::content::{ContentFile, FileStamp, ReadFiles, content_relative, file_stamp};
use crate::load::front_matter::split_front_matter;
use crate::render::{EditError, Prepared, prepare_after_edit};
use crate::resolve::ResolvedSite;
use crate::resolve::charts::chart_calls;
use crate::resolve::edits::{FileEdits, apply_edits, keeps_places};
use crate::resolve::plan::OutputKind;

/// The edits of a batch of changed files (relative to `root`), if the batch is only edits that
/// move nothing: every path is the Markdown file of an entry of `site`, still readable, with a
/// front matter that [`keeps_places`] (or the temporary file of a save by rename, now gone).
/// Files whose text did not change at all are left out, so an empty list means that nothing
/// changed. `None` means that the save needs the whole pipeline.
pub fn file_edits(root: &Path, site: &ResolvedSite, changed: &[PathBuf]) -> Option<FileEdits> {
    if changed.is_empty() {
        // The watcher lost track (an overflow): only a full rebuild is safe.
        return None;
    }
    let mut edits = FileEdits::new();
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
        let read_stamp = file_stamp(&root.join(path));
        let text = crate::load::read::file_text(&root.join(path)).ok()?;
        if let Some(file) = edited_file(&entry.file, text, read_stamp, &site.loaded.config)? {
            edits.push((index, file));
        }
    }
    Some(edits)
}

/// The Markdown files `site` was built from, for the next load to reuse those unchanged on disk
/// ([`crate::pipeline::Reuse`]), but for the `saved` ones (relative to the site root), which are
/// read again whatever their stamp says.
pub fn files_read(site: &ResolvedSite, saved: &[PathBuf]) -> ReadFiles {
    site.library
        .entries
        .iter()
        .filter(|entry| entry.file.read_stamp.is_some() && !saved.contains(&entry.file.source.path))
        .filter_map(|entry| {
            Some((
                content_relative(&entry.file.source.path)?,
                entry.file.clone(),
            ))
        })
        .collect()
}

/// The entries whose Markdown [`redo`] renders again: the edited ones and the `stale` ones, by
/// library index, sorted.
pub fn edited_entries(edits: &FileEdits, stale: &[usize]) -> Vec<usize> {
    let mut edited: Vec<usize> = edits
        .iter()
        .map(|(i, _)| *i)
        .chain(stale.iter().copied())
        .collect();
    edited.sort_unstable();
    edited.dedup();
    edited
}

/// Prepares the site again after `edits` (from [`file_edits`]), reusing everything else of
/// `previous`. `stale` are the entries a failed edit left with older Markdown than their file
/// ([`EditError::Site`]): they are rendered again too. The result is the same as preparing the
/// edited site in full.
pub fn redo(previous: Prepared, edits: FileEdits, stale: &[usize]) -> Result<Prepared, EditError> {
    let edited = edited_entries(&edits, stale);
    let (mut site, reused) = previous.into_parts().ok_or(EditError::Shared)?;
    apply_edits(&mut site, edits);
    prepare_after_edit(site, reused, &edited)
}

/// Whether `path` is gone and was no input of the site: the temporary file of an editor (or of
/// `sed -i`) that saves by writing a file with a made-up name under content/ and renaming it over
/// the page. Such a save is still only an edit in place.
fn is_vanished_scratch_file(root: &Path, site: &ResolvedSite, path: &Path) -> bool {
    let Some(relative) = content_relative(path) else {
        return false;
    };
    let copied = site.loaded.content.assets.contains(&relative)
        || site
            .library
            .entries
            .iter()
            .any(|entry| entry.file.assets.contains(&relative));
    !copied && !root.join(path).exists()
}

/// `old` with its text replaced by `text`: `Some(None)` if the text is the same, `None` if the
/// front matter moves the entry (or no longer parses), or the body's charts changed (their CSV
/// files are in the output plan).
fn edited_file(
    old: &ContentFile,
    text: String,
    read_stamp: Option<FileStamp>,
    config: &crate::load::config::SiteConfig,
) -> Option<Option<ContentFile>> {
    if *old.source.text == *text {
        return Some(None);
    }
    let source = SourceFile::new(old.source.path.clone(), text);
    let split = split_front_matter(&source).ok()?;
    if !keeps_places(&old.front, &split.front) {
        return None;
    }
    let body = source
        .text
        .get(split.body_range.clone())
        .unwrap_or_default();
    let charts = |body: &str| -> Vec<_> {
        chart_calls(body, config)
            .into_iter()
            .map(|(args, _)| args)
            .collect()
    };
    if charts(old.body()) != charts(body) {
        return None;
    }
    Some(Some(ContentFile {
        source,
        front: split.front,
        front_range: split.front_range,
        body_range: split.body_range,
        read_stamp,
        broken: false,
        ..old.clone()
    }))
}

/// Which of the `plan`'s outputs (by position) may show what the `edited` entries became, and
/// are worth having before the reload: the entries' own pages and their translations' (which
/// show their titles), the sections that list them, the home pages, their taxonomy terms (pages,
/// lists and feeds), the feeds, search indexes and glossary of their languages, and the data
/// pages they name in front matter.
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
            edited.contains(i)
                || shows_an_edit(&entry.pages)
                || shows_an_edit(&entry.translations)
                || entry.section.is_none()
        }),
        OutputKind::Term(t, n) | OutputKind::TermFeed(t, n) => term_has_edit(*t, *n),
        OutputKind::TaxonomyList(t) => site
            .taxonomies
            .get(*t)
            .is_some_and(|taxonomy| taxonomy.terms.iter().any(|t| shows_an_edit(&t.pages))),
        OutputKind::Feed(lang)
        | OutputKind::SearchIndex(lang)
        | OutputKind::Glossary(lang)
        | OutputKind::Sources(lang) => in_edited_language(lang),
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
