//! The timeline of the data fixture (tests/fixtures/data/content/data/timeline.yaml, whose events
//! are listed out of order on purpose): the timeline page per language, the filter pages, the
//! TimelineJS JSON and the `timeline()` shortcode.

mod common;
#[path = "common/data.rs"]
mod data_support;

use common::*;
use data_support::*;

/// The events of timeline.yaml in chronological order (the file lists them out of order).
const EVENTS: [&str; 7] = [
    "h100-shortage",
    "amazon-first-investment",
    "tpu-v5p-launch",
    "claude-3",
    "amazon-second-investment",
    "anthropic-aws-expanded",
    "trainium2-available",
];

#[test]
fn the_timeline_page_is_chronological_and_grouped_by_year() {
    let site = built_data();
    for (file, lang) in [
        ("cronologia/index.html", "it"),
        ("en/timeline/index.html", "en"),
    ] {
        let page = site.html(file);
        assert_eq!(attr(&page, "html", "lang"), lang);
        assert_eq!(ids(&page, "section.year"), ["year-2023", "year-2024"]);
        assert_eq!(texts(&page, "section.year h2"), ["2023", "2024"]);
        // Events in an ordered list per year, chronological, each with its stable anchor.
        assert_eq!(ids(&page, "section.year > ol > li.event"), EVENTS, "{file}");
        assert_eq!(
            ids(&page, "#year-2023 li.event"),
            ["h100-shortage", "amazon-first-investment", "tpu-v5p-launch"]
        );
        assert_eq!(attr(&page, "section.timeline", "data-count"), "7");
        assert_eq!(
            attrs(&page, "li.event > time", "datetime"),
            [
                "2023",
                "2023-09-25",
                "2023-12",
                "2024-03",
                "2024-03-27",
                "2024-11-22",
                "2024-12-03"
            ]
        );
        assert_unique_ids(&page, file);
    }
    let it = site.html("cronologia/index.html");
    assert_eq!(
        texts(&it, "li.event > time"),
        [
            "2023",
            "25 settembre 2023",
            "dicembre 2023",
            "marzo 2024",
            "27 marzo 2024",
            "22 novembre 2024",
            "3 dicembre 2024"
        ]
    );
    let en = site.html("en/timeline/index.html");
    assert_eq!(
        texts(&en, "li.event > time"),
        [
            "2023",
            "September 25, 2023",
            "December 2023",
            "March 2024",
            "March 27, 2024",
            "November 22, 2024",
            "December 3, 2024"
        ]
    );
    // Title, summary (Markdown), category label and refs, per language.
    let event = |page: &scraper::Html, id: &str, css: &str| texts(page, &format!("li#{id} {css}"));
    assert_eq!(
        event(&it, "trainium2-available", "h3.title"),
        ["Trainium2 disponibile"]
    );
    assert_eq!(
        event(&en, "trainium2-available", "h3.title"),
        ["Trainium2 available"]
    );
    assert_eq!(
        event(&it, "trainium2-available", "div.summary strong"),
        ["Trn2"]
    );
    assert_eq!(
        event(&it, "amazon-first-investment", "span.category"),
        ["Accordi"]
    );
    assert_eq!(
        event(&en, "amazon-first-investment", "span.category"),
        ["Deals"]
    );
    assert_eq!(
        attrs(&en, "li#anthropic-aws-expanded ul.companies a", "href"),
        ["/en/companies/amazon/", "/en/companies/anthropic/"]
    );
    assert_eq!(
        attrs(&en, "li#anthropic-aws-expanded ul.chips a", "href"),
        ["/en/chips/trainium2/"]
    );
    assert_eq!(
        attrs(&it, "li#anthropic-aws-expanded ul.pages a", "href"),
        ["/storia/", "/grafici/"]
    );
    assert_eq!(
        event(&en, "anthropic-aws-expanded", "ul.pages a"),
        ["The story", "Charts"]
    );
    assert_eq!(
        attrs(
            &it,
            "li#amazon-first-investment ul.event-sources a",
            "data-id"
        ),
        ["axios-2023-09"]
    );
    assert_eq!(
        event(&en, "amazon-second-investment", "ul.event-sources a"),
        ["Amazon completes its investment"]
    );
    for page in [&it, &en] {
        for href in attrs(page, "li.event ul a", "href") {
            if href.starts_with('/') {
                assert_link_resolves(&site, &href);
            }
        }
    }
}

#[test]
fn timeline_filter_pages_hold_only_matching_events() {
    let site = built_data();
    let events = |file: &str| ids(&site.html(file), "li.event");
    let amazon = [
        "amazon-first-investment",
        "amazon-second-investment",
        "anthropic-aws-expanded",
        "trainium2-available",
    ];
    assert_eq!(events("cronologia/aziende/amazon/index.html"), amazon);
    assert_eq!(events("en/timeline/companies/amazon/index.html"), amazon);
    assert_eq!(
        events("cronologia/aziende/anthropic/index.html"),
        [
            "amazon-first-investment",
            "claude-3",
            "amazon-second-investment",
            "anthropic-aws-expanded"
        ]
    );
    assert_eq!(
        events("en/timeline/companies/nvidia/index.html"),
        ["h100-shortage"]
    );
    let deals = [
        "amazon-first-investment",
        "amazon-second-investment",
        "anthropic-aws-expanded",
    ];
    assert_eq!(events("cronologia/categorie/deal/index.html"), deals);
    assert_eq!(events("en/timeline/categories/deal/index.html"), deals);
    assert_eq!(
        events("cronologia/categorie/launch/index.html"),
        [
            "h100-shortage",
            "tpu-v5p-launch",
            "claude-3",
            "trainium2-available"
        ]
    );
    assert_eq!(
        events("en/timeline/chips/trainium2/index.html"),
        ["anthropic-aws-expanded", "trainium2-available"]
    );
    // The page says what it filters.
    let page = site.html("en/timeline/companies/amazon/index.html");
    assert_eq!(attr(&page, "h1.filter", "data-kind"), "companies");
    assert_eq!(attr(&page, "h1.filter", "data-id"), "amazon");
    assert_eq!(text(one(&page, "h1.filter")), "Amazon");
    let page = site.html("cronologia/categorie/deal/index.html");
    assert_eq!(attr(&page, "h1.filter", "data-kind"), "category");
    assert_eq!(text(one(&page, "h1.filter")), "Accordi");
    assert!(select(&site.html("cronologia/index.html"), "h1.filter").is_empty());
    // Every filter link of every timeline page names a built page holding exactly the events of
    // the full timeline that match it, in the same order.
    for (lang, base) in [("it", "cronologia/"), ("en", "en/timeline/")] {
        let full = site.html(&format!("{base}index.html"));
        let links = select(&full, "nav.filters a");
        assert_eq!(
            links.len(),
            4 + 3 + 2,
            "{lang}: 4 companies, 3 chips, 2 categories"
        );
        for link in links {
            let href = link.value().attr("href").unwrap_or_default();
            let id = link.value().attr("data-id").unwrap_or_default();
            let class = link.value().attr("class").unwrap_or_default();
            assert!(href.starts_with(&format!("/{base}")), "{href}");
            let expected: Vec<String> = select(&full, "li.event")
                .into_iter()
                .filter(|event| match class {
                    "filter-company" => event
                        .select(&sel("ul.companies a"))
                        .any(|a| a.value().attr("data-id") == Some(id)),
                    "filter-chip" => event
                        .select(&sel("ul.chips a"))
                        .any(|a| a.value().attr("data-id") == Some(id)),
                    _ => event.value().attr("data-category") == Some(id),
                })
                .filter_map(|event| event.value().attr("id").map(str::to_string))
                .collect();
            let found = ids(&site.html(&output_file_of(href)), "li.event");
            assert_eq!(found, expected, "{href}");
            assert_eq!(
                link.value().attr("data-count"),
                Some(expected.len().to_string().as_str()),
                "{href}"
            );
        }
    }
    // The English paths follow the English entry paths; no Italian segment leaks into them.
    assert!(site.has_output("en/timeline/companies/google/index.html"));
    assert!(site.has_output("en/timeline/categories/launch/index.html"));
    assert!(!site.has_output("en/timeline/aziende/amazon/index.html"));
    assert!(!site.has_output("en/timeline/categorie/deal/index.html"));
}

#[test]
fn timeline_json_has_the_timelinejs_shape() {
    let site = built_data();
    for (base, lang, headline) in [
        ("cronologia/", "it", "Dati di prova"),
        ("en/timeline/", "en", "Data test"),
    ] {
        let file = format!("{base}timeline.json");
        let page = site.html(&format!("{base}index.html"));
        assert_eq!(
            attr(&page, "section.timeline", "data-json"),
            format!("/{file}"),
            "json_path points at the file beside the page"
        );
        let doc = json(&site, &file);
        assert_eq!(doc["title"]["text"]["headline"], headline, "{file}");
        let events = doc["events"].as_array().expect("`events` is an array");
        let unique: Vec<&str> = events
            .iter()
            .map(|e| e["unique_id"].as_str().expect("unique_id is a string"))
            .collect();
        assert_eq!(unique, EVENTS, "{lang}");
        for event in events {
            let start = event["start_date"]
                .as_object()
                .expect("start_date is an object");
            assert!(start["year"].is_i64(), "{event}");
            assert!(event["text"]["headline"].is_string(), "{event}");
            assert!(event["text"]["text"].is_string(), "{event}");
            assert!(event["group"].is_string(), "{event}");
        }
        // Only what is known of each date: a year, a month, a day.
        let start = |i: usize, key: &str| events[i]["start_date"].get(key).cloned();
        assert_eq!(start(0, "year"), Some(2023.into()));
        assert_eq!(start(0, "month"), None);
        assert_eq!(start(0, "day"), None);
        assert_eq!(start(2, "month"), Some(12.into()));
        assert_eq!(start(2, "day"), None);
        assert_eq!(start(4, "year"), Some(2024.into()));
        assert_eq!(start(4, "month"), Some(3.into()));
        assert_eq!(start(4, "day"), Some(27.into()));
    }
    let it = json(&site, "cronologia/timeline.json");
    let en = json(&site, "en/timeline/timeline.json");
    assert_eq!(
        it["events"][4]["start_date"]["display_date"],
        "27 marzo 2024"
    );
    assert_eq!(
        en["events"][4]["start_date"]["display_date"],
        "March 27, 2024"
    );
    assert_eq!(it["events"][3]["start_date"]["display_date"], "marzo 2024");
    assert_eq!(it["events"][6]["text"]["headline"], "Trainium2 disponibile");
    assert_eq!(
        en["events"][6]["text"]["text"],
        "<p><strong>Trn2</strong> instances arrive.</p>\n"
    );
    assert_eq!(it["events"][1]["group"], "Accordi");
    assert_eq!(en["events"][1]["group"], "Deals");
    // Beside the timeline page only, not beside each filter page.
    let json_files: Vec<String> = list_files(&site.out)
        .into_iter()
        .filter(|f| f.ends_with(".json"))
        .collect();
    assert_eq!(
        json_files,
        ["cronologia/timeline.json", "en/timeline/timeline.json"]
    );
}

#[test]
fn the_timeline_shortcode_embeds_a_filtered_slice() {
    let site = built_data();
    // storia.md: `timeline(companies="amazon", category="deal", limit=2)`.
    let it = site.html("storia/index.html");
    let items = select(&it, "div.content ol.timeline-embed > li");
    assert_eq!(items.len(), 2);
    assert_eq!(
        attrs(&it, "ol.timeline-embed time", "datetime"),
        ["2023-09-25", "2024-03-27"]
    );
    assert_eq!(
        texts(&it, "ol.timeline-embed time"),
        ["25 settembre 2023", "27 marzo 2024"]
    );
    assert_eq!(
        attrs(&it, "ol.timeline-embed a", "href"),
        [
            "/cronologia/#amazon-first-investment",
            "/cronologia/#amazon-second-investment"
        ]
    );
    assert_eq!(
        texts(&it, "ol.timeline-embed a"),
        [
            "Amazon annuncia fino a 4 miliardi",
            "Amazon completa l'investimento"
        ]
    );
    let en = site.html("en/storia/index.html");
    assert_eq!(
        texts(&en, "ol.timeline-embed time"),
        ["September 25, 2023", "March 27, 2024"]
    );
    assert_eq!(
        attrs(&en, "ol.timeline-embed a", "href"),
        [
            "/en/timeline/#amazon-first-investment",
            "/en/timeline/#amazon-second-investment"
        ]
    );
    // grafici.md: `timeline(chips="trainium2")`, no limit.
    let charts = site.html("grafici/index.html");
    assert_eq!(
        attrs(&charts, "ol.timeline-embed a", "href"),
        [
            "/cronologia/#anthropic-aws-expanded",
            "/cronologia/#trainium2-available"
        ]
    );
    for page in [&it, &en, &charts] {
        for href in attrs(page, "ol.timeline-embed a", "href") {
            assert_link_resolves(&site, &href);
        }
    }
}

#[test]
fn the_timeline_shortcode_takes_the_documented_arguments() {
    // docs/reference.md: `{{ timeline(company="amazon", chip="trainium2", category="deal",
    // limit=5) }}`.
    let site = Site::copy(FIXTURE);
    site.write(
        "content/grafici.md",
        "---\ntitle: Grafici\ndate: 2024-12-01\n---\n{{ timeline(company=\"amazon\", chip=\"trainium2\", category=\"deal\", limit=5) }}\n",
    );
    site.build_ok(&[]);
    let page = site.html("grafici/index.html");
    assert_eq!(
        attrs(&page, "ol.timeline-embed a", "href"),
        ["/cronologia/#anthropic-aws-expanded"]
    );
}

#[test]
fn events_on_the_same_day_put_the_vaguer_date_first_then_sort_by_id() {
    // 2024 and 2024-01 start on the same day as 2024-01-01; two events on 2024-01-01 sort by id.
    let site = Site::copy(FIXTURE);
    let mut timeline = site.read("content/data/timeline.yaml");
    for (id, date) in [
        ("z-day", "2024-01-01"),
        ("a-day", "2024-01-01"),
        ("month", "2024-01"),
        ("year", "2024"),
    ] {
        timeline.push_str(&format!(
            "- id: {id}\n  date: {date}\n  title: {id}\n  category: deal\n"
        ));
    }
    site.write("content/data/timeline.yaml", timeline);
    site.build_ok(&[]);
    let page = site.html("cronologia/index.html");
    let events = ids(&page, "#year-2024 li.event");
    assert_eq!(
        &events[..4],
        ["year", "month", "a-day", "z-day"],
        "{events:?}"
    );
    assert_eq!(
        texts(&page, "#year-2024 li.event > time")[..4],
        ["2024", "gennaio 2024", "1º gennaio 2024", "1º gennaio 2024"]
    );
    let json = json(&site, "en/timeline/timeline.json");
    let unique: Vec<&str> = json["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["unique_id"].as_str())
        .collect();
    assert_eq!(&unique[3..7], ["year", "month", "a-day", "z-day"]);
}

#[test]
fn the_timeline_shortcode_checks_its_ids() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    site.write(
        "content/grafici.md",
        "---\ntitle: Grafici\ndate: 2024-12-01\n---\n{{ timeline(companies=\"amazn\") }}\n\n{{ timeline(category=\"deals\") }}\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert_eq!(
        locations(&run.stderr),
        ["content/grafici.md:5:1", "content/grafici.md:7:1"],
        "{}",
        run.stderr
    );
    let hints = hints(&run.stderr);
    assert!(
        hints.contains(&"did you mean `amazon`?".to_string()),
        "{}",
        run.stderr
    );
    assert!(
        hints.contains(&"did you mean `deal`?".to_string()),
        "{}",
        run.stderr
    );
}

#[test]
fn a_category_label_missing_a_language_is_an_error() {
    let site = Site::copy(FIXTURE);
    let config = site.read("site.yaml");
    let broken = config.replace(
        "{id: deal, label: {it: Accordi, en: Deals}}",
        "{id: deal, label: {it: Accordi}}",
    );
    assert_ne!(config, broken, "the fixture changed");
    site.write("site.yaml", broken);
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        errors(&run.stderr).iter().any(|e| e.contains("`en`")),
        "{}",
        run.stderr
    );
    assert!(
        locations(&run.stderr)
            .iter()
            .any(|l| l.starts_with("site.yaml:45:")),
        "{}",
        run.stderr
    );
}
