//! The output plan: every file the build will write, claimed in one place before anything renders.
//!
//! Pages, sections, aliases, data pages, the timeline and its filter pages, the glossary,
//! taxonomies and their feeds, the site's feeds and search indexes, sitemap.xml, robots.txt,
//! 404.html, static files and content assets each claim their path here. Two claims of one path,
//! or a file where another output needs a folder, are errors naming both; every path is checked
//! to stay inside the output folder. Render fills the plan and never invents a path.

mod claims;
mod clash;
mod configured_paths;
mod outputs;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::resolve::ResolvedSite;
use crate::resolve::output_path::output_path;
use crate::resolve::timeline::TimelineFilter;

use claims::Claims;
pub use configured_paths::{
    check_configured_paths, collection_index_path, glossary_path, sources_path,
};
pub use outputs::feed_pages;
use outputs::{
    claim_aliases, claim_chart_files, claim_copies, claim_data_pages, claim_entries,
    claim_site_files, claim_social_cards, claim_taxonomies, claim_timeline_and_glossary,
};

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
