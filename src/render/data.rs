//! Data entries as templates see them: one value per entry and language, with `text` fields in that
//! language, `markdown` fields rendered and refs resolved to `{id, title, path, permalink}`.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use tera::Value;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::locate::{Step, locate};
use crate::load::config::FieldType;
use crate::markdown::{self, MarkdownOptions, RenderInput};
use crate::render::content::{EntryLinks, EntryShortcodes};
use crate::render::engine::Engine;
use crate::resolve::ResolvedSite;
use crate::resolve::data::{Collection, DataEntry, FieldValue};

type Fields = BTreeMap<&'static str, Value>;

/// Which markdown field of which entry in which language: (collection, id, field, lang).
pub type FieldKey = (String, String, String, String);

/// Rendered `markdown` fields, to HTML.
pub type RenderedFields = BTreeMap<FieldKey, String>;

/// Every entry's value per language: (collection, lang) to values in file order.
#[derive(Debug, Clone, Default)]
pub struct DataValues {
    /// The values.
    pub values: BTreeMap<(String, String), Vec<Value>>,
}

impl DataValues {
    /// The value of one entry in one language.
    pub fn get(
        &self,
        site: &ResolvedSite,
        collection: &str,
        id: &str,
        lang: &str,
    ) -> Option<Value> {
        let index = *site.data.get(collection)?.index.get(id)?;
        self.values
            .get(&(collection.to_string(), lang.to_string()))?
            .get(index)
            .cloned()
    }

    /// All entries of a collection in one language.
    pub fn all(&self, collection: &str, lang: &str) -> Option<&[Value]> {
        self.values
            .get(&(collection.to_string(), lang.to_string()))
            .map(Vec::as_slice)
    }
}

/// Every rendered `markdown` field and the ids of the sources they cite.
pub type FieldsRendered = (RenderedFields, BTreeSet<String>);

/// Renders every `markdown` field of every entry in every language, in parallel; also returns
/// the ids of the sources these fields cite, and every mistake found (a field with one is left
/// out, and shows as nothing).
pub fn render_markdown_fields(
    site: &ResolvedSite,
    engine: &Engine,
) -> (FieldsRendered, Vec<Diagnostic>) {
    let options = site.loaded.config.markdown.options();
    let jobs = markdown_field_jobs(site);
    let results: Vec<Result<RenderedField, Vec<Diagnostic>>> = jobs
        .into_par_iter()
        .map(|job| render_markdown_field(site, engine, &options, &job))
        .collect();
    let mut fields = RenderedFields::new();
    let mut cited = BTreeSet::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok((key, html, sources)) => {
                fields.insert(key, html);
                cited.extend(sources);
            }
            Err(errors) => problems.extend(errors),
        }
    }
    ((fields, cited), problems)
}

/// One `markdown` field of one entry in one language, waiting to be rendered.
struct MarkdownFieldJob<'a> {
    name: &'a String,
    collection: &'a Collection,
    entry: &'a DataEntry,
    field: &'a str,
    lang: &'a String,
    text: &'a String,
}

/// A rendered field: its key, its HTML and the ids of the sources it cites.
type RenderedField = (FieldKey, String, Vec<String>);

/// Every `markdown` field of every entry in every language, in collection and file order.
fn markdown_field_jobs(site: &ResolvedSite) -> Vec<MarkdownFieldJob<'_>> {
    let mut jobs = Vec::new();
    for (name, collection) in &site.data {
        // The entries kept out for a mistake are checked too, for mistakes of their own.
        for entry in collection.entries.iter().chain(&collection.excluded) {
            for field in collection
                .config
                .fields
                .iter()
                .filter(|f| f.kind == FieldType::Markdown)
            {
                if let Some(FieldValue::Text(texts)) = entry.fields.get(&field.name) {
                    for (lang, text) in texts {
                        jobs.push(MarkdownFieldJob {
                            name,
                            collection,
                            entry,
                            field: field.name.as_str(),
                            lang,
                            text,
                        });
                    }
                }
            }
        }
    }
    jobs
}

/// Renders one field, or returns its mistakes located in the data file.
fn render_markdown_field(
    site: &ResolvedSite,
    engine: &Engine,
    options: &MarkdownOptions,
    job: &MarkdownFieldJob<'_>,
) -> Result<RenderedField, Vec<Diagnostic>> {
    let MarkdownFieldJob {
        name,
        collection,
        entry,
        field,
        lang,
        text,
    } = *job;
    let i = entry.position;
    let links = EntryLinks::new(site, lang);
    let shortcodes = EntryShortcodes::new(site, engine, lang);
    let input = RenderInput {
        source: text,
        options,
        links: &links,
        shortcodes: &shortcodes,
        // Data is not prose of a page: terms are linked only in pages' own text.
        glossary: None,
        images: None,
    };
    let result = markdown::render(&input);
    match result {
        Ok(rendered) => Ok((
            (
                name.clone(),
                entry.id.clone(),
                field.to_string(),
                lang.clone(),
            ),
            rendered.html,
            shortcodes.into_cited(),
        )),
        Err(errors) => Err(errors
            .into_iter()
            .map(|error| {
                // At the translation that holds the mistake, when the field has one per
                // language; else at the field's value.
                let path = [Step::Index(i), Step::Key(field.to_string())];
                let in_language = [
                    Step::Index(i),
                    Step::Key(field.to_string()),
                    Step::Key(lang.clone()),
                ];
                let span = locate(&collection.source, &in_language)
                    .or_else(|| locate(&collection.source, &path))
                    .unwrap_or(0..0);
                Diagnostic::error(error.message)
                    .at(&collection.source, span)
                    .with_optional_hint(error.hint)
            })
            .collect()),
    }
}

/// Builds the value of every entry in every language.
pub fn data_values(site: &ResolvedSite, rendered: &RenderedFields) -> DataValues {
    let mut values = BTreeMap::new();
    let referrers = crate::render::referrers::referrers(site);
    for lang in site.loaded.config.language_codes() {
        for (name, collection) in &site.data {
            let list = collection
                .entries
                .iter()
                .map(|entry| {
                    let mut fields = entry_fields(site, collection, entry, lang, rendered);
                    let groups = referrers.groups(site, name, &entry.id, lang);
                    fields.insert("referrers".to_string(), groups);
                    Value::from(fields)
                })
                .collect();
            values.insert((name.clone(), lang.to_string()), list);
        }
    }
    DataValues { values }
}

fn entry_fields(
    site: &ResolvedSite,
    collection: &Collection,
    entry: &DataEntry,
    lang: &str,
    rendered: &RenderedFields,
) -> BTreeMap<String, Value> {
    let name = &collection.config.name;
    let config = &site.loaded.config;
    let mut fields: BTreeMap<String, Value> = ref_fields(site, collection, entry, lang)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    fields.insert("collection".to_string(), Value::from(name.as_str()));
    let translations: Vec<Value> = config
        .language_codes()
        .into_iter()
        .filter_map(|other| {
            let path = collection.entry_path(&entry.id, other)?;
            let mut link = Fields::new();
            link.insert("lang", Value::from(other));
            link.insert("title", Value::from(collection.title(entry, other)));
            link.insert("path", Value::from(format!("{}{path}", config.base_path())));
            link.insert(
                "permalink",
                Value::from(format!("{}{path}", config.base_url)),
            );
            Some(Value::from(link))
        })
        .collect();
    fields.insert("translations".to_string(), Value::from(translations));
    for (field, value) in &entry.fields {
        let kind = collection.field(field).map(|f| f.kind);
        let value = match (value, kind) {
            (FieldValue::Text(_), Some(FieldType::Markdown)) => {
                let key = (
                    name.clone(),
                    entry.id.clone(),
                    field.clone(),
                    lang.to_string(),
                );
                rendered
                    .get(&key)
                    .map_or_else(Value::none, |html| Value::safe_string(html))
            }
            _ => field_value(site, collection, field, value, lang),
        };
        fields.insert(field.clone(), value);
    }
    // `description` is the configured field's text; without one, a field of that name (if the
    // schema has it) keeps its own value.
    if let Some(field) = collection.config.description_field.as_deref() {
        let description = entry.text(field, lang);
        fields.insert(
            "description".to_string(),
            description.map_or_else(Value::none, Value::from),
        );
    }
    fields.insert(
        "field_list".to_string(),
        field_list(collection, entry, &fields, lang),
    );
    fields.insert(
        "source_list".to_string(),
        source_list(site, collection, entry, lang, rendered),
    );
    fields
}

/// The entry's fields in schema order, the title field left out, each as
/// `{name, label, type, unit, value, text, role}` (see [`field_role`]): `value` as the entry has it, `text` the value
/// written out in the language (numbers with their unit, dates, lists, plain text), or none for
/// the types a template shows itself (`markdown`, `ref`, `refs`, `bool`, `url`).
fn field_list(
    collection: &Collection,
    entry: &DataEntry,
    values: &BTreeMap<String, Value>,
    lang: &str,
) -> Value {
    let title_field = collection.config.title_field.as_deref().unwrap_or("name");
    let list: Vec<Value> = collection
        .config
        .fields
        .iter()
        .filter(|f| f.name != title_field)
        .filter_map(|field| {
            let raw = entry.fields.get(&field.name)?;
            let mut item = Fields::new();
            item.insert("name", Value::from(field.name.as_str()));
            item.insert("label", Value::from(field.title(lang)));
            let kind = serde_json::to_value(field.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            item.insert("type", Value::from(kind));
            item.insert(
                "unit",
                field.unit(lang).map_or_else(Value::none, Value::from),
            );
            item.insert(
                "value",
                values.get(&field.name).cloned().unwrap_or_else(Value::none),
            );
            let text = display_text(raw, field.unit(lang), lang);
            item.insert("text", text.map_or_else(Value::none, Value::from));
            item.insert("role", Value::from(field_role(collection, field)));
            Some(Value::from(item))
        })
        .collect();
    Value::from(list)
}

/// What a field is for on an entry's page: `description` (the entry's one-sentence
/// description), `sources` (refs to the sources, shown as a numbered list) or `` (a fact).
fn field_role(collection: &Collection, field: &crate::load::config::FieldConfig) -> &'static str {
    if collection.config.description_field.as_deref() == Some(field.name.as_str()) {
        "description"
    } else if field.collection.as_deref() == Some(crate::resolve::data::SOURCES) {
        "sources"
    } else {
        ""
    }
}

/// A field's value written out in a language, for the types that read as plain text.
fn display_text(value: &FieldValue, unit: Option<&str>, lang: &str) -> Option<String> {
    use crate::render::numbers::format_value;
    let with_unit = |number: String| match unit {
        Some(unit) => format!("{number}\u{a0}{unit}"),
        None => number,
    };
    match value {
        FieldValue::String(text) => Some(text.clone()),
        FieldValue::Text(texts) => texts.get(lang).cloned(),
        FieldValue::TextList(lists) => lists.get(lang).map(|l| l.join(", ")),
        FieldValue::List(items) => Some(items.join(", ")),
        FieldValue::Integer(n) => Some(with_unit(format_value(*n as f64, lang))),
        FieldValue::Number(n) => Some(with_unit(format_value(*n, lang))),
        FieldValue::Date(date) => Some(crate::render::timeline::display_date(date, lang)),
        FieldValue::Bool(_) | FieldValue::Ref(_) | FieldValue::Refs(_) => None,
    }
}

/// The full values of the sources an entry cites (its `refs` fields into the sources
/// collection), in the order it names them, for a numbered source list.
fn source_list(
    site: &ResolvedSite,
    collection: &Collection,
    entry: &DataEntry,
    lang: &str,
    rendered: &RenderedFields,
) -> Value {
    let Some(sources) = site.data.get(crate::resolve::data::SOURCES) else {
        return Value::from(Vec::<Value>::new());
    };
    let mut seen = BTreeSet::new();
    let list: Vec<Value> = collection
        .config
        .fields
        .iter()
        .filter(|f| f.collection.as_deref() == Some(crate::resolve::data::SOURCES))
        .flat_map(|f| entry.refs(&f.name))
        .filter(|id| seen.insert(id.as_str()))
        .filter_map(|id| {
            let source = sources.get(id)?;
            Some(Value::from(entry_fields(
                site, sources, source, lang, rendered,
            )))
        })
        .collect();
    Value::from(list)
}

/// `{id, title, path, permalink}` of an entry in a language.
pub fn ref_fields(
    site: &ResolvedSite,
    collection: &Collection,
    entry: &DataEntry,
    lang: &str,
) -> Fields {
    let config = &site.loaded.config;
    let mut fields = Fields::new();
    fields.insert("id", Value::from(entry.id.as_str()));
    fields.insert("title", Value::from(collection.title(entry, lang)));
    let path = collection.entry_path(&entry.id, lang);
    fields.insert(
        "path",
        path.as_ref().map_or_else(Value::none, |p| {
            Value::from(format!("{}{p}", config.base_path()))
        }),
    );
    fields.insert(
        "permalink",
        path.as_ref().map_or_else(Value::none, |p| {
            Value::from(format!("{}{p}", config.base_url))
        }),
    );
    fields
}

/// The data files as templates see them (`data.<name>`): their YAML as written, but without the
/// entries kept out for a mistake (reported), which templates would otherwise trip over again.
pub fn raw_data(site: &ResolvedSite) -> BTreeMap<&str, std::borrow::Cow<'_, serde_yaml::Value>> {
    use std::borrow::Cow;
    site.loaded
        .data
        .iter()
        .map(|(name, file)| {
            let not_a_list = site.data.contains_key(name)
                && !matches!(file.value, serde_yaml::Value::Sequence(_));
            if file.broken || not_a_list {
                // What the file holds is unknown (its mistake is reported): a collection shows
                // as one with no entries, any other file as an empty map.
                let empty = if site.data.contains_key(name) {
                    serde_yaml::Value::Sequence(Vec::new())
                } else {
                    serde_yaml::Value::Mapping(serde_yaml::Mapping::new())
                };
                return (name.as_str(), Cow::Owned(empty));
            }
            let value = match (site.data.get(name), &file.value) {
                (Some(collection), serde_yaml::Value::Sequence(items))
                    if collection.entries.len() < items.len() =>
                {
                    let kept = collection
                        .entries
                        .iter()
                        .filter_map(|entry| items.get(entry.position).cloned())
                        .collect();
                    Cow::Owned(serde_yaml::Value::Sequence(kept))
                }
                _ => Cow::Borrowed(&file.value),
            };
            (name.as_str(), value)
        })
        .collect()
}

/// What `get_entry` gives for an entry kept out for a mistake (reported): the shape of a ref, and
/// every field of the schema, empty, so that a template reading them says nothing more.
pub fn left_out_value(collection: &Collection, id: &str) -> Value {
    let mut fields: BTreeMap<String, Value> = missing_ref(id)
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    for field in &collection.config.fields {
        fields.entry(field.name.clone()).or_insert_with(Value::none);
    }
    Value::from(fields)
}

/// What a ref to no entry (a mistake reported elsewhere) shows: its id as the title, no page.
pub fn missing_ref(id: &str) -> Fields {
    let mut fields = Fields::new();
    fields.insert("id", Value::from(id));
    fields.insert("title", Value::from(id));
    fields.insert("path", Value::none());
    fields.insert("permalink", Value::none());
    fields
}

fn field_value(
    site: &ResolvedSite,
    collection: &Collection,
    field: &str,
    value: &FieldValue,
    lang: &str,
) -> Value {
    let target = || {
        collection
            .field(field)
            .and_then(|f| f.collection.as_deref())
            .and_then(|name| site.data.get(name))
    };
    let reference = |id: &String| -> Value {
        match target().and_then(|t| t.get(id).map(|e| (t, e))) {
            Some((t, e)) => Value::from(ref_fields(site, t, e, lang)),
            // A ref to no entry (reported) keeps the shape of a ref, so that templates reading
            // `.title` or `.path` do not report it again.
            None => Value::from(missing_ref(id)),
        }
    };
    match value {
        FieldValue::String(text) => Value::from(text.as_str()),
        FieldValue::Text(texts) => texts
            .get(lang)
            .map_or_else(Value::none, |t| Value::from(t.as_str())),
        FieldValue::TextList(lists) => Value::from(lists.get(lang).cloned().unwrap_or_default()),
        FieldValue::Integer(n) => Value::from(*n),
        FieldValue::Number(n) => Value::from(*n),
        FieldValue::Bool(b) => Value::from(*b),
        FieldValue::Date(date) => Value::from(date.to_string()),
        FieldValue::List(items) => Value::from(items.clone()),
        FieldValue::Ref(id) => reference(id),
        FieldValue::Refs(ids) => Value::from(ids.iter().map(reference).collect::<Vec<_>>()),
    }
}
