//! content/: finds the Markdown files, reads them in parallel and parses their front matter.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::SiteConfig;
use crate::load::front_matter::{FrontMatter, SplitFile, body_range, split_front_matter};
use crate::load::walk::Walk;

/// The folder of Markdown content, relative to the site root.
pub const CONTENT_DIR: &str = "content";
/// The folder of YAML data inside content/.
pub const DATA_DIR: &str = "data";

/// Whether a Markdown file is a section (`_index.md`) or a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContentKind {
    /// `_index.md`: a section listing the pages in its folder.
    Section,
    /// Any other `.md` file, or `index.md` in a page bundle.
    Page,
}

/// One Markdown file in one language, read and split.
#[derive(Debug, Clone)]
pub struct ContentFile {
    /// Section or page.
    pub kind: ContentKind,
    /// The content path without language suffix, `/`-separated: `storia/accordo.md`.
    pub key: String,
    /// The language of this file.
    pub lang: String,
    /// The file's text, for diagnostics and rendering.
    pub source: SourceFile,
    /// The parsed front matter.
    pub front: FrontMatter,
    /// The byte range of the YAML front matter within the file.
    pub front_range: Range<usize>,
    /// The byte range of the Markdown body within the file.
    pub body_range: Range<usize>,
    /// For a page bundle (`folder/index.md`): the other files of the folder, relative to content/.
    pub assets: Vec<String>,
    /// The file's size and modification time when it was read, if it was read from disk.
    pub read_stamp: Option<FileStamp>,
    /// Whether its front matter could not be parsed (the error is reported): the page is then a
    /// placeholder that links and refs may still name, whose body is still checked, but which
    /// has no output and is in no list.
    pub broken: bool,
}

/// A file's size and modification time: a file whose stamp did not change is taken to be the
/// same file (`spiega serve` reuses its parsed front matter).
pub type FileStamp = (u64, std::time::SystemTime);

/// The stamp of the file at `path`, if it can be read.
pub fn file_stamp(path: &Path) -> Option<FileStamp> {
    let metadata = std::fs::metadata(path).ok()?;
    Some((metadata.len(), metadata.modified().ok()?))
}

/// Markdown files read by an earlier run, by path relative to content/: one whose stamp did not
/// change since is not read again.
pub type ReadFiles = BTreeMap<String, ContentFile>;

impl ContentFile {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        self.source
            .text
            .get(self.body_range.clone())
            .unwrap_or_default()
    }

    /// The folder part of the key (`storia` for `storia/accordo.md`, `` at the top).
    pub fn dir(&self) -> &str {
        key_dir(&self.key)
    }

    /// Whether this is a page bundle's `index.md`.
    pub fn is_bundle(&self) -> bool {
        self.kind == ContentKind::Page && file_name(&self.key) == "index.md"
    }
}

/// The folder part of a content key.
pub fn key_dir(key: &str) -> &str {
    key.rfind('/').map_or("", |i| &key[..i])
}

fn file_name(key: &str) -> &str {
    key.rfind('/').map_or(key, |i| &key[i + 1..])
}

/// Everything found under content/ apart from data.
#[derive(Debug, Default, Clone)]
pub struct LoadedContent {
    /// Every Markdown file, sorted by key then language.
    pub files: Vec<ContentFile>,
    /// Files that are neither Markdown nor in a bundle nor data: copied to the same relative path.
    pub assets: Vec<String>,
    /// Files that could not be read or parsed; the others are loaded so that later stages can
    /// report their own errors in the same run.
    pub problems: Vec<Diagnostic>,
    /// Symbolic links skipped (see [`crate::load::walk`]).
    pub warnings: Vec<Diagnostic>,
}

/// Reads every Markdown file under `root/content`, in parallel. Drafts are dropped unless `drafts`.
/// Files of `read_before` whose stamp did not change are taken from it rather than read again.
pub fn load_content(
    root: &Path,
    config: &SiteConfig,
    drafts: bool,
    read_before: Option<&ReadFiles>,
) -> Result<LoadedContent, Vec<Diagnostic>> {
    let content_dir = root.join(CONTENT_DIR);
    if !content_dir.is_dir() {
        return Err(vec![
            Diagnostic::error("the site has no content/ folder")
                .in_file(CONTENT_DIR)
                .with_hint("create content/_index.md for the home page"),
        ]);
    }
    let (markdown, others, warnings) = list_files(root, &content_dir)?;
    let bundles: Vec<&str> = markdown
        .iter()
        .filter(|p| file_name(p) == "index.md" || is_translated_index(p, config))
        .map(|p| key_dir(p))
        .collect();
    let (bundle_assets, loose_assets) = split_assets(others, &bundles);

    let results: Vec<(Option<ContentFile>, Option<Diagnostic>)> = markdown
        .par_iter()
        .map(
            |relative| match read_before.and_then(|files| unchanged_file(root, relative, files)) {
                Some(mut file) => {
                    file.assets = assets_of(&file.key, &bundle_assets);
                    (Some(file), None)
                }
                None => read_content_file(root, relative, config, drafts, &bundle_assets),
            },
        )
        .collect();
    let mut files = Vec::new();
    let mut problems = Vec::new();
    for (file, problem) in results {
        files.extend(file);
        problems.extend(problem);
    }
    files.sort_by(|a, b| a.key.cmp(&b.key).then(a.lang.cmp(&b.lang)));
    Ok(LoadedContent {
        files,
        assets: loose_assets,
        problems,
        warnings,
    })
}

fn is_translated_index(relative: &str, config: &SiteConfig) -> bool {
    let name = file_name(relative);
    config
        .languages
        .iter()
        .any(|l| name == format!("index.{}.md", l.code))
}

/// Content files relative to content/, sorted: Markdown files, all other files, and the warnings
/// about symbolic links skipped.
type FileLists = (Vec<String>, Vec<String>, Vec<Diagnostic>);

fn list_files(root: &Path, content_dir: &Path) -> Result<FileLists, Vec<Diagnostic>> {
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    let walked = Walk::new(root, content_dir)
        .skipping(|path| path.file_name().is_some_and(is_hidden) || is_data_dir(content_dir, path))
        .run();
    let mut problems = walked.errors;
    for path in walked.files {
        let Some(relative) = relative_key(content_dir, &path) else {
            problems.push(
                Diagnostic::error("file name is not valid UTF-8")
                    .in_file(path.display().to_string())
                    .with_hint("rename the file using UTF-8 characters"),
            );
            continue;
        };
        if relative.ends_with(".md") {
            markdown.push(relative);
        } else {
            others.push(relative);
        }
    }
    if problems.is_empty() {
        Ok((markdown, others, walked.warnings))
    } else {
        problems.extend(walked.warnings);
        Err(problems)
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str()
        .is_some_and(|n| n.starts_with('.') && n != ".")
}

fn is_data_dir(content_dir: &Path, path: &Path) -> bool {
    path == content_dir.join(DATA_DIR)
}

/// The `/`-separated path of `path` relative to `base`.
pub fn relative_key(base: &Path, path: &Path) -> Option<String> {
    let relative = path.strip_prefix(base).ok()?;
    let parts: Option<Vec<&str>> = relative
        .components()
        .map(|c| c.as_os_str().to_str())
        .collect();
    Some(parts?.join("/"))
}

/// The path of a file of content/ outside content/data/, relative to content/ (`/`-separated);
/// `path` is relative to the site root. `None` for any other path.
pub fn content_relative(path: &Path) -> Option<String> {
    let relative = relative_key(Path::new(CONTENT_DIR), path)?;
    let in_data = relative == DATA_DIR || relative.starts_with(&format!("{DATA_DIR}/"));
    (!relative.is_empty() && !in_data).then_some(relative)
}

/// Splits non-Markdown files into bundle assets (per bundle folder) and loose files.
fn split_assets(
    others: Vec<String>,
    bundles: &[&str],
) -> (BTreeMap<String, Vec<String>>, Vec<String>) {
    let mut bundle_assets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut loose = Vec::new();
    for file in others {
        let dir = key_dir(&file);
        if bundles.contains(&dir) && !dir.is_empty() {
            bundle_assets.entry(dir.to_string()).or_default().push(file);
        } else {
            loose.push(file);
        }
    }
    (bundle_assets, loose)
}

/// One Markdown file read: the file (none for a draft when drafts are off, or a file that cannot
/// be read), and the problem found in it.
pub type ReadFile = (Option<ContentFile>, Option<Diagnostic>);

/// Reads one Markdown file (`relative` to content/). `bundle_assets` maps each bundle folder to
/// its other files. A file whose front matter does not parse is kept as a `broken` placeholder
/// beside its error.
pub fn read_content_file(
    root: &Path,
    relative: &str,
    config: &SiteConfig,
    drafts: bool,
    bundle_assets: &BTreeMap<String, Vec<String>>,
) -> ReadFile {
    let display_path = PathBuf::from(CONTENT_DIR).join(relative);
    let path = root.join(CONTENT_DIR).join(relative);
    // Taken before reading: a change made while reading leaves an older stamp, never a newer.
    let read_stamp = file_stamp(&path);
    let source = match read_source(&path, &display_path) {
        Ok(source) => source,
        Err(problem) => return (None, Some(problem)),
    };
    let (key, lang) = match key_and_language(relative, config, &source) {
        Ok(found) => found,
        Err(problem) => return (None, Some(problem)),
    };
    let kind = if file_name(&key) == "_index.md" {
        ContentKind::Section
    } else {
        ContentKind::Page
    };
    let assets = assets_of(&key, bundle_assets);
    let (split, problem) = match split_front_matter(&source) {
        Ok(split) if split.front.draft && !drafts => return (None, None),
        Ok(split) => (split, None),
        Err(problem) => (placeholder(&source, &key), Some(problem)),
    };
    let file = ContentFile {
        kind,
        key,
        lang,
        read_stamp: read_stamp.filter(|_| problem.is_none()),
        broken: problem.is_some(),
        source,
        front: split.front,
        front_range: split.front_range,
        body_range: split.body_range,
        assets,
    };
    (Some(file), problem)
}

/// What stands for a front matter that does not parse: a title from the file's name, nothing
/// else, and the body found after the front matter.
fn placeholder(source: &SourceFile, key: &str) -> SplitFile {
    let name = file_name(key);
    let title = name.strip_suffix(".md").unwrap_or(name).to_string();
    SplitFile {
        front: FrontMatter {
            title,
            ..FrontMatter::default()
        },
        front_range: 0..0,
        body_range: body_range(source),
    }
}

/// The file at `relative` from `files`, if its stamp on disk is the one it was read with.
fn unchanged_file(root: &Path, relative: &str, files: &ReadFiles) -> Option<ContentFile> {
    let file = files.get(relative)?;
    let stamp = file_stamp(&root.join(CONTENT_DIR).join(relative))?;
    (file.read_stamp == Some(stamp)).then(|| file.clone())
}

/// A bundle's other files, for the page `key` (none unless it is a bundle's `index.md`).
fn assets_of(key: &str, bundle_assets: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    if file_name(key) == "index.md" {
        bundle_assets.get(key_dir(key)).cloned().unwrap_or_default()
    } else {
        Vec::new()
    }
}

/// Reads a text file, reporting invalid UTF-8 at the first bad byte.
pub fn read_source(path: &Path, display_path: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|error| {
        Diagnostic::error(format!("cannot read the file: {error}"))
            .in_file(display_path)
            .with_hint("check that the file exists and that you may read it (its permissions)")
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(display_path, text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
            let lossy_offset = String::from_utf8_lossy(&error.as_bytes()[..valid]).len();
            let source = SourceFile::new(display_path, text);
            Err(Diagnostic::error("the file is not valid UTF-8")
                .at(&source, lossy_offset..lossy_offset + 3)
                .with_label("invalid byte here")
                .with_hint("save the file as UTF-8 (most editors have an \"encoding\" option)"))
        }
    }
}

/// The key (path without language suffix) and language of a Markdown file.
fn key_and_language(
    relative: &str,
    config: &SiteConfig,
    source: &SourceFile,
) -> Result<(String, String), Diagnostic> {
    let dir = key_dir(relative);
    let name = file_name(relative);
    let stem = name.strip_suffix(".md").unwrap_or(name);
    if let Some((base, suffix)) = stem.rsplit_once('.') {
        if config.language(suffix).is_some() {
            let key = join_key(dir, &format!("{base}.md"));
            return Ok((key, suffix.to_string()));
        }
        if looks_like_language(suffix) {
            let codes = config.language_codes();
            let hint =
                crate::suggest::did_you_mean(suffix, codes.iter().copied()).unwrap_or_else(|| {
                    format!("add `{suffix}` to `languages` in site.yaml, or rename the file")
                });
            return Err(Diagnostic::error(format!(
                "the file name ends in `.{suffix}.md` but the site has no language `{suffix}`"
            ))
            .in_file(source.path.clone())
            .with_hint(hint));
        }
    }
    Ok((relative.to_string(), config.default_language.clone()))
}

fn looks_like_language(suffix: &str) -> bool {
    let (primary, region) = suffix.split_once('-').unwrap_or((suffix, ""));
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && region.chars().all(|c| c.is_ascii_alphanumeric())
}

fn join_key(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::config::parse_config;

    fn config() -> SiteConfig {
        let text = "title: T\nbase_url: https://e.org/\ndefault_language: it\nlanguages:\n  - code: it\n  - code: en\n";
        parse_config(&SourceFile::new("site.yaml", text)).expect("the test config is valid")
    }

    #[test]
    fn language_suffix_gives_key_and_language() {
        let source = SourceFile::new("x", "");
        let result = key_and_language("a/chips.en.md", &config(), &source).ok();
        assert_eq!(result, Some(("a/chips.md".to_string(), "en".to_string())));
        let result = key_and_language("chips.md", &config(), &source).ok();
        assert_eq!(result, Some(("chips.md".to_string(), "it".to_string())));
        let result = key_and_language("v1.2.md", &config(), &source).ok();
        assert_eq!(result, Some(("v1.2.md".to_string(), "it".to_string())));
    }

    #[test]
    fn unknown_language_suffix_is_an_error_with_a_hint() {
        let source = SourceFile::new("content/chips.eb.md", "");
        let error = key_and_language("chips.eb.md", &config(), &source).err();
        assert_eq!(
            error.and_then(|e| e.hint),
            Some("did you mean `en`?".to_string())
        );
    }

    #[test]
    fn invalid_utf8_is_located() {
        let dir = tempfile::tempdir().ok();
        let Some(dir) = dir else { return };
        let path = dir.path().join("a.md");
        let written = std::fs::write(&path, b"---\ntitle: a\xff\n---\n");
        assert!(written.is_ok());
        let error = read_source(&path, Path::new("content/a.md")).err();
        let position = error.map(|e| (e.position().1, e.position().2));
        assert_eq!(position, Some((2, 9)));
    }
}
