//! The explainer's careful wordings, checked in the HTML of the repository's own site (site.yaml,
//! content/, themes/): what content/data and the Markdown pages must keep saying so that nothing
//! on the site is stronger than its source (the fact sheet's writing rules). Each test fails if a
//! wording regresses: the A100's FP8 "not supported", AWS's FP8 figures labelled cFP8, Amazon's
//! $8 billion as announced, The Information's claims as reported, a citation on every page, and
//! the English URL of the story section.

mod common;

use common::*;
use scraper::Html;

/// The repository's site, built into a temporary folder.
fn built_repository() -> Site {
    let site = Site::from_repository();
    site.build_ok(&[]);
    site
}

/// Every content page of the explainer, Italian and English (output files).
const PAGES: [&str; 14] = [
    "index.html",
    "storia/index.html",
    "storia/accordo/index.html",
    "chip/index.html",
    "aziende/index.html",
    "perche-conta/index.html",
    "fonti/index.html",
    "en/index.html",
    "en/story/index.html",
    "en/story/deal/index.html",
    "en/chips/index.html",
    "en/companies/index.html",
    "en/why-it-matters/index.html",
    "en/sources/index.html",
];

/// The text of each paragraph and list item of a page's prose (`div.content`), whitespace folded.
fn prose_blocks(html: &Html) -> Vec<String> {
    select(html, "div.content p, div.content li")
        .into_iter()
        .map(|e| e.text().collect::<Vec<_>>().join(" "))
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The folded text of every prose block of `file` that contains `needle`.
#[track_caller]
fn blocks_with(site: &Site, file: &str, needle: &str) -> Vec<String> {
    let found: Vec<String> = prose_blocks(&site.html(file))
        .into_iter()
        .filter(|b| b.contains(needle))
        .collect();
    assert!(!found.is_empty(), "{file}: no prose mentions {needle:?}");
    found
}

#[test]
fn the_a100_fp8_value_reads_not_supported() {
    let site = built_repository();
    for (file, wording) in [
        ("chip/a100/index.html", "FP8: non supportato"),
        ("en/chips/a100/index.html", "FP8: not supported"),
    ] {
        let notes = text(one(&site.html(file), "div.content"));
        assert!(notes.contains(wording), "{file}: {notes}");
    }
    for (file, wording) in [
        ("chip/index.html", "non supporta"),
        ("en/chips/index.html", "not support"),
    ] {
        let blocks = blocks_with(&site, file, "A100 ");
        assert!(
            blocks.iter().any(|b| b.contains(wording)),
            "{file}: the chips page says the A100 does {wording:?} FP8: {blocks:#?}"
        );
    }
}

/// The table cell and the spec list come from the theme's `chip_not_listed` string ("not listed",
/// "non dichiarato") whenever `fp8_dense` is absent, which is right for the TPUs but not for the
/// A100: saying "not supported" there needs a template or schema change, not a data one.
#[test]
fn the_a100_fp8_cell_reads_not_supported() {
    let site = built_repository();
    for (file, wording) in [
        ("chip/index.html", "non supportato"),
        ("en/chips/index.html", "not supported"),
    ] {
        let html = site.html(file);
        let row = select(&html, "table.chip-table tbody tr")
            .into_iter()
            .find(|tr| text(*tr).contains("A100"))
            .unwrap_or_else(|| panic!("{file}: no A100 row"));
        let cells: Vec<String> = row.select(&sel("td")).map(text).collect();
        assert_eq!(cells[4], wording, "{file}: the A100's FP8 cell");
    }
}

#[test]
fn aws_fp8_figures_are_labelled_cfp8() {
    let site = built_repository();
    for (file, wording) in [
        (
            "chip/trainium/index.html",
            "La cifra FP8 (190 TFLOPS) è in cFP8",
        ),
        (
            "chip/inferentia2/index.html",
            "La cifra FP8 (190 TFLOPS) è in cFP8",
        ),
        (
            "en/chips/trainium/index.html",
            "The FP8 figure (190 TFLOPS) is cFP8",
        ),
        (
            "en/chips/inferentia2/index.html",
            "The FP8 figure (190 TFLOPS) is cFP8",
        ),
    ] {
        let notes = text(one(&site.html(file), "div.content"));
        let notes = notes.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(notes.contains(wording), "{file}: {notes}");
    }
    for file in ["chip/index.html", "en/chips/index.html"] {
        let blocks = blocks_with(&site, file, "cFP8");
        assert!(
            blocks
                .iter()
                .any(|b| b.contains("Trainium") && b.contains("Inferentia2")),
            "{file}: the prose under the table labels both AWS figures cFP8: {blocks:#?}"
        );
    }
}

#[test]
fn amazons_eight_billion_reads_as_announced_on_the_companies_page() {
    let site = built_repository();
    for (file, amount, wording) in [
        ("aziende/index.html", "8 miliardi", "annunciat"),
        ("en/companies/index.html", "$8 billion", "announced"),
    ] {
        for block in blocks_with(&site, file, amount) {
            assert!(
                block.contains(wording),
                "{file}: {amount} without {wording:?}: {block}"
            );
        }
    }
    for (file, wording) in [
        (
            "aziende/amazon/index.html",
            "8 miliardi di dollari annunciati",
        ),
        ("en/companies/amazon/index.html", "$8 billion announced"),
    ] {
        let role = text(one(&site.html(file), "div.content"));
        assert!(role.contains(wording), "{file}: {role}");
    }
}

#[test]
fn the_informations_claims_are_reported_not_stated() {
    let site = built_repository();
    // What rests only on The Information's report: Anthropic's preference for Nvidia, Neuron's
    // immaturity, the investment depending on the number of chips. Wherever the prose says it,
    // the same paragraph or list item attributes it.
    let claims = [
        ("preferiva", "it"),
        ("meno matur", "it"),
        ("poteva dipendere", "it"),
        ("preferred", "en"),
        ("less mature", "en"),
        ("could depend", "en"),
    ];
    let markers = |lang: &str| -> &'static [&'static str] {
        if lang == "it" {
            &["secondo", "riferito", "riportat", "ha detto", "sarebbe"]
        } else {
            &[
                "according to",
                "reported",
                "told",
                "is said to",
                "reportedly",
            ]
        }
    };
    let companies = ["amazon", "anthropic", "nvidia"];
    let mut files: Vec<String> = PAGES.iter().map(|p| (*p).to_string()).collect();
    files.extend(companies.iter().map(|c| format!("aziende/{c}/index.html")));
    files.extend(
        companies
            .iter()
            .map(|c| format!("en/companies/{c}/index.html")),
    );
    let mut checked = 0;
    for file in &files {
        let lang = if file.starts_with("en/") { "en" } else { "it" };
        for block in prose_blocks(&site.html(file)) {
            let lower = block.to_lowercase();
            for (claim, claim_lang) in claims {
                if claim_lang != lang || !lower.contains(claim) {
                    continue;
                }
                checked += 1;
                assert!(
                    markers(lang).iter().any(|m| lower.contains(m)),
                    "{file}: {claim:?} stated without attribution: {block}"
                );
            }
        }
    }
    assert!(
        checked >= 12,
        "only {checked} attributed claims found: did the wording change?"
    );
    // The Google stake rests on court filings reported by The New York Times.
    for (file, wording) in [
        ("perche-conta/index.html", "documenti giudiziari"),
        ("en/why-it-matters/index.html", "court filings"),
        ("aziende/index.html", "documenti giudiziari"),
        ("en/companies/index.html", "court filings"),
    ] {
        for block in blocks_with(&site, file, "14%") {
            assert!(block.contains(wording), "{file}: the 14% stake: {block}");
            assert!(block.contains("New York Times"), "{file}: {block}");
        }
    }
}

#[test]
fn every_page_has_citations_that_resolve() {
    let site = built_repository();
    for file in PAGES {
        let html = site.html(file);
        let cites = attrs(&html, "div.content sup.cite a", "href");
        assert!(!cites.is_empty(), "{file}: no citation in the prose");
        let listed = attrs(&html, "ol.source-list > li", "id");
        for href in &cites {
            let id = href.trim_start_matches('#');
            assert!(
                listed.iter().any(|l| l == id),
                "{file}: {href} is not in the page's source list {listed:?}"
            );
        }
    }
    // Data entries cite too: every chip and company page ends with its sources.
    let out = site.out.clone();
    for folder in ["chip", "aziende", "en/chips", "en/companies"] {
        let mut entries = 0;
        for entry in std::fs::read_dir(out.join(folder)).expect("the collection's folder") {
            let path = entry.expect("a folder entry").path().join("index.html");
            if !path.is_file() {
                continue;
            }
            entries += 1;
            let html = Html::parse_document(&read_text(&path));
            assert!(
                !select(&html, "ol.source-list > li").is_empty(),
                "{} lists no sources",
                path.display()
            );
        }
        assert!(entries >= 7, "{folder}: only {entries} entries");
    }
}

#[test]
fn the_english_story_section_has_an_english_url() {
    let site = built_repository();
    let story = site.html("en/story/index.html");
    assert_eq!(attr(&story, "html", "lang"), "en");
    assert!(site.has_output("en/story/deal/index.html"));
    // The old URLs only redirect to the new ones.
    for (old, new) in [
        ("en/storia/index.html", "/en/story/"),
        ("en/storia/deal/index.html", "/en/story/deal/"),
    ] {
        let alias = site.html(old);
        let target = attr(&alias, "link[rel=canonical]", "href");
        assert!(target.ends_with(new), "{old} redirects to {target}");
    }
    // Nothing links to the old English URL.
    for file in list_files(&site.out) {
        if !file.ends_with(".html") || file.starts_with("en/storia/") {
            continue;
        }
        let html = Html::parse_document(&site.output(&file));
        for href in attrs(&html, "a", "href") {
            assert!(!href.contains("/en/storia/"), "{file} links to {href}");
        }
    }
}
