//! Writing the output is all or nothing: a build whose write fails leaves the previous output and
//! its manifest exactly as they were (bytes and mtimes), a file may become a folder and back, and
//! what a killed build left behind is cleaned up by the next.

mod common;

use std::path::Path;

use common::*;

const FIXTURE: &str = "bilingual";
const STAGING: &str = ".spiega-staging";

/// A second version of the bilingual site that rewrites files (a changed title), removes some
/// (a deleted page) and adds a static file, `zz.txt`, which sorts after every other output, so
/// that it is moved into place last.
fn second_version(site: &Site) {
    let older = site.read("content/articles/older.md");
    site.write(
        "content/articles/older.md",
        older.replace("title: \"Inizio\"", "title: \"Gli inizi\""),
    );
    site.remove("content/guide/gamma.md");
    site.write("static/zz.txt", "new");
}

/// Checks a failed build: exit 1, a message naming `path` and saying why, every previous file
/// (the manifest included) with its bytes and mtime, and no staging folder left.
#[track_caller]
fn assert_failed_and_restored(
    run: &Run,
    before: &FolderSnapshot,
    out: &Path,
    path: &str,
    why: &str,
) {
    run.expect_code(1);
    let named = format!("{}: {why}", out.join(path).display());
    assert!(
        run.stderr.contains(&named) && run.stderr.contains("the output folder was left as it was"),
        "the error names {named}:\n{}",
        run.stderr
    );
    assert_eq!(
        changed_files(before, &snapshot(out)),
        Vec::<String>::new(),
        "the failed write changed the previous output"
    );
    assert!(!out.join(STAGING).exists(), "the staging folder is gone");
}

#[test]
fn a_folder_where_a_new_file_must_go_fails_the_write_and_restores_the_output() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    second_version(&site);
    // An empty folder is no foreign file, so the build gets as far as writing; and a folder stops
    // a rename even for root, unlike permissions.
    std::fs::create_dir(site.out.join("zz.txt")).expect("create a folder in the way");
    let before = snapshot(&site.out);
    let_mtimes_tick();
    let run = site.build(&[]);
    assert_failed_and_restored(
        &run,
        &before,
        &site.out,
        "zz.txt",
        "a folder is where this file must go",
    );
    assert!(site.has_output("guide/gamma/index.html"));
    assert!(
        !site
            .output("articles/older/index.html")
            .contains("Gli inizi")
    );

    std::fs::remove_dir(site.out.join("zz.txt")).expect("remove the folder in the way");
    let run = site.build_ok(&[]);
    assert_eq!(site.output("zz.txt"), "new");
    assert!(!site.out.join("guide/gamma").exists());
    assert!(
        site.output("articles/older/index.html")
            .contains("Gli inizi")
    );
    assert_eq!(summary_counts(&run.stderr).2, 1, "{}", run.stderr);
}

#[cfg(unix)]
#[test]
fn a_read_only_folder_fails_the_write_and_restores_the_output() {
    use std::os::unix::fs::PermissionsExt;
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    second_version(&site);
    let locked = site.out.join("articles/older");
    let set_mode = |mode| {
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(mode))
            .expect("change the folder's permissions");
    };
    set_mode(0o555);
    if std::fs::write(locked.join("probe"), "").is_ok() {
        // Root writes into read-only folders: the test above covers a failing write then.
        std::fs::remove_file(locked.join("probe")).expect("remove the probe");
        set_mode(0o755);
        return;
    }
    let before = snapshot(&site.out);
    let_mtimes_tick();
    let run = site.build(&[]);
    set_mode(0o755);
    assert_failed_and_restored(
        &run,
        &before,
        &site.out,
        "articles/older/index.html",
        "Permission denied",
    );
}

#[test]
fn a_page_file_that_becomes_a_folder_and_back() {
    let site = Site::copy(FIXTURE);
    let chips = site.read("content/chips.md");
    let with_alias = |alias: &str| chips.replace("\"/vecchi/chip/\"", &format!("\"{alias}\""));
    site.write("content/chips.md", with_alias("/vecchio.html"));
    site.build_ok(&[]);
    assert!(site.has_output("vecchio.html"));

    site.write("content/chips.md", with_alias("/vecchio.html/"));
    let run = site.build_ok(&[]);
    assert!(site.has_output("vecchio.html/index.html"), "{}", run.stderr);
    assert_eq!(summary_counts(&run.stderr).2, 1, "{}", run.stderr);

    site.write("content/chips.md", with_alias("/vecchio.html"));
    site.build_ok(&[]);
    assert!(site.has_output("vecchio.html"));
    let manifest = site.output(".spiega-manifest");
    assert!(manifest.lines().any(|line| line == "vecchio.html"));
    assert!(!manifest.contains("vecchio.html/"));
}

#[test]
fn what_a_killed_build_left_is_removed_by_the_next() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    let staging = site.out.join(STAGING);
    std::fs::create_dir(&staging).expect("create a leftover staging folder");
    std::fs::write(staging.join("new-3"), "half a page").expect("write a leftover");
    std::fs::write(staging.join("old-1"), "a backup").expect("write a leftover");

    // Nothing changed: the build stops at the stamp, and still cleans up.
    let run = site.build_ok(&[]);
    assert_eq!(summary_counts(&run.stderr).0, 0, "{}", run.stderr);
    assert!(!staging.exists());
    assert_eq!(
        changed_files(&before, &snapshot(&site.out)),
        Vec::<String>::new()
    );

    std::fs::create_dir(&staging).expect("create a leftover staging folder");
    std::fs::write(staging.join("new-0"), "half a page").expect("write a leftover");
    second_version(&site);
    site.build_ok(&[]);
    assert!(!staging.exists());
    assert_eq!(site.output("zz.txt"), "new");
}
