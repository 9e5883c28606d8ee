//! The gallery of broken inputs, one row per mistake (front matter, site.yaml, templates,
//! shortcodes and links, data): each build exits 1, names the mistake at its `file:line:column`
//! with the first line of its message and a hint, reports no echo of it, and leaves the previous
//! good output alone; every diagnostic printed has a location and a hint. The whole gallery's
//! output is one snapshot (tests/snapshots/broken__gallery.snap, NO_COLOR=1) for review, and the
//! source of docs/errors.md's examples.
//!
//! Also here: every stage's mistake reported in one run of the bundled site, the same report
//! every time, and dangerous output folders refused.

mod common;
#[path = "common/gallery.rs"]
mod gallery;
#[path = "gallery/data.rs"]
mod gallery_data;
#[path = "gallery/markdown.rs"]
mod gallery_markdown;
#[path = "gallery/pages.rs"]
mod gallery_pages;
#[path = "gallery/site.rs"]
mod gallery_site;
#[path = "gallery/templates.rs"]
mod gallery_templates;

use common::*;
use gallery::{Case, Edit, as_text, printed, run_gallery};

/// The page most cases break.
pub const A_MD: &str = "content/a.md";
/// The configuration.
pub const SITE: &str = "site.yaml";
/// The tiny fixture's page template.
pub const PAGE: &str = "templates/page.html";
/// The data fixture's and the bundled site's chips.
pub const CHIPS: &str = "content/data/chips.yaml";

/// Every case of the gallery.
fn all_cases() -> Vec<Case> {
    [
        gallery_pages::FRONT_MATTER,
        gallery_site::SITE_YAML,
        gallery_templates::TEMPLATES,
        gallery_markdown::MARKDOWN,
        gallery_data::DATA,
        gallery_data::REPOSITORY,
    ]
    .concat()
}

#[test]
fn the_gallery_of_broken_inputs() {
    let cases = all_cases();
    assert!(cases.len() >= 60, "the gallery has {} cases", cases.len());
    let printed = run_gallery(&cases);
    insta::assert_snapshot!("gallery", as_text(&printed));
    // docs/errors.md shows every diagnostic of the gallery as it is printed.
    let docs = read_text(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/errors.md"));
    for (name, stderr) in &printed {
        for line in stderr.lines().filter(|l| l.starts_with("error: ")) {
            assert!(
                docs.contains(line),
                "docs/errors.md does not show `{line}` (case {name})"
            );
        }
    }
}

#[test]
fn every_folder_of_broken_data_is_a_case() {
    // A folder added to tests/fixtures/broken-data/ without a row would prove nothing.
    let cases = all_cases();
    let folders = std::fs::read_dir(fixture("broken-data")).expect("the folder exists");
    for folder in folders {
        let name = folder.expect("a folder entry").file_name();
        let overlay = format!("broken-data/{}", name.to_string_lossy());
        let used = cases
            .iter()
            .flat_map(|c| c.edits)
            .any(|edit| matches!(edit, Edit::Overlay(o) if *o == overlay));
        assert!(used, "no case uses {overlay}");
    }
}

#[test]
fn a_mistake_in_every_stage_is_reported_in_one_run() {
    // A front-matter key (load), a data ref (resolve), an `@/` link (Markdown) and a template
    // field (render): all four in one run, and nothing else.
    let site = Site::from_repository();
    let edits = [
        Edit::Replace("content/chip.md", "weight: 2\n", "weight: 2\nautor: Anna\n"),
        Edit::Replace(CHIPS, "  vendor: amazon", "  vendor: amazn"),
        Edit::Replace("content/perche-conta.md", "(@/chip.md)", "(@/chips.md)"),
        Edit::Replace(
            "templates/chip.html",
            "<h1>{{ entry.title }}</h1>",
            "<h1>{{ entry.titel }}</h1>",
        ),
    ];
    for edit in edits {
        let applied = gallery::apply(edit, &site);
        assert!(applied.is_ok(), "{applied:?}");
    }
    let run = site.check(&[]);
    run.expect_code(1);
    let found: Vec<(String, String)> = printed(&run.stderr)
        .into_iter()
        .filter(|p| p.severity == "error")
        .map(|p| (p.location.unwrap_or_default(), p.message))
        .collect();
    let expected = [
        ("content/chip.md:6:1", "unknown front matter key `autor`"),
        (
            "content/data/chips.yaml:7:11",
            "no `companies` entry has the id `amazn`",
        ),
        (
            "content/perche-conta.md:20:504",
            "broken internal link: no page `chips.md` in content/",
        ),
        ("templates/chip.html:25:18", "`entry` has no field `titel`"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(at, message)| (at.to_string(), message.to_string()))
        .collect();
    assert_eq!(found, expected, "{}", run.stderr);
    assert!(run.stderr.contains("Failed 4 errors"), "{}", run.stderr);
}

#[test]
fn the_same_mistakes_give_the_same_report_every_time() {
    let several = [
        Edit::Replace(A_MD, "date: 2024-03-27", "date: 2024-02-30"),
        Edit::Replace("content/b.md", "title: B\n", ""),
        Edit::Replace(PAGE, "<h1>{{ page.title }}", "<h1>{{ page.titel }}"),
    ];
    let reports: Vec<String> = (0..2)
        .map(|_| {
            let site = Site::copy("tiny");
            for edit in several {
                let applied = gallery::apply(edit, &site);
                assert!(applied.is_ok(), "{applied:?}");
            }
            let run = site.check(&[]);
            run.expect_code(1);
            diagnostics_only(&run.stderr)
        })
        .collect();
    assert_eq!(reports[0], reports[1]);
    assert_eq!(errors(&reports[0]).len(), 3, "{}", reports[0]);
}
// ---------------------------------------------------------------------------------------------
// Dangerous output folders: refused with a clear message, and nothing is written or deleted.

/// Builds the `tiny` fixture into `output` and checks that it is refused and nothing changed
/// anywhere in the temporary folder.
#[track_caller]
fn assert_refused(site: &Site, output: &std::path::Path, reason: &str) -> Run {
    let before = snapshot(site.dir.path());
    let run = run([
        "build".as_ref(),
        "--root".as_ref(),
        site.root.as_os_str(),
        "--output".as_ref(),
        output.as_os_str(),
    ]);
    run.expect_code(1);
    let refusal = errors(&run.stderr);
    assert_eq!(refusal.len(), 1, "{}", run.stderr);
    assert!(refusal[0].starts_with("refusing to use "), "{}", run.stderr);
    assert!(
        refusal[0].ends_with(&format!("as the output folder: {reason}")),
        "{}",
        run.stderr
    );
    assert_eq!(hints(&run.stderr).len(), 1, "{}", run.stderr);
    assert_eq!(
        changed_files(&before, &snapshot(site.dir.path())),
        Vec::<String>::new(),
        "a refused build changed files"
    );
    run
}

#[test]
fn the_site_root_is_refused_as_output() {
    let site = Site::copy("tiny");
    assert_refused(&site, &site.root, "it is the site root");
    let dotted = site.root.join("content").join("..");
    assert_refused(&site, &dotted, "it is the site root");
}

#[test]
fn a_folder_above_the_site_is_refused_as_output() {
    let site = Site::copy("tiny");
    assert_refused(&site, site.dir.path(), "it contains the site");
}

#[test]
fn content_and_folders_in_it_are_refused_as_output() {
    let site = Site::copy("tiny");
    assert_refused(
        &site,
        &site.path("content"),
        "it is inside the site's content/ folder",
    );
    assert_refused(
        &site,
        &site.path("content/public"),
        "it is inside the site's content/ folder",
    );
    assert!(!site.path("content/public").exists());
    assert_refused(
        &site,
        &site.path("templates"),
        "it is inside the site's templates/ folder",
    );
}

#[test]
fn a_dotdot_through_a_folder_that_does_not_exist_yet_is_still_refused() {
    // `site/nothing/../content` is the content folder, even though `site/nothing` does not exist.
    let site = Site::copy("tiny");
    assert_refused(
        &site,
        &site.path("nothing/../content"),
        "it is inside the site's content/ folder",
    );
    assert!(!site.path("nothing").exists());
    assert_refused(&site, &site.path("nothing/.."), "it is the site root");
}

#[test]
fn a_folder_holding_a_foreign_file_is_refused_and_kept() {
    let site = Site::copy("tiny");
    std::fs::create_dir_all(&site.out).expect("create the output folder");
    std::fs::write(site.out.join("notes.txt"), "mine").expect("write a foreign file");
    let run = assert_refused(
        &site,
        &site.out,
        "it holds files Spiega did not write (`notes.txt`)",
    );
    assert!(
        run.stderr
            .contains("Spiega never deletes files it did not write")
    );
    assert_eq!(
        std::fs::read_to_string(site.out.join("notes.txt"))
            .ok()
            .as_deref(),
        Some("mine")
    );
}

#[test]
fn a_foreign_file_next_to_a_previous_build_is_refused() {
    let site = Site::copy("tiny");
    site.build_ok(&[]);
    std::fs::write(site.out.join("b/extra.html"), "mine").expect("write a foreign file");
    assert_refused(
        &site,
        &site.out,
        "it holds files Spiega did not write (`b/extra.html`)",
    );
}

#[test]
fn a_file_is_refused_as_output() {
    let site = Site::copy("tiny");
    let file = site.dir.path().join("file.txt");
    std::fs::write(&file, "x").expect("write a file");
    assert_refused(&site, &file, "it is a file");
}
