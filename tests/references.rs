//! Every link an editor writes is checked against the files the build makes: root-relative links
//! (with or without the base path), links to static files and links relative to the page. A miss
//! is an error at the link with a "did you mean"; a link that leads into another language than
//! the page's is marked (`hreflang` and a visible tag) and, unless written so on purpose,
//! warned about.

mod common;

use common::*;

/// `tiny` (Italian default, English; `a.md` has no English version) with a sub-path base URL,
/// a stylesheet, a bundle with a PDF and a loose PDF in content/.
fn site() -> Site {
    let site = Site::copy("tiny");
    let config = site
        .read("site.yaml")
        .replace("https://example.org/", "https://example.org/sub/");
    site.write("site.yaml", config);
    site.write("static/style.css", "body {}\n");
    site.write(
        "content/storia/index.md",
        "---\ntitle: Storia\ndate: 2024-01-01\n---\n## Inizio\n\nLa [mappa](mappa.pdf).\n",
    );
    site.write("content/storia/mappa.pdf", "%PDF-1.4\n");
    site.write("content/volantino.pdf", "%PDF-1.4\n");
    site
}

/// [`site`], with links into another language (and pages without a translation) warned about.
fn warning_site() -> Site {
    let site = site();
    let config = site
        .read("site.yaml")
        .replace("translations: ignore", "translations: warn");
    site.write("site.yaml", config);
    site
}

/// Writes `content/p.md` (Italian) with `body`.
fn page(site: &Site, body: &str) {
    site.write(
        "content/p.md",
        format!("---\ntitle: P\ndate: 2024-01-01\n---\n{body}\n"),
    );
}

#[test]
fn links_to_files_of_the_site_work_under_the_base_path() {
    let site = site();
    page(
        &site,
        "[A](/a/) [A senza barra](/a) [A con base](/sub/storia/#inizio) [CSS](/style.css) [PDF](/volantino.pdf?v=2) [su](../storia/) [fuori](https://example.com/x) [posta](mailto:a@b.c) [qui](#cima) [B](/b/)",
    );
    let run = site.build_ok(&[]);
    let html = site.html("p/index.html");
    assert_eq!(
        attrs(&html, "a", "href"),
        [
            "/sub/a/",
            "/sub/a",
            "/sub/storia/#inizio",
            "/sub/style.css",
            "/sub/volantino.pdf?v=2",
            "../storia/",
            "https://example.com/x",
            "mailto:a@b.c",
            "#cima",
            "/sub/b/",
        ]
    );
    assert!(select(&html, "[hreflang]").is_empty());
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // A bundle's relative link to its own file.
    let bundle = site.html("storia/index.html");
    assert_eq!(attr(&bundle, "p a", "href"), "mappa.pdf");
}

#[test]
fn a_root_relative_link_to_nothing_is_an_error_at_the_link_with_a_hint() {
    let site = site();
    page(
        &site,
        "Prima riga.\n\nVedi [la B](/bb/) e [stile](/sub/styles.css).",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        [
            "broken link: nothing on this site is at `/bb/`",
            "broken link: nothing on this site is at `/styles.css`"
        ]
    );
    assert_eq!(
        locations(&run.stderr),
        ["content/p.md:7:6", "content/p.md:7:21"]
    );
    assert_eq!(
        hints(&run.stderr),
        ["did you mean `/b/`?", "did you mean `/style.css`?"]
    );
}

#[test]
fn a_relative_link_is_read_from_the_page_url() {
    let site = site();
    // From /p/, `volantino.pdf` is /p/volantino.pdf: the loose file is at the root.
    page(&site, "[PDF](volantino.pdf) e [su](../../x/)");
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        [
            "broken link: `volantino.pdf` leads to `/p/volantino.pdf`, which is not on this site",
            "broken link: `../../x/` leads above the site's root"
        ]
    );
    assert_eq!(hints(&run.stderr)[0], "did you mean `/volantino.pdf`?");
}

#[test]
fn the_anchor_of_a_root_relative_link_to_a_page_is_checked() {
    let site = site();
    page(&site, "[storia](/storia/#inizio) e [no](/storia/#fine)");
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        ["broken anchor: `#fine` is not a heading of content/storia/index.md"]
    );
}

#[test]
fn an_at_link_that_falls_back_to_the_default_language_is_marked_and_warned_about() {
    let site = warning_site();
    site.write(
        "content/b.en.md",
        "---\ntitle: B in English\ndate: 2024-03-28\n---\nSee [A](@/a.md), [A on purpose](@/a.it.md) and [B](@/b.md).\n",
    );
    let run = site.build_ok(&[]);
    let html = site.html("en/b/index.html");
    let marked = select(&html, "a[hreflang]");
    assert_eq!(marked.len(), 2);
    assert_eq!(attrs(&html, "a[hreflang]", "hreflang"), ["it", "it"]);
    assert_eq!(attrs(&html, "a[hreflang]", "href"), ["/sub/a/", "/sub/a/"]);
    assert_eq!(texts(&html, "a[hreflang] .lang-tag"), ["IT", "IT"]);
    assert_eq!(
        attrs(&html, "a[hreflang] .lang-tag abbr", "title"),
        ["Italiano", "Italiano"]
    );
    assert_eq!(attr(&html, "a[href='/sub/en/b/']", "href"), "/sub/en/b/");
    let warnings: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: `@/"))
        .collect();
    assert_eq!(
        warnings,
        ["warning: `@/a.md` has no `en` version: this link leads to the `it` page"],
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("translate it into content/a.en.md, or write `@/a.it.md` to link the `it` page on purpose"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> content/b.en.md:5:5"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_plain_link_into_another_language_is_marked_and_warned_about() {
    let site = warning_site();
    site.write(
        "content/b.en.md",
        "---\ntitle: B in English\ndate: 2024-03-28\n---\nThe [Italian B](/b/).\n",
    );
    let run = site.build_ok(&[]);
    let html = site.html("en/b/index.html");
    assert_eq!(attr(&html, "a[hreflang]", "hreflang"), "it");
    assert!(
        run.stderr
            .contains("warning: `/b/` is a `it` page, and this page is in `en`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("link it with `@/b.md`"),
        "{}",
        run.stderr
    );
    let strict = site.check(&["--strict"]);
    strict.expect_code(1);
}

#[test]
fn translations_ignore_keeps_the_mark_but_not_the_warning() {
    let site = warning_site();
    let config = site
        .read("site.yaml")
        .replace("translations: warn", "translations: ignore");
    site.write("site.yaml", config);
    site.write(
        "content/b.en.md",
        "---\ntitle: B in English\ndate: 2024-03-28\n---\nSee [A](@/a.md) and [B](/b/).\n",
    );
    let run = site.build_ok(&["--strict"]);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let html = site.html("en/b/index.html");
    assert_eq!(attrs(&html, "a[hreflang]", "hreflang"), ["it", "it"]);
}

#[test]
fn every_broken_link_of_the_site_is_reported_in_one_run() {
    let site = site();
    page(&site, "[x](/x/) [y](/y/)");
    site.write(
        "content/b.en.md",
        "---\ntitle: B in English\ndate: 2024-03-28\n---\n[z](/z.css)\n",
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(errors(&run.stderr).len(), 3, "{}", run.stderr);
}

#[test]
fn a_menu_path_of_the_site_must_name_a_file_it_makes() {
    let site = site();
    let config = site.read("site.yaml");
    let menu_line = config.lines().count() + 3;
    site.write(
        "site.yaml",
        format!("{config}menu:\n  - {{url: \"/b/\", title: B}}\n  - {{url: \"/bb/\", title: BB}}\n  - {{url: \"https://example.com/\", title: Fuori}}\n"),
    );
    let run = site.check(&[]);
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        ["the menu item `/bb/` leads to nothing on this site"]
    );
    assert_eq!(
        locations(&run.stderr),
        [format!("site.yaml:{menu_line}:11")]
    );
    assert_eq!(hints(&run.stderr), ["did you mean `/b/`?"]);
}
