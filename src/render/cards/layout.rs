//! Fitting a card's text in its box: measured with the font the card is drawn with, wrapped at
//! spaces (or between any two characters for a word longer than a line, as in scripts written
//! without spaces), shrunk step by step, and cut with an ellipsis only when even the smallest
//! size cannot hold it all.

use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// The title's sizes, largest first, in pixels.
pub const TITLE_SIZES: [f32; 7] = [68.0, 60.0, 54.0, 48.0, 42.0, 38.0, 34.0];

/// Baseline-to-baseline distance, as a multiple of the font size.
pub const LINE_HEIGHT: f32 = 1.2;

/// Measures text in one font face.
pub struct Measure<'a> {
    font: FontRef<'a>,
}

impl<'a> Measure<'a> {
    /// A measure of the face at `index` of the font file `data`; `None` if it cannot be read.
    pub fn new(data: &'a [u8], index: u32) -> Option<Self> {
        FontRef::from_index(data, index)
            .ok()
            .map(|font| Self { font })
    }

    /// The advance width of `text` at `size` pixels. Kerning is left out: it only ever narrows
    /// a line, so the measure errs on the safe side.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.font.charmap();
        let metrics = self
            .font
            .glyph_metrics(Size::new(size), LocationRef::default());
        text.chars()
            .map(|c| {
                let glyph = charmap.map(c).unwrap_or_default();
                metrics.advance_width(glyph).unwrap_or(size * 0.6)
            })
            .sum()
    }
}

/// The title laid out: its size and lines.
#[derive(Debug, Clone, PartialEq)]
pub struct TitleLayout {
    /// Font size in pixels.
    pub size: f32,
    /// The lines, in order.
    pub lines: Vec<String>,
}

/// Lays `text` out in a box `width` × `height` pixels, at the largest size of [`TITLE_SIZES`]
/// (from `start` on) at which it fits whole; at the smallest, the lines that fit, the last one
/// ending with `…`.
pub fn fit_title(
    text: &str,
    measure: &Measure<'_>,
    width: f32,
    height: f32,
    start: usize,
) -> TitleLayout {
    let sizes = TITLE_SIZES.get(start..).unwrap_or(&[]);
    for &size in sizes {
        let lines = wrap(text, measure, width, size);
        if lines.len() as f32 * size * LINE_HEIGHT <= height {
            return TitleLayout { size, lines };
        }
    }
    let size = TITLE_SIZES[TITLE_SIZES.len() - 1];
    let most = ((height / (size * LINE_HEIGHT)).floor() as usize).max(1);
    let mut lines = wrap(text, measure, width, size);
    if lines.len() > most {
        lines.truncate(most);
        if let Some(last) = lines.last_mut() {
            *last = with_ellipsis(last, measure, width, size);
        }
    }
    TitleLayout { size, lines }
}

/// `text` on one line of `width` at `size`, cut with `…` if it is longer.
pub fn fit_line(text: &str, measure: &Measure<'_>, width: f32, size: f32) -> String {
    if measure.width(text, size) <= width {
        text.to_string()
    } else {
        with_ellipsis(text, measure, width, size)
    }
}

/// `line` shortened until it and a final `…` fit in `width`.
fn with_ellipsis(line: &str, measure: &Measure<'_>, width: f32, size: f32) -> String {
    let mut chars: Vec<char> = line.chars().collect();
    loop {
        let candidate: String = chars.iter().collect::<String>().trim_end().to_string() + "…";
        if chars.is_empty() || measure.width(&candidate, size) <= width {
            return candidate;
        }
        chars.pop();
    }
}

/// Greedy wrapping at spaces; a word wider than a line is broken between characters.
pub fn wrap(text: &str, measure: &Measure<'_>, width: f32, size: f32) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() {
            word.to_string()
        } else {
            format!("{line} {word}")
        };
        if measure.width(&joined, size) <= width {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            let mut longer = line.clone();
            longer.push(c);
            if !line.is_empty() && measure.width(&longer, size) > width {
                lines.push(std::mem::take(&mut line));
                line.push(c);
            } else {
                line = longer;
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}
