//! Horizontal bars (one field, or grouped fields) and dot plots (dots on one axis, a row's
//! smallest and largest values joined: dense against sparse, minimum to maximum).
//!
//! Each row's label sits on its own lines above its bars, across the whole width, so long labels
//! wrap instead of crowding the plot; values follow the bars' ends, in a margin kept for the
//! widest of them at the chart's narrowest.

use crate::render::chart::Annotation;
use crate::render::chart::axis::{
    LABEL_FONT, SMALL_FONT, VALUE_FONT, annotation_band, bottom_axis, full_width_text, line_height,
};
use crate::render::chart::format::{number, with_unit};
use crate::render::chart::scale::nice_scale;
use crate::render::chart::select::{ChartData, Row};
use crate::render::chart::svg::{Anchor, Svg, X};
use crate::render::chart::text::{MIN_WIDTH, text_width, wrap};

/// An SVG's content and its height in pixels.
#[derive(Debug, Default)]
pub struct Drawing {
    /// The elements, without the `<svg>` around them.
    pub body: String,
    /// How tall the chart is.
    pub height: f64,
}

/// The palette class of measure `i` of `row`: the highlight colour, a muted one beside a
/// highlight, or the measure's own.
pub fn color_class(data: &ChartData, row: Option<&Row>, i: usize) -> String {
    let rows_highlighted = data.rows.iter().any(|r| r.highlighted);
    let measures_highlighted = !data.highlighted_measures.is_empty();
    if rows_highlighted || measures_highlighted {
        let on = row.is_some_and(|r| r.highlighted) || data.highlighted_measures.contains(&i);
        return if on { "chart-hl" } else { "chart-muted" }.to_string();
    }
    format!("chart-c{}", data.measures.get(i).map_or(1, |m| m.color))
}

/// The widest value label of the chart, in pixels.
fn widest_value(data: &ChartData, lang: &str) -> f64 {
    data.rows
        .iter()
        .flat_map(|r| r.values.iter().flatten())
        .map(|v| text_width(&number(*v, lang), VALUE_FONT))
        .fold(0.0, f64::max)
}

/// Draws bars, or dots when `dots`.
pub fn draw(data: &ChartData, lang: &str, notes: &[Annotation], dots: bool) -> Drawing {
    let values: Vec<f64> = data
        .rows
        .iter()
        .flat_map(|r| r.values.iter().flatten().copied())
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let margin = (10.0 + widest_value(data, lang)) / MIN_WIDTH;
    let two_sided = dots && data.measures.len() > 1;
    let left = if two_sided || lo < 0.0 { margin } else { 0.0 };
    let plot = (1.0 - left - margin).max(0.3);
    let scale = nice_scale(lo, hi, !dots, lang, plot, SMALL_FONT);
    let at = |v: f64| left + scale.fraction(v) * plot;
    let mut svg = Svg::default();
    let mut y = 4.0;
    let value_notes: Vec<(f64, String)> = notes
        .iter()
        .filter_map(|n| match n {
            Annotation::Value(v, text) => Some((at(*v), text.clone())),
            _ => None,
        })
        .collect();
    y = annotation_band(&mut svg, &value_notes, y);
    let plot_top = y;
    for row in &data.rows {
        y = row_label(&mut svg, row, y);
        y = if dots {
            dot_row(&mut svg, data, row, &at, (scale.min, scale.max), y, lang)
        } else {
            bar_row(&mut svg, data, row, &at, y, lang)
        };
        y = row_notes(&mut svg, notes, row, y);
        y += 10.0;
    }
    for (share, _) in &value_notes {
        svg.line(
            "chart-annotation-line",
            (X::at(*share), plot_top - 4.0),
            (X::at(*share), y),
        );
    }
    let axis_label = if data.measures.len() == 1 {
        data.measures[0].label_with_unit()
    } else {
        data.unit().to_string()
    };
    let height = bottom_axis(
        &mut svg,
        &scale,
        (left, plot),
        (plot_top, y),
        lang,
        &axis_label,
    );
    Drawing {
        body: svg.finish(),
        height,
    }
}

/// A row's label across the whole width from `y`; returns the y under it.
fn row_label(svg: &mut Svg, row: &Row, y: f64) -> f64 {
    let class = if row.highlighted {
        "chart-label chart-highlighted"
    } else {
        "chart-label"
    };
    full_width_text(svg, class, &row.label, LABEL_FONT, 3.0, y)
}

/// The annotations of a row, under its bars from `y`; returns the y under them.
fn row_notes(svg: &mut Svg, notes: &[Annotation], row: &Row, y: f64) -> f64 {
    let mut y = y;
    for note in notes {
        if let Annotation::Row(id, text) = note
            && *id == row.id
        {
            let lines = wrap(text, MIN_WIDTH, SMALL_FONT, 4);
            svg.text(
                "chart-annotation",
                X::at(0.0),
                y + SMALL_FONT + 2.0,
                SMALL_FONT,
                Anchor::Start,
                &lines,
            );
            y += lines.len() as f64 * line_height(SMALL_FONT) + 4.0;
        }
    }
    y
}

fn bar_row(
    svg: &mut Svg,
    data: &ChartData,
    row: &Row,
    at: &dyn Fn(f64) -> f64,
    y: f64,
    lang: &str,
) -> f64 {
    let grouped = data.measures.len() > 1;
    let bar_height = if grouped { 13.0 } else { 18.0 };
    let mut y = y;
    for (i, value) in row.values.iter().enumerate() {
        let Some(value) = *value else {
            y += bar_height + 2.0;
            continue;
        };
        let (zero, end) = (at(0.0), at(value));
        let measure = &data.measures[i];
        let tip = format!("{}: {}", row.label, with_unit(value, &measure.unit, lang));
        let class = format!("chart-bar {}", color_class(data, Some(row), i));
        svg.rect(
            &class,
            zero.min(end),
            y,
            (end - zero).abs(),
            bar_height,
            Some(&tip),
        );
        let (anchor, dx) = if value < 0.0 {
            (Anchor::End, -5.0)
        } else {
            (Anchor::Start, 5.0)
        };
        let class = if row.highlighted {
            "chart-value chart-highlighted"
        } else {
            "chart-value"
        };
        let text_y = y + bar_height / 2.0 + VALUE_FONT * 0.35;
        svg.text(
            class,
            X::at(end).plus(dx),
            text_y,
            VALUE_FONT,
            anchor,
            &[number(value, lang)],
        );
        y += bar_height + 2.0;
    }
    y
}

fn dot_row(
    svg: &mut Svg,
    data: &ChartData,
    row: &Row,
    at: &dyn Fn(f64) -> f64,
    (axis_min, axis_max): (f64, f64),
    y: f64,
    lang: &str,
) -> f64 {
    let cy = y + 9.0;
    svg.line(
        "chart-track",
        (X::at(at(axis_min)), cy),
        (X::at(at(axis_max)), cy),
    );
    let present: Vec<(usize, f64)> = row
        .values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|v| (i, v)))
        .collect();
    let low = present.iter().min_by(|a, b| a.1.total_cmp(&b.1)).copied();
    let high = present.iter().max_by(|a, b| a.1.total_cmp(&b.1)).copied();
    let (Some(low), Some(high)) = (low, high) else {
        return y + 18.0;
    };
    if high.1 > low.1 {
        svg.line(
            "chart-range",
            (X::at(at(low.1)), cy),
            (X::at(at(high.1)), cy),
        );
    }
    for (i, value) in &present {
        let tip = format!(
            "{}, {}: {}",
            row.label,
            data.measures[*i].label,
            with_unit(*value, &data.measures[*i].unit, lang)
        );
        let class = format!("chart-dot {}", color_class(data, Some(row), *i));
        svg.circle(&class, at(*value), cy, 6.0, Some(&tip));
    }
    let class = if row.highlighted {
        "chart-value chart-highlighted"
    } else {
        "chart-value"
    };
    let text_y = cy + VALUE_FONT * 0.35;
    if high.1 > low.1 {
        svg.text(
            class,
            X::at(at(low.1)).plus(-10.0),
            text_y,
            VALUE_FONT,
            Anchor::End,
            &[number(low.1, lang)],
        );
    }
    svg.text(
        class,
        X::at(at(high.1)).plus(10.0),
        text_y,
        VALUE_FONT,
        Anchor::Start,
        &[number(high.1, lang)],
    );
    y + 18.0
}
