//! Charts (`chart` shortcode and `chart()` function), read from the built SVG and HTML with a
//! real parser: ticks are nice numbers covering the data, numbers are written the page
//! language's way, no two texts overlap (computed from their positions and an estimate of their
//! width, at the narrowest and the widest size a chart is drawn), highlights and subsets apply,
//! the CSV file of each chart holds its table, and mistakes are errors at the call.
//! Fixture: tests/fixtures/charts (CSV collection and series); also the bundled site.

mod common;

use common::{Site, attr, one, sel, select, text, texts};
use scraper::{ElementRef, Html};

const FIXTURE: &str = "charts";

/// Builds the fixture with `body` as the Italian page `grafici.md` (and `en` as its English
/// twin, if given), and returns the site.
fn built(body: &str, en: Option<&str>) -> Site {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/grafici.md",
        format!("---\ntitle: Grafici\n---\n{body}\n"),
    );
    if let Some(en) = en {
        site.write(
            "content/grafici.en.md",
            format!("---\ntitle: Charts\n---\n{en}\n"),
        );
    }
    site.build_ok(&[]);
    site
}

/// A number written in Italian or English, read back.
fn parse_number(text: &str, lang: &str) -> f64 {
    let plain: String = match lang {
        "it" => text.replace('.', "").replace(',', "."),
        _ => text.replace(',', ""),
    };
    plain
        .trim()
        .parse()
        .unwrap_or_else(|_| panic!("`{text}` is not a number in `{lang}`"))
}

/// The ticks of an axis, as numbers.
fn ticks(figure: ElementRef<'_>, lang: &str) -> Vec<f64> {
    figure
        .select(&sel("text.chart-tick"))
        .map(|t| parse_number(&text(t), lang))
        .collect()
}

/// Whether a step is 1, 2 or 5 times a power of ten.
fn is_nice(step: f64) -> bool {
    let power = 10f64.powf(step.log10().floor());
    let mantissa = step / power;
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .any(|m| (mantissa - m).abs() < 1e-6)
}

/// The box a text takes, in pixels, when its chart is `width` pixels wide: positions are
/// percentages plus `dx`, the width is estimated at 0.6 em per character, the height from the
/// baseline up 0.8 em and down 0.2 em.
#[derive(Debug)]
struct TextBox {
    text: String,
    left: f64,
    right: f64,
    top: f64,
    bottom: f64,
}

fn length(value: &str, width: f64) -> f64 {
    match value.strip_suffix('%') {
        Some(share) => share.parse::<f64>().expect("a percentage") / 100.0 * width,
        None => value.parse().expect("a number"),
    }
}

fn text_boxes(svg: ElementRef<'_>, width: f64) -> Vec<TextBox> {
    let mut boxes = Vec::new();
    for element in svg.select(&sel("text")) {
        let font: f64 = element
            .value()
            .attr("font-size")
            .expect("font-size")
            .parse()
            .expect("a size");
        let anchor = element.value().attr("text-anchor").unwrap_or("start");
        let spans: Vec<ElementRef<'_>> = element.select(&sel("tspan")).collect();
        let lines = if spans.is_empty() {
            vec![element]
        } else {
            spans
        };
        for line in lines {
            let value = line.value();
            let x = length(value.attr("x").expect("x"), width)
                + value.attr("dx").map_or(0.0, |d| length(d, width));
            let y: f64 = value.attr("y").expect("y").parse().expect("a y");
            let content = text(line);
            let w = content.chars().count() as f64 * 0.6 * font;
            let left = match anchor {
                "middle" => x - w / 2.0,
                "end" => x - w,
                _ => x,
            };
            boxes.push(TextBox {
                text: content,
                left,
                right: left + w,
                top: y - 0.8 * font,
                bottom: y + 0.2 * font,
            });
        }
    }
    boxes
}

/// No two texts of any chart of `page` overlap, and none leaves the chart, at 288 and 608 px.
#[track_caller]
fn assert_no_overlap(page: &Html, name: &str) {
    for svg in select(page, "svg.chart-svg") {
        for width in [288.0, 608.0] {
            let boxes = text_boxes(svg, width);
            for (i, a) in boxes.iter().enumerate() {
                assert!(
                    a.left >= -0.5 && a.right <= width + 0.5,
                    "{name}: `{}` leaves the chart at {width} px: {a:?}",
                    a.text
                );
                for b in &boxes[i + 1..] {
                    let apart = a.right <= b.left + 0.5
                        || b.right <= a.left + 0.5
                        || a.bottom <= b.top + 0.5
                        || b.bottom <= a.top + 0.5;
                    assert!(
                        apart,
                        "{name}: at {width} px `{}` overlaps `{}`:\n{a:?}\n{b:?}",
                        a.text, b.text
                    );
                }
            }
        }
    }
}

#[test]
fn ticks_are_nice_numbers_covering_the_data_in_the_language_s_way() {
    let site = built(
        "{{ chart(data=\"bridges\", field=\"cost\") }}\n\n{{ chart(data=\"bridges\", field=\"span_m\", type=\"column\") }}",
        Some("{{ chart(data=\"bridges\", field=\"cost\") }}"),
    );
    let it = site.html("grafici/index.html");
    let en = site.html("en/grafici/index.html");
    for (page, lang) in [(&it, "it"), (&en, "en")] {
        let figure = select(page, "figure.chart")[0];
        let ticks = ticks(figure, lang);
        let data = [2250.0, 11.5, 640.0];
        assert_eq!(ticks.first(), Some(&0.0), "bars start at zero: {ticks:?}");
        let max = data.iter().copied().fold(0.0, f64::max);
        let last = *ticks.last().expect("ticks");
        let step = ticks[1] - ticks[0];
        assert!(
            last >= max && last - step < max,
            "the axis ends on the tick just past the data: {ticks:?}"
        );
        for pair in ticks.windows(2) {
            assert!(
                is_nice(pair[1] - pair[0]) && (pair[1] - pair[0] - step).abs() < 1e-9,
                "{ticks:?}"
            );
        }
    }
    // Thousands are grouped and decimals marked the language's way, in ticks, values and tables.
    assert_eq!(
        texts(&it, "figure.chart:first-of-type text.chart-tick"),
        ["0", "500", "1.000", "1.500", "2.000", "2.500"]
    );
    assert_eq!(
        texts(&en, "figure.chart text.chart-tick"),
        ["0", "500", "1,000", "1,500", "2,000", "2,500"]
    );
    assert_eq!(
        texts(&it, "figure.chart:first-of-type text.chart-value"),
        ["2.250", "640", "11,5"]
    );
    assert_eq!(
        texts(&en, "figure.chart table td"),
        ["2,250", "640", "11.5"]
    );
    // The unit is written once, with the label, in the page's language; the rows' column is
    // headed by the title field's label, not by its name.
    assert_eq!(
        texts(&it, "figure.chart:first-of-type text.chart-axis-label"),
        ["Costo (mln €)"]
    );
    assert_eq!(
        texts(&en, "figure.chart text.chart-axis-label"),
        ["Cost (€m)"]
    );
    assert_eq!(
        texts(&it, "figure.chart:first-of-type table th[scope=col]"),
        ["Ponte", "Costo (mln €)"]
    );
    assert_eq!(
        texts(&en, "figure.chart table th[scope=col]"),
        ["Bridge", "Cost (€m)"]
    );
    let columns = select(&it, "figure.chart")[1];
    let ticks = ticks(columns, "it");
    assert!(
        ticks[0] == 0.0 && *ticks.last().expect("ticks") >= 1991.0,
        "{ticks:?}"
    );
}

#[test]
fn no_two_texts_overlap_with_long_labels_and_many_entries() {
    let site = Site::copy(FIXTURE);
    let mut csv = String::from("id,name.it,name.en,span_m,length_m,opened\n");
    for i in 0..60 {
        let name = if i % 3 == 0 {
            format!("Ponte numero {i} sul canale di scolo della pianura, lato nord-occidentale")
        } else {
            format!("P{i}")
        };
        csv.push_str(&format!(
            "b{i},\"{name}\",\"{name}\",{},{},{}\n",
            1234.5 + i as f64 * 97.3,
            5 + i * 7,
            1900 + i
        ));
    }
    site.write("content/data/bridges.csv", csv);
    let ids: Vec<String> = (0..60).step_by(7).map(|i| format!("\"b{i}\"")).collect();
    site.write(
        "content/grafici.md",
        format!(
            "---\ntitle: Grafici\n---\n{{{{ chart(data=\"bridges\", field=\"span_m\", annotate=[\"b3: un ponte molto lungo con una nota lunga quanto basta\", \"5000: soglia\"]) }}}}\n\n{{{{ chart(data=\"bridges\", field=[\"span_m\", \"length_m\"]) }}}}\n\n{{{{ chart(data=\"bridges\", field=\"span_m\", type=\"column\") }}}}\n\n{{{{ chart(data=\"bridges\", field=\"span_m\", type=\"column\", ids=[{}]) }}}}\n\n{{{{ chart(data=\"bridges\", field=[\"span_m\", \"length_m\"], type=\"dot\") }}}}\n\n{{{{ chart(data=\"bridges\", field=[\"span_m\", \"length_m\"], type=\"multiples\") }}}}\n\n{{{{ chart(data=\"bridges\", field=\"span_m\", type=\"line\", x=\"opened\", annotate=[\"1920: una nota\", \"1950: una seconda nota, anche questa piuttosto lunga\"]) }}}}\n\n{{{{ chart(data=\"crossings\", type=\"line\", annotate=[\"2024-03: aperto il ponte nuovo\"]) }}}}\n",
            ids.join(", ")
        ),
    );
    site.build_ok(&[]);
    let page = site.html("grafici/index.html");
    assert_eq!(select(&page, "figure.chart").len(), 8);
    assert_no_overlap(&page, "grafici");
    // Long names wrap into lines, all of them kept.
    let long = select(&page, "figure.chart:first-of-type text.chart-label")
        .into_iter()
        .find(|t| text(*t).starts_with("Ponte numero 0 "))
        .expect("the long label");
    assert!(long.select(&sel("tspan")).count() > 1);
    assert_eq!(
        text(long),
        "Ponte numero 0 sul canale di scolo della pianura, lato nord-occidentale"
    );
}

#[test]
fn the_bundled_site_s_charts_do_not_overlap_and_cite_their_sources() {
    let site = Site::from_repository();
    site.build_ok(&[]);
    let mut kinds = std::collections::BTreeSet::new();
    for page in [
        "chip/index.html",
        "en/chips/index.html",
        "storia/accordo/index.html",
        "en/story/deal/index.html",
    ] {
        let html = site.html(page);
        assert_no_overlap(&html, page);
        for figure in select(&html, "figure.chart") {
            let class = figure.value().attr("class").unwrap_or_default();
            kinds.extend(
                class
                    .split(' ')
                    .filter(|c| c.starts_with("chart-type-"))
                    .map(str::to_string),
            );
            // Every chart of the story has a source line, its sources cited on the page.
            let cites: Vec<String> = figure
                .select(&sel(".chart-source sup.cite a"))
                .filter_map(|a| a.value().attr("href").map(str::to_string))
                .collect();
            assert!(!cites.is_empty(), "{page}: a chart without sources");
            for href in cites {
                let id = href.trim_start_matches('#');
                assert!(
                    !select(&html, &format!("li[id=\"{id}\"]")).is_empty(),
                    "{page}: {href}"
                );
            }
        }
    }
    assert!(kinds.len() >= 3, "{kinds:?}");
}

#[test]
fn highlight_and_subset_are_applied() {
    let site = built(
        "{{ chart(data=\"bridges\", field=\"span_m\", ids=[\"vecchio\", \"alto\"], highlight=\"alto\") }}\n\n{{ chart(data=\"bridges\", field=\"length_m\", filter=\"kind=arch\", sort=\"asc\") }}\n\n{{ chart(data=\"bridges\", field=\"length_m\", filter=\"kind!=arch\", sort=\"label\") }}",
        None,
    );
    let page = site.html("grafici/index.html");
    let charts = select(&page, "figure.chart");
    // `ids` keeps those rows, in that order.
    let labels: Vec<String> = charts[0]
        .select(&sel("text.chart-label"))
        .map(text)
        .collect();
    assert_eq!(labels, ["Ponte Vecchio", "Ponte Alto"]);
    let bars: Vec<&str> = charts[0]
        .select(&sel("rect.chart-bar"))
        .filter_map(|b| b.value().attr("class"))
        .collect();
    assert_eq!(bars, ["chart-bar chart-muted", "chart-bar chart-hl"]);
    let strong: Vec<String> = charts[0]
        .select(&sel("svg .chart-highlighted"))
        .map(text)
        .collect();
    assert_eq!(strong, ["Ponte Alto", "1.991"]);
    assert_eq!(
        texts(
            &Html::parse_fragment(&charts[0].html()),
            "tr.chart-highlighted th"
        ),
        ["Ponte Alto"]
    );
    // A filter on a field, sorted ascending; its negation, by label.
    let arches: Vec<String> = charts[1].select(&sel("tbody th")).map(text).collect();
    assert_eq!(arches, ["Ponte Vecchio", "Ponte Nuovo, sul fiume"]);
    let others: Vec<String> = charts[2].select(&sel("tbody th")).map(text).collect();
    assert_eq!(others, ["Ponte Alto", "Ponte Basso"]);
}

#[test]
fn each_chart_s_csv_file_holds_its_table() {
    let site = built(
        "{{ chart(data=\"bridges\", field=[\"span_m\", \"length_m\"], filter=\"kind=arch\") }}\n\n{{ chart(data=\"crossings\", type=\"line\", id=\"traffico\") }}",
        Some("{{ chart(data=\"bridges\", field=\"cost\") }}"),
    );
    for (page, lang) in [
        ("grafici/index.html", "it"),
        ("en/grafici/index.html", "en"),
    ] {
        let html = site.html(page);
        for figure in select(&html, "figure.chart") {
            let href = figure
                .select(&sel("a.chart-download"))
                .next()
                .and_then(|a| a.value().attr("href"))
                .expect("a download link")
                .to_string();
            // The link honours the base path.
            let file = href
                .strip_prefix("/sub/path/")
                .expect("under the base path");
            let bytes = site.output(file).into_bytes();
            let mut reader = csv::Reader::from_reader(bytes.as_slice());
            let headers: Vec<String> = reader
                .headers()
                .expect("headers")
                .iter()
                .map(str::to_string)
                .collect();
            let table_headers: Vec<String> = figure.select(&sel("thead th")).map(text).collect();
            assert_eq!(headers, table_headers, "{file}");
            let rows: Vec<Vec<String>> = reader
                .records()
                .map(|r| r.expect("a record").iter().map(str::to_string).collect())
                .collect();
            let table: Vec<ElementRef<'_>> = figure.select(&sel("tbody tr")).collect();
            assert_eq!(rows.len(), table.len(), "{file}");
            for (row, tr) in rows.iter().zip(&table) {
                let th = tr.select(&sel("th")).next().expect("a row header");
                let label = th
                    .select(&sel("time"))
                    .next()
                    .and_then(|t| t.value().attr("datetime").map(str::to_string))
                    .unwrap_or_else(|| text(th));
                assert_eq!(row[0], label, "{file}");
                let cells: Vec<String> = tr.select(&sel("td")).map(text).collect();
                for (value, cell) in row[1..].iter().zip(&cells) {
                    if value.is_empty() {
                        assert!(cell.is_empty());
                    } else {
                        let number: f64 = value.parse().expect("a plain number in the CSV");
                        assert!(
                            (number - parse_number(cell, lang)).abs() < 1e-9,
                            "{file}: {value} against {cell}"
                        );
                    }
                }
            }
        }
    }
    assert!(site.has_output("grafici/traffico.csv"));
    assert!(site.has_output("grafici/chart-bridges-span-m-length-m.csv"));
    assert!(site.has_output("en/grafici/chart-bridges-cost.csv"));
}

#[test]
fn a_series_from_csv_draws_dates_the_language_s_way_and_summarises_the_trend() {
    let site = built(
        "{{ chart(data=\"crossings\", type=\"line\", field=\"cars\") }}",
        Some("{{ chart(data=\"crossings\", type=\"line\", field=\"cars\") }}"),
    );
    let it = site.html("grafici/index.html");
    let en = site.html("en/grafici/index.html");
    let it_ticks = texts(&it, "text.chart-tick");
    let en_ticks = texts(&en, "text.chart-tick");
    assert!(
        it_ticks
            .iter()
            .any(|t| t == "gen 2024" || t == "2024" || t == "mar 2024"),
        "{it_ticks:?}"
    );
    assert!(
        en_ticks
            .iter()
            .any(|t| t == "Jan 2024" || t == "2024" || t == "Mar 2024"),
        "{en_ticks:?}"
    );
    let desc = text(one(&it, "svg > desc")).replace('\u{a0}', " ");
    assert_eq!(
        desc,
        "Auto sale da 120,5 migliaia (settembre 2023) a 152 migliaia (settembre 2024)."
    );
    let desc = text(one(&en, "svg > desc")).replace('\u{a0}', " ");
    assert_eq!(
        desc,
        "Cars rises from 120.5 thousands (September 2023) to 152 thousands (September 2024)."
    );
    assert_eq!(
        texts(&it, "table tbody th time"),
        [
            "settembre 2023",
            "dicembre 2023",
            "marzo 2024",
            "giugno 2024",
            "settembre 2024"
        ]
    );
    // One line, a point per row.
    assert_eq!(select(&it, "circle.chart-point").len(), 5);
}

#[test]
fn the_chart_is_described_for_readers_who_do_not_see_it() {
    let site = built(
        "{{ chart(data=\"bridges\", field=\"length_m\", title=\"Lunghezze\", subtitle=\"In metri\", note=\"Dati del 2024.\", source=\"survey\") }}",
        None,
    );
    let page = site.html("grafici/index.html");
    let svg = one(&page, "svg.chart-svg");
    assert_eq!(svg.value().attr("role"), Some("img"));
    assert_eq!(text(one(&page, "svg > title")), "Lunghezze");
    let desc = text(one(&page, "svg > desc")).replace('\u{a0}', " ");
    assert!(desc.starts_with("Lunghezza: il valore più alto è di Ponte Alto (3.911 m), il più basso di Ponte Vecchio (95 m)."), "{desc}");
    assert_eq!(text(one(&page, ".chart-subtitle")), "In metri");
    assert_eq!(text(one(&page, ".chart-note")), "Nota: Dati del 2024.");
    assert_eq!(text(one(&page, ".chart-source")), "Fonte: Ufficio Ponti[1]");
    assert_eq!(
        attr(&page, ".chart-source sup.cite a", "href"),
        "#source-survey"
    );
    assert_eq!(
        texts(&page, "section.sources li[id=source-survey]").len(),
        1
    );
}

#[test]
fn a_template_draws_a_chart_with_the_function() {
    let site = Site::copy(FIXTURE);
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}{{ chart(data=\"bridges\", field=\"span_m\", type=\"column\", title=\"Campate\") }}{% endblock content %}",
    );
    site.write("content/grafici.md", "---\ntitle: Grafici\n---\nTesto.\n");
    site.build_ok(&[]);
    let page = site.html("grafici/index.html");
    assert_eq!(text(one(&page, "figure.chart .chart-title")), "Campate");
    assert_eq!(select(&page, "rect.chart-bar").len(), 4);
    // No CSV file is claimed for a template's chart, so there is no link to one.
    assert!(select(&page, "a.chart-download").is_empty());
}

#[track_caller]
fn failing(body: &str) -> String {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/grafici.md",
        format!("---\ntitle: Grafici\n---\n{body}\n"),
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(!site.out.exists(), "a failed build writes nothing");
    run.stderr
}

#[test]
fn chart_mistakes_are_errors_at_the_call_with_a_hint() {
    let stderr =
        failing("Testo.\n\n{{ chart(data=\"bridges\", field=\"rating\", ids=[\"alto\"]) }}");
    assert!(
        stderr.contains(
            "error: `rating` has no values in `bridges` among the entries this chart keeps"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/grafici.md:6:1"), "{stderr}");
    let stderr = failing("{{ chart(data=\"bridges\", field=[\"span_m\", \"cost\"]) }}");
    assert!(
        stderr.contains("error: `span_m` (`m`) and `cost` (`mln €`) have different units"),
        "{stderr}"
    );
    assert!(
        stderr.contains("help: draw them side by side with `type=\"multiples\"`"),
        "{stderr}"
    );
    let stderr = failing("{{ chart(data=\"bridges\", field=\"spam_m\") }}");
    assert!(
        stderr.contains("`bridges` has no number field `spam_m`")
            && stderr.contains("did you mean `span_m`?"),
        "{stderr}"
    );
    let stderr = failing("{{ chart(data=\"bridges\", field=\"span_m\", highlight=\"alta\") }}");
    assert!(stderr.contains("did you mean `alto`?"), "{stderr}");
    let stderr =
        failing("{{ chart(data=\"crossings\", type=\"line\", annotate=[\"luglio: x\"]) }}");
    assert!(
        stderr.contains("the annotation `luglio` names no row, date or value"),
        "{stderr}"
    );
    let stderr = failing("{{ chart(data=\"bridges\", field=\"span_m\", source=\"survy\") }}");
    assert!(
        stderr.contains("unknown source `survy`") && stderr.contains("did you mean `survey`?"),
        "{stderr}"
    );
}

#[test]
fn csv_data_errors_are_located_at_the_cell() {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/data/bridges.csv",
        "id,name.it,name.en,kind,span_m,lenght_m\nalto,Alto,High,suspension,1991,1\nbasso,Basso,Low,bem,fast,2\n",
    );
    site.write(
        "content/data/crossings.csv",
        "month,cars,bikes\n2023-13,1,2\n2024-01,1,z\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    let stderr = &run.stderr;
    for expected in [
        "error: unknown field `lenght_m` in `bridges`\n --> content/data/bridges.csv:1:32",
        "help: did you mean `length_m`?",
        "error: `bem` is not an allowed value of `kind`\n --> content/data/bridges.csv:3:17",
        "error: `span_m` must be a number (without its unit), not the text `fast`\n --> content/data/bridges.csv:3:21",
        "error: `2023-13` has no month 13: months go from 01 to 12\n --> content/data/crossings.csv:2:1",
        "error: `bikes` must be a number (without its unit), not the text `z`\n --> content/data/crossings.csv:3:11",
    ] {
        assert!(
            stderr.contains(expected),
            "missing {expected:?} in\n{stderr}"
        );
    }
    // A line with a cell too few stops the file from being read, at that line.
    site.write(
        "content/data/crossings.csv",
        "month,cars,bikes\n2023-12,1,2\n2024-01,1\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    let expected = "error: this line has 2 cells, but the first line names 3 columns\n --> content/data/crossings.csv:3:1";
    assert!(run.stderr.contains(expected), "{}", run.stderr);
}

#[test]
fn a_palette_that_colour_blind_readers_cannot_tell_apart_is_a_warning() {
    let site = Site::copy(FIXTURE);
    let theme_css = include_str!("../themes/explainer/static/style.css");
    let css = theme_css.replacen("--chart-2: #d27212;", "--chart-2: #1a60a0;", 1);
    assert_ne!(css, theme_css);
    site.write("static/style.css", &css);
    let run = site.build(&[]);
    run.success();
    assert!(
        run.stderr.contains("warning: the chart colours `--chart-1` (#0b57a4) and `--chart-2` (#1a60a0) look alike with"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> static/style.css:"),
        "{}",
        run.stderr
    );
    site.build(&["--strict"]).expect_code(1);
    // Text that fails WCAG AA on the background is an error.
    let css = theme_css.replacen("--muted: #4a515b;", "--muted: #c0c0c0;", 1);
    site.write("static/style.css", &css);
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        run.stderr.contains(
            "error: chart text in `--muted` (#c0c0c0) on `--bg` (#fdfcf8) has a contrast of"
        ),
        "{}",
        run.stderr
    );
}
