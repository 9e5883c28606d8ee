//! The values templates see: `page`, `section`, `taxonomy`, `term`.
//!
//! Each entry's value is built once; a section's `pages` and a term's `pages` hold clones of those
//! values, which in Tera 2 are reference-counted, so listing 10,000 pages copies no content.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use crate::render::content::PageContent;
use crate::render::data::DataValues;
use crate::resolve::ResolvedSite;
use crate::resolve::data::{GLOSSARY, SOURCES};
use crate::resolve::library::Entry;
use crate::resolve::taxonomies::{Taxonomy, Term};

/// Words per minute for `reading_time`.
const WORDS_PER_MINUTE: usize = 200;

type Fields = BTreeMap<&'static str, Value>;

/// Builds the value of every entry: pages first, then sections, which list their pages.
pub fn entry_values(
    site: &ResolvedSite,
    contents: &[Arc<PageContent>],
    data: &DataValues,
) -> Vec<Value> {
    let mut values: Vec<Value> = site
        .library
        .entries
        .par_iter()
        .zip(contents)
        .map(|(entry, content)| Value::from(common_fields(site, entry, content, data)))
        .collect();
    for (i, entry) in site.library.entries.iter().enumerate() {
        if entry.is_section() {
            values[i] = section_value(site, i, contents, data, &values);
        }
    }
    values
}

/// The values after the files of the `edited` entries changed, none of them moving
/// ([`crate::resolve::edits`]): theirs are built again, their translations' (which show their
/// titles), and those of the sections that list any of these; the others are kept from
/// `previous`. The result is the same as [`entry_values`]'s.
pub fn entry_values_after_edit(
    site: &ResolvedSite,
    contents: &[Arc<PageContent>],
    data: &DataValues,
    previous: &[Value],
    edited: &[usize],
) -> Vec<Value> {
    let entries = &site.library.entries;
    let mut rebuilt: Vec<usize> = edited
        .iter()
        .filter_map(|&i| entries.get(i))
        .flat_map(|entry| entry.translations.iter().copied())
        .chain(edited.iter().copied())
        .collect();
    rebuilt.sort_unstable();
    rebuilt.dedup();
    let mut values = previous.to_vec();
    for &i in &rebuilt {
        if let (Some(entry), Some(content)) = (entries.get(i), contents.get(i)) {
            values[i] = Value::from(common_fields(site, entry, content, data));
        }
    }
    for (i, entry) in entries.iter().enumerate() {
        let lists_one = entry.pages.iter().any(|p| rebuilt.binary_search(p).is_ok());
        if entry.is_section() && (rebuilt.binary_search(&i).is_ok() || lists_one) {
            values[i] = section_value(site, i, contents, data, &values);
        }
    }
    values
}

/// A section's value: its own fields, its pages' values (already in `values`) and its
/// subsections' keys.
fn section_value(
    site: &ResolvedSite,
    i: usize,
    contents: &[Arc<PageContent>],
    data: &DataValues,
    values: &[Value],
) -> Value {
    let entry = &site.library.entries[i];
    let mut fields = common_fields(site, entry, &contents[i], data);
    let pages: Vec<Value> = entry.pages.iter().map(|&p| values[p].clone()).collect();
    let subsections: Vec<Value> = entry
        .subsections
        .iter()
        .map(|&s| Value::from(site.library.entries[s].key()))
        .collect();
    fields.insert("pages", Value::from(pages));
    fields.insert("subsections", Value::from(subsections));
    Value::from(fields)
}

fn common_fields(
    site: &ResolvedSite,
    entry: &Entry,
    content: &PageContent,
    data: &DataValues,
) -> Fields {
    let front = entry.front();
    let mut fields = Fields::new();
    insert_front_matter(site, entry, &mut fields);
    insert_content(content, &mut fields);
    let links = taxonomy_links(site, entry);
    fields.insert("taxonomy_list", taxonomy_list(site, entry, &links));
    fields.insert("taxonomies", links);
    fields.insert("extra", Value::from_serializable(&front.extra));
    fields.insert("translations", translations(site, entry));
    let (stale, original) = translation_state(site, entry);
    fields.insert("translation_stale", Value::from(stale));
    fields.insert("translation_source", original);
    fields.insert("assets", Value::from(asset_names(entry)));
    fields.insert("key", Value::from(entry.key()));
    fields.insert("refs", page_refs(site, entry, data));
    fields.insert(
        "sources",
        cited_sources(site, &content.cited, entry.lang(), data),
    );
    fields.insert(
        "glossary",
        linked_terms(site, content.glossary_terms(), entry.lang(), data),
    );
    fields.insert(
        "section",
        entry
            .section
            .map_or_else(Value::none, |s| Value::from(site.library.entries[s].key())),
    );
    fields
}

/// The fields from the entry's front matter and place: title, dates, slug, language, URLs.
fn insert_front_matter(site: &ResolvedSite, entry: &Entry, fields: &mut Fields) {
    let config = &site.loaded.config;
    let front = entry.front();
    fields.insert("title", Value::from(front.title.as_str()));
    fields.insert("description", optional(front.description.as_deref()));
    fields.insert(
        "date",
        optional(front.date.map(|d| d.to_string()).as_deref()),
    );
    fields.insert(
        "updated",
        optional(front.updated.map(|d| d.to_string()).as_deref()),
    );
    fields.insert("draft", Value::from(front.draft));
    fields.insert("weight", front.weight.map_or_else(Value::none, Value::from));
    fields.insert(
        "slug",
        Value::from(
            entry
                .path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default(),
        ),
    );
    fields.insert("lang", Value::from(entry.lang()));
    fields.insert(
        "path",
        Value::from(format!("{}{}", config.base_path(), entry.path)),
    );
    fields.insert(
        "permalink",
        Value::from(format!("{}{}", config.base_url, entry.path)),
    );
}

/// The fields from the rendered Markdown: content, summary, table of contents, word counts.
fn insert_content(content: &PageContent, fields: &mut Fields) {
    let markdown = &content.rendered;
    fields.insert("content", content.html.clone());
    fields.insert(
        "summary",
        markdown
            .summary
            .as_deref()
            .map_or_else(Value::none, Value::safe_string),
    );
    fields.insert("toc", Value::from_serializable(&markdown.toc));
    fields.insert("heading_ids", Value::from(markdown.heading_ids.clone()));
    fields.insert("word_count", Value::from(markdown.word_count));
    fields.insert(
        "reading_time",
        Value::from(reading_time(markdown.word_count)),
    );
}

fn optional(text: Option<&str>) -> Value {
    text.map_or_else(Value::none, Value::from)
}

/// Minutes to read `words`, at least one.
pub fn reading_time(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE).max(1)
}

fn translations(site: &ResolvedSite, entry: &Entry) -> Value {
    let config = &site.loaded.config;
    let list: Vec<Value> = entry
        .translations
        .iter()
        .map(|&t| {
            let other = &site.library.entries[t];
            let mut fields = Fields::new();
            fields.insert("lang", Value::from(other.lang()));
            fields.insert("title", Value::from(other.front().title.as_str()));
            fields.insert(
                "path",
                Value::from(format!("{}{}", config.base_path(), other.path)),
            );
            fields.insert(
                "permalink",
                Value::from(format!("{}{}", config.base_url, other.path)),
            );
            Value::from(fields)
        })
        .collect();
    Value::from(list)
}

/// Whether the page is a translation of an earlier version of its original, and the original
/// (`{lang, title, path}`; none on an original).
fn translation_state(site: &ResolvedSite, entry: &Entry) -> (bool, Value) {
    let Some((original, stale)) = crate::resolve::translations::freshness(site, entry) else {
        return (false, Value::none());
    };
    let original = &site.library.entries[original];
    let mut fields = Fields::new();
    fields.insert("lang", Value::from(original.lang()));
    fields.insert("title", Value::from(original.front().title.as_str()));
    fields.insert(
        "path",
        Value::from(format!(
            "{}{}",
            site.loaded.config.base_path(),
            original.path
        )),
    );
    (stale, Value::from(fields))
}

fn taxonomy_links(site: &ResolvedSite, entry: &Entry) -> Value {
    let mut by_name: BTreeMap<String, Value> = BTreeMap::new();
    for (name, terms) in &entry.front().taxonomies {
        let taxonomy = site
            .taxonomies
            .iter()
            .find(|t| &t.name == name && t.lang == entry.lang());
        let links: Vec<Value> = terms
            .iter()
            .filter_map(|term| {
                let slug = slug::slugify(term);
                let terms = &taxonomy?.terms;
                // Terms are sorted by slug: a page with N terms finds them in N·log N.
                let found = terms.binary_search_by(|t| t.slug.cmp(&slug)).ok()?;
                Some(term_link(site, &terms[found]))
            })
            .collect();
        by_name.insert(name.clone(), Value::from(links));
    }
    Value::from(by_name)
}

/// The page's terms per taxonomy, in site.yaml's order: `[{name, title, terms}]`, so that a
/// theme can show them without naming any taxonomy.
fn taxonomy_list(site: &ResolvedSite, entry: &Entry, links: &Value) -> Value {
    let list: Vec<Value> = site
        .loaded
        .config
        .taxonomies
        .iter()
        .filter_map(|declared| {
            let terms = links.get_from_path(&declared.name)?.clone();
            let mut fields = Fields::new();
            fields.insert("name", Value::from(declared.name.as_str()));
            fields.insert("title", Value::from(declared.title(entry.lang())));
            fields.insert("terms", terms);
            Some(Value::from(fields))
        })
        .collect();
    Value::from(list)
}

fn term_link(site: &ResolvedSite, term: &Term) -> Value {
    Value::from(term_fields(site, term))
}

fn term_fields(site: &ResolvedSite, term: &Term) -> Fields {
    let config = &site.loaded.config;
    let mut fields = Fields::new();
    fields.insert("name", Value::from(term.name.as_str()));
    fields.insert("slug", Value::from(term.slug.as_str()));
    fields.insert(
        "path",
        Value::from(format!("{}{}", config.base_path(), term.path)),
    );
    fields.insert(
        "permalink",
        Value::from(format!("{}{}", config.base_url, term.path)),
    );
    fields.insert("count", Value::from(term.pages.len()));
    fields
}

/// A term with its pages, for term pages and taxonomy lists.
pub fn term_value(site: &ResolvedSite, term: &Term, values: &[Value]) -> Value {
    let mut fields = term_fields(site, term);
    let pages: Vec<Value> = term.pages.iter().map(|&p| values[p].clone()).collect();
    fields.insert("pages", Value::from(pages));
    Value::from(fields)
}

/// A taxonomy with all its terms and their pages.
pub fn taxonomy_value(site: &ResolvedSite, taxonomy: &Taxonomy, terms: &[Value]) -> Value {
    let config = &site.loaded.config;
    let mut fields = Fields::new();
    fields.insert("name", Value::from(taxonomy.name.as_str()));
    let title = config
        .taxonomies
        .iter()
        .find(|t| t.name == taxonomy.name)
        .map_or(taxonomy.name.as_str(), |t| t.title(&taxonomy.lang));
    fields.insert("title", Value::from(title));
    fields.insert("lang", Value::from(taxonomy.lang.as_str()));
    fields.insert(
        "path",
        Value::from(format!("{}{}", config.base_path(), taxonomy.path)),
    );
    fields.insert(
        "permalink",
        Value::from(format!("{}{}", config.base_url, taxonomy.path)),
    );
    fields.insert("terms", Value::from(terms.to_vec()));
    Value::from(fields)
}

fn asset_names(entry: &Entry) -> Vec<String> {
    entry
        .file
        .assets
        .iter()
        .map(|asset| asset.rsplit('/').next().unwrap_or(asset).to_string())
        .collect()
}

/// The entries a page names in front matter, per collection.
fn page_refs(site: &ResolvedSite, entry: &Entry, data: &DataValues) -> Value {
    let refs: BTreeMap<String, Value> = entry
        .refs
        .iter()
        .map(|(collection, ids)| {
            let values: Vec<Value> = ids
                .iter()
                .filter_map(|id| data.get(site, collection, id, entry.lang()))
                .collect();
            (collection.clone(), Value::from(values))
        })
        .collect();
    Value::from(refs)
}

/// The glossary terms a page links, in order of first link, for previews: each term's value
/// (`id`, `term`, `definition` as HTML, ...) with `path`, the URL of its glossary entry.
fn linked_terms(site: &ResolvedSite, ids: &[String], lang: &str, data: &DataValues) -> Value {
    let list: Vec<Value> = ids
        .iter()
        .filter_map(|id| {
            let path = crate::render::glossary::term_href(site, id, lang);
            let path = path.map_or_else(Value::none, Value::from);
            Some(with_field(
                data.get(site, GLOSSARY, id, lang)?,
                "path",
                path,
            ))
        })
        .collect();
    Value::from(list)
}

/// A data entry's value with one more field.
fn with_field(entry: Value, key: &str, value: Value) -> Value {
    let mut fields: BTreeMap<String, Value> = entry
        .as_map()
        .map(|m| m.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
        .unwrap_or_default();
    fields.insert(key.to_string(), value);
    Value::from(fields)
}

/// The sources a page cites, numbered in order of first citation.
fn cited_sources(site: &ResolvedSite, cited: &[String], lang: &str, data: &DataValues) -> Value {
    let list: Vec<Value> = cited
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let source = data.get(site, SOURCES, id, lang)?;
            Some(with_field(source, "number", Value::from(i + 1)))
        })
        .collect();
    Value::from(list)
}
