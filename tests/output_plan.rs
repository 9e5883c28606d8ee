//! The output plan as an attacker would try it: paths from front matter, site.yaml and files that
//! would leave the output folder or replace another output. Each case starts from a good build of
//! the `data` fixture, plants one mistake and builds again: exit 1, the error at its file, line
//! and column with a hint, the output untouched, and nothing written anywhere else (the whole
//! temporary folder is listed before and after; the output sits two folders deep in it, so that
//! `../../` lands inside the listing).

mod common;

use std::path::{Path, PathBuf};

use common::*;

const FIXTURE: &str = "data";

/// One planted mistake.
struct Case {
    name: &'static str,
    /// Files to write (relative to the site root), and edits of existing files (old → new).
    write: &'static [(&'static str, &'static str)],
    replace: &'static [(&'static str, &'static str, &'static str)],
    /// The first error's message, and where it points (`file:line:column`, or a file alone).
    message: &'static str,
    location: &'static str,
}

const CASES: &[Case] = &[
    Case {
        name: "an alias climbing out of the output",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"../../victim.html\"]\n",
        )],
        message: "the alias `../../victim.html` climbs out of the output folder with `..`",
        location: "content/storia.md:3:12",
    },
    Case {
        name: "an alias climbing to the root",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases:\n  - \"../../../../../../../../../../spiega-escape-probe/\"\n",
        )],
        message: "the alias `../../../../../../../../../../spiega-escape-probe/` climbs out of the output folder with `..`",
        location: "content/storia.md:4:6",
    },
    Case {
        name: "an alias hidden in the middle of a path",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"/old/../../../escaped-dir/\"]\n",
        )],
        message: "the alias `/old/../../../escaped-dir/` climbs out of the output folder with `..`",
        location: "content/storia.md:3:12",
    },
    Case {
        name: "an alias that is a URL",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"//evil.example/x/\"]\n",
        )],
        message: "the alias `//evil.example/x/` is a URL, not a path on this site",
        location: "content/storia.md:3:12",
    },
    Case {
        name: "an alias with backslashes",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: ['..\\..\\victim.html']\n",
        )],
        message: "the alias `..\\..\\victim.html` has a backslash",
        location: "content/storia.md:3:12",
    },
    Case {
        name: "an alias with a drive letter",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"C:/Windows/x.html\"]\n",
        )],
        message: "the alias `C:/Windows/x.html` has the character `:`",
        location: "content/storia.md:3:12",
    },
    Case {
        name: "an alias with a NUL",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"/a\\0b/\"]\n",
        )],
        message: "has a control character",
        location: "content/storia.md:3:1",
    },
    Case {
        name: "an alias with an empty segment",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"/a//b/\"]\n",
        )],
        message: "the alias `/a//b/` has an empty segment (`//`)",
        location: "content/storia.md:3:12",
    },
    Case {
        name: "an alias named like a Windows device",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"/con/\"]\n",
        )],
        message: "the alias `/con/` uses `con`, a name Windows reserves",
        location: "content/storia.md:3:12",
    },
    Case {
        name: "the glossary path climbing out",
        write: &[],
        replace: &[("site.yaml", "it: \"glossario/\"", "it: \"../../outside/\"")],
        message: "the `it` path of the glossary `../../outside/` climbs out of the output folder with `..`",
        location: "site.yaml:48:15",
    },
    Case {
        name: "a timeline path climbing out",
        write: &[],
        replace: &[("site.yaml", "en: \"en/timeline/\"", "en: \"/../timeline/\"")],
        message: "the `en` path of the timeline `/../timeline/` climbs out of the output folder with `..`",
        location: "site.yaml:41:34",
    },
    Case {
        name: "a collection path climbing out",
        write: &[],
        replace: &[(
            "site.yaml",
            "paths: {it: \"chip/{id}/\"",
            "paths: {it: \"../../../x/{id}/\"",
        )],
        message: "the `it` path of `chips` `../../../x/{id}/` climbs out of the output folder with `..`",
        location: "site.yaml:28:17",
    },
    Case {
        name: "a timeline category that is a path",
        write: &[],
        replace: &[(
            "site.yaml",
            "    - {id: launch,",
            "    - {id: \"../x\", label: {it: X, en: X}}\n    - {id: launch,",
        )],
        message: "the timeline category `../x` has the character `/`",
        location: "site.yaml:46:12",
    },
    Case {
        name: "an alias over a static file's folder",
        write: &[("static/style.css", "body {}\n")],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"/style.css/\"]\n",
        )],
        message: "`style.css/index.html` cannot be written: `style.css` is in the way",
        location: "content/storia.md:3:12",
    },
    Case {
        name: "an alias over the 404 page",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"/404.html\"]\n",
        )],
        message: "the alias `404.html` would overwrite another output",
        location: "content/storia.md:3:12",
    },
    Case {
        name: "an alias over the sitemap",
        write: &[],
        replace: &[(
            "content/storia.md",
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"/sitemap.xml/\"]\n",
        )],
        message: "`sitemap.xml/index.html` cannot be written: `sitemap.xml` is in the way",
        location: "content/storia.md:3:12",
    },
    Case {
        name: "a static sitemap.xml",
        write: &[("static/sitemap.xml", "<urlset/>\n")],
        replace: &[],
        message: "`static/sitemap.xml` would overwrite the generated `sitemap.xml`",
        location: "static/sitemap.xml",
    },
    Case {
        name: "a static robots.txt",
        write: &[("static/robots.txt", "User-agent: *\n")],
        replace: &[],
        message: "`static/robots.txt` would overwrite the generated `robots.txt`",
        location: "static/robots.txt",
    },
    Case {
        name: "a static feed",
        write: &[("static/atom.xml", "<feed/>\n")],
        replace: &[],
        message: "`static/atom.xml` would overwrite the generated `atom.xml`",
        location: "static/atom.xml",
    },
    Case {
        name: "a content file over the timeline's JSON",
        write: &[("content/cronologia/timeline.json", "{}\n")],
        replace: &[],
        message: "`content/cronologia/timeline.json` would overwrite the generated `cronologia/timeline.json`",
        location: "content/cronologia/timeline.json",
    },
    Case {
        name: "a page over a timeline filter page",
        write: &[(
            "content/cronologia/aziende/amazon.md",
            "---\ntitle: \"Amazon\"\n---\nTesto.\n",
        )],
        replace: &[],
        message: "two pages would be written to the same URL `/cronologia/aziende/amazon/`",
        location: "content/cronologia/aziende/amazon.md:2:1",
    },
    Case {
        name: "a static file where a language's folder goes",
        write: &[("static/en", "not a folder\n")],
        replace: &[],
        message: "`en` cannot be written: `en/",
        location: "static/en",
    },
];

/// The fixture copied into `<tmp>/site`, with its output at `<tmp>/deep/er/out`.
struct Sandbox {
    site: Site,
    out: PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let site = Site::copy(FIXTURE);
        let out = site.dir.path().join("deep/er/out");
        Sandbox { site, out }
    }

    fn build(&self) -> Run {
        let out = self.out.to_string_lossy().into_owned();
        let root = self.site.root.to_string_lossy().into_owned();
        run(["build", "--root", &root, "--output", &out])
    }

    fn plant(&self, case: &Case) {
        for (file, text) in case.write {
            self.site.write(file, text);
        }
        for (file, old, new) in case.replace {
            let text = self.site.read(file);
            assert!(text.contains(old), "{}: `{old}` not in {file}", case.name);
            self.site.write(file, text.replacen(old, new, 1));
        }
    }
}

/// Every file (with its bytes and mtime) and every folder under `dir`, but the site's sources.
fn everything_but_the_site(dir: &Path) -> (FolderSnapshot, Vec<PathBuf>) {
    let mut files = snapshot(dir);
    files.retain(|path, _| !path.starts_with("site/"));
    let mut folders = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("read a folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() && !path.starts_with(dir.join("site")) {
                pending.push(path.clone());
                folders.push(path);
            }
        }
    }
    folders.sort();
    (files, folders)
}

#[test]
fn every_escape_and_collision_fails_located_and_writes_nothing() {
    let mut failures = Vec::new();
    for case in CASES {
        let sandbox = Sandbox::new();
        sandbox.build().success();
        let before = everything_but_the_site(sandbox.site.dir.path());
        sandbox.plant(case);
        let run = sandbox.build();
        let stderr = &run.stderr;
        let problems = [
            (run.code != 1).then(|| format!("exit code {}", run.code)),
            (!errors(stderr).iter().any(|e| e.contains(case.message)))
                .then(|| format!("no error containing `{}`", case.message)),
            (!case.location.is_empty() && !locations(stderr).iter().any(|l| l == case.location))
                .then(|| format!("no error at `{}`", case.location)),
            hints(stderr).is_empty().then(|| "no hint".to_string()),
            (everything_but_the_site(sandbox.site.dir.path()) != before)
                .then(|| "files changed outside the site's sources".to_string()),
        ];
        for problem in problems.into_iter().flatten() {
            failures.push(format!("{}: {problem}\n{stderr}", case.name));
        }
    }
    assert!(
        !Path::new("/spiega-escape-probe").exists(),
        "an alias wrote at the file system's root"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_clash_into_an_empty_folder_writes_nothing_and_the_next_build_works() {
    let sandbox = Sandbox::new();
    let case = CASES
        .iter()
        .find(|case| case.name == "an alias over a static file's folder")
        .expect("the case");
    sandbox.plant(case);
    sandbox.build().expect_code(1);
    assert!(
        !sandbox.out.exists() || list_files(&sandbox.out).is_empty(),
        "a failed first build left files: {:?}",
        list_files(&sandbox.out)
    );
    sandbox.site.write(
        "content/storia.md",
        sandbox
            .site
            .read("content/storia.md")
            .replace("aliases: [\"/style.css/\"]\n", ""),
    );
    sandbox.build().success();
    assert!(sandbox.out.join("style.css").is_file());
}

#[test]
fn safe_aliases_still_redirect() {
    let sandbox = Sandbox::new();
    sandbox.site.write(
        "content/storia.md",
        sandbox.site.read("content/storia.md").replacen(
            "title: \"La storia\"\n",
            "title: \"La storia\"\naliases: [\"/vecchia/storia/\", \"old.html\", \"/caffè/\"]\n",
            1,
        ),
    );
    sandbox.build().success();
    for file in ["vecchia/storia/index.html", "old.html", "caffè/index.html"] {
        let html = read_text(&sandbox.out.join(file));
        assert!(
            html.contains("/storia/"),
            "{file} does not redirect: {html}"
        );
    }
}

#[test]
fn two_claims_of_one_path_name_both_sources() {
    let sandbox = Sandbox::new();
    sandbox.site.write("static/sitemap.xml", "<urlset/>\n");
    let run = sandbox.build();
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("note: `sitemap.xml` is also produced by the sitemap"),
        "{}",
        run.stderr
    );
}
