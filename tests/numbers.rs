//! Number fields: `.nan`, `.inf` and `-.inf` are errors at the value whatever the schema says,
//! and `min`/`max` in the schema bound the values, each mistake reported at its value with a hint.

mod common;

use common::*;

/// The `data` fixture with `min`/`max` on its number and integer fields.
fn bounded_site() -> Site {
    let site = Site::copy("data");
    let config = site
        .read("site.yaml")
        .replace(
            "{name: memory_bandwidth, type: number, unit: \"TB/s\",",
            "{name: memory_bandwidth, type: number, unit: \"TB/s\", min: 0, max: 100,",
        )
        .replace(
            "{name: founded, type: integer}",
            "{name: founded, type: integer, min: 1800}",
        );
    site.write("site.yaml", config);
    site
}

/// Replaces the `memory_bandwidth` of the first chip (line 4 of chips.yaml).
fn with_bandwidth(site: &Site, value: &str) {
    let chips = site.read("content/data/chips.yaml").replacen(
        "memory_bandwidth: 2.9",
        &format!("memory_bandwidth: {value}"),
        1,
    );
    site.write("content/data/chips.yaml", chips);
}

#[test]
fn the_bounded_fixture_builds() {
    bounded_site().build_ok(&[]);
}

#[test]
fn nan_and_infinities_are_errors_at_the_value_even_without_bounds() {
    for (value, shown, what) in [
        (".nan", ".nan", "not a number"),
        (".inf", ".inf", "an infinity"),
        ("-.inf", "-.inf", "an infinity"),
        (".NaN", ".nan", "not a number"),
    ] {
        let site = Site::copy("data");
        with_bandwidth(&site, value);
        let run = site.check(&[]);
        run.expect_code(1);
        assert_eq!(
            errors(&run.stderr),
            [format!(
                "`memory_bandwidth` must be a finite number, not `{shown}` ({what})"
            )],
            "{}",
            run.stderr
        );
        assert_eq!(locations(&run.stderr), ["content/data/chips.yaml:4:21"]);
        assert!(
            hints(&run.stderr)[0].contains("in digits"),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn a_value_outside_min_and_max_is_an_error_at_the_value() {
    let site = bounded_site();
    with_bandwidth(&site, "-2.9");
    let run = site.check(&[]);
    run.expect_code(1);
    let found = errors(&run.stderr);
    assert!(
        found.contains(&"`memory_bandwidth` is `-2.9`, below its minimum `0`".to_string()),
        "{}",
        run.stderr
    );
    assert!(
        locations(&run.stderr).contains(&"content/data/chips.yaml:4:21".to_string()),
        "{}",
        run.stderr
    );
    assert!(
        hints(&run.stderr).contains(
            &"the schema in site.yaml allows values from 0 to 100: check the sign and the unit (TB/s) of this value"
                .to_string()
        ),
        "{}",
        run.stderr
    );
    let high = bounded_site();
    with_bandwidth(&high, "2900");
    let run = high.check(&[]);
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        ["`memory_bandwidth` is `2900`, above its maximum `100`"]
    );
}

#[test]
fn an_integer_below_its_minimum_is_an_error() {
    let site = bounded_site();
    let companies = site.read("content/data/companies.yaml");
    let line = companies
        .lines()
        .position(|l| l.trim_start().starts_with("founded:"))
        .expect("a company with `founded`");
    let companies = companies
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("founded:") {
                "  founded: 1066".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    site.write("content/data/companies.yaml", companies);
    let run = site.check(&[]);
    run.expect_code(1);
    let expected: Vec<String> = (0..errors(&run.stderr).len())
        .map(|_| "`founded` is `1066`, below its minimum `1800`".to_string())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(errors(&run.stderr), expected, "{}", run.stderr);
    assert_eq!(
        locations(&run.stderr)[0],
        format!("content/data/companies.yaml:{}:12", line + 1)
    );
}

#[test]
fn bounds_must_suit_the_field() {
    let site = Site::copy("data");
    let config = site
        .read("site.yaml")
        .replace(
            "{name: released, type: date}",
            "{name: released, type: date, min: 0}",
        )
        .replace(
            "{name: memory_bandwidth, type: number, unit: \"TB/s\",",
            "{name: memory_bandwidth, type: number, unit: \"TB/s\", min: 10, max: 1,",
        );
    site.write("site.yaml", config);
    let run = site.check(&[]);
    run.expect_code(1);
    let found = errors(&run.stderr);
    assert!(
        found.contains(
            &"`min` applies to `number` and `integer` fields, and `released` is not one"
                .to_string()
        ),
        "{}",
        run.stderr
    );
    assert!(
        found.contains(&"the `min` of `memory_bandwidth` (10) is above its `max` (1)".to_string()),
        "{}",
        run.stderr
    );
    assert!(
        locations(&run.stderr)
            .iter()
            .all(|l| l.starts_with("site.yaml:") && !l.ends_with(":0")),
        "{}",
        run.stderr
    );
}
