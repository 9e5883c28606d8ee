//! What `serve` reuses between rebuilds: the edits it makes in place are recognised (and nothing
//! else is), the site prepared again from the previous run renders every output to the same
//! bytes as the edited site prepared in full, and a full load reuses only the files unchanged on
//! disk.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::*;
use spiega::incremental::{file_edits, outputs_shown_first, redo};
use spiega::load::{LoadOptions, load_site};
use spiega::render::{EditError, Prepared, prepare, render_prepared};
use spiega::resolve::resolve_site;

fn prepared(root: &Path) -> Prepared {
    let loaded = load_site(root, &LoadOptions::default()).expect("the site loads");
    let resolved = resolve_site(loaded).expect("the site resolves");
    prepare(Arc::new(resolved), None).unwrap_or_else(|e| panic!("the site prepares: {e:?}"))
}

/// Appends `extra` below the body of `relative` and returns the path the watcher would give.
fn append(site: &Site, relative: &str, extra: &str) -> PathBuf {
    let text = site.read(relative);
    site.write(relative, format!("{text}\n{extra}\n"));
    PathBuf::from(relative)
}

/// The site prepared again from `before` after the saves of `paths`, which must be edits in place.
#[track_caller]
fn redo_saves(site: &Site, before: Prepared, paths: &[PathBuf]) -> Prepared {
    let edits = file_edits(&site.root, &before.site, paths)
        .unwrap_or_else(|| panic!("{paths:?} are edits in place"));
    redo(before, edits, &[]).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Every output of the site prepared after the edit equals the full preparation's.
#[track_caller]
fn assert_same_as_full(after_edit: &Prepared, root: &Path) {
    let patched = render_prepared(after_edit).expect("the edited site renders");
    let full = render_prepared(&prepared(root)).expect("the full site renders");
    assert_eq!(
        patched.files.keys().collect::<Vec<_>>(),
        full.files.keys().collect::<Vec<_>>()
    );
    for (key, output) in &full.files {
        assert!(patched.files[key] == *output, "{key} differs");
    }
}

#[test]
fn a_body_edit_is_recognised_and_gives_the_bytes_of_a_full_build() {
    let site = Site::copy("bilingual");
    let before = prepared(&site.root);
    let changed = append(
        &site,
        "content/articles/older.md",
        "## Un titolo nuovo\n\nCon un [link](@/guide/alpha.md).",
    );
    let edits = file_edits(&site.root, &before.site, &[changed]).expect("a body edit");
    assert_eq!(edits.len(), 1);
    let edited = edits[0].0;
    assert_eq!(
        before.site.library.entries[edited].key(),
        "articles/older.md"
    );
    let after = redo(before, edits, &[]).unwrap_or_else(|e| panic!("{e:?}"));
    let content = after.contents[edited].html();
    assert!(content.contains("Un titolo nuovo"), "{content}");
    assert_same_as_full(&after, &site.root);
}

#[test]
fn a_title_edit_is_made_in_place_and_gives_the_bytes_of_a_full_build() {
    let site = Site::copy("bilingual");
    let before = prepared(&site.root);
    // The Italian title shows on the English page too (its language switcher).
    let page = "content/articles/deal.md";
    let text = site.read(page);
    site.write(
        page,
        text.replacen(
            "title: \"L'accordo\"",
            "title: \"Il nuovo accordo\"\ndescription: Nuova.",
            1,
        ),
    );
    let edits = file_edits(&site.root, &before.site, &[PathBuf::from(page)]).expect("in place");
    assert_eq!(edits.len(), 1);
    let after = redo(before, edits, &[]).unwrap_or_else(|e| panic!("{e:?}"));
    assert_same_as_full(&after, &site.root);
}

#[test]
fn a_title_edit_that_reorders_a_section_gives_the_bytes_of_a_full_build() {
    let site = Site::copy("bilingual");
    // Beta and Gamma tie on weight, so the title orders them.
    let gamma = site.read("content/guide/gamma.md");
    site.write(
        "content/guide/gamma.md",
        gamma.replacen("weight: 2", "weight: 1", 1),
    );
    let before = prepared(&site.root);
    let page = "content/guide/gamma.md";
    let text = site.read(page);
    site.write(page, text.replacen("title: Gamma", "title: Aleph", 1));
    let after = redo_saves(&site, before, &[PathBuf::from(page)]);
    let guide = after
        .site
        .library
        .entries
        .iter()
        .find(|e| e.key() == "guide/_index.md" && e.lang() == "it")
        .expect("the guide");
    let order: Vec<&str> = guide
        .pages
        .iter()
        .map(|&p| after.site.library.entries[p].front().title.as_str())
        .collect();
    assert_eq!(order[..2], ["Aleph", "Beta"]);
    assert_same_as_full(&after, &site.root);
}

#[test]
fn date_weight_and_sort_edits_reorder_lists_as_a_full_build_does() {
    for (page, from, to) in [
        (
            "content/articles/older.md",
            "date: 2023-09-25",
            "date: 2030-01-01",
        ),
        ("content/guide/gamma.md", "weight: 2", "weight: 0"),
        (
            "content/guide/_index.md",
            "sort_by: weight",
            "sort_by: title",
        ),
    ] {
        let site = Site::copy("bilingual");
        let before = prepared(&site.root);
        let text = site.read(page);
        assert!(text.contains(from), "{page}: {from}");
        site.write(page, text.replacen(from, to, 1));
        let after = redo_saves(&site, before, &[PathBuf::from(page)]);
        assert_same_as_full(&after, &site.root);
    }
}

#[test]
fn a_section_body_edit_gives_the_bytes_of_a_full_build() {
    let site = Site::copy("bilingual");
    let before = prepared(&site.root);
    let changed = append(&site, "content/articles/_index.md", "Una frase in più.");
    let after = redo_saves(&site, before, &[changed]);
    assert_same_as_full(&after, &site.root);
}

#[test]
fn edits_of_the_bundled_site_give_the_bytes_of_a_full_build() {
    // A body that cites a source and links glossary terms (sources, back-links and search index
    // move); a title shown by the nav, the language switcher and the data pages; a date.
    let body =
        |text: String| format!("{text}\nUna frase nuova su Trainium e sulle GPU di Nvidia.\n");
    let title = |text: String| {
        text.replacen(
            "title: \"I chip a confronto\"",
            "title: \"Chip a confronto\"",
            1,
        )
    };
    let date = |text: String| text.replacen("date: \"2026-11-24\"", "date: \"2026-11-20\"", 1);
    let cases: [(&str, &dyn Fn(String) -> String); 3] = [
        ("content/storia/accordo.md", &body),
        ("content/chip.md", &title),
        ("content/storia/accordo.md", &date),
    ];
    for (page, edit) in cases {
        let site = Site::from_repository();
        let before = prepared(&site.root);
        let text = site.read(page);
        let edited = edit(text.clone());
        assert_ne!(edited, text, "{page}");
        site.write(page, edited);
        let after = redo_saves(&site, before, &[PathBuf::from(page)]);
        assert_same_as_full(&after, &site.root);
    }
}

#[test]
fn anything_but_a_body_edit_needs_the_whole_pipeline() {
    let site = Site::copy("bilingual");
    let before = prepared(&site.root);
    let needs_all = |paths: &[&str]| {
        let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
        file_edits(&site.root, &before.site, &paths).is_none()
    };
    // The watcher lost track.
    assert!(needs_all(&[]));
    // Not a page's file: a template, the config, a new page, a draft left out of the build.
    assert!(needs_all(&["templates/page.html"]));
    assert!(needs_all(&["site.yaml"]));
    site.write(
        "content/articles/new.md",
        "---\ntitle: Nuova\n---\nTesto.\n",
    );
    assert!(needs_all(&["content/articles/new.md"]));
    assert!(needs_all(&["content/articles/draft.md"]));
    // One edit among others that are not.
    append(&site, "content/guide/alpha.md", "Di più.");
    assert!(needs_all(&["content/guide/alpha.md", "site.yaml"]));
    // The front matter changed.
    let text = site.read("content/guide/beta.md");
    site.write(
        "content/guide/beta.md",
        text.replacen("---\n", "---\nweight: 9\n", 1),
    );
    assert!(needs_all(&["content/guide/beta.md"]));
    // The file is gone.
    site.remove("content/guide/gamma.md");
    assert!(needs_all(&["content/guide/gamma.md"]));
}

#[test]
fn a_save_by_rename_from_a_scratch_file_is_still_a_body_edit() {
    let site = Site::copy("bilingual");
    let before = prepared(&site.root);
    // `sed -i` writes content/guide/sedAbC123 and renames it over the page: by the time the
    // batch is read, the scratch file is gone.
    let changed = append(&site, "content/guide/alpha.md", "Di più.");
    let paths = [PathBuf::from("content/guide/sedAbC123"), changed];
    let edits = file_edits(&site.root, &before.site, &paths).expect("a body edit");
    assert_eq!(edits.len(), 1);
    // A removed asset or data file is not a scratch file: it changes the site.
    site.remove("content/articles/bundle/diagram.svg");
    let removed = [PathBuf::from("content/articles/bundle/diagram.svg")];
    assert!(file_edits(&site.root, &before.site, &removed).is_none());
    let data = [PathBuf::from("content/data/gone.yaml")];
    assert!(file_edits(&site.root, &before.site, &data).is_none());
}

#[test]
fn a_save_without_changes_is_no_edit() {
    let site = Site::copy("bilingual");
    let before = prepared(&site.root);
    let paths = [PathBuf::from("content/guide/alpha.md")];
    let edits = file_edits(&site.root, &before.site, &paths).expect("no change");
    assert!(edits.is_empty());
}

#[test]
fn the_pages_showing_an_edit_come_first() {
    let site = Site::copy("bilingual");
    let before = prepared(&site.root);
    let plan = before.site.plan.to_vec();
    let changed = append(&site, "content/articles/older.md", "Di più.");
    let edits = file_edits(&site.root, &before.site, &[changed]).expect("a body edit");
    let edited: Vec<usize> = edits.iter().map(|(i, _)| *i).collect();
    let first: Vec<&str> = outputs_shown_first(&before.site, &plan, &edited)
        .into_iter()
        .map(|i| plan[i].0.as_str())
        .collect();
    for expected in [
        "articles/older/index.html",
        "articles/index.html",
        "index.html",
    ] {
        assert!(first.contains(&expected), "{expected} not in {first:?}");
    }
    for later in [
        "guide/alpha/index.html",
        "en/articles/deal/index.html",
        "sitemap.xml",
    ] {
        assert!(!first.contains(&later), "{later} in {first:?}");
    }
}

#[test]
fn a_broken_edit_is_kept_and_stays_broken_until_its_own_file_is_fixed() {
    let site = Site::copy("bilingual");
    let before = prepared(&site.root);
    let older = "content/articles/older.md";
    let good = site.read(older);
    let broken = append(&site, older, "[rotto](@/articles/nowhere.md)");
    let edits = file_edits(&site.root, &before.site, &[broken]).expect("a body edit");
    let (kept, stale) = match redo(before, edits, &[]) {
        Err(EditError::Site {
            diagnostics,
            kept: Some(kept),
            stale,
        }) => {
            assert!(
                format!("{diagnostics:?}").contains("nowhere"),
                "{diagnostics:?}"
            );
            (*kept, stale)
        }
        other => panic!("expected a broken edit, got {other:?}"),
    };
    assert_eq!(stale.len(), 1);

    // Another page's edit does not hide the broken one.
    let other = append(&site, "content/guide/alpha.md", "Di più.");
    let edits = file_edits(&site.root, &kept.site, &[other]).expect("a body edit");
    let (kept, stale) = match redo(kept, edits, &stale) {
        Err(EditError::Site {
            kept: Some(kept),
            stale,
            ..
        }) => (*kept, stale),
        other => panic!("the broken page is still broken, got {other:?}"),
    };

    // Fixing it gives the full build's bytes.
    site.write(older, format!("{good}\nDi nuovo a posto.\n"));
    let fixed = PathBuf::from(older);
    let edits = file_edits(&site.root, &kept.site, &[fixed]).expect("a body edit");
    let after = redo(kept, edits, &stale).unwrap_or_else(|e| panic!("{e:?}"));
    assert_same_as_full(&after, &site.root);
}

#[test]
fn a_load_reuses_only_the_files_unchanged_on_disk() {
    let site = Site::copy("bilingual");
    let before = prepared(&site.root);
    let mut files = spiega::incremental::files_read(&before.site, &[]);
    // Mark the kept copy, so that a reuse shows in what is loaded.
    for file in files.values_mut() {
        file.front.title = format!("{} (kept)", file.front.title);
    }
    let read_before = Some(Arc::new(files));
    let options = LoadOptions {
        read_before,
        ..LoadOptions::default()
    };
    let title_of = |key: &str| {
        let loaded = load_site(&site.root, &options).expect("the site loads");
        let file = loaded
            .content
            .files
            .iter()
            .find(|f| f.key == key && f.lang == "it");
        file.expect("the page").front.title.clone()
    };
    assert_eq!(title_of("guide/alpha.md"), "Alfa (kept)");
    // A save changes the file's stamp (its size here): it is read again.
    append(&site, "content/guide/alpha.md", "Di più.");
    assert_eq!(title_of("guide/alpha.md"), "Alfa");
    assert_eq!(title_of("guide/beta.md"), "Beta (kept)");
    // A saved file named by the batch is read again whatever its stamp.
    let saved = [PathBuf::from("content/guide/beta.md")];
    let files = spiega::incremental::files_read(&before.site, &saved);
    assert!(!files.contains_key("guide/beta.md"));
    assert!(files.contains_key("guide/gamma.md"));
}
