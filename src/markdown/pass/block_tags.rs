//! Which shortcode output may not sit in a paragraph: HTML that opens with a block-level element.

/// The tags that start an HTML block in CommonMark (kinds 1 and 6 of the spec).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "base",
    "basefont",
    "blockquote",
    "body",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "iframe",
    "legend",
    "li",
    "link",
    "main",
    "menu",
    "menuitem",
    "nav",
    "noframes",
    "ol",
    "optgroup",
    "option",
    "p",
    "param",
    "pre",
    "script",
    "search",
    "section",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
];

/// Whether `html` opens with a block-level element: a tag that starts an HTML block in CommonMark
/// (kinds 1 and 6 of the spec), hence may not appear inside a paragraph.
pub(super) fn starts_with_block_tag(html: &str) -> bool {
    let Some(rest) = html.trim_start().strip_prefix('<') else {
        return false;
    };
    let name_len = rest
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let after_name = rest.as_bytes().get(name_len);
    let name = &rest[..name_len];
    matches!(
        after_name,
        None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
    ) && BLOCK_TAGS.iter().any(|tag| tag.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::starts_with_block_tag;

    #[test]
    fn recognises_block_level_output() {
        for html in [
            "<div>",
            "\n  <FIGURE class=x>",
            "<hr/>",
            "<p>",
            "<details\n>",
            "<ul",
        ] {
            assert!(starts_with_block_tag(html), "{html:?}");
        }
        for html in [
            "<span>",
            "<a href>",
            "<divx>",
            "text <div>",
            "",
            "<",
            "<!-- c --><div>",
        ] {
            assert!(!starts_with_block_tag(html), "{html:?}");
        }
    }
}
