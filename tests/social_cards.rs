//! Social cards: every page of the bundled site has an `og:image` that exists and is
//! 1200 × 630, Italian and English cards differ, a 200-character title stays inside the card,
//! cards are cached and can be turned off.

mod common;

use common::{Site, attr, changed_files, let_mtimes_tick, list_files, snapshot};
use scraper::Html;

const BASE_URL: &str = "https://example.org/spiega/";

#[test]
fn every_page_of_the_bundled_site_has_a_card_that_exists() {
    let site = Site::from_repository();
    site.build_ok(&["--base-url", BASE_URL]);
    let pages: Vec<String> = list_files(&site.out)
        .into_iter()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    let mut with_cards = 0;
    for page in &pages {
        let html = Html::parse_document(&site.output(page));
        if common::select(&html, "meta[property=\"og:title\"]").is_empty()
            || common::select(&html, "meta[http-equiv=\"refresh\"]").len() == 1
        {
            continue;
        }
        let url = attr(&html, "meta[property=\"og:image\"]", "content");
        let file = url
            .strip_prefix(BASE_URL)
            .unwrap_or_else(|| panic!("{page}: {url}"));
        let dimensions = image::image_dimensions(site.out.join(file));
        assert_eq!(dimensions.ok(), Some((1200, 630)), "{page}: {file}");
        assert_eq!(
            attr(&html, "meta[property=\"og:image:width\"]", "content"),
            "1200"
        );
        assert_eq!(
            attr(&html, "meta[property=\"og:image:height\"]", "content"),
            "630"
        );
        assert!(!attr(&html, "meta[property=\"og:image:alt\"]", "content").is_empty());
        assert_eq!(
            attr(&html, "meta[name=\"twitter:card\"]", "content"),
            "summary_large_image"
        );
        with_cards += 1;
    }
    assert!(
        with_cards >= 50,
        "only {with_cards} pages of {}",
        pages.len()
    );
    let home = site.html("index.html");
    assert_eq!(
        attr(&home, "meta[property=\"og:locale\"]", "content"),
        "it_IT"
    );
    assert_eq!(
        attr(&home, "meta[property=\"og:locale:alternate\"]", "content"),
        "en_US"
    );
    let italian = std::fs::read(site.out.join("social-card.png")).expect("the Italian card");
    let english = std::fs::read(site.out.join("en/social-card.png")).expect("the English card");
    assert_ne!(italian, english);
}

/// The colour of the card's background, as the theme's template paints it.
const BACKGROUND: [u8; 3] = [0xfd, 0xfc, 0xf8];

#[test]
fn a_long_title_in_any_script_stays_inside_the_card() {
    let site = Site::from_repository();
    let title = "Perché l’intelligenza artificiale più veloce ha bisogno di chip progettati \
                 in casa: Ελληνικά και Русский текст, città, università, caffè e un \
                 identificatoreLunghissimoSenzaSpaziCheDeveAndareACapoComunque fine";
    assert!(title.chars().count() >= 200, "{}", title.chars().count());
    site.write(
        "content/lungo.md",
        format!("---\ntitle: \"{title}\"\ndate: 2024-01-01\n---\nTesto.\n"),
    );
    site.build_ok(&[]);
    let card = image::open(site.out.join("lungo/social-card.png"))
        .expect("the card")
        .to_rgb8();
    assert_eq!(card.dimensions(), (1200, 630));
    // Nothing but background in the 40-pixel frame (the theme's accent bar takes x < 24).
    let mut ink_rows = std::collections::BTreeSet::new();
    for (x, y, pixel) in card.enumerate_pixels() {
        let in_frame = !(40..1160).contains(&x) || !(40..590).contains(&y);
        if in_frame && x >= 24 {
            assert_eq!(pixel.0, BACKGROUND, "text at ({x}, {y})");
        }
        if (165..495).contains(&y) && pixel.0[0] < 100 {
            ink_rows.insert(y / 40);
        }
    }
    assert!(
        ink_rows.len() >= 5,
        "the title wraps over several lines: {ink_rows:?}"
    );
}

#[test]
fn cards_are_cached_and_can_be_turned_off() {
    let site = Site::from_repository();
    site.build_ok(&[]);
    let cache = site.path(".spiega-cache/cards");
    let before = snapshot(&cache);
    assert!(!before.is_empty());
    let_mtimes_tick();
    std::fs::remove_dir_all(&site.out).expect("remove the output");
    site.build_ok(&[]);
    assert_eq!(
        changed_files(&before, &snapshot(&cache)),
        Vec::<String>::new()
    );
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}\nsocial_cards: false\n"));
    site.build_ok(&[]);
    assert!(!site.has_output("social-card.png"));
    assert!(
        list_files(&site.out)
            .iter()
            .all(|p| !p.ends_with("social-card.png"))
    );
    let home = site.html("index.html");
    assert!(common::select(&home, "meta[property=\"og:image\"]").is_empty());
    assert_eq!(
        attr(&home, "meta[name=\"twitter:card\"]", "content"),
        "summary"
    );
}
