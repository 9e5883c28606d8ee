//! The text a reader who does not see the chart gets (its `<desc>`): per measure, which row is
//! largest and smallest, or for a line where it starts and ends, and its peak. Written from the
//! language's UI strings (`chart_summary_*`, `chart_trend_*`, `chart_peak`).

use crate::markdown::Problem;
use crate::render::chart::format::{Words, with_unit};
use crate::render::chart::select::{ChartData, Row, x_text};

/// The most rows whose values the summary lists one by one after its sentence.
const LISTED_ROWS: usize = 12;

/// The summary of a chart in `words`' language; `over_x` for lines (start, end and peak).
pub fn summary(data: &ChartData, words: &Words<'_>, over_x: bool) -> Result<String, Problem> {
    let mut sentences = Vec::new();
    for (i, measure) in data.measures.iter().enumerate() {
        let points: Vec<(&Row, f64)> = data
            .rows
            .iter()
            .filter_map(|row| row.values.get(i).copied().flatten().map(|v| (row, v)))
            .collect();
        let value = |v: f64| with_unit(v, &measure.unit, words.lang);
        let label = measure.label.as_str();
        if over_x {
            sentences.push(trend(label, &points, words, value)?);
            continue;
        }
        let (Some(max), Some(min)) = (
            points.iter().max_by(|a, b| a.1.total_cmp(&b.1)),
            points.iter().min_by(|a, b| a.1.total_cmp(&b.1)),
        ) else {
            continue;
        };
        let sentence = if points.len() == 1 {
            words.get(
                "chart_summary_one",
                &[
                    ("label", label),
                    ("name", &max.0.label),
                    ("value", &value(max.1)),
                ],
            )?
        } else {
            words.get(
                "chart_summary_range",
                &[
                    ("label", label),
                    ("max_label", &max.0.label),
                    ("max", &value(max.1)),
                    ("min_label", &min.0.label),
                    ("min", &value(min.1)),
                ],
            )?
        };
        sentences.push(sentence);
        if points.len() > 1 && points.len() <= LISTED_ROWS {
            let list: Vec<String> = points
                .iter()
                .map(|(row, v)| format!("{}: {}", row.label, value(*v)))
                .collect();
            sentences.push(format!("{}.", list.join("; ")));
        }
    }
    Ok(sentences.join(" "))
}

/// Where a line starts and ends, whether it rises or falls, and its peak when it is not an end.
fn trend(
    label: &str,
    points: &[(&Row, f64)],
    words: &Words<'_>,
    value: impl Fn(f64) -> String,
) -> Result<String, Problem> {
    let x = |row: &Row| {
        row.x
            .map_or_else(|| row.label.clone(), |x| x_text(&x, words.lang))
    };
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Ok(String::new());
    };
    let key = if last.1 > first.1 {
        "chart_trend_up"
    } else if last.1 < first.1 {
        "chart_trend_down"
    } else {
        "chart_trend_flat"
    };
    let mut text = words.get(
        key,
        &[
            ("label", label),
            ("first", &value(first.1)),
            ("first_x", &x(first.0)),
            ("last", &value(last.1)),
            ("last_x", &x(last.0)),
        ],
    )?;
    if let Some(peak) = points.iter().max_by(|a, b| a.1.total_cmp(&b.1))
        && peak.1 > first.1.max(last.1)
    {
        text.push(' ');
        text.push_str(&words.get(
            "chart_peak",
            &[("max", &value(peak.1)), ("max_x", &x(peak.0))],
        )?);
    }
    Ok(text)
}
