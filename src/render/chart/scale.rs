//! Axes: "nice" ticks for numbers (steps of 1, 2 or 5 × 10^n, the axis ending on a tick at or
//! just past the data) and calendar ticks for dates (months, quarters, years).

use jiff::civil::Date;

use crate::render::chart::text::{MIN_WIDTH, text_width};
use crate::render::numbers::format_number;

/// A numeric axis: its ends (both on ticks) and its ticks, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Scale {
    /// The value at the start of the axis.
    pub min: f64,
    /// The value at the end of the axis.
    pub max: f64,
    /// The tick values, from `min` to `max`.
    pub ticks: Vec<f64>,
    /// Decimals needed to write every tick.
    pub decimals: usize,
}

impl Scale {
    /// Where `value` falls on the axis, from 0 (start) to 1 (end).
    pub fn fraction(&self, value: f64) -> f64 {
        let span = self.max - self.min;
        if span <= 0.0 {
            return 0.0;
        }
        ((value - self.min) / span).clamp(0.0, 1.0)
    }

    /// A tick written the language's way.
    pub fn label(&self, value: f64, lang: &str) -> String {
        format_number(value, lang, self.decimals)
    }
}

/// The most intervals an axis gets, however wide the chart.
const MAX_INTERVALS: usize = 6;
/// The least space between two tick labels, in pixels.
const TICK_GAP: f64 = 10.0;

/// A nice axis covering `low..=high` (zero included when `zero_based`), with as many intervals
/// as fit `plot_share` of the narrowest chart without their labels (at `font` px) overlapping.
pub fn nice_scale(
    low: f64,
    high: f64,
    zero_based: bool,
    lang: &str,
    plot_share: f64,
    font: f64,
) -> Scale {
    let (mut low, mut high) = if low <= high {
        (low, high)
    } else {
        (high, low)
    };
    if zero_based {
        low = low.min(0.0);
        high = high.max(0.0);
    }
    if !(low.is_finite() && high.is_finite()) {
        return unit_scale();
    }
    if high - low <= f64::EPSILON * high.abs().max(1.0) {
        // One value (or none): an axis from zero, or around the value.
        if high == 0.0 {
            return unit_scale();
        }
        if zero_based || low > 0.0 {
            low = low.min(0.0);
            high = high.max(0.0);
        } else {
            low -= high.abs().max(1.0);
            high += high.abs().max(1.0);
        }
    }
    let plot = MIN_WIDTH * plot_share.clamp(0.1, 1.0);
    let mut fallback = None;
    for step in candidate_steps(high - low) {
        let scale = scale_with_step(low, high, step);
        let intervals = scale.ticks.len().saturating_sub(1);
        if intervals > MAX_INTERVALS {
            continue;
        }
        let widest = scale
            .ticks
            .iter()
            .map(|t| text_width(&scale.label(*t, lang), font))
            .fold(0.0, f64::max);
        if intervals == 0 || plot / intervals as f64 >= widest + TICK_GAP {
            return scale;
        }
        fallback.get_or_insert(scale);
    }
    fallback.unwrap_or_else(unit_scale)
}

fn unit_scale() -> Scale {
    Scale {
        min: 0.0,
        max: 1.0,
        ticks: vec![0.0, 0.5, 1.0],
        decimals: 1,
    }
}

/// Steps of 1, 2 and 5 × 10^n, from the one that cuts `span` into about 20 parts upwards.
fn candidate_steps(span: f64) -> impl Iterator<Item = f64> {
    let start = (span / 20.0).log10().floor() as i32;
    (start..start + 8).flat_map(|power| [1.0, 2.0, 5.0].map(move |m| m * 10f64.powi(power)))
}

/// The axis from the tick at or below `low` to the tick at or above `high`, every `step`.
fn scale_with_step(low: f64, high: f64, step: f64) -> Scale {
    let decimals = decimals_of(step);
    // Ticks are whole multiples of the step, rounded to its decimals, so that 0.1 + 0.2 never
    // shows as 0.30000000000000004.
    let round = |v: f64| {
        let factor = 10f64.powi(decimals as i32);
        (v * factor).round() / factor
    };
    // A value on a tick (or a hair off it, from floating point) ends the axis there.
    let first = (low / step + 1e-9).floor() as i64;
    let last = (high / step - 1e-9).ceil() as i64;
    let ticks: Vec<f64> = (first..=last).map(|i| round(i as f64 * step)).collect();
    Scale {
        min: round(first as f64 * step),
        max: round(last as f64 * step),
        ticks,
        decimals,
    }
}

/// How many decimals a step of 1, 2 or 5 × 10^n has.
fn decimals_of(step: f64) -> usize {
    let power = step.log10().floor() as i32;
    usize::try_from(-power).unwrap_or(0)
}

/// Whether `value` is a nice tick step: 1, 2 or 5 times a power of ten.
pub fn is_nice_step(step: f64) -> bool {
    if step <= 0.0 || !step.is_finite() {
        return false;
    }
    let power = 10f64.powf(step.log10().floor());
    let mantissa = step / power;
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .any(|m| (mantissa - m).abs() < 1e-9)
}

/// A calendar tick: the day it marks and how precise its label is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateTick {
    /// The first day of the period the tick marks.
    pub date: Date,
    /// Whether the label names the month (else only the year).
    pub monthly: bool,
}

/// Calendar ticks within `first..=last`: every 1, 3 or 6 months, or every 1, 2, 5, 10… years,
/// the finest whose labels (from `label`) fit the narrowest chart.
pub fn date_ticks(
    first: Date,
    last: Date,
    plot_share: f64,
    font: f64,
    label: impl Fn(DateTick) -> String,
) -> Vec<DateTick> {
    let plot = MIN_WIDTH * plot_share.clamp(0.1, 1.0);
    let span_days = (last - first).get_days().max(1) as f64;
    let steps: [(i32, bool); 10] = [
        (1, true),
        (3, true),
        (6, true),
        (12, false),
        (24, false),
        (60, false),
        (120, false),
        (240, false),
        (600, false),
        (1200, false),
    ];
    let mut last_try = Vec::new();
    for (months, monthly) in steps {
        let ticks = month_ticks(first, last, months, monthly);
        if ticks.is_empty() {
            continue;
        }
        let widest = ticks
            .iter()
            .map(|t| text_width(&label(*t), font))
            .fold(0.0, f64::max);
        let per_tick = plot * (f64::from(months) * 30.44) / span_days;
        if ticks.len() == 1 || per_tick >= widest + TICK_GAP {
            return ticks;
        }
        last_try = ticks;
    }
    last_try
}

/// The first days of every `months`-th month (counted from January) within `first..=last`.
fn month_ticks(first: Date, last: Date, months: i32, monthly: bool) -> Vec<DateTick> {
    let index = |d: Date| i32::from(d.year()) * 12 + i32::from(d.month()) - 1;
    let start = {
        let i = index(first);
        let aligned = i.div_euclid(months) * months;
        if aligned < i {
            aligned + months
        } else {
            aligned
        }
    };
    let start = if index(first) == start && first.day() != 1 {
        start + months
    } else {
        start
    };
    let mut ticks = Vec::new();
    let mut i = start;
    while i <= index(last) && ticks.len() < 400 {
        let year = i.div_euclid(12);
        let month = i.rem_euclid(12) + 1;
        if let (Ok(year), Ok(month)) = (i16::try_from(year), i8::try_from(month))
            && let Ok(date) = Date::new(year, month, 1)
        {
            ticks.push(DateTick { date, monthly });
        }
        i += months;
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scale(low: f64, high: f64) -> Scale {
        nice_scale(low, high, true, "en", 1.0, 12.0)
    }

    #[test]
    fn ticks_are_nice_and_cover_the_data() {
        let s = scale(0.0, 11.5);
        assert_eq!(s.ticks, [0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0]);
        let s = scale(0.0, 2250.0);
        assert_eq!(s.ticks, [0.0, 500.0, 1000.0, 1500.0, 2000.0, 2500.0]);
        let s = scale(0.0, 4.8);
        assert_eq!(s.ticks, [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        let s = scale(0.0, 8.0);
        assert_eq!(s.max, 8.0);
        let s = scale(0.0, 0.3);
        assert_eq!(s.ticks, [0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
        assert_eq!(s.label(0.15, "it"), "0,15");
    }

    #[test]
    fn negative_and_single_values() {
        let s = scale(-3.0, 7.0);
        assert!(s.min <= -3.0 && s.max >= 7.0 && s.ticks.contains(&0.0));
        let s = scale(5.0, 5.0);
        assert!(s.min == 0.0 && s.max >= 5.0);
        let s = nice_scale(190.0, 4500.0, false, "en", 1.0, 12.0);
        assert!(s.min <= 190.0 && s.max >= 4500.0);
    }

    #[test]
    fn wide_labels_get_fewer_ticks() {
        let s = nice_scale(0.0, 1_234_567.0, true, "it", 0.5, 12.0);
        let intervals = s.ticks.len() - 1;
        let widest = s
            .ticks
            .iter()
            .map(|t| text_width(&s.label(*t, "it"), 12.0))
            .fold(0.0, f64::max);
        assert!(MIN_WIDTH * 0.5 / intervals as f64 >= widest + TICK_GAP);
        for pair in s.ticks.windows(2) {
            assert!(is_nice_step(pair[1] - pair[0]), "{s:?}");
        }
    }

    #[test]
    fn date_ticks_follow_the_span() {
        let d = |y, m, day| Date::new(y, m, day).expect("a date");
        let label = |t: DateTick| {
            if t.monthly {
                format!("{:02} {}", t.date.month(), t.date.year())
            } else {
                t.date.year().to_string()
            }
        };
        let ticks = date_ticks(d(2023, 9, 25), d(2024, 11, 22), 1.0, 12.0, label);
        assert!(
            ticks
                .iter()
                .all(|t| t.date >= d(2023, 9, 25) && t.date <= d(2024, 11, 22))
        );
        assert!(ticks.len() >= 2);
        let years = date_ticks(d(1994, 1, 1), d(2024, 1, 1), 1.0, 12.0, label);
        assert!(years.iter().all(|t| !t.monthly && t.date.month() == 1));
    }
}
