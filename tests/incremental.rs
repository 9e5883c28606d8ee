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
    assert_eq!(
        changed_files(&before, &snapshot(&site.out)),
        Vec::<String>::new()
    );
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
    let changed = changed_files(&before, &snapshot(&site.out));
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
        changed_files(&before, &snapshot(&site.out)),
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
    assert_eq!(
        changed_files(&before, &snapshot(&site.out)),
        Vec::<String>::new()
    );
}
