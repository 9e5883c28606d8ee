//! Checking every data file against its schema: each entry needs a valid, unique id, known
//! fields and values of the right type; the problems wait, with the path of their value, to be
//! located once every collection is checked.

use std::collections::{BTreeMap, HashMap};

use serde_yaml::Value as Yaml;

use crate::diagnostic::locate::{Step, locate};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::{CollectionConfig, FieldConfig, SiteConfig};
use crate::load::data::DataFiles;

use super::fields::{FieldErrors, Translating, check_field, describe};
use super::refs::check_refs;
use super::schemas::schemas;
use super::{Collection, DataEntry, DataSet, FieldValue, GLOSSARY, TIMELINE};

/// A problem waiting to be located: the collection, the path of the value, and the diagnostic.
pub(super) struct Pending {
    pub(super) collection: String,
    pub(super) path: Vec<Step>,
    pub(super) diagnostic: Diagnostic,
}

/// Checks every collection (declared and built-in) and returns them typed, with every problem
/// found. The set holds every entry that has a valid id even when there are problems, so that the
/// later checks (refs from pages) do not report errors that are only echoes of these.
pub fn check_data(
    config: &SiteConfig,
    config_source: &SourceFile,
    files: &DataFiles,
) -> (DataSet, Vec<Diagnostic>) {
    let schemas = schemas(config);
    let mut problems = Vec::new();
    let mut pending = Vec::new();
    let mut set = DataSet::new();
    for schema in &schemas {
        let Some(file) = files.get(&schema.name) else {
            if is_declared(config, &schema.name) {
                problems.push(missing_file(config, config_source, &schema.name));
            }
            continue;
        };
        let mut collection =
            check_collection(schema, &file.value, &file.source, config, &mut pending);
        collection.broken |= file.broken;
        set.insert(schema.name.clone(), collection);
    }
    check_refs(&set, &mut pending);
    for item in pending {
        let Some(collection) = set.get(&item.collection) else {
            continue;
        };
        let span = locate(&collection.source, &item.path).unwrap_or(0..0);
        problems.push(item.diagnostic.at(&collection.source, span));
    }
    (set, problems)
}

fn is_declared(config: &SiteConfig, name: &str) -> bool {
    config.collections.iter().any(|c| c.name == name)
        || config.series.iter().any(|s| s.name == name)
        || (name == TIMELINE && config.timeline.is_some())
        || (name == GLOSSARY && config.glossary.is_some())
}

fn missing_file(config: &SiteConfig, source: &SourceFile, name: &str) -> Diagnostic {
    let declared = config.collections.iter().position(|c| c.name == name);
    let steps = match declared {
        Some(i) => vec![
            Step::Key("collections".into()),
            Step::Index(i),
            Step::Key("name".into()),
        ],
        None => vec![Step::KeyName(name.to_string())],
    };
    let span = locate(source, &steps).unwrap_or(0..0);
    Diagnostic::error(format!("the collection `{name}` has no data file"))
        .at(source, span)
        .with_hint(format!(
            "create content/data/{name}.yaml (a list of entries, each with an `id`)"
        ))
}

/// Checks one data file against its schema: its entries, typed, and those kept out for a mistake.
fn check_collection(
    schema: &CollectionConfig,
    value: &Yaml,
    source: &SourceFile,
    config: &SiteConfig,
    pending: &mut Vec<Pending>,
) -> Collection {
    let mut collection = Collection {
        config: schema.clone(),
        entries: Vec::new(),
        index: HashMap::new(),
        source: source.clone(),
        excluded: Vec::new(),
        broken: false,
    };
    let mut report = |path: Vec<Step>, diagnostic: Diagnostic| {
        pending.push(Pending {
            collection: schema.name.clone(),
            path,
            diagnostic,
        });
    };
    let Yaml::Sequence(items) = value else {
        if !matches!(value, Yaml::Null) {
            collection.broken = true;
            report(
                Vec::new(),
                Diagnostic::error(format!("`{}` must be a list of entries", schema.name))
                    .with_hint("write each entry as `- id: …` followed by its fields"),
            );
        }
        return collection;
    };
    let codes = config.language_codes();
    let languages = Translating {
        languages: &codes,
        level: config.translations.data,
    };
    for (i, item) in items.iter().enumerate() {
        let (map, id) = match entry_id(item) {
            Ok(found) => found,
            Err((path, diagnostic)) => {
                let mut full = vec![Step::Index(i)];
                full.extend(path);
                report(full, diagnostic);
                // Its id is unknown: refs to the collection cannot be checked until it has one.
                collection.broken = true;
                continue;
            }
        };
        if let Some(first) = first_use(&collection, &id) {
            report(
                vec![Step::Index(i), Step::Key("id".into())],
                duplicate_id(source, first, &id),
            );
            continue;
        }
        let (fields, has_errors) = check_entry(schema, map, i, &id, &languages, &mut report);
        let entry = DataEntry {
            id,
            fields,
            position: i,
        };
        add_entry(&mut collection, entry, has_errors);
    }
    collection
}

/// The position of the earlier entry, kept or kept out, that has the id `id`.
fn first_use(collection: &Collection, id: &str) -> Option<usize> {
    collection
        .index
        .get(id)
        .map(|&at| collection.entries[at].position)
        .or_else(|| {
            let excluded = collection.excluded.iter().find(|e| e.id == id);
            excluded.map(|e| e.position)
        })
}

/// A second entry with the id of the entry at `first`.
fn duplicate_id(source: &SourceFile, first: usize, id: &str) -> Diagnostic {
    let first_line = locate(source, &[Step::Index(first), Step::Key("id".into())])
        .map_or(0, |span| source.line_col(span.start).0);
    Diagnostic::error(format!("duplicate id `{id}`"))
        .with_note(format!("`{id}` is first used on line {first_line}"))
        .with_hint("give each entry its own id")
}

/// The typed fields of the entry at `i`, and whether any of its values is wrong or missing;
/// every mistake is reported.
fn check_entry(
    schema: &CollectionConfig,
    map: &serde_yaml::Mapping,
    i: usize,
    id: &str,
    languages: &Translating<'_>,
    report: &mut impl FnMut(Vec<Step>, Diagnostic),
) -> (BTreeMap<String, FieldValue>, bool) {
    let mut fields = BTreeMap::new();
    let mut has_errors = false;
    for (key, field_value) in map {
        let Some((key, field)) = schema_field(schema, key, i, report) else {
            continue;
        };
        let path = vec![Step::Index(i), Step::Key(key.to_string())];
        let mut warnings = FieldErrors::new();
        let checked = check_field(field, field_value, languages, &path, &mut warnings);
        for (path, diagnostic) in warnings {
            report(path, diagnostic);
        }
        match checked {
            Ok(Some(value)) => {
                fields.insert(key.to_string(), value);
            }
            Ok(None) => {}
            Err(errors) => {
                has_errors = true;
                for (path, diagnostic) in errors {
                    report(path, diagnostic);
                }
            }
        }
    }
    has_errors |= missing_required(schema, map, i, id, report);
    (fields, has_errors)
}

/// The name of an entry's key and its field in the schema; `None` for the `id`, which is no
/// field, and for a key that is not text or names no field (both reported).
fn schema_field<'k, 's>(
    schema: &'s CollectionConfig,
    key: &'k Yaml,
    i: usize,
    report: &mut impl FnMut(Vec<Step>, Diagnostic),
) -> Option<(&'k str, &'s FieldConfig)> {
    let key = match key {
        Yaml::String(key) => key.as_str(),
        other => {
            report(
                vec![Step::Index(i)],
                Diagnostic::error(format!("a key must be text, not {}", describe(other)))
                    .with_hint("write the field's name as the key, e.g. `name: …`"),
            );
            return None;
        }
    };
    if key == "id" {
        return None;
    }
    let Some(field) = schema.fields.iter().find(|f| f.name == key) else {
        let names = schema.fields.iter().map(|f| f.name.as_str());
        let hint = crate::suggest::did_you_mean(key, names).unwrap_or_else(|| {
            let list: Vec<String> = schema
                .fields
                .iter()
                .map(|f| format!("`{}`", f.name))
                .collect();
            format!("`{}` entries take {}", schema.name, list.join(", "))
        });
        report(
            vec![Step::Index(i), Step::KeyName(key.to_string())],
            Diagnostic::error(format!("unknown field `{key}` in `{}`", schema.name))
                .with_hint(hint),
        );
        return None;
    };
    Some((key, field))
}

/// Whether the entry at `i` lacks a required field; each one it lacks is reported.
fn missing_required(
    schema: &CollectionConfig,
    map: &serde_yaml::Mapping,
    i: usize,
    id: &str,
    report: &mut impl FnMut(Vec<Step>, Diagnostic),
) -> bool {
    let mut missing = false;
    for field in schema.fields.iter().filter(|f| f.required) {
        if !map.contains_key(field.name.as_str()) {
            missing = true;
            report(
                vec![Step::Index(i), Step::Key("id".into())],
                Diagnostic::error(format!(
                    "the entry `{id}` has no `{}`, which is required",
                    field.name
                ))
                .with_hint(format!("add `{}: …` to it", field.name)),
            );
        }
    }
    missing
}

/// Adds a checked entry to the collection, or keeps it out when a value is wrong.
fn add_entry(collection: &mut Collection, entry: DataEntry, has_errors: bool) {
    // An entry with a wrong value would show a hole wherever a template expects the value:
    // it is kept out, and nothing else is reported about it.
    if has_errors {
        collection.excluded.push(entry);
        return;
    }
    collection
        .index
        .insert(entry.id.clone(), collection.entries.len());
    collection.entries.push(entry);
}

/// An entry's map and its id, or why it has none (at a path under the entry).
fn entry_id(item: &Yaml) -> Result<(&serde_yaml::Mapping, String), (Vec<Step>, Diagnostic)> {
    let Yaml::Mapping(map) = item else {
        return Err((
            Vec::new(),
            Diagnostic::error("an entry must be a map with an `id`").with_hint(
                "write each entry as `- id: …` followed by its fields, indented under it",
            ),
        ));
    };
    match map.get("id") {
        Some(Yaml::String(id)) if is_valid_id(id) => Ok((map, id.clone())),
        Some(other) => {
            let message = match other {
                Yaml::String(id) => format!("`{id}` is not a valid id"),
                other => format!("an id must be text, not {}", describe(other)),
            };
            Err((
                vec![Step::Key("id".into())],
                Diagnostic::error(message)
                    .with_hint("use lower-case letters, digits, `-` and `_`, e.g. `trainium2`"),
            ))
        }
        None => Err((
            Vec::new(),
            Diagnostic::error("this entry has no `id`").with_hint("add `id: …` as its first key"),
        )),
    }
}

/// Ids are used in URLs and anchors.
fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.'
        })
}
