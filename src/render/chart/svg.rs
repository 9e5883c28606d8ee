//! Writing SVG: horizontal positions are percentages of the chart's width (plus a pixel offset),
//! vertical ones pixels, so that a chart fills any width while its text keeps its size.

use std::fmt::Write;

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
pub fn pct(share: f64) -> String {
    let value = (share * 100.0 * 100.0).round() / 100.0;
    format!("{value}%")
}

/// A number for an attribute: at most two decimals.
pub fn px(value: f64) -> String {
    let value = (value * 100.0).round() / 100.0;
    format!("{value}")
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
        let _ = write!(
            self.out,
            r#"<text class="{class}" x="{}"{} y="{}" font-size="{}" text-anchor="{}">"#,
            pct(x.share),
            dx(x.px),
            px(y),
            px(font),
            anchor.attr()
        );
        if let [line] = lines {
            self.out.push_str(&escape(line));
        } else {
            let line_height = font * 1.25;
            for (i, line) in lines.iter().enumerate() {
                // A space ends every line but the last, so that the text reads as it was written.
                let space = if i + 1 < lines.len() { " " } else { "" };
                let _ = write!(
                    self.out,
                    r#"<tspan x="{}"{} y="{}">{}{space}</tspan>"#,
                    pct(x.share),
                    dx(x.px),
                    px(y + i as f64 * line_height),
                    escape(line)
                );
            }
        }
        self.out.push_str("</text>");
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
        let _ = write!(
            self.out,
            r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}""#,
            pct(x),
            px(y),
            pct(width.max(0.0)),
            px(height)
        );
        self.close(title, "rect");
    }

    /// A line between two points.
    pub fn line(&mut self, class: &str, from: (X, f64), to: (X, f64)) {
        let _ = write!(
            self.out,
            r#"<line class="{class}" x1="{}" y1="{}" x2="{}" y2="{}"{}/>"#,
            pct(from.0.share),
            px(from.1),
            pct(to.0.share),
            px(to.1),
            shift(from.0.px, to.0.px)
        );
    }

    /// A circle of radius `r` pixels.
    pub fn circle(&mut self, class: &str, cx: f64, cy: f64, r: f64, title: Option<&str>) {
        let _ = write!(
            self.out,
            r#"<circle class="{class}" cx="{}" cy="{}" r="{}""#,
            pct(cx),
            px(cy),
            px(r)
        );
        self.close(title, "circle");
    }

    fn close(&mut self, title: Option<&str>, element: &str) {
        match title {
            Some(title) => {
                let _ = write!(self.out, "><title>{}</title></{element}>", escape(title));
            }
            None => self.out.push_str("/>"),
        }
    }
}

fn dx(px_offset: f64) -> String {
    if px_offset == 0.0 {
        String::new()
    } else {
        format!(r#" dx="{}""#, px(px_offset))
    }
}

/// Lines take no `dx`: a pixel offset moves both ends with a transform.
fn shift(from: f64, to: f64) -> String {
    if from == 0.0 && to == 0.0 {
        String::new()
    } else {
        format!(r#" transform="translate({} 0)""#, px(from))
    }
}

/// Escapes text for HTML and SVG content and double-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
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
    }
}
