//! The paths site.yaml sets (collections', the timeline's, the glossary's, the sources page's):
//! checked where they are written, and looked up per language.

use crate::diagnostic::locate::{Step, locate};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::{SiteConfig, value_span};
use crate::resolve::ResolvedSite;
use crate::resolve::output_path::{PathProblem, check_segment, output_path};

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
