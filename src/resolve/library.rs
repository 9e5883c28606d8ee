//! The library: every page and section in every language, with its URL, its place in the section
//! tree and its translations.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::{SiteConfig, key_span};
use crate::load::content::{ContentFile, ContentKind, key_dir};
use crate::load::front_matter::{FrontMatter, SortBy};

/// One page or section in one language, with everything the resolve stage worked out for it.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The Markdown file.
    pub file: ContentFile,
    /// The URL path relative to the base URL, without a leading `/`: `en/storia/deal/` (`` for the
    /// home page in the default language).
    pub path: String,
    /// The section this entry belongs to (the nearest folder above with an `_index.md` in the same
    /// language); none for the home page.
    pub section: Option<usize>,
    /// For sections: their pages, sorted as the section asks.
    pub pages: Vec<usize>,
    /// For sections: their direct subsections, by key.
    pub subsections: Vec<usize>,
    /// Every language version of this content, this one included, in the site's language order.
    pub translations: Vec<usize>,
    /// Whether this is the home section Spiega made up because content/_index.md is missing.
    pub implicit: bool,
    /// Entries named in front matter, by collection (`companies: [amazon]`).
    pub refs: BTreeMap<String, Vec<String>>,
}

impl Entry {
    /// The content key (`storia/accordo.md`).
    pub fn key(&self) -> &str {
        &self.file.key
    }

    /// The language code.
    pub fn lang(&self) -> &str {
        &self.file.lang
    }

    /// The front matter.
    pub fn front(&self) -> &FrontMatter {
        &self.file.front
    }

    /// Whether this is a section.
    pub fn is_section(&self) -> bool {
        self.file.kind == ContentKind::Section
    }

    /// The relative output file: `en/storia/deal/index.html`.
    pub fn output_file(&self) -> String {
        format!("{}index.html", self.path)
    }
}

/// All entries, indexed by key and language.
#[derive(Debug, Clone, Default)]
pub struct Library {
    /// Every entry: sorted by key, then language.
    pub entries: Vec<Entry>,
    index: HashMap<(String, String), usize>,
}

impl Library {
    /// The entry for a key in a language.
    pub fn get(&self, key: &str, lang: &str) -> Option<usize> {
        self.index
            .get(&(key.to_string(), lang.to_string()))
            .copied()
    }

    /// All the keys, for "did you mean" hints.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(Entry::key)
    }

    /// The home section of a language.
    pub fn home(&self, lang: &str) -> Option<usize> {
        self.get("_index.md", lang)
    }
}

/// Builds the library from the loaded files: URLs, sections, translations, ordering; and the
/// problems found (a slug without letters, whose page then keeps its file name in its URL).
pub fn build_library(files: Vec<ContentFile>, config: &SiteConfig) -> (Library, Vec<Diagnostic>) {
    let mut files = files;
    add_implicit_homes(&mut files, config);
    let mut library = Library {
        entries: files
            .into_iter()
            .map(|file| Entry {
                implicit: file.source.text.is_empty() && file.key == "_index.md",
                file,
                path: String::new(),
                section: None,
                pages: Vec::new(),
                subsections: Vec::new(),
                translations: Vec::new(),
                refs: BTreeMap::new(),
            })
            .collect(),
        index: HashMap::new(),
    };
    library
        .entries
        .sort_by(|a, b| a.key().cmp(b.key()).then(a.lang().cmp(b.lang())));
    for (i, entry) in library.entries.iter().enumerate() {
        library
            .index
            .insert((entry.key().to_string(), entry.lang().to_string()), i);
    }
    let problems = assign_paths(&mut library, config);
    link_sections(&mut library);
    link_translations(&mut library, config);
    (library, problems)
}

fn add_implicit_homes(files: &mut Vec<ContentFile>, config: &SiteConfig) {
    for language in &config.languages {
        let has_home = files
            .iter()
            .any(|f| f.key == "_index.md" && f.lang == language.code);
        if !has_home {
            files.push(ContentFile {
                kind: ContentKind::Section,
                key: "_index.md".to_string(),
                lang: language.code.clone(),
                source: SourceFile::new("content/_index.md", ""),
                front: implicit_front(&language.title),
                front_range: 0..0,
                body_range: 0..0,
                assets: Vec::new(),
                read_stamp: None,
                broken: false,
            });
        }
    }
}

fn implicit_front(title: &str) -> FrontMatter {
    FrontMatter {
        title: title.to_string(),
        ..FrontMatter::default()
    }
}

/// The URL prefix of a language: `` for the default one, `en/` for the others.
pub fn language_prefix(config: &SiteConfig, lang: &str) -> String {
    if lang == config.default_language {
        String::new()
    } else {
        format!("{lang}/")
    }
}

fn assign_paths(library: &mut Library, config: &SiteConfig) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut paths = Vec::with_capacity(library.entries.len());
    for entry in &library.entries {
        let mut path = language_prefix(config, entry.lang());
        let dir = match entry.file.kind {
            ContentKind::Section => entry.file.dir(),
            ContentKind::Page if entry.file.is_bundle() => key_dir(entry.file.dir()),
            ContentKind::Page => entry.file.dir(),
        };
        for (depth, _) in dir.split('/').filter(|s| !s.is_empty()).enumerate() {
            let prefix: Vec<&str> = dir.split('/').take(depth + 1).collect();
            path.push_str(&dir_segment(library, &prefix.join("/"), entry.lang()));
            path.push('/');
        }
        if entry.file.kind == ContentKind::Page {
            let segment = page_segment(entry).unwrap_or_else(|diagnostic| {
                problems.push(diagnostic);
                fallback_slug(&file_stem(entry))
            });
            path.push_str(&segment);
            path.push('/');
        } else if let Some(slug) = &entry.front().slug
            && slug::slugify(slug).is_empty()
        {
            problems.push(empty_slug(entry, slug));
        }
        paths.push(path);
    }
    for (entry, path) in library.entries.iter_mut().zip(paths) {
        entry.path = path;
    }
    problems
}

/// The URL segment of a folder in a language: its section's slug if it has one, else its name.
fn dir_segment(library: &Library, dir: &str, lang: &str) -> String {
    let name = dir.rsplit('/').next().unwrap_or(dir);
    let section_slug = library
        .get(&format!("{dir}/_index.md"), lang)
        .and_then(|i| library.entries[i].front().slug.clone())
        .map(slug::slugify)
        .filter(|slug| !slug.is_empty());
    section_slug.unwrap_or_else(|| fallback_slug(name))
}

fn page_segment(entry: &Entry) -> Result<String, Diagnostic> {
    if let Some(slug) = &entry.front().slug {
        let segment = slug::slugify(slug);
        return if segment.is_empty() {
            Err(empty_slug(entry, slug))
        } else {
            Ok(segment)
        };
    }
    Ok(fallback_slug(&file_stem(entry)))
}

/// The name a page's URL takes without a slug: its file's, or its bundle folder's.
fn file_stem(entry: &Entry) -> String {
    let name = if entry.file.is_bundle() {
        entry.file.dir().rsplit('/').next().unwrap_or_default()
    } else {
        let file = entry.key().rsplit('/').next().unwrap_or_default();
        file.strip_suffix(".md").unwrap_or(file)
    };
    name.to_string()
}

/// A file or folder name as a URL segment; names made only of symbols keep a readable fallback.
fn fallback_slug(name: &str) -> String {
    let slug = slug::slugify(name);
    if slug.is_empty() {
        "-".to_string()
    } else {
        slug
    }
}

fn empty_slug(entry: &Entry, slug: &str) -> Diagnostic {
    let source = &entry.file.source;
    Diagnostic::error(format!("the slug `{slug}` has no letters or digits"))
        .at(source, key_span(source, "slug"))
        .with_hint("use letters, digits and dashes, e.g. `slug: my-page`")
}

/// Attaches every entry to its section, then sorts each section's pages.
fn link_sections(library: &mut Library) {
    let parents: Vec<Option<usize>> = library
        .entries
        .iter()
        .map(|entry| parent_section(library, entry))
        .collect();
    for (i, parent) in parents.iter().enumerate() {
        library.entries[i].section = *parent;
        // A page whose front matter is broken has no output: no list shows it.
        if library.entries[i].file.broken {
            continue;
        }
        if let Some(parent) = parent {
            if library.entries[i].is_section() {
                library.entries[*parent].subsections.push(i);
            } else {
                library.entries[*parent].pages.push(i);
            }
        }
    }
    for i in 0..library.entries.len() {
        let sort_by = library.entries[i].front().sort_by.unwrap_or_default();
        let mut pages = std::mem::take(&mut library.entries[i].pages);
        sort_pages(&library.entries, &mut pages, sort_by);
        library.entries[i].pages = pages;
    }
}

fn parent_section(library: &Library, entry: &Entry) -> Option<usize> {
    if entry.is_section() && entry.key() == "_index.md" {
        return None;
    }
    let mut dir = if entry.is_section() || entry.file.is_bundle() {
        key_dir(entry.file.dir()).to_string()
    } else {
        entry.file.dir().to_string()
    };
    loop {
        let key = if dir.is_empty() {
            "_index.md".to_string()
        } else {
            format!("{dir}/_index.md")
        };
        if let Some(i) = library.get(&key, entry.lang()) {
            return Some(i);
        }
        if dir.is_empty() {
            return None;
        }
        dir = key_dir(&dir).to_string();
    }
}

/// Sorts page indices as a section asks; ties (and pages missing the sort key) fall back to the
/// title and key so that the order never depends on the file system.
pub fn sort_pages(entries: &[Entry], pages: &mut [usize], sort_by: SortBy) {
    pages.sort_by(|&a, &b| {
        let (a, b) = (&entries[a], &entries[b]);
        let primary = match sort_by {
            SortBy::Date => match (a.front().date, b.front().date) {
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
            SortBy::Weight => match (a.front().weight, b.front().weight) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            },
            SortBy::Title => std::cmp::Ordering::Equal,
        };
        primary
            .then_with(|| {
                a.front()
                    .title
                    .to_lowercase()
                    .cmp(&b.front().title.to_lowercase())
            })
            .then_with(|| a.key().cmp(b.key()))
    });
}

fn link_translations(library: &mut Library, config: &SiteConfig) {
    let order = config.language_codes();
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, entry) in library.entries.iter().enumerate() {
        groups.entry(entry.key().to_string()).or_default().push(i);
    }
    for members in groups.values_mut() {
        members.sort_by_key(|&i| {
            order
                .iter()
                .position(|code| *code == library.entries[i].lang())
                .unwrap_or(usize::MAX)
        });
        for &i in members.iter() {
            library.entries[i].translations = members.clone();
        }
    }
}
