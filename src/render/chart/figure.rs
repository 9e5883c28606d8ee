//! A chart's HTML: a `<figure>` with its title and subtitle (the caption), a legend when it
//! draws several fields, the SVG (or one per field in small multiples) with `<title>` and
//! `<desc>`, a note, the source line (cited like any source of the page), the link to its CSV
//! file, and its table.

use std::fmt::Write;

use crate::markdown::Problem;
use crate::markdown::html::escape_html as escape;
use crate::render::chart::bars::{Drawing, color_class};
use crate::render::chart::format::Words;
use crate::render::chart::select::ChartData;
use crate::render::chart::svg::px;
use crate::render::chart::{Annotation, Place, bars, columns, lines, summary, table};
use crate::resolve::ResolvedSite;
use crate::resolve::chart_spec::{ChartSpec, Kind};
use crate::resolve::data::SOURCES;

/// The whole figure.
pub fn figure(
    site: &ResolvedSite,
    lang: &str,
    spec: &ChartSpec,
    data: &ChartData,
    notes: &[Annotation],
    place: &Place<'_>,
) -> Result<String, Problem> {
    let words = Words::new(site, lang);
    let id = &place.id;
    let title = spec.title.clone().unwrap_or_else(|| {
        data.measures
            .iter()
            .map(|m| m.label_with_unit())
            .collect::<Vec<_>>()
            .join(", ")
    });
    let over_x = spec.kind == Kind::Line;
    let description = match &spec.description {
        Some(text) => text.clone(),
        None => summary::summary(data, &words, over_x)?,
    };
    let mut html = format!(
        r#"<figure class="chart chart-type-{}" id="{id}"><figcaption class="chart-heading"><span class="chart-title">{}</span>"#,
        spec.kind.name(),
        escape(&title)
    );
    if let Some(subtitle) = &spec.subtitle {
        let _ = write!(
            html,
            r#"<span class="chart-subtitle">{}</span>"#,
            escape(subtitle)
        );
    }
    html.push_str("</figcaption>");
    if data.measures.len() > 1 && spec.kind != Kind::Multiples {
        html.push_str(&legend(data));
    }
    if spec.kind == Kind::Multiples {
        html.push_str(&panels(data, lang, notes, id, &words)?);
    } else {
        let drawing = match spec.kind {
            Kind::Bar => bars::draw(data, lang, notes, false),
            Kind::Dot => bars::draw(data, lang, notes, true),
            Kind::Column => columns::draw(data, lang, notes),
            Kind::Line => lines::draw(data, lang, notes),
            Kind::Multiples => Drawing::default(),
        };
        html.push_str(&svg(id, &title, &description, &drawing));
    }
    if let Some(note) = &spec.note {
        let label = words.get("chart_note", &[])?;
        let _ = write!(
            html,
            r#"<p class="chart-note">{}: {}</p>"#,
            escape(&label),
            escape(note)
        );
    }
    let credits = source_line(site, spec, &words, place)?;
    let download = match (&place.csv, spec.download) {
        (Some(href), true) => format!(
            r#"<a class="chart-download" href="{}" download>{}</a>"#,
            escape(href),
            escape(&words.get("chart_download", &[])?)
        ),
        _ => String::new(),
    };
    if !credits.is_empty() || !download.is_empty() {
        let _ = write!(html, r#"<p class="chart-meta">{credits}{download}</p>"#);
    }
    let _ = write!(
        html,
        r#"<details class="chart-data"><summary>{}</summary><div class="table-scroll" role="region" tabindex="0" aria-label="{}">{}</div></details></figure>"#,
        escape(&words.get("chart_data", &[])?),
        escape(&title),
        table::table_html(data, &title, lang)
    );
    Ok(html)
}

/// One `<svg>`, labelled by its `<title>` and `<desc>`.
fn svg(id: &str, title: &str, description: &str, drawing: &Drawing) -> String {
    format!(
        r#"<svg class="chart-svg" width="100%" height="{}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>{}</svg>"#,
        px(drawing.height.ceil()),
        escape(title),
        escape(description),
        drawing.body
    )
}

/// The fields' names with their colours.
fn legend(data: &ChartData) -> String {
    let mut html = String::from(r#"<ul class="chart-legend">"#);
    for (i, measure) in data.measures.iter().enumerate() {
        let _ = write!(
            html,
            r#"<li><span class="chart-swatch {}" aria-hidden="true"></span>{}</li>"#,
            color_class(data, None, i),
            escape(&measure.label)
        );
    }
    html.push_str("</ul>");
    html
}

/// Small multiples: one bar chart per field, each with its own axis, side by side where they fit.
fn panels(
    data: &ChartData,
    lang: &str,
    notes: &[Annotation],
    id: &str,
    words: &Words<'_>,
) -> Result<String, Problem> {
    let mut html = String::from(r#"<div class="chart-panels">"#);
    for (i, measure) in data.measures.iter().enumerate() {
        let mut one = data.clone();
        one.measures = vec![measure.clone()];
        one.highlighted_measures.clear();
        one.rows = data
            .rows
            .iter()
            .filter_map(|row| {
                let value = row.values.get(i).copied().flatten()?;
                let mut row = row.clone();
                row.values = vec![Some(value)];
                Some(row)
            })
            .collect();
        let title = measure.label_with_unit();
        let description = summary::summary(&one, words, false)?;
        let drawing = bars::draw(&one, lang, notes, false);
        let _ = write!(
            html,
            r#"<div class="chart-panel"><p class="chart-panel-title" aria-hidden="true">{}</p>{}</div>"#,
            escape(&title),
            svg(&format!("{id}-{}", i + 1), &title, &description, &drawing)
        );
    }
    html.push_str("</div>");
    Ok(html)
}

/// `Source: AWS [2], Nvidia [3]`: each source by its publisher (else its title), cited on the
/// page when the chart is in one, else linked to its address.
fn source_line(
    site: &ResolvedSite,
    spec: &ChartSpec,
    words: &Words<'_>,
    place: &Place<'_>,
) -> Result<String, Problem> {
    if spec.sources.is_empty() {
        return Ok(String::new());
    }
    let sources = site.data.get(SOURCES);
    // Sources of one publisher are named once, with all their citations: "AWS [3][4]".
    let mut parts: Vec<(String, String)> = Vec::new();
    for source_id in &spec.sources {
        let Some((collection, entry)) = sources.and_then(|c| c.get(source_id).map(|e| (c, e)))
        else {
            return Err(Problem {
                message: format!("unknown source `{source_id}` in the chart's `source`"),
                hint: sources
                    .and_then(|c| crate::suggest::did_you_mean(source_id, c.ids()))
                    .or_else(|| Some("add it to content/data/sources.yaml".to_string())),
            });
        };
        let name = entry
            .text("publisher", words.lang)
            .map_or_else(|| collection.title(entry, words.lang), str::to_string);
        let mark = match place.cite {
            Some(cite) => cite(source_id)?,
            None => match entry.text("url", words.lang) {
                Some(url) => format!(
                    r#" (<a href="{}">{}</a>)"#,
                    escape(url),
                    escape(&collection.title(entry, words.lang))
                ),
                None => String::new(),
            },
        };
        match parts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, marks)) => marks.push_str(&mark),
            None => parts.push((name, mark)),
        }
    }
    let parts: Vec<String> = parts
        .into_iter()
        .map(|(name, marks)| format!("{}{marks}", escape(&name)))
        .collect();
    let key = if parts.len() == 1 {
        "chart_source"
    } else {
        "chart_sources"
    };
    Ok(format!(
        r#"<span class="chart-source">{}: {}</span>"#,
        escape(&words.get(key, &[])?),
        parts.join(", ")
    ))
}
