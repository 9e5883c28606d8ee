//! The search index (`search: true`): one JSON file per language with pages, glossary terms and
//! timeline events as plain text, under the base path.

mod common;

use common::*;
use serde_json::Value;

fn site_with_search() -> Site {
    let site = Site::copy("tiny");
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!(
            "{config}search: true\nglossary:\n  paths: {{it: \"glossario/\", en: \"en/glossary/\"}}\ntimeline:\n  paths: {{it: \"cronologia/\", en: \"en/timeline/\"}}\n  categories:\n    - {{id: deal, label: {{it: Accordi, en: Deals}}}}\n"
        ),
    );
    site.write(
        "content/data/glossary.yaml",
        "- id: gpu\n  term: {it: GPU, en: GPU}\n  aliases: {it: [processore grafico], en: [graphics processor]}\n  definition: {it: \"Un processore *parallelo*.\", en: \"A *parallel* processor.\"}\n",
    );
    site.write(
        "content/data/timeline.yaml",
        "- id: primo\n  date: 2023-09-25\n  title: {it: Primo accordo, en: First deal}\n  summary: {it: \"Amazon investe in **Anthropic**.\", en: \"Amazon invests in **Anthropic**.\"}\n  category: deal\n",
    );
    for (name, body) in [
        ("glossary.html", "{{ glossary.letters | length }}"),
        ("timeline.html", "{{ timeline.years | length }}"),
    ] {
        site.write(
            &format!("templates/{name}"),
            format!("<!DOCTYPE html><html lang=\"{{{{ lang }}}}\"><head><meta charset=\"utf-8\"><title>x</title></head><body>{body}</body></html>"),
        );
    }
    site.write(
        "content/a.md",
        "---\ntitle: A\ndescription: Una pagina sulla GPU\ndate: 2024-03-27\n---\nPagina <em>A</em> &amp; Perché.\n",
    );
    site
}

fn index(site: &Site, file: &str) -> Vec<Value> {
    let text = site.output(file);
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(docs)) => docs,
        other => panic!("{file} is not a JSON array: {other:?}"),
    }
}

fn find<'a>(docs: &'a [Value], kind: &str, title: &str) -> &'a Value {
    docs.iter()
        .find(|d| d["kind"] == kind && d["title"] == title)
        .unwrap_or_else(|| panic!("no {kind} `{title}` in {docs:#?}"))
}

#[test]
fn each_language_gets_an_index_of_pages_terms_and_events() {
    let site = site_with_search();
    site.build_ok(&[]);
    let it = index(&site, "search.json");
    let page = find(&it, "page", "A");
    assert_eq!(page["url"], "/a/");
    assert_eq!(page["text"], "Una pagina sulla GPU Pagina A & Perché.");
    let term = find(&it, "term", "GPU");
    assert_eq!(term["url"], "/glossario/#term-gpu");
    assert_eq!(term["text"], "processore grafico Un processore parallelo.");
    let event = find(&it, "event", "Primo accordo");
    assert_eq!(event["url"], "/cronologia/#primo");
    assert_eq!(
        event["text"],
        "25 settembre 2023 Amazon investe in Anthropic."
    );
    assert!(
        it.iter()
            .all(|d| d["kind"] != "page" || d["title"] != "B in English"),
        "the Italian index holds only Italian pages"
    );

    let en = index(&site, "en/search.json");
    assert_eq!(find(&en, "page", "B in English")["url"], "/en/b/");
    assert_eq!(find(&en, "term", "GPU")["url"], "/en/glossary/#term-gpu");
    assert_eq!(
        find(&en, "event", "First deal")["url"],
        "/en/timeline/#primo"
    );
}

#[test]
fn urls_keep_the_base_path() {
    let site = site_with_search();
    site.build_ok(&["--base-url", "https://example.org/sub/"]);
    let it = index(&site, "search.json");
    assert!(
        it.iter()
            .all(|d| d["url"].as_str().is_some_and(|u| u.starts_with("/sub/"))),
        "{it:#?}"
    );
}

#[test]
fn no_index_unless_asked_for() {
    let site = Site::copy("tiny");
    site.build_ok(&[]);
    assert!(!site.has_output("search.json"));
    assert!(!site.has_output("en/search.json"));
}
