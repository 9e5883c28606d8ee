//! Footnotes and citations told apart (citations `[1]` in brackets, footnotes superscript
//! letters), and summaries shown outside their page with no anchor that leads nowhere.

mod common;

use common::*;
use scraper::Html;

/// Every `href="#x"` of a page that names no element of that page.
fn dangling_anchors(html: &Html) -> Vec<String> {
    let ids: std::collections::HashSet<String> = attrs(html, "[id]", "id").into_iter().collect();
    attrs(html, "a[href^='#']", "href")
        .into_iter()
        .filter(|href| href.len() > 1 && !ids.contains(&href[1..]))
        .collect()
}

/// The night-trains fixture (built-in theme) with a page that cites, has notes and a summary.
fn site() -> Site {
    let site = Site::copy("night-trains");
    site.write("content/stories/_index.md", "---\ntitle: Stories\n---\n");
    site.write(
        "content/stories/comeback.md",
        r#"---
title: "The comeback"
description: "Why sleeper trains returned."
date: 2024-06-01
weight: 1
taxonomies: {topics: [policy, travel]}
---
Sleepers came back,{{ cite(id="rail-almanac") }} as one note says,[^why] and [below](#why-now) more.[^more]

<!-- more -->

## Why now

Demand grew.{{ cite(id="ministry-report") }}[^why] Again.{{ cite(id="rail-almanac") }}

[^why]: Travellers wanted fewer flights.
[^more]: A second note{{ cite(id="ministry-report") }}.
"#,
    );
    site
}

#[test]
fn citations_are_numbers_in_brackets_and_footnotes_letters() {
    let site = site();
    site.build_ok(&[]);
    let page = site.html("stories/comeback/index.html");
    assert_eq!(
        texts(&page, ".content sup.cite a"),
        ["[1]", "[2]", "[1]", "[2]"]
    );
    assert_eq!(
        texts(&page, ".content sup.footnote-reference a"),
        ["a", "b", "a"]
    );
    assert_eq!(
        texts(&page, ".footnote-definition .footnote-definition-label"),
        ["a", "b"]
    );
    // Each reference leads to its note and is described by it; ids are unique.
    assert_eq!(
        attrs(&page, ".content sup.footnote-reference a", "href"),
        ["#fn-1", "#fn-2", "#fn-1"]
    );
    assert_eq!(
        attrs(
            &page,
            ".content sup.footnote-reference a",
            "aria-describedby"
        ),
        ["fn-1", "fn-2", "fn-1"]
    );
    let mut ids = attrs(&page, "[id]", "id");
    let count = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), count, "duplicate ids");
    assert_eq!(dangling_anchors(&page), Vec::<String>::new());
}

#[test]
fn a_summary_in_a_list_has_no_citation_no_footnote_and_no_dangling_anchor() {
    let site = site();
    site.build_ok(&[]);
    let home = site.html("stories/index.html");
    let summary = one(&home, ".card-summary");
    let html = summary.html();
    assert!(!html.contains("cite"), "{html}");
    assert!(!html.contains("footnote"), "{html}");
    assert_eq!(
        text(summary),
        "Sleepers came back, as one note says, and below more."
    );
    assert_eq!(
        attr(&home, ".card-summary a", "href"),
        "/night/stories/comeback/#why-now"
    );
    assert_eq!(dangling_anchors(&home), Vec::<String>::new());
}

#[test]
fn no_page_of_the_bundled_site_has_an_anchor_that_leads_nowhere() {
    let site = Site::from_repository();
    site.build_ok(&[]);
    let mut dangling = Vec::new();
    for file in list_files(&site.out) {
        if !file.ends_with(".html") {
            continue;
        }
        for href in dangling_anchors(&site.html(&file)) {
            dangling.push(format!("{file}: {href}"));
        }
    }
    assert_eq!(dangling, Vec::<String>::new());
}
