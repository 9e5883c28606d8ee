//! Internal links: `@/` paths resolved and listed, unknown ones errors at the link.

use super::*;

#[test]
fn internal_links_are_resolved_and_listed() {
    let source = "See [the deal](@/articles/deal.md#timeline) and [chips](@/chips.md).\n\n\
                  ![A chip](@/img/chip.png \"title\")\n";
    let rendered = ok(source);
    assert_eq!(
        rendered.html,
        "<p>See <a href=\"/it/articles/deal/#timeline\">the deal</a> and \
         <a href=\"/it/chips/\">chips</a>.</p>\n\
         <p><img src=\"/img/chip.png\" alt=\"A chip\" title=\"title\" /></p>\n"
    );
    let links: Vec<_> = rendered
        .internal_links
        .iter()
        .map(|l| {
            (
                l.target.as_str(),
                l.anchor.as_deref(),
                &source[l.offset..l.offset + l.len],
            )
        })
        .collect();
    assert_eq!(
        links,
        [
            (
                "articles/deal.md",
                Some("timeline"),
                "[the deal](@/articles/deal.md#timeline)"
            ),
            ("chips.md", None, "[chips](@/chips.md)"),
            ("img/chip.png", None, "![A chip](@/img/chip.png \"title\")"),
        ]
    );
}

#[test]
fn reference_links_and_empty_anchors() {
    let rendered = ok("[deal][d] and [top](@/chips.md#)\n\n[d]: @/articles/deal.md\n");
    assert_eq!(
        rendered.html,
        "<p><a href=\"/it/articles/deal/\">deal</a> and <a href=\"/it/chips/\">top</a></p>\n"
    );
    assert_eq!(rendered.internal_links[1].anchor, None);
}

#[test]
fn other_links_are_left_alone() {
    assert_eq!(
        html("[a](https://x.org/@/y) [b](#frag) [c](/@/z)"),
        "<p><a href=\"https://x.org/@/y\">a</a> <a href=\"#frag\">b</a> <a href=\"/@/z\">c</a></p>\n"
    );
    assert!(ok("[a](https://x.org)").internal_links.is_empty());
}

#[test]
fn unknown_internal_links_are_errors_at_the_link() {
    let source = "One [bad](@/nope.md#x).\n\n![img](@/img/missing.png)\n";
    let errors = render_with(source, &MarkdownOptions::default())
        .err()
        .unwrap_or_default();
    assert_eq!(
        errors,
        [
            MarkdownError {
                offset: 4,
                len: 18,
                message: "no page `nope.md`".into(),
                hint: Some("did you mean `chips.md`?".into()),
            },
            MarkdownError {
                offset: 25,
                len: 25,
                message: "no page `img/missing.png`".into(),
                hint: Some("did you mean `chips.md`?".into()),
            },
        ]
    );
    assert_eq!(&source[4..22], "[bad](@/nope.md#x)");
    assert_eq!(&source[25..50], "![img](@/img/missing.png)");
}

#[test]
fn links_in_headings_are_resolved_and_titles_keep_their_text() {
    let rendered = ok("## See [the deal](@/articles/deal.md)\n");
    assert_eq!(
        rendered.html,
        "<h2 id=\"see-the-deal\">See <a href=\"/it/articles/deal/\">the deal</a></h2>\n"
    );
    assert_eq!(rendered.toc[0].title, "See the deal");
    assert_eq!(rendered.internal_links.len(), 1);
}
