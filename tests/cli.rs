//! The command line: help and version, usage errors, the summary line, `check`, `--strict`,
//! `init`, and plain output under NO_COLOR.

mod common;

use common::*;

const FIXTURE: &str = "bilingual";

#[test]
fn help_and_version_exit_0() {
    for args in [
        vec!["--help"],
        vec!["build", "--help"],
        vec!["check", "--help"],
        vec!["init", "--help"],
        vec!["help", "build"],
    ] {
        let run = run(&args);
        run.success();
        assert!(
            run.stdout.contains("Usage: spiega"),
            "{args:?}: {}",
            run.stdout
        );
    }
    let build_help = run(["build", "--help"]);
    for flag in [
        "--root",
        "--output",
        "--base-url",
        "--drafts",
        "--strict",
        "--quiet",
    ] {
        assert!(
            build_help.stdout.contains(flag),
            "build --help lacks {flag}"
        );
    }
    let version = run(["--version"]);
    version.success();
    assert_eq!(
        version.stdout.trim(),
        format!("spiega {}", env!("CARGO_PKG_VERSION"))
    );
    run(["build", "--version"]).success();
}

#[test]
fn bad_usage_exits_2() {
    let unknown_flag = run(["build", "--no-such-flag"]);
    unknown_flag.expect_code(2);
    assert!(
        unknown_flag.stderr.contains("--no-such-flag"),
        "{}",
        unknown_flag.stderr
    );
    run(["frobnicate"]).expect_code(2);
    run(Vec::<&str>::new()).expect_code(2);
    run(["init"]).expect_code(2);
    run(["build", "--base-url"]).expect_code(2);
}

#[test]
fn the_summary_counts_pages_per_language_and_files() {
    let site = Site::copy(FIXTURE);
    let run = site.build_ok(&[]);
    let line = run
        .stderr
        .lines()
        .find(|l| l.trim_start().starts_with("Finished "))
        .expect("a summary line");
    assert!(line.contains("17 pages (it: 11, en: 6)"), "{line}");
    assert!(line.contains(&site.out.display().to_string()), "{line}");
    assert!(
        line.contains("36 written, 0 unchanged, 0 removed"),
        "{line}"
    );
    let again = site.build_ok(&[]);
    assert!(
        again.stderr.contains("0 written, 36 unchanged, 0 removed"),
        "{}",
        again.stderr
    );
    let drafts = site.build_ok(&["--drafts"]);
    assert!(
        drafts.stderr.contains("18 pages (it: 12, en: 6)"),
        "{}",
        drafts.stderr
    );
}

#[test]
fn quiet_prints_nothing_on_success() {
    let site = Site::copy(FIXTURE);
    let run = site.build_ok(&["--quiet"]);
    assert_eq!(run.stderr, "");
    assert_eq!(run.stdout, "");
    assert!(site.has_output("index.html"));
}

#[test]
fn build_defaults_to_public_in_the_site() {
    let site = Site::copy(FIXTURE);
    run(["build".as_ref(), "--root".as_ref(), site.root.as_os_str()]).success();
    assert!(site.path("public/en/chips/index.html").is_file());
}

#[test]
fn check_writes_nothing_and_exits_0_on_a_good_site() {
    let site = Site::copy(FIXTURE);
    let before = snapshot(&site.root);
    let run = site.check(&[]);
    run.success();
    assert!(run.stderr.contains("Checked"), "{}", run.stderr);
    assert!(run.stderr.contains("17 pages"), "{}", run.stderr);
    assert!(
        !site.path("public").exists(),
        "check created an output folder"
    );
    assert!(!site.out.exists());
    assert_eq!(
        changed_files(&before, &snapshot(&site.root)),
        Vec::<String>::new()
    );
}

#[test]
fn check_exits_1_on_a_broken_site_and_writes_nothing() {
    let site = Site::copy(FIXTURE);
    site.write("content/articles/broken.md", "---\ntitle: [unclosed\n---\n");
    let before = snapshot(&site.root);
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(locations(&run.stderr).len(), 1, "{}", run.stderr);
    assert!(
        locations(&run.stderr)[0].starts_with("content/articles/broken.md:2:"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists());
    assert_eq!(
        changed_files(&before, &snapshot(&site.root)),
        Vec::<String>::new()
    );
}

#[test]
fn strict_turns_a_warning_into_a_failure() {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/articles/undated.md",
        "---\ntitle: Senza data\n---\nTesto.\n",
    );
    let warned = site.build(&[]);
    warned.success();
    assert!(
        warned.stderr.contains(
            "warning: this page has no `date`, so it is listed last in content/articles/_index.md"
        ),
        "{}",
        warned.stderr
    );
    assert_eq!(
        locations(&warned.stderr),
        ["content/articles/undated.md:2:1"]
    );
    assert!(warned.stderr.contains("1 warning"), "{}", warned.stderr);
    assert_eq!(
        texts(&site.html("articles/index.html"), "ol.pages a")
            .last()
            .map(String::as_str),
        Some("Senza data"),
        "an undated page is listed last"
    );
    let before = snapshot(&site.out);

    site.write(
        "content/articles/undated.md",
        "---\ntitle: Senza data, ancora\n---\nTesto.\n",
    );
    let strict = site.build(&["--strict"]);
    strict.expect_code(1);
    assert!(
        strict.stderr.contains(
            "error: this page has no `date`, so it is listed last in content/articles/_index.md"
        ),
        "{}",
        strict.stderr
    );
    assert_eq!(
        changed_files(&before, &snapshot(&site.out)),
        Vec::<String>::new()
    );
    site.check(&[]).success();
    site.check(&["--strict"]).expect_code(1);
}

#[test]
fn no_color_means_no_escape_codes_even_when_colour_is_forced() {
    let site = Site::copy(FIXTURE);
    site.write(
        "content/articles/undated.md",
        "---\ntitle: Senza data\n---\n",
    );
    let stderr_of = |no_color: bool, args: &[&str]| {
        let mut command = spiega();
        command.env("CLICOLOR_FORCE", "1");
        if !no_color {
            command.env_remove("NO_COLOR");
        }
        let output = command
            .args(args)
            .arg("--root")
            .arg(&site.root)
            .output()
            .expect("spiega runs");
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    // With colour forced, the diagnostics and the status line are styled...
    let coloured = stderr_of(false, &["check"]);
    assert!(coloured.contains("warning"), "{coloured}");
    assert!(
        coloured.contains('\u{1b}'),
        "CLICOLOR_FORCE=1 gives no colour: {coloured:?}"
    );
    // ...and NO_COLOR=1 wins: not one escape code, for warnings, errors and summaries.
    let warned = stderr_of(true, &["check"]);
    assert!(
        warned.contains("warning: this page has no `date`"),
        "{warned}"
    );
    site.write("content/articles/bad.md", "---\ntitel: x\n---\n");
    let failed = stderr_of(true, &["build"]);
    assert!(failed.contains("error: "), "{failed}");
    for stderr in [&warned, &failed] {
        assert!(!stderr.contains('\u{1b}'), "ANSI escape in: {stderr:?}");
    }
}

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let new = dir.path().join("new-site");
    let init = run(["init".as_ref(), new.as_os_str()]);
    init.success();
    assert!(new.join("site.yaml").is_file());
    assert!(new.join("content/_index.md").is_file());
    let out = dir.path().join("out");
    let build = run([
        "build".as_ref(),
        "--root".as_ref(),
        new.as_os_str(),
        "--output".as_ref(),
        out.as_os_str(),
    ]);
    build.success();
    assert!(!build.stderr.contains("warning"), "{}", build.stderr);
    let home = scraper::Html::parse_document(&read_text(&out.join("index.html")));
    assert_eq!(select(&home, "html[lang]").len(), 1);
    assert!(out.join("404.html").is_file());
    assert!(out.join("sitemap.xml").is_file());
    run([
        "check".as_ref(),
        "--root".as_ref(),
        new.as_os_str(),
        "--strict".as_ref(),
    ])
    .success();
}

#[test]
fn init_into_an_existing_empty_folder_works() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    run(["init".as_ref(), dir.path().as_os_str()]).success();
    assert!(dir.path().join("site.yaml").is_file());
}

#[test]
fn init_into_a_non_empty_folder_fails_and_touches_nothing() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(dir.path().join("notes.txt"), "mine").expect("write a file");
    let before = snapshot(dir.path());
    let init = run(["init".as_ref(), dir.path().as_os_str()]);
    init.expect_code(1);
    assert!(
        init.stderr.contains("already exists and is not empty"),
        "{}",
        init.stderr
    );
    assert_eq!(
        hints(&init.stderr),
        ["pick a new folder name, or empty this one"]
    );
    assert_eq!(
        changed_files(&before, &snapshot(dir.path())),
        Vec::<String>::new()
    );
}

#[test]
fn verbose_prints_one_timing_per_stage() {
    let site = Site::copy(FIXTURE);
    let run = site.build(&["--verbose"]);
    run.success();
    let stages: Vec<&str> = run
        .stderr
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("Timing"))
        .filter_map(|rest| rest.split_once(" ms  ").map(|(_, stage)| stage))
        .collect();
    assert_eq!(
        stages,
        [
            "load",
            "resolve",
            "render: Markdown, data, templates loaded",
            "render: every output file",
            "write"
        ],
        "{}",
        run.stderr
    );
    let check = site.check(&["--verbose"]);
    check.success();
    assert_eq!(
        check.stderr.matches("Timing").count(),
        4,
        "check has no write stage: {}",
        check.stderr
    );
    site.build(&["--verbose", "--quiet"]).expect_code(2);
}
