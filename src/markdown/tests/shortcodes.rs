//! Shortcodes in pages: placement of their output, block bodies, code, errors, the calls' args.

use serde_json::json;

use super::*;

#[test]
fn inline_shortcodes_stay_in_their_paragraph() {
    assert_eq!(
        html("Price: {{ badge(text=\"new\") }} now."),
        "<p>Price: <span class=\"badge\">new</span> now.</p>\n"
    );
}

#[test]
fn inline_shortcodes_with_block_output_are_not_put_in_paragraphs() {
    assert_eq!(
        html("{{ figure(src=\"a.png\") }}\n\nText {{ figure(src=\"b.png\") }} more.\n"),
        "<figure><img src=\"a.png\"></figure>\n<p>Text</p>\n<figure><img src=\"b.png\"></figure>\n\
         <p>more.</p>\n"
    );
}

#[test]
fn shortcode_output_is_not_parsed_as_markdown() {
    assert_eq!(
        html("A {{ raw() }} B\n\n{% raw() %}\nx\n{% end %}\n"),
        "<p>A *not emphasis* <b>bold</b> B</p>\n*not emphasis* <b>bold</b>\n"
    );
}

#[test]
fn shortcodes_in_code_are_left_alone() {
    let source = "Inline `{{ badge(text=\"x\") }}` code.\n\n\
                  ```\n{{ badge(text=\"x\") }}\n{% note() %}\n```\n\n\
                  ~~~md\n{% end %}\n~~~\n\n    {{ nope() }}\n";
    assert_eq!(
        html(source),
        "<p>Inline <code>{{ badge(text=\"x\") }}</code> code.</p>\n\
         <pre><code>{{ badge(text=\"x\") }}\n{% note() %}\n</code></pre>\n\
         <pre><code class=\"language-md\">{% end %}\n</code></pre>\n\
         <pre><code>{{ nope() }}\n</code></pre>\n"
    );
}

#[test]
fn block_shortcodes_render_their_body_as_markdown_outside_paragraphs() {
    let source = "Before.\n\n{% note(kind=\"tip\") %}\nA **bold** [link](@/chips.md).\n\n- item\n{% end %}\n\nAfter.\n";
    let shortcodes = Shortcodes::default();
    let rendered = render(&RenderInput {
        source,
        options: &MarkdownOptions::default(),
        links: &Links,
        shortcodes: &shortcodes,
        glossary: None,
        images: None,
    });
    let body = "<p>A <strong>bold</strong> <a href=\"/it/chips/\">link</a>.</p>\n<ul>\n<li>item</li>\n</ul>\n";
    assert_eq!(
        rendered.as_ref().map(|r| r.html.as_str()),
        Ok(
            format!("<p>Before.</p>\n<div class=\"note tip\">{body}</div>\n<p>After.</p>\n")
                .as_str()
        )
    );
    let calls = shortcodes
        .calls
        .lock()
        .map(|c| c.clone())
        .unwrap_or_default();
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(
        (call.name.as_str(), &call.args),
        ("note", &json!({"kind": "tip"}))
    );
    assert_eq!(call.body.as_deref(), Some(body));
    assert_eq!(
        &source[call.offset..call.offset + call.len],
        "{% note(kind=\"tip\") %}"
    );
    // The link in the body is listed at its place in the page.
    let link = &rendered.map(|r| r.internal_links).unwrap_or_default()[0];
    assert_eq!(
        &source[link.offset..link.offset + link.len],
        "[link](@/chips.md)"
    );
}

#[test]
fn a_block_shortcode_inside_a_paragraph_splits_it() {
    assert_eq!(
        html("Before\n{% note() %}body{% end %}\nafter *this*."),
        "<p>Before</p>\n<div class=\"note \"><p>body</p>\n</div>\n<p>after <em>this</em>.</p>\n"
    );
    assert_eq!(
        html("{% note() %}a{% end %}{% note() %}b{% end %}"),
        "<div class=\"note \"><p>a</p>\n</div>\n<div class=\"note \"><p>b</p>\n</div>\n"
    );
}

#[test]
fn block_shortcodes_nest() {
    assert_eq!(
        html(
            "{% note(kind=\"a\") %}\nout {{ badge(text=\"x\") }}\n\n{% note(kind=\"b\") %}\nin\n{% end %}\n{% end %}\n"
        ),
        "<div class=\"note a\"><p>out <span class=\"badge\">x</span></p>\n\
         <div class=\"note b\"><p>in</p>\n</div>\n</div>\n"
    );
}

#[test]
fn shortcodes_expand_in_raw_html_and_headings() {
    assert_eq!(
        html("<div>\n{{ badge(text=\"h\") }}\n</div>\n\n## Hot {{ badge(text=\"new\") }}\n"),
        "<div>\n<span class=\"badge\">h</span>\n</div>\n\
         <h2 id=\"hot\">Hot <span class=\"badge\">new</span></h2>\n"
    );
    assert_eq!(
        html("[x]({{ url() }})"),
        "<p><a href=\"https://example.org/x?a=1&amp;b=2\">x</a></p>\n"
    );
}

#[test]
fn text_that_only_looks_like_a_shortcode_stays_text() {
    assert_eq!(
        html("Use {{ not a call }} and {% if x %} or {{}} {%"),
        "<p>Use {{ not a call }} and {% if x %} or {{}} {%</p>\n"
    );
}

#[test]
fn the_escape_hatch_shows_a_call_literally() {
    assert_eq!(
        html("Write {{/* badge(text=\"<x>\") */}} or {%/* note() */%}."),
        "<p>Write {{ badge(text=\"&lt;x&gt;\") }} or {% note() %}.</p>\n"
    );
}

#[test]
fn shortcode_syntax_errors_point_at_the_call() {
    let source = "a {{ badge(text=) }} b\n\n{{ badge(text=\"x\" n=1) }}\n";
    assert_eq!(
        errors(source),
        [
            ("{{ badge(text=) }}", "expected a value".to_string()),
            (
                "{{ badge(text=\"x\" n=1) }}",
                "expected `,` or `)` after an argument".to_string()
            ),
        ]
    );
}

#[test]
fn unclosed_and_stray_blocks_are_errors() {
    assert_eq!(
        errors("x\n\n{% note() %}\nbody\n"),
        [(
            "{% note() %}",
            "the block shortcode `note` is never closed".to_string()
        )]
    );
    assert_eq!(
        errors("x {% end %} y"),
        [(
            "{% end %}",
            "`{% end %}` without a block shortcode to close".to_string()
        )]
    );
}

#[test]
fn renderer_problems_are_errors_at_the_call() {
    let source = "Text {{ nope(a=1) }}.\n\n{% missing() %}\nbody\n{% end %}\n";
    let errors = render_with(source, &MarkdownOptions::default())
        .err()
        .unwrap_or_default();
    let found: Vec<_> = errors
        .iter()
        .map(|e| (&source[e.span()], e.message.as_str(), e.hint.is_some()))
        .collect();
    assert_eq!(
        found,
        [
            ("{{ nope(a=1) }}", "unknown shortcode `nope`", true),
            ("{% missing() %}", "unknown shortcode `missing`", true),
        ]
    );
}

#[test]
fn every_error_of_the_page_is_reported_in_order() {
    let source = "## T\n\n{% note() %}\nA [bad](@/gone.md) link.\n{% end %}\n\n\
                  {{ nope() }} and [worse](@/nothing.md) {{ badge(x=) }}\n\n{% end %}\n";
    assert_eq!(
        errors(source),
        [
            ("[bad](@/gone.md)", "no page `gone.md`".to_string()),
            ("{{ nope() }}", "unknown shortcode `nope`".to_string()),
            ("[worse](@/nothing.md)", "no page `nothing.md`".to_string()),
            ("{{ badge(x=) }}", "expected a value".to_string()),
            (
                "{% end %}",
                "`{% end %}` without a block shortcode to close".to_string()
            ),
        ]
    );
}

#[test]
fn headings_in_bodies_share_the_page_ids() {
    let rendered = ok("## Intro\n\n{% note() %}\n## Intro\n{% end %}\n");
    assert_eq!(rendered.heading_ids, ["intro", "intro-1"]);
    assert_eq!(rendered.toc.len(), 2);
}

#[test]
fn rendering_is_deterministic() {
    let source =
        "# A\n\n{% note() %}\n## B {{ badge(text=\"c\") }}\n{% end %}\n\n[x](@/chips.md)\n";
    let first = ok(source);
    let second = ok(source);
    assert_eq!(first.html, second.html);
    assert_eq!(first.toc, second.toc);
}

#[test]
fn private_use_characters_in_the_source_are_just_text() {
    let source = "\u{E000}0\u{E001} {{ badge(text=\"x\") }}";
    assert_eq!(
        html(source),
        "<p>\u{E000}0\u{E001} <span class=\"badge\">x</span></p>\n"
    );
}

#[test]
fn shortcodes_in_code_inside_a_body_are_left_alone() {
    assert_eq!(
        html("{% note() %}\nUse `{{ badge(text=\"x\") }}`.\n{% end %}\n"),
        "<div class=\"note \"><p>Use <code>{{ badge(text=\"x\") }}</code>.</p>\n</div>\n"
    );
}

#[test]
fn pathological_inputs_take_linear_time() {
    // Each of these would take minutes if some scan restarted at every repetition.
    for unit in [
        "{{/* ",
        "{%/* ",
        "{{ a(",
        "{{ a(b=\"",
        "{% a() %}",
        "{% end %}",
        "{{ x() }}",
    ] {
        let source = unit.repeat(20_000);
        let _ = render_with(&source, &MarkdownOptions::default());
    }
}

#[test]
fn inline_calls_get_their_args_and_place() {
    let source =
        "Intro.\n\nA {{ badge(text='it\\'s', n=3, x=1.5, on=true, tags=[\"a\", 'b']) }} b.";
    let shortcodes = Shortcodes::default();
    let rendered = render(&RenderInput {
        source,
        options: &MarkdownOptions::default(),
        links: &Links,
        shortcodes: &shortcodes,
        glossary: None,
        images: None,
    });
    assert_eq!(
        rendered.map(|r| r.html),
        Ok("<p>Intro.</p>\n<p>A <span class=\"badge\">it's</span> b.</p>\n".to_string())
    );
    let calls = shortcodes
        .calls
        .lock()
        .map(|c| c.clone())
        .unwrap_or_default();
    let call = &calls[0];
    assert_eq!(call.name, "badge");
    assert_eq!(
        call.args,
        json!({"text": "it's", "n": 3, "x": 1.5, "on": true, "tags": ["a", "b"]})
    );
    assert_eq!(call.body, None);
    assert_eq!(
        &source[call.offset..call.offset + call.len],
        "{{ badge(text='it\\'s', n=3, x=1.5, on=true, tags=[\"a\", 'b']) }}"
    );
}
