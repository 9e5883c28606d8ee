//! The glossary page and the `chart()` shortcode of the data fixture (tests/fixtures/data).
//! Glossary auto-linking is not tested here.

mod common;
#[path = "common/data.rs"]
mod data_support;

use common::*;
use data_support::*;

#[test]
fn the_glossary_is_alphabetical_with_a_jump_list_of_letters() {
    let site = built_data();
    let it = site.html("glossario/index.html");
    let en = site.html("en/glossary/index.html");
    assert_eq!(attr(&it, "html", "lang"), "it");
    assert_eq!(attr(&en, "html", "lang"), "en");
    // Accents are folded: `Èra` sorts and is filed under E, not after T.
    assert_eq!(
        texts(&it, "dfn"),
        ["CUDA", "Èra dei chip", "GPU", "Memoria HBM", "TPU"]
    );
    assert_eq!(
        ids(&it, "dfn"),
        ["term-cuda", "term-era", "term-gpu", "term-hbm", "term-tpu"]
    );
    assert_eq!(texts(&it, "nav.letters a"), ["C", "E", "G", "M", "T"]);
    assert_eq!(texts(&it, "#letter-e dfn"), ["Èra dei chip"]);
    // Each language sorts its own terms.
    assert_eq!(
        texts(&en, "dfn"),
        ["Chip era", "CUDA", "GPU", "HBM memory", "TPU"]
    );
    assert_eq!(
        ids(&en, "dfn"),
        ["term-era", "term-cuda", "term-gpu", "term-hbm", "term-tpu"]
    );
    assert_eq!(texts(&en, "nav.letters a"), ["C", "G", "H", "T"]);
    assert_eq!(texts(&en, "#letter-c dfn"), ["Chip era", "CUDA"]);
    for (page, file) in [
        (&it, "glossario/index.html"),
        (&en, "en/glossary/index.html"),
    ] {
        // The jump list points at ids that exist, each a section of its letter's terms.
        for href in attrs(page, "nav.letters a", "href") {
            let id = href.strip_prefix('#').expect("an in-page link");
            assert!(has_id(page, id), "{file}: {href} points nowhere");
        }
        assert_eq!(
            attrs(page, "nav.letters a", "href"),
            ids(page, "section.letter")
                .iter()
                .map(|id| format!("#{id}"))
                .collect::<Vec<_>>()
        );
        assert_unique_ids(page, file);
        assert_eq!(attr(page, "section.glossary", "data-count"), "5");
    }
    // Definitions are Markdown, aliases per language.
    assert_eq!(
        texts(&it, "dd[data-id=\"gpu\"] .definition strong"),
        ["grafico"]
    );
    assert_eq!(
        texts(&en, "dd[data-id=\"gpu\"] .definition strong"),
        ["graphics"]
    );
    assert_eq!(
        texts(&it, "dd[data-id=\"gpu\"] .aliases li"),
        ["processore grafico", "processori grafici"]
    );
    assert_eq!(
        texts(&en, "dd[data-id=\"gpu\"] .aliases li"),
        ["graphics processor"]
    );
    // A term with `autolink: false` is listed like any other.
    assert_eq!(texts(&en, "dfn#term-era"), ["Chip era"]);
}

#[test]
fn glossary_see_also_links_resolve() {
    let site = built_data();
    for file in ["glossario/index.html", "en/glossary/index.html"] {
        let page = site.html(file);
        assert_eq!(
            attrs(&page, "dd[data-id=\"gpu\"] .see-also a", "href"),
            ["#term-tpu", "#term-cuda"],
            "{file}"
        );
        assert_eq!(
            texts(&page, "dd[data-id=\"gpu\"] .see-also a"),
            ["TPU", "CUDA"]
        );
        let all = attrs(&page, ".see-also a", "href");
        assert_eq!(all.len(), 4, "{file}: gpu→tpu, gpu→cuda, hbm→gpu, tpu→gpu");
        for href in all {
            let id = href.strip_prefix('#').expect("an in-page link");
            assert_eq!(
                select(&page, &format!("dfn[id=\"{id}\"]")).len(),
                1,
                "{file}: {href} is not a term"
            );
        }
    }
    let it = site.html("glossario/index.html");
    assert_eq!(texts(&it, "dd[data-id=\"hbm\"] .see-also a"), ["GPU"]);
}

#[test]
fn the_glossary_pages_are_in_the_sitemap() {
    let site = built_data();
    let sitemap = parse_xml(&site.output("sitemap.xml")).expect("well-formed sitemap");
    let locs: Vec<String> = sitemap
        .children_named("url")
        .map(|u| u.child("loc").text())
        .collect();
    for loc in [
        "https://example.org/glossario/",
        "https://example.org/en/glossary/",
    ] {
        assert!(locs.iter().any(|l| l == loc), "{loc} missing: {locs:#?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Charts.

/// The number in an SVG attribute.
fn number_attr(element: scraper::ElementRef<'_>, name: &str) -> f64 {
    element
        .value()
        .attr(name)
        .and_then(|v| v.trim_end_matches('%').parse().ok())
        .unwrap_or_else(|| panic!("no number in `{name}`"))
}

#[test]
fn the_chart_is_an_inline_svg_with_a_table_of_the_same_numbers() {
    let site = built_data();
    let it = site.html("grafici/index.html");
    let figure = one(&it, "div.content figure.chart");
    let svg = figure
        .select(&sel("svg"))
        .next()
        .expect("an inline <svg> in the page");
    assert_eq!(svg.value().attr("role"), Some("img"));
    let title = svg.select(&sel("title")).next().expect("a <title>");
    let desc = svg.select(&sel("desc")).next().expect("a <desc>");
    assert_eq!(text(title), "Banda di memoria dei chip");
    // aria-labelledby names the title and the description.
    let labelled: Vec<&str> = svg
        .value()
        .attr("aria-labelledby")
        .expect("aria-labelledby")
        .split(' ')
        .collect();
    assert_eq!(
        labelled,
        [
            title.value().attr("id").expect("the title has an id"),
            desc.value().attr("id").expect("the desc has an id")
        ]
    );
    // The description says the numbers with their unit (after a no-break space).
    let description = text(desc).replace('\u{a0}', " ");
    for part in [
        "H100: 3,35 TB/s",
        "Trainium2: 2,9 TB/s",
        "TPU v5p: 2,76 TB/s",
    ] {
        assert!(description.contains(part), "{description}");
    }
    // One bar per entry with the number (inferentia2 has none), sorted descending.
    let bars: Vec<_> = svg.select(&sel("rect.chart-bar")).collect();
    assert_eq!(bars.len(), 3);
    let labels: Vec<String> = svg.select(&sel("text.chart-label")).map(text).collect();
    assert_eq!(labels, ["H100", "Trainium2", "TPU v5p"]);
    let values: Vec<String> = svg.select(&sel("text.chart-value")).map(text).collect();
    // Italian numbers have a decimal comma (English ones a point: below).
    assert_eq!(values, ["3,35", "2,9", "2,76"]);
    // Bar lengths are proportional to the numbers.
    let numbers = [3.35, 2.9, 2.76];
    let ratios: Vec<f64> = bars
        .iter()
        .zip(numbers)
        .map(|(bar, n)| number_attr(*bar, "width") / n)
        .collect();
    for ratio in &ratios {
        assert!((ratio - ratios[0]).abs() < 0.1, "{ratios:?}");
    }
    // The unit is on the axis.
    let axis: Vec<String> = svg
        .select(&sel("text.chart-axis-label"))
        .map(text)
        .collect();
    assert_eq!(axis, ["Banda di memoria (TB/s)"]);
    // The same numbers in a table.
    let table = figure
        .select(&sel("table"))
        .next()
        .expect("a <table> beside the chart");
    let rows: Vec<String> = table.select(&sel("tbody th")).map(text).collect();
    let cells: Vec<String> = table.select(&sel("tbody td")).map(text).collect();
    assert_eq!(rows, labels);
    assert_eq!(cells, values);
    let headers: Vec<String> = table.select(&sel("thead th")).map(text).collect();
    assert!(headers.iter().any(|h| h.contains("TB/s")), "{headers:?}");
    // English: the field's English label, sorted ascending, the title defaults to the label.
    let en = site.html("en/grafici/index.html");
    assert_eq!(
        texts(&en, "svg text.chart-label"),
        ["TPU v5p", "Trainium2", "H100"]
    );
    assert_eq!(texts(&en, "table tbody td"), ["2.76", "2.9", "3.35"]);
    assert_eq!(
        texts(&en, "svg text.chart-axis-label"),
        ["Memory bandwidth (TB/s)"]
    );
    assert_eq!(texts(&en, "svg > title"), ["Memory bandwidth (TB/s)"]);
}

#[test]
fn two_charts_on_one_page_have_distinct_ids() {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/grafici.md",
        "---\ntitle: Grafici\ndate: 2024-12-01\n---\n{{ chart(collection=\"chips\", field=\"memory_bandwidth\", sort=\"desc\") }}\n\n{{ chart(collection=\"chips\", field=\"memory_bandwidth\", sort=\"asc\") }}\n",
    );
    site.build_ok(&[]);
    let page = site.html("grafici/index.html");
    assert_eq!(select(&page, "figure.chart").len(), 2);
    assert_unique_ids(&page, "grafici/index.html");
}

#[test]
fn a_chart_of_an_integer_field_in_file_order_with_its_own_description() {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/grafici.en.md",
        "---\ntitle: Charts\ndate: 2024-12-01\n---\n{{ chart(collection=\"companies\", field=\"founded\", sort=\"none\", description=\"When each company was founded.\") }}\n\n{{ chart(collection=\"chips\", field=\"memory_bandwidth\", sort=\"none\") }}\n",
    );
    site.build_ok(&[]);
    let page = site.html("en/grafici/index.html");
    let charts = select(&page, "figure.chart");
    assert_eq!(charts.len(), 2);
    let founded = charts[0];
    let labels: Vec<String> = founded
        .select(&sel("svg text.chart-label"))
        .map(text)
        .collect();
    assert_eq!(labels, ["Amazon", "Anthropic", "Google", "Nvidia"]);
    let values: Vec<String> = founded.select(&sel("table td")).map(text).collect();
    // Integers are grouped like every other number from 1,000 on (a year belongs in a `date` field).
    assert_eq!(values, ["1,994", "2,021", "1,998", "1,993"]);
    let desc: Vec<String> = founded.select(&sel("svg desc")).map(text).collect();
    assert_eq!(desc, ["When each company was founded."]);
    // No unit: the axis is the field's name (it has no label).
    let axis: Vec<String> = founded
        .select(&sel("svg text.chart-axis-label"))
        .map(text)
        .collect();
    assert_eq!(axis, ["founded"]);
    // sort="none": the order of chips.yaml (trainium2, h100, tpu-v5p; inferentia2 has no number).
    let chips: Vec<String> = charts[1].select(&sel("table tbody th")).map(text).collect();
    assert_eq!(chips, ["Trainium2", "H100", "TPU v5p"]);
}
