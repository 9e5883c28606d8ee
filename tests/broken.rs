//! The gallery of broken sites (tests/fixtures/broken/<case>/, each the `tiny` fixture with one
//! mistake): every build exits 1, names the mistake, points at `file:line:column`, gives a hint
//! where there is one, and leaves the previous good output alone. The diagnostics' exact text is
//! in tests/snapshots/ (NO_COLOR=1), for review.
//!
//! The cases that need the Markdown renderer (broken `@/` links and anchors, shortcodes) are in
//! tests/markdown.rs. Dangerous output folders are at the end.

mod common;

use common::*;

/// Checks the one error of a failed build: message, location and hint.
#[track_caller]
fn assert_one_error(failure: &Failure, message: &str, location: &str, hint: Option<&str>) {
    let stderr = &failure.run.stderr;
    assert_eq!(errors(stderr), [message], "{stderr}");
    assert_eq!(locations(stderr), [location], "{stderr}");
    assert_eq!(
        hints(stderr),
        hint.into_iter().collect::<Vec<_>>(),
        "{stderr}"
    );
    assert!(stderr.contains("Failed 1 error;"), "{stderr}");
}

#[test]
fn bad_yaml_in_front_matter() {
    let failure = build_broken("bad-yaml");
    assert_one_error(
        &failure,
        "mapping values are not allowed in this context",
        "content/a.md:3:7",
        None,
    );
    insta::assert_snapshot!("bad-yaml", failure.stderr());
}

#[test]
fn bad_yaml_message_has_no_position_of_its_own() {
    // serde_yaml writes "at line 3 column 1" counting from the start of the front matter, which
    // is line 4 of the file: the message must not contradict the `-->` location.
    let failure = build_broken("bad-yaml-unclosed-quote");
    let stderr = &failure.run.stderr;
    assert_eq!(errors(stderr).len(), 1, "{stderr}");
    assert!(errors(stderr)[0].contains("quoted scalar"), "{stderr}");
    assert!(
        !errors(stderr)[0].contains(" at line "),
        "the message repeats a position relative to the front matter: {stderr}"
    );
    let location = &locations(stderr)[0];
    assert!(location.starts_with("content/a.md:"), "{stderr}");
}

#[test]
fn unclosed_front_matter() {
    let failure = build_broken("unclosed-front-matter");
    assert_one_error(
        &failure,
        "front matter is not closed",
        "content/a.md:1:1",
        Some("add a line with `---` after the last front matter key"),
    );
    assert!(
        failure
            .run
            .stderr
            .contains("this `---` has no closing `---`")
    );
    insta::assert_snapshot!("unclosed-front-matter", failure.stderr());
}

#[test]
fn unknown_front_matter_key_suggests_the_nearest() {
    let failure = build_broken("front-matter-typo");
    assert_one_error(
        &failure,
        "unknown front matter key `datte`",
        "content/a.md:3:1",
        Some("did you mean `date`?"),
    );
    insta::assert_snapshot!("front-matter-typo", failure.stderr());
}

#[test]
fn a_misspelt_title_is_reported_as_a_typo_of_title() {
    // `titel: A` and no `title`: the editor needs to hear about `titel`, not only that the title
    // is missing.
    let failure = build_broken("unknown-front-matter-key");
    let stderr = &failure.run.stderr;
    assert!(
        errors(stderr).iter().any(|e| e.contains("`titel`")),
        "the error does not name `titel`: {stderr}"
    );
    assert!(
        hints(stderr).contains(&"did you mean `title`?".to_string()),
        "no hint towards `title`: {stderr}"
    );
    assert!(
        locations(stderr).contains(&"content/a.md:2:1".to_string()),
        "{stderr}"
    );
}

#[test]
fn missing_title() {
    let failure = build_broken("missing-title");
    assert_one_error(
        &failure,
        "missing required key `title`",
        "content/a.md:2:1",
        Some("add `title: …`"),
    );
    insta::assert_snapshot!("missing-title", failure.stderr());
}

#[test]
fn unknown_key_in_site_yaml_suggests_the_nearest() {
    let failure = build_broken("unknown-site-key");
    assert_one_error(
        &failure,
        "unknown key `descripton`",
        "site.yaml:2:1",
        Some("did you mean `description`?"),
    );
    insta::assert_snapshot!("unknown-site-key", failure.stderr());
}

#[test]
fn bad_date_is_located_at_its_value() {
    let failure = build_broken("bad-date");
    let stderr = &failure.run.stderr;
    assert_eq!(errors(stderr).len(), 1, "{stderr}");
    assert!(
        errors(stderr)[0].starts_with("`2024-02-30` is not a valid date"),
        "{stderr}"
    );
    assert_eq!(locations(stderr), ["content/a.md:3:7"]);
    insta::assert_snapshot!("bad-date", failure.stderr());
}

#[test]
fn missing_template() {
    let failure = build_broken("missing-template");
    assert_one_error(
        &failure,
        "template `nope.html` not found",
        "content/a.md:4:1",
        Some("did you mean `page.html`?"),
    );
    insta::assert_snapshot!("missing-template", failure.stderr());
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let failure = build_broken("template-syntax-error");
    let stderr = &failure.run.stderr;
    assert_eq!(errors(stderr).len(), 1, "{stderr}");
    assert!(
        errors(stderr)[0].starts_with("template syntax error"),
        "{stderr}"
    );
    assert_eq!(locations(stderr), ["templates/page.html:6:19"]);
    insta::assert_snapshot!("template-syntax-error", failure.stderr());
}

#[test]
fn duplicate_url_names_both_files() {
    let failure = build_broken("duplicate-url");
    let stderr = &failure.run.stderr;
    assert_eq!(
        errors(stderr),
        ["two pages would be written to the same URL `/b/`"]
    );
    let location = &locations(stderr)[0];
    let other = if location.starts_with("content/a.md") {
        "content/b.md"
    } else {
        "content/a.md"
    };
    assert!(
        location.starts_with("content/a.md:") || location.starts_with("content/b.md:"),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("note: `/b/` is also produced by {other}")),
        "{stderr}"
    );
    insta::assert_snapshot!("duplicate-url", failure.stderr());
}

#[test]
fn non_utf8_file_is_located_at_the_first_bad_byte() {
    let failure = build_broken("non-utf8");
    assert_one_error(
        &failure,
        "the file is not valid UTF-8",
        "content/a.md:5:8",
        Some("save the file as UTF-8 (most editors have an \"encoding\" option)"),
    );
    insta::assert_snapshot!("non-utf8", failure.stderr());
}

#[test]
fn unknown_taxonomy_suggests_the_declared_one() {
    let failure = build_broken("unknown-taxonomy");
    assert_one_error(
        &failure,
        "unknown taxonomy `tag`",
        "content/a.md:5:3",
        Some("did you mean `tags`?"),
    );
    insta::assert_snapshot!("unknown-taxonomy", failure.stderr());
}

#[test]
fn unknown_language_suffix_names_the_file() {
    let failure = build_broken("unknown-language-suffix");
    let stderr = &failure.run.stderr;
    assert_eq!(
        errors(stderr),
        ["the file name ends in `.fr.md` but the site has no language `fr`"]
    );
    assert_eq!(locations(stderr), ["content/a.fr.md"]);
    assert_eq!(hints(stderr).len(), 1, "{stderr}");
    insta::assert_snapshot!("unknown-language-suffix", failure.stderr());
}

#[test]
fn missing_trans_key_names_the_key_and_the_language() {
    let failure = build_broken("missing-trans-key");
    let stderr = &failure.run.stderr;
    assert_eq!(errors(stderr).len(), 1, "{stderr}");
    let message = &errors(stderr)[0];
    assert!(message.contains("`more`"), "{stderr}");
    assert!(message.contains("language `en`"), "{stderr}");
    assert_eq!(locations(stderr), ["templates/page.html:6:20"]);
    insta::assert_snapshot!("missing-trans-key", failure.stderr());
}

#[test]
fn several_errors_are_all_reported_sorted_by_file() {
    let failure = build_broken("several-errors");
    let stderr = &failure.run.stderr;
    assert_eq!(
        locations(stderr),
        [
            "content/_index.md:2:8",
            "content/a.md:3:7",
            "content/b.md:2:1"
        ],
        "{stderr}"
    );
    assert_eq!(errors(stderr).len(), 3);
    assert!(stderr.contains("Failed 3 errors;"), "{stderr}");
    insta::assert_snapshot!("several-errors", failure.stderr());
}

#[test]
fn errors_found_at_different_stages_are_reported_together() {
    // A bad date (found while reading the files) and an unknown front-matter key (found once
    // the data is known) in the same site: fixing the first must not reveal the second.
    let failure = build_broken("errors-in-two-stages");
    let stderr = &failure.run.stderr;
    assert_eq!(
        locations(stderr),
        ["content/a.md:3:7", "content/c.md:3:1"],
        "{stderr}"
    );
    assert!(stderr.contains("Failed 2 errors;"), "{stderr}");
}

#[test]
fn the_same_mistakes_give_the_same_report_every_time() {
    let first = build_broken("several-errors");
    let second = build_broken("several-errors");
    assert_eq!(
        diagnostics_only(&first.run.stderr),
        diagnostics_only(&second.run.stderr)
    );
}

// ---------------------------------------------------------------------------------------------
// Dangerous output folders: refused with a clear message, and nothing is written or deleted.

/// Builds the `tiny` fixture into `output` and checks that it is refused and nothing changed
/// anywhere in the temporary folder.
#[track_caller]
fn assert_refused(site: &Site, output: &std::path::Path, reason: &str) -> Run {
    let before = snapshot(site.dir.path());
    let run = run([
        "build".as_ref(),
        "--root".as_ref(),
        site.root.as_os_str(),
        "--output".as_ref(),
        output.as_os_str(),
    ]);
    run.expect_code(1);
    let refusal = errors(&run.stderr);
    assert_eq!(refusal.len(), 1, "{}", run.stderr);
    assert!(refusal[0].starts_with("refusing to use "), "{}", run.stderr);
    assert!(
        refusal[0].ends_with(&format!("as the output folder: {reason}")),
        "{}",
        run.stderr
    );
    assert_eq!(hints(&run.stderr).len(), 1, "{}", run.stderr);
    assert_eq!(
        changed_files(&before, &snapshot(site.dir.path())),
        Vec::<String>::new(),
        "a refused build changed files"
    );
    run
}

#[test]
fn the_site_root_is_refused_as_output() {
    let site = Site::copy("tiny");
    assert_refused(&site, &site.root, "it is the site root");
    let dotted = site.root.join("content").join("..");
    assert_refused(&site, &dotted, "it is the site root");
}

#[test]
fn a_folder_above_the_site_is_refused_as_output() {
    let site = Site::copy("tiny");
    assert_refused(&site, site.dir.path(), "it contains the site");
}

#[test]
fn content_and_folders_in_it_are_refused_as_output() {
    let site = Site::copy("tiny");
    assert_refused(
        &site,
        &site.path("content"),
        "it is inside the site's content/ folder",
    );
    assert_refused(
        &site,
        &site.path("content/public"),
        "it is inside the site's content/ folder",
    );
    assert!(!site.path("content/public").exists());
    assert_refused(
        &site,
        &site.path("templates"),
        "it is inside the site's templates/ folder",
    );
}

#[test]
fn a_dotdot_through_a_folder_that_does_not_exist_yet_is_still_refused() {
    // `site/nothing/../content` is the content folder, even though `site/nothing` does not exist.
    let site = Site::copy("tiny");
    assert_refused(
        &site,
        &site.path("nothing/../content"),
        "it is inside the site's content/ folder",
    );
    assert!(!site.path("nothing").exists());
    assert_refused(&site, &site.path("nothing/.."), "it is the site root");
}

#[test]
fn a_folder_holding_a_foreign_file_is_refused_and_kept() {
    let site = Site::copy("tiny");
    std::fs::create_dir_all(&site.out).expect("create the output folder");
    std::fs::write(site.out.join("notes.txt"), "mine").expect("write a foreign file");
    let run = assert_refused(
        &site,
        &site.out,
        "it holds files Spiega did not write (`notes.txt`)",
    );
    assert!(
        run.stderr
            .contains("Spiega never deletes files it did not write")
    );
    assert_eq!(
        std::fs::read_to_string(site.out.join("notes.txt"))
            .ok()
            .as_deref(),
        Some("mine")
    );
}

#[test]
fn a_foreign_file_next_to_a_previous_build_is_refused() {
    let site = Site::copy("tiny");
    site.build_ok(&[]);
    std::fs::write(site.out.join("b/extra.html"), "mine").expect("write a foreign file");
    assert_refused(
        &site,
        &site.out,
        "it holds files Spiega did not write (`b/extra.html`)",
    );
}

#[test]
fn a_file_is_refused_as_output() {
    let site = Site::copy("tiny");
    let file = site.dir.path().join("file.txt");
    std::fs::write(&file, "x").expect("write a file");
    assert_refused(&site, &file, "it is a file");
}
