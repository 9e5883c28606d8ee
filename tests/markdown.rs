//! Markdown features, written to the contract in docs/reference.md: heading ids and anchors, the
//! table of contents, summaries, the CommonMark extensions, smart punctuation, shortcodes, `@/`
//! links in the current language, and the errors they can raise (broken links and anchors,
//! unknown shortcodes and arguments), from the gallery in tests/fixtures/broken/.

mod common;

use std::collections::BTreeSet;

use common::*;

const FIXTURE: &str = "markdown";

#[test]
fn headings_get_ids_and_anchor_links() {
    let site = built(FIXTURE, &[]);
    let deal = site.html("articles/deal/index.html");
    assert_eq!(
        attrs(&deal, "article h2, article h3", "id"),
        [
            "la-cronologia",
            "il-primo-anno",
            "il-secondo-anno",
            "le-conseguenze"
        ]
    );
    // heading_anchors: after → a link to the heading itself, after its text.
    for heading in select(&deal, "article h2, article h3") {
        let id = heading.value().attr("id").unwrap_or_default();
        let anchors: Vec<_> = heading.select(&sel("a.anchor")).collect();
        assert_eq!(anchors.len(), 1, "{}", heading.html());
        assert_eq!(
            anchors[0].value().attr("href"),
            Some(format!("#{id}").as_str())
        );
        let last = heading
            .children()
            .filter_map(scraper::ElementRef::wrap)
            .last();
        assert_eq!(last, Some(anchors[0]), "the anchor comes after the text");
    }
    let en = site.html("en/articles/deal/index.html");
    assert_eq!(
        attrs(&en, "article h2, article h3", "id"),
        ["timeline", "the-first-year", "consequences"]
    );
}

#[test]
fn the_toc_nests_headings_by_level() {
    let site = built(FIXTURE, &[]);
    let deal = site.html("articles/deal/index.html");
    assert_eq!(
        attrs(&deal, "nav.toc > ul > li > a", "href"),
        ["#la-cronologia", "#le-conseguenze"]
    );
    assert_eq!(
        texts(&deal, "nav.toc > ul > li > a"),
        ["La cronologia", "Le conseguenze"]
    );
    assert_eq!(
        attrs(&deal, "nav.toc > ul > li > ul > li > a", "href"),
        ["#il-primo-anno", "#il-secondo-anno"]
    );
    assert_eq!(
        attrs(&deal, "nav.toc li", "data-level"),
        ["2", "3", "3", "2"]
    );
}

#[test]
fn every_id_on_a_page_is_unique() {
    let site = built(FIXTURE, &[]);
    let chips = site.html("chips/index.html");
    // Two headings with the same text get two ids.
    assert_eq!(attrs(&chips, "article h2", "id").len(), 3);
    for file in list_files(&site.out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = site.html(&file);
        let ids = attrs(&html, "[id]", "id");
        let unique: BTreeSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{file} repeats an id: {ids:?}");
        // Every in-page link goes somewhere.
        for href in attrs(&html, "a[href^='#']", "href") {
            assert!(
                ids.contains(&href[1..].to_string()),
                "{file}: {href} has no target"
            );
        }
    }
}

#[test]
fn the_summary_is_the_html_before_the_more_marker() {
    let site = built(FIXTURE, &[]);
    let list = site.html("articles/index.html");
    assert_eq!(
        texts(&list, "ul.pages .summary p"),
        ["Il riassunto dell’accordo."]
    );
    assert_eq!(attr(&list, "ul.pages .summary", "data-has-summary"), "yes");
    let deal = site.html("articles/deal/index.html");
    assert_eq!(
        texts(&deal, "div.summary p"),
        ["Il riassunto dell’accordo."]
    );
    assert!(select(&deal, "div.summary h2").is_empty());
    // The content still has everything.
    assert_eq!(select(&deal, "article h2").len(), 2);
    // No marker, no summary.
    let home = site.html("index.html");
    assert_eq!(
        attrs(&home, "ul.pages .summary", "data-has-summary"),
        ["no", "no"],
        "chips.md and long.md have no summary"
    );
}

#[test]
fn tables_footnotes_strikethrough_and_task_lists() {
    let site = built(FIXTURE, &[]);
    let chips = site.html("chips/index.html");
    assert_eq!(texts(&chips, "article table thead th"), ["Chip", "Banda"]);
    assert_eq!(
        texts(&chips, "article table tbody td"),
        ["Trainium2", "2,9 TB/s"]
    );
    let reference = attr(&chips, "article sup a", "href");
    let targets = select(&chips, &format!("article [id='{}']", &reference[1..]));
    assert!(
        targets
            .iter()
            .any(|t| text(*t).contains("La fonte della nota.")),
        "the footnote reference {reference} does not lead to its definition"
    );
    assert_eq!(texts(&chips, "article del"), ["barrato"]);
    assert_eq!(select(&chips, "article li input[type='checkbox']").len(), 2);
    assert_eq!(
        select(&chips, "article li input[type='checkbox'][checked]").len(),
        1
    );
}

#[test]
fn smart_punctuation_is_on_by_default() {
    let site = built(FIXTURE, &[]);
    let chips = site.html("chips/index.html");
    assert_eq!(
        texts(&chips, "article p").first().map(String::as_str),
        Some("Un “chip” – anzi, molti…")
    );
}

#[test]
fn shortcodes_render_inline_and_as_blocks_but_never_in_code() {
    let site = built(FIXTURE, &[]);
    let chips = site.html("chips/index.html");
    assert_eq!(texts(&chips, "article aside.note"), ["Una nota breve"]);
    let boxed = one(&chips, "article div.box");
    assert_eq!(boxed.value().attr("data-kind"), Some("avviso"));
    // The body is Markdown.
    let strong: Vec<String> = boxed.select(&sel("strong")).map(text).collect();
    assert_eq!(strong, ["importante"]);
    // Code keeps shortcodes as they are written.
    assert_eq!(texts(&chips, "article p code"), ["{{ note(text=\"no\") }}"]);
    assert_eq!(
        texts(&chips, "article pre code"),
        ["{{ note(text=\"nemmeno qui\") }}\n{% box(kind=\"x\") %}niente{% end %}"]
    );
    let en = site.html("en/chips/index.html");
    assert_eq!(texts(&en, "article aside.note"), ["A short note"]);
}

#[test]
fn internal_links_go_to_the_current_language_with_their_anchor() {
    let site = built(FIXTURE, &[]);
    let it = site.html("chips/index.html");
    let links: Vec<String> = attrs(&it, "article p a", "href")
        .into_iter()
        .filter(|h| !h.starts_with('#'))
        .collect();
    assert_eq!(
        links,
        [
            "/articles/deal/#la-cronologia",
            "/articles/deal/#il-primo-anno",
            "/articles/"
        ]
    );
    let en = site.html("en/chips/index.html");
    assert_eq!(
        attrs(&en, "article a", "href"),
        [
            "/en/articles/deal/#timeline",
            "/en/articles/deal/#the-first-year"
        ]
    );
    assert_eq!(
        attrs(&site.html("index.html"), "article a", "href"),
        ["/chips/", "/articles/deal/#la-cronologia"]
    );
    assert_eq!(
        attrs(&site.html("en/index.html"), "article a", "href"),
        ["/en/chips/", "/en/articles/deal/#timeline"]
    );
}

#[test]
fn internal_links_keep_a_sub_path_base_url() {
    let site = built(FIXTURE, &["--base-url", "https://example.org/sub/"]);
    assert_eq!(
        attrs(&site.html("en/chips/index.html"), "article a", "href"),
        [
            "/sub/en/articles/deal/#timeline",
            "/sub/en/articles/deal/#the-first-year"
        ]
    );
    assert_eq!(
        attrs(&site.html("index.html"), "article a", "href"),
        ["/sub/chips/", "/sub/articles/deal/#la-cronologia"]
    );
}

#[test]
fn word_count_and_reading_time() {
    let site = built(FIXTURE, &[]);
    let long = site.html("long/index.html");
    assert_eq!(attr(&long, "p.stats", "data-words"), "401");
    assert_eq!(attr(&long, "p.stats", "data-minutes"), "3");
    let short = site.html("en/chips/index.html");
    assert_eq!(attr(&short, "p.stats", "data-minutes"), "1");
}

// ---------------------------------------------------------------------------------------------
// The Markdown cases of the gallery of broken sites.

#[test]
fn broken_internal_link() {
    let failure = build_broken("broken-link");
    let stderr = &failure.run.stderr;
    assert_eq!(errors(stderr).len(), 1, "{stderr}");
    assert!(errors(stderr)[0].contains("c.md"), "{stderr}");
    assert_eq!(
        locations(stderr),
        ["content/a.md:7:6"],
        "at the link's line"
    );
    insta::assert_snapshot!("broken-link", failure.stderr());
}

#[test]
fn broken_anchor_lists_the_headings() {
    let failure = build_broken("broken-anchor");
    let stderr = &failure.run.stderr;
    assert_eq!(errors(stderr).len(), 1, "{stderr}");
    assert!(errors(stderr)[0].contains("#nope"), "{stderr}");
    assert!(errors(stderr)[0].contains("content/b.md"), "{stderr}");
    assert_eq!(locations(stderr), ["content/a.md:7:6"]);
    assert!(
        hints(stderr).iter().any(|h| h.contains("prima-parte")),
        "{stderr}"
    );
    insta::assert_snapshot!("broken-anchor", failure.stderr());
}

#[test]
fn unknown_shortcode() {
    let failure = build_broken("unknown-shortcode");
    let stderr = &failure.run.stderr;
    assert_eq!(errors(stderr), ["unknown shortcode `video`"], "{stderr}");
    assert_eq!(locations(stderr), ["content/a.md:7:1"]);
    assert!(
        hints(stderr).iter().any(|h| h.contains("`note`")),
        "the hint lists the known shortcodes: {stderr}"
    );
    // The list of known shortcodes grows with the built-in ones: keep it out of the snapshot.
    let stderr: Vec<String> = failure
        .stderr()
        .lines()
        .map(|line| match line.split_once("help: known shortcodes: ") {
            Some((before, _)) => format!("{before}help: known shortcodes: […]"),
            None => line.to_string(),
        })
        .collect();
    insta::assert_snapshot!("unknown-shortcode", stderr.join("\n"));
}

#[test]
fn unknown_shortcode_argument() {
    let failure = build_broken("unknown-shortcode-argument");
    let stderr = &failure.run.stderr;
    assert_eq!(
        errors(stderr),
        ["unknown argument `colour` for shortcode `note`"],
        "{stderr}"
    );
    assert_eq!(locations(stderr), ["content/a.md:7:1"]);
    assert!(
        hints(stderr).iter().any(|h| h.contains("`text`")),
        "{stderr}"
    );
    insta::assert_snapshot!("unknown-shortcode-argument", failure.stderr());
}
