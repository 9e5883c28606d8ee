//! Translations kept in step: a page present in the default language and missing in another is
//! reported as site.yaml's `translations` asks; a translation records what it was translated
//! from (`spiega translations --mark`), `check` warns when the original changed since, and the
//! theme says so on the page; `spiega translations` lists what each language lacks.

mod common;

use common::*;

/// The bundled site (Italian, English; every page translated), copied.
fn site() -> Site {
    Site::from_repository()
}

/// `spiega translations --root <site> <extra>`.
fn translations(site: &Site, extra: &[&str]) -> Run {
    let root = site.root.display().to_string();
    let mut args = vec!["translations", "--root", root.as_str()];
    args.extend(extra);
    run(args)
}

/// The warning and error headlines of a run.
fn headlines(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter(|l| l.starts_with("warning: ") || l.starts_with("error: "))
        .map(str::to_string)
        .collect()
}

#[test]
fn a_missing_translation_is_a_warning_at_the_original_and_its_links_are_marked() {
    let site = site();
    site.remove("content/perche-conta.en.md");
    // The English home links to that page, which is no longer translated.
    let home = site.read("content/_index.en.md");
    site.write(
        "content/_index.en.md",
        format!("{home}\nWhy it matters: [the stakes](@/perche-conta.md).\n"),
    );
    let run = site.build_ok(&[]);
    let found = headlines(&run.stderr);
    assert!(
        found.contains(&"warning: content/perche-conta.md has no `en` translation".to_string()),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/perche-conta.md:2:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("add content/perche-conta.en.md"),
        "{}",
        run.stderr
    );
    // The English home's link to it falls back to the Italian page: marked and warned about.
    assert!(
        found.contains(
            &"warning: `@/perche-conta.md` has no `en` version: this link leads to the `it` page"
                .to_string()
        ),
        "{}",
        run.stderr
    );
    let home = site.html("en/index.html");
    let link = one(&home, ".content a[hreflang='it']");
    assert_eq!(link.value().attr("href"), Some("/spiega/perche-conta/"));
    assert_eq!(texts(&home, ".content a[hreflang='it'] .lang-tag"), ["IT"]);
    site.check(&["--strict"]).expect_code(1);
}

#[test]
fn translations_error_fails_the_build_and_ignore_is_silent() {
    let site = site();
    site.remove("content/perche-conta.en.md");
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}translations: error\n"));
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        errors(&run.stderr)
            .contains(&"content/perche-conta.md has no `en` translation".to_string()),
        "{}",
        run.stderr
    );
    assert!(!site.out.exists(), "a failed build wrote files");
    site.write("site.yaml", format!("{config}translations: ignore\n"));
    let run = site.check(&["--strict"]);
    run.success();
    assert!(headlines(&run.stderr).is_empty(), "{}", run.stderr);
}

#[test]
fn a_marked_translation_is_stale_once_its_original_changes() {
    let site = site();
    let before = site.read("content/chip.en.md");
    let run = translations(
        &site,
        &[
            "--mark",
            &site.path("content/chip.en.md").display().to_string(),
        ],
    );
    run.success();
    assert!(
        run.stderr.contains("Marked content/chip.en.md"),
        "{}",
        run.stderr
    );
    let after = site.read("content/chip.en.md");
    // Only one line was added, at the end of the front matter.
    let added: Vec<&str> = after
        .lines()
        .filter(|l| !before.lines().any(|b| b == *l))
        .collect();
    assert_eq!(added.len(), 1, "{after}");
    assert!(added[0].starts_with("translation_of: \""), "{after}");
    assert_eq!(after.replacen(&format!("{}\n", added[0]), "", 1), before);
    let line = after
        .lines()
        .position(|l| l == added[0])
        .unwrap_or_default()
        + 1;
    site.check(&["--strict"]).success();
    // Marking again changes nothing.
    let again = translations(&site, &["--mark", "content/chip.en.md"]);
    again.success();
    assert!(again.stderr.contains("Unchanged"), "{}", again.stderr);
    assert_eq!(site.read("content/chip.en.md"), after);

    let original = site.read("content/chip.md");
    site.write("content/chip.md", format!("{original}\nUna frase nuova.\n"));
    let run = site.build_ok(&[]);
    assert!(
        headlines(&run.stderr).contains(
            &"warning: this translation may be out of date: content/chip.md changed since it was translated"
                .to_string()
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("--> content/chip.en.md:{line}:17")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("then run `spiega translations --mark content/chip.en.md`"),
        "{}",
        run.stderr
    );
    let page = site.html("en/chips/index.html");
    let notice = one(&page, ".translation-notice");
    assert!(text(notice).starts_with("This translation may be out of date"));
    assert_eq!(
        attr(&page, ".translation-notice a", "href"),
        "/spiega/chip/"
    );
    assert_eq!(attr(&page, ".translation-notice a", "hreflang"), "it");
    assert!(select(&site.html("chip/index.html"), ".translation-notice").is_empty());
    assert!(select(&site.html("en/companies/index.html"), ".translation-notice").is_empty());

    let report = translations(&site, &[]);
    report.success();
    assert!(
        report
            .stdout
            .contains("  stale        content/chip.en.md (content/chip.md changed since)"),
        "{}",
        report.stdout
    );
    translations(&site, &["--strict"]).expect_code(1);
    translations(&site, &["--mark", "content/chip.en.md"]).success();
    site.check(&["--strict"]).success();
    assert!(
        select(
            &{
                site.build_ok(&[]);
                site.html("en/chips/index.html")
            },
            ".translation-notice"
        )
        .is_empty()
    );
}

#[test]
fn the_report_lists_what_each_language_lacks() {
    let site = site();
    site.remove("content/fonti.en.md");
    translations(
        &site,
        &["--mark", "content/aziende.en.md", "content/chip.en.md"],
    )
    .success();
    let run = translations(&site, &[]);
    run.success();
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0], "en (English): 7 pages, 1 missing, 4 not tracked",
        "{}",
        run.stdout
    );
    assert_eq!(
        lines[1],
        "  missing      content/fonti.md → content/fonti.en.md"
    );
    assert!(lines[2..].iter().all(|l| l.starts_with("  not tracked")));
    translations(&site, &["--strict"]).expect_code(1);
}

#[test]
fn marking_refuses_originals_and_files_that_are_not_pages() {
    let site = site();
    let run = translations(&site, &["--mark", "content/chip.md", "content/nope.en.md"]);
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        [
            "content/chip.md is in the default language `it`: it is an original, not a translation",
            "`content/nope.en.md` is not a page of the site"
        ]
    );
    assert_eq!(
        hints(&run.stderr)[0],
        "mark a translation of it, e.g. `content/chip.en.md`"
    );
}

#[test]
fn translation_of_on_an_original_is_reported() {
    let site = site();
    let text = site
        .read("content/chip.md")
        .replacen("---\n", "---\ntranslation_of: \"abc\"\n", 1);
    site.write("content/chip.md", text);
    let run = site.check(&[]);
    run.success();
    assert!(
        headlines(&run.stderr).contains(
            &"warning: `translation_of` marks a translation, and this page is in the default language `it`"
                .to_string()
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/chip.md:2:17"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_data_value_missing_a_language_falls_back_with_a_warning_when_asked() {
    let site = site();
    let companies = site.read("content/data/companies.yaml");
    let (line, _) = companies
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("hq:"))
        .expect("a company with `hq`");
    let hq = companies.lines().nth(line).unwrap_or_default();
    assert!(hq.contains("en:"), "expected a translated hq: {hq}");
    let italian_only = hq
        .split(", en:")
        .next()
        .map(|start| format!("{start}}}"))
        .unwrap_or_default();
    let edited = companies.replacen(hq, &italian_only, 1);
    site.write("content/data/companies.yaml", &edited);
    // By default, as always: an error.
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        ["`hq` is missing its `en` translation"],
        "{}",
        run.stderr
    );
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!("{config}translations: {{data: warn}}\n"),
    );
    let run = site.build_ok(&[]);
    assert!(
        headlines(&run.stderr)
            .contains(&"warning: `hq` is missing its `en` translation".to_string()),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains(&format!("--> content/data/companies.yaml:{}:", line + 1)),
        "{}",
        run.stderr
    );
}
