//! Vertical columns (one field, or grouped fields): one slot per row, from left to right. A
//! value is written above its column only when it fits the column at the chart's narrowest;
//! the labels under the slots wrap to the slot's width, and when even a word does not fit, only
//! every n-th slot is labelled (every value is in the table).

use crate::render::chart::Annotation;
use crate::render::chart::axis::{
    SMALL_FONT, annotation_band, full_width_text, gutter, left_axis, line_height,
};
use crate::render::chart::bars::{Drawing, color_class};
use crate::render::chart::format::{number, tick_text, with_unit};
use crate::render::chart::scale::{DateTick, nice_scale};
use crate::render::chart::select::{ChartData, Row, XValue, x_text};
use crate::render::chart::svg::{Anchor, Svg, X};
use crate::render::chart::text::{MIN_WIDTH, text_width, wrap};

/// The height of the plot, in pixels.
const PLOT_HEIGHT: f64 = 180.0;

/// A slot's label: a row's name, or its x value (a date as its month and year).
fn slot_label(row: &Row, lang: &str) -> String {
    match row.x {
        Some(XValue::Date(date)) => {
            let start = date.start();
            let monthly = !matches!(date, crate::resolve::data::PartialDate::Year(_));
            tick_text(
                DateTick {
                    date: start,
                    monthly,
                },
                lang,
            )
        }
        Some(x) => x_text(&x, lang),
        None => row.label.clone(),
    }
}

/// Draws columns.
pub fn draw(data: &ChartData, lang: &str, notes: &[Annotation]) -> Drawing {
    let values: Vec<f64> = data
        .rows
        .iter()
        .flat_map(|r| r.values.iter().flatten().copied())
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let scale = nice_scale(lo, hi, true, lang, 1.0, SMALL_FONT);
    let left = gutter(&scale, lang);
    let plot = 1.0 - left;
    let slots = data.rows.len().max(1) as f64;
    let slot = plot / slots;
    let measures = data.measures.len().max(1) as f64;
    let column = slot * 0.8 / measures;
    let widest = values
        .iter()
        .map(|v| text_width(&number(*v, lang), SMALL_FONT))
        .fold(0.0, f64::max);
    let show_values = widest + 2.0 <= column * MIN_WIDTH;
    let mut svg = Svg::default();
    let band = annotation_places(data, lang, notes, (left, slot));
    let mut y = annotation_band(&mut svg, &band, 4.0);
    y = value_axis_label(&mut svg, data, y);
    let top = y + if show_values { SMALL_FONT + 4.0 } else { 4.0 };
    let bottom = top + PLOT_HEIGHT;
    let at_y = |v: f64| bottom - scale.fraction(v) * PLOT_HEIGHT;
    left_axis(&mut svg, &scale, (left, 1.0), (top, bottom), lang);
    for (share, _) in &band {
        svg.line(
            "chart-annotation-line",
            (X::at(*share), y - 2.0),
            (X::at(*share), bottom),
        );
    }
    for (j, row) in data.rows.iter().enumerate() {
        let x = left + slot * (j as f64 + 0.1);
        draw_row(&mut svg, data, row, (x, column), &at_y, lang, show_values);
    }
    let height = slot_labels(&mut svg, data, lang, (left, slot), bottom);
    Drawing {
        body: svg.finish(),
        height,
    }
}

/// Where the annotations of rows and values go across the chart, with their text: a row's over
/// the centre of its slot, a value's at the axis.
fn annotation_places(
    data: &ChartData,
    lang: &str,
    notes: &[Annotation],
    (left, slot): (f64, f64),
) -> Vec<(f64, String)> {
    let centre = |j: usize| left + slot * (j as f64 + 0.5);
    notes
        .iter()
        .filter_map(|n| match n {
            Annotation::Row(id, text) => data
                .rows
                .iter()
                .position(|r| &r.id == id)
                .map(|j| (centre(j), text.clone())),
            Annotation::Value(v, text) => Some((left, format!("{}: {text}", number(*v, lang)))),
            Annotation::X(..) => None,
        })
        .collect()
}

/// The label of the value axis (the measure with its unit, or the unit the measures share),
/// written above the plot from `y`; returns the y under it.
pub(super) fn value_axis_label(svg: &mut Svg, data: &ChartData, y: f64) -> f64 {
    let axis_label = if data.measures.len() == 1 {
        data.measures[0].label_with_unit()
    } else {
        data.unit().to_string()
    };
    if axis_label.is_empty() {
        return y;
    }
    full_width_text(svg, "chart-axis-label", &axis_label, SMALL_FONT, 4.0, y)
}

/// The columns of one row, side by side from `x`, each `column` wide; with its value above (or
/// under, if negative) when `show_values`.
fn draw_row(
    svg: &mut Svg,
    data: &ChartData,
    row: &Row,
    (x, column): (f64, f64),
    at_y: &dyn Fn(f64) -> f64,
    lang: &str,
    show_values: bool,
) {
    for (i, value) in row.values.iter().enumerate() {
        let Some(value) = *value else { continue };
        let x = x + column * i as f64;
        let (zero, end) = (at_y(0.0), at_y(value));
        let tip = format!(
            "{}: {}",
            row.label,
            with_unit(value, &data.measures[i].unit, lang)
        );
        let class = format!("chart-bar {}", color_class(data, Some(row), i));
        svg.rect(
            &class,
            x,
            zero.min(end),
            column,
            (end - zero).abs(),
            Some(&tip),
        );
        if show_values {
            let y = if value < 0.0 {
                end + SMALL_FONT + 2.0
            } else {
                end - 4.0
            };
            let class = if row.highlighted {
                "chart-value chart-highlighted"
            } else {
                "chart-value"
            };
            svg.text(
                class,
                X::at(x + column / 2.0),
                y,
                SMALL_FONT,
                Anchor::Middle,
                &[number(value, lang)],
            );
        }
    }
}

/// The labels under the slots; returns the y under them.
fn slot_labels(
    svg: &mut Svg,
    data: &ChartData,
    lang: &str,
    (left, slot): (f64, f64),
    bottom: f64,
) -> f64 {
    let slot_px = slot * MIN_WIDTH;
    let labels: Vec<String> = data.rows.iter().map(|r| slot_label(r, lang)).collect();
    let longest_word = labels
        .iter()
        .flat_map(|l| l.split_whitespace())
        .map(|w| text_width(w, SMALL_FONT))
        .fold(0.0, f64::max);
    let every = ((longest_word.min(8.0 * SMALL_FONT) + 6.0) / slot_px)
        .ceil()
        .max(1.0) as usize;
    let room = slot_px * every as f64 - 6.0;
    let mut lowest = bottom;
    for (j, (row, label)) in data.rows.iter().zip(&labels).enumerate() {
        if j % every != 0 {
            continue;
        }
        // Centred on its slot, a label may not cross either edge of the chart.
        let centre = (left + slot * (j as f64 + 0.5)) * MIN_WIDTH;
        let room = room.min(2.0 * centre).min(2.0 * (MIN_WIDTH - centre));
        let lines = wrap(label, room, SMALL_FONT, 3);
        let class = if row.highlighted {
            "chart-label chart-highlighted"
        } else {
            "chart-label"
        };
        let first = bottom + SMALL_FONT + 4.0;
        svg.text(
            class,
            X::at(left + slot * (j as f64 + 0.5)),
            first,
            SMALL_FONT,
            Anchor::Middle,
            &lines,
        );
        lowest = lowest.max(first + (lines.len() as f64 - 1.0) * line_height(SMALL_FONT));
    }
    lowest + 8.0
}
