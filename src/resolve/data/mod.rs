//! Data collections: checks every data file against its schema and every ref against the ids that
//! exist, and turns the YAML into typed entries.
//!
//! Problems are gathered with the path of the offending value, then located in the file with
//! [`locate`](crate::diagnostic::locate::locate), so every one is reported at once, each at its
//! own line and column.
//!
//! This module holds the checked model (collections, entries, values); the checks live beside
//! it: `schemas` builds every collection's schema, `check` and `fields` check the data files
//! against them, `refs` checks the ids they name, `site_schema` checks the schemas declared in
//! site.yaml, and `date` parses partial dates.

use std::collections::{BTreeMap, HashMap};

use crate::diagnostic::SourceFile;
use crate::load::config::{CollectionConfig, FieldConfig};

mod check;
mod date;
mod fields;
mod refs;
mod schemas;
mod site_schema;

pub use check::check_data;
pub use date::PartialDate;
pub(crate) use fields::FieldErrors;
pub use schemas::schemas;
pub use site_schema::check_schemas;

/// The built-in collection of sources cited with `cite()`.
pub const SOURCES: &str = "sources";
/// The built-in collection of timeline events.
pub const TIMELINE: &str = "timeline";
/// The built-in collection of glossary terms.
pub const GLOSSARY: &str = "glossary";

/// A checked field value.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// `string` and `url`.
    String(String),
    /// `text` and `markdown`: one text per language.
    Text(BTreeMap<String, String>),
    /// `text_list`: one list per language.
    TextList(BTreeMap<String, Vec<String>>),
    /// `integer`.
    Integer(i64),
    /// `number`.
    Number(f64),
    /// `bool`.
    Bool(bool),
    /// `date`.
    Date(PartialDate),
    /// `list`.
    List(Vec<String>),
    /// `ref`.
    Ref(String),
    /// `refs`.
    Refs(Vec<String>),
}

/// One checked entry of a collection.
#[derive(Debug, Clone)]
pub struct DataEntry {
    /// Its id.
    pub id: String,
    /// Its fields, by name.
    pub fields: BTreeMap<String, FieldValue>,
    /// Its position in the data file's list, to locate its values.
    pub position: usize,
}

impl DataEntry {
    /// The ids of a `ref` or `refs` field.
    pub fn refs(&self, field: &str) -> &[String] {
        match self.fields.get(field) {
            Some(FieldValue::Ref(id)) => std::slice::from_ref(id),
            Some(FieldValue::Refs(ids)) => ids,
            _ => &[],
        }
    }

    /// A `text` field in a language.
    pub fn text(&self, field: &str, lang: &str) -> Option<&str> {
        match self.fields.get(field) {
            Some(FieldValue::Text(texts)) => texts.get(lang).map(String::as_str),
            Some(FieldValue::String(text)) => Some(text),
            _ => None,
        }
    }
}

/// A checked collection.
#[derive(Debug, Clone)]
pub struct Collection {
    /// Its configuration (built-in collections have a built-in one).
    pub config: CollectionConfig,
    /// Its entries, in file order.
    pub entries: Vec<DataEntry>,
    /// Id to position in `entries`.
    pub index: HashMap<String, usize>,
    /// The data file.
    pub source: SourceFile,
    /// Entries with a mistake in a value (reported): kept out of every page and list, but refs to
    /// them are not reported again, and their Markdown is still checked.
    pub excluded: Vec<DataEntry>,
    /// Whether some ids are unknown because of a mistake (reported): the data file could not be
    /// read or parsed, is not a list, or has an entry without a valid id. Any id is then taken as
    /// known, since what names its entries cannot be checked until that mistake is fixed.
    pub broken: bool,
}

impl Collection {
    /// Whether `id` names an entry, or may have named one had its file or entry no mistake: a
    /// ref to it is no mistake of its own.
    pub fn knows(&self, id: &str) -> bool {
        self.broken || self.index.contains_key(id) || self.excluded.iter().any(|e| e.id == id)
    }

    /// Every id, in file order: a stable order for "did you mean" hints, which weigh only the
    /// first candidates.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        let excluded = self.excluded.iter();
        self.entries
            .iter()
            .chain(excluded)
            .map(|entry| entry.id.as_str())
    }

    /// The entry with an id.
    pub fn get(&self, id: &str) -> Option<&DataEntry> {
        self.index.get(id).map(|&i| &self.entries[i])
    }

    /// An entry's title in a language: the title field, else the id.
    pub fn title(&self, entry: &DataEntry, lang: &str) -> String {
        let field = self.config.title_field.as_deref().unwrap_or("name");
        entry
            .text(field, lang)
            .or_else(|| entry.text("term", lang))
            .or_else(|| entry.text("title", lang))
            .unwrap_or(&entry.id)
            .to_string()
    }

    /// The field's schema.
    pub fn field(&self, name: &str) -> Option<&FieldConfig> {
        self.config.fields.iter().find(|f| f.name == name)
    }

    /// The page path of an entry in a language, if the collection has pages there.
    pub fn entry_path(&self, id: &str, lang: &str) -> Option<String> {
        let pattern = self.config.paths.get(lang)?;
        Some(pattern.trim_start_matches('/').replace("{id}", id))
    }
}

/// All checked collections, by name.
pub type DataSet = BTreeMap<String, Collection>;
#[cfg(test)]
mod tests;
