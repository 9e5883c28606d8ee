//! What keeps a page's Markdown from running script in a reader's browser: link and image URLs
//! ([`crate::markdown::safe_url`]), heading attributes, and raw HTML when `markdown.raw_html` is off.

use super::Problem;
use crate::markdown::safe_url::{self, UrlUse};

/// Why a link's or image's destination is refused, if it is.
pub(super) fn destination_problem(dest: &str, usage: UrlUse) -> Option<Problem> {
    let danger = safe_url::check(dest, usage).err()?;
    Some(Problem::new(danger.to_string()).with_hint(danger.hint()))
}

/// Why a heading attribute (`## Title {name=value}`) is refused, if it is: an event handler
/// (`onclick`) runs script, and a name with other characters than an attribute name's could
/// smuggle one in (the browser reads `a/onclick=…` as two attributes).
pub(super) fn heading_attribute_problem(name: &str) -> Option<Problem> {
    let hint = "a heading may set an id (`{#id}`), classes (`{.class}`) and plain attributes \
                such as `data-kind=note`; for script, write the heading in raw HTML";
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'));
    if !valid {
        return Some(
            Problem::new(format!("`{name}` is not a valid heading attribute name")).with_hint(hint),
        );
    }
    let handler = name
        .get(..2)
        .is_some_and(|start| start.eq_ignore_ascii_case("on"));
    handler.then(|| Problem::new(format!("heading attribute `{name}` runs script")).with_hint(hint))
}

/// Whether raw HTML is one comment and nothing else, which is left out (rather than shown as
/// text) when raw HTML is off. Anything after the comment's end, or a comment that HTML ends
/// early (`<!-->`, `--!>`), makes it ordinary raw HTML.
pub(super) fn is_lone_comment(html: &str) -> bool {
    let Some(inner) = html
        .trim()
        .strip_prefix("<!--")
        .and_then(|rest| rest.strip_suffix("-->"))
    else {
        return false;
    };
    !inner.starts_with('>')
        && !inner.starts_with("->")
        && !inner.contains("-->")
        && !inner.contains("--!>")
}

#[cfg(test)]
mod tests {
    use super::super::{
        LinkResolver, LinkTarget, MarkdownOptions, RenderInput, Rendered, ShortcodeRenderer, render,
    };
    use super::*;
    use crate::markdown::shortcode::ShortcodeCall;

    /// Knows one page.
    struct Links;

    impl LinkResolver for Links {
        fn resolve(&self, path: &str) -> Result<LinkTarget, Problem> {
            match path {
                "chips.md" => Ok("/chips/".into()),
                _ => Err(Problem::new(format!("no page `{path}`"))),
            }
        }
    }

    /// `badge` (inline) and `note` (block) shortcodes.
    struct Shortcodes;

    impl ShortcodeRenderer for Shortcodes {
        fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
            let text = call.args.get("text").and_then(|v| v.as_str());
            match call.name {
                "badge" => Ok(format!(
                    "<span class=\"badge\">{}</span>",
                    text.unwrap_or("")
                )),
                "note" => Ok(format!(
                    "<div class=\"note\">{}</div>",
                    call.body.unwrap_or_default()
                )),
                _ => Err(Problem::new("unknown shortcode")),
            }
        }
    }

    fn rendered(source: &str, raw_html: bool) -> Result<Rendered, Vec<(String, String)>> {
        let options = MarkdownOptions {
            raw_html,
            ..MarkdownOptions::default()
        };
        render(&RenderInput {
            source,
            options: &options,
            links: &Links,
            shortcodes: &Shortcodes,
            glossary: None,
            images: None,
        })
        .map_err(|errors| {
            errors
                .into_iter()
                .map(|e| (source[e.span()].to_string(), e.message))
                .collect()
        })
    }

    #[track_caller]
    fn html(source: &str, raw_html: bool) -> String {
        match rendered(source, raw_html) {
            Ok(page) => page.html,
            Err(errors) => panic!("unexpected errors for {source:?}: {errors:?}"),
        }
    }

    #[track_caller]
    fn errors(source: &str) -> Vec<(String, String)> {
        match rendered(source, true) {
            Ok(page) => panic!("expected errors for {source:?}, got {:?}", page.html),
            Err(errors) => errors,
        }
    }

    #[test]
    fn script_links_are_errors_at_the_link_in_every_form() {
        let cases = [
            ("[x](javascript:alert(1))", "[x](javascript:alert(1))"),
            ("[x](JaVaScRiPt:alert(1))", "[x](JaVaScRiPt:alert(1))"),
            ("[x](  javascript:alert(1))", "[x](  javascript:alert(1))"),
            (
                "[x](<\u{1}javascript:alert(1)>)",
                "[x](<\u{1}javascript:alert(1)>)",
            ),
            (
                "[x](&#106;avascript:alert(1))",
                "[x](&#106;avascript:alert(1))",
            ),
            (
                "[x](java&#x09;script:alert(1))",
                "[x](java&#x09;script:alert(1))",
            ),
            (
                "[x](java&Tab;script:alert(1))",
                "[x](java&Tab;script:alert(1))",
            ),
            ("[x][r]\n\n[r]: javascript:alert(1)\n", "[x][r]"),
            ("[r]\n\n[r]: <javascript:alert(1)>\n", "[r]"),
            ("<javascript:alert(1)>", "<javascript:alert(1)>"),
            ("a <VBScript:msgbox(1)> b", "<VBScript:msgbox(1)>"),
            (
                "[x](data:text/html;base64,PHNjcmlwdD4=)",
                "[x](data:text/html;base64,PHNjcmlwdD4=)",
            ),
        ];
        for (source, at) in cases {
            let found = errors(source);
            assert_eq!(found.len(), 1, "{source:?}: {found:?}");
            assert_eq!(found[0].0, at, "{source:?}");
            assert!(
                found[0].1.starts_with("link to a `"),
                "{source:?}: {found:?}"
            );
        }
    }

    #[test]
    fn script_images_are_errors_and_raster_data_images_are_fine() {
        assert_eq!(
            errors("![x](javascript:alert(1))"),
            [(
                "![x](javascript:alert(1))".to_string(),
                "image from a `javascript:` URL".to_string()
            )]
        );
        assert_eq!(
            errors("![x](data:image/svg+xml;base64,PHN2Zz4=)")[0].1,
            "image from a `data:image/svg+xml` URL"
        );
        assert!(
            html("![dot](data:image/png;base64,iVBORw0KGgo=)", true)
                .contains(r#"<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot" />"#)
        );
    }

    #[test]
    fn safe_links_are_left_alone() {
        let page = html(
            "[a](https://example.org/) [b](mailto:a@example.org) [c](../x/) [d](#top) \
             [e](@/chips.md) <https://example.org/y>",
            true,
        );
        for href in [
            "https://example.org/",
            "mailto:a@example.org",
            "../x/",
            "#top",
            "/chips/",
            "https://example.org/y",
        ] {
            assert!(page.contains(&format!("href=\"{href}\"")), "{href}: {page}");
        }
    }

    #[test]
    fn every_dangerous_link_of_a_page_is_reported() {
        let found = errors("[a](javascript:1)\n\n![b](vbscript:2)\n\n[c](@/nope.md)\n");
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "link to a `javascript:` URL",
                "image from a `vbscript:` URL",
                "no page `nope.md`"
            ]
        );
    }

    #[test]
    fn raw_html_passes_through_by_default() {
        assert_eq!(
            html("<div class=\"x\">hi</div>\n\na <b>b</b> c\n", true),
            "<div class=\"x\">hi</div>\n<p>a <b>b</b> c</p>\n"
        );
    }

    #[test]
    fn raw_html_off_shows_blocks_and_inline_html_as_text() {
        assert_eq!(
            html("<script>alert(1)</script>\n", false),
            "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
        );
        assert_eq!(
            html("<div onclick=\"x()\">\nhi\n</div>\n\nafter\n", false),
            "<p>&lt;div onclick=\"x()\"&gt;\nhi\n&lt;/div&gt;</p>\n<p>after</p>\n"
        );
        assert_eq!(
            html("a <img src=x onerror=alert(1)> b\n", false),
            "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n"
        );
        assert_eq!(
            html("- <b>x</b>\n", false),
            "<ul>\n<li>&lt;b&gt;x&lt;/b&gt;</li>\n</ul>\n"
        );
        assert_eq!(
            html("## A <em>b</em>\n", false),
            "<h2 id=\"a-em-b-em\">A &lt;em&gt;b&lt;/em&gt;</h2>\n"
        );
    }

    #[test]
    fn raw_html_off_leaves_comments_out_and_keeps_the_summary_marker() {
        let page = rendered(
            "Intro.\n\n<!-- more -->\n\nRest <!-- note --> here.\n",
            false,
        );
        let page = page.ok();
        assert_eq!(
            page.as_ref().map(|p| p.html.as_str()),
            Some("<p>Intro.</p>\n<p>Rest  here.</p>\n")
        );
        assert_eq!(
            page.and_then(|p| p.summary).as_deref(),
            Some("<p>Intro.</p>\n")
        );
        assert_eq!(html("a <!-- two\nlines --> b\n", false), "<p>a  b</p>\n");
        // Something after a comment's end is not a lone comment.
        assert_eq!(
            html("<!-- a --><script>x</script>\n", false),
            "<p>&lt;!-- a --&gt;&lt;script&gt;x&lt;/script&gt;</p>\n"
        );
    }

    #[test]
    fn shortcodes_keep_their_html_with_raw_html_off() {
        assert_eq!(
            html("A {{ badge(text=\"new\") }} <i>b</i>\n", false),
            "<p>A <span class=\"badge\">new</span> &lt;i&gt;b&lt;/i&gt;</p>\n"
        );
        assert_eq!(
            html("<span>{{ badge(text=\"x\") }}</span>\n", false),
            "<p>&lt;span&gt;<span class=\"badge\">x</span>&lt;/span&gt;</p>\n"
        );
        assert_eq!(
            html("{% note() %}\nBody <u>u</u>.\n{% end %}\n", false),
            "<div class=\"note\"><p>Body &lt;u&gt;u&lt;/u&gt;.</p>\n</div>\n"
        );
    }

    #[test]
    fn heading_event_handlers_are_errors_at_the_heading() {
        assert_eq!(
            errors("Text.\n\n## Hi {onmouseover=alert(1)}\n"),
            [(
                "## Hi {onmouseover=alert(1)}\n".to_string(),
                "heading attribute `onmouseover` runs script".to_string()
            )]
        );
        assert!(
            html("## Hi {#hi .big data-kind=x}\n", true)
                .contains(r#"<h2 id="hi" class="big" data-kind="x">"#)
        );
    }

    #[test]
    fn event_handlers_and_odd_names_are_refused_on_headings() {
        // Every `on…` name counts as a handler: browsers add new ones over time.
        for name in [
            "onclick",
            "ONMOUSEOVER",
            "onx",
            "one-line",
            "a/onclick",
            "x\"y",
            "1a",
            "-a",
        ] {
            assert!(heading_attribute_problem(name).is_some(), "{name:?}");
        }
        for name in ["data-kind", "lang", "title", "o", "xml:lang", "_x"] {
            assert!(heading_attribute_problem(name).is_none(), "{name:?}");
        }
    }

    #[test]
    fn lone_comments_are_recognised() {
        for html in ["<!-- more -->", "  <!--\nnote\n-->\n", "<!---->"] {
            assert!(is_lone_comment(html), "{html:?}");
        }
        for html in [
            "<!-- a --><script>x</script>",
            "<!-- a --> b",
            "<!-- a --><!-- b -->",
            "<!-->",
            "<!--->",
            "<!-- a --!><img src=x onerror=alert(1)> -->",
            "<div><!-- a --></div>",
        ] {
            assert!(!is_lone_comment(html), "{html:?}");
        }
    }

    #[test]
    fn destinations_get_the_scheme_in_the_message() {
        let problem = destination_problem("javascript:alert(1)", UrlUse::Link);
        assert_eq!(
            problem.map(|p| p.message).as_deref(),
            Some("link to a `javascript:` URL")
        );
        assert!(destination_problem("https://example.org/", UrlUse::Link).is_none());
    }
}
