//! Template functions and filters beyond the bilingual fixture (json_encode, slugify, `url` errors),
//! feed options, and how template mistakes are reported. Each test edits a copy of `tiny`.

mod common;

use common::*;

/// Appends `text` to tiny's page.html.
fn with_page_template_extra(site: &Site, text: &str) {
    let template = site.read("templates/page.html");
    let template = template.replace("</body>", &format!("{text}\n</body>"));
    site.write("templates/page.html", template);
}

#[test]
fn json_encode_is_safe_inside_a_script_element() {
    let site = Site::copy("tiny");
    with_page_template_extra(
        &site,
        r#"<script type="application/ld+json">{{ {"@type": "Article", "headline": page.title} | json_encode }}</script>"#,
    );
    site.write(
        "content/j.md",
        "---\ntitle: \"Chiudi </script> & <b>apri</b>\"\ndate: 2024-01-01\n---\nx\n",
    );
    site.build_ok(&[]);
    let raw = site.output("j/index.html");
    let html = site.html("j/index.html");
    let script = text(one(&html, "script[type='application/ld+json']"));
    let value: serde_json::Value = serde_json::from_str(&script).expect("the script holds JSON");
    assert_eq!(value["@type"], "Article");
    assert_eq!(value["headline"], "Chiudi </script> & <b>apri</b>");
    assert_eq!(
        raw.matches("</script>").count(),
        1,
        "the title cannot close the script element: {raw}"
    );
}

#[test]
fn slugify_drops_accents_and_punctuation() {
    let site = Site::copy("tiny");
    with_page_template_extra(
        &site,
        r#"<p class="slug">{{ "Perché è così" | slugify }}</p>"#,
    );
    site.build_ok(&[]);
    assert_eq!(
        text(one(&site.html("a/index.html"), "p.slug")),
        "perche-e-cosi"
    );
}

#[test]
fn the_date_filter_takes_a_language_and_the_documented_codes() {
    let site = Site::copy("tiny");
    with_page_template_extra(
        &site,
        r#"<p class="d1">{{ page.date | date(format="%A %-d %B %Y", lang="it") }}</p><p class="d2">{{ page.date | date(format="%a %b %d, %Y", lang="en") }}</p><p class="d3">{{ page.date | date(format="%d/%m/%Y") }}</p>"#,
    );
    site.build_ok(&[]);
    let a = site.html("a/index.html");
    assert_eq!(text(one(&a, "p.d1")), "mercoledì 27 marzo 2024");
    assert_eq!(text(one(&a, "p.d2")), "Wed Mar 27, 2024");
    assert_eq!(text(one(&a, "p.d3")), "27/03/2024");
}

#[test]
fn url_to_a_missing_page_is_an_error_in_the_template() {
    let site = Site::copy("tiny");
    with_page_template_extra(&site, r#"<a href="{{ url(path="@/zzz.md") }}">x</a>"#);
    let before = snapshot(&site.root);
    let run = site.build(&[]);
    run.expect_code(1);
    let errors = errors(&run.stderr);
    assert!(!errors.is_empty(), "{}", run.stderr);
    assert!(
        errors.iter().all(|e| e.contains("zzz.md")),
        "{}",
        run.stderr
    );
    assert!(
        locations(&run.stderr)
            .iter()
            .all(|l| l.starts_with("templates/page.html:")),
        "{}",
        run.stderr
    );
    assert!(!site.out.exists(), "nothing is written");
    assert_eq!(
        changed_files(&before, &snapshot(&site.root)),
        Vec::<String>::new()
    );
}

#[test]
fn a_template_mistake_met_by_several_pages_is_not_reported_as_several_errors() {
    // One mistake in page.html, rendered for three pages: the editor should read about it once
    // (or once per page, naming the page), not three identical times.
    let site = Site::copy("tiny");
    with_page_template_extra(&site, r#"<a href="{{ url(path="@/zzz.md") }}">x</a>"#);
    let run = site.build(&[]);
    run.expect_code(1);
    let blocks: Vec<&str> = run
        .stderr
        .split("\n\n")
        .filter(|b| b.starts_with("error"))
        .collect();
    let unique: std::collections::BTreeSet<&&str> = blocks.iter().collect();
    assert_eq!(
        unique.len(),
        blocks.len(),
        "the same diagnostic is printed {} times:\n{}",
        blocks.len(),
        run.stderr
    );
}

#[test]
fn feed_false_writes_no_feed() {
    let site = Site::copy("tiny");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}feed: false\n"));
    site.build_ok(&[]);
    assert!(!site.has_output("atom.xml"));
    assert!(!site.has_output("en/atom.xml"));
    assert!(site.has_output("sitemap.xml"));
}

#[test]
fn a_taxonomy_with_feed_true_gets_a_feed_per_term() {
    // site.yaml: `taxonomies: [{name, feed}]`; `feed: true` gives each term its own Atom feed.
    let site = Site::copy("tiny");
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        config.replace("  - name: tags\n", "  - name: tags\n    feed: true\n"),
    );
    site.build_ok(&[]);
    let feeds: Vec<String> = list_files(&site.out)
        .into_iter()
        .filter(|f| f.starts_with("tags/uno/") && f.ends_with(".xml"))
        .collect();
    assert_eq!(
        feeds.len(),
        1,
        "no feed for the term `uno`: {:?}",
        list_files(&site.out)
    );
    let feed = parse_xml(&site.output(&feeds[0])).expect("the term feed is well-formed XML");
    let titles: Vec<String> = feed
        .children_named("entry")
        .map(|e| e.child("title").text())
        .collect();
    assert_eq!(titles, ["A"]);
}

#[test]
fn a_bad_base_url_is_a_usage_error_with_a_hint() {
    let site = Site::copy("tiny");
    let run = site.build(&["--base-url", "not a url"]);
    run.expect_code(1);
    assert_eq!(errors(&run.stderr).len(), 1, "{}", run.stderr);
    assert!(
        hints(&run.stderr)
            .iter()
            .any(|h| h.contains("--base-url https://")),
        "{}",
        run.stderr
    );
    assert!(!site.out.exists());
}
