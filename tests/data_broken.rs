//! The gallery of broken data sites: each case in tests/fixtures/broken-data/<case>/ holds the
//! files that differ from the good data fixture (tests/fixtures/data), with one mistake (or, for
//! `several-errors`, three in two files). The test builds the good fixture, copies the case over
//! it and builds again into the same output folder: the build exits 1, names the mistake at the
//! `file:line:column` of the value, gives a hint where there is one, leaves the previous output
//! alone, and `spiega check` reports the same. Some diagnostics are in tests/snapshots/ (NO_COLOR=1).

mod common;
#[path = "common/data.rs"]
mod data_support;

use common::*;
use data_support::*;

#[test]
fn unknown_field_suggests_the_nearest_field() {
    let failure = build_broken_data("unknown-field");
    assert_one_error(
        &failure,
        "unknown field `memory_bandwith` in `chips`",
        "content/data/chips.yaml:4:3",
        Some("did you mean `memory_bandwidth`?"),
    );
    insta::assert_snapshot!("data-unknown-field", errors_only(&failure));
}

#[test]
fn a_number_with_its_unit_is_the_wrong_type() {
    let failure = build_broken_data("wrong-type");
    assert_one_error(
        &failure,
        "`memory_bandwidth` must be a number (without its unit), not the text `3.35 TB/s`",
        "content/data/chips.yaml:17:21",
        None,
    );
}

#[test]
fn missing_required_field_is_reported_at_the_entry() {
    // tpu-v5p without `vendor`.
    let failure = build_broken_data("missing-required");
    assert_one_error(
        &failure,
        "the entry `tpu-v5p` has no `vendor`, which is required",
        "content/data/chips.yaml:27:7",
        Some("add `vendor: …` to it"),
    );
}

#[test]
fn a_value_outside_its_enum_suggests_the_nearest() {
    let failure = build_broken_data("enum");
    assert_one_error(
        &failure,
        "`labs` is not an allowed value of `kind`",
        "content/data/companies.yaml:11:9",
        Some("did you mean `lab`?"),
    );
}

#[test]
fn a_value_far_from_its_enum_lists_the_allowed_values() {
    let failure = build_broken_data("enum-far");
    assert_one_error(
        &failure,
        "`foundry` is not an allowed value of `kind`",
        "content/data/companies.yaml:25:9",
        Some("use one of `cloud`, `lab`, `chipmaker`"),
    );
}

#[test]
fn a_ref_to_an_unknown_id_suggests_the_nearest_id() {
    let failure = build_broken_data("unknown-ref");
    assert_one_error(
        &failure,
        "no `companies` entry has the id `nvidai`",
        "content/data/chips.yaml:16:11",
        Some("did you mean `nvidia`?"),
    );
    insta::assert_snapshot!("data-unknown-ref", errors_only(&failure));
}

#[test]
fn a_duplicate_id_names_both_places() {
    // A second `nvidia` appended at line 31; the first is on line 23.
    let failure = build_broken_data("duplicate-id");
    assert_one_error(
        &failure,
        "duplicate id `nvidia`",
        "content/data/companies.yaml:31:7",
        Some("give each entry its own id"),
    );
    assert!(
        failure
            .run
            .stderr
            .contains("note: `nvidia` is first used on line 23"),
        "{}",
        failure.run.stderr
    );
    insta::assert_snapshot!("data-duplicate-id", errors_only(&failure));
}

#[test]
fn a_missing_translation_names_the_language() {
    // h100's `description` has `it` and no `en`: reported at the map.
    let failure = build_broken_data("missing-translation");
    assert_one_error(
        &failure,
        "`description` is missing its `en` translation",
        "content/data/chips.yaml:20:5",
        Some("add `en: …` to the map"),
    );
    insta::assert_snapshot!("data-missing-translation", errors_only(&failure));
}

#[test]
fn an_unknown_source_in_cite_is_reported_at_its_markdown_line() {
    let failure = build_broken_data("unknown-cite");
    assert_one_error(
        &failure,
        "unknown source `axios-2023-9`",
        "content/storia.md:9:11",
        Some("did you mean `axios-2023-09`?"),
    );
    insta::assert_snapshot!("data-unknown-cite", errors_only(&failure));
}

#[test]
fn an_unknown_source_in_an_event_is_reported_at_its_value() {
    let failure = build_broken_data("unknown-event-source");
    assert_one_error(
        &failure,
        "no `sources` entry has the id `aws-2024-3`",
        "content/data/timeline.yaml:29:13",
        Some("did you mean `aws-2024-03`?"),
    );
}

#[test]
fn a_see_also_to_a_missing_term_is_an_error() {
    let failure = build_broken_data("see-also-missing");
    assert_one_error(
        &failure,
        "no `glossary` entry has the id `nvlink`",
        "content/data/glossary.yaml:10:19",
        Some("the ids of `glossary` are in content/data/glossary.yaml"),
    );
}

#[test]
fn an_invalid_date_in_an_event_is_reported_at_its_value() {
    let failure = build_broken_data("invalid-date");
    let stderr = &failure.run.stderr;
    let found = errors_and_locations(stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    assert!(
        found[0].0.starts_with("`2024-02-30` is not a valid date"),
        "{stderr}"
    );
    assert_eq!(found[0].1, "content/data/timeline.yaml:24:9", "{stderr}");
    assert!(stderr.contains("Failed 1 error;"), "{stderr}");
}

#[test]
fn a_page_ref_to_an_unknown_id_is_reported_in_its_front_matter() {
    let failure = build_broken_data("unknown-page-ref");
    assert_one_error(
        &failure,
        "no `companies` entry has the id `antropic`",
        "content/storia.md:4:21",
        Some("did you mean `anthropic`?"),
    );
}

#[test]
fn an_event_naming_an_unknown_page_is_an_error() {
    let failure = build_broken_data("unknown-event-page");
    assert_one_error(
        &failure,
        "no page `grafico.md` in content/",
        "content/data/timeline.yaml:44:22",
        Some("did you mean `grafici.md`?"),
    );
}

#[test]
fn an_unknown_timeline_argument_suggests_the_refs_field() {
    let failure = build_broken_data("timeline-unknown-argument");
    assert_one_error(
        &failure,
        "unknown argument `compnies` for shortcode `timeline`",
        "content/storia.en.md:12:1",
        Some("did you mean `companies`?"),
    );
}

#[test]
fn a_chart_of_an_unknown_field_suggests_the_number_field() {
    let failure = build_broken_data("chart-unknown-field");
    assert_one_error(
        &failure,
        "`chips` has no number field `memory_bandwith`",
        "content/grafici.md:7:1",
        Some("did you mean `memory_bandwidth`?"),
    );
}

#[test]
fn errors_in_two_data_files_are_reported_together_sorted_by_file() {
    // chips.yaml: a ref to `gogle` (line 29) and a month 13 (line 36); companies.yaml: a founding
    // year written in words (line 12).
    let failure = build_broken_data("several-errors");
    let stderr = &failure.run.stderr;
    assert_eq!(
        errors_and_locations(stderr),
        [
            (
                "no `companies` entry has the id `gogle`".to_string(),
                "content/data/chips.yaml:29:11".to_string()
            ),
            (
                "`2023-13` has no month 13: months go from 01 to 12".to_string(),
                "content/data/chips.yaml:36:13".to_string()
            ),
            (
                "`founded` must be a whole number, not the text `twenty`".to_string(),
                "content/data/companies.yaml:12:12".to_string()
            ),
        ],
        "{stderr}"
    );
    assert!(stderr.contains("Failed 3 errors;"), "{stderr}");
    insta::assert_snapshot!("data-several-errors", errors_only(&failure));
}

#[test]
fn the_same_data_mistakes_give_the_same_report_every_time() {
    let first = build_broken_data("several-errors");
    let second = build_broken_data("several-errors");
    assert_eq!(errors_only(&first), errors_only(&second));
}

#[test]
fn every_case_in_the_gallery_is_tested() {
    // A case added to tests/fixtures/broken-data/ without a test would prove nothing.
    let source = include_str!("data_broken.rs");
    let cases = std::fs::read_dir(fixture("broken-data")).expect("the gallery exists");
    for case in cases {
        let name = case.expect("a folder entry").file_name();
        let name = name.to_string_lossy();
        assert!(
            source.contains(&format!("build_broken_data(\"{name}\")")),
            "no test builds the case `{name}`"
        );
    }
}

#[test]
fn a_translation_in_an_unknown_language_is_an_error_at_its_key() {
    let failure = build_broken_data("unknown-language");
    assert_one_error(
        &failure,
        "`eng` is not a language of the site",
        "content/data/glossary.yaml:13:59",
        Some("did you mean `en`?"),
    );
}

#[test]
fn an_event_category_not_in_site_yaml_suggests_the_nearest() {
    let failure = build_broken_data("unknown-category");
    assert_one_error(
        &failure,
        "`deals` is not an allowed value of `category`",
        "content/data/timeline.yaml:12:13",
        Some("did you mean `deal`?"),
    );
}

#[test]
fn a_declared_collection_without_its_data_file_is_an_error() {
    let failure = build_broken_data("missing-data-file");
    let stderr = &failure.run.stderr;
    assert_eq!(
        errors(stderr),
        ["the collection `models` has no data file"],
        "{stderr}"
    );
    assert_eq!(locations(stderr), ["site.yaml"], "{stderr}");
    assert_eq!(
        error_hints(stderr),
        ["create content/data/models.yaml (a list of entries, each with an `id`)"]
    );
}

/// Writes a content page at `key` that would be published at the same URL as a generated page.
#[track_caller]
fn assert_url_clash_is_an_error(key: &str, url: &str) {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    site.write(
        key,
        "---\ntitle: \"Una pagina\"\ndate: 2024-01-01\n---\nTesto.\n",
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        errors(&run.stderr).contains(&format!(
            "two pages would be written to the same URL `{url}`"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        locations(&run.stderr).first().map(String::as_str),
        Some(format!("{key}:2:1").as_str()),
        "{}",
        run.stderr
    );
    assert_eq!(
        changed_files(&before, &snapshot(&site.out)),
        Vec::<String>::new()
    );
}

#[test]
fn a_page_at_the_url_of_a_data_entry_is_an_error() {
    assert_url_clash_is_an_error("content/chip/h100.md", "/chip/h100/");
}

#[test]
fn a_page_at_the_url_of_the_timeline_is_an_error() {
    assert_url_clash_is_an_error("content/cronologia.md", "/cronologia/");
}

#[test]
fn a_page_at_the_url_of_the_glossary_is_an_error() {
    assert_url_clash_is_an_error("content/glossario.md", "/glossario/");
}

#[test]
fn a_title_field_naming_no_field_is_an_error() {
    let site = Site::copy(FIXTURE);
    let config = site.read("site.yaml");
    let broken = config.replace("title_field: name", "title_field: nome");
    assert_ne!(config, broken, "the fixture changed");
    site.write("site.yaml", broken);
    let run = site.build(&[]);
    run.expect_code(1);
    assert_eq!(
        locations(&run.stderr),
        ["site.yaml:19:18"],
        "{}",
        run.stderr
    );
    assert_eq!(
        error_hints(&run.stderr),
        ["did you mean `name`?"],
        "{}",
        run.stderr
    );
}

#[test]
fn a_bool_written_as_yes_is_the_wrong_type() {
    // YAML 1.2: `yes` is text, not a boolean.
    let failure = build_broken_data("bool-yes");
    assert_one_error(
        &failure,
        "`available` must be `true` or `false`, not the text `yes`",
        "content/data/chips.yaml:29:14",
        None,
    );
}

#[test]
fn a_list_written_as_text_is_the_wrong_type() {
    let failure = build_broken_data("list-not-a-list");
    assert_one_error(
        &failure,
        "`tags` must be a list of texts, not the text `training, aws`",
        "content/data/chips.yaml:15:9",
        None,
    );
}

#[test]
fn the_caret_underlines_the_whole_value() {
    let failure = build_broken_data("list-not-a-list");
    let stderr = &failure.run.stderr;
    let lines: Vec<&str> = stderr.lines().collect();
    let at = lines
        .iter()
        .position(|l| l.starts_with("15 |"))
        .unwrap_or_else(|| panic!("no source line in {stderr}"));
    let carets = lines[at + 1].matches('^').count();
    assert_eq!(carets, "training, aws".len(), "{stderr}");
}

/// Builds the data fixture with a typo in company.html's `backrefs(…, field="vendor", …)`.
fn build_with_backrefs_typo() -> Run {
    let site = Site::copy(FIXTURE);
    let template = site.read("themes/mini/templates/company.html");
    let broken = template.replace(
        r#"backrefs(collection="chips", field="vendor""#,
        r#"backrefs(collection="chips", field="vendr""#,
    );
    assert_ne!(template, broken, "the fixture changed");
    site.write("themes/mini/templates/company.html", broken);
    site.build(&[])
}

#[test]
fn a_data_function_error_names_the_template_and_suggests_the_field() {
    let run = build_with_backrefs_typo();
    run.expect_code(1);
    let found = errors_and_locations(&run.stderr);
    assert!(!found.is_empty(), "{}", run.stderr);
    for (message, location) in &found {
        assert_eq!(
            message,
            "template error: backrefs: `chips` has no field `vendr` (did you mean `vendor`?)"
        );
        assert_eq!(location, "themes/mini/templates/company.html:11:34");
    }
}

#[test]
fn one_template_mistake_is_reported_once() {
    // Rendered for 4 companies in 2 languages, the same mistake is still one diagnostic.
    let run = build_with_backrefs_typo();
    run.expect_code(1);
    assert_eq!(errors_and_locations(&run.stderr).len(), 1, "{}", run.stderr);
    assert!(run.stderr.contains("Failed 1 error;"), "{}", run.stderr);
}

#[test]
fn a_broken_link_in_a_markdown_field_suggests_the_id() {
    let failure = build_broken_data("broken-link-in-translation");
    let stderr = &failure.run.stderr;
    let found = errors_and_locations(stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    assert_eq!(
        found[0].0,
        "broken internal link: no `chips` entry has the id `h10`"
    );
    assert!(
        found[0].1.starts_with("content/data/chips.yaml:"),
        "{stderr}"
    );
    assert_eq!(error_hints(stderr), ["did you mean `h100`?"]);
}

#[test]
fn a_broken_link_in_one_translation_is_located_in_that_translation() {
    // Line 10 is `it: "Concorrente della [H100](@/data/chips/h100)."`, line 11 the broken `en`.
    let failure = build_broken_data("broken-link-in-translation");
    let stderr = &failure.run.stderr;
    let found = errors_and_locations(stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    assert!(
        found[0].1.starts_with("content/data/chips.yaml:11:"),
        "{stderr}"
    );
}

#[test]
fn data_event_and_front_matter_ref_errors_are_reported_together() {
    // Three cases at once: a ref in chips.yaml, a page of an event, a ref in a page's front matter.
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    for case in ["unknown-ref", "unknown-event-page", "unknown-page-ref"] {
        apply_case(&site, case);
    }
    let run = site.build(&[]);
    run.expect_code(1);
    assert_eq!(
        locations(&run.stderr),
        [
            "content/data/chips.yaml:16:11",
            "content/data/timeline.yaml:44:22",
            "content/storia.md:4:21"
        ],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("Failed 3 errors;"), "{}", run.stderr);
    assert_eq!(
        changed_files(&before, &snapshot(&site.out)),
        Vec::<String>::new()
    );
}
