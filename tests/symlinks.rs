//! Symbolic links: one rule for every loader and the build stamp. A link whose target stays inside
//! the site is followed, and editing its target renders again; a link out of the site, a broken
//! one or a loop is skipped with a warning naming the link and where it points (an error with
//! `--strict`).
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;
use std::time::Duration;

use common::*;

const FIXTURE: &str = "bilingual";
const SKIPPED: &str = "inputs unchanged since the last build";

/// Makes `link` (a path in the site) a symbolic link to `target`, creating its folder.
fn link(site: &Site, target: impl AsRef<Path>, link: &str) {
    let path = site.path(link);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create the link's folder");
    }
    symlink(target, path).expect("create a symbolic link");
}

/// Whether a verbose build stopped at the build stamp.
fn stopped_at_stamp(run: &Run) -> bool {
    run.stderr.lines().any(|line| line.ends_with(SKIPPED))
}

/// Builds, checks there was no warning, then checks that a second build stops at the stamp, so
/// that what follows tests the stamp and not a site that renders every time.
#[track_caller]
fn build_twice_without_warnings(site: &Site) {
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let again = site.build_ok(&["--verbose"]);
    assert!(stopped_at_stamp(&again), "{}", again.stderr);
}

/// Builds after an edit of a link's target: the stamp must see it, and the output change.
#[track_caller]
fn build_after_edit(site: &Site) -> Run {
    let run = site.build_ok(&["--verbose"]);
    assert!(
        !stopped_at_stamp(&run),
        "the edit was not seen:\n{}",
        run.stderr
    );
    let (written, _, _) = summary_counts(&run.stderr);
    assert!(written > 0, "{}", run.stderr);
    run
}

#[test]
fn a_linked_data_file_inside_the_site_is_read_and_its_edits_render_again() {
    let site = Site::copy(FIXTURE);
    site.write("shared/facts.yaml", "answer: quarantadue\n");
    link(&site, "../../shared/facts.yaml", "content/data/facts.yaml");
    let page = site.read("templates/page.html");
    site.write(
        "templates/page.html",
        page.replace(
            "<h1>{{ page.title }}</h1>",
            "<h1>{{ page.title }}</h1><p class=\"fact\">{{ data.facts.answer }}</p>",
        ),
    );
    build_twice_without_warnings(&site);
    assert_eq!(
        text(one(&site.html("chips/index.html"), "p.fact")),
        "quarantadue"
    );

    site.write("shared/facts.yaml", "answer: quarantatré\n");
    build_after_edit(&site);
    assert_eq!(
        text(one(&site.html("chips/index.html"), "p.fact")),
        "quarantatré"
    );
}

#[test]
fn a_linked_theme_folder_inside_the_site_is_read_and_its_edits_render_again() {
    let site = Site::copy(FIXTURE);
    std::fs::create_dir(site.path("vendor")).expect("create vendor/");
    std::fs::rename(site.path("themes/mini"), site.path("vendor/mini")).expect("move the theme");
    link(&site, "../vendor/mini", "themes/mini");
    build_twice_without_warnings(&site);
    assert!(site.has_output("theme-only.txt"));

    let base = site.read("vendor/mini/templates/base.html");
    site.write(
        "vendor/mini/templates/base.html",
        base.replace("<main>", "<main class=\"edited\">"),
    );
    site.write("vendor/mini/static/theme-only.txt", "edited");
    build_after_edit(&site);
    assert_eq!(
        select(&site.html("chips/index.html"), "main.edited").len(),
        1
    );
    assert_eq!(site.output("theme-only.txt"), "edited");
}

#[test]
fn linked_files_inside_the_site_are_pages_and_static_files_too() {
    let site = Site::copy(FIXTURE);
    site.write(
        "shared/extra.md",
        "---\ntitle: \"In prestito\"\ndate: 2024-01-01\n---\nUna pagina condivisa.\n",
    );
    site.write("shared/logo.txt", "logo");
    link(&site, "../shared/extra.md", "content/extra.md");
    link(&site, "../shared/logo.txt", "static/logo.txt");
    build_twice_without_warnings(&site);
    assert_eq!(
        text(one(&site.html("extra/index.html"), "h1")),
        "In prestito"
    );
    assert_eq!(site.output("logo.txt"), "logo");

    site.write("shared/logo.txt", "logo 2");
    build_after_edit(&site);
    assert_eq!(site.output("logo.txt"), "logo 2");
}

/// The links out of the site made by [`links_out_of_the_site`], and where each points.
fn links_out_of_the_site(site: &Site) -> Vec<(&'static str, String)> {
    let outside = site.dir.path();
    std::fs::write(outside.join("secret.txt"), "TOP SECRET").expect("write a file outside");
    std::fs::create_dir(outside.join("elsewhere")).expect("create a folder outside");
    std::fs::write(outside.join("elsewhere/inner.txt"), "TOP SECRET").expect("write a file");
    let secret = outside.join("secret.txt").display().to_string();
    let mut links = vec![
        ("content/secret.txt", secret.clone()),
        ("content/secret.md", secret.clone()),
        ("content/data/secret.yaml", secret.clone()),
        ("static/secret.txt", secret.clone()),
        ("themes/mini/static/secret.txt", secret.clone()),
        ("themes/mini/templates/secret.html", secret),
        (
            "static/elsewhere",
            outside.join("elsewhere").display().to_string(),
        ),
    ];
    if Path::new("/etc/hostname").is_file() {
        links.push(("content/hostname.txt", "/etc/hostname".to_string()));
    }
    for (path, target) in &links {
        link(site, target, path);
    }
    links
}

#[test]
fn links_out_of_the_site_are_skipped_with_a_warning() {
    let site = Site::copy(FIXTURE);
    let links = links_out_of_the_site(&site);
    let run = site.build_ok(&[]);
    for (path, target) in &links {
        let warning = format!(
            "warning: `{path}` is a symbolic link to `{target}`, outside the site: it is skipped"
        );
        assert!(
            run.stderr.contains(&warning),
            "no {warning:?} in\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("--> {path}")),
            "the warning is located at the link: {}",
            run.stderr
        );
    }
    for file in list_files(&site.out) {
        let bytes = std::fs::read(site.out.join(&file)).expect("read an output file");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("TOP SECRET"),
            "{file} holds a file from outside the site"
        );
        assert!(
            !file.contains("secret") && !file.contains("hostname"),
            "{file}"
        );
    }
    let check = site.check(&[]);
    check.success();
    assert_eq!(
        warnings_about_links(&check.stderr),
        warnings_about_links(&run.stderr)
    );
}

fn warnings_about_links(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|line| line.contains("is a symbolic link"))
        .collect()
}

#[test]
fn strict_makes_a_link_out_of_the_site_an_error() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    let secret = site.dir.path().join("secret.txt");
    std::fs::write(&secret, "TOP SECRET").expect("write a file outside");
    link(&site, &secret, "static/secret.txt");
    let run = site.build(&["--strict"]);
    assert_failed_and_untouched(&run, &before, &site.out);
    assert!(
        run.stderr
            .contains("error: `static/secret.txt` is a symbolic link to"),
        "{}",
        run.stderr
    );
}

#[test]
fn broken_links_and_loops_are_skipped_without_hanging() {
    let site = Site::copy(FIXTURE);
    link(&site, ".", "content/articles/loop");
    link(&site, "..", "static/sub/up");
    link(&site, ".", "themes/mini/templates/self");
    link(&site, "b.txt", "static/a.txt");
    link(&site, "a.txt", "static/b.txt");
    link(&site, "missing.css", "static/broken.css");
    let root = site.root.as_os_str();
    let output = spiega()
        .args(["build".as_ref(), "--root".as_ref(), root])
        .arg("--output")
        .arg(&site.out)
        .timeout(Duration::from_secs(60))
        .output()
        .expect("spiega runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    for (path, target, why) in [
        (
            "content/articles/loop",
            ".",
            "which is a folder it is in (a loop)",
        ),
        ("static/sub/up", "..", "which is a folder it is in (a loop)"),
        (
            "themes/mini/templates/self",
            ".",
            "which is a folder it is in (a loop)",
        ),
        ("static/a.txt", "b.txt", "which cannot be followed"),
        ("static/b.txt", "a.txt", "which cannot be followed"),
        ("static/broken.css", "missing.css", "which does not exist"),
    ] {
        let warning = format!("warning: `{path}` is a symbolic link to `{target}`, {why}");
        assert!(stderr.contains(&warning), "no {warning:?} in\n{stderr}");
    }
    assert!(!site.has_output("broken.css"));
}
