//! Safe output (docs/reference.md, "Security"): content, data and configuration cannot make a page
//! run script unless the site allows raw HTML. A link or an image to a `javascript:`, `vbscript:`
//! or `data:` URL (but a raster `data:image/…` image) is an error at its place, in Markdown, in
//! data and in `extra`, and the failed build leaves the previous output alone; safe links still
//! work; raw HTML passes through by default and shows as text with `markdown.raw_html: false`,
//! while shortcodes keep their HTML.

mod common;

use common::*;

const LINK_HINT: &str = "links may use http, https, mailto, tel, relative paths or `@/` paths; \
                         to embed script, use raw HTML (markdown.raw_html)";
const IMAGE_HINT: &str = "images may use http, https, relative paths, `@/` paths or a \
                          `data:image/…` URL other than SVG (SVG can carry script: use an .svg file)";

/// Builds `site` as it is (which must work), lets `edit` break it, then builds again into the same
/// output folder: the broken build must exit 1 and leave every byte and mtime of the output as
/// they were. `spiega check` must report the same diagnostics. Returns the broken build's run.
#[track_caller]
fn break_and_build(site: &Site, edit: impl FnOnce(&Site)) -> Run {
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    edit(site);
    let run = site.build(&[]);
    assert_failed_and_untouched(&run, &before, &site.out);
    let check = site.check(&[]);
    check.expect_code(1);
    assert_eq!(
        diagnostics_only(&check.stderr),
        diagnostics_only(&run.stderr),
        "check and build report the same"
    );
    run
}

/// The `tiny` fixture's page `a.md` with `body` after its front matter (the body starts on line 5).
fn page_a(body: &str) -> String {
    format!("---\ntitle: A\ndate: 2024-03-27\n---\n{body}")
}

#[test]
fn every_form_of_a_script_link_is_an_error_at_its_line() {
    let site = Site::copy("tiny");
    let body = "\
Pagina A.

[uno](javascript:alert(1))
[due](JaVaScRiPt:alert(1))
[tre](&#106;avascript:alert(1))
[quattro](java&#x09;script:alert(1))
[cinque](<&#1; javascript:alert(1)>)
[sei][rif]
<JAVASCRIPT:alert(1)>
[sette](vbscript:msgbox(1))
[otto](data:text/html;base64,PHNjcmlwdD4=)
![nove](data:image/svg+xml;base64,PHN2Zz4=)
![dieci](javascript:alert(1))
Testo e [undici](  javascript:alert(1) \"titolo\") a metà riga.

[rif]: javascript:alert(1)
";
    let run = break_and_build(&site, |site| site.write("content/a.md", page_a(body)));
    let stderr = &run.stderr;
    let js = "link to a `javascript:` URL";
    assert_eq!(
        errors(stderr),
        [
            js,
            js,
            js,
            js,
            js,
            js,
            js,
            "link to a `vbscript:` URL",
            "link to a `data:` URL",
            "image from a `data:image/svg+xml` URL",
            "image from a `javascript:` URL",
            js,
        ],
        "{stderr}"
    );
    let mut expected: Vec<String> = (7..=18)
        .map(|line| format!("content/a.md:{line}:1"))
        .collect();
    expected[11] = "content/a.md:18:9".to_string();
    assert_eq!(locations(stderr), expected, "{stderr}");
    let mut expected_hints = vec![LINK_HINT; 12];
    expected_hints[9] = IMAGE_HINT;
    expected_hints[10] = IMAGE_HINT;
    assert_eq!(hints(stderr), expected_hints, "{stderr}");
    assert!(stderr.contains("Failed 12 errors;"), "{stderr}");
}

#[test]
fn script_urls_in_data_are_errors_at_their_value() {
    let site = Site::copy("data");
    let run = break_and_build(&site, |site| {
        let sources = site.read("content/data/sources.yaml").replacen(
            "url: https://www.axios.com/2023/09/25/amazon-anthropic",
            "url: \" JavaScript:alert(1)\"",
            1,
        );
        site.write("content/data/sources.yaml", sources);
        let companies = site.read("content/data/companies.yaml").replacen(
            "website: https://www.aboutamazon.com/",
            "website: \"data:text/html,<script>alert(1)</script>\"",
            1,
        );
        site.write("content/data/companies.yaml", companies);
    });
    let stderr = &run.stderr;
    assert_eq!(
        errors(stderr),
        ["link to a `data:` URL", "link to a `javascript:` URL"],
        "{stderr}"
    );
    assert_eq!(
        locations(stderr),
        [
            "content/data/companies.yaml:5:12",
            "content/data/sources.yaml:4:8"
        ],
        "{stderr}"
    );
    assert_eq!(hints(stderr), [LINK_HINT; 2], "{stderr}");
}

#[test]
fn a_script_link_in_a_markdown_field_is_an_error_at_its_translation() {
    let site = Site::copy("data");
    let run = break_and_build(&site, |site| {
        let companies = site.read("content/data/companies.yaml").replacen(
            "it: \"Vende **cloud** con AWS.\"",
            "it: \"Vende [cloud](javascript:alert(1)) con AWS.\"",
            1,
        );
        site.write("content/data/companies.yaml", companies);
    });
    let stderr = &run.stderr;
    assert_eq!(errors(stderr), ["link to a `javascript:` URL"], "{stderr}");
    assert_eq!(
        locations(stderr),
        ["content/data/companies.yaml:7:9"],
        "{stderr}"
    );
    assert_eq!(hints(stderr), [LINK_HINT], "{stderr}");
}

#[test]
fn a_script_url_in_front_matter_extra_is_an_error_at_its_value() {
    let site = Site::copy("tiny");
    let run = break_and_build(&site, |site| {
        site.write(
            "content/a.md",
            "---\ntitle: A\nextra:\n  cta:\n    link: \"vbscript:msgbox(1)\"\n---\nPagina A.\n",
        );
    });
    let stderr = &run.stderr;
    assert_eq!(
        errors(stderr),
        ["`extra` holds a `vbscript:` URL, which runs script if a theme links to it"],
        "{stderr}"
    );
    assert_eq!(locations(stderr), ["content/a.md:5:11"], "{stderr}");
    assert_eq!(hints(stderr).len(), 1, "{stderr}");
    assert!(hints(stderr)[0].contains("a theme may put this value in a link"));
}

#[test]
fn a_script_url_in_site_extra_is_an_error_at_its_value() {
    let site = Site::copy("tiny");
    let home_line = site.read("site.yaml").lines().count() + 2;
    let run = break_and_build(&site, |site| {
        let config = site.read("site.yaml") + "extra:\n  home: \"javascript:alert(1)\"\n";
        site.write("site.yaml", config);
    });
    let stderr = &run.stderr;
    assert_eq!(
        errors(stderr),
        ["`extra` holds a `javascript:` URL, which runs script if a theme links to it"],
        "{stderr}"
    );
    assert_eq!(
        locations(stderr),
        [format!("site.yaml:{home_line}:9")],
        "{stderr}"
    );
}

#[test]
fn an_event_handler_on_a_heading_is_an_error_at_its_line() {
    let site = Site::copy("tiny");
    let run = break_and_build(&site, |site| {
        site.write(
            "content/a.md",
            page_a("Pagina A.\n\n## Titolo {onmouseover=alert(1)}\n"),
        );
    });
    let stderr = &run.stderr;
    assert_eq!(
        errors(stderr),
        ["heading attribute `onmouseover` runs script"],
        "{stderr}"
    );
    assert_eq!(locations(stderr), ["content/a.md:7:1"], "{stderr}");
    assert_eq!(hints(stderr).len(), 1, "{stderr}");
}

#[test]
fn safe_links_and_raster_data_images_still_work() {
    let site = Site::copy("tiny");
    site.write(
        "content/a.md",
        page_a(
            "[web](https://example.org/x) [posta](mailto:a@example.org) [tel](tel:+390612345)\n\
             [relativo](../b/) [pagina](@/b.md) [su](#titolo) <https://example.org/y>\n\n\
             ![punto](data:image/png;base64,iVBORw0KGgo=)\n\n## Titolo {#titolo data-kind=x}\n",
        ),
    );
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    assert_eq!(
        attrs(&page, "body a", "href"),
        [
            "https://example.org/x",
            "mailto:a@example.org",
            "tel:+390612345",
            "../b/",
            "/b/",
            "#titolo",
            "https://example.org/y",
        ]
    );
    assert_eq!(
        attr(&page, "img", "src"),
        "data:image/png;base64,iVBORw0KGgo="
    );
    assert_eq!(attr(&page, "h2#titolo", "data-kind"), "x");
}

/// Raw HTML of every kind the tests look for: a block with a script, an inline element and a
/// comment.
const RAW: &str = "Pagina A.\n\n<div class=\"raw\" onclick=\"alert(1)\">blocco<script>window.x = 1</script></div>\n\n\
                   Testo <b class=\"raw-inline\">in linea</b> <!-- nota --> fine.\n";

#[test]
fn raw_html_passes_through_by_default() {
    let site = Site::copy("tiny");
    site.write("content/a.md", page_a(RAW));
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    assert_eq!(attr(&page, "div.raw", "onclick"), "alert(1)");
    assert_eq!(texts(&page, "div.raw script"), ["window.x = 1"]);
    assert_eq!(texts(&page, "b.raw-inline"), ["in linea"]);
    assert!(site.output("a/index.html").contains("<!-- nota -->"));
}

/// Adds `markdown: {raw_html: false}` to a fixture's site.yaml (which has no `markdown` map).
fn without_raw_html(site: &Site) {
    let config = site.read("site.yaml");
    assert!(
        !config.contains("markdown:"),
        "the fixture already has a markdown map"
    );
    site.write("site.yaml", config + "markdown:\n  raw_html: false\n");
}

#[test]
fn raw_html_off_shows_it_as_text() {
    let site = Site::copy("tiny");
    without_raw_html(&site);
    site.write("content/a.md", page_a(RAW));
    site.build_ok(&[]);
    let page = site.html("a/index.html");
    for css in ["div.raw", "script", "b.raw-inline", "[onclick]"] {
        assert!(select(&page, css).is_empty(), "`{css}` is in the page");
    }
    assert_eq!(
        texts(&page, "body > p"),
        [
            "Altro",
            "Pagina A.",
            "<div class=\"raw\" onclick=\"alert(1)\">blocco<script>window.x = 1</script></div>",
            "Testo <b class=\"raw-inline\">in linea</b>  fine.",
        ]
    );
    assert!(
        !site.output("a/index.html").contains("nota"),
        "comments are left out"
    );
}

#[test]
fn raw_html_off_keeps_shortcodes_and_escapes_data_markdown_too() {
    let site = Site::copy("markdown");
    let config = site.read("site.yaml") + "  raw_html: false\n";
    assert!(config.ends_with("markdown:\n  heading_anchors: after\n  raw_html: false\n"));
    site.write("site.yaml", config);
    let chips = site.read("content/chips.md").replacen(
        "Testo **importante** nel riquadro.",
        "Testo **importante** <i class=\"raw\">nel</i> riquadro.",
        1,
    );
    site.write("content/chips.md", chips);
    site.build_ok(&[]);
    let page = site.html("chips/index.html");
    assert_eq!(texts(&page, "article aside.note"), ["Una nota breve"]);
    let boxed = one(&page, "article div.box");
    assert_eq!(boxed.value().attr("data-kind"), Some("avviso"));
    assert_eq!(
        text(boxed),
        "Testo importante <i class=\"raw\">nel</i> riquadro."
    );
    assert!(select(&page, "i.raw").is_empty());
    // The heading anchors the renderer adds are its own HTML, not the author's.
    assert!(!select(&page, "article h2 a.anchor").is_empty());

    let data = Site::copy("data");
    without_raw_html(&data);
    let companies = data.read("content/data/companies.yaml").replacen(
        "it: \"Vende **cloud** con AWS.\"",
        "it: \"Vende <img class=raw src=x onerror=alert(1)> con AWS.\"",
        1,
    );
    data.write("content/data/companies.yaml", companies);
    data.build_ok(&[]);
    let company = data.html("aziende/amazon/index.html");
    assert!(select(&company, "img").is_empty());
    assert_eq!(
        texts(&company, "div.summary"),
        ["Vende <img class=raw src=x onerror=alert(1)> con AWS."]
    );
}
