//! Pages that list data: every source (with the pages and entries that cite it) and a
//! collection's index (its entries, and a table of its number fields).

use std::collections::BTreeMap;

use tera::Value;

use crate::diagnostic::Diagnostic;
use crate::load::config::FieldType;
use crate::render::Prepared;
use crate::render::pages::{base_context, render};
use crate::resolve::data::SOURCES;
use crate::resolve::plan::{collection_index_path, sources_path};

type Fields = BTreeMap<&'static str, Value>;

/// Renders the page of every source in a language.
pub fn render_sources(prepared: &Prepared, lang: &str, file: &str) -> Result<Vec<u8>, Diagnostic> {
    let site = &prepared.site;
    let template = site
        .loaded
        .config
        .sources
        .as_ref()
        .map_or("sources.html", |s| s.template.as_str());
    let path = file.strip_suffix("index.html").unwrap_or(file);
    let mut context = base_context(site, lang, path);
    let translations = crate::render::alternates::alternates(site, |l| sources_path(site, l));
    context.insert_value("translations", translations);
    context.insert_value("sources", sources_value(prepared, lang));
    render(&prepared.engine, template, &context)
}

/// `{entries: [source value + cited_on: [{title, path}]], count, path}`, sources in file order;
/// `cited_on` lists the pages citing a source, then the entries and events.
fn sources_value(prepared: &Prepared, lang: &str) -> Value {
    let site = &prepared.site;
    let cited_on = cited_on(prepared, lang);
    let values = prepared
        .data_values()
        .and_then(|values| values.all(SOURCES, lang))
        .unwrap_or_default();
    let entries: Vec<Value> = values
        .iter()
        .map(|value| {
            let id = value
                .get_from_path("id")
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let mut pages = cited_on.get(&id).cloned().unwrap_or_default();
            pages.extend(citing_entries(value));
            let mut with_pages: BTreeMap<String, Value> = value
                .as_map()
                .map(|map| {
                    map.iter()
                        .map(|(k, v)| (k.to_string(), v.clone()))
                        .collect()
                })
                .unwrap_or_default();
            with_pages.insert("cited_on".to_string(), Value::from(pages));
            Value::from(with_pages)
        })
        .collect();
    let mut fields = Fields::new();
    fields.insert("count", Value::from(entries.len()));
    fields.insert("entries", Value::from(entries));
    fields.insert(
        "path",
        sources_path(site, lang).map_or_else(Value::none, |p| {
            Value::from(format!("{}{p}", site.loaded.config.base_path()))
        }),
    );
    Value::from(fields)
}

/// The entries and events citing a source, from its `referrers` groups, as `{title, path}`.
fn citing_entries(value: &Value) -> Vec<Value> {
    let Some(groups) = value.get_from_path("referrers").and_then(Value::as_array) else {
        return Vec::new();
    };
    groups
        .iter()
        .filter_map(|group| {
            group
                .get_from_path("entries")?
                .as_array()
                .map(<[Value]>::to_vec)
        })
        .flatten()
        .collect()
}

/// For each source id, the pages of a language that cite it, sorted by title.
fn cited_on(prepared: &Prepared, lang: &str) -> BTreeMap<String, Vec<Value>> {
    pages_by_id(prepared, lang, |content| &content.cited)
}

/// For each id that `ids` finds in a page's rendered content (sources it cites, glossary terms it
/// links), the pages of a language that have it, as `{title, path}` sorted by title.
pub fn pages_by_id(
    prepared: &Prepared,
    lang: &str,
    ids: impl Fn(&crate::render::content::PageContent) -> &[String],
) -> BTreeMap<String, Vec<Value>> {
    let site = &prepared.site;
    let mut found: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (entry, content) in site.library.entries.iter().zip(&prepared.contents) {
        if entry.lang() != lang {
            continue;
        }
        let path = format!("{}{}", site.loaded.config.base_path(), entry.path);
        for id in ids(content) {
            found
                .entry(id.clone())
                .or_default()
                .push((entry.front().title.clone(), path.clone()));
        }
    }
    found
        .into_iter()
        .map(|(id, mut pages)| {
            pages.sort();
            let values = pages
                .into_iter()
                .map(|(title, path)| {
                    let mut fields = Fields::new();
                    fields.insert("title", Value::from(title));
                    fields.insert("path", Value::from(path));
                    Value::from(fields)
                })
                .collect();
            (id, values)
        })
        .collect()
}

/// Renders a collection's index page in a language.
pub fn render_collection_index(
    prepared: &Prepared,
    name: &str,
    lang: &str,
    file: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let site = &prepared.site;
    let Some(collection) = site.data.get(name) else {
        return Err(Diagnostic::error(format!("no collection `{name}`")));
    };
    let path = file.strip_suffix("index.html").unwrap_or(file);
    let mut context = base_context(site, lang, path);
    let translations =
        crate::render::alternates::alternates(site, |l| collection_index_path(site, name, l));
    context.insert_value("translations", translations);
    let entries = prepared
        .data_values()
        .and_then(|values| values.all(name, lang))
        .unwrap_or_default();
    let number_fields: Vec<Value> = collection
        .config
        .fields
        .iter()
        .filter(|f| matches!(f.kind, FieldType::Number | FieldType::Integer))
        .map(|f| {
            let mut field = Fields::new();
            field.insert("name", Value::from(f.name.as_str()));
            field.insert("label", Value::from(f.title(lang)));
            field.insert("unit", f.unit(lang).map_or_else(Value::none, Value::from));
            Value::from(field)
        })
        .collect();
    let mut value = Fields::new();
    value.insert("name", Value::from(name));
    let title = collection.config.title(lang);
    value.insert("title", Value::from(title));
    value.insert(
        "path",
        Value::from(format!("{}{path}", site.loaded.config.base_path())),
    );
    value.insert("entries", Value::from(entries.to_vec()));
    value.insert("number_fields", Value::from(number_fields));
    context.insert_value("collection", Value::from(value));
    render(
        &prepared.engine,
        &collection.config.index_template,
        &context,
    )
}
