//! Determinism and incremental writes: the same sources give the same bytes, and a rebuild only
//! touches the files whose bytes change.

mod common;

use common::*;

const FIXTURE: &str = "bilingual";

#[test]
fn two_builds_of_the_same_site_are_byte_identical() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    let root = fixture(FIXTURE);
    for out in [&first, &second] {
        run([
            "build".as_ref(),
            "--root".as_ref(),
            root.as_os_str(),
            "--output".as_ref(),
            out.as_os_str(),
        ])
        .success();
    }
    let files = list_files(&first);
    assert!(files.len() > 30, "{files:?}");
    assert_eq!(files, list_files(&second));
    for file in &files {
        let a = std::fs::read(first.join(file)).expect("read the first build");
        let b = std::fs::read(second.join(file)).expect("read the second build");
        assert!(a == b, "{file} differs between two builds");
    }
}

#[test]
fn the_manifest_lists_every_file_written() {
    let site = built(FIXTURE, &[]);
    let manifest = site.output(".spiega-manifest");
    let listed: Vec<&str> = manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    let files: Vec<String> = list_files(&site.out)
        .into_iter()
        .filter(|f| f != ".spiega-manifest")
        .collect();
    assert_eq!(listed, files);
}

#[test]
fn a_second_build_writes_nothing_and_keeps_every_mtime() {
    let site = Site::copy(FIXTURE);
    let first = site.build_ok(&[]);
    let files = list_files(&site.out).len() - 1; // the manifest is not counted
    assert_eq!(summary_counts(&first.stderr), (files, 0, 0));
    let before = snapshot(&site.out);
    let_mtimes_tick();
    let second = site.build_ok(&[]);
    assert_eq!(
        summary_counts(&second.stderr),
        (0, files, 0),
        "{}",
        second.stderr
    );
    assert_eq!(site_files_changed(&before, &site), Vec::<String>::new());
}

#[test]
fn changing_one_page_rewrites_only_that_page_and_the_files_listing_it() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    let_mtimes_tick();
    let text = site.read("content/articles/older.md");
    site.write(
        "content/articles/older.md",
        text.replace("title: \"Inizio\"", "title: \"Gli inizi\""),
    );
    let run = site.build_ok(&[]);
    let changed = site_files_changed(&before, &site);
    assert_eq!(
        changed,
        [
            "articles/index.html",
            "articles/older/index.html",
            "atom.xml"
        ],
        "only the page, its section's list and the feed show the title"
    );
    let (written, _, removed) = summary_counts(&run.stderr);
    assert_eq!((written, removed), (3, 0), "{}", run.stderr);
    assert_eq!(
        texts(&site.html("articles/index.html"), "ol.pages a")
            .last()
            .map(String::as_str),
        Some("Gli inizi")
    );
}

#[test]
fn changing_a_body_rewrites_the_page_and_the_feed_only() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    let_mtimes_tick();
    let text = site.read("content/articles/older.md");
    site.write(
        "content/articles/older.md",
        text + "\nUn altro paragrafo.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        site_files_changed(&before, &site),
        ["articles/older/index.html", "atom.xml"]
    );
}

#[test]
fn deleting_a_page_removes_its_output() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    assert!(site.has_output("articles/older/index.html"));
    site.remove("content/articles/older.md");
    let run = site.build_ok(&[]);
    assert!(!site.has_output("articles/older/index.html"));
    assert!(
        !site.out.join("articles/older").exists(),
        "the emptied folder is removed"
    );
    let (_, _, removed) = summary_counts(&run.stderr);
    assert_eq!(removed, 1, "{}", run.stderr);
    assert!(
        !site
            .output(".spiega-manifest")
            .lines()
            .any(|l| l.starts_with("articles/older/"))
    );
    assert!(!site.output("sitemap.xml").contains("/articles/older/"));
    assert!(
        !texts(&site.html("articles/index.html"), "ol.pages a").contains(&"Inizio".to_string())
    );
}

#[test]
fn removing_a_bundle_asset_removes_its_copies() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    site.remove("content/articles/bundle/numbers.csv");
    let run = site.build_ok(&[]);
    assert!(!site.has_output("articles/bundle/numbers.csv"));
    assert!(!site.has_output("en/articles/bundle/numbers.csv"));
    assert!(site.has_output("articles/bundle/diagram.svg"));
    assert_eq!(summary_counts(&run.stderr).2, 2, "{}", run.stderr);
}

#[test]
fn a_file_written_by_hand_into_the_output_is_never_deleted() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    std::fs::write(site.out.join("mine.txt"), "mine").expect("write a foreign file");
    let before = snapshot(&site.out);
    site.remove("content/articles/older.md");
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("it holds files Spiega did not write (`mine.txt`)"),
        "{}",
        run.stderr
    );
    assert_eq!(site_files_changed(&before, &site), Vec::<String>::new());
}

/// The stages a verbose build reports: `["inputs unchanged since the last build"]` when it
/// stopped at the stamp.
fn stages(run: &Run) -> Vec<String> {
    run.stderr
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Timing"))
        .filter_map(|rest| rest.split_once(" ms  ").map(|(_, stage)| stage.to_string()))
        .collect()
}

const SKIPPED: &str = "inputs unchanged since the last build";

#[test]
fn a_rebuild_with_nothing_changed_stops_before_rendering_and_writes_nothing() {
    let site = built(FIXTURE, &[]);
    let before = snapshot(&site.out);
    let_mtimes_tick();
    let again = site.build(&["--verbose"]);
    again.success();
    assert_eq!(stages(&again), [SKIPPED], "{}", again.stderr);
    assert!(changed_files(&before, &snapshot(&site.out)).is_empty());
    let (written, unchanged, _) = summary_counts(&again.stderr);
    assert_eq!(written, 0);
    assert_eq!(
        unchanged,
        list_files(&site.out).len() - 1,
        "every file but the manifest"
    );
}

#[test]
fn any_changed_input_or_option_renders_again() {
    let site = built(FIXTURE, &[]);
    for (what, change) in [
        ("a page", "content/chips.md"),
        ("a template", "themes/mini/templates/page.html"),
        ("site.yaml", "site.yaml"),
    ] {
        let text = site.read(change);
        site.write(change, format!("{text}\n"));
        let run = site.build(&["--verbose"]);
        run.success();
        assert_ne!(stages(&run), [SKIPPED], "{what} changed: {}", run.stderr);
    }
    let run = site.build(&["--verbose", "--base-url", "https://example.org/sub/"]);
    assert_ne!(stages(&run), [SKIPPED], "another base URL: {}", run.stderr);
}

#[test]
fn an_output_file_edited_or_deleted_by_hand_is_restored() {
    let site = built(FIXTURE, &[]);
    let original = site.output("chips/index.html");
    std::fs::write(site.out.join("chips/index.html"), "edited").expect("edit an output file");
    site.build_ok(&[]);
    assert_eq!(site.output("chips/index.html"), original);
    std::fs::remove_file(site.out.join("chips/index.html")).expect("delete an output file");
    site.build_ok(&[]);
    assert_eq!(site.output("chips/index.html"), original);
}

#[test]
fn a_build_with_warnings_shows_them_again_next_time() {
    let site = Site::copy("tiny");
    // A source nothing cites is a warning.
    site.write(
        "content/data/sources.yaml",
        "- id: lonely\n  title: Lonely\n  publisher: P\n  url: https://example.org/\n  date: 2024-01-01\n  reliability: high\n",
    );
    for _ in 0..2 {
        let run = site.build(&[]);
        run.success();
        assert!(run.stderr.contains("never cited"), "{}", run.stderr);
    }
}

/// The site's files that changed since `before`; the manifest, which records a hash of every
/// output (the build stamp), changes with any of them and is left out.
fn site_files_changed(before: &FolderSnapshot, site: &Site) -> Vec<String> {
    changed_files(before, &snapshot(&site.out))
        .into_iter()
        .filter(|file| file != ".spiega-manifest")
        .collect()
}
