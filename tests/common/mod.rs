//! Helpers shared by the integration tests: copy a fixture site into a temporary folder, run the
//! `spiega` binary, read the output as parsed HTML or XML, and snapshot a folder's bytes and mtimes.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use scraper::{ElementRef, Html, Selector};
use tempfile::TempDir;

/// The folder of a fixture site: `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// What one run of the CLI did.
#[derive(Debug)]
pub struct Run {
    /// The exit code (-1 if killed by a signal).
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// Panics with the run's output unless it exited with `code`.
    #[track_caller]
    pub fn expect_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code, code,
            "expected exit code {code}\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Panics with the run's output unless it succeeded.
    #[track_caller]
    pub fn success(&self) -> &Self {
        self.expect_code(0)
    }
}

/// A `spiega` command with NO_COLOR set, so that stderr is plain text.
pub fn spiega() -> assert_cmd::Command {
    let mut command = assert_cmd::cargo::cargo_bin_cmd!("spiega");
    command.env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    command
}

/// Runs `spiega` with `args` (NO_COLOR=1).
pub fn run<I, S>(args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = spiega().args(args).output().expect("spiega runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Copies a folder recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the copy's folder");
    for entry in std::fs::read_dir(from).expect("read the folder to copy") {
        let entry = entry.expect("a folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("a file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

/// A fixture site copied into a temporary folder (`<tmp>/site`), so that tests may edit it, with
/// its output at `<tmp>/out`.
pub struct Site {
    /// Keeps the temporary folder alive.
    pub dir: TempDir,
    /// The copy of the site.
    pub root: PathBuf,
    /// The output folder (not created until a build).
    pub out: PathBuf,
}

impl Site {
    /// Copies `tests/fixtures/<name>` into a new temporary folder.
    pub fn copy(name: &str) -> Site {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("site");
        copy_dir(&fixture(name), &root);
        let out = dir.path().join("out");
        Site { dir, root, out }
    }

    /// The repository's own site (site.yaml, content/, themes/ and any templates/, static/,
    /// i18n/) copied into a new temporary folder.
    pub fn from_repository() -> Site {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().expect("a temporary folder");
        let root = dir.path().join("site");
        std::fs::create_dir_all(&root).expect("create the site folder");
        std::fs::copy(repo.join("site.yaml"), root.join("site.yaml")).expect("copy site.yaml");
        for folder in ["content", "themes", "templates", "static", "i18n"] {
            if repo.join(folder).is_dir() {
                copy_dir(&repo.join(folder), &root.join(folder));
            }
        }
        let out = dir.path().join("out");
        Site { dir, root, out }
    }

    /// A path inside the site.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Writes a file of the site, creating its folder.
    pub fn write(&self, relative: &str, text: impl AsRef<[u8]>) {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the folder");
        }
        std::fs::write(path, text).expect("write a site file");
    }

    /// Reads a file of the site.
    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path(relative)).expect("read a site file")
    }

    /// Removes a file of the site.
    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.path(relative)).expect("remove a site file");
    }

    /// `spiega build --root <site> --output <out> <extra>`.
    pub fn build(&self, extra: &[&str]) -> Run {
        let mut args: Vec<&OsStr> = vec![
            OsStr::new("build"),
            OsStr::new("--root"),
            self.root.as_os_str(),
            OsStr::new("--output"),
            self.out.as_os_str(),
        ];
        args.extend(extra.iter().map(OsStr::new));
        run(args)
    }

    /// `spiega check --root <site> <extra>`.
    pub fn check(&self, extra: &[&str]) -> Run {
        let mut args: Vec<&OsStr> = vec![
            OsStr::new("check"),
            OsStr::new("--root"),
            self.root.as_os_str(),
        ];
        args.extend(extra.iter().map(OsStr::new));
        run(args)
    }

    /// Builds and panics unless the build succeeded.
    #[track_caller]
    pub fn build_ok(&self, extra: &[&str]) -> Run {
        let run = self.build(extra);
        run.success();
        run
    }

    /// A built file as text.
    #[track_caller]
    pub fn output(&self, relative: &str) -> String {
        read_text(&self.out.join(relative))
    }

    /// A built HTML file, parsed.
    #[track_caller]
    pub fn html(&self, relative: &str) -> Html {
        Html::parse_document(&self.output(relative))
    }

    /// Whether the output has this file.
    pub fn has_output(&self, relative: &str) -> bool {
        self.out.join(relative).is_file()
    }
}

/// Reads a file as text, naming it when it is missing.
#[track_caller]
pub fn read_text(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

/// A CSS selector (panics on a typo in the test).
pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|error| panic!("bad selector {css:?}: {error:?}"))
}

/// Every element matching `css`.
pub fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&sel(css)).collect()
}

/// The only element matching `css` (panics if there are none or several).
#[track_caller]
pub fn one<'a>(html: &'a Html, css: &str) -> ElementRef<'a> {
    let found = select(html, css);
    assert_eq!(
        found.len(),
        1,
        "expected exactly one `{css}`, found {}",
        found.len()
    );
    found[0]
}

/// The trimmed text of an element.
pub fn text(element: ElementRef<'_>) -> String {
    element.text().collect::<String>().trim().to_string()
}

/// The trimmed text of every element matching `css`.
pub fn texts(html: &Html, css: &str) -> Vec<String> {
    select(html, css).into_iter().map(text).collect()
}

/// An attribute of the only element matching `css`.
#[track_caller]
pub fn attr(html: &Html, css: &str, name: &str) -> String {
    one(html, css)
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("`{css}` has no `{name}` attribute"))
        .to_string()
}

/// An attribute of every element matching `css` (elements without it are skipped).
pub fn attrs(html: &Html, css: &str, name: &str) -> Vec<String> {
    select(html, css)
        .into_iter()
        .filter_map(|e| e.value().attr(name).map(str::to_string))
        .collect()
}

/// Every file under `dir`, relative and `/`-separated, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut files = Vec::new();
    collect_files(dir, dir, &mut files);
    files.sort();
    files
}

fn collect_files(base: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries {
        let entry = entry.expect("a folder entry");
        let path = entry.path();
        if entry.file_type().expect("a file type").is_dir() {
            collect_files(base, &path, files);
        } else {
            let relative = path.strip_prefix(base).expect("inside the base");
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(parts.join("/"));
        }
    }
}

/// Every file under a folder with its bytes and modification time.
pub type FolderSnapshot = BTreeMap<String, (Vec<u8>, SystemTime)>;

/// Snapshots every file of a folder (bytes and mtime), to check later that nothing changed.
pub fn snapshot(dir: &Path) -> FolderSnapshot {
    list_files(dir)
        .into_iter()
        .map(|relative| {
            let path = dir.join(&relative);
            let bytes = std::fs::read(&path).expect("read a file");
            let mtime = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("an mtime");
            (relative, (bytes, mtime))
        })
        .collect()
}

/// The files whose bytes or mtime differ between two snapshots, or that are in only one.
pub fn changed_files(before: &FolderSnapshot, after: &FolderSnapshot) -> Vec<String> {
    let mut changed: Vec<String> = before
        .iter()
        .filter(|(path, old)| after.get(*path) != Some(*old))
        .map(|(path, _)| path.clone())
        .collect();
    changed.extend(
        after
            .keys()
            .filter(|path| !before.contains_key(*path))
            .cloned(),
    );
    changed.sort();
    changed.dedup();
    changed
}

/// Waits long enough for a rewritten file to get a different mtime on coarse file systems.
pub fn let_mtimes_tick() {
    std::thread::sleep(std::time::Duration::from_millis(1100));
}

/// Replaces the temporary folder in a CLI message by `[TMP]`, for snapshots.
pub fn redact(text: &str, dir: &Path) -> String {
    let mut text = text.replace(&dir.display().to_string(), "[TMP]");
    if let Ok(canonical) = dir.canonicalize() {
        text = text.replace(&canonical.display().to_string(), "[TMP]");
    }
    text
}

/// The stderr of a failed build without the final status line (which names the output folder).
pub fn diagnostics_only(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|line| !line.trim_start().starts_with("Failed "))
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_string()
}

/// The `--> file:line:column` locations of a CLI's diagnostics, in order.
pub fn locations(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("--> "))
        .map(|location| location.trim().to_string())
        .collect()
}

/// The `error: …` headlines of a CLI's diagnostics, in order.
pub fn errors(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|line| line.strip_prefix("error: "))
        .map(str::to_string)
        .collect()
}

/// The `help: …` lines of a CLI's diagnostics, in order.
pub fn hints(stderr: &str) -> Vec<String> {
    stderr
        .lines()
        .filter_map(|line| {
            line.trim_start()
                .trim_start_matches("= ")
                .strip_prefix("help: ")
        })
        .map(str::to_string)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// A small, strict XML reader for sitemap.xml and the Atom feeds: no dependency, and it refuses
// text that is not well-formed (a bare `&` or `<`, a tag closed by another), which is what a
// feed reader would choke on.

/// An XML element.
#[derive(Debug, Clone, PartialEq)]
pub struct XmlElement {
    /// The tag name as written (`xhtml:link`).
    pub name: String,
    /// Attributes in order, values unescaped.
    pub attrs: Vec<(String, String)>,
    /// Child elements and text.
    pub children: Vec<XmlNode>,
}

/// A child of an XML element.
#[derive(Debug, Clone, PartialEq)]
pub enum XmlNode {
    /// An element.
    Element(XmlElement),
    /// Text, unescaped.
    Text(String),
}

impl XmlElement {
    /// An attribute's value.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The direct child elements named `name`.
    pub fn children_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = &'a XmlElement> + 'a {
        self.children.iter().filter_map(move |node| match node {
            XmlNode::Element(e) if e.name == name => Some(e),
            _ => None,
        })
    }

    /// The first direct child element named `name`.
    #[track_caller]
    pub fn child(&self, name: &str) -> &XmlElement {
        let found = self.children.iter().find_map(|node| match node {
            XmlNode::Element(e) if e.name == name => Some(e),
            _ => None,
        });
        found.unwrap_or_else(|| panic!("<{}> has no <{name}>", self.name))
    }

    /// The element's text (its direct text children, unescaped).
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|node| match node {
                XmlNode::Text(t) => Some(t.as_str()),
                XmlNode::Element(_) => None,
            })
            .collect()
    }
}

/// Parses an XML document into its root element.
pub fn parse_xml(text: &str) -> Result<XmlElement, String> {
    let mut rest = text.trim_start_matches('\u{feff}');
    let mut stack: Vec<XmlElement> = Vec::new();
    let mut root = None;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("<?") {
            let end = after.find("?>").ok_or("unclosed <?")?;
            rest = &after[end + 2..];
        } else if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("unclosed comment")?;
            rest = &after[end + 3..];
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("unclosed end tag")?;
            let name = after[..end].trim();
            let element = stack
                .pop()
                .ok_or_else(|| format!("</{name}> without a start tag"))?;
            if element.name != name {
                return Err(format!("<{}> closed by </{name}>", element.name));
            }
            rest = &after[end + 1..];
            match stack.last_mut() {
                Some(parent) => parent.children.push(XmlNode::Element(element)),
                None if root.is_none() => root = Some(element),
                None => return Err("two root elements".to_string()),
            }
        } else if let Some(after) = rest.strip_prefix('<') {
            let end = after.find('>').ok_or("unclosed start tag")?;
            let mut inside = &after[..end];
            let self_closing = inside.ends_with('/');
            if self_closing {
                inside = &inside[..inside.len() - 1];
            }
            let element = parse_start_tag(inside)?;
            rest = &after[end + 1..];
            if self_closing {
                match stack.last_mut() {
                    Some(parent) => parent.children.push(XmlNode::Element(element)),
                    None if root.is_none() => root = Some(element),
                    None => return Err("two root elements".to_string()),
                }
            } else {
                stack.push(element);
            }
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let raw = &rest[..end];
            rest = &rest[end..];
            match stack.last_mut() {
                Some(parent) => parent.children.push(XmlNode::Text(unescape_xml(raw)?)),
                None if raw.trim().is_empty() => {}
                None => return Err(format!("text outside the root: {raw:?}")),
            }
        }
    }
    if let Some(open) = stack.last() {
        return Err(format!("<{}> is never closed", open.name));
    }
    root.ok_or_else(|| "no root element".to_string())
}

fn parse_start_tag(inside: &str) -> Result<XmlElement, String> {
    let inside = inside.trim();
    let name_end = inside.find(char::is_whitespace).unwrap_or(inside.len());
    let name = inside[..name_end].to_string();
    if name.is_empty() {
        return Err("a tag without a name".to_string());
    }
    let mut attrs = Vec::new();
    let mut rest = inside[name_end..].trim_start();
    while !rest.is_empty() {
        let eq = rest
            .find('=')
            .ok_or_else(|| format!("attribute without a value in <{name}>"))?;
        let attr_name = rest[..eq].trim().to_string();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next().filter(|c| *c == '"' || *c == '\'');
        let quote = quote.ok_or_else(|| format!("unquoted attribute `{attr_name}` in <{name}>"))?;
        let close = after[1..].find(quote).ok_or("unclosed attribute value")?;
        let value = &after[1..1 + close];
        if value.contains('<') {
            return Err(format!("`<` in attribute `{attr_name}`"));
        }
        attrs.push((attr_name, unescape_xml(value)?));
        rest = after[close + 2..].trim_start();
    }
    Ok(XmlElement {
        name,
        attrs,
        children: Vec::new(),
    })
}

/// Replaces XML entities; a `&` that starts no entity is an error.
pub fn unescape_xml(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after
            .find(';')
            .ok_or_else(|| format!("bare `&` in {text:?}"))?;
        let entity = &after[..semi];
        let decoded = match entity {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(decimal) = entity.strip_prefix('#') {
                    decimal.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| format!("unknown entity `&{entity};` in {text:?}"))?
            }
        };
        out.push(decoded);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Copies a fixture and builds it, panicking unless the build succeeds.
#[track_caller]
pub fn built(name: &str, extra: &[&str]) -> Site {
    let site = Site::copy(name);
    site.build_ok(extra);
    site
}

/// The `written, unchanged, removed` counts of a build's summary line.
#[track_caller]
pub fn summary_counts(stderr: &str) -> (usize, usize, usize) {
    let line = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("Finished "))
        .unwrap_or_else(|| panic!("no summary line in:\n{stderr}"));
    let count = |word: &str| -> usize {
        let before = line
            .split(&format!(" {word}"))
            .next()
            .unwrap_or_else(|| panic!("no `{word}` in {line:?}"));
        let number = before.rsplit([' ', ',', ':']).next().unwrap_or_default();
        number
            .parse()
            .unwrap_or_else(|_| panic!("no count before `{word}` in {line:?}"))
    };
    (count("written"), count("unchanged"), count("removed"))
}

/// A broken fixture's failed build, after a good build into the same output folder.
pub struct Failure {
    /// The good site whose output the broken build must leave alone.
    pub site: Site,
    /// The broken build.
    pub run: Run,
}

impl Failure {
    /// The diagnostics as printed, with the temporary folder redacted, for snapshots.
    pub fn stderr(&self) -> String {
        redact(&self.run.stderr, self.site.dir.path())
    }
}

/// A failed build: exit code 1, the output folder exactly as `before` (bytes and mtimes), and a
/// summary that says so.
#[track_caller]
pub fn assert_failed_and_untouched(run: &Run, before: &FolderSnapshot, out: &Path) {
    run.expect_code(1);
    assert_eq!(
        changed_files(before, &snapshot(out)),
        Vec::<String>::new(),
        "a failed build touched the output"
    );
    assert!(
        run.stderr.contains("was not touched"),
        "the summary says the output was not touched: {}",
        run.stderr
    );
}

/// Builds the good `tiny` fixture, then `tests/fixtures/broken/<case>` into the same output
/// folder, and checks that the broken build exits 1 and leaves every byte and mtime of the good
/// output alone, and that `spiega check` reports the same diagnostics.
#[track_caller]
pub fn build_broken(case: &str) -> Failure {
    let site = Site::copy("tiny");
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    let broken = fixture("broken").join(case);
    assert!(
        broken.join("site.yaml").is_file(),
        "no fixture {}",
        broken.display()
    );
    let run = run([
        "build".as_ref(),
        "--root".as_ref(),
        broken.as_os_str(),
        "--output".as_ref(),
        site.out.as_os_str(),
    ]);
    assert_failed_and_untouched(&run, &before, &site.out);
    let check = self::run(["check".as_ref(), "--root".as_ref(), broken.as_os_str()]);
    check.expect_code(1);
    assert_eq!(
        diagnostics_only(&check.stderr),
        diagnostics_only(&run.stderr),
        "check and build report the same"
    );
    Failure { site, run }
}
