//! The `<picture>` element that shows a processed image.

use std::fmt::Write;

use super::Variant;
use crate::markdown::html::escape_html;

/// How one image is shown.
pub struct Picture<'a> {
    /// Every variant of the source, as [`super::variants`] lists them.
    pub variants: &'a [Variant],
    /// The base URL's path (`/` or `/sub/`), put before every variant's path.
    pub base_path: &'a str,
    /// The text alternative (empty for a decorative image).
    pub alt: &'a str,
    /// A `title` attribute, if any.
    pub title: Option<&'a str>,
    /// The page's first image loads at once; the others wait until they are near the screen.
    pub eager: bool,
}

impl Picture<'_> {
    /// The HTML: a `<source>` per modern format and an `<img>` in the fallback format, each with
    /// every width in `srcset`, and the largest variant's `width` and `height` so that the page
    /// keeps its layout while images load.
    pub fn to_html(&self) -> String {
        let Some(fallback) = self.variants.last().map(|v| v.format) else {
            return String::new();
        };
        let Some(widest) = self
            .variants
            .iter()
            .filter(|v| v.format == fallback)
            .max_by_key(|v| v.width)
        else {
            return String::new();
        };
        let sizes = format!("(max-width: {0}px) 100vw, {0}px", widest.width);
        let mut formats: Vec<_> = self.variants.iter().map(|v| v.format).collect();
        formats.dedup();
        formats.sort_unstable();
        formats.dedup();
        let mut html = String::from("<picture>");
        for format in formats.iter().filter(|f| **f != fallback) {
            let _ = write!(
                html,
                "<source type=\"{}\" srcset=\"{}\" sizes=\"{sizes}\">",
                format.mime(),
                self.srcset(*format)
            );
        }
        let _ = write!(
            html,
            "<img src=\"{}{}\" srcset=\"{}\" sizes=\"{sizes}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
            self.base_path,
            escape_url_path(&widest.output),
            self.srcset(fallback),
            widest.width,
            widest.height,
            escape_html(self.alt)
        );
        if let Some(title) = self.title.filter(|t| !t.is_empty()) {
            let _ = write!(html, " title=\"{}\"", escape_html(title));
        }
        if !self.eager {
            html.push_str(" loading=\"lazy\"");
        }
        html.push_str(" decoding=\"async\"></picture>");
        html
    }

    fn srcset(&self, format: super::VariantFormat) -> String {
        let entries: Vec<String> = self
            .variants
            .iter()
            .filter(|v| v.format == format)
            .map(|v| {
                format!(
                    "{}{} {}w",
                    self.base_path,
                    escape_url_path(&v.output),
                    v.width
                )
            })
            .collect();
        entries.join(", ")
    }
}

/// Percent-encodes what a URL path may not hold as is, and what `srcset` would misread (spaces,
/// commas); `/` separates segments and stays.
pub fn escape_url_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::VariantFormat;

    fn variant(width: u32, format: VariantFormat) -> Variant {
        Variant {
            width,
            height: width / 2,
            format,
            output: format!("a b/x,{width}.{}", format.extension()),
        }
    }

    #[test]
    fn writes_sources_then_the_fallback_with_its_size() {
        let variants = [
            variant(480, VariantFormat::Webp),
            variant(480, VariantFormat::Jpeg),
            variant(960, VariantFormat::Webp),
            variant(960, VariantFormat::Jpeg),
        ];
        let html = Picture {
            variants: &variants,
            base_path: "/sub/",
            alt: "A \"chip\"",
            title: None,
            eager: false,
        }
        .to_html();
        assert_eq!(
            html,
            "<picture><source type=\"image/webp\" srcset=\"/sub/a%20b/x%2C480.webp 480w, \
             /sub/a%20b/x%2C960.webp 960w\" sizes=\"(max-width: 960px) 100vw, 960px\">\
             <img src=\"/sub/a%20b/x%2C960.jpg\" srcset=\"/sub/a%20b/x%2C480.jpg 480w, \
             /sub/a%20b/x%2C960.jpg 960w\" sizes=\"(max-width: 960px) 100vw, 960px\" \
             width=\"960\" height=\"480\" alt=\"A &quot;chip&quot;\" loading=\"lazy\" \
             decoding=\"async\"></picture>"
        );
    }
}
