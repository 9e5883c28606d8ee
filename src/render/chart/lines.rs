//! Lines over an x axis of dates (written the language's way) or numbers: one line per measure,
//! a dot on every point, the last value written after the line's end (moved apart vertically
//! when two ends are close), and annotations on dates as dashed lines with their text above the
//! plot.

use crate::render::chart::Annotation;
use crate::render::chart::axis::{
    SMALL_FONT, VALUE_FONT, annotation_band, edge_anchor, gutter, left_axis, line_height,
};
use crate::render::chart::bars::{Drawing, color_class};
use crate::render::chart::columns::value_axis_label;
use crate::render::chart::format::{number, tick_text, with_unit};
use crate::render::chart::scale::{date_ticks, nice_scale};
use crate::render::chart::select::{ChartData, XValue, x_text};
use crate::render::chart::svg::{Anchor, Svg, X};
use crate::render::chart::text::{MIN_WIDTH, text_width, wrap};

/// The height of the plot, in pixels.
const PLOT_HEIGHT: f64 = 200.0;
/// The least vertical distance between two end labels, in pixels.
const END_GAP: f64 = 15.0;

/// Draws lines.
pub fn draw(data: &ChartData, lang: &str, notes: &[Annotation]) -> Drawing {
    let positions: Vec<f64> = data
        .rows
        .iter()
        .filter_map(|r| r.x.map(|x| x.position()))
        .collect();
    let first = positions.iter().copied().fold(f64::INFINITY, f64::min);
    let mut last = positions.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if last <= first {
        last = first + 1.0;
    }
    let values: Vec<f64> = data
        .rows
        .iter()
        .flat_map(|r| r.values.iter().flatten().copied())
        .collect();
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let zero_based = lo >= 0.0 && lo <= hi / 2.0;
    let scale = nice_scale(lo, hi, zero_based, lang, 1.0, SMALL_FONT);
    let left = gutter(&scale, lang);
    let ends: Vec<(usize, f64, f64)> = last_points(data);
    let widest_end = ends
        .iter()
        .map(|(_, _, v)| text_width(&number(*v, lang), VALUE_FONT))
        .fold(0.0, f64::max);
    let right = (10.0 + widest_end) / MIN_WIDTH;
    let plot = (1.0 - left - right).max(0.3);
    let at_x = |p: f64| left + (p - first) / (last - first) * plot;
    let mut svg = Svg::default();
    let band: Vec<(f64, String)> = notes
        .iter()
        .filter_map(|n| match n {
            Annotation::X(p, text) => Some((at_x(*p), text.clone())),
            Annotation::Value(v, text) => Some((left, format!("{}: {text}", number(*v, lang)))),
            Annotation::Row(..) => None,
        })
        .collect();
    let mut y = annotation_band(&mut svg, &band, 4.0);
    y = value_axis_label(&mut svg, data, y);
    let top = y + 8.0;
    let bottom = top + PLOT_HEIGHT;
    let at_y = |v: f64| bottom - scale.fraction(v) * PLOT_HEIGHT;
    left_axis(&mut svg, &scale, (left, left + plot), (top, bottom), lang);
    annotation_lines(&mut svg, notes, (&at_x, &at_y), (left, plot), (y, bottom));
    draw_lines(&mut svg, data, lang, &at_x, &at_y);
    end_labels(&mut svg, data, lang, &ends, (&at_x, &at_y), (top, bottom));
    let height = x_ticks(&mut svg, data, lang, (first, last), (left, plot), bottom);
    Drawing {
        body: svg.finish(),
        height,
    }
}

/// The dashed lines of annotations: down the plot from `y` at a date or number, across it at a
/// value.
fn annotation_lines(
    svg: &mut Svg,
    notes: &[Annotation],
    (at_x, at_y): (&dyn Fn(f64) -> f64, &dyn Fn(f64) -> f64),
    (left, plot): (f64, f64),
    (y, bottom): (f64, f64),
) {
    for note in notes {
        match note {
            Annotation::X(p, _) => {
                let x = X::at(at_x(*p));
                svg.line("chart-annotation-line", (x, y - 2.0), (x, bottom));
            }
            Annotation::Value(v, _) => {
                svg.line(
                    "chart-annotation-line",
                    (X::at(left), at_y(*v)),
                    (X::at(left + plot), at_y(*v)),
                );
            }
            Annotation::Row(..) => {}
        }
    }
}

/// Each measure's last point: (measure, position, value).
fn last_points(data: &ChartData) -> Vec<(usize, f64, f64)> {
    (0..data.measures.len())
        .filter_map(|i| {
            data.rows.iter().rev().find_map(|row| {
                let value = row.values.get(i).copied().flatten()?;
                Some((i, row.x?.position(), value))
            })
        })
        .collect()
}

fn draw_lines(
    svg: &mut Svg,
    data: &ChartData,
    lang: &str,
    at_x: &dyn Fn(f64) -> f64,
    at_y: &dyn Fn(f64) -> f64,
) {
    for (i, measure) in data.measures.iter().enumerate() {
        let class = color_class(data, None, i);
        let points: Vec<(f64, f64, String)> = data
            .rows
            .iter()
            .filter_map(|row| {
                let value = row.values.get(i).copied().flatten()?;
                let x = row.x?;
                let tip = format!(
                    "{}: {}",
                    x_text(&x, lang),
                    with_unit(value, &measure.unit, lang)
                );
                Some((at_x(x.position()), at_y(value), tip))
            })
            .collect();
        for pair in points.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            svg.line(
                &format!("chart-line {class}"),
                (X::at(a.0), a.1),
                (X::at(b.0), b.1),
            );
        }
        for (x, y, tip) in &points {
            svg.circle(&format!("chart-point {class}"), *x, *y, 3.5, Some(tip));
        }
    }
}

/// The last value of each line after its end, moved apart so that no two overlap.
fn end_labels(
    svg: &mut Svg,
    data: &ChartData,
    lang: &str,
    ends: &[(usize, f64, f64)],
    (at_x, at_y): (&dyn Fn(f64) -> f64, &dyn Fn(f64) -> f64),
    (top, bottom): (f64, f64),
) {
    let mut placed: Vec<(f64, f64, String, usize)> = ends
        .iter()
        .map(|(i, p, v)| (at_x(*p), at_y(*v) + VALUE_FONT * 0.35, number(*v, lang), *i))
        .collect();
    placed.sort_by(|a, b| a.1.total_cmp(&b.1));
    for k in 1..placed.len() {
        let floor = placed[k - 1].1 + END_GAP;
        if placed[k].1 < floor {
            placed[k].1 = floor;
        }
    }
    let overflow = placed
        .last()
        .map_or(0.0, |p| (p.1 - (bottom + VALUE_FONT)).max(0.0));
    for (x, y, text, i) in placed {
        let y = (y - overflow).max(top);
        let class = if data.highlighted_measures.contains(&i) {
            "chart-value chart-highlighted"
        } else {
            "chart-value"
        };
        svg.text(
            class,
            X::at(x).plus(8.0),
            y,
            VALUE_FONT,
            Anchor::Start,
            &[text],
        );
    }
}

/// Ticks under the plot: calendar ticks for dates, nice numbers otherwise. Returns the y under.
fn x_ticks(
    svg: &mut Svg,
    data: &ChartData,
    lang: &str,
    (first, last): (f64, f64),
    (left, plot): (f64, f64),
    bottom: f64,
) -> f64 {
    let at_x = |p: f64| left + (p - first) / (last - first) * plot;
    svg.line(
        "chart-axis",
        (X::at(left), bottom),
        (X::at(left + plot), bottom),
    );
    let dates = data.x.as_ref().is_some_and(|x| x.dates);
    let ticks: Vec<(f64, String)> = if dates {
        let day = |p: f64| {
            jiff::civil::date(1970, 1, 1)
                .checked_add(jiff::Span::new().days(p as i64))
                .unwrap_or_default()
        };
        date_ticks(day(first), day(last), plot, SMALL_FONT, |t| {
            tick_text(t, lang)
        })
        .into_iter()
        .map(|t| {
            let p = XValue::Date(crate::resolve::data::PartialDate::Day(t.date)).position();
            (p, tick_text(t, lang))
        })
        .collect()
    } else {
        let scale = nice_scale(first, last, false, lang, plot, SMALL_FONT);
        scale
            .ticks
            .iter()
            .filter(|t| **t >= first && **t <= last)
            .map(|t| (*t, scale.label(*t, lang)))
            .collect()
    };
    let y = bottom + SMALL_FONT + 6.0;
    for (p, label) in ticks {
        let share = at_x(p);
        svg.line(
            "chart-tick-mark",
            (X::at(share), bottom),
            (X::at(share), bottom + 4.0),
        );
        let (anchor, _) = edge_anchor(share, text_width(&label, SMALL_FONT));
        svg.text("chart-tick", X::at(share), y, SMALL_FONT, anchor, &[label]);
    }
    let mut height = y + 6.0;
    if let Some(axis) = &data.x
        && !axis.dates
    {
        let label = if axis.unit.is_empty() {
            axis.label.clone()
        } else {
            format!("{} ({})", axis.label, axis.unit)
        };
        let lines = wrap(&label, MIN_WIDTH, SMALL_FONT, 2);
        svg.text(
            "chart-axis-label",
            X::at(left + plot),
            height + SMALL_FONT,
            SMALL_FONT,
            Anchor::End,
            &lines,
        );
        height += lines.len() as f64 * line_height(SMALL_FONT) + 6.0;
    }
    height
}
