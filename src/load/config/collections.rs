//! site.yaml `collections` and `series`: data entries with a schema, and their fields.

use serde::{Deserialize, Serialize};

use super::Translatable;

/// A collection of data entries with a schema, and optionally a page per entry.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CollectionConfig {
    /// Its name: the data file `content/data/<name>.yaml` and the key in `@/data/<name>/<id>`.
    pub name: String,
    /// The template of each entry's page.
    #[serde(default)]
    pub template: Option<String>,
    /// Per language, the path of an entry's page relative to base_url, with `{id}`.
    #[serde(default)]
    pub paths: std::collections::BTreeMap<String, String>,
    /// The field used as each entry's title (default: `name` if the schema has it, else the id).
    #[serde(default)]
    pub title_field: Option<String>,
    /// The fields an entry may have, besides `id`.
    #[serde(default)]
    pub fields: Vec<FieldConfig>,
    /// The collection's name (one text, or one per language), for headings, menus and its
    /// index page.
    #[serde(default)]
    pub label: Translatable,
    /// The field whose text describes each entry in a sentence (cards, meta descriptions).
    #[serde(default)]
    pub description_field: Option<String>,
    /// Per language, the path of a page listing every entry (none if empty).
    #[serde(default)]
    pub index_paths: std::collections::BTreeMap<String, String>,
    /// The template of the index page.
    #[serde(default = "collection_template")]
    pub index_template: String,
    /// For a series (site.yaml `series`): the field on its x axis. Series have no ids of their
    /// own and no pages; charts draw them over this field.
    #[serde(skip)]
    pub series_x: Option<String>,
}

/// A series (site.yaml `series`): each row an x value and numbers, e.g. a date and amounts.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SeriesConfig {
    /// Its name: the data file `content/data/<name>.csv` (or `.yaml`).
    pub name: String,
    /// Its name for readers (one text, or one per language).
    #[serde(default)]
    pub label: Translatable,
    /// The field on the x axis: a `date`, `number` or `integer` field.
    pub x: FieldConfig,
    /// The other fields of each row (the numbers charts draw).
    pub fields: Vec<FieldConfig>,
}

impl SeriesConfig {
    /// The series as a collection without pages: its x field first, named `series_x`.
    pub fn as_collection(&self) -> CollectionConfig {
        let mut fields = vec![self.x.clone()];
        fields.extend(self.fields.iter().cloned());
        CollectionConfig {
            name: self.name.clone(),
            template: None,
            paths: Default::default(),
            title_field: Some(self.x.name.clone()),
            fields,
            label: self.label.clone(),
            description_field: None,
            index_paths: Default::default(),
            index_template: collection_template(),
            series_x: Some(self.x.name.clone()),
        }
    }
}

impl CollectionConfig {
    /// Its name in a language: the label, else the name as declared.
    pub fn title(&self, lang: &str) -> &str {
        self.label.get(lang).unwrap_or(&self.name)
    }
}

impl FieldConfig {
    /// Its name in a language: the label, else the field's name.
    pub fn title(&self, lang: &str) -> &str {
        self.label.get(lang).unwrap_or(&self.name)
    }

    /// Its unit in a language, if it has one.
    pub fn unit(&self, lang: &str) -> Option<&str> {
        self.unit.as_ref().and_then(|unit| unit.get(lang))
    }
}

/// What the entries of a collection render with when it names no `template`.
pub const DEFAULT_ENTRY_TEMPLATE: &str = "entry.html";

fn collection_template() -> String {
    "collection.html".to_string()
}

/// One field of a collection's schema.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FieldConfig {
    /// The key in each entry.
    pub name: String,
    /// What values it takes.
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// Whether every entry must have it.
    #[serde(default)]
    pub required: bool,
    /// For `string` fields: the allowed values.
    #[serde(default, rename = "enum")]
    pub allowed: Option<Vec<String>>,
    /// For `number` fields: the unit (one text, or one per language), shown in tables and charts.
    #[serde(default)]
    pub unit: Option<Translatable>,
    /// For `number` and `integer` fields: the smallest value allowed (`min: 0` for a quantity).
    #[serde(default)]
    pub min: Option<f64>,
    /// For `number` and `integer` fields: the largest value allowed.
    #[serde(default)]
    pub max: Option<f64>,
    /// For `ref` and `refs` fields: the collection the ids belong to.
    #[serde(default)]
    pub collection: Option<String>,
    /// A label (one text, or one per language), for tables, charts and entry pages.
    #[serde(default)]
    pub label: Translatable,
}

/// The type of a collection field.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// A plain string.
    String,
    /// A translatable string.
    Text,
    /// A translatable list of strings.
    TextList,
    /// Translatable Markdown, rendered to HTML.
    Markdown,
    /// A whole number.
    Integer,
    /// A number, with an optional unit.
    Number,
    /// true or false.
    Bool,
    /// `2024`, `2024-03` or `2024-03-27`.
    Date,
    /// An http(s) URL.
    Url,
    /// A list of strings.
    List,
    /// The id of an entry of another collection.
    Ref,
    /// A list of ids of entries of another collection.
    Refs,
}
