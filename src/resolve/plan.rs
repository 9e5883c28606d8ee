//! The output plan: every file the build will write, claimed in one place before anything renders.
//!
//! Pages, sections, aliases, data pages, the timeline and its filter pages, the glossary,
//! taxonomies and their feeds, the site's feeds and search indexes, sitemap.xml, robots.txt,
//! 404.html, static files and content assets each claim their path here. Two claims of one path,
//! or a file where another output needs a folder, are errors naming both; every path is checked
//! to stay inside the output folder. Render fills the plan and never invents a path.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::diagnostic::locate::{Step, locate};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::{CONFIG_FILE, SiteConfig, key_span, value_span};
use crate::load::content::CONTENT_DIR;
use crate::load::statics::StaticSource;
use crate::resolve::ResolvedSite;
use crate::resolve::library::{Library, language_prefix, sort_pages};
use crate::resolve::output_path::{PathProblem, check_segment, output_path};
use crate::resolve::timeline::{TimelineFilter, timeline_pages};

/// How many of the newest pages a feed lists.
pub const FEED_LENGTH: usize = 20;

/// What an output file is, so that it can be rendered on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputKind {
    /// A page or section, by library index.
    Entry(usize),
    /// A taxonomy's list page, by index in `ResolvedSite::taxonomies`.
    TaxonomyList(usize),
    /// A term page: taxonomy index, term index.
    Term(usize, usize),
    /// An alias redirect, by index in `ResolvedSite::aliases`.
    Alias(usize),
    /// A data entry's page: collection, id, language.
    DataPage(String, String, String),
    /// A timeline page: language and filter.
    Timeline(String, TimelineFilter),
    /// The TimelineJS JSON of a language.
    TimelineJson(String),
    /// The glossary page of a language.
    Glossary(String),
    /// The page listing every source, in a language.
    Sources(String),
    /// A collection's index page: collection, language.
    CollectionIndex(String, String),
    /// 404.html.
    NotFound,
    /// The Atom feed of a language.
    Feed(String),
    /// The Atom feed of a term: taxonomy index, term index.
    TermFeed(usize, usize),
    /// The search index of a language.
    SearchIndex(String),
    /// sitemap.xml.
    Sitemap,
    /// robots.txt.
    Robots,
    /// A file copied as it is.
    Copy(PathBuf),
    /// A file of the built-in theme, written as it is.
    Builtin(&'static [u8]),
    /// A processed image variant, copied from its file in the image cache.
    Image(PathBuf),
    /// The social card (`og:image`) of the page the boxed kind renders.
    SocialCard(Box<OutputKind>),
    /// The CSV file of a page's chart, by index in `ResolvedSite::charts`.
    ChartCsv(usize),
}

/// The file name of a page's social card, beside its `index.html`.
pub const SOCIAL_CARD_FILE: &str = "social-card.png";

/// The theme template social cards are drawn from.
pub const SOCIAL_CARD_TEMPLATE: &str = "social_card.svg";

impl OutputKind {
    /// Whether this is a page a reader lands on, which gets a social card: pages, sections,
    /// data entries, the timeline pages, the glossary, taxonomy pages (not aliases, not 404).
    pub fn has_social_card(&self) -> bool {
        matches!(
            self,
            OutputKind::Entry(_)
                | OutputKind::TaxonomyList(_)
                | OutputKind::Term(..)
                | OutputKind::DataPage(..)
                | OutputKind::Timeline(..)
                | OutputKind::Glossary(_)
                | OutputKind::Sources(_)
                | OutputKind::CollectionIndex(..)
        )
    }
}

/// The social card's path of the page written to `page_file` (`en/chips/index.html` →
/// `en/chips/social-card.png`).
pub fn social_card_path(page_file: &str) -> String {
    let dir = page_file.rsplit_once('/').map_or("", |(dir, _)| dir);
    if dir.is_empty() {
        SOCIAL_CARD_FILE.to_string()
    } else {
        format!("{dir}/{SOCIAL_CARD_FILE}")
    }
}

/// Every output file of the site and what it is, by relative `/`-separated path, in path order.
#[derive(Debug, Clone, Default)]
pub struct OutputPlan {
    files: BTreeMap<String, OutputKind>,
    /// The paths indexed for hints about broken links, made at the first broken link.
    links: std::sync::OnceLock<crate::resolve::targets::LinkIndex>,
}

impl OutputPlan {
    /// What the file at `path` is, if the plan has it.
    pub fn get(&self, path: &str) -> Option<&OutputKind> {
        self.files.get(path)
    }

    /// "did you mean `/storia/accordo/`?" for a root-relative path that names no file: the
    /// plan's paths are indexed once, at the first such link.
    pub fn did_you_mean(&self, missing: &str) -> Option<String> {
        self.links
            .get_or_init(|| crate::resolve::targets::LinkIndex::new(self))
            .did_you_mean(missing)
    }

    /// Every file, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &OutputKind)> {
        self.files.iter()
    }

    /// How many files the build writes.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the plan has no file at all.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The plan with the variants of the processed images added (output path, cache file). A
    /// variant must stay inside the output folder and take no path another output has; each
    /// failure is the variant's path and what is wrong.
    pub fn with_images(
        &self,
        images: &[(String, PathBuf)],
    ) -> Result<OutputPlan, Vec<(String, String)>> {
        let mut files = self.files.clone();
        let mut problems = Vec::new();
        for (path, cached) in images {
            if let Err(problem) = output_path(path) {
                problems.push((path.clone(), format!("the output path `{path}` {problem}")));
            } else if files.contains_key(path) {
                problems.push((
                    path.clone(),
                    format!(
                        "the image variant `{path}` would overwrite another output of that name"
                    ),
                ));
            } else {
                files.insert(path.clone(), OutputKind::Image(cached.clone()));
            }
        }
        if problems.is_empty() {
            Ok(OutputPlan {
                files,
                links: std::sync::OnceLock::new(),
            })
        } else {
            Err(problems)
        }
    }

    /// Every file as owned pairs, in path order (what `serve` keeps between rebuilds).
    pub fn to_vec(&self) -> Vec<(String, OutputKind)> {
        self.files
            .iter()
            .map(|(path, kind)| (path.clone(), kind.clone()))
            .collect()
    }
}

/// Claims every output of a resolved site. Errors: two claims of one path, a file where another
/// output needs a folder, a path that would leave the output folder; the first claim of a path
/// keeps it, and a claim in error is left out of the plan.
pub fn plan_outputs(site: &ResolvedSite) -> (OutputPlan, Vec<Diagnostic>) {
    let mut claims = Claims::default();
    claim_site_files(site, &mut claims);
    claim_taxonomies(site, &mut claims);
    claim_timeline_and_glossary(site, &mut claims);
    claim_data_pages(site, &mut claims);
    claim_entries(site, &mut claims);
    claim_aliases(site, &mut claims);
    claim_chart_files(site, &mut claims);
    // Before the copies: a file in the way of a card is then blamed, as the later claim.
    claim_social_cards(site, &mut claims);
    claim_copies(site, &mut claims);
    claims.finish()
}

/// Checks the paths site.yaml sets (collections' `paths`, `timeline.paths`, `glossary.paths`,
/// timeline category ids, which name filter pages), each located at its value.
pub fn check_configured_paths(config: &SiteConfig, source: &SourceFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut report = |checked: Result<(), PathProblem>, raw: &str, what: String, at: Vec<Step>| {
        if let Err(problem) = checked {
            let span = locate(source, &at).unwrap_or_else(|| value_span(source, raw));
            problems.push(
                Diagnostic::error(format!("{what} `{raw}` {problem}"))
                    .at(source, span)
                    .with_hint(problem.hint()),
            );
        }
    };
    let page = |raw: &str| output_path(&raw.replace("{id}", "id")).map(|_| ());
    for (i, collection) in config.collections.iter().enumerate() {
        for (lang, path) in &collection.paths {
            let what = format!("the `{lang}` path of `{}`", collection.name);
            let at = steps(&["collections"], Some(i), &["paths", lang]);
            report(page(path), path, what, at);
        }
        for (lang, path) in &collection.index_paths {
            let what = format!("the `{lang}` index path of `{}`", collection.name);
            let at = steps(&["collections"], Some(i), &["index_paths", lang]);
            report(page(path), path, what, at);
        }
    }
    if let Some(timeline) = &config.timeline {
        for (lang, path) in &timeline.paths {
            let what = format!("the `{lang}` path of the timeline");
            report(
                page(path),
                path,
                what,
                steps(&["timeline", "paths", lang], None, &[]),
            );
        }
        for (lang, segment) in &timeline.category_segments {
            let at = steps(&["timeline", "category_segments", lang], None, &[]);
            let what = format!("the `{lang}` category segment of the timeline");
            report(check_segment(segment.trim_matches('/')), segment, what, at);
        }
        for (i, category) in timeline.categories.iter().enumerate() {
            let at = steps(&["timeline", "categories"], Some(i), &["id"]);
            let what = "the timeline category".to_string();
            report(check_segment(&category.id), &category.id, what, at);
        }
    }
    if let Some(glossary) = &config.glossary {
        for (lang, path) in &glossary.paths {
            let what = format!("the `{lang}` path of the glossary");
            report(
                page(path),
                path,
                what,
                steps(&["glossary", "paths", lang], None, &[]),
            );
        }
    }
    if let Some(sources) = &config.sources {
        for (lang, path) in &sources.paths {
            let what = format!("the `{lang}` path of the sources page");
            let at = steps(&["sources", "paths", lang], None, &[]);
            report(page(path), path, what, at);
        }
    }
    problems
}

/// A path into a YAML document: keys, then optionally a list index, then more keys.
fn steps(keys: &[&str], index: Option<usize>, more: &[&str]) -> Vec<Step> {
    let key = |k: &&str| Step::Key((*k).to_string());
    keys.iter()
        .map(key)
        .chain(index.map(Step::Index))
        .chain(more.iter().map(key))
        .collect()
}

/// The glossary page's path in a language, relative to the base URL.
pub fn glossary_path(site: &ResolvedSite, lang: &str) -> Option<String> {
    let config = site.loaded.config.glossary.as_ref()?;
    crate::load::config::page_path(&config.paths, lang)
}

/// The sources page's path in a language, relative to the base URL.
pub fn sources_path(site: &ResolvedSite, lang: &str) -> Option<String> {
    let config = site.loaded.config.sources.as_ref()?;
    crate::load::config::page_path(&config.paths, lang)
}

/// The path of a collection's index page in a language, relative to the base URL.
pub fn collection_index_path(site: &ResolvedSite, name: &str, lang: &str) -> Option<String> {
    let collection = site.data.get(name)?;
    crate::load::config::page_path(&collection.config.index_paths, lang)
}

/// The pages of a language's feed: its newest dated pages, newest first.
pub fn feed_pages(library: &Library, lang: &str) -> Vec<usize> {
    let mut dated: Vec<usize> = library
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.lang() == lang && !e.is_section() && e.front().date.is_some())
        .map(|(i, _)| i)
        .collect();
    sort_pages(&library.entries, &mut dated, Default::default());
    dated.truncate(FEED_LENGTH);
    dated
}

/// Files Spiega makes for the whole site: sitemap, robots.txt, 404, feeds, search indexes.
fn claim_site_files(site: &ResolvedSite, claims: &mut Claims) {
    let config = &site.loaded.config;
    claims.generated("sitemap.xml", OutputKind::Sitemap, "the sitemap");
    claims.generated("robots.txt", OutputKind::Robots, "robots.txt");
    if site.loaded.templates.contains_key("404.html") {
        claims.generated("404.html", OutputKind::NotFound, "the 404 page");
    }
    for lang in config.language_codes() {
        let prefix = language_prefix(config, lang);
        if config.feed && !feed_pages(&site.library, lang).is_empty() {
            let kind = OutputKind::Feed(lang.to_string());
            claims.generated(&format!("{prefix}atom.xml"), kind, "a feed");
        }
        if config.search {
            let kind = OutputKind::SearchIndex(lang.to_string());
            claims.generated(&format!("{prefix}search.json"), kind, "a search index");
        }
    }
}

fn claim_taxonomies(site: &ResolvedSite, claims: &mut Claims) {
    let config = &site.loaded.config;
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        let owner = format!("the taxonomy `{}` ({})", taxonomy.name, taxonomy.lang);
        let list = format!("{}index.html", taxonomy.path);
        claims.generated(&list, OutputKind::TaxonomyList(t), &owner);
        let feeds = config
            .taxonomies
            .iter()
            .any(|c| c.name == taxonomy.name && c.feed);
        for (n, term) in taxonomy.terms.iter().enumerate() {
            let page = format!("{}index.html", term.path);
            claims.generated(&page, OutputKind::Term(t, n), &owner);
            if feeds {
                let feed = format!("{}atom.xml", term.path);
                claims.generated(&feed, OutputKind::TermFeed(t, n), &owner);
            }
        }
    }
}

fn claim_timeline_and_glossary(site: &ResolvedSite, claims: &mut Claims) {
    for (path, lang, filter) in timeline_pages(site) {
        let owner = format!("the timeline page ({lang}, `timeline.paths` in site.yaml)");
        if filter == TimelineFilter::All {
            let json = OutputKind::TimelineJson(lang.clone());
            claims.configured(&format!("{path}timeline.json"), json, &owner);
        }
        let kind = OutputKind::Timeline(lang, filter);
        claims.configured(&format!("{path}index.html"), kind, &owner);
    }
    let languages = site.loaded.config.language_codes();
    if site.data.contains_key(crate::resolve::data::GLOSSARY) {
        for &lang in &languages {
            if let Some(path) = glossary_path(site, lang) {
                let owner = format!("the glossary page ({lang}, `glossary.paths` in site.yaml)");
                let kind = OutputKind::Glossary(lang.to_string());
                claims.configured(&format!("{path}index.html"), kind, &owner);
            }
        }
    }
    if site.data.contains_key(crate::resolve::data::SOURCES) {
        for &lang in &languages {
            if let Some(path) = sources_path(site, lang) {
                let owner = format!("the sources page ({lang}, `sources.paths` in site.yaml)");
                let kind = OutputKind::Sources(lang.to_string());
                claims.configured(&format!("{path}index.html"), kind, &owner);
            }
        }
    }
    for name in site.data.keys() {
        for &lang in &languages {
            if let Some(path) = collection_index_path(site, name, lang) {
                let owner = format!("the index of `{name}` ({lang}, `index_paths` in site.yaml)");
                let kind = OutputKind::CollectionIndex(name.clone(), lang.to_string());
                claims.configured(&format!("{path}index.html"), kind, &owner);
            }
        }
    }
}

fn claim_data_pages(site: &ResolvedSite, claims: &mut Claims) {
    for (name, collection) in &site.data {
        for entry in &collection.entries {
            for lang in site.loaded.config.language_codes() {
                let Some(path) = collection.entry_path(&entry.id, lang) else {
                    continue;
                };
                // A path without `{id}` (reported in site.yaml) would give every entry one page.
                if collection
                    .config
                    .paths
                    .get(lang)
                    .is_some_and(|p| !p.contains("{id}"))
                {
                    continue;
                }
                let source = &collection.source;
                let claimant = Claimant {
                    name: format!(
                        "the `{name}` entry `{}` in {}",
                        entry.id,
                        source.path.display()
                    ),
                    clash: Clash::DataPage {
                        source: source.clone(),
                        span: id_span(source, &entry.id),
                    },
                };
                let kind = OutputKind::DataPage(name.clone(), entry.id.clone(), lang.to_string());
                claims.claim(format!("{path}index.html"), kind, claimant);
            }
        }
    }
}

fn claim_entries(site: &ResolvedSite, claims: &mut Claims) {
    for (i, entry) in site.library.entries.iter().enumerate() {
        if entry.file.broken {
            continue;
        }
        let source = &entry.file.source;
        let claimant = Claimant {
            name: source.path.display().to_string(),
            clash: Clash::Page {
                source: source.clone(),
                span: key_span(source, "title"),
                url: format!("/{}", entry.path),
            },
        };
        claims.claim(entry.output_file(), OutputKind::Entry(i), claimant);
    }
}

fn claim_aliases(site: &ResolvedSite, claims: &mut Claims) {
    for (a, alias) in site.aliases.iter().enumerate() {
        let Some(entry) = site.library.entries.get(alias.target) else {
            continue;
        };
        let source = &entry.file.source;
        let claimant = Claimant {
            name: format!("an alias in {}", source.path.display()),
            clash: Clash::Alias {
                source: source.clone(),
                span: alias.span.clone(),
                file: alias.output_file.clone(),
            },
        };
        claims.claim(alias.output_file.clone(), OutputKind::Alias(a), claimant);
    }
}

/// The CSV file of every chart of a page, beside the page.
fn claim_chart_files(site: &ResolvedSite, claims: &mut Claims) {
    for (n, chart) in site.charts.charts.iter().enumerate() {
        let Some(entry) = site.library.entries.get(chart.entry) else {
            continue;
        };
        let source = &entry.file.source;
        let claimant = Claimant {
            name: format!("a chart's data in {}", source.path.display()),
            clash: Clash::Chart {
                source: source.clone(),
                span: chart.span.clone(),
                file: chart.file.clone(),
            },
        };
        claims.claim(chart.file.clone(), OutputKind::ChartCsv(n), claimant);
    }
}

/// Static files (the theme's, replaced file by file by the site's), loose content files and
/// bundles' files, copied as they are.
fn claim_copies(site: &ResolvedSite, claims: &mut Claims) {
    let loaded = &site.loaded;
    let content_dir = loaded.root.join(CONTENT_DIR);
    let mut copies: Vec<(String, PathBuf)> = Vec::new();
    for (path, source) in &loaded.statics {
        match source {
            StaticSource::File(file) => copies.push((path.clone(), file.clone())),
            StaticSource::Builtin(in_theme, bytes) => {
                let shown = crate::load::builtin::display_path(in_theme);
                let claimant = Claimant {
                    name: shown.display().to_string(),
                    clash: Clash::Copy { shown },
                };
                claims.claim(path.clone(), OutputKind::Builtin(bytes), claimant);
            }
        }
    }
    copies.extend(
        loaded
            .content
            .assets
            .iter()
            .map(|asset| (asset.clone(), content_dir.join(asset))),
    );
    for entry in &site.library.entries {
        for asset in &entry.file.assets {
            let name = asset.rsplit('/').next().unwrap_or(asset);
            copies.push((format!("{}{name}", entry.path), content_dir.join(asset)));
        }
    }
    for (path, source) in copies {
        let shown = source
            .strip_prefix(&loaded.root)
            .unwrap_or(&source)
            .to_path_buf();
        let claimant = Claimant {
            name: shown.display().to_string(),
            clash: Clash::Copy { shown },
        };
        claims.claim(path, OutputKind::Copy(source), claimant);
    }
}

/// A social card beside every page a reader lands on, when site.yaml keeps `social_cards` on and
/// the templates have a card template.
fn claim_social_cards(site: &ResolvedSite, claims: &mut Claims) {
    let loaded = &site.loaded;
    if !loaded.config.social_cards || !loaded.templates.contains_key(SOCIAL_CARD_TEMPLATE) {
        return;
    }
    let pages: Vec<(String, OutputKind)> = claims
        .files
        .iter()
        .filter(|(_, (kind, _))| kind.has_social_card())
        .map(|(path, (kind, _))| (path.clone(), kind.clone()))
        .collect();
    for (path, kind) in pages {
        let card = social_card_path(&path);
        let name = format!("the social card of `{path}`");
        claims.generated(&card, OutputKind::SocialCard(Box::new(kind)), &name);
    }
}

/// The span of `id: <id>` in a data file, for errors about an entry's page.
fn id_span(source: &SourceFile, id: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in source.text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '-']);
        let value = trimmed
            .strip_prefix("id:")
            .map(|rest| rest.trim().trim_matches(['"', '\'']));
        if value == Some(id) {
            let start = offset + line.find(id).unwrap_or_default();
            return start..start + id.len();
        }
        offset += line.len();
    }
    0..0
}

/// Who claims an output path: named in the note of a later claim of the same path, and located
/// in the error when it is itself the later claim.
struct Claimant {
    /// How another claim's note names this one: `content/a.md`, `the sitemap`.
    name: String,
    /// Where and how to report this claim when it clashes with an earlier one.
    clash: Clash,
}

/// The kinds of claimants, each reported in its own words.
enum Clash {
    /// A file Spiega always makes (sitemap, feeds, taxonomies).
    Generated,
    /// A page whose path comes from site.yaml (timeline, glossary).
    Configured,
    /// A data entry's page.
    DataPage {
        source: SourceFile,
        span: std::ops::Range<usize>,
    },
    /// A page or section.
    Page {
        source: SourceFile,
        span: std::ops::Range<usize>,
        url: String,
    },
    /// An alias in a page's front matter.
    Alias {
        source: SourceFile,
        span: std::ops::Range<usize>,
        file: String,
    },
    /// A static file or content asset.
    Copy { shown: PathBuf },
    /// The CSV file of a chart in a page.
    Chart {
        source: SourceFile,
        span: std::ops::Range<usize>,
        file: String,
    },
}

impl Claimant {
    /// Whether an editor wrote this claim at a line of a file (a page, an alias, an entry).
    fn is_written(&self) -> bool {
        matches!(
            self.clash,
            Clash::Page { .. } | Clash::Alias { .. } | Clash::DataPage { .. } | Clash::Chart { .. }
        )
    }

    /// The error for this claim of `path`, which `other` (named in the note) also writes.
    fn same_path(&self, path: &str, other: &str) -> Diagnostic {
        match &self.clash {
            Clash::Page { source, span, url } => Diagnostic::error(format!(
                "two pages would be written to the same URL `{url}`"
            ))
            .at(source, span.clone())
            .with_note(format!("`{url}` is also produced by {other}"))
            .with_hint("give one of them another file name or a different `slug`"),
            Clash::Alias { source, span, file } => {
                Diagnostic::error(format!("the alias `{file}` would overwrite another output"))
                    .at(source, span.clone())
                    .with_note(format!("`{file}` is also produced by {other}"))
                    .with_hint("remove the alias or change it")
            }
            Clash::Chart { source, span, file } => Diagnostic::error(format!(
                "this chart's data file `{file}` would overwrite another output"
            ))
            .at(source, span.clone())
            .with_note(format!("`{file}` is also produced by {other}"))
            .with_hint("give the chart another `id`"),
            Clash::Copy { shown } => Diagnostic::error(format!(
                "`{}` would overwrite the generated `{path}`",
                shown.display()
            ))
            .in_file(shown.clone())
            .with_note(format!("`{path}` is also produced by {other}"))
            .with_hint("rename or remove the file"),
            Clash::DataPage { source, span } => {
                Diagnostic::error(format!("this entry's page `{path}` is written twice"))
                    .at(source, span.clone())
                    .with_note(format!("`{path}` is also produced by {other}"))
                    .with_hint("change the collection's `paths` in site.yaml, or the id")
            }
            Clash::Generated | Clash::Configured => {
                Diagnostic::error(format!("`{path}` would be written twice"))
                    .in_file(CONFIG_FILE)
                    .with_note(format!("by {} and by {other}", self.name))
                    .with_hint("give the timeline, the glossary, the collections and the taxonomies paths of their own in site.yaml")
            }
        }
    }

    /// The error for this claim of `path`, which cannot exist beside `other_path`: one of the
    /// two needs as a folder what the other writes as a file.
    fn file_and_folder(&self, path: &str, other_path: &str, other: &str) -> Diagnostic {
        let message = format!("`{path}` cannot be written: `{other_path}` is in the way");
        let note =
            format!("{other} writes `{other_path}`; a path cannot be both a file and a folder");
        let diagnostic = Diagnostic::error(message).with_note(note);
        match &self.clash {
            Clash::Page { source, span, .. } => diagnostic
                .at(source, span.clone())
                .with_hint("give the page another file name or a different `slug`"),
            Clash::Alias { source, span, .. } => diagnostic
                .at(source, span.clone())
                .with_hint("remove the alias or change it"),
            Clash::Chart { source, span, .. } => diagnostic
                .at(source, span.clone())
                .with_hint("give the chart another `id`"),
            Clash::DataPage { source, span } => diagnostic
                .at(source, span.clone())
                .with_hint("change the collection's `paths` in site.yaml, or the id"),
            Clash::Copy { shown } => diagnostic
                .in_file(shown.clone())
                .with_hint("rename or move the file"),
            Clash::Generated | Clash::Configured => diagnostic
                .in_file(CONFIG_FILE)
                .with_hint("give the timeline, the glossary, the collections and the taxonomies paths of their own in site.yaml"),
        }
    }

    /// The error for a claim whose path would not stay inside the output folder.
    fn unsafe_path(&self, path: &str, problem: &PathProblem) -> Diagnostic {
        let diagnostic = Diagnostic::error(format!("the output path `{path}` {problem}"));
        let diagnostic = match &self.clash {
            Clash::Page { source, span, .. }
            | Clash::Alias { source, span, .. }
            | Clash::Chart { source, span, .. }
            | Clash::DataPage { source, span } => diagnostic.at(source, span.clone()),
            Clash::Copy { shown } => diagnostic.in_file(shown.clone()),
            Clash::Generated | Clash::Configured => diagnostic.in_file(CONFIG_FILE),
        };
        diagnostic.with_hint(problem.hint())
    }
}

/// The claims made so far, in order: the first claim of a path keeps it.
#[derive(Default)]
struct Claims {
    files: BTreeMap<String, (OutputKind, usize)>,
    claimants: Vec<Claimant>,
    problems: Vec<Diagnostic>,
}

impl Claims {
    /// A claim by something Spiega always makes.
    fn generated(&mut self, path: &str, kind: OutputKind, name: &str) {
        let claimant = Claimant {
            name: name.to_string(),
            clash: Clash::Generated,
        };
        self.claim(path.to_string(), kind, claimant);
    }

    /// A claim by a page whose path site.yaml sets.
    fn configured(&mut self, path: &str, kind: OutputKind, name: &str) {
        let claimant = Claimant {
            name: name.to_string(),
            clash: Clash::Configured,
        };
        self.claim(path.to_string(), kind, claimant);
    }

    fn claim(&mut self, path: String, kind: OutputKind, claimant: Claimant) {
        if let Err(problem) = output_path(&path) {
            self.problems.push(claimant.unsafe_path(&path, &problem));
            return;
        }
        if let Some((_, first)) = self.files.get(&path) {
            let other = self.claimants.get(*first).map_or("", |c| c.name.as_str());
            self.problems.push(claimant.same_path(&path, other));
            return;
        }
        self.files.insert(path, (kind, self.claimants.len()));
        self.claimants.push(claimant);
    }

    /// The plan and every clash: two claims of one path were reported as they came; here, a
    /// file that another claim needs as a folder (`style.css` and `style.css/index.html`), which
    /// is left out of the plan.
    fn finish(mut self) -> (OutputPlan, Vec<Diagnostic>) {
        let order: HashMap<&str, usize> = self
            .files
            .iter()
            .map(|(path, (_, claimant))| (path.as_str(), *claimant))
            .collect();
        // One error per file in the way, however many outputs it holds up.
        let mut in_the_way = std::collections::HashSet::new();
        let mut left_out = Vec::new();
        for (path, (_, claimant)) in &self.files {
            for (end, _) in path.match_indices('/') {
                let folder = &path[..end];
                let Some(&file_claimant) = order.get(folder) else {
                    continue;
                };
                if !in_the_way.insert(folder) {
                    continue;
                }
                let (Some(through), Some(file)) = (
                    self.claimants.get(*claimant),
                    self.claimants.get(file_claimant),
                ) else {
                    continue;
                };
                // Blame what an editor wrote (a page, an alias, an entry) over a file; between
                // two of a kind, the later claim.
                let blame_through = match (through.is_written(), file.is_written()) {
                    (true, false) => true,
                    (false, true) => false,
                    _ => *claimant > file_claimant,
                };
                let diagnostic = if blame_through {
                    left_out.push(path.clone());
                    through.file_and_folder(path, folder, &file.name)
                } else {
                    left_out.push(folder.to_string());
                    file.file_and_folder(folder, path, &through.name)
                };
                self.problems.push(diagnostic);
            }
        }
        for path in left_out {
            self.files.remove(&path);
        }
        let files = self
            .files
            .into_iter()
            .map(|(path, (kind, _))| (path, kind))
            .collect();
        (
            OutputPlan {
                files,
                links: std::sync::OnceLock::new(),
            },
            self.problems,
        )
    }
}
