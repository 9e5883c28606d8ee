//! Site-wide files: sitemap.xml with hreflang alternates, an Atom feed per language, robots.txt.

use std::collections::BTreeMap;

use tera::Value;

use crate::diagnostic::Diagnostic;
use crate::render::engine::Engine;
use crate::render::pages::{RenderedFile, base_context, render};
use crate::resolve::ResolvedSite;
use crate::resolve::library::language_prefix;

/// How many of the newest pages a feed lists.
const FEED_LENGTH: usize = 20;

type Fields = BTreeMap<&'static str, Value>;

/// Renders sitemap.xml: every entry, taxonomy and term, sorted by URL.
pub fn render_sitemap(site: &ResolvedSite, engine: &Engine) -> Result<RenderedFile, Diagnostic> {
    let config = &site.loaded.config;
    let mut urls: BTreeMap<String, Value> = BTreeMap::new();
    for entry in &site.library.entries {
        let permalink = format!("{}{}", config.base_url, entry.path);
        let mut fields = Fields::new();
        fields.insert("permalink", Value::from(permalink.as_str()));
        let lastmod = entry.front().updated.or(entry.front().date).map(|d| d.to_string());
        fields.insert("lastmod", lastmod.map_or_else(Value::none, Value::from));
        let alternates: Vec<Value> = if entry.translations.len() > 1 {
            entry
                .translations
                .iter()
                .map(|&t| {
                    let other = &site.library.entries[t];
                    let mut alternate = Fields::new();
                    alternate.insert("lang", Value::from(other.lang()));
                    alternate.insert("permalink", Value::from(format!("{}{}", config.base_url, other.path)));
                    Value::from(alternate)
                })
                .collect()
        } else {
            Vec::new()
        };
        fields.insert("alternates", Value::from(alternates));
        urls.insert(permalink, Value::from(fields));
    }
    for taxonomy in &site.taxonomies {
        let paths = std::iter::once(&taxonomy.path).chain(taxonomy.terms.iter().map(|t| &t.path));
        for path in paths {
            let permalink = format!("{}{path}", config.base_url);
            let mut fields = Fields::new();
            fields.insert("permalink", Value::from(permalink.as_str()));
            fields.insert("lastmod", Value::none());
            fields.insert("alternates", Value::from(Vec::<Value>::new()));
            urls.insert(permalink, Value::from(fields));
        }
    }
    let mut context = base_context(site, &config.default_language, "sitemap.xml");
    context.insert_value("entries", Value::from(urls.into_values().collect::<Vec<_>>()));
    render(engine, "sitemap.xml", &context).map(|bytes| ("sitemap.xml".to_string(), bytes))
}

/// Renders `atom.xml` for every language that has dated pages.
pub fn render_feeds(site: &ResolvedSite, engine: &Engine, values: &[Value]) -> Vec<Result<RenderedFile, Diagnostic>> {
    let config = &site.loaded.config;
    if !config.feed {
        return Vec::new();
    }
    let mut files = Vec::new();
    for lang in config.language_codes() {
        let mut dated: Vec<usize> = site
            .library
            .entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.lang() == lang && !e.is_section() && e.front().date.is_some())
            .map(|(i, _)| i)
            .collect();
        crate::resolve::library::sort_pages(&site.library.entries, &mut dated, Default::default());
        dated.truncate(FEED_LENGTH);
        let Some(&newest) = dated.first() else { continue };
        let entries = &site.library.entries;
        let updated = dated
            .iter()
            .filter_map(|&i| entries[i].front().updated.or(entries[i].front().date))
            .max()
            .or(entries[newest].front().date)
            .map(|d| d.to_string())
            .unwrap_or_default();
        let prefix = language_prefix(config, lang);
        let file = format!("{prefix}atom.xml");
        let mut context = base_context(site, lang, &file);
        context.insert("feed_url", &format!("{}{file}", config.base_url));
        context.insert("home_url", &format!("{}{prefix}", config.base_url));
        context.insert("updated", &updated);
        context.insert_value("pages", Value::from(dated.iter().map(|&i| values[i].clone()).collect::<Vec<_>>()));
        files.push(render(engine, "atom.xml", &context).map(|bytes| (file, bytes)));
    }
    files
}

/// Renders robots.txt, which points at the sitemap.
pub fn render_robots(site: &ResolvedSite, engine: &Engine) -> Result<RenderedFile, Diagnostic> {
    let context = base_context(site, &site.loaded.config.default_language, "robots.txt");
    render(engine, "robots.txt", &context).map(|bytes| ("robots.txt".to_string(), bytes))
}
