//! The chart's numbers as a table (in the page, for readers who do not see the chart) and as a
//! CSV file (the "download the data" link): the same rows, columns and headers, the table's
//! numbers written the language's way, the file's as plain decimals and its dates as ISO dates.

use std::fmt::Write;

use crate::markdown::html::escape_html as escape;
use crate::render::chart::format::number;
use crate::render::chart::select::{ChartData, XValue, x_text};

/// The table's header row: the rows' column, then each measure with its unit.
fn headers(data: &ChartData) -> Vec<String> {
    let mut headers = vec![match &data.x {
        Some(x) if !x.unit.is_empty() => format!("{} ({})", x.label, x.unit),
        _ => data.row_header.clone(),
    }];
    headers.extend(data.measures.iter().map(|m| m.label_with_unit()));
    headers
}

/// The `<table>` of a chart, its caption the chart's title.
pub fn table_html(data: &ChartData, title: &str, lang: &str) -> String {
    let mut html = format!(
        r#"<table class="chart-table"><caption>{}</caption><thead><tr>"#,
        escape(title)
    );
    for header in headers(data) {
        let _ = write!(html, r#"<th scope="col">{}</th>"#, escape(&header));
    }
    html.push_str("</tr></thead><tbody>");
    for row in &data.rows {
        let label = match &row.x {
            Some(XValue::Date(date)) => format!(
                r#"<time datetime="{date}">{}</time>"#,
                escape(&x_text(&XValue::Date(*date), lang))
            ),
            _ => escape(&row.label),
        };
        let class = if row.highlighted {
            r#" class="chart-highlighted""#
        } else {
            ""
        };
        let _ = write!(html, r#"<tr{class}><th scope="row">{label}</th>"#);
        for value in &row.values {
            let text = value.map(|v| number(v, lang)).unwrap_or_default();
            let _ = write!(html, "<td>{}</td>", escape(&text));
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table>");
    html
}

/// The CSV file of a chart: the table's headers and rows; numbers as plain decimals (`3.35`),
/// dates as written in the data (`2024-03`), so that any spreadsheet reads them.
pub fn csv_bytes(data: &ChartData) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(headers(data))?;
    for row in &data.rows {
        let mut record = vec![match &row.x {
            Some(XValue::Date(date)) => date.to_string(),
            Some(XValue::Number(n)) => plain(*n),
            None => row.label.clone(),
        }];
        record.extend(row.values.iter().map(|v| v.map(plain).unwrap_or_default()));
        writer.write_record(&record)?;
    }
    writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))
}

/// A number as a spreadsheet reads it: no grouping, a decimal point, no trailing zeros.
fn plain(value: f64) -> String {
    if value.abs() < 1e9 {
        let shortest = value.to_string();
        if shortest.split_once('.').is_none_or(|(_, f)| f.len() <= 6) {
            return if shortest == "-0" {
                "0".to_string()
            } else {
                shortest
            };
        }
    }
    let text = format!("{value:.6}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_string()
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::chart::select::{Measure, Row};

    fn data() -> ChartData {
        let row = |id: &str, v: f64| Row {
            id: id.into(),
            label: format!("Chip, \"{id}\""),
            x: None,
            values: vec![Some(v)],
            highlighted: false,
        };
        ChartData {
            measures: vec![Measure {
                field: "bw".into(),
                label: "Banda".into(),
                unit: "TB/s".into(),
                color: 1,
            }],
            rows: vec![row("a", 1234.5), row("b", 0.82)],
            x: None,
            row_header: "Chip".into(),
            highlighted_measures: Vec::new(),
        }
    }

    #[test]
    fn the_table_and_the_file_hold_the_same_rows() {
        let html = table_html(&data(), "T", "it");
        assert!(html.contains("<td>1.234,5</td>"), "{html}");
        let csv = String::from_utf8(csv_bytes(&data()).expect("a CSV")).expect("UTF-8");
        assert_eq!(
            csv,
            "Chip,Banda (TB/s)\n\"Chip, \"\"a\"\"\",1234.5\n\"Chip, \"\"b\"\"\",0.82\n"
        );
    }
}
