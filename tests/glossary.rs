//! Glossary auto-linking, end to end: a copy of `tiny` with a glossary, pages with the tricky cases
//! (code, links, headings, shortcodes, accents, apostrophes, aliases, longest match, first
//! occurrence), read back with an HTML parser.

mod common;

use common::*;

const GLOSSARY: &str = r#"
- id: gpu
  term: {it: GPU, en: GPU}
  aliases: {it: ["processore grafico", "processori grafici"], en: ["graphics processor"]}
  definition: {it: "Un processore per calcoli *in parallelo*.", en: "A processor for *parallel* work."}
- id: chip-ai
  term: {it: "chip per l'IA", en: "AI chip"}
  definition: {it: "Un chip fatto per l'intelligenza artificiale.", en: "A chip made for AI."}
- id: chip
  term: {it: chip, en: chip}
  definition: {it: "Un circuito integrato.", en: "An integrated circuit."}
- id: unita
  term: {it: "unità di calcolo", en: "compute unit"}
  definition: {it: "Una parte del processore.", en: "A part of the processor."}
- id: nvidia
  term: {it: Nvidia, en: Nvidia}
  definition: {it: "Un'azienda di chip.", en: "A chip company."}
- id: cloud
  term: {it: cloud, en: cloud}
  definition: {it: "Calcolo a noleggio.", en: "Rented computing."}
  autolink: false
"#;

/// `tiny` with a glossary page in both languages and the `glossary` data file.
fn site_with_glossary() -> Site {
    let site = Site::copy("tiny");
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{config}glossary:\n  paths: {{it: \"glossario/\", en: \"en/glossary/\"}}\n"),
    );
    site.write("content/data/glossary.yaml", GLOSSARY);
    site.write(
        "templates/glossary.html",
        r#"<!DOCTYPE html><html lang="{{ lang }}"><head><meta charset="utf-8"><title>g</title></head><body>
{% for letter in glossary.letters %}{% for term in letter.terms %}<dfn id="term-{{ term.id }}">{{ term.term }}</dfn>{% endfor %}{% endfor %}
</body></html>"#,
    );
    let template = site.read("templates/page.html").replace(
        "</body>",
        r#"<ul class="previews">{% for term in page.glossary %}<li data-id="{{ term.id }}" data-path="{{ term.path }}">{{ term.definition | safe }}</li>{% endfor %}</ul>
</body>"#,
    );
    site.write("templates/page.html", template);
    site.write(
        "templates/shortcodes/box.html",
        r#"<div class="box">{{ body | safe }}</div>"#,
    );
    site.write(
        "templates/shortcodes/word.html",
        r#"<span class="word">GPU e Nvidia</span>"#,
    );
    site
}

/// The `data-term` of every glossary link in the page's `main`-less body, in document order,
/// with the text of each link.
fn links(html: &scraper::Html) -> Vec<(String, String)> {
    select(html, "a.glossary-term")
        .into_iter()
        .map(|a| {
            (
                a.value().attr("data-term").unwrap_or_default().to_string(),
                text(a),
            )
        })
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_first_occurrence_of_each_term_links_to_its_entry() {
    let site = site_with_glossary();
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\nUna GPU qui, un'altra GPU là.\n\nE ancora GPU.\n",
    );
    site.build_ok(&[]);
    let html = site.html("p/index.html");
    assert_eq!(links(&html), pairs(&[("gpu", "GPU")]));
    assert_eq!(
        attr(&html, "a.glossary-term", "href"),
        "/glossario/#term-gpu"
    );
    // The glossary page has the anchor the link points at.
    let glossary = site.html("glossario/index.html");
    assert_eq!(text(one(&glossary, "dfn#term-gpu")), "GPU");
}

#[test]
fn aliases_link_and_count_as_the_same_term() {
    let site = site_with_glossary();
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\nDue processori grafici e poi una GPU.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        links(&site.html("p/index.html")),
        pairs(&[("gpu", "processori grafici")])
    );
}

#[test]
fn matching_ignores_case_but_not_accents_or_word_boundaries() {
    let site = site_with_glossary();
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\nLe GPUs no, le NVIDIAs no, le unita di calcolo no, le UNITÀ DI CALCOLO sì, nvidia sì.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        links(&site.html("p/index.html")),
        pairs(&[("unita", "UNITÀ DI CALCOLO"), ("nvidia", "nvidia")])
    );
}

#[test]
fn apostrophes_end_words_and_match_in_terms() {
    let site = site_with_glossary();
    // Smart punctuation turns ' into ’: the term written with ' still matches.
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\nDell'Nvidia's scelta, e un chip per l'IA.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        links(&site.html("p/index.html")),
        pairs(&[("nvidia", "Nvidia"), ("chip-ai", "chip per l’IA")])
    );
}

#[test]
fn the_longest_form_wins_and_the_shorter_term_still_links_later() {
    let site = site_with_glossary();
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\nUn chip per l'IA. Poi un chip qualsiasi.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        links(&site.html("p/index.html")),
        pairs(&[("chip-ai", "chip per l’IA"), ("chip", "chip")])
    );
}

#[test]
fn never_in_headings_links_code_or_shortcode_output() {
    let site = site_with_glossary();
    // Images must exist: an SVG is shown as it is.
    site.write(
        "static/x.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\n## La GPU\n\n[una GPU](https://example.org/) e `GPU` e {{ word() }}\n\n```\nGPU\n```\n\n{% box() %}\nUna GPU nel riquadro.\n{% end %}\n\n![GPU](/x.svg)\n\nInfine la GPU.\n",
    );
    site.build_ok(&[]);
    let html = site.html("p/index.html");
    assert_eq!(links(&html), pairs(&[("gpu", "GPU")]));
    let link = one(&html, "a.glossary-term");
    let parent = link
        .parent()
        .and_then(scraper::ElementRef::wrap)
        .expect("the link has a parent element");
    assert_eq!(parent.value().name(), "p");
    assert!(
        text(parent).starts_with("Infine"),
        "linked in the wrong place"
    );
    assert!(select(&html, "h2 a.glossary-term").is_empty());
    assert!(select(&html, ".box a.glossary-term").is_empty());
    assert!(select(&html, ".word a.glossary-term").is_empty());
}

#[test]
fn terms_split_by_inline_formatting_are_not_joined() {
    let site = site_with_glossary();
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\nUn *processore* grafico, poi un processore grafico.\n",
    );
    site.build_ok(&[]);
    let html = site.html("p/index.html");
    assert_eq!(links(&html), pairs(&[("gpu", "processore grafico")]));
    assert!(select(&html, "em a.glossary-term").is_empty());
}

#[test]
fn terms_in_lists_tables_and_emphasis_link() {
    let site = site_with_glossary();
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\n- una *GPU*\n\n| a | b |\n|---|---|\n| Nvidia | x |\n",
    );
    site.build_ok(&[]);
    let html = site.html("p/index.html");
    assert_eq!(links(&html), pairs(&[("gpu", "GPU"), ("nvidia", "Nvidia")]));
    assert_eq!(select(&html, "li em a.glossary-term").len(), 1);
    assert_eq!(select(&html, "td a.glossary-term").len(), 1);
}

#[test]
fn each_language_links_its_own_forms_to_its_own_glossary() {
    let site = site_with_glossary();
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\nUn processore grafico.\n",
    );
    site.write(
        "content/p.en.md",
        "---\ntitle: P\n---\nA graphics processor, not a processore grafico.\n",
    );
    site.build_ok(&[]);
    let en = site.html("en/p/index.html");
    assert_eq!(links(&en), pairs(&[("gpu", "graphics processor")]));
    assert_eq!(
        attr(&en, "a.glossary-term", "href"),
        "/en/glossary/#term-gpu"
    );
}

#[test]
fn a_page_or_a_term_can_opt_out() {
    let site = site_with_glossary();
    site.write(
        "content/p.md",
        "---\ntitle: P\nglossary: false\n---\nUna GPU.\n",
    );
    site.write("content/q.md", "---\ntitle: Q\n---\nIl cloud e la GPU.\n");
    site.build_ok(&[]);
    assert!(links(&site.html("p/index.html")).is_empty());
    assert_eq!(links(&site.html("q/index.html")), pairs(&[("gpu", "GPU")]));
}

#[test]
fn the_page_lists_its_linked_terms_with_definitions_for_previews() {
    let site = site_with_glossary();
    site.write("content/p.md", "---\ntitle: P\n---\nNvidia fa la GPU.\n");
    site.build_ok(&[]);
    let html = site.html("p/index.html");
    let ids = attrs(&html, "ul.previews li", "data-id");
    assert_eq!(ids, ["nvidia", "gpu"]);
    assert_eq!(
        attrs(&html, "ul.previews li", "data-path"),
        ["/glossario/#term-nvidia", "/glossario/#term-gpu"]
    );
    assert_eq!(
        select(&html, "ul.previews li em").len(),
        1,
        "definitions are HTML"
    );
}

#[test]
fn under_a_sub_path_links_keep_it() {
    let site = site_with_glossary();
    site.write("content/p.md", "---\ntitle: P\n---\nUna GPU.\n");
    site.build_ok(&["--base-url", "https://example.org/sub/"]);
    assert_eq!(
        attr(&site.html("p/index.html"), "a.glossary-term", "href"),
        "/sub/glossario/#term-gpu"
    );
}

#[test]
fn check_warns_about_terms_no_page_uses() {
    let site = site_with_glossary();
    site.write("content/p.md", "---\ntitle: P\n---\nUna GPU e Nvidia.\n");
    let run = site.check(&[]);
    run.success();
    let stderr = &run.stderr;
    let warned: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("warning: no page uses the glossary term `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    assert!(warned.contains(&"chip"), "no warning for `chip`: {stderr}");
    assert!(
        warned.contains(&"unita"),
        "no warning for `unita`: {stderr}"
    );
    assert!(!warned.contains(&"gpu"), "`gpu` is used: {stderr}");
    let strict = site.check(&["--strict"]);
    strict.expect_code(1);
}

#[test]
fn a_term_in_capitals_matches_only_in_capitals_unless_the_term_says_otherwise() {
    let site = site_with_glossary();
    let glossary = format!(
        "{GLOSSARY}- id: via\n  term: VIA\n  definition: \"Valutazione di impatto ambientale.\"\n- id: ram\n  term: RAM\n  definition: \"Memoria.\"\n  case_sensitive: false\n- id: arm\n  term: Arm\n  definition: \"Un'azienda.\"\n  case_sensitive: true\n"
    );
    site.write("content/data/glossary.yaml", glossary);
    site.write(
        "content/p.md",
        "---\ntitle: P\n---\nIn via Roma, la Via Appia. Un braccio: arm. La ram conta, e le gpu no.\n\nPoi la VIA, Arm e la GPU.\n",
    );
    site.build_ok(&[]);
    assert_eq!(
        links(&site.html("p/index.html")),
        pairs(&[
            ("ram", "ram"),
            ("via", "VIA"),
            ("arm", "Arm"),
            ("gpu", "GPU")
        ])
    );
}

#[test]
fn case_sensitive_must_be_true_or_false() {
    let site = site_with_glossary();
    site.write(
        "content/data/glossary.yaml",
        format!(
            "{GLOSSARY}- id: via\n  term: VIA\n  definition: \"V.\"\n  case_sensitive: sometimes\n"
        ),
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        ["`case_sensitive` must be `true` or `false`, not the text `sometimes`"]
    );
}
