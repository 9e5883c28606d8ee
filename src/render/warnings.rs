//! Probable mistakes that only show once everything is rendered: sources nothing cites, glossary
//! terms no page uses, links that lead into another language. They are warnings (`--strict` makes them errors).

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::locate::{Step, locate};
use crate::load::config::FieldType;
use crate::render::content::PageContent;
use crate::resolve::ResolvedSite;
use crate::resolve::data::{GLOSSARY, SOURCES};

/// Every render-stage warning.
pub fn render_warnings(
    site: &ResolvedSite,
    contents: &[Arc<PageContent>],
    cited_in_data: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let mut warnings = uncited_sources(site, contents, cited_in_data);
    warnings.extend(unused_terms(site, contents));
    warnings.extend(contents.iter().flat_map(|c| c.warnings.iter().cloned()));
    warnings
}

/// A source that no page cites and no data entry lists or cites in a Markdown field.
fn uncited_sources(
    site: &ResolvedSite,
    contents: &[Arc<PageContent>],
    cited_in_data: &BTreeSet<String>,
) -> Vec<Diagnostic> {
    let Some(sources) = site.data.get(SOURCES) else {
        return Vec::new();
    };
    let mut cited: BTreeSet<&str> = contents
        .iter()
        .flat_map(|c| c.cited.iter().map(String::as_str))
        .chain(cited_in_data.iter().map(String::as_str))
        .collect();
    for collection in site.data.values() {
        for field in collection.config.fields.iter() {
            let refers = matches!(field.kind, FieldType::Ref | FieldType::Refs)
                && field.collection.as_deref() == Some(SOURCES);
            if refers {
                for entry in &collection.entries {
                    cited.extend(entry.refs(&field.name).iter().map(String::as_str));
                }
            }
        }
    }
    sources
        .entries
        .iter()
        .filter(|source| !cited.contains(source.id.as_str()))
        .map(|source| {
            let at = [Step::Index(source.position), Step::Key("id".into())];
            let span = locate(&sources.source, &at).unwrap_or(0..0);
            Diagnostic::warning(format!("the source `{}` is never cited", source.id))
                .at(&sources.source, span)
                .with_hint(format!(
                    "cite it with `{{{{ cite(id=\"{}\") }}}}` or remove it",
                    source.id
                ))
        })
        .collect()
}

/// A glossary term that no page links (only when pages can link terms: auto-linking on).
fn unused_terms(site: &ResolvedSite, contents: &[Arc<PageContent>]) -> Vec<Diagnostic> {
    let Some(glossary) = site.data.get(GLOSSARY) else {
        return Vec::new();
    };
    let used: BTreeSet<&str> = contents
        .iter()
        .flat_map(|c| c.glossary_terms().iter().map(String::as_str))
        .collect();
    glossary
        .entries
        .iter()
        .filter(|term| !used.contains(term.id.as_str()))
        .map(|term| {
            let at = [Step::Index(term.position), Step::Key("id".into())];
            let span = locate(&glossary.source, &at).unwrap_or(0..0);
            Diagnostic::warning(format!("no page uses the glossary term `{}`", term.id))
                .at(&glossary.source, span)
                .with_hint("use it in a page, add an alias that pages use, or remove it")
        })
        .collect()
}
