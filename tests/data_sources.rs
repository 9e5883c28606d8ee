//! Sources and citations in the data fixture (tests/fixtures/data/content/data/sources.yaml):
//! `cite()` numbering, `page.sources`, and the `spiega check` warning about a source nothing
//! cites.

mod common;
#[path = "common/data.rs"]
mod data_support;

use common::*;
use data_support::*;

#[test]
fn citations_are_numbered_in_order_of_first_use() {
    let site = built_data();
    let it = site.html("storia/index.html");
    assert_eq!(
        texts(&it, "sup.cite a"),
        ["[1]", "[2]", "[1]", "[3]"],
        "a repeated cite keeps its number"
    );
    assert_eq!(
        attrs(&it, "sup.cite a", "href"),
        [
            "#source-axios-2023-09",
            "#source-aws-2024-03",
            "#source-axios-2023-09",
            "#source-anthropic-2024-11"
        ]
    );
    // page.sources: the cited sources in that order, numbered.
    assert_eq!(
        ids(&it, "ol.sources li"),
        [
            "source-axios-2023-09",
            "source-aws-2024-03",
            "source-anthropic-2024-11"
        ]
    );
    assert_eq!(attrs(&it, "ol.sources li", "data-number"), ["1", "2", "3"]);
    for href in attrs(&it, "sup.cite a", "href") {
        let id = href.trim_start_matches('#');
        assert_eq!(
            select(&it, &format!("[id=\"{id}\"]")).len(),
            1,
            "{href} points at one element"
        );
    }
    // The source's fields, translatable ones in the page's language.
    assert_eq!(
        texts(&it, "ol.sources a.source-title"),
        [
            "Amazon to invest up to $4 billion in Anthropic",
            "Amazon completa l'investimento",
            "Powering the next generation of AI development with AWS"
        ]
    );
    assert_eq!(
        attrs(&it, "ol.sources a.source-title", "href"),
        [
            "https://www.axios.com/2023/09/25/amazon-anthropic",
            "https://www.aboutamazon.com/news/company-news/amazon-anthropic-ai-investment",
            "https://www.anthropic.com/news/anthropic-amazon-trainium"
        ]
    );
    assert_eq!(
        texts(&it, "ol.sources .publisher"),
        ["Axios", "AWS", "Anthropic"]
    );
    assert_eq!(
        attrs(&it, "ol.sources li", "data-date"),
        ["2023-09-25", "2024-03-27", "2024-11-22"]
    );
    assert_eq!(
        texts(&it, "ol.sources .note"),
        ["Primo annuncio.", "", "Comunicato ufficiale."]
    );
    // The cite link's title is the source's title in the page's language.
    assert_eq!(
        attrs(&it, "sup.cite a", "title")[1],
        "Amazon completa l'investimento"
    );
    // Numbers are per page: the English page cites in another order.
    let en = site.html("en/storia/index.html");
    assert_eq!(texts(&en, "sup.cite a"), ["[1]", "[2]", "[1]"]);
    assert_eq!(
        ids(&en, "ol.sources li"),
        ["source-aws-2024-03", "source-axios-2023-09"]
    );
    assert_eq!(
        texts(&en, "ol.sources a.source-title"),
        [
            "Amazon completes its investment",
            "Amazon to invest up to $4 billion in Anthropic"
        ]
    );
    assert_eq!(texts(&en, "ol.sources .note"), ["", "First announcement."]);
    // A page that cites nothing has no sources.
    assert!(select(&site.html("grafici/index.html"), "ol.sources li").is_empty());
}

#[test]
fn check_warns_about_a_source_nothing_cites() {
    let site = Site::copy(FIXTURE);
    let check = site.check(&[]);
    check.success();
    let stderr = &check.stderr;
    assert!(
        stderr.contains("warning: the source `blog-rumour` is never cited"),
        "{stderr}"
    );
    let warned = |id: &str| stderr.contains(&format!("the source `{id}` is never cited"));
    // Cited by a page, by a timeline event only, or by a chip's `sources` field only.
    for id in [
        "axios-2023-09",
        "aws-2024-03",
        "anthropic-2024-11",
        "nvidia-h100",
    ] {
        assert!(!warned(id), "`{id}` is cited: {stderr}");
    }
    let after = stderr
        .split("the source `blog-rumour` is never cited")
        .nth(1)
        .unwrap_or_default();
    assert_eq!(
        locations(after).first().map(String::as_str),
        Some("content/data/sources.yaml:26:7"),
        "{stderr}"
    );
    assert!(
        hints(after)
            .first()
            .is_some_and(|h| h.contains(r#"{{ cite(id="blog-rumour") }}"#)),
        "{stderr}"
    );
    // A warning does not fail a build; --strict makes it an error.
    site.build_ok(&[]);
    let strict = site.check(&["--strict"]);
    strict.expect_code(1);
    assert!(
        errors(&strict.stderr)
            .iter()
            .any(|e| e == "the source `blog-rumour` is never cited"),
        "{}",
        strict.stderr
    );
    // Citing it makes the warning go away.
    let charts = site.read("content/grafici.md");
    site.write(
        "content/grafici.md",
        format!("{charts}\nVoci{{{{ cite(id=\"blog-rumour\") }}}}.\n"),
    );
    let check = site.check(&[]);
    check.success();
    assert!(!check.stderr.contains("never cited"), "{}", check.stderr);
}

#[test]
fn a_cite_in_a_data_markdown_field_counts_as_a_citation() {
    let site = Site::copy(FIXTURE);
    let companies = site.read("content/data/companies.yaml");
    let cited = companies.replace(
        r#"summary: "Google Cloud.""#,
        r#"summary: "Google Cloud{{ cite(id=\"blog-rumour\") }}.""#,
    );
    assert_ne!(companies, cited, "the fixture changed");
    site.write("content/data/companies.yaml", cited);
    site.build_ok(&[]);
    // The citation is rendered on the entry's page...
    let google = site.html("aziende/google/index.html");
    assert_eq!(
        attrs(&google, "div.summary sup.cite a", "href"),
        ["#source-blog-rumour"]
    );
    // ...so the source is cited.
    let check = site.check(&[]);
    check.success();
    assert!(
        !check
            .stderr
            .contains("the source `blog-rumour` is never cited"),
        "{}",
        check.stderr
    );
}

#[test]
fn citations_in_headings_shortcode_bodies_tables_and_footnotes_share_one_numbering() {
    let site = Site::copy(FIXTURE);
    site.write(
        "themes/mini/templates/shortcodes/note.html",
        r#"<aside class="note">{{ body | safe }}</aside>"#,
    );
    site.write(
        "content/grafici.md",
        r#"---
title: "Grafici"
date: 2024-12-01
---
## Il titolo{{ cite(id="nvidia-h100") }}

{% note() %}
Nella nota{{ cite(id="blog-rumour") }} e di nuovo{{ cite(id="nvidia-h100") }}.
{% end %}

| chip | fonte |
|---|---|
| H100 | x{{ cite(id="axios-2023-09") }} |

Nota[^1]. Non in codice: `{{ cite(id="nope") }}`.

```
{{ cite(id="nope-either") }}
```

[^1]: Nel piè di pagina{{ cite(id="anthropic-2024-11") }}.
"#,
    );
    site.build_ok(&[]);
    let page = site.html("grafici/index.html");
    assert_eq!(
        texts(&page, "div.content sup.cite a"),
        ["[1]", "[2]", "[1]", "[3]", "[4]"]
    );
    assert_eq!(
        ids(&page, "ol.sources li"),
        [
            "source-nvidia-h100",
            "source-blog-rumour",
            "source-axios-2023-09",
            "source-anthropic-2024-11"
        ]
    );
    assert_eq!(
        attrs(&page, "ol.sources li", "data-number"),
        ["1", "2", "3", "4"]
    );
    // The citation stays out of the heading's id; code is left alone.
    assert_eq!(ids(&page, "div.content h2"), ["il-titolo"]);
    assert_eq!(
        texts(&page, "div.content code"),
        [
            r#"{{ cite(id="nope") }}"#,
            r#"{{ cite(id="nope-either") }}"#
        ]
    );
    assert_eq!(select(&page, "aside.note sup.cite").len(), 2);
}
