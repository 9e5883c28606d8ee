//! URLs that would run script in a reader's browser: `javascript:`, `vbscript:` and `data:`.
//!
//! Content, data and configuration come from many hands, so such a URL is an error wherever
//! Spiega would put it in an `href` or a `src`: Markdown links and images, `url` fields of data,
//! values of `extra`. Raw HTML is not checked here: a site that allows it has opted into script,
//! and with `markdown.raw_html: false` it is shown as text.
//!
//! A URL is read the way browsers read it (WHATWG URL parsing): leading and trailing spaces and
//! control characters do not count, tabs and line breaks anywhere are dropped, and the scheme is
//! case-insensitive, so ` JaVa\tScRiPt:` is caught. Entities (`&#106;avascript:`) and escapes are
//! decoded before the check, by the Markdown parser or by YAML.

/// Where a URL ends up, which decides what it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlUse {
    /// A link's destination (`<a href>`): no `data:` URL at all.
    Link,
    /// An image's source (`<img src>`): a `data:image/…` URL is fine, but not SVG, which can
    /// carry script.
    Image,
    /// A free-form value that a theme may put in an `href` or a `src` (front matter `extra`).
    /// It may be a raster `data:image/…` URL (a thumbnail); `data:` followed by something that is
    /// no media type is ordinary text (in Italian, "Data: 12 marzo" is a date).
    Value,
}

/// A scheme that runs script.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scheme {
    /// `javascript:`.
    JavaScript,
    /// `vbscript:` (old Internet Explorer, still refused everywhere).
    VbScript,
    /// `data:`, with its media type as written, lower-cased (empty when there is none).
    Data(String),
}

/// A URL that is refused: which scheme, and where it was going.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", message(self))]
pub struct DangerousUrl {
    /// The scheme that runs script.
    pub scheme: Scheme,
    /// Where the URL would end up.
    pub usage: UrlUse,
}

impl DangerousUrl {
    /// The scheme as the message shows it: `javascript:`, `data:` or `data:image/svg+xml` for an
    /// image, where the media type is what made it dangerous.
    pub fn shown(&self) -> String {
        match (&self.scheme, self.usage) {
            (Scheme::JavaScript, _) => "javascript:".to_string(),
            (Scheme::VbScript, _) => "vbscript:".to_string(),
            (Scheme::Data(media), UrlUse::Image | UrlUse::Value) if !media.is_empty() => {
                format!("data:{media}")
            }
            (Scheme::Data(_), _) => "data:".to_string(),
        }
    }

    /// How to fix it, for the diagnostic's hint.
    pub fn hint(&self) -> String {
        match self.usage {
            UrlUse::Link => {
                "links may use http, https, mailto, tel, relative paths or `@/` paths; \
                 to embed script, use raw HTML (markdown.raw_html)"
                    .to_string()
            }
            UrlUse::Image => "images may use http, https, relative paths, `@/` paths or a \
                 `data:image/…` URL other than SVG (SVG can carry script: use an .svg file)"
                .to_string(),
            UrlUse::Value => format!(
                "a theme may put this value in a link: use http, https, mailto, tel or a relative \
                 path; if it is text, not a link, reword it so that it does not start with `{}`",
                self.shown()
            ),
        }
    }
}

/// The diagnostic's message, e.g. "link to a `javascript:` URL".
fn message(url: &DangerousUrl) -> String {
    let shown = url.shown();
    match url.usage {
        UrlUse::Link => format!("link to a `{shown}` URL"),
        UrlUse::Image => format!("image from a `{shown}` URL"),
        UrlUse::Value => format!("`{shown}` URL, which runs script if a theme links to it"),
    }
}

/// `Err` when `url`, used as `usage` says, would run script.
pub fn check(url: &str, usage: UrlUse) -> Result<(), DangerousUrl> {
    let Some((scheme, rest)) = scheme_of(url) else {
        return Ok(());
    };
    let scheme = match scheme.as_str() {
        "javascript" => Scheme::JavaScript,
        "vbscript" => Scheme::VbScript,
        "data" => {
            let media = media_type(&rest);
            let allowed = match usage {
                UrlUse::Link => false,
                UrlUse::Image => is_raster_image(&media),
                UrlUse::Value => is_raster_image(&media) || !is_data_url(&rest, &media),
            };
            if allowed {
                return Ok(());
            }
            Scheme::Data(media)
        }
        _ => return Ok(()),
    };
    Err(DangerousUrl { scheme, usage })
}

/// The lower-cased scheme of `url` and what follows its `:`, as a browser would read them; `None`
/// for a relative URL (no scheme, or a `:` after a character no scheme has, as in `a/b:c`).
fn scheme_of(url: &str) -> Option<(String, String)> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, rest) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let valid = starts_with_letter
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (scheme.to_ascii_lowercase(), rest.to_string()))
}

/// The media type of a `data:` URL's rest (`image/png;base64,…` gives `image/png`), trimmed and
/// lower-cased as browsers do (Fetch's data URL processor).
fn media_type(rest: &str) -> String {
    let before_data = rest.split(',').next().unwrap_or_default();
    let essence = before_data.split(';').next().unwrap_or_default();
    essence
        .trim_matches(|c: char| c.is_ascii_whitespace())
        .to_ascii_lowercase()
}

/// A raster image type: `image/…`, but not SVG.
fn is_raster_image(media: &str) -> bool {
    media.starts_with("image/") && !media.contains("svg")
}

/// Whether a `data:` value is a data URL rather than text that starts with the word "data:": a
/// media type (`text/html`), or straight away the `,` or `;` of one without a type.
fn is_data_url(rest: &str, media: &str) -> bool {
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace());
    if rest.starts_with([',', ';']) {
        return true;
    }
    let token = |s: &str, first_letter: bool| {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| {
            c.is_ascii_alphanumeric() && (!first_letter || c.is_ascii_alphabetic())
        }) && chars.all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c))
    };
    media
        .split_once('/')
        .is_some_and(|(kind, sub)| token(kind, true) && token(sub, false))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(url: &str, usage: UrlUse) -> Option<String> {
        check(url, usage).err().map(|e| e.shown())
    }

    #[test]
    fn script_schemes_are_refused_however_they_are_written() {
        for url in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "  javascript:alert(1)",
            "\u{1}\u{1f} javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "jav\r\nascript:alert(1)",
            "javascript:alert(1)\u{0} ",
        ] {
            assert_eq!(
                scheme(url, UrlUse::Link).as_deref(),
                Some("javascript:"),
                "{url:?}"
            );
            assert!(check(url, UrlUse::Image).is_err(), "{url:?}");
            assert!(check(url, UrlUse::Value).is_err(), "{url:?}");
        }
        assert_eq!(
            scheme("VBScript:msgbox(1)", UrlUse::Link).as_deref(),
            Some("vbscript:")
        );
    }

    #[test]
    fn safe_urls_pass() {
        for url in [
            "https://example.org/a?b=javascript:x",
            "http://example.org/",
            "mailto:a@example.org",
            "tel:+39000",
            "/chips/",
            "../chips/",
            "chips.html#javascript:x",
            "#anchor",
            "@/storia/accordo.md#javascript",
            "?q=javascript:1",
            "./javascript:alert(1)",
            "javascript",
            "java script:alert(1)",
            "%6Aavascript:alert(1)",
            "",
        ] {
            assert_eq!(check(url, UrlUse::Link), Ok(()), "{url:?}");
        }
    }

    #[test]
    fn data_urls_are_images_only_and_never_svg() {
        let png = "data:image/png;base64,iVBORw0KGgo=";
        assert_eq!(check(png, UrlUse::Image), Ok(()));
        assert_eq!(check(" DATA:Image/GIF,xyz", UrlUse::Image), Ok(()));
        assert_eq!(scheme(png, UrlUse::Link).as_deref(), Some("data:"));
        for svg in [
            "data:image/svg+xml;base64,PHN2Zz4=",
            "data:IMAGE/SVG+XML,<svg onload=alert(1)>",
            "data: image/svg+xml ;charset=utf-8,<svg>",
        ] {
            assert_eq!(
                scheme(svg, UrlUse::Image).as_deref(),
                Some("data:image/svg+xml"),
                "{svg:?}"
            );
        }
        assert_eq!(
            scheme("data:text/html,<script>alert(1)</script>", UrlUse::Image).as_deref(),
            Some("data:text/html")
        );
        assert_eq!(
            scheme("data:,hello", UrlUse::Image).as_deref(),
            Some("data:")
        );
    }

    #[test]
    fn a_value_is_a_data_url_only_when_it_reads_as_one() {
        for text in ["Data: 12 marzo", "data: 12/03", "Data:2024", "data:"] {
            assert_eq!(check(text, UrlUse::Value), Ok(()), "{text:?}");
        }
        for url in [
            "data:text/html,<script>alert(1)</script>",
            "data: text/html;base64,PHNjcmlwdD4=",
            "data:,alert(1)",
            "data:;base64,PHNjcmlwdD4=",
            "data:image/svg+xml,<svg onload=alert(1)>",
        ] {
            assert!(check(url, UrlUse::Value).is_err(), "{url:?}");
        }
        assert_eq!(check("data:image/webp;base64,UklG", UrlUse::Value), Ok(()));
    }

    #[test]
    fn messages_and_hints_name_the_scheme() {
        let link = check("javascript:x", UrlUse::Link).err();
        assert_eq!(
            link.as_ref().map(ToString::to_string).as_deref(),
            Some("link to a `javascript:` URL")
        );
        assert!(
            link.map(|e| e.hint())
                .is_some_and(|h| h.contains("markdown.raw_html"))
        );
        let image = check("data:image/svg+xml,<svg>", UrlUse::Image).err();
        assert_eq!(
            image.map(|e| e.to_string()).as_deref(),
            Some("image from a `data:image/svg+xml` URL")
        );
        let value = check("vbscript:x", UrlUse::Value).err();
        assert!(
            value
                .map(|e| e.hint())
                .is_some_and(|h| h.contains("does not start with `vbscript:`"))
        );
    }
}
