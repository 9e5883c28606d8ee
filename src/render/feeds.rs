//! Site-wide files: sitemap.xml with hreflang alternates, an Atom feed per language, robots.txt.

use std::collections::BTreeMap;

use tera::Value;

use crate::diagnostic::Diagnostic;
use crate::render::engine::Engine;
use crate::render::pages::{base_context, render};
use crate::resolve::ResolvedSite;
use crate::resolve::library::language_prefix;
use crate::resolve::plan::{FEED_LENGTH, OutputKind, OutputPlan, feed_pages};

type Fields = BTreeMap<&'static str, Value>;

/// Renders sitemap.xml: every page of the output plan (pages, sections, data pages, taxonomies,
/// timeline pages), sorted by URL, with hreflang alternates where a page has translations.
pub fn render_sitemap(
    site: &ResolvedSite,
    engine: &Engine,
    plan: &OutputPlan,
) -> Result<Vec<u8>, Diagnostic> {
    let config = &site.loaded.config;
    let mut urls: BTreeMap<String, Value> = BTreeMap::new();
    for (file, kind) in plan.iter() {
        let (lastmod, alternates): (Option<String>, Vec<(String, String)>) = match kind {
            OutputKind::Entry(i) => {
                let entry = &site.library.entries[*i];
                let lastmod = entry
                    .front()
                    .updated
                    .or(entry.front().date)
                    .map(|d| d.to_string());
                let alternates = entry
                    .translations
                    .iter()
                    .map(|&t| {
                        let other = &site.library.entries[t];
                        (other.lang().to_string(), other.path.clone())
                    })
                    .collect();
                (lastmod, alternates)
            }
            OutputKind::DataPage(collection, id, _) => {
                let alternates = site.data.get(collection).map_or_else(Vec::new, |c| {
                    paths_per_language(site, |lang| c.entry_path(id, lang))
                });
                (None, alternates)
            }
            OutputKind::Glossary(_) => (
                None,
                paths_per_language(site, |lang| crate::resolve::plan::glossary_path(site, lang)),
            ),
            OutputKind::Timeline(_, crate::resolve::timeline::TimelineFilter::All) => (
                None,
                paths_per_language(site, |lang| {
                    crate::resolve::timeline::timeline_path(site, lang)
                }),
            ),
            OutputKind::TaxonomyList(_) | OutputKind::Term(..) | OutputKind::Timeline(..) => {
                (None, Vec::new())
            }
            _ => continue,
        };
        let path = file.strip_suffix("index.html").unwrap_or(file);
        let permalink = format!("{}{path}", config.base_url);
        let mut fields = Fields::new();
        fields.insert("permalink", Value::from(permalink.as_str()));
        fields.insert("lastmod", lastmod.map_or_else(Value::none, Value::from));
        let alternates: Vec<Value> = if alternates.len() > 1 {
            alternates
                .into_iter()
                .map(|(lang, path)| {
                    let mut alternate = Fields::new();
                    alternate.insert("lang", Value::from(lang));
                    alternate.insert(
                        "permalink",
                        Value::from(format!("{}{path}", config.base_url)),
                    );
                    Value::from(alternate)
                })
                .collect()
        } else {
            Vec::new()
        };
        fields.insert("alternates", Value::from(alternates));
        urls.insert(permalink, Value::from(fields));
    }
    let mut context = base_context(site, &config.default_language, "sitemap.xml");
    context.insert_value(
        "entries",
        Value::from(urls.into_values().collect::<Vec<_>>()),
    );
    render(engine, "sitemap.xml", &context)
}

/// `(language, path)` of a page that exists in several languages, for hreflang alternates.
fn paths_per_language(
    site: &ResolvedSite,
    path: impl Fn(&str) -> Option<String>,
) -> Vec<(String, String)> {
    site.loaded
        .config
        .language_codes()
        .into_iter()
        .filter_map(|lang| path(lang).map(|p| (lang.to_string(), p)))
        .collect()
}

/// Renders a language's Atom feed into `file`.
pub fn render_feed(
    site: &ResolvedSite,
    engine: &Engine,
    values: &[Value],
    lang: &str,
    file: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let title = site
        .loaded
        .config
        .language(lang)
        .map_or_else(|| site.loaded.config.title.clone(), |l| l.title.clone());
    render_atom(
        site,
        engine,
        values,
        lang,
        file,
        &title,
        &feed_pages(&site.library, lang),
    )
}

/// Renders the Atom feed of one term (`tags/chips/atom.xml`): the term's newest dated pages.
pub fn render_term_feed(
    site: &ResolvedSite,
    engine: &Engine,
    values: &[Value],
    (t, n): (usize, usize),
    file: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let taxonomy = &site.taxonomies[t];
    let term = &taxonomy.terms[n];
    let lang = taxonomy.lang.as_str();
    let site_title = site
        .loaded
        .config
        .language(lang)
        .map_or_else(|| site.loaded.config.title.clone(), |l| l.title.clone());
    let mut pages: Vec<usize> = term
        .pages
        .iter()
        .copied()
        .filter(|&i| site.library.entries[i].front().date.is_some())
        .collect();
    crate::resolve::library::sort_pages(&site.library.entries, &mut pages, Default::default());
    pages.truncate(FEED_LENGTH);
    let title = format!("{site_title}: {}", term.name);
    render_atom(site, engine, values, lang, file, &title, &pages)
}

fn render_atom(
    site: &ResolvedSite,
    engine: &Engine,
    values: &[Value],
    lang: &str,
    file: &str,
    title: &str,
    pages: &[usize],
) -> Result<Vec<u8>, Diagnostic> {
    let config = &site.loaded.config;
    let entries = &site.library.entries;
    // The feed's date is its newest entry's, never the build time, so rebuilds are identical.
    let updated = pages
        .iter()
        .filter_map(|&i| entries[i].front().updated.or(entries[i].front().date))
        .max()
        .map(|d| d.to_string())
        .unwrap_or_default();
    let mut context = base_context(site, lang, file);
    context.insert("feed_url", &format!("{}{file}", config.base_url));
    context.insert("feed_title", title);
    context.insert(
        "home_url",
        &format!("{}{}", config.base_url, language_prefix(config, lang)),
    );
    context.insert("updated", &updated);
    context.insert_value(
        "pages",
        Value::from(pages.iter().map(|&i| values[i].clone()).collect::<Vec<_>>()),
    );
    render(engine, "atom.xml", &context)
}

/// Renders robots.txt, which points at the sitemap.
pub fn render_robots(site: &ResolvedSite, engine: &Engine) -> Result<Vec<u8>, Diagnostic> {
    let context = base_context(site, &site.loaded.config.default_language, "robots.txt");
    render(engine, "robots.txt", &context)
}
