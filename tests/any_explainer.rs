//! Spiega is for any explainer: a second site on another subject (tests/fixtures/night-trains:
//! fictional night trains, English and German, collections and refs sharing no name with the
//! bundled site) builds with the built-in theme and no template, stylesheet or string of its
//! own. Its HTML is read with scraper: entry pages show every field with its label, refs link
//! to the right pages, "what points here" lists the right entries, the timeline has a filter
//! group per ref field. Also: `spiega init` starters pass `check --strict`, `theme export`, and
//! the built-in theme names nothing of the bundled story.

mod common;

use std::path::Path;

use common::*;

const FIXTURE: &str = "night-trains";

fn built() -> Site {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    site
}

/// `(dt, dd)` of an entry page's facts.
fn facts(html: &scraper::Html) -> Vec<(String, String)> {
    select(html, "dl.facts > div")
        .into_iter()
        .map(|div| {
            let dt = div.select(&sel("dt")).map(text).collect::<String>();
            let dd = div.select(&sel("dd")).map(text).collect::<String>();
            (dt, dd)
        })
        .collect()
}

/// A built page read with scraper.
fn html_at(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&read_text(path))
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn the_site_has_nothing_of_its_own_but_content_and_configuration() {
    let root = fixture(FIXTURE);
    for folder in ["themes", "templates", "static", "i18n"] {
        assert!(!root.join(folder).exists(), "the fixture has {folder}/");
    }
    let site = Site::copy(FIXTURE);
    let check = site.check(&["--strict"]);
    check.success();
    assert!(check.stderr.contains("0 warnings"), "{}", check.stderr);
}

#[test]
fn an_entry_page_shows_every_field_with_its_label_in_each_language() {
    let site = built();
    let en = site.html("routes/aurora-line/index.html");
    assert_eq!(text(one(&en, "h1")), "Aurora Line");
    assert_eq!(text(one(&en, "p.lede")), "Fjords overnight.");
    assert_eq!(
        facts(&en),
        pairs(&[
            ("Operator", "Nordlicht Sleepers"),
            ("Length", "1,234.5\u{a0}km"),
            ("Departures a week", "7"),
            ("First run", "December 12, 2021"),
            ("Sleeping cars", "yes"),
            ("Website", "example.org/aurora"),
        ])
    );
    assert_eq!(texts(&en, "div.content > h2")[0], "The story");
    assert!(text(one(&en, "div.content")).contains("Revived after twenty years."));
    let de = site.html("de/verbindungen/aurora-line/index.html");
    assert_eq!(attr(&de, "html", "lang"), "de");
    assert_eq!(
        facts(&de),
        pairs(&[
            ("Betreiber", "Nordlicht Schlafwagen"),
            ("Länge", "1.234,5\u{a0}km"),
            ("Abfahrten pro Woche", "7"),
            ("Erste Fahrt", "12. Dezember 2021"),
            ("Schlafwagen", "ja"),
            ("Website", "example.org/aurora"),
        ])
    );
    // Sources are the numbered list, not a fact.
    assert_eq!(
        attrs(&en, "ol.source-list li", "id"),
        ["source-operator-press", "source-rail-almanac"]
    );
}

#[test]
fn refs_link_to_the_right_pages_in_each_language() {
    let site = built();
    let en = site.html("routes/aurora-line/index.html");
    assert_eq!(
        attr(&en, "dl.facts a[href*='operators']", "href"),
        "/night/operators/nordlicht-sleep/"
    );
    let de = site.html("de/betreiber/nordlicht-sleep/index.html");
    assert_eq!(
        facts(&de).iter().find(|(dt, _)| dt == "Gehört zu"),
        Some(&("Gehört zu".to_string(), "Nordlicht Rail".to_string()))
    );
    assert_eq!(
        attr(&de, "dl.facts a", "href"),
        "/night/de/betreiber/nordlicht/"
    );
    assert!(site.has_output("de/betreiber/nordlicht/index.html"));
}

#[test]
fn what_points_here_lists_the_right_entries_grouped_by_collection_and_field() {
    let site = built();
    let page = site.html("operators/nordlicht/index.html");
    let groups: Vec<(String, Vec<String>)> = select(&page, "section.referrers")
        .into_iter()
        .map(|section| {
            let heading = section.select(&sel("h3")).map(text).collect::<String>();
            let links = section
                .select(&sel("li a"))
                .filter_map(|a| a.value().attr("href").map(str::to_string))
                .collect();
            (heading, links)
        })
        .collect();
    assert_eq!(
        groups,
        [
            (
                "Operators (Part of)".to_string(),
                vec!["/night/operators/nordlicht-sleep/".to_string()]
            ),
            (
                "Routes (Operator)".to_string(),
                vec!["/night/routes/polar-express/".to_string()]
            ),
            (
                "On the timeline".to_string(),
                vec![
                    "/night/timeline/#old-service-ends".to_string(),
                    "/night/timeline/#polar-starts".to_string()
                ]
            ),
        ]
    );
    // The timeline group links to the operator's own timeline page, which exists.
    let all = attr(&page, "section.referrers p a", "href");
    assert_eq!(all, "/night/timeline/operators/nordlicht/");
    assert!(site.has_output("timeline/operators/nordlicht/index.html"));
    // A source lists what cites it: pages, entries and events.
    let sources = site.html("sources/index.html");
    let cited = texts(&sources, "li#source-operator-press p.used-on a");
    assert_eq!(
        cited,
        ["Nordlicht Sleepers", "Aurora Line", "Aurora Line starts"]
    );
}

#[test]
fn the_timeline_has_a_filter_group_per_ref_field_and_per_category() {
    let site = built();
    for (file, groups) in [
        (
            "timeline/index.html",
            ["Routes", "Operators", "By category"],
        ),
        (
            "de/chronik/index.html",
            ["Verbindungen", "Betreiber", "Nach Kategorie"],
        ),
    ] {
        let page = site.html(file);
        assert_eq!(texts(&page, "div.filter-group h3"), groups, "{file}");
        for href in attrs(&page, "div.filter-group a", "href") {
            let output = format!("{}index.html", href.trim_start_matches("/night/"));
            assert!(site.has_output(&output), "{file}: {href} has no page");
        }
    }
    let page = site.html("de/chronik/index.html");
    assert_eq!(
        attr(&page, "a[data-filter='categories:launch']", "href"),
        "/night/de/chronik/kategorien/launch/"
    );
    let event = one(&page, "li.event#aurora-starts");
    assert_eq!(
        event.value().attr("data-filters"),
        Some("categories:launch operators:nordlicht-sleep routes:aurora-line")
    );
}

#[test]
fn a_collection_index_tables_its_number_fields_in_the_language_s_format() {
    let site = built();
    let page = site.html("de/verbindungen/index.html");
    assert_eq!(text(one(&page, "h1")), "Verbindungen");
    assert_eq!(
        texts(&page, "table.data-table thead th"),
        ["Name", "Länge (km)", "Abfahrten pro Woche"]
    );
    let rows: Vec<Vec<String>> = select(&page, "table.data-table tbody tr")
        .into_iter()
        .map(|tr| tr.select(&sel("th, td")).map(text).collect())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["Aurora-Linie", "1.234,5", "7"],
            vec!["Polar-Express", "2.250", "3"],
            vec!["Mitternachtssonne", "980", "k. A."],
        ]
    );
}

#[test]
fn the_navigation_comes_from_the_site() {
    let site = built();
    let home = site.html("index.html");
    assert_eq!(
        texts(&home, "nav.site-nav a"),
        [
            "Home",
            "The comeback",
            "Routes",
            "Operators",
            "Timeline",
            "Glossary",
            "Sources"
        ]
    );
    let de = site.html("de/index.html");
    assert_eq!(
        attrs(&de, "nav.site-nav a", "href"),
        [
            "/night/de/",
            "/night/de/comeback/",
            "/night/de/verbindungen/",
            "/night/de/betreiber/",
            "/night/de/chronik/",
            "/night/de/glossar/",
            "/night/de/quellen/"
        ]
    );
}

#[test]
fn a_menu_in_site_yaml_replaces_the_default_one_and_is_checked() {
    let site = Site::copy(FIXTURE);
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        format!(
            "{config}\nmenu:\n  - {{page: comeback.md, title: {{en: Why, de: Warum}}}}\n  - timeline: true\n  - {{url: \"https://example.org/\", title: Elsewhere}}\n"
        ),
    );
    site.build_ok(&[]);
    assert_eq!(
        texts(&site.html("de/index.html"), "nav.site-nav a"),
        ["Startseite", "Warum", "Chronik", "Elsewhere"]
    );
    site.write(
        "site.yaml",
        format!("{config}\nmenu:\n  - page: comebak.md\n  - collection: routes\n"),
    );
    let run = site.build(&[]);
    run.expect_code(1);
    assert_eq!(
        errors(&run.stderr),
        ["the menu names `comebak.md`, which is not in content/"]
    );
    assert!(
        hints(&run.stderr).contains(&"did you mean `comeback.md`?".to_string()),
        "{}",
        run.stderr
    );
}

#[test]
fn a_site_of_its_own_overrides_the_theme_file_by_file() {
    let site = Site::copy(FIXTURE);
    site.write(
        "templates/entry.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ entry.title }}</p>{% endblock content %}",
    );
    site.write("i18n/en.yaml", "home: \"Start\"\n");
    site.build_ok(&[]);
    let page = site.html("routes/aurora-line/index.html");
    assert_eq!(text(one(&page, "p.mine")), "Aurora Line");
    assert_eq!(texts(&page, "nav.site-nav a")[0], "Start");
    // The rest of the theme is still there.
    assert!(site.has_output("style.css"));
}

/// Every file of the built-in theme, as text.
fn theme_texts() -> Vec<(String, String)> {
    spiega::load::builtin::FILES
        .iter()
        .map(|(path, bytes)| {
            (
                (*path).to_string(),
                String::from_utf8_lossy(bytes).to_lowercase(),
            )
        })
        .collect()
}

/// Whether `word` appears in `text` as a whole word (letters, digits, `_` and `-` around it
/// do not count).
fn has_word(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[test]
fn the_built_in_theme_names_nothing_of_the_bundled_story() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut words: Vec<String> = [
        "amazon",
        "anthropic",
        "nvidia",
        "trainium",
        "inferentia",
        "aws",
        "claude",
        "openai",
        "annapurna",
        "rainier",
        "blackwell",
        "chip",
        "chips",
        "semiconductor",
    ]
    .map(str::to_string)
    .to_vec();
    let config = read_text(&repo.join("site.yaml"));
    let site: serde_yaml::Value = serde_yaml::from_str(&config).expect("site.yaml parses");
    for collection in site["collections"].as_sequence().expect("collections") {
        words.push(collection["name"].as_str().expect("a name").to_string());
    }
    for entry in std::fs::read_dir(repo.join("content/data")).expect("content/data") {
        let path = entry.expect("an entry").path();
        let data: serde_yaml::Value =
            serde_yaml::from_str(&read_text(&path)).expect("a data file parses");
        for item in data.as_sequence().into_iter().flatten() {
            if let Some(id) = item["id"].as_str().filter(|id| id.len() >= 4) {
                words.push(id.to_lowercase());
            }
        }
    }
    assert!(words.len() > 100, "too few words to look for: {words:?}");
    let mut found = Vec::new();
    for (path, text) in theme_texts() {
        for word in &words {
            if has_word(&text, word) {
                found.push(format!("{path}: `{word}`"));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn the_theme_has_every_string_in_five_languages() {
    let strings = |lang: &str| -> Vec<String> {
        let path = format!("i18n/{lang}.yaml");
        let (_, bytes) = spiega::load::builtin::FILES
            .iter()
            .find(|(p, _)| *p == path)
            .unwrap_or_else(|| panic!("no {path}"));
        let map: std::collections::BTreeMap<String, String> =
            serde_yaml::from_slice(bytes).expect("strings parse");
        map.into_keys().collect()
    };
    let english = strings("en");
    for lang in ["it", "fr", "de", "es"] {
        assert_eq!(strings(lang), english, "{lang} has other keys than en");
    }
}

#[test]
fn init_starters_pass_check_strict_in_one_and_in_two_languages() {
    for languages in [None, Some("it,en"), Some("de,fr,es")] {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("starter");
        let mut args = vec!["init".to_string(), root.display().to_string()];
        if let Some(list) = languages {
            args.extend(["--languages".to_string(), list.to_string()]);
        }
        run(&args).success();
        let check = run(["check", "--strict", "--root", &root.display().to_string()]);
        check.success();
        assert!(check.stderr.contains("0 warnings"), "{}", check.stderr);
        let out = dir.path().join("out");
        let root = root.display().to_string();
        let out_arg = out.display().to_string();
        run(["build", "--root", &root, "--output", &out_arg]).success();
        let count = languages.map_or(1, |l| l.split(',').count());
        let homes: Vec<String> = list_files(&out)
            .into_iter()
            .filter(|f| f.ends_with("index.html") && f.matches('/').count() <= 1)
            .filter(|f| *f == "index.html" || f.len() == "xx/index.html".len())
            .collect();
        assert_eq!(homes.len(), count, "{languages:?}: {homes:?}");
        // Every feature is in use: a chart, citations, glossary links, a timeline embed, tags.
        let story = html_at(&out.join("story/index.html"));
        for css in [
            "sup.cite",
            "a.glossary-term",
            "ol.timeline-embed",
            "a[rel=tag]",
        ] {
            assert!(!select(&story, css).is_empty(), "{languages:?}: no {css}");
        }
        let home = html_at(&out.join("index.html"));
        assert!(!select(&home, "figure.chart").is_empty());
    }
}

#[test]
fn init_refuses_bad_language_lists() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("x").display().to_string();
    let run = run(["init", &root, "--languages", "en,en"]);
    run.expect_code(1);
    assert!(
        run.stderr.contains("the language `en` is listed twice"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("x").exists());
}

#[test]
fn theme_export_writes_the_built_in_theme_and_the_site_builds_the_same() {
    let site = Site::copy(FIXTURE);
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    let root = site.root.display().to_string();
    run(["theme", "export", "--root", &root]).success();
    for (path, bytes) in spiega::load::builtin::FILES {
        let written = std::fs::read(site.root.join("themes/explainer").join(path));
        assert_eq!(written.ok().as_deref(), Some(*bytes), "{path}");
    }
    site.build_ok(&[]);
    let changed: Vec<String> = changed_files(&before, &snapshot(&site.out))
        .into_iter()
        .filter(|f| !f.starts_with(".spiega"))
        .collect();
    assert_eq!(changed, Vec::<String>::new());
    let again = run(["theme", "export", "--root", &root]);
    again.expect_code(1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
}
