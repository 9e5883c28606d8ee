//! Tests of the tag grammar: values, spacing, escapes, prose that only looks like a tag, errors.

use super::*;
use serde_json::json;

fn tag_at(src: &str, at: usize, delim: Delim) -> Option<Scanned> {
    super::tag_at(src, at, delim, &mut LiteralEnds::default())
}

fn call(src: &str) -> (String, Args) {
    let delim = if src.starts_with("{%") {
        Delim::Block
    } else {
        Delim::Inline
    };
    match tag_at(src, 0, delim) {
        Some(Scanned {
            tag: Tag::Call { name, args, .. },
            span,
        }) => {
            assert_eq!(span, 0..src.len(), "the call spans all of {src:?}");
            (name, args)
        }
        other => panic!("{src:?} is not a call: {other:?}"),
    }
}

fn error(src: &str) -> (String, Range<usize>) {
    match tag_at(src, 0, Delim::Inline) {
        Some(Scanned {
            tag: Tag::Error { message, .. },
            span,
        }) => (message, span),
        other => panic!("{src:?} is not an error: {other:?}"),
    }
}

#[test]
fn parses_every_kind_of_value() {
    let (name, args) = call(
        r#"{{ figure(src="a \"b\"", alt='it\'s', n=3, neg=-2, x=1.5, e=2e3, flag=true, off=false, list=["a", 'b', 1, [true]],) }}"#,
    );
    assert_eq!(name, "figure");
    assert_eq!(
        serde_json::to_value(&args).unwrap(),
        json!({"src": "a \"b\"", "alt": "it's", "n": 3, "neg": -2, "x": 1.5, "e": 2000.0,
               "flag": true, "off": false, "list": ["a", "b", 1, [true]]})
    );
    assert!(args["n"].is_i64());
    assert!(args["x"].is_f64());
}

#[test]
fn accepts_tight_and_multiline_spacing() {
    assert_eq!(call("{{x()}}").0, "x");
    let (name, args) = call("{% my-note(\n  kind=\"tip\",\n  n=1\n) %}");
    assert_eq!(name, "my-note");
    assert_eq!(args.len(), 2);
}

#[test]
fn unknown_escapes_keep_their_backslash() {
    let (_, args) = call(r#"{{ f(p="C:\dir\n\\x") }}"#);
    assert_eq!(args["p"], json!("C:\\dir\n\\x"));
}

#[test]
fn prose_that_only_looks_like_a_tag_is_not_a_call() {
    for src in [
        "{{ not a call }}",
        "{{ }}",
        "{{ 3(x=1) }}",
        "{% if x %}",
        "{% end of story %}",
        "{{/* never closed",
        "{{",
    ] {
        let delim = if src.starts_with("{%") {
            Delim::Block
        } else {
            Delim::Inline
        };
        assert_eq!(tag_at(src, 0, delim), None, "{src:?}");
    }
}

#[test]
fn end_tags() {
    for src in ["{% end %}", "{%end%}", "{%  end\n%}"] {
        assert_eq!(
            tag_at(src, 0, Delim::Block),
            Some(Scanned {
                tag: Tag::End,
                span: 0..src.len()
            })
        );
    }
}

#[test]
fn literal_ends_are_found_in_one_scan() {
    let mut ends = LiteralEnds::default();
    let src = "{{/* a */}} {{/* b */}} {%/* c";
    assert_eq!(ends.next(src, 4, Delim::Inline), Some(7));
    assert_eq!(ends.next(src, 5, Delim::Inline), Some(7));
    assert_eq!(ends.next(src, 16, Delim::Inline), Some(19));
    assert_eq!(ends.next(src, 28, Delim::Block), None);
    assert_eq!(ends.next(src, 29, Delim::Block), None);
}

#[test]
fn the_escape_renders_the_inner_text_literally() {
    assert_eq!(
        tag_at("{{/* name(a=1) */}} rest", 0, Delim::Inline),
        Some(Scanned {
            tag: Tag::Literal("{{ name(a=1) }}".into()),
            span: 0..19
        })
    );
    assert_eq!(
        tag_at("{%/* note() */%}", 0, Delim::Block).map(|s| s.tag),
        Some(Tag::Literal("{% note() %}".into()))
    );
}

#[test]
fn errors_name_the_problem_and_span_the_call() {
    let src = "{{ name(arg=) }} after";
    let (message, span) = error(src);
    assert_eq!(message, "expected a value");
    assert_eq!(&src[span], "{{ name(arg=) }}");

    let (message, _) = error("{{ f(a=1 b=2) }}");
    assert_eq!(message, "expected `,` or `)` after an argument");
    let (message, _) = error("{{ f(a=1, a=2) }}");
    assert_eq!(message, "the argument `a` is given twice");
    let (message, _) = error("{{ f(a=yes) }}");
    assert_eq!(message, "unexpected `yes`");
    let (message, _) = error("{{ f(1) }}");
    assert_eq!(message, "expected an argument name or `)`");
    let (message, _) = error("{{ f(a=1) %}");
    assert_eq!(message, "expected `}}` to close the shortcode `f`");
    let (message, _) = error("{{ f(n=99999999999999999999) }}");
    assert_eq!(message, "the number `99999999999999999999` is out of range");
    let (message, _) = error("{{ f(n=1.) }}");
    assert_eq!(message, "expected digits after `.`");
}

#[test]
fn an_unterminated_string_error_stays_on_its_line() {
    let src = "{{ f(a=\"open) }}\nnext line \"\n";
    let (message, span) = error(src);
    assert_eq!(message, "unterminated string");
    assert_eq!(&src[span], "{{ f(a=\"open) }}");
}

#[test]
fn an_unclosed_call_error_ends_at_the_line_end() {
    let src = "{{ f(a=1\nmore";
    let (_, span) = error(src);
    assert_eq!(&src[span], "{{ f(a=1\nmore");
    let src = "{{ f(a=1 b\nmore";
    let (_, span) = error(src);
    assert_eq!(&src[span], "{{ f(a=1 b");
}

#[test]
fn deep_lists_are_refused_not_overflowed() {
    let src = format!("{{{{ f(a={}) }}}}", "[".repeat(10_000));
    let (message, _) = error(&src);
    assert_eq!(message, "lists are nested too deeply");
}
