//! The explainer's careful wordings, checked in the HTML of the repository's own site (site.yaml,
//! content/, themes/): what content/data and the Markdown pages must keep saying so that nothing
//! on the site is stronger than its source (the fact sheet's writing rules). Each test fails if a
//! wording regresses: the A100's FP8 "not supported", AWS's FP8 figures labelled cFP8, Amazon's
//! $8 billion as announced, The Information's claims as reported, a citation on every page, and
//! the English URL of the story section; and the language list: the home page's key figures as
//! announced and reported, "picco, denso"/"peak, dense" wherever a chip figure is labelled, no
//! brackets inside brackets, "1º" for the first of the month in Italian, no publication date
//! from 2026 on pages about 2023–2025 events.

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

/// The text of `main` of every HTML page of the output as a reader sees it: its text nodes one
/// after the other, whitespace folded.
fn main_texts(site: &Site) -> Vec<(String, String)> {
    list_files(&site.out)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
        .filter_map(|f| {
            let html = Html::parse_document(&site.output(&f));
            let main = select(&html, "main").into_iter().next()?;
            let joined = main.text().collect::<String>();
            Some((f, joined.split_whitespace().collect::<Vec<_>>().join(" ")))
        })
        .collect()
}

#[test]
fn no_space_before_punctuation() {
    // Inline shortcodes (site_link, cite) end where they end: "la cronologia." never "la cronologia .".
    let site = built_repository();
    for (file, main) in main_texts(&site) {
        let chars: Vec<char> = main.chars().collect();
        for (i, pair) in chars.windows(2).enumerate() {
            if pair[0] == ' ' && ".,;:!?)".contains(pair[1]) {
                let from = i.saturating_sub(40);
                let context: String = chars[from..(i + 2).min(chars.len())].iter().collect();
                panic!("{file}: a space before {:?}: …{context}", pair[1]);
            }
        }
    }
}

#[test]
fn the_home_pages_key_figures_are_announced_and_reported() {
    let site = built_repository();
    for (file, amounts, announced, report) in [
        (
            "index.html",
            ["4 miliardi", "8 miliardi"],
            "annunc",
            ["The Information ha riferito", "fonti anonime"],
        ),
        (
            "en/index.html",
            ["$4 billion", "$8 billion"],
            "announced",
            ["The Information reported", "anonymous sources"],
        ),
    ] {
        let html = site.html(file);
        let figures: Vec<String> = select(&html, "div.content .key-figures li")
            .into_iter()
            .map(|li| li.text().collect::<Vec<_>>().join(" "))
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert!(figures.len() >= 4, "{file}: key figures {figures:#?}");
        for amount in amounts {
            let with: Vec<&String> = figures.iter().filter(|f| f.starts_with(amount)).collect();
            assert!(
                !with.is_empty(),
                "{file}: no key figure opens with {amount}: {figures:#?}"
            );
            for figure in with {
                assert!(
                    figure.contains(announced),
                    "{file}: {amount} without {announced:?}: {figure}"
                );
            }
        }
        let news: Vec<&String> = figures
            .iter()
            .filter(|f| f.contains("The Information"))
            .collect();
        assert_eq!(news.len(), 1, "{file}: {figures:#?}");
        for wording in report {
            assert!(
                news[0].contains(wording),
                "{file}: {wording:?} missing: {}",
                news[0]
            );
        }
        // Each figure cites its source.
        for li in select(&html, "div.content .key-figures li") {
            assert!(
                li.select(&sel("sup.cite a")).next().is_some(),
                "{file}: a key figure without a citation: {}",
                text(li)
            );
        }
    }
}

#[test]
fn chip_figures_are_labelled_peak_comma_dense() {
    let site = built_repository();
    for (file, bf16, fp8) in [
        ("chip/index.html", "BF16, picco, denso", "FP8, picco, denso"),
        (
            "en/chips/index.html",
            "BF16, peak, dense",
            "FP8, peak, dense",
        ),
    ] {
        let headers = texts(&site.html(file), "table.chip-table thead th");
        assert!(
            headers.iter().any(|h| h.starts_with(bf16)),
            "{file}: {headers:?}"
        );
        assert!(
            headers.iter().any(|h| h.starts_with(fp8)),
            "{file}: {headers:?}"
        );
    }
    for (file, bf16) in [
        ("chip/trainium2/index.html", "BF16, picco, denso"),
        ("en/chips/trainium2/index.html", "BF16, peak, dense"),
    ] {
        let terms = texts(&site.html(file), "dl.facts dt");
        assert!(terms.iter().any(|t| t == bf16), "{file}: {terms:?}");
    }
    for (file, main) in main_texts(&site) {
        for wrong in ["picco denso", "peak dense"] {
            assert!(!main.contains(wrong), "{file} says {wrong:?}");
        }
    }
}

#[test]
fn no_brackets_inside_brackets() {
    let site = built_repository();
    let mut checked = 0;
    for (file, main) in main_texts(&site) {
        let mut depth = 0_usize;
        for (i, c) in main.char_indices() {
            match c {
                '(' => {
                    depth += 1;
                    let start = main[..i].char_indices().rev().nth(40).map_or(0, |(j, _)| j);
                    assert!(
                        depth < 2,
                        "{file}: brackets inside brackets: …{}…",
                        &main[start..i + 1]
                    );
                }
                ')' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        checked += 1;
    }
    assert!(checked > 50, "only {checked} pages");
    // The company pages list each chip's use after its name, where the use has brackets of its own.
    let amazon = site.html("aziende/amazon/index.html");
    let chips = texts(&amazon, "#chips + ul.link-list li");
    assert!(
        chips
            .iter()
            .any(|c| c == "AWS Trainium2 · Addestramento (usato anche per l’inferenza)"),
        "{chips:?}"
    );
}

#[test]
fn italian_dates_write_the_first_of_the_month_as_an_ordinal() {
    let site = built_repository();
    let trainium = site.html("chip/trainium/index.html");
    let facts = texts(&trainium, "dl.facts dd");
    assert!(facts.iter().any(|f| f == "1º dicembre 2020"), "{facts:?}");
    let english = site.html("en/chips/trainium/index.html");
    let facts = texts(&english, "dl.facts dd");
    assert!(facts.iter().any(|f| f == "December 1, 2020"), "{facts:?}");
    let months = [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ];
    for (file, main) in main_texts(&site) {
        if file.starts_with("en/") {
            continue;
        }
        for month in months {
            let plain = format!("1 {month}");
            for (i, _) in main.match_indices(&plain) {
                let before = main[..i].chars().next_back();
                assert!(
                    before.is_some_and(|c| c.is_ascii_digit()),
                    "{file} writes {plain:?}"
                );
            }
        }
    }
}

#[test]
fn pages_about_the_story_show_when_they_were_updated_not_a_2026_publication_date() {
    let site = built_repository();
    for file in PAGES {
        let html = site.html(file);
        assert!(
            select(&html, "li.meta-date").is_empty(),
            "{file} shows a publication date"
        );
        assert!(
            select(&html, ".card-meta time").is_empty(),
            "{file}: a card shows a date"
        );
    }
    for file in [
        "chip/index.html",
        "storia/accordo/index.html",
        "en/companies/index.html",
    ] {
        let updated = text(one(&site.html(file), "li.meta-updated"));
        assert!(
            updated.starts_with("Aggiornato il ") || updated.starts_with("Updated "),
            "{file}: {updated}"
        );
    }
}
