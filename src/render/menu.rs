//! The `menu()` template function: the site's navigation in the language being rendered, as
//! `[{kind, title, path, lang}]`. `kind` is `page`, `collection`, `timeline`, `glossary`,
//! `sources` or `url`; `title` is none for the pages Spiega makes (the theme names them in its
//! UI strings); `lang` is the language the link leads to (another one when a page has no
//! version in this language).

use std::collections::BTreeMap;

use tera::Value;

use crate::load::config::Translatable;
use crate::resolve::ResolvedSite;
use crate::resolve::menu::{MenuLink, MenuTarget};
use crate::resolve::plan::{collection_index_path, glossary_path, sources_path};
use crate::resolve::timeline::timeline_path;

/// The navigation of a language.
pub fn menu_value(site: &ResolvedSite, lang: &str) -> Value {
    let items: Vec<Value> = site
        .menu
        .iter()
        .filter_map(|link| item_value(site, link, lang))
        .collect();
    Value::from(items)
}

fn item_value(site: &ResolvedSite, link: &MenuLink, lang: &str) -> Option<Value> {
    let config = &site.loaded.config;
    let local = |path: String| format!("{}{path}", config.base_path());
    let given = link.title.as_ref().and_then(|t: &Translatable| t.get(lang));
    let (kind, title, path, target_lang) = match &link.target {
        MenuTarget::Entry(key) => {
            let library = &site.library;
            let index = library
                .get(key, lang)
                .or_else(|| library.get(key, &config.default_language))?;
            let entry = library.entries.get(index)?;
            let title = given.unwrap_or(&entry.front().title).to_string();
            ("page", Some(title), local(entry.path.clone()), entry.lang())
        }
        MenuTarget::Collection(name) => {
            let label = site
                .data
                .get(name)
                .map_or(name.as_str(), |c| c.config.title(lang));
            let path = collection_index_path(site, name, lang)?;
            (
                "collection",
                Some(given.unwrap_or(label).to_string()),
                local(path),
                lang,
            )
        }
        MenuTarget::Timeline => generated("timeline", given, timeline_path(site, lang), lang)?,
        MenuTarget::Glossary => generated("glossary", given, glossary_path(site, lang), lang)?,
        MenuTarget::Sources => generated("sources", given, sources_path(site, lang), lang)?,
        MenuTarget::Url(url) => {
            let path = if url.starts_with('/') && !url.starts_with("//") {
                local(url.trim_start_matches('/').to_string())
            } else {
                url.clone()
            };
            ("url", given.map(str::to_string), path, lang)
        }
    };
    let path = match kind {
        "timeline" | "glossary" | "sources" => local(path),
        _ => path,
    };
    let mut fields: BTreeMap<&str, Value> = BTreeMap::new();
    fields.insert("kind", Value::from(kind));
    fields.insert("title", title.map_or_else(Value::none, Value::from));
    fields.insert("path", Value::from(path));
    fields.insert("lang", Value::from(target_lang));
    Some(Value::from(fields))
}

/// A page Spiega makes from data, if it has one in `lang`.
fn generated<'a>(
    kind: &'static str,
    given: Option<&str>,
    path: Option<String>,
    lang: &'a str,
) -> Option<(&'static str, Option<String>, String, &'a str)> {
    Some((kind, given.map(str::to_string), path?, lang))
}
