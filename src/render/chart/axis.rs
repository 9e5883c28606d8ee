//! Axes and annotation bands shared by every chart type. Tick labels are anchored so that none
//! crosses the chart's edges at its narrowest width, and [`crate::render::chart::scale`] picks
//! ticks far enough apart that none overlaps the next.

use crate::render::chart::scale::Scale;
use crate::render::chart::svg::{Anchor, Svg, X};
use crate::render::chart::text::{MIN_WIDTH, text_width, wrap};

/// `text` wrapped across the chart's narrowest width (at most three lines) from `y`, its first
/// baseline one font size down; returns the y `gap` under its last line.
pub fn full_width_text(svg: &mut Svg, class: &str, text: &str, font: f64, gap: f64, y: f64) -> f64 {
    let lines = wrap(text, MIN_WIDTH, font, 3);
    svg.text(class, X::at(0.0), y + font, font, Anchor::Start, &lines);
    // The height is summed before it moves `y`: the order of float additions decides the last
    // digits of the coordinates written.
    y + (lines.len() as f64 * line_height(font) + gap)
}

/// Font sizes, in pixels.
pub const LABEL_FONT: f64 = 14.0;
/// Values written beside bars and dots.
pub const VALUE_FONT: f64 = 13.0;
/// Ticks, axis labels, annotations.
pub const SMALL_FONT: f64 = 12.0;
/// Height of one line of text at a font size.
pub fn line_height(font: f64) -> f64 {
    (font * 1.25).round()
}

/// How a centred text at `share` of the width is anchored so that it stays within the chart at
/// its narrowest.
pub fn edge_anchor(share: f64, width: f64) -> (Anchor, f64) {
    let at = share * MIN_WIDTH;
    if at - width / 2.0 < 0.0 {
        (Anchor::Start, 0.0)
    } else if at + width / 2.0 > MIN_WIDTH {
        (Anchor::End, 0.0)
    } else {
        (Anchor::Middle, 0.0)
    }
}

/// A horizontal value axis under the plot (bars, dots): gridlines from `top` down to `axis_y`,
/// the axis line, tick labels and the axis label (the measure and its unit, written once).
/// `left` and `plot` are shares of the width. Returns the y under the last text.
pub fn bottom_axis(
    svg: &mut Svg,
    scale: &Scale,
    (left, plot): (f64, f64),
    (top, axis_y): (f64, f64),
    lang: &str,
    axis_label: &str,
) -> f64 {
    let at = |v: f64| left + scale.fraction(v) * plot;
    for tick in &scale.ticks {
        let x = X::at(at(*tick));
        let class = if *tick == 0.0 {
            "chart-zero"
        } else {
            "chart-grid"
        };
        svg.line(class, (x, top), (x, axis_y));
    }
    svg.line(
        "chart-axis",
        (X::at(left), axis_y),
        (X::at(left + plot), axis_y),
    );
    let tick_y = axis_y + SMALL_FONT + 4.0;
    for tick in &scale.ticks {
        let label = scale.label(*tick, lang);
        let (anchor, _) = edge_anchor(at(*tick), text_width(&label, SMALL_FONT));
        svg.text(
            "chart-tick",
            X::at(at(*tick)),
            tick_y,
            SMALL_FONT,
            anchor,
            &[label],
        );
    }
    if axis_label.is_empty() {
        return tick_y + 4.0;
    }
    let lines = wrap(axis_label, MIN_WIDTH * (1.0 - left), SMALL_FONT, 3);
    let label_y = tick_y + line_height(SMALL_FONT) + 4.0;
    let count = lines.len() as f64;
    svg.text(
        "chart-axis-label",
        X::at(left),
        label_y,
        SMALL_FONT,
        Anchor::Start,
        &lines,
    );
    label_y + (count - 1.0) * line_height(SMALL_FONT) + 6.0
}

/// A vertical value axis at the left (columns, lines): the tick labels right-aligned in the
/// `gutter` (a share of the width), a gridline per tick across to `right`, between `top` (the
/// scale's max) and `bottom` (its min). Returns where a value is drawn, as a y.
pub fn left_axis(
    svg: &mut Svg,
    scale: &Scale,
    (gutter, right): (f64, f64),
    (top, bottom): (f64, f64),
    lang: &str,
) {
    for tick in &scale.ticks {
        let y = bottom - scale.fraction(*tick) * (bottom - top);
        let class = if *tick == 0.0 {
            "chart-zero"
        } else {
            "chart-grid"
        };
        svg.line(class, (X::at(gutter), y), (X::at(right), y));
        svg.text(
            "chart-tick",
            X::at(gutter).plus(-6.0),
            y + SMALL_FONT * 0.35,
            SMALL_FONT,
            Anchor::End,
            &[scale.label(*tick, lang)],
        );
    }
}

/// The share of the width the left axis's tick labels need.
pub fn gutter(scale: &Scale, lang: &str) -> f64 {
    let widest = scale
        .ticks
        .iter()
        .map(|t| text_width(&scale.label(*t, lang), SMALL_FONT))
        .fold(0.0, f64::max);
    ((widest + 10.0) / MIN_WIDTH).min(0.4)
}

/// Annotation texts above a plot, each on lines of its own (so none overlaps another), starting
/// at `y`: each at its share of the width, beside a marker drawn by the caller. Returns the y
/// under the band.
pub fn annotation_band(svg: &mut Svg, notes: &[(f64, String)], y: f64) -> f64 {
    let mut y = y;
    for (share, text) in notes {
        let room_right = MIN_WIDTH * (1.0 - share) - 4.0;
        let room_left = MIN_WIDTH * share - 4.0;
        let (anchor, room, dx) =
            if text_width(text, SMALL_FONT) <= room_right || room_right >= room_left {
                (Anchor::Start, room_right, 4.0)
            } else {
                (Anchor::End, room_left, -4.0)
            };
        let lines = wrap(text, room.max(SMALL_FONT * 4.0), SMALL_FONT, 4);
        let first = y + SMALL_FONT;
        svg.text(
            "chart-annotation",
            X::at(*share).plus(dx),
            first,
            SMALL_FONT,
            anchor,
            &lines,
        );
        y = first + (lines.len() as f64 - 1.0) * line_height(SMALL_FONT) + 6.0;
    }
    y
}
