//! Text in charts: an estimate of how wide a text is, and how it wraps.
//!
//! Charts are drawn at build time, before any browser lays the text out, so widths are estimated:
//! 0.62 em per character, a little more than the average of the system sans-serif fonts the
//! theme uses (digits are 0.55 em in most of them). Over-estimating costs some white space;
//! under-estimating would let labels overlap. Every layout decision is taken at the narrowest
//! width a chart is drawn at ([`MIN_WIDTH`]): horizontal positions are percentages of the
//! chart's width and sizes are pixels, so a layout whose texts do not overlap there does not
//! overlap at any wider size.

/// The narrowest a chart is drawn (a 320 px screen less the page's margins), in pixels.
pub const MIN_WIDTH: f64 = 288.0;

/// Width of a character, in em: the estimate every layout uses.
pub const EM_PER_CHAR: f64 = 0.62;

/// The estimated width of `text` at `font` pixels.
pub fn text_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * EM_PER_CHAR * font
}

/// `text` cut into lines no wider than `width` px at `font` px, breaking between words; a word
/// longer than a line is cut. At most `max_lines` lines: the last ends with `…` when text is left.
pub fn wrap(text: &str, width: f64, font: f64, max_lines: usize) -> Vec<String> {
    let per_line = ((width / (EM_PER_CHAR * font)).floor() as usize).max(1);
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        loop {
            let used = current.chars().count();
            let room = if used == 0 {
                per_line
            } else {
                per_line.saturating_sub(used + 1)
            };
            if word.len() <= room {
                if used > 0 {
                    current.push(' ');
                }
                current.extend(word.iter());
                break;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut current));
                continue;
            }
            let rest = word.split_off(per_line.min(word.len()));
            lines.push(word.iter().collect());
            word = rest;
            if word.is_empty() {
                break;
            }
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            let mut chars: Vec<char> = last.chars().collect();
            chars.truncate(per_line.saturating_sub(1));
            *last = chars.into_iter().collect::<String>().trim_end().to_string() + "…";
        }
    }
    if lines.is_empty() {
        lines.push(String::new());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_every_line_within_the_width() {
        let text = "Nvidia H100 SXM with a rather long name that will not fit on one line";
        let lines = wrap(text, 120.0, 14.0, 9);
        assert!(lines.len() > 1);
        for line in &lines {
            assert!(text_width(line, 14.0) <= 120.0, "{line}");
        }
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn too_many_lines_end_with_an_ellipsis_and_long_words_are_cut() {
        let lines = wrap("a b c d e f g h", 10.0, 14.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'));
        let lines = wrap("Supercalifragilistic", 50.0, 14.0, 9);
        assert!(lines.iter().all(|l| text_width(l, 14.0) <= 50.0));
    }
}
