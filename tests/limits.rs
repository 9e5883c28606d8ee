//! The limits of docs/reference.md's Security section: YAML nesting, and the time one template
//! render may take.

mod common;

use std::time::{Duration, Instant};

use common::*;

/// Four nested loops of 1,000: 10¹² iterations, which would run for days.
const RUNAWAY: &str = "{% for a in range(end=1000) %}{% for b in range(end=1000) %}\
{% for c in range(end=1000) %}{% for d in range(end=1000) %}.{% endfor %}{% endfor %}\
{% endfor %}{% endfor %}";

#[test]
fn a_runaway_template_stops_the_build_at_the_limit_naming_template_and_page() {
    let site = Site::copy("tiny");
    site.write("templates/page.html", RUNAWAY);
    let started = Instant::now();
    let root = site.root.display().to_string();
    let out = site.out.display().to_string();
    let run = run([
        "build",
        "--root",
        &root,
        "--output",
        &out,
        "--template-limit",
        "0.5",
    ]);
    let took = started.elapsed();
    run.expect_code(1);
    assert!(
        took < Duration::from_secs(20),
        "the build ran for {took:?} past a 0.5 s limit"
    );
    let errors = errors(&run.stderr);
    assert_eq!(errors.len(), 1, "{}", run.stderr);
    assert!(
        errors[0].starts_with("template `page.html` ran longer than the template limit (0.5 s)"),
        "{}",
        run.stderr
    );
    assert!(errors[0].ends_with("while rendering /a/"), "{}", run.stderr);
    assert_eq!(
        locations(&run.stderr),
        ["templates/page.html"],
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--template-limit"), "{}", run.stderr);
    assert!(!site.out.exists(), "a failed build wrote {}", out);
}

#[test]
fn a_check_stops_too() {
    let site = Site::copy("tiny");
    site.write("templates/page.html", RUNAWAY);
    let root = site.root.display().to_string();
    let run = run(["check", "--root", &root, "--template-limit", "0.3"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("`page.html` ran longer"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_template_limit_must_be_a_positive_number_of_seconds() {
    for bad in ["0", "-1", "soon", "NaN"] {
        let run = run(["check".to_string(), format!("--template-limit={bad}")]);
        run.expect_code(2);
        assert!(run.stderr.contains("number of seconds"), "{}", run.stderr);
    }
}

#[test]
fn yaml_nested_past_the_limit_is_an_error_at_the_level_too_many() {
    let site = Site::copy("tiny");
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    site.write(
        "content/a.md",
        format!("---\ntitle: A\nextra: {{deep: {deep}}}\n---\nPagina A.\n"),
    );
    let started = Instant::now();
    let root = site.root.display().to_string();
    let run = run(["check", "--root", &root]);
    assert!(started.elapsed() < Duration::from_secs(10));
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        ["YAML nested more than 64 levels deep"],
        "{}",
        run.stderr
    );
    // `extra:` and `{` are two levels: the 63rd `[` is the 65th.
    let column = "extra: {deep: ".len() + 63;
    assert_eq!(
        locations(&run.stderr),
        [format!("content/a.md:3:{column}")],
        "{}",
        run.stderr
    );
    assert_eq!(
        hints(&run.stderr),
        ["lists and maps may nest 64 levels at most: flatten this value"]
    );
}

#[test]
fn a_data_file_nested_past_the_limit_is_refused_too() {
    let site = Site::copy("tiny");
    let mut deep = String::new();
    for level in 0..100 {
        deep.push_str(&format!("{}- k{level}:\n", "    ".repeat(level)));
    }
    site.write("content/data/deep.yaml", deep);
    let root = site.root.display().to_string();
    let run = run(["check", "--root", &root]);
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        ["YAML nested more than 64 levels deep"],
        "{}",
        run.stderr
    );
    // Each line opens a list and a map: line 33's list is the 65th level.
    assert_eq!(
        locations(&run.stderr),
        ["content/data/deep.yaml:33:129"],
        "{}",
        run.stderr
    );
}
