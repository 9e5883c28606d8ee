//! Writing SVG: horizontal positions are percentages of the chart's width (plus a pixel offset),
//! vertical ones pixels, so that a chart fills any width while its text keeps its size.

use std::fmt::Write;

use crate::markdown::html::push_escaped_html;

/// A horizontal position: a share of the chart's width (0 to 1), then `px` pixels more.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct X {
    /// Share of the width, 0 to 1.
    pub share: f64,
    /// Pixels added after it.
    pub px: f64,
}

impl X {
    /// A share of the width.
    pub fn at(share: f64) -> Self {
        Self { share, px: 0.0 }
    }

    /// The same position moved by `px` pixels.
    pub fn plus(self, px: f64) -> Self {
        Self {
            share: self.share,
            px: self.px + px,
        }
    }
}

/// How a text sits on its x.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Its start is at x.
    Start,
    /// Its middle is at x.
    Middle,
    /// Its end is at x.
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        }
    }
}

/// `42.5%`.
#[cfg(test)]
fn pct(share: f64) -> String {
    let mut out = String::with_capacity(8);
    push_number(&mut out, share * 100.0);
    out.push('%');
    out
}

/// A number for an attribute: at most two decimals.
pub fn px(value: f64) -> String {
    let mut out = String::with_capacity(8);
    push_number(&mut out, value);
    out
}

/// Writes `value` rounded to two decimals, trailing zeros dropped, without float formatting:
/// charts write thousands of coordinates, and this is most of what drawing one costs.
fn push_number(out: &mut String, value: f64) {
    let hundredths = (value * 100.0).round();
    if !hundredths.is_finite() || hundredths.abs() >= 1e15 {
        let _ = write!(out, "{}", (value * 100.0).round() / 100.0);
        return;
    }
    let hundredths = hundredths as i64;
    if hundredths < 0 {
        out.push('-');
    }
    let magnitude = hundredths.unsigned_abs();
    let _ = write!(out, "{}", magnitude / 100);
    let fraction = magnitude % 100;
    if fraction != 0 {
        out.push('.');
        out.push(char::from(b'0' + (fraction / 10) as u8));
        if !fraction.is_multiple_of(10) {
            out.push(char::from(b'0' + (fraction % 10) as u8));
        }
    }
}

/// Writes `value` as a percentage.
fn push_pct(out: &mut String, share: f64) {
    push_number(out, share * 100.0);
    out.push('%');
}

/// An SVG being written.
#[derive(Debug, Default)]
pub struct Svg {
    out: String,
}

impl Svg {
    /// The markup written so far.
    pub fn finish(self) -> String {
        self.out
    }

    /// A text of one or more lines (the first at baseline `y`, each next `line_height` lower).
    pub fn text(&mut self, class: &str, x: X, y: f64, font: f64, anchor: Anchor, lines: &[String]) {
        let _ = write!(self.out, r#"<text class="{class}""#);
        self.position(x, y);
        self.out.push_str(r#" font-size=""#);
        push_number(&mut self.out, font);
        let _ = write!(self.out, r#"" text-anchor="{}">"#, anchor.attr());
        if let [line] = lines {
            push_escaped_html(&mut self.out, line);
        } else {
            let line_height = font * 1.25;
            for (i, line) in lines.iter().enumerate() {
                self.out.push_str("<tspan");
                self.position(x, y + i as f64 * line_height);
                self.out.push('>');
                push_escaped_html(&mut self.out, line);
                // A space ends every line but the last, so that the text reads as it was written.
                if i + 1 < lines.len() {
                    self.out.push(' ');
                }
                self.out.push_str("</tspan>");
            }
        }
        self.out.push_str("</text>");
    }

    /// ` x="…%" dx="…" y="…"`.
    fn position(&mut self, x: X, y: f64) {
        self.out.push_str(r#" x=""#);
        push_pct(&mut self.out, x.share);
        if x.px != 0.0 {
            self.out.push_str(r#"" dx=""#);
            push_number(&mut self.out, x.px);
        }
        self.out.push_str(r#"" y=""#);
        push_number(&mut self.out, y);
        self.out.push('"');
    }

    /// A rectangle from `x` over `width` (a share of the chart's width).
    pub fn rect(
        &mut self,
        class: &str,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        title: Option<&str>,
    ) {
        let _ = write!(self.out, r#"<rect class="{class}" x=""#);
        push_pct(&mut self.out, x);
        self.out.push_str(r#"" y=""#);
        push_number(&mut self.out, y);
        self.out.push_str(r#"" width=""#);
        push_pct(&mut self.out, width.max(0.0));
        self.out.push_str(r#"" height=""#);
        push_number(&mut self.out, height);
        self.out.push('"');
        self.close(title, "rect");
    }

    /// A line between two points.
    pub fn line(&mut self, class: &str, from: (X, f64), to: (X, f64)) {
        let _ = write!(self.out, r#"<line class="{class}" x1=""#);
        push_pct(&mut self.out, from.0.share);
        self.out.push_str(r#"" y1=""#);
        push_number(&mut self.out, from.1);
        self.out.push_str(r#"" x2=""#);
        push_pct(&mut self.out, to.0.share);
        self.out.push_str(r#"" y2=""#);
        push_number(&mut self.out, to.1);
        self.out.push('"');
        // Lines take no `dx`: a pixel offset moves both ends with a transform.
        if from.0.px != 0.0 || to.0.px != 0.0 {
            self.out.push_str(r#" transform="translate("#);
            push_number(&mut self.out, from.0.px);
            self.out.push_str(r#" 0)""#);
        }
        self.out.push_str("/>");
    }

    /// A circle of radius `r` pixels.
    pub fn circle(&mut self, class: &str, cx: f64, cy: f64, r: f64, title: Option<&str>) {
        let _ = write!(self.out, r#"<circle class="{class}" cx=""#);
        push_pct(&mut self.out, cx);
        self.out.push_str(r#"" cy=""#);
        push_number(&mut self.out, cy);
        self.out.push_str(r#"" r=""#);
        push_number(&mut self.out, r);
        self.out.push('"');
        self.close(title, "circle");
    }

    fn close(&mut self, title: Option<&str>, element: &str) {
        match title {
            Some(title) => {
                self.out.push_str("><title>");
                push_escaped_html(&mut self.out, title);
                let _ = write!(self.out, "</title></{element}>");
            }
            None => self.out.push_str("/>"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_percentages_and_text_is_escaped() {
        let mut svg = Svg::default();
        svg.text(
            "t",
            X::at(0.5).plus(6.0),
            20.0,
            13.0,
            Anchor::Start,
            &["a <b>".to_string()],
        );
        svg.rect("r", 0.0, 4.0, 0.425, 16.0, None);
        let out = svg.finish();
        assert!(
            out.contains(
                r#"x="50%" dx="6" y="20" font-size="13" text-anchor="start">a &lt;b&gt;</text>"#
            ),
            "{out}"
        );
        assert!(out.contains(r#"width="42.5%""#), "{out}");
        assert_eq!(
            (pct(0.1234), px(-3.0), px(2.005), px(0.1)),
            ("12.34%".into(), "-3".into(), "2.01".into(), "0.1".into())
        );
    }
}
