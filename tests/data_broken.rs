//! Broken data sites beyond the gallery (tests/broken.rs, whose data rows are the folders of
//! tests/fixtures/broken-data/): pages at the URL of a generated page, a schema naming no field,
//! the caret under a whole value, a template mistake met on many pages said once, mistakes of
//! several data files and pages reported together, and the same report every time.

mod common;
#[path = "common/data.rs"]
mod data_support;

use common::*;
use data_support::*;

#[test]
fn the_same_data_mistakes_give_the_same_report_every_time() {
    let first = build_broken_data("several-errors");
    let second = build_broken_data("several-errors");
    assert_eq!(
        diagnostics_only(&first.stderr()),
        diagnostics_only(&second.stderr())
    );
    assert_eq!(errors(&first.run.stderr).len(), 3, "{}", first.run.stderr);
}

/// Writes a content page at `key` that would be published at the same URL as a generated page.
#[track_caller]
fn assert_url_clash_is_an_error(key: &str, url: &str) {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    site.write(
        key,
        "---\ntitle: \"Una pagina\"\ndate: 2024-01-01\n---\nTesto.\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        errors(&run.stderr).contains(&format!(
            "two pages would be written to the same URL `{url}`"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        locations(&run.stderr).first().map(String::as_str),
        Some(format!("{key}:2:1").as_str()),
        "{}",
        run.stderr
    );
    assert_eq!(
        changed_files(&before, &snapshot(&site.out)),
        Vec::<String>::new()
    );
}

#[test]
fn a_page_at_the_url_of_a_data_entry_is_an_error() {
    assert_url_clash_is_an_error("content/chip/h100.md", "/chip/h100/");
}

#[test]
fn a_page_at_the_url_of_the_timeline_is_an_error() {
    assert_url_clash_is_an_error("content/cronologia.md", "/cronologia/");
}

#[test]
fn a_page_at_the_url_of_the_glossary_is_an_error() {
    assert_url_clash_is_an_error("content/glossario.md", "/glossario/");
}

#[test]
fn a_title_field_naming_no_field_is_an_error() {
    let site = Site::copy(FIXTURE);
    let config = site.read("site.yaml");
    let broken = config.replace("title_field: name", "title_field: nome");
    assert_ne!(config, broken, "the fixture changed");
    site.write("site.yaml", broken);
    let run = site.build(&[]);
    run.expect_code(1);
    assert_eq!(
        locations(&run.stderr),
        ["site.yaml:19:18"],
        "{}",
        run.stderr
    );
    assert_eq!(
        hints(&run.stderr),
        ["did you mean `name`?"],
        "{}",
        run.stderr
    );
}

#[test]
fn the_caret_underlines_the_whole_value() {
    let failure = build_broken_data("list-not-a-list");
    let stderr = &failure.run.stderr;
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("15 |"))
        .unwrap_or_else(|| panic!("no source line in {stderr}"));
    let carets = lines[at + 1].matches('^').count();
    assert_eq!(carets, "training, aws".len(), "{stderr}");
}

/// Builds the data fixture with a typo in company.html's `backrefs(…, field="vendor", …)`.
fn build_with_backrefs_typo() -> Run {
    let site = Site::copy(FIXTURE);
    let template = site.read("themes/mini/templates/company.html");
    let broken = template.replace(
        r#"backrefs(collection="chips", field="vendor""#,
        r#"backrefs(collection="chips", field="vendr""#,
    );
    assert_ne!(template, broken, "the fixture changed");
    site.write("themes/mini/templates/company.html", broken);
    site.build(&[])
}

#[test]
fn one_template_mistake_is_reported_once() {
    // Rendered for 4 companies in 2 languages, the same mistake is still one diagnostic.
    let run = build_with_backrefs_typo();
    run.expect_code(1);
    assert_eq!(errors_and_locations(&run.stderr).len(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("Failed 1 error;"), "{}", run.stderr);
}

#[test]
fn data_event_and_front_matter_ref_errors_are_reported_together() {
    // Three cases at once: a ref in chips.yaml, a page of an event, a ref in a page's front matter.
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    for case in ["unknown-ref", "unknown-event-page", "unknown-page-ref"] {
        apply_case(&site, case);
    }
    let run = site.build(&[]);
    run.expect_code(1);
    assert_eq!(
        locations(&run.stderr),
        [
            "content/data/chips.yaml:16:11",
            "content/data/timeline.yaml:44:22",
            "content/storia.md:4:21"
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Failed 3 errors;"), "{}", run.stderr);
    assert_eq!(
        changed_files(&before, &snapshot(&site.out)),
        Vec::<String>::new()
    );
}
