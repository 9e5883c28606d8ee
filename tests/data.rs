//! Builds the data fixture (tests/fixtures/data: collections `companies` and `chips`, sources,
//! a timeline and a glossary, in Italian and English) and checks the output with an HTML parser:
//! entry pages, fields, refs and backrefs, the data functions, citations and determinism.
//!
//! The rest of the data tests: tests/data_timeline.rs (timeline pages, JSON, shortcode),
//! tests/data_glossary_charts.rs (glossary page, `chart()`), tests/data_broken.rs (the gallery of
//! broken data sites). Glossary auto-linking and "unused glossary term" warnings are not tested.

mod common;
#[path = "common/data.rs"]
mod data_support;

use std::collections::BTreeSet;

use common::*;
use data_support::*;

const COMPANIES: [&str; 4] = ["amazon", "anthropic", "google", "nvidia"];
const CHIPS: [&str; 4] = ["h100", "inferentia2", "tpu-v5p", "trainium2"];

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

fn set(items: &[String]) -> BTreeSet<String> {
    items.iter().cloned().collect()
}

// ---------------------------------------------------------------------------------------------
// Collections: pages, fields, refs, functions.

#[test]
fn data_files_are_available_to_templates_as_plain_yaml() {
    let site = built_data();
    let home = site.html("index.html");
    assert_eq!(attrs(&home, "ul.raw-companies li", "data-id"), COMPANIES);
    assert_eq!(
        attrs(&home, "ul.raw-companies li", "data-founded"),
        ["1994", "2021", "1998", "1993"]
    );
    assert_eq!(
        texts(&home, "ul.raw-companies li"),
        ["Amazon", "Anthropic", "Google", "Nvidia"]
    );
    assert_eq!(text(one(&home, "p.raw-chip-count")), "4");
    // The English home sees the same plain YAML.
    let en = site.html("en/index.html");
    assert_eq!(attrs(&en, "ul.raw-companies li", "data-id"), COMPANIES);
}

#[test]
fn each_entry_gets_a_page_per_language_at_its_path() {
    let site = built_data();
    let expect = |collection: &str, ids: &[&str], it: &str, en: &str| {
        for id in ids {
            for (lang, pattern) in [("it", it), ("en", en)] {
                let file = format!("{}index.html", pattern.replace("{id}", id));
                let page = site.html(&file);
                assert_eq!(attr(&page, "html", "lang"), lang, "{file}");
                let article = format!("article[data-id=\"{id}\"]");
                assert_eq!(attr(&page, &article, "data-collection"), collection);
                let path = format!("/{}", pattern.replace("{id}", id));
                assert_eq!(attr(&page, "body", "data-current-path"), path, "{file}");
                // entry.translations: both languages, in the order of config.languages.
                assert_eq!(attrs(&page, "nav.langs a", "hreflang"), ["it", "en"]);
                assert_eq!(
                    attrs(&page, "nav.langs a", "href"),
                    [
                        format!("/{}", it.replace("{id}", id)),
                        format!("/{}", en.replace("{id}", id))
                    ]
                );
            }
        }
    };
    expect(
        "companies",
        &COMPANIES,
        "aziende/{id}/",
        "en/companies/{id}/",
    );
    expect("chips", &CHIPS, "chip/{id}/", "en/chips/{id}/");
    // One page per entry and language, nothing else under the collections' folders.
    let files = list_files(&site.out);
    for (prefix, count) in [
        ("aziende/", 4),
        ("en/companies/", 4),
        ("chip/", 4),
        ("en/chips/", 4),
    ] {
        let found: Vec<&String> = files.iter().filter(|f| f.starts_with(prefix)).collect();
        assert_eq!(found.len(), count, "{prefix}: {found:?}");
    }
    // entry.title is the title field (name); entry.path and entry.permalink; entry.collection.
    let amazon = site.html("aziende/amazon/index.html");
    assert_eq!(text(one(&amazon, "h1")), "Amazon");
    assert_eq!(attr(&amazon, "a.self", "href"), "/aziende/amazon/");
    assert_eq!(
        attr(&amazon, "a.self", "data-permalink"),
        "https://example.org/aziende/amazon/"
    );
    assert_eq!(
        attr(&amazon, "article", "data-entry-collection"),
        "companies"
    );
    assert_eq!(text(one(&amazon, "p.kind")), "cloud");
    assert_eq!(text(one(&amazon, "p.founded")), "1994");
    assert_eq!(
        attr(&amazon, "a.website", "href"),
        "https://www.aboutamazon.com/"
    );
    // A date field keeps its precision.
    let released = |file: &str| text(one(&site.html(file), "p.released"));
    assert_eq!(released("chip/trainium2/index.html"), "2024-12-03");
    assert_eq!(released("chip/h100/index.html"), "2022-03");
    assert_eq!(released("en/chips/inferentia2/index.html"), "2023");
}

#[test]
fn entry_pages_are_in_the_sitemap_with_their_translations() {
    let site = built_data();
    let sitemap = parse_xml(&site.output("sitemap.xml")).expect("sitemap.xml is well-formed XML");
    let urls: Vec<&XmlElement> = sitemap.children_named("url").collect();
    let find = |loc: &str| -> &XmlElement {
        urls.iter()
            .copied()
            .find(|u| u.child("loc").text() == loc)
            .unwrap_or_else(|| panic!("{loc} is not in the sitemap"))
    };
    for (ids, it, en) in [
        (&COMPANIES, "aziende/{id}/", "en/companies/{id}/"),
        (&CHIPS, "chip/{id}/", "en/chips/{id}/"),
    ] {
        for id in ids.iter() {
            let it = format!("https://example.org/{}", it.replace("{id}", id));
            let en = format!("https://example.org/{}", en.replace("{id}", id));
            for loc in [&it, &en] {
                let url = find(loc);
                let alternates: Vec<(String, String)> = url
                    .children_named("xhtml:link")
                    .map(|l| {
                        (
                            l.attr("hreflang").unwrap_or_default().to_string(),
                            l.attr("href").unwrap_or_default().to_string(),
                        )
                    })
                    .collect();
                assert_eq!(
                    alternates,
                    [
                        ("it".to_string(), it.clone()),
                        ("en".to_string(), en.clone())
                    ],
                    "{loc}"
                );
            }
        }
    }
    // The timeline pages are there too; the JSON is not a page.
    find("https://example.org/cronologia/");
    find("https://example.org/en/timeline/companies/amazon/");
    assert!(
        !urls
            .iter()
            .any(|u| u.child("loc").text().ends_with("timeline.json"))
    );
}

#[test]
fn data_links_resolve_per_language() {
    let site = built_data();
    // `@/data/chips/<id>` (with or without a trailing slash) in a page's Markdown.
    let it = site.html("storia/index.html");
    assert_eq!(
        attrs(&it, "div.content p > a", "href"),
        ["/chip/trainium2/", "/chip/h100/", "/aziende/amazon/"]
    );
    let en = site.html("en/storia/index.html");
    assert_eq!(
        attrs(&en, "div.content p > a", "href"),
        ["/en/chips/trainium2/"]
    );
    // In a markdown field of an entry, rendered once per language.
    let notes = |file: &str| attrs(&site.html(file), "div.notes a", "href");
    assert_eq!(notes("chip/trainium2/index.html"), ["/chip/h100/"]);
    assert_eq!(notes("en/chips/trainium2/index.html"), ["/en/chips/h100/"]);
    // And through url() in a template.
    assert_eq!(
        attr(&site.html("index.html"), "a.chip-link", "href"),
        "/chip/trainium2/"
    );
    assert_eq!(
        attr(&site.html("en/index.html"), "a.chip-link", "href"),
        "/en/chips/trainium2/"
    );
    for href in [
        "/chip/trainium2/",
        "/chip/h100/",
        "/aziende/amazon/",
        "/en/chips/trainium2/",
        "/en/chips/h100/",
    ] {
        assert_link_resolves(&site, href);
    }
}

#[test]
fn translatable_text_and_markdown_render_per_language() {
    let site = built_data();
    let h100_it = site.html("chip/h100/index.html");
    let h100_en = site.html("en/chips/h100/index.html");
    assert_eq!(
        text(one(&h100_it, "p.description")),
        "La GPU di riferimento."
    );
    assert_eq!(text(one(&h100_en, "p.description")), "The reference GPU.");
    // markdown: rendered to HTML, not escaped.
    assert_eq!(text(one(&h100_it, "div.notes strong")), "molto");
    assert_eq!(text(one(&h100_en, "div.notes strong")), "a lot");
    assert_eq!(text(one(&h100_it, "div.notes p")), "Costa molto.");
    // One string is the same in every language.
    for file in ["chip/tpu-v5p/index.html", "en/chips/tpu-v5p/index.html"] {
        assert_eq!(text(one(&site.html(file), "p.description")), "TPU v5p");
    }
    for file in [
        "aziende/google/index.html",
        "en/companies/google/index.html",
    ] {
        assert_eq!(
            text(one(&site.html(file), "div.summary p")),
            "Google Cloud."
        );
    }
    let amazon_it = site.html("aziende/amazon/index.html");
    let amazon_en = site.html("en/companies/amazon/index.html");
    assert_eq!(
        text(one(&amazon_it, "div.summary p")),
        "Vende cloud con AWS."
    );
    assert_eq!(text(one(&amazon_it, "div.summary strong")), "cloud");
    assert_eq!(
        text(one(&amazon_en, "div.summary p")),
        "Sells cloud through AWS."
    );
    assert_eq!(text(one(&amazon_en, "div.summary strong")), "cloud");
    // get_entry(lang="en") from an Italian page.
    assert_eq!(
        text(one(&site.html("index.html"), "a.trainium2-en")),
        "Amazon's training chip."
    );
}

#[test]
fn bool_list_and_absent_optional_fields() {
    let site = built_data();
    let field = |file: &str, css: &str| texts(&site.html(file), css);
    assert_eq!(field("chip/trainium2/index.html", "p.available"), ["true"]);
    assert_eq!(
        field("en/chips/trainium2/index.html", "ul.tags li"),
        ["training", "aws"]
    );
    assert_eq!(field("chip/h100/index.html", "p.available"), ["false"]);
    assert!(field("chip/h100/index.html", "ul.tags li").is_empty());
    // An optional field left out is absent from the entry (the template's default shows).
    assert_eq!(field("chip/tpu-v5p/index.html", "p.available"), ["unknown"]);
    assert_eq!(field("chip/inferentia2/index.html", "p.bandwidth"), [""]);
}

#[test]
fn refs_become_links_with_title_and_path() {
    let site = built_data();
    let trn = site.html("chip/trainium2/index.html");
    assert_eq!(attr(&trn, "a.vendor", "href"), "/aziende/amazon/");
    assert_eq!(attr(&trn, "a.vendor", "data-id"), "amazon");
    assert_eq!(text(one(&trn, "a.vendor")), "Amazon");
    let trn_en = site.html("en/chips/trainium2/index.html");
    assert_eq!(attr(&trn_en, "a.vendor", "href"), "/en/companies/amazon/");
    // refs: a list of links in the order written.
    let h100_en = site.html("en/chips/h100/index.html");
    assert_eq!(
        attrs(&h100_en, "ul.competitors a", "data-id"),
        ["trainium2", "tpu-v5p"]
    );
    assert_eq!(
        texts(&h100_en, "ul.competitors a"),
        ["Trainium2", "TPU v5p"]
    );
    assert_eq!(
        attrs(&h100_en, "ul.competitors a", "href"),
        ["/en/chips/trainium2/", "/en/chips/tpu-v5p/"]
    );
    // A ref to a collection without pages (sources) still has its id and title.
    assert_eq!(
        attrs(&h100_en, "ul.chip-sources a", "data-id"),
        ["nvidia-h100"]
    );
    assert_eq!(
        texts(&h100_en, "ul.chip-sources a"),
        ["NVIDIA H100 Tensor Core GPU"]
    );
    for file in [
        "chip/trainium2/index.html",
        "en/chips/trainium2/index.html",
        "en/chips/h100/index.html",
    ] {
        let page = site.html(file);
        for href in attrs(&page, "a.vendor, ul.competitors a", "href") {
            assert_link_resolves(&site, &href);
        }
    }
}

#[test]
fn backrefs_list_a_companys_chips_and_timeline_events() {
    let site = built_data();
    let amazon = site.html("aziende/amazon/index.html");
    assert_eq!(
        set(&attrs(&amazon, "ul.chips a", "data-id")),
        set(&strings(&["inferentia2", "trainium2"]))
    );
    assert_eq!(
        set(&attrs(&amazon, "ul.chips a", "href")),
        set(&strings(&["/chip/inferentia2/", "/chip/trainium2/"]))
    );
    assert_eq!(
        set(&attrs(&amazon, "ul.events li", "data-id")),
        set(&strings(&[
            "amazon-first-investment",
            "amazon-second-investment",
            "anthropic-aws-expanded",
            "trainium2-available",
        ]))
    );
    let google_en = site.html("en/companies/google/index.html");
    assert_eq!(attrs(&google_en, "ul.chips a", "data-id"), ["tpu-v5p"]);
    assert_eq!(
        attrs(&google_en, "ul.chips a", "href"),
        ["/en/chips/tpu-v5p/"]
    );
    assert_eq!(
        texts(&google_en, "ul.events li"),
        ["Google unveils TPU v5p"]
    );
    // A company nothing refers to by that field gets an empty list.
    let anthropic = site.html("aziende/anthropic/index.html");
    assert!(select(&anthropic, "ul.chips li").is_empty());
    // backrefs on the timeline by another refs field, in the page's language.
    let trn_en = site.html("en/chips/trainium2/index.html");
    assert_eq!(
        set(&texts(&trn_en, "ul.events li")),
        set(&strings(&[
            "Another $4B and Trainium",
            "Trainium2 available"
        ]))
    );
}

#[test]
fn front_matter_collection_keys_give_page_refs() {
    let site = built_data();
    let it = site.html("storia/index.html");
    assert_eq!(
        attrs(&it, "ul.refs-companies a", "data-id"),
        ["amazon", "anthropic"]
    );
    assert_eq!(
        attrs(&it, "ul.refs-companies a", "href"),
        ["/aziende/amazon/", "/aziende/anthropic/"]
    );
    assert_eq!(texts(&it, "ul.refs-companies a"), ["Amazon", "Anthropic"]);
    assert_eq!(attrs(&it, "ul.refs-chips a", "href"), ["/chip/trainium2/"]);
    // Each language file has its own front matter.
    let en = site.html("en/storia/index.html");
    assert_eq!(
        attrs(&en, "ul.refs-companies a", "href"),
        ["/en/companies/amazon/"]
    );
    assert!(select(&en, "ul.refs-chips a").is_empty());
}

#[test]
fn entries_lists_a_collection_by_id_and_get_entry_finds_one() {
    let site = built_data();
    let home = site.html("index.html");
    // chips.yaml lists trainium2, h100, tpu-v5p, inferentia2: entries() sorts by id.
    assert_eq!(attrs(&home, "ul.all-chips a", "data-id"), CHIPS);
    assert_eq!(
        attrs(&home, "ul.all-chips a", "data-vendor"),
        ["nvidia", "amazon", "google", "amazon"]
    );
    assert_eq!(
        attrs(&site.html("en/index.html"), "ul.all-chips a", "href"),
        [
            "/en/chips/h100/",
            "/en/chips/inferentia2/",
            "/en/chips/tpu-v5p/",
            "/en/chips/trainium2/"
        ]
    );
    assert_eq!(attr(&home, "a.amazon", "href"), "/aziende/amazon/");
    assert_eq!(
        attr(&home, "a.amazon", "data-permalink"),
        "https://example.org/aziende/amazon/"
    );
    assert_eq!(text(one(&home, "a.amazon")), "Amazon");
    assert_eq!(
        attr(&home, "a.trainium2-en", "href"),
        "/en/chips/trainium2/"
    );
}

#[test]
fn a_sub_path_base_url_prefixes_every_data_link() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&["--base-url", "https://example.org/sub/"]);
    // Every root-relative link of every data-related page is under /sub/ and names a built file.
    for file in [
        "index.html",
        "storia/index.html",
        "en/storia/index.html",
        "grafici/index.html",
        "aziende/amazon/index.html",
        "en/chips/trainium2/index.html",
        "cronologia/index.html",
        "en/timeline/companies/amazon/index.html",
        "glossario/index.html",
    ] {
        let page = site.html(file);
        for href in attrs(&page, "a[href]", "href") {
            if href.is_empty() || href.starts_with('#') || href.starts_with("https://") {
                continue;
            }
            let inside = href
                .strip_prefix("/sub")
                .unwrap_or_else(|| panic!("{file}: `{href}` is not under /sub/"));
            assert_link_resolves(&site, inside);
        }
    }
    let amazon = site.html("aziende/amazon/index.html");
    assert_eq!(attr(&amazon, "a.self", "href"), "/sub/aziende/amazon/");
    assert_eq!(
        attr(&amazon, "a.self", "data-permalink"),
        "https://example.org/sub/aziende/amazon/"
    );
    assert_eq!(
        attrs(
            &site.html("storia/index.html"),
            "ol.timeline-embed a",
            "href"
        ),
        [
            "/sub/cronologia/#amazon-first-investment",
            "/sub/cronologia/#amazon-second-investment"
        ]
    );
    assert_eq!(
        attrs(&site.html("storia/index.html"), "div.content p > a", "href"),
        [
            "/sub/chip/trainium2/",
            "/sub/chip/h100/",
            "/sub/aziende/amazon/"
        ]
    );
    let timeline = site.html("cronologia/index.html");
    assert_eq!(
        attr(&timeline, "section.timeline", "data-json"),
        "/sub/cronologia/timeline.json"
    );
    let sitemap = parse_xml(&site.output("sitemap.xml")).expect("well-formed sitemap");
    for url in sitemap.children_named("url") {
        let loc = url.child("loc").text();
        assert!(loc.starts_with("https://example.org/sub/"), "{loc}");
    }
}

#[test]
fn a_rebuild_after_editing_a_data_file_rewrites_only_what_changed() {
    let site = built_data();
    let before = snapshot(&site.out);
    let_mtimes_tick();
    let chips = site.read("content/data/chips.yaml");
    let edited = chips.replace(
        r#"en: "The reference GPU.""#,
        r#"en: "The GPU everyone wants.""#,
    );
    assert_ne!(chips, edited, "the fixture changed");
    site.write("content/data/chips.yaml", edited);
    let run = site.build_ok(&[]);
    assert_eq!(
        text(one(&site.html("en/chips/h100/index.html"), "p.description")),
        "The GPU everyone wants."
    );
    let changed = changed_files(&before, &snapshot(&site.out));
    assert!(
        changed.contains(&"en/chips/h100/index.html".to_string()),
        "{changed:?}"
    );
    assert!(
        !changed.contains(&"chip/h100/index.html".to_string()),
        "the Italian page did not change: {changed:?}"
    );
    let (written, unchanged, removed) = summary_counts(&run.stderr);
    assert_eq!(written, changed.len(), "{}", run.stderr);
    assert!(unchanged > 40, "{}", run.stderr);
    assert_eq!(removed, 0);
}

// ---------------------------------------------------------------------------------------------
// Determinism.

#[test]
fn two_builds_of_the_data_fixture_are_byte_identical() {
    let first = built_data();
    let second = built_data();
    let files = list_files(&first.out);
    assert_eq!(files, list_files(&second.out));
    assert!(files.len() > 50, "{files:?}");
    for file in &files {
        assert!(
            std::fs::read(first.out.join(file)).ok() == std::fs::read(second.out.join(file)).ok(),
            "{file} differs between two builds"
        );
    }
}
