//! Taxonomies: the terms pages use in front matter (e.g. `tags`), per language.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::locate::{Step, locate_in};
use crate::load::config::SiteConfig;
use crate::load::front_matter::SortBy;
use crate::resolve::library::{Library, language_prefix, sort_pages};

/// One taxonomy in one language.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    /// Its name, as declared in site.yaml.
    pub name: String,
    /// The language.
    pub lang: String,
    /// The list page's path relative to the base URL (`en/tags/`).
    pub path: String,
    /// Its terms, sorted by slug.
    pub terms: Vec<Term>,
}

/// One term of a taxonomy, with the pages that use it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as first written (by key order) in front matter.
    pub name: String,
    /// Its URL segment.
    pub slug: String,
    /// The term page's path relative to the base URL (`en/tags/chips/`).
    pub path: String,
    /// The pages using it, newest first.
    pub pages: Vec<usize>,
}

/// Collects every taxonomy's terms per language and checks that pages only use declared
/// taxonomies; a term that cannot make a URL is reported and left out.
pub fn collect_taxonomies(
    library: &Library,
    config: &SiteConfig,
) -> (Vec<Taxonomy>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let mut taxonomies = Vec::new();
    for language in config.language_codes() {
        for declared in &config.taxonomies {
            let mut terms: BTreeMap<String, Term> = BTreeMap::new();
            let path = format!("{}{}/", language_prefix(config, language), declared.name);
            for (i, entry) in library.entries.iter().enumerate() {
                if entry.lang() != language || entry.is_section() {
                    continue;
                }
                for (n, term_name) in entry
                    .front()
                    .taxonomies
                    .get(&declared.name)
                    .into_iter()
                    .flatten()
                    .enumerate()
                {
                    let slug = slug::slugify(term_name);
                    if slug.is_empty() {
                        problems.push(term_problem(entry, &declared.name, n, term_name));
                        continue;
                    }
                    let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                        name: term_name.clone(),
                        path: format!("{path}{slug}/"),
                        slug,
                        pages: Vec::new(),
                    });
                    // Pages come in order, so a page naming a term twice is the last one.
                    if term.pages.last() != Some(&i) {
                        term.pages.push(i);
                    }
                }
            }
            let mut terms: Vec<Term> = terms.into_values().collect();
            for term in &mut terms {
                sort_pages(&library.entries, &mut term.pages, SortBy::Date);
            }
            taxonomies.push(Taxonomy {
                name: declared.name.clone(),
                lang: language.to_string(),
                path,
                terms,
            });
        }
    }
    problems.extend(undeclared_taxonomies(library, config));
    (taxonomies, problems)
}

fn term_problem(
    entry: &crate::resolve::library::Entry,
    taxonomy: &str,
    n: usize,
    term: &str,
) -> Diagnostic {
    let source = &entry.file.source;
    let front = entry.file.front_range.clone();
    let path = [
        Step::Key("taxonomies".into()),
        Step::Key(taxonomy.into()),
        Step::Index(n),
    ];
    let span = locate_in(source, front.clone(), &path).unwrap_or(front.start..front.start);
    Diagnostic::error(format!("the term `{term}` has no letters or digits"))
        .at(source, span)
        .with_hint("a term needs letters or digits to make its URL")
}

fn undeclared_taxonomies(library: &Library, config: &SiteConfig) -> Vec<Diagnostic> {
    let declared: Vec<&str> = config.taxonomies.iter().map(|t| t.name.as_str()).collect();
    let mut problems = Vec::new();
    for entry in &library.entries {
        for name in entry.front().taxonomies.keys() {
            if declared.contains(&name.as_str()) {
                continue;
            }
            let source = &entry.file.source;
            let front = entry.file.front_range.clone();
            let path = [Step::Key("taxonomies".into()), Step::KeyName(name.clone())];
            let span = locate_in(source, front, &path).unwrap_or(0..0);
            let hint =
                crate::suggest::did_you_mean(name, declared.iter().copied()).unwrap_or_else(|| {
                    format!("declare it in site.yaml: `taxonomies: [{{name: {name}}}]`")
                });
            problems.push(
                Diagnostic::error(format!("unknown taxonomy `{name}`"))
                    .at(source, span)
                    .with_hint(hint),
            );
        }
    }
    problems
}
