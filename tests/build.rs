//! Builds the bilingual fixture (Italian by default, English under /en/) and checks the output
//! with an HTML parser: URLs, sections, bundles, drafts, aliases, taxonomies, feeds, sitemap,
//! templates, static files, template functions and a sub-path base URL.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::*;

const FIXTURE: &str = "bilingual";

#[test]
fn each_language_gets_its_own_url_and_lang() {
    let site = built(FIXTURE, &[]);
    let it = site.html("chips/index.html");
    let en = site.html("en/chips/index.html");
    assert_eq!(attr(&it, "html", "lang"), "it");
    assert_eq!(attr(&en, "html", "lang"), "en");
    assert_eq!(text(one(&it, "article h1")), "Chip");
    assert_eq!(text(one(&en, "article h1")), "Chips");
    assert_eq!(attr(&it, "article", "data-key"), "chips.md");
    assert_eq!(attr(&en, "article", "data-key"), "chips.md");
    assert_eq!(attr(&en, "article", "data-lang"), "en");
    // page.translations: both versions, in the order of config.languages, from either language.
    for html in [&it, &en] {
        assert_eq!(attrs(html, "nav.langs a", "hreflang"), ["it", "en"]);
        assert_eq!(
            attrs(html, "nav.langs a", "href"),
            ["/chips/", "/en/chips/"]
        );
    }
    assert!(!site.has_output("chips.en/index.html"));
    assert!(!site.has_output("en/chips.en/index.html"));
    // The homes.
    assert_eq!(attr(&site.html("index.html"), "html", "lang"), "it");
    assert_eq!(
        text(one(&site.html("en/index.html"), "section.home h1")),
        "Home"
    );
}

#[test]
fn a_slug_is_per_language_file() {
    let site = built(FIXTURE, &[]);
    let it = site.html("articles/accordo/index.html");
    let en = site.html("en/articles/the-deal/index.html");
    assert_eq!(text(one(&it, "article h1")), "L'accordo");
    assert_eq!(text(one(&en, "article h1")), "The deal");
    assert_eq!(attr(&it, "article", "data-slug"), "accordo");
    assert_eq!(attr(&en, "article", "data-slug"), "the-deal");
    assert_eq!(
        attrs(&en, "nav.langs a", "href"),
        ["/articles/accordo/", "/en/articles/the-deal/"]
    );
    assert!(!site.has_output("articles/deal/index.html"));
    assert!(!site.has_output("en/articles/deal/index.html"));
    assert!(!site.has_output("en/articles/accordo/index.html"));
}

#[test]
fn a_section_is_sorted_by_date_newest_first_by_default() {
    let site = built(FIXTURE, &[]);
    let it = site.html("articles/index.html");
    assert_eq!(
        texts(&it, "ol.pages a"),
        ["Novità", "L'accordo", "Schema", "Inizio"]
    );
    assert_eq!(
        attrs(&it, "ol.pages a", "data-date"),
        ["2024-11-22", "2024-03-27", "2024-01-10", "2023-09-25"]
    );
    assert_eq!(
        attrs(&it, "ol.pages a", "href"),
        [
            "/articles/newest/",
            "/articles/accordo/",
            "/articles/bundle/",
            "/articles/older/"
        ]
    );
    let en = site.html("en/articles/index.html");
    assert_eq!(texts(&en, "ol.pages a"), ["News", "The deal", "Diagram"]);
}

#[test]
fn a_section_with_sort_by_weight_is_lightest_first() {
    let site = built(FIXTURE, &[]);
    let guide = site.html("guide/index.html");
    assert_eq!(texts(&guide, "ol.pages a"), ["Beta", "Gamma", "Alfa"]);
    assert_eq!(attrs(&guide, "ol.pages a", "data-weight"), ["1", "2", "3"]);
}

#[test]
fn a_page_bundle_has_its_files_copied_beside_it_in_each_language() {
    let site = built(FIXTURE, &[]);
    let svg =
        std::fs::read(site.path("content/articles/bundle/diagram.svg")).expect("the source asset");
    let csv =
        std::fs::read(site.path("content/articles/bundle/numbers.csv")).expect("the source asset");
    for prefix in ["", "en/"] {
        let dir = site.out.join(format!("{prefix}articles/bundle"));
        assert_eq!(
            std::fs::read(dir.join("diagram.svg")).ok(),
            Some(svg.clone()),
            "{prefix}"
        );
        assert_eq!(
            std::fs::read(dir.join("numbers.csv")).ok(),
            Some(csv.clone()),
            "{prefix}"
        );
        let page = site.html(&format!("{prefix}articles/bundle/index.html"));
        assert_eq!(texts(&page, "ul.assets a"), ["diagram.svg", "numbers.csv"]);
        assert_eq!(
            attrs(&page, "ul.assets a", "href"),
            [
                format!("/{prefix}articles/bundle/diagram.svg"),
                format!("/{prefix}articles/bundle/numbers.csv")
            ]
        );
    }
    // The bundle's index.md is a page, not copied as a file.
    assert!(!site.has_output("articles/bundle/index.md"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = built(FIXTURE, &[]);
    assert!(!site.has_output("articles/draft/index.html"));
    assert!(!texts(&site.html("articles/index.html"), "ol.pages a").contains(&"Bozza".to_string()));
    assert!(!site.output("sitemap.xml").contains("/articles/draft/"));
    assert!(!site.output("atom.xml").contains("Bozza"));

    let with_drafts = built(FIXTURE, &["--drafts"]);
    let page = with_drafts.html("articles/draft/index.html");
    assert_eq!(text(one(&page, "article h1")), "Bozza");
    assert_eq!(
        texts(&with_drafts.html("articles/index.html"), "ol.pages a")
            .first()
            .map(String::as_str),
        Some("Bozza"),
        "the draft is the newest article"
    );
}

#[test]
fn an_alias_redirects_to_its_page() {
    let site = built(FIXTURE, &[]);
    let alias = site.html("vecchi/chip/index.html");
    assert_eq!(
        attr(&alias, "meta[http-equiv='refresh']", "content"),
        "0; url=https://example.org/chips/"
    );
    assert_eq!(
        attr(&alias, "link[rel='canonical']", "href"),
        "https://example.org/chips/"
    );
    assert_eq!(attr(&alias, "main a", "href"), "https://example.org/chips/");
    // The alias is not listed as a page.
    assert!(!site.output("sitemap.xml").contains("/vecchi/"));
}

#[test]
fn taxonomies_have_a_list_and_term_pages_per_language() {
    let site = built(FIXTURE, &[]);
    let it = site.html("tags/index.html");
    assert_eq!(attr(&it, "html", "lang"), "it");
    assert_eq!(texts(&it, "ul.terms a"), ["chips", "cloud"]);
    assert_eq!(
        attrs(&it, "ul.terms a", "href"),
        ["/tags/chips/", "/tags/cloud/"]
    );
    assert_eq!(texts(&it, "ul.terms .count"), ["1", "3"]);

    let en = site.html("en/tags/index.html");
    assert_eq!(attr(&en, "html", "lang"), "en");
    assert_eq!(
        attrs(&en, "ul.terms a", "href"),
        ["/en/tags/chips/", "/en/tags/cloud/"]
    );
    assert_eq!(texts(&en, "ul.terms .count"), ["1", "1"]);

    // A term page lists its pages newest first, in its own language only.
    let cloud = site.html("tags/cloud/index.html");
    assert_eq!(text(one(&cloud, "section.term h1")), "cloud");
    assert_eq!(texts(&cloud, "ol.pages a"), ["Novità", "L'accordo", "Chip"]);
    assert_eq!(attr(&cloud, "a.up", "href"), "/tags/");
    let cloud_en = site.html("en/tags/cloud/index.html");
    assert_eq!(texts(&cloud_en, "ol.pages a"), ["The deal"]);
    assert_eq!(
        texts(&site.html("en/tags/chips/index.html"), "ol.pages a"),
        ["Chips"]
    );

    // page.taxonomies links to the terms of the page's language.
    let chips = site.html("chips/index.html");
    assert_eq!(
        attrs(&chips, "ul.tags a", "href"),
        ["/tags/chips/", "/tags/cloud/"]
    );
    assert_eq!(attrs(&chips, "ul.tags a", "data-count"), ["1", "3"]);
    let chips_en = site.html("en/chips/index.html");
    assert_eq!(attrs(&chips_en, "ul.tags a", "href"), ["/en/tags/chips/"]);
}

#[test]
fn the_404_page_is_rendered_in_the_default_language() {
    let site = built(FIXTURE, &[]);
    let page = site.html("404.html");
    assert_eq!(attr(&page, "html", "lang"), "it");
    assert_eq!(text(one(&page, "h1.not-found")), "Pagina non trovata");
}

#[test]
fn robots_txt_points_at_the_sitemap() {
    let site = built(FIXTURE, &[]);
    let robots = site.output("robots.txt");
    let lines: Vec<&str> = robots.lines().collect();
    assert!(lines.contains(&"User-agent: *"), "{robots}");
    assert!(
        lines.contains(&"Sitemap: https://example.org/sitemap.xml"),
        "{robots}"
    );
}

/// Every HTML page of the output that is a page, section, taxonomy or term (not an alias, not 404),
/// as its URL.
fn page_urls(site: &Site, base: &str) -> BTreeSet<String> {
    list_files(&site.out)
        .into_iter()
        .filter(|f| f.ends_with("index.html") && !f.starts_with("vecchi/"))
        .map(|f| format!("{base}{}", f.trim_end_matches("index.html")))
        .collect()
}

#[test]
fn the_sitemap_lists_every_page_with_its_language_alternates() {
    let site = built(FIXTURE, &[]);
    let sitemap = parse_xml(&site.output("sitemap.xml")).expect("sitemap.xml is well-formed XML");
    assert_eq!(sitemap.name, "urlset");
    assert_eq!(
        sitemap.attr("xmlns"),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    assert_eq!(
        sitemap.attr("xmlns:xhtml"),
        Some("http://www.w3.org/1999/xhtml")
    );

    let mut alternates: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    let mut lastmods: BTreeMap<String, String> = BTreeMap::new();
    for url in sitemap.children_named("url") {
        let loc = url.child("loc").text();
        let links = url
            .children_named("xhtml:link")
            .map(|link| {
                assert_eq!(link.attr("rel"), Some("alternate"));
                let lang = link.attr("hreflang").unwrap_or_default().to_string();
                (lang, link.attr("href").unwrap_or_default().to_string())
            })
            .collect();
        if let Some(lastmod) = url.children_named("lastmod").next() {
            lastmods.insert(loc.clone(), lastmod.text());
        }
        assert!(
            alternates.insert(loc.clone(), links).is_none(),
            "{loc} is listed twice"
        );
    }
    let listed: BTreeSet<String> = alternates.keys().cloned().collect();
    assert_eq!(listed, page_urls(&site, "https://example.org/"));

    let pair = |it: &str, en: &str| {
        vec![
            ("it".to_string(), format!("https://example.org/{it}")),
            ("en".to_string(), format!("https://example.org/{en}")),
        ]
    };
    let translated = [
        ("", "en/"),
        ("chips/", "en/chips/"),
        ("articles/", "en/articles/"),
        ("articles/accordo/", "en/articles/the-deal/"),
        ("articles/newest/", "en/articles/newest/"),
        ("articles/bundle/", "en/articles/bundle/"),
    ];
    for (it, en) in translated {
        for url in [it, en] {
            let loc = format!("https://example.org/{url}");
            assert_eq!(alternates[&loc], pair(it, en), "alternates of {loc}");
        }
    }
    // Pages in one language only have no alternates.
    assert_eq!(alternates["https://example.org/articles/older/"], []);
    assert_eq!(alternates["https://example.org/guide/beta/"], []);
    assert_eq!(
        lastmods["https://example.org/articles/accordo/"],
        "2024-03-27"
    );
}

#[test]
fn each_language_has_an_atom_feed_newest_first_with_escaped_content() {
    let site = built(FIXTURE, &[]);
    let feed = parse_xml(&site.output("atom.xml")).expect("atom.xml is well-formed XML");
    assert_eq!(feed.name, "feed");
    assert_eq!(feed.attr("xmlns"), Some("http://www.w3.org/2005/Atom"));
    assert_eq!(feed.attr("xml:lang"), Some("it"));
    assert_eq!(feed.child("title").text(), "Sito di prova");
    assert_eq!(feed.child("updated").text(), "2024-11-22T00:00:00Z");
    let entries: Vec<_> = feed.children_named("entry").collect();
    let titles: Vec<String> = entries.iter().map(|e| e.child("title").text()).collect();
    assert_eq!(titles, ["Novità", "L'accordo", "Chip", "Schema", "Inizio"]);
    let published: Vec<String> = entries
        .iter()
        .map(|e| e.child("published").text())
        .collect();
    let mut sorted = published.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(published, sorted, "entries are newest first");
    let chips = entries[2];
    assert_eq!(chips.child("id").text(), "https://example.org/chips/");
    assert_eq!(
        chips.child("link").attr("href"),
        Some("https://example.org/chips/")
    );
    assert_eq!(chips.child("summary").text(), "Che cosa sono i chip.");
    // The content is the page's HTML, escaped once: unescaped, it parses as HTML again.
    let content = chips.child("content");
    assert_eq!(content.attr("type"), Some("html"));
    let html = scraper::Html::parse_fragment(&content.text());
    assert_eq!(texts(&html, "p em"), ["Trainium"]);
    assert_eq!(texts(&html, "p"), ["I chip Trainium & le GPU."]);
    let raw = site.output("atom.xml");
    assert!(
        raw.contains("&lt;em&gt;Trainium&lt;/em&gt; &amp;amp; le GPU"),
        "{raw}"
    );

    let en = parse_xml(&site.output("en/atom.xml")).expect("en/atom.xml is well-formed XML");
    assert_eq!(en.attr("xml:lang"), Some("en"));
    assert_eq!(en.child("title").text(), "Test site");
    let titles: Vec<String> = en
        .children_named("entry")
        .map(|e| e.child("title").text())
        .collect();
    assert_eq!(titles, ["News", "The deal", "Chips", "Diagram"]);
    let self_link = en
        .children_named("link")
        .find(|l| l.attr("rel") == Some("self"))
        .and_then(|l| l.attr("href"));
    assert_eq!(self_link, Some("https://example.org/en/atom.xml"));
}

#[test]
fn static_files_come_from_the_theme_then_the_site() {
    let site = built(FIXTURE, &[]);
    assert_eq!(
        site.output("style.css"),
        "/* site style */\n",
        "the site's file wins"
    );
    assert_eq!(site.output("theme-only.txt"), "from the theme\n");
    assert_eq!(site.output("site-only.txt"), "from the site\n");
}

#[test]
fn site_templates_override_the_theme_file_by_file() {
    let site = built(FIXTURE, &[]);
    // page.html is the site's; section.html and base.html are still the theme's.
    assert_eq!(
        attr(&site.html("chips/index.html"), "article", "data-source"),
        "site"
    );
    assert_eq!(
        attr(&site.html("articles/index.html"), "section", "data-source"),
        "theme"
    );
    assert_eq!(
        select(&site.html("chips/index.html"), "header a.home").len(),
        1
    );
}

#[test]
fn trans_gives_each_language_its_strings_and_the_site_wins_over_the_theme() {
    let site = built(FIXTURE, &[]);
    let it = site.html("chips/index.html");
    let en = site.html("en/chips/index.html");
    assert_eq!(text(one(&it, "p.read-more")), "Leggi tutto");
    assert_eq!(
        text(one(&en, "p.read-more")),
        "Keep reading",
        "i18n/en.yaml of the site wins"
    );
    assert_eq!(
        text(one(&en, "p.read-more-it")),
        "Leggi tutto",
        "trans(lang=\"it\")"
    );
    assert_eq!(text(one(&site.html("en/tags/index.html"), "h1")), "Tags");
    assert_eq!(text(one(&site.html("tags/index.html"), "h1")), "Etichette");
}

#[test]
fn the_date_filter_writes_italian_and_english_dates() {
    let site = built(FIXTURE, &[]);
    let it = site.html("articles/accordo/index.html");
    assert_eq!(text(one(&it, "article time")), "27 marzo 2024");
    assert_eq!(attr(&it, "article time", "datetime"), "2024-03-27");
    let en = site.html("en/articles/the-deal/index.html");
    assert_eq!(text(one(&en, "article time")), "March 27, 2024");
    assert_eq!(
        text(one(
            &site.html("articles/newest/index.html"),
            "article time"
        )),
        "22 novembre 2024"
    );
}

#[test]
fn get_page_and_get_section_work_in_templates_in_the_current_language() {
    let site = built(FIXTURE, &[]);
    let it = site.html("guide/beta/index.html");
    assert_eq!(attr(&it, "a.featured", "href"), "/articles/accordo/");
    assert_eq!(text(one(&it, "a.featured")), "L'accordo");
    assert_eq!(attr(&it, "a.featured-en", "href"), "/en/articles/the-deal/");
    assert_eq!(attr(&it, "a.articles", "href"), "/articles/");
    assert_eq!(attr(&it, "a.articles", "data-count"), "4");
    let en = site.html("en/chips/index.html");
    assert_eq!(attr(&en, "a.featured", "href"), "/en/articles/the-deal/");
    assert_eq!(text(one(&en, "a.featured")), "The deal");
    assert_eq!(text(one(&en, "a.articles")), "Articles");
    assert_eq!(attr(&en, "a.articles", "data-count"), "3");
}

#[test]
fn url_resolves_content_paths_in_the_current_language() {
    let site = built(FIXTURE, &[]);
    let it = site.html("guide/beta/index.html");
    assert_eq!(attr(&it, "a.home", "href"), "/");
    assert_eq!(attr(&it, "a.chips-link", "href"), "/chips/");
    assert_eq!(
        attr(&it, "a.absolute", "href"),
        "https://example.org/articles/"
    );
    let en = site.html("en/articles/the-deal/index.html");
    assert_eq!(attr(&en, "a.home", "href"), "/en/");
    assert_eq!(attr(&en, "a.chips-link", "href"), "/en/chips/");
}

#[test]
fn config_extra_is_available_to_templates() {
    let site = built(FIXTURE, &[]);
    let page = site.html("en/chips/index.html");
    assert_eq!(text(one(&page, "p.tagline")), "Spiegato semplice");
    assert_eq!(text(one(&page, "p.answer")), "42");
}

#[test]
fn page_values_carry_their_section_path_and_permalink() {
    let site = built(FIXTURE, &[]);
    let page = site.html("en/articles/the-deal/index.html");
    assert_eq!(attr(&page, "article", "data-section"), "articles/_index.md");
    assert_eq!(
        attr(&page, "a.permalink", "href"),
        "https://example.org/en/articles/the-deal/"
    );
    assert_eq!(text(one(&page, "a.permalink")), "/en/articles/the-deal/");
    assert_eq!(
        attr(&page, "link[rel='canonical']", "href"),
        "https://example.org/en/articles/the-deal/"
    );
    assert_eq!(
        attr(&page, "body", "data-current-path"),
        "/en/articles/the-deal/"
    );
}

/// Every `href` and `src` in every HTML file of the output, with the file it is in.
fn every_link(site: &Site) -> Vec<(String, String)> {
    let mut links = Vec::new();
    for file in list_files(&site.out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = site.html(&file);
        for element in select(&html, "[href], [src]") {
            for name in ["href", "src"] {
                if let Some(value) = element.value().attr(name) {
                    links.push((file.clone(), value.to_string()));
                }
            }
        }
        if let Some(refresh) = select(&html, "meta[http-equiv='refresh']").first() {
            let content = refresh.value().attr("content").unwrap_or_default();
            let url = content
                .split_once("url=")
                .map(|(_, u)| u)
                .unwrap_or(content);
            links.push((file.clone(), url.to_string()));
        }
    }
    links
}

#[test]
fn under_a_sub_path_base_url_every_internal_link_keeps_the_sub_path() {
    let site = built(FIXTURE, &["--base-url", "https://example.org/sub/"]);
    // The files are where they always are; only the URLs change.
    assert!(site.has_output("en/articles/the-deal/index.html"));
    assert!(!site.out.join("sub").exists());

    let links = every_link(&site);
    assert!(
        links.len() > 200,
        "the fixture has many links ({})",
        links.len()
    );
    for (file, link) in &links {
        let ok = if link.starts_with("https://") || link.starts_with("http://") {
            link.starts_with("https://example.org/sub/")
        } else {
            link.starts_with("/sub/") || link.starts_with('#')
        };
        assert!(ok, "{file}: `{link}` is not under /sub/");
    }

    let page = site.html("en/articles/the-deal/index.html");
    assert_eq!(
        text(one(&page, "a.permalink")),
        "/sub/en/articles/the-deal/"
    );
    assert_eq!(
        attr(&page, "a.permalink", "href"),
        "https://example.org/sub/en/articles/the-deal/"
    );
    assert_eq!(attr(&page, "a.home", "href"), "/sub/en/");
    assert_eq!(attr(&page, "a.chips-link", "href"), "/sub/en/chips/");
    assert_eq!(
        attr(&page, "link[rel='stylesheet']", "href"),
        "/sub/style.css"
    );
    assert_eq!(
        attr(&page, "body", "data-current-path"),
        "/sub/en/articles/the-deal/"
    );
    let alias = site.html("vecchi/chip/index.html");
    assert_eq!(
        attr(&alias, "link[rel='canonical']", "href"),
        "https://example.org/sub/chips/"
    );

    let sitemap = parse_xml(&site.output("sitemap.xml")).expect("sitemap.xml is well-formed XML");
    let locs: BTreeSet<String> = sitemap
        .children_named("url")
        .map(|u| u.child("loc").text())
        .collect();
    assert_eq!(locs, page_urls(&site, "https://example.org/sub/"));
    for url in sitemap.children_named("url") {
        for link in url.children_named("xhtml:link") {
            let href = link.attr("href").unwrap_or_default();
            assert!(href.starts_with("https://example.org/sub/"), "{href}");
        }
    }
    let feed = parse_xml(&site.output("en/atom.xml")).expect("en/atom.xml is well-formed XML");
    assert_eq!(
        feed.child("id").text(),
        "https://example.org/sub/en/atom.xml"
    );
    for entry in feed.children_named("entry") {
        assert!(
            entry
                .child("id")
                .text()
                .starts_with("https://example.org/sub/en/")
        );
    }
    let robots = site.output("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://example.org/sub/sitemap.xml"),
        "{robots}"
    );
}

#[test]
fn without_a_sub_path_internal_links_are_root_relative() {
    let site = built(FIXTURE, &[]);
    for (file, link) in every_link(&site) {
        let ok = if link.starts_with("https://") || link.starts_with("http://") {
            link.starts_with("https://example.org/")
        } else {
            link.starts_with('/') || link.starts_with('#')
        };
        assert!(ok, "{file}: `{link}`");
        assert!(!link.contains("/sub/"), "{file}: `{link}`");
    }
}
