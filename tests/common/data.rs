//! Helpers for the data tests (tests/data.rs, tests/data_broken.rs): the `data` fixture site and
//! the gallery of broken variants of it in tests/fixtures/broken-data/<case>/, each holding only
//! the files that differ from the fixture (copied over a temporary copy of it).
//!
//! Declared from a test file with `#[path = "common/data.rs"] mod data_support;` next to
//! `mod common;`.
#![allow(dead_code)]

use scraper::Html;

use crate::common::*;

/// The fixture site with collections, sources, a timeline and a glossary, in Italian and English.
pub const FIXTURE: &str = "data";

/// Copies the data fixture and builds it, panicking unless the build succeeds.
#[track_caller]
pub fn built_data() -> Site {
    built(FIXTURE, &[])
}

/// A built file parsed as JSON.
#[track_caller]
pub fn json(site: &Site, relative: &str) -> serde_json::Value {
    let text = site.output(relative);
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{relative} is not JSON: {error}"))
}

/// The `id` of every element matching `css`, in document order.
pub fn ids(html: &Html, css: &str) -> Vec<String> {
    attrs(html, css, "id")
}

/// Whether some element of the page has this `id`.
pub fn has_id(html: &Html, id: &str) -> bool {
    html.select(&sel("[id]"))
        .any(|e| e.value().attr("id") == Some(id))
}

/// Panics unless every `id` in the page is unique.
#[track_caller]
pub fn assert_unique_ids(html: &Html, what: &str) {
    let mut all = ids(html, "[id]");
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "duplicate ids in {what}");
}

/// The output file a root-relative link (`/en/chips/h100/#x`) points at, for a site without a
/// base path: `en/chips/h100/index.html`.
pub fn output_file_of(href: &str) -> String {
    let path = href.split('#').next().unwrap_or_default();
    let path = path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

/// Panics unless a root-relative link names a built file and, if it has an anchor, an element of
/// that page has the anchor as its id.
#[track_caller]
pub fn assert_link_resolves(site: &Site, href: &str) {
    assert!(href.starts_with('/'), "not a root-relative link: {href}");
    let file = output_file_of(href);
    assert!(site.has_output(&file), "{href}: no {file} in the output");
    if let Some((_, anchor)) = href.split_once('#') {
        assert!(
            has_id(&site.html(&file), anchor),
            "{href}: no element with id `{anchor}` in {file}"
        );
    }
}

/// Copies `tests/fixtures/broken-data/<case>/` over the site (its files replace the fixture's).
pub fn apply_case(site: &Site, case: &str) {
    let overlay = fixture("broken-data").join(case);
    assert!(overlay.is_dir(), "no case {}", overlay.display());
    copy_dir(&overlay, &site.root);
}

/// Builds the good data fixture, then applies a broken case to the site and builds it into the
/// same output folder: the broken build must exit 1, say the output was not touched, and leave
/// every byte and mtime of the good output alone; `spiega check` must report the same.
#[track_caller]
pub fn build_broken_data(case: &str) -> Failure {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    apply_case(&site, case);
    let run = site.build(&[]);
    assert_failed_and_untouched(&run, &before, &site.out);
    let check = site.check(&[]);
    check.expect_code(1);
    assert_eq!(
        errors_and_locations(&check.stderr),
        errors_and_locations(&run.stderr),
        "check and build report the same errors"
    );
    Failure { site, run }
}

/// Every `error:` headline with the location that follows it, in order (warnings left out).
pub fn errors_and_locations(stderr: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut current: Option<String> = None;
    for line in stderr.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            current = Some(message.to_string());
        } else if line.starts_with("warning: ") {
            current = None;
        } else if let Some(location) = line.trim_start().strip_prefix("--> ")
            && let Some(message) = current.take()
        {
            found.push((message, location.trim().to_string()));
        }
    }
    found
}
