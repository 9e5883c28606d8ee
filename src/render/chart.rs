//! `chart()`: a bar chart of a number field across a collection, drawn as inline SVG at build time,
//! with the same numbers in a table beside it. No JavaScript; colours come from CSS custom
//! properties so that themes can set them for dark mode and print.

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::render::numbers::format_number;

use crate::load::config::FieldType;
use crate::render::markdown::Problem;
use crate::resolve::ResolvedSite;
use crate::resolve::data::FieldValue;

const WIDTH: f64 = 640.0;
const BAR_HEIGHT: f64 = 28.0;
const GAP: f64 = 10.0;
const LABEL_WIDTH: f64 = 150.0;
const VALUE_WIDTH: f64 = 70.0;
const TOP: f64 = 10.0;
const AXIS_HEIGHT: f64 = 34.0;

const ARGUMENTS: [&str; 5] = ["collection", "field", "title", "sort", "description"];

/// `base`, or `base-2`, `base-3`… if a chart of the page already has it.
fn unique_id(base: String, used_ids: &mut Vec<String>) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while used_ids.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    used_ids.push(id.clone());
    id
}

/// Renders the chart for a shortcode call's arguments. `used_ids` holds the ids of the charts
/// already on the page; this one's is added.
pub fn render_chart(
    site: &ResolvedSite,
    lang: &str,
    args: &BTreeMap<String, serde_json::Value>,
    used_ids: &mut Vec<String>,
) -> Result<String, Problem> {
    if let Some(unknown) = args.keys().find(|k| !ARGUMENTS.contains(&k.as_str())) {
        return Err(problem(
            format!("unknown argument `{unknown}` for shortcode `chart`"),
            crate::suggest::did_you_mean(unknown, ARGUMENTS)
                .unwrap_or_else(|| format!("`chart` takes {}", ARGUMENTS.join(", "))),
        ));
    }
    let text = |name: &str| args.get(name).and_then(|v| v.as_str());
    let name = text("collection").ok_or_else(|| {
        problem(
            "`chart` needs `collection`".into(),
            "e.g. `collection=\"chips\"`".into(),
        )
    })?;
    let field_name = text("field").ok_or_else(|| {
        problem(
            "`chart` needs `field`".into(),
            "the name of a number field".into(),
        )
    })?;
    let collection = site.data.get(name).ok_or_else(|| {
        problem(
            format!("no collection `{name}`"),
            crate::suggest::did_you_mean(name, site.data.keys().map(String::as_str))
                .unwrap_or_default(),
        )
    })?;
    let field = collection
        .field(field_name)
        .filter(|f| matches!(f.kind, FieldType::Number | FieldType::Integer))
        .ok_or_else(|| {
            let numbers = collection
                .config
                .fields
                .iter()
                .filter(|f| matches!(f.kind, FieldType::Number | FieldType::Integer));
            problem(
                format!("`{name}` has no number field `{field_name}`"),
                crate::suggest::did_you_mean(field_name, numbers.map(|f| f.name.as_str()))
                    .unwrap_or_default(),
            )
        })?;
    let mut rows: Vec<(String, f64)> = collection
        .entries
        .iter()
        .filter_map(|entry| {
            let value = match entry.fields.get(field_name)? {
                FieldValue::Number(n) => *n,
                FieldValue::Integer(n) => *n as f64,
                _ => return None,
            };
            Some((collection.title(entry, lang), value))
        })
        .collect();
    match text("sort") {
        Some("asc") => rows.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0))),
        Some("desc") | None => rows.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))),
        Some("none") => {}
        Some(other) => {
            return Err(problem(
                format!("`sort` must be `asc`, `desc` or `none`, not `{other}`"),
                String::new(),
            ));
        }
    }
    let label = field
        .label
        .get(lang)
        .map_or_else(|| field_name.to_string(), str::to_string);
    let unit = field.unit.clone().unwrap_or_default();
    let axis_label = if unit.is_empty() {
        label.clone()
    } else {
        format!("{label} ({unit})")
    };
    let title = text("title").map_or_else(|| axis_label.clone(), str::to_string);
    let id = unique_id(format!("chart-{name}-{field_name}"), used_ids);
    // The table's first column holds entry titles: headed by the title field's label when the
    // schema gives one in this language, else by the field's name.
    let title_field = collection
        .config
        .title_field
        .clone()
        .unwrap_or_else(|| "name".to_string());
    let row_header = collection
        .field(&title_field)
        .and_then(|f| f.label.get(lang).map(str::to_string))
        .unwrap_or(title_field);
    let heading = ChartText {
        id: &id,
        title: &title,
        description: text("description"),
        axis_label: &axis_label,
        unit: &unit,
        row_header: &row_header,
        lang,
    };
    Ok(chart_html(&heading, &rows))
}

fn problem(message: String, hint: String) -> Problem {
    Problem {
        message,
        hint: (!hint.is_empty()).then_some(hint),
    }
}

/// The words around a chart's numbers.
struct ChartText<'a> {
    id: &'a str,
    title: &'a str,
    description: Option<&'a str>,
    axis_label: &'a str,
    unit: &'a str,
    row_header: &'a str,
    lang: &'a str,
}

fn chart_html(text: &ChartText<'_>, rows: &[(String, f64)]) -> String {
    let ChartText {
        id,
        title,
        description,
        axis_label,
        unit,
        row_header,
        lang,
    } = *text;
    let max = rows.iter().map(|r| r.1).fold(0.0_f64, f64::max);
    let scale_max = nice_ceiling(max);
    let plot = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
    let height = TOP + rows.len() as f64 * (BAR_HEIGHT + GAP) + AXIS_HEIGHT;
    let summary = description.map_or_else(
        || {
            let parts: Vec<String> = rows
                .iter()
                .map(|(name, value)| format!("{name}: {} {unit}", format_number(*value, lang, 2)))
                .collect();
            format!("{axis_label}. {}.", parts.join("; "))
        },
        str::to_string,
    );
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart-svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(title),
        escape(&summary)
    );
    for (i, (name, value)) in rows.iter().enumerate() {
        let y = TOP + i as f64 * (BAR_HEIGHT + GAP);
        let width = if scale_max > 0.0 {
            value / scale_max * plot
        } else {
            0.0
        };
        let _ = write!(
            svg,
            r#"<text class="chart-label" fill="currentColor" x="{x}" y="{ty}" text-anchor="end" dominant-baseline="middle">{}</text><rect class="chart-bar" fill="currentColor" fill-opacity="0.7" x="{LABEL_WIDTH}" y="{y}" width="{w:.1}" height="{BAR_HEIGHT}"/><text class="chart-value" fill="currentColor" x="{vx:.1}" y="{ty}" dominant-baseline="middle">{}</text>"#,
            escape(name),
            escape(&format_number(*value, lang, 2)),
            x = LABEL_WIDTH - 8.0,
            ty = y + BAR_HEIGHT / 2.0,
            w = width,
            vx = LABEL_WIDTH + width + 6.0,
        );
    }
    let axis_y = TOP + rows.len() as f64 * (BAR_HEIGHT + GAP);
    let _ = write!(
        svg,
        r#"<line class="chart-axis" stroke="currentColor" x1="{LABEL_WIDTH}" y1="{axis_y}" x2="{x2}" y2="{axis_y}"/>"#,
        x2 = LABEL_WIDTH + plot
    );
    for step in 0..=4 {
        let value = scale_max * f64::from(step) / 4.0;
        let x = LABEL_WIDTH + plot * f64::from(step) / 4.0;
        let _ = write!(
            svg,
            r#"<text class="chart-tick" fill="currentColor" x="{x:.1}" y="{ty}" text-anchor="middle">{}</text>"#,
            escape(&format_number(value, lang, 2)),
            ty = axis_y + 14.0
        );
    }
    let _ = write!(
        svg,
        r#"<text class="chart-axis-label" fill="currentColor" x="{x:.1}" y="{ty}" text-anchor="middle">{}</text></svg>"#,
        escape(axis_label),
        x = LABEL_WIDTH + plot / 2.0,
        ty = axis_y + 30.0
    );
    let mut table = format!(
        r#"<table class="chart-table"><caption>{}</caption><thead><tr><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>"#,
        escape(title),
        escape(row_header),
        escape(axis_label)
    );
    for (name, value) in rows {
        let _ = write!(
            table,
            r#"<tr><th scope="row">{}</th><td>{}</td></tr>"#,
            escape(name),
            escape(&format_number(*value, lang, 2))
        );
    }
    table.push_str("</tbody></table>");
    format!(
        r#"<figure class="chart" id="{id}"><figcaption>{}</figcaption>{svg}{table}</figure>"#,
        escape(title)
    )
}

/// The smallest "round" number (1, 2 or 5 times a power of ten) at or above `value`.
fn nice_ceiling(value: f64) -> f64 {
    if value <= 0.0 || !value.is_finite() {
        return 1.0;
    }
    let power = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|c| *c >= value)
        .unwrap_or(value)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scale_is_round() {
        assert_eq!(nice_ceiling(3.35), 5.0);
        assert_eq!(nice_ceiling(0.82), 1.0);
        assert_eq!(nice_ceiling(1200.0), 2000.0);
    }

    #[test]
    fn chart_has_accessible_svg_and_table() {
        let text = ChartText {
            id: "c",
            title: "Bandwidth",
            description: None,
            axis_label: "Bandwidth (TB/s)",
            unit: "TB/s",
            row_header: "chips",
            lang: "en",
        };
        let html = chart_html(&text, &[("H100".into(), 3.35), ("Trn2 <x>".into(), 2.9)]);
        assert!(html.contains(r#"role="img" aria-labelledby="c-title c-desc""#));
        assert!(html.contains("<desc id=\"c-desc\">Bandwidth (TB/s). H100: 3.35 TB/s; Trn2 &lt;x&gt;: 2.9 TB/s.</desc>"));
        assert!(html.contains(r#"<tr><th scope="row">H100</th><td>3.35</td></tr>"#));
    }
}
