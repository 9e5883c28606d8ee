//! Tests of [`render`] as a whole, through its public interface.

use std::sync::Mutex;

use proptest::prelude::*;
use serde_json::json;

use super::*;

mod links;
mod shortcodes;

/// Knows two pages and one image.
struct Links;

impl LinkResolver for Links {
    fn resolve(&self, path: &str) -> Result<LinkTarget, Problem> {
        match path {
            "articles/deal.md" => Ok("/it/articles/deal/".into()),
            "chips.md" => Ok("/it/chips/".into()),
            "img/chip.png" => Ok("/img/chip.png".into()),
            _ => {
                Err(Problem::new(format!("no page `{path}`")).with_hint("did you mean `chips.md`?"))
            }
        }
    }
}

/// What a [`ShortcodeCall`] held, kept after the call.
#[derive(Debug, Clone)]
struct RecordedCall {
    name: String,
    args: serde_json::Value,
    body: Option<String>,
    offset: usize,
    len: usize,
}

/// A few shortcodes; remembers every call it gets.
#[derive(Default)]
struct Shortcodes {
    calls: Mutex<Vec<RecordedCall>>,
}

impl ShortcodeRenderer for Shortcodes {
    fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        if let Ok(mut calls) = self.calls.lock() {
            calls.push(RecordedCall {
                name: call.name.to_string(),
                args: serde_json::to_value(&call.args).unwrap_or_default(),
                body: call.body.map(str::to_string),
                offset: call.offset,
                len: call.len,
            });
        }
        let arg = |name: &str| call.args.get(name).and_then(|v| v.as_str()).unwrap_or("");
        match call.name {
            "badge" => Ok(format!(r#"<span class="badge">{}</span>"#, arg("text"))),
            // Output that would change if it were parsed as Markdown.
            "raw" => Ok("*not emphasis* <b>bold</b>".into()),
            "note" => Ok(format!(
                "<div class=\"note {}\">{}</div>",
                arg("kind"),
                call.body.unwrap_or_default()
            )),
            "url" => Ok("https://example.org/x?a=1&b=2".into()),
            "figure" => Ok(format!("<figure><img src=\"{}\"></figure>", arg("src"))),
            _ => Err(Problem::new(format!("unknown shortcode `{}`", call.name))
                .with_hint("shortcodes are templates in `templates/shortcodes/`")),
        }
    }
}

fn render_with(source: &str, options: &MarkdownOptions) -> Result<Rendered, Vec<MarkdownError>> {
    render(&RenderInput {
        source,
        options,
        links: &Links,
        shortcodes: &Shortcodes::default(),
        glossary: None,
        images: None,
    })
}

fn ok(source: &str) -> Rendered {
    match render_with(source, &MarkdownOptions::default()) {
        Ok(rendered) => rendered,
        Err(errors) => panic!("unexpected errors for {source:?}: {errors:#?}"),
    }
}

fn html(source: &str) -> String {
    ok(source).html
}

/// The errors of `source`, each as (the source text it points at, its message).
fn errors(source: &str) -> Vec<(&str, String)> {
    match render_with(source, &MarkdownOptions::default()) {
        Ok(rendered) => panic!("expected errors, got {:?}", rendered.html),
        Err(errors) => errors
            .into_iter()
            .map(|e| (&source[e.span()], e.message))
            .collect(),
    }
}

fn with(change: impl FnOnce(&mut MarkdownOptions)) -> MarkdownOptions {
    let mut options = MarkdownOptions::default();
    change(&mut options);
    options
}

// --- Plain Markdown and options ---

#[test]
fn renders_commonmark() {
    assert_eq!(
        html("Hello *world*.\n\n- a\n- b\n"),
        "<p>Hello <em>world</em>.</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
    );
    assert_eq!(html(""), "");
}

#[test]
fn smart_punctuation_follows_the_option() {
    let source = "\"Ciao\" -- l'amico...";
    assert_eq!(html(source), "<p>“Ciao” – l’amico…</p>\n");
    let off = with(|o| o.smart_punctuation = false);
    assert_eq!(
        render_with(source, &off).map(|r| r.html),
        Ok("<p>\"Ciao\" -- l'amico...</p>\n".to_string())
    );
}

#[test]
fn footnotes_follow_the_option() {
    let source = "Text[^1].\n\n[^1]: The note.\n";
    let on = html(source);
    assert!(
        on.contains(r##"<sup class="footnote-reference"><a href="#fn-1" id="fnref-1" aria-describedby="fn-1">a</a></sup>"##),
        "{on}"
    );
    assert!(
        on.contains(r#"<div class="footnote-definition" id="fn-1"><sup class="footnote-definition-label">a</sup>"#),
        "{on}"
    );
    let off = render_with(source, &with(|o| o.footnotes = false)).map(|r| r.html);
    assert_eq!(
        off,
        Ok("<p>Text[^1].</p>\n<p>[^1]: The note.</p>\n".to_string())
    );
}

#[test]
fn footnotes_are_lettered_in_order_of_first_use_with_unique_ids() {
    let out = html("One[^x], two[^y], one again[^x].\n\n[^y]: Y.\n[^x]: X.\n");
    let markers: Vec<&str> = out
        .match_indices("aria-describedby=\"")
        .map(|(at, _)| &out[at..at + 23])
        .collect();
    assert_eq!(markers.len(), 3, "{out}");
    assert_eq!(out.matches("id=\"fnref-1\"").count(), 1, "{out}");
    assert_eq!(out.matches("id=\"fnref-2\"").count(), 1, "{out}");
    assert!(out.contains(">a</a></sup>, two"), "{out}");
    assert!(out.contains(">b</a></sup>, one again"), "{out}");
    assert!(
        out.contains(r#"id="fn-2"><sup class="footnote-definition-label">b</sup>"#),
        "{out}"
    );
}

#[test]
fn a_footnote_label_with_spaces_gives_a_valid_id_and_headings_keep_off_note_ids() {
    let out = html("# Fn 1\n\nText[^my note].\n\n[^my note]: N.\n");
    assert!(out.contains(r#"<h1 id="fn-1-1">"#), "{out}");
    assert!(out.contains(r#"id="fn-1">"#), "{out}");
    assert!(!out.contains("my note\""), "{out}");
}

#[test]
fn tables_follow_the_option() {
    let source = "| a | b |\n|---|--:|\n| 1 | 2 |\n";
    assert_eq!(
        html(source),
        "<table><thead><tr><th>a</th><th style=\"text-align: right\">b</th></tr></thead><tbody>\n\
         <tr><td>1</td><td style=\"text-align: right\">2</td></tr>\n</tbody></table>\n"
    );
    let off = with(|o| {
        o.tables = false;
        o.smart_punctuation = false;
    });
    let off = render_with(source, &off).map(|r| r.html);
    assert_eq!(
        off,
        Ok("<p>| a | b |\n|---|--:|\n| 1 | 2 |</p>\n".to_string())
    );
}

#[test]
fn strikethrough_follows_the_option() {
    assert_eq!(html("~~old~~ new"), "<p><del>old</del> new</p>\n");
    let off = render_with("~~old~~ new", &with(|o| o.strikethrough = false));
    assert_eq!(off.map(|r| r.html), Ok("<p>~~old~~ new</p>\n".to_string()));
}

#[test]
fn task_lists_follow_the_option() {
    assert_eq!(
        html("- [x] done\n- [ ] todo\n"),
        "<ul>\n<li><input disabled=\"\" type=\"checkbox\" checked=\"\"/>\ndone</li>\n\
         <li><input disabled=\"\" type=\"checkbox\"/>\ntodo</li>\n</ul>\n"
    );
    let off = render_with("- [x] done\n", &with(|o| o.task_lists = false));
    assert_eq!(
        off.map(|r| r.html),
        Ok("<ul>\n<li>[x] done</li>\n</ul>\n".to_string())
    );
}

// --- Headings ---

#[test]
fn headings_get_slug_ids() {
    let rendered = ok("# Perché è così\n\n## Intro\n\n## Intro\n\n### Intro\n\n## ???\n");
    assert_eq!(
        rendered.html,
        "<h1 id=\"perche-e-cosi\">Perché è così</h1>\n<h2 id=\"intro\">Intro</h2>\n\
         <h2 id=\"intro-1\">Intro</h2>\n<h3 id=\"intro-2\">Intro</h3>\n<h2 id=\"section\">???</h2>\n"
    );
    assert_eq!(
        rendered.heading_ids,
        ["perche-e-cosi", "intro", "intro-1", "intro-2", "section"]
    );
}

#[test]
fn custom_ids_win_and_reserve_their_name() {
    // The custom id comes after a heading whose slug is the same: that one steps aside.
    let rendered = ok("## Intro\n\n## Start {#intro .big}\n\nSetext {#x}\n---\n");
    assert_eq!(rendered.heading_ids, ["intro-1", "intro", "x"]);
    assert!(
        rendered.html.starts_with(
            "<h2 id=\"intro-1\">Intro</h2>\n<h2 id=\"intro\" class=\"big\">Start</h2>\n"
        ),
        "{}",
        rendered.html
    );
}

#[test]
fn heading_anchors_go_before_or_after_the_text() {
    let before = render_with(
        "## Hi *there*\n",
        &with(|o| o.heading_anchors = HeadingAnchors::Before),
    );
    assert_eq!(
        before.map(|r| r.html),
        Ok(
            "<h2 id=\"hi-there\"><a class=\"anchor\" href=\"#hi-there\" aria-hidden=\"true\" tabindex=\"-1\">#</a>\
            Hi <em>there</em></h2>\n"
                .to_string()
        )
    );
    let after = render_with(
        "## Hi\n",
        &with(|o| o.heading_anchors = HeadingAnchors::After),
    );
    assert_eq!(
        after.map(|r| r.html),
        Ok(
            "<h2 id=\"hi\">Hi<a class=\"anchor\" href=\"#hi\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2>\n"
                .to_string()
        )
    );
    assert_eq!(html("## Hi\n"), "<h2 id=\"hi\">Hi</h2>\n");
}

#[test]
fn toc_nests_headings_with_plain_titles() {
    let rendered =
        ok("# Top\n\n## A `code` & <b>b</b>\n\n### A.1\n\n## B\n\n#### B deep\n\n### B.1\n");
    let toc = serde_json::to_value(&rendered.toc).unwrap_or_default();
    assert_eq!(
        toc,
        json!([{"level": 1, "id": "top", "title": "Top", "children": [
            {"level": 2, "id": "a-code-b", "title": "A code & b", "children": [
                {"level": 3, "id": "a-1", "title": "A.1", "children": []}]},
            {"level": 2, "id": "b", "title": "B", "children": [
                {"level": 4, "id": "b-deep", "title": "B deep", "children": []},
                {"level": 3, "id": "b-1", "title": "B.1", "children": []}]}]}])
    );
}

#[test]
fn toc_starting_below_h2_stays_flat_at_its_level() {
    let rendered = ok("### One\n\n### Two\n\n## Three\n");
    let shape: Vec<_> = rendered
        .toc
        .iter()
        .map(|e| (e.level, e.children.len()))
        .collect();
    assert_eq!(shape, [(3, 0), (3, 0), (2, 0)]);
}

// --- Summary ---

#[test]
fn summary_is_the_html_before_the_more_marker() {
    let rendered = ok("Intro *one*.\n\n<!-- more -->\n\nRest.\n");
    assert_eq!(
        rendered.summary.as_deref(),
        Some("<p>Intro <em>one</em>.</p>\n")
    );
    assert_eq!(
        rendered.html,
        "<p>Intro <em>one</em>.</p>\n<!-- more -->\n<p>Rest.</p>\n"
    );
    assert!(
        rendered
            .html
            .starts_with(rendered.summary.as_deref().unwrap_or("?"))
    );
}

#[test]
fn summary_needs_the_marker_on_its_own() {
    assert_eq!(ok("No marker.\n").summary, None);
    assert_eq!(ok("Inline <!-- more --> marker.\n").summary, None);
    assert_eq!(ok("> <!-- more -->\n\nquoted\n").summary, None);
    assert_eq!(ok("`<!-- more -->`\n").summary, None);
    assert_eq!(
        ok("A\n\n<!--more-->\n").summary.as_deref(),
        Some("<p>A</p>\n")
    );
    assert_eq!(ok("<!-- more -->\nB\n").summary.as_deref(), Some(""));
}

#[test]
fn a_summary_has_no_footnotes_and_no_anchors_that_dangle() {
    let rendered = ok("See[^n] [below](#more).\n\n[^n]: Note.\n\n<!-- more -->\n\n## More\n");
    assert_eq!(
        rendered.summary.as_deref(),
        Some("<p>See <a href=\"#more\">below</a>.</p>\n")
    );
    assert!(rendered.html.contains("footnote-reference"));
}

// --- Word count ---

#[test]
fn counts_words_of_prose_and_code() {
    let rendered = ok(
        "# Title here\n\nL'intelligenza è *arti*ficiale — davvero.\n\n```\nlet x = 1;\n```\n\n\
         Use `cargo build` ![alt text ignored](x.png).\n",
    );
    // 2 (title) + 4 (l'intelligenza è artificiale davvero) + 3 (let x 1) + 3 (use cargo build).
    assert_eq!(rendered.word_count, 12);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn never_panics_on_any_text(source in "\\PC*") {
        let _ = render_with(&source, &MarkdownOptions::default());
    }

    #[test]
    fn never_panics_on_markdown_and_shortcode_soup(
        pieces in proptest::collection::vec(prop_oneof![
            Just("{{ badge(text=\"a\") }}"), Just("{% note() %}"), Just("{% end %}"),
            Just("{{ raw() }}"), Just("{{/* x */}}"), Just("{{ nope("), Just("\"'"),
            Just("`"), Just("```\n"), Just("    "), Just("\n"), Just("\n\n"), Just("# "),
            Just("## H {#h}"), Just("[l](@/chips.md#a)"), Just("[b](@/x)"), Just("[^1]"),
            Just("[^1]: n\n"), Just("<!-- more -->\n"), Just("<div>"), Just("| a |\n|-|\n"),
            Just("- [ ] "), Just("> "), Just("*"), Just("é"), Just("\u{E000}"), Just("{{"),
            Just("{%"), Just("}}"), Just("%}"), Just("word "),
        ], 0..40)
    ) {
        let source: String = pieces.concat();
        let first = render_with(&source, &MarkdownOptions::default());
        let second = render_with(&source, &MarkdownOptions::default());
        match (&first, &second) {
            (Ok(a), Ok(b)) => prop_assert_eq!(&a.html, &b.html),
            (Err(a), Err(b)) => {
                prop_assert_eq!(a, b);
                for error in a {
                    prop_assert!(source.get(error.span()).is_some(), "bad span {:?}", error);
                }
            }
            _ => prop_assert!(false, "not deterministic"),
        }
    }
}
