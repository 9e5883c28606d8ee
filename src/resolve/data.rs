//! Data collections: checks every data file against its schema and every ref against the ids that
//! exist, and turns the YAML into typed entries.
//!
//! Problems are gathered with the path of the offending value, then located in the file with
//! [`locate`], so every one is reported at once, each at its own line and column.

use std::collections::{BTreeMap, HashMap};

use serde_yaml::Value as Yaml;

use crate::diagnostic::locate::{Step, locate};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::{CheckLevel, CollectionConfig, FieldConfig, FieldType, SiteConfig};
use crate::load::data::DataFiles;
use crate::markdown::safe_url::UrlUse;
use crate::resolve::numbers;

/// The built-in collection of sources cited with `cite()`.
pub const SOURCES: &str = "sources";
/// The built-in collection of timeline events.
pub const TIMELINE: &str = "timeline";
/// The built-in collection of glossary terms.
pub const GLOSSARY: &str = "glossary";

/// A date as precise as it is known: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    /// `2024`.
    Year(i16),
    /// `2024-03`.
    Month(i16, i8),
    /// `2024-03-27`.
    Day(jiff::civil::Date),
}

impl PartialDate {
    /// Parses `2024`, `2024-03` or `2024-03-27`, strictly.
    pub fn parse(text: &str) -> Result<Self, String> {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = text.split('-').collect();
        match parts.as_slice() {
            [year] if digits(year, 4) => Ok(Self::Year(year.parse().map_err(|_| bad_date(text))?)),
            [year, month] if digits(year, 4) && digits(month, 2) => {
                let month: i8 = month.parse().map_err(|_| bad_date(text))?;
                if !(1..=12).contains(&month) {
                    return Err(format!(
                        "`{text}` has no month {month}: months go from 01 to 12"
                    ));
                }
                Ok(Self::Month(
                    year.parse().map_err(|_| bad_date(text))?,
                    month,
                ))
            }
            [_, _, _] => crate::load::front_matter::parse_date(text).map(|d| Self::Day(d.0)),
            _ => Err(bad_date(text)),
        }
    }

    /// The first day of the period, for sorting and feeds.
    pub fn start(&self) -> jiff::civil::Date {
        match *self {
            Self::Year(year) => jiff::civil::Date::new(year, 1, 1).unwrap_or_default(),
            Self::Month(year, month) => jiff::civil::Date::new(year, month, 1).unwrap_or_default(),
            Self::Day(date) => date,
        }
    }

    /// The year.
    pub fn year(&self) -> i16 {
        self.start().year()
    }
}

/// Dates sort by the day they start on; a vaguer date comes before a precise one on the same day.
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let rank = |d: &Self| match d {
            Self::Year(_) => 0,
            Self::Month(..) => 1,
            Self::Day(_) => 2,
        };
        self.start()
            .cmp(&other.start())
            .then(rank(self).cmp(&rank(other)))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Year(year) => write!(f, "{year:04}"),
            Self::Month(year, month) => write!(f, "{year:04}-{month:02}"),
            Self::Day(date) => write!(f, "{date}"),
        }
    }
}

fn bad_date(text: &str) -> String {
    format!("`{text}` is not a date: write `2024`, `2024-03` or `2024-03-27`")
}

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

/// A problem waiting to be located: the collection, the path of the value, and the diagnostic.
struct Pending {
    collection: String,
    path: Vec<Step>,
    diagnostic: Diagnostic,
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

/// The schemas of every collection: those in site.yaml, then the built-in ones.
pub fn schemas(config: &SiteConfig) -> Vec<CollectionConfig> {
    let mut all = config.collections.clone();
    let declared: Vec<String> = all.iter().map(|c| c.name.clone()).collect();
    let field = |name: &str, kind: FieldType, required: bool| FieldConfig {
        name: name.to_string(),
        kind,
        required,
        allowed: None,
        unit: None,
        min: None,
        max: None,
        collection: None,
        label: Default::default(),
    };
    let refs = |name: &str, collection: &str| FieldConfig {
        collection: Some(collection.to_string()),
        ..field(name, FieldType::Refs, false)
    };
    let builtin = |name: &str, fields: Vec<FieldConfig>| CollectionConfig {
        name: name.to_string(),
        template: None,
        paths: BTreeMap::new(),
        title_field: Some("title".to_string()),
        fields,
        label: Default::default(),
        description_field: None,
        index_paths: BTreeMap::new(),
        index_template: String::new(),
        series_x: None,
    };
    if !declared.iter().any(|n| n == SOURCES) {
        all.push(builtin(
            SOURCES,
            vec![
                field("title", FieldType::Text, true),
                field("publisher", FieldType::String, false),
                field("url", FieldType::Url, true),
                field("date", FieldType::Date, false),
                FieldConfig {
                    allowed: Some(vec!["high".into(), "medium".into(), "low".into()]),
                    ..field("reliability", FieldType::String, false)
                },
                field("note", FieldType::Text, false),
            ],
        ));
    }
    let mut timeline_fields = vec![
        field("date", FieldType::Date, true),
        field("title", FieldType::Text, true),
        field("summary", FieldType::Markdown, false),
        FieldConfig {
            allowed: config
                .timeline
                .as_ref()
                .filter(|t| !t.categories.is_empty())
                .map(|t| t.categories.iter().map(|c| c.id.clone()).collect()),
            ..field("category", FieldType::String, false)
        },
        field("pages", FieldType::List, false),
        refs("sources", SOURCES),
    ];
    timeline_fields.extend(declared.iter().map(|name| refs(name, name)));
    all.push(builtin(TIMELINE, timeline_fields));
    let mut glossary = builtin(
        GLOSSARY,
        vec![
            field("term", FieldType::Text, true),
            field("aliases", FieldType::TextList, false),
            field("definition", FieldType::Markdown, true),
            refs("see_also", GLOSSARY),
            field("autolink", FieldType::Bool, false),
            field("case_sensitive", FieldType::Bool, false),
            refs("sources", SOURCES),
        ],
    );
    glossary.title_field = Some("term".to_string());
    all.push(glossary);
    all.extend(config.series.iter().map(|s| s.as_collection()));
    all
}

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
        let first = collection
            .index
            .get(&id)
            .map(|&at| collection.entries[at].position)
            .or_else(|| {
                let excluded = collection.excluded.iter().find(|e| e.id == id);
                excluded.map(|e| e.position)
            });
        if let Some(first) = first {
            let first_line = locate(source, &[Step::Index(first), Step::Key("id".into())])
                .map_or(0, |span| source.line_col(span.start).0);
            report(
                vec![Step::Index(i), Step::Key("id".into())],
                Diagnostic::error(format!("duplicate id `{id}`"))
                    .with_note(format!("`{id}` is first used on line {first_line}"))
                    .with_hint("give each entry its own id"),
            );
            continue;
        }
        let mut fields = BTreeMap::new();
        let mut has_errors = false;
        for (key, field_value) in map {
            let key = match key {
                Yaml::String(key) => key.as_str(),
                other => {
                    report(
                        vec![Step::Index(i)],
                        Diagnostic::error(format!("a key must be text, not {}", describe(other)))
                            .with_hint("write the field's name as the key, e.g. `name: …`"),
                    );
                    continue;
                }
            };
            if key == "id" {
                continue;
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
                continue;
            };
            let path = vec![Step::Index(i), Step::Key(key.to_string())];
            let mut warnings = FieldErrors::new();
            let checked = check_field(field, field_value, &languages, &path, &mut warnings);
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
        for field in schema.fields.iter().filter(|f| f.required) {
            if !map.contains_key(field.name.as_str()) {
                has_errors = true;
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
        let entry = DataEntry {
            id,
            fields,
            position: i,
        };
        // An entry with a wrong value would show a hole wherever a template expects the value:
        // it is kept out, and nothing else is reported about it.
        if has_errors {
            collection.excluded.push(entry);
            continue;
        }
        collection
            .index
            .insert(entry.id.clone(), collection.entries.len());
        collection.entries.push(entry);
    }
    collection
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

/// A value's kind and text, for messages.
fn describe(value: &Yaml) -> String {
    match value {
        Yaml::Null => "an empty value".to_string(),
        Yaml::Bool(b) => format!("the boolean `{b}`"),
        Yaml::Number(n) => format!("the number `{n}`"),
        Yaml::String(s) => format!("the text `{s}`"),
        Yaml::Sequence(_) => "a list".to_string(),
        Yaml::Mapping(_) => "a map".to_string(),
        Yaml::Tagged(_) => "a tagged value".to_string(),
    }
}

/// Problems with one field's value, each with the path of the value it is about.
pub(crate) type FieldErrors = Vec<(Vec<Step>, Diagnostic)>;

fn type_error(field: &FieldConfig, value: &Yaml, path: &[Step], expected: &str) -> FieldErrors {
    let name = &field.name;
    let hint = match expected {
        "text" => format!("write the text after `{name}:`; quote it if it holds `: `"),
        "a URL" => "write the full address, starting with `https://`".to_string(),
        "a whole number" => format!("write digits only, e.g. `{name}: 2024`"),
        "a number (without its unit)" => {
            "write the number alone: its unit is the field's `unit` in site.yaml".to_string()
        }
        "`true` or `false`" => format!("write `{name}: true` or `{name}: false`"),
        "a date" => "write `2024`, `2024-03` or `2024-03-27`".to_string(),
        "a list of texts" | "a list of ids" => format!("write a list: `{name}: [a, b]`"),
        "an id" => format!("write one id, e.g. `{name}: some-id`"),
        _ => format!("write one text, or one per language: `{name}: {{it: …, en: …}}`"),
    };
    vec![(
        path.to_vec(),
        Diagnostic::error(format!(
            "`{}` must be {expected}, not {}",
            field.name,
            describe(value)
        ))
        .with_hint(hint),
    )]
}

/// The site's languages (the default one first) and how a translatable value missing one of
/// them is reported (`translations.data` in site.yaml).
struct Translating<'a> {
    languages: &'a [&'a str],
    level: CheckLevel,
}

/// A field's value, typed; problems that do not stop the value (a translation that falls back
/// to the default language's) go to `warnings`.
fn check_field(
    field: &FieldConfig,
    value: &Yaml,
    languages: &Translating<'_>,
    path: &[Step],
    warnings: &mut FieldErrors,
) -> Result<Option<FieldValue>, FieldErrors> {
    if matches!(value, Yaml::Null) && !field.required {
        return Ok(None);
    }
    let value = match field.kind {
        FieldType::String => {
            let text = scalar_text(value).ok_or_else(|| type_error(field, value, path, "text"))?;
            if let Some(allowed) = &field.allowed
                && !allowed.contains(&text)
            {
                let hint = crate::suggest::did_you_mean(&text, allowed.iter().map(String::as_str))
                    .unwrap_or_else(|| {
                        let list: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
                        format!("use one of {}", list.join(", "))
                    });
                return Err(vec![(
                    path.to_vec(),
                    Diagnostic::error(format!(
                        "`{text}` is not an allowed value of `{}`",
                        field.name
                    ))
                    .with_hint(hint),
                )]);
            }
            FieldValue::String(text)
        }
        FieldType::Url => {
            let text = scalar_text(value).ok_or_else(|| type_error(field, value, path, "a URL"))?;
            if let Err(danger) = crate::markdown::safe_url::check(&text, UrlUse::Link) {
                return Err(vec![(
                    path.to_vec(),
                    Diagnostic::error(danger.to_string()).with_hint(danger.hint()),
                )]);
            }
            if !(text.starts_with("https://") || text.starts_with("http://")) {
                return Err(vec![(
                    path.to_vec(),
                    Diagnostic::error(format!("`{text}` is not a URL"))
                        .with_hint("write the full address, starting with `https://`"),
                )]);
            }
            FieldValue::String(text)
        }
        FieldType::Text | FieldType::Markdown => FieldValue::Text(translated(
            field,
            value,
            languages,
            path,
            scalar_text,
            warnings,
        )?),
        FieldType::TextList => FieldValue::TextList(translated(
            field,
            value,
            languages,
            path,
            string_list,
            warnings,
        )?),
        FieldType::Integer => match value {
            Yaml::Number(n) if n.as_i64().is_some() => {
                let whole = n.as_i64().unwrap_or_default();
                // Whole numbers of a schema are far below 2^53, where f64 stops being exact.
                numbers::check_range(field, whole as f64, &n.to_string(), path)?;
                FieldValue::Integer(whole)
            }
            _ => return Err(type_error(field, value, path, "a whole number")),
        },
        FieldType::Number => match value {
            Yaml::Number(n) => {
                let number = n.as_f64().unwrap_or(f64::NAN);
                numbers::check_finite(field, number, &n.to_string(), path)?;
                numbers::check_range(field, number, &n.to_string(), path)?;
                FieldValue::Number(number)
            }
            _ => {
                return Err(type_error(
                    field,
                    value,
                    path,
                    "a number (without its unit)",
                ));
            }
        },
        FieldType::Bool => match value {
            Yaml::Bool(b) => FieldValue::Bool(*b),
            _ => return Err(type_error(field, value, path, "`true` or `false`")),
        },
        FieldType::Date => {
            let text =
                scalar_text(value).ok_or_else(|| type_error(field, value, path, "a date"))?;
            FieldValue::Date(PartialDate::parse(&text).map_err(|message| {
                let hint = crate::load::front_matter::date_hint(&text)
                    .replace("YYYY-MM-DD", "YYYY, YYYY-MM or YYYY-MM-DD");
                vec![(path.to_vec(), Diagnostic::error(message).with_hint(hint))]
            })?)
        }
        FieldType::List => FieldValue::List(
            string_list(value).ok_or_else(|| type_error(field, value, path, "a list of texts"))?,
        ),
        FieldType::Ref => FieldValue::Ref(
            scalar_text(value).ok_or_else(|| type_error(field, value, path, "an id"))?,
        ),
        FieldType::Refs => FieldValue::Refs(
            string_list(value).ok_or_else(|| type_error(field, value, path, "a list of ids"))?,
        ),
    };
    Ok(Some(value))
}

fn scalar_text(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) => Some(s.clone()),
        Yaml::Number(n) => Some(n.to_string()),
        Yaml::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn string_list(value: &Yaml) -> Option<Vec<String>> {
    match value {
        Yaml::Sequence(items) => items.iter().map(scalar_text).collect(),
        _ => None,
    }
}

/// A translatable value: the same for every language, or a map with one entry per language. A
/// map that lacks a language but has the default one's falls back to it unless
/// `translations.data` is `error`.
fn translated<T: Clone>(
    field: &FieldConfig,
    value: &Yaml,
    translating: &Translating<'_>,
    path: &[Step],
    parse: impl Fn(&Yaml) -> Option<T>,
    warnings: &mut FieldErrors,
) -> Result<BTreeMap<String, T>, FieldErrors> {
    let languages = translating.languages;
    if let Some(single) = parse(value) {
        return Ok(languages
            .iter()
            .map(|l| ((*l).to_string(), single.clone()))
            .collect());
    }
    let Yaml::Mapping(map) = value else {
        return Err(type_error(
            field,
            value,
            path,
            "text, or a map with one text per language",
        ));
    };
    let mut texts = BTreeMap::new();
    let mut errors = Vec::new();
    for (key, text) in map {
        let lang = scalar_text(key).unwrap_or_default();
        let mut text_path = path.to_vec();
        text_path.push(Step::Key(lang.clone()));
        if !languages.contains(&lang.as_str()) {
            let hint = crate::suggest::did_you_mean(&lang, languages.iter().copied())
                .unwrap_or_else(|| format!("the site's languages are {}", languages.join(", ")));
            let mut key_path = path.to_vec();
            key_path.push(Step::KeyName(lang.clone()));
            errors.push((
                key_path,
                Diagnostic::error(format!("`{lang}` is not a language of the site"))
                    .with_hint(hint),
            ));
            continue;
        }
        match parse(text) {
            Some(parsed) => {
                texts.insert(lang, parsed);
            }
            None => errors.extend(type_error(field, text, &text_path, "text")),
        }
    }
    let default = languages.first().copied().unwrap_or_default();
    let fallback = texts.get(default).cloned();
    for lang in languages {
        if texts.contains_key(*lang) || !errors.is_empty() {
            continue;
        }
        let message = format!("`{}` is missing its `{lang}` translation", field.name);
        match (&fallback, translating.level) {
            (Some(text), level) if level != CheckLevel::Error => {
                if level == CheckLevel::Warn {
                    warnings.push((
                        path.to_vec(),
                        Diagnostic::warning(message).with_hint(format!(
                            "add `{lang}: …` to the map; meanwhile `{lang}` pages show the `{default}` text"
                        )),
                    ));
                }
                texts.insert((*lang).to_string(), text.clone());
            }
            _ => errors.push((
                path.to_vec(),
                Diagnostic::error(message).with_hint(format!("add `{lang}: …` to the map")),
            )),
        }
    }
    if errors.is_empty() {
        Ok(texts)
    } else {
        Err(errors)
    }
}

/// Every `ref`/`refs` value must name an entry of its collection; the entries kept out for a
/// mistake are checked too, for mistakes of their own.
fn check_refs(set: &DataSet, pending: &mut Vec<Pending>) {
    for (name, collection) in set {
        for entry in collection.entries.iter().chain(&collection.excluded) {
            for field in collection
                .config
                .fields
                .iter()
                .filter(|f| matches!(f.kind, FieldType::Ref | FieldType::Refs))
            {
                let target_name = field.collection.as_deref().unwrap_or_default();
                // A field naming no collection is reported in site.yaml, not at each ref.
                let Some(target) = set.get(target_name) else {
                    continue;
                };
                for (n, id) in entry.refs(&field.name).iter().enumerate() {
                    if target.knows(id) {
                        continue;
                    }
                    let mut path = vec![Step::Index(entry.position), Step::Key(field.name.clone())];
                    if field.kind == FieldType::Refs {
                        path.push(Step::Index(n));
                    }
                    let hint =
                        crate::suggest::did_you_mean(id, target.ids()).unwrap_or_else(|| {
                            format!(
                                "the ids of `{target_name}` are in content/data/{target_name}.yaml"
                            )
                        });
                    pending.push(Pending {
                        collection: name.clone(),
                        path,
                        diagnostic: Diagnostic::error(format!(
                            "no `{target_name}` entry has the id `{id}`"
                        ))
                        .with_hint(hint),
                    });
                }
            }
        }
    }
}

/// Checks the schema itself: refs name collections that exist, paths have `{id}`, templates are named.
pub fn check_schemas(config: &SiteConfig, source: &SourceFile) -> Vec<Diagnostic> {
    let names: Vec<String> = schemas(config).into_iter().map(|c| c.name).collect();
    let mut problems = Vec::new();
    for (c, collection) in config.collections.iter().enumerate() {
        // Located by their path in site.yaml: a search for the text would find the first `name`.
        let at = |more: &[Step]| {
            let mut steps = vec![Step::Key("collections".into()), Step::Index(c)];
            steps.extend_from_slice(more);
            locate(source, &steps).unwrap_or(0..0)
        };
        problems.extend(check_field_refs(collection, &names, &at, source));
        for (lang, path) in &collection.paths {
            if !path.contains("{id}") {
                problems.push(
                    Diagnostic::error(format!(
                        "the `{lang}` path of `{}` has no `{{id}}`",
                        collection.name
                    ))
                    .at(
                        source,
                        at(&[Step::Key("paths".into()), Step::Key(lang.clone())]),
                    )
                    .with_hint("every entry needs its own URL, e.g. `chips/{id}/`"),
                );
            }
        }
        if let Some(title_field) = &collection.title_field
            && !collection.fields.iter().any(|f| &f.name == title_field)
        {
            let path = [
                Step::Key("collections".into()),
                Step::Index(index_of(config, &collection.name)),
                Step::Key("title_field".into()),
            ];
            problems.push(
                Diagnostic::error(format!(
                    "the collection `{}` has no field `{title_field}` to take titles from",
                    collection.name
                ))
                .at(source, locate(source, &path).unwrap_or(0..0))
                .with_hint(field_hint(title_field, collection)),
            );
        }
        if let Some(field) = &collection.description_field
            && !collection.fields.iter().any(|f| &f.name == field)
        {
            let path = [
                Step::Key("collections".into()),
                Step::Index(index_of(config, &collection.name)),
                Step::Key("description_field".into()),
            ];
            problems.push(
                Diagnostic::error(format!(
                    "the collection `{}` has no field `{field}` to take descriptions from",
                    collection.name
                ))
                .at(source, locate(source, &path).unwrap_or(0..0))
                .with_hint(field_hint(field, collection)),
            );
        }
    }
    problems.extend(check_category_labels(config, source));
    problems.extend(numbers::check_bounds(config, source));
    problems
}

/// Every `ref` and `refs` field of a collection names a collection that exists; `at` locates a
/// path under the collection in site.yaml.
fn check_field_refs(
    collection: &CollectionConfig,
    names: &[String],
    at: &dyn Fn(&[Step]) -> std::ops::Range<usize>,
    source: &SourceFile,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (f, field) in collection.fields.iter().enumerate() {
        let in_field = |key: &str| {
            at(&[
                Step::Key("fields".into()),
                Step::Index(f),
                Step::Key(key.into()),
            ])
        };
        let needs = matches!(field.kind, FieldType::Ref | FieldType::Refs);
        match (&field.collection, needs) {
            (None, true) => problems.push(
                Diagnostic::error(format!(
                    "the field `{}` is a ref but names no collection",
                    field.name
                ))
                .at(source, in_field("name"))
                .with_hint("add `collection: <name>`"),
            ),
            (Some(target), true) if !names.contains(target) => problems.push(
                Diagnostic::error(format!("no collection is called `{target}`"))
                    .at(source, in_field("collection"))
                    .with_hint(
                        crate::suggest::did_you_mean(target, names.iter().map(String::as_str))
                            .unwrap_or_else(|| format!("the collections are {}", names.join(", "))),
                    ),
            ),
            _ => {}
        }
    }
    problems
}

/// The nearest field of a collection to `wrong`, else its fields.
fn field_hint(wrong: &str, collection: &CollectionConfig) -> String {
    let names = collection.fields.iter().map(|f| f.name.as_str());
    crate::suggest::did_you_mean(wrong, names.clone()).unwrap_or_else(|| {
        let list: Vec<String> = names.map(|n| format!("`{n}`")).collect();
        format!(
            "the fields of `{}` are {}",
            collection.name,
            list.join(", ")
        )
    })
}

/// The position of a declared collection in site.yaml's `collections`.
fn index_of(config: &SiteConfig, name: &str) -> usize {
    config
        .collections
        .iter()
        .position(|c| c.name == name)
        .unwrap_or_default()
}

/// Every timeline category needs a label in every language of the site.
fn check_category_labels(config: &SiteConfig, source: &SourceFile) -> Vec<Diagnostic> {
    let Some(timeline) = &config.timeline else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for (index, category) in timeline.categories.iter().enumerate() {
        for lang in config.language_codes() {
            if category.label.has(lang) {
                continue;
            }
            let path = [
                Step::Key("timeline".into()),
                Step::Key("categories".into()),
                Step::Index(index),
                Step::Key("label".into()),
            ];
            problems.push(
                Diagnostic::error(format!(
                    "the category `{}` has no label in `{lang}` (missing translation `{lang}`)",
                    category.id
                ))
                .at(source, locate(source, &path).unwrap_or(0..0))
                .with_hint(format!("add `{lang}: …` to its `label`")),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::config::parse_config;
    use crate::load::data::DataFile;

    const CONFIG: &str = "title: T\nbase_url: https://e.org/\ndefault_language: it\nlanguages: [{code: it}, {code: en}]\ncollections:\n  - name: companies\n    fields:\n      - {name: name, type: text, required: true}\n      - {name: kind, type: string, enum: [cloud, lab]}\n  - name: chips\n    fields:\n      - {name: name, type: text, required: true}\n      - {name: vendor, type: ref, collection: companies, required: true}\n      - {name: bandwidth, type: number, unit: TB/s}\n";

    fn check(companies: &str, chips: &str) -> Result<DataSet, Vec<Diagnostic>> {
        let config =
            parse_config(&SourceFile::new("site.yaml", CONFIG)).expect("valid test config");
        let mut files = DataFiles::new();
        for (name, text) in [("companies", companies), ("chips", chips)] {
            let source = SourceFile::new(format!("content/data/{name}.yaml"), text);
            let value = serde_yaml::from_str(text).expect("valid test YAML");
            files.insert(
                name.to_string(),
                DataFile {
                    source,
                    value,
                    table: None,
                    broken: false,
                },
            );
        }
        let source = SourceFile::new("site.yaml", CONFIG);
        let (set, problems) = check_data(&config, &source, &files);
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(problems)
        }
    }

    fn summary(errors: &[Diagnostic]) -> Vec<(String, usize, usize, String)> {
        errors
            .iter()
            .map(|e| {
                let (file, line, column) = e.position();
                let file = file.map(|f| f.display().to_string()).unwrap_or_default();
                (file, line, column, e.message.clone())
            })
            .collect()
    }

    #[test]
    fn good_data_is_typed() {
        let set = check(
            "- id: nvidia\n  name: Nvidia\n",
            "- id: h100\n  name: {it: H100, en: H100}\n  vendor: nvidia\n  bandwidth: 3.35\n",
        )
        .expect("valid data");
        let chip = set["chips"].get("h100").expect("h100 exists");
        assert_eq!(chip.refs("vendor"), ["nvidia".to_string()]);
        assert_eq!(
            chip.fields.get("bandwidth"),
            Some(&FieldValue::Number(3.35))
        );
        assert_eq!(chip.text("name", "en"), Some("H100"));
    }

    #[test]
    fn every_error_is_reported_at_its_value() {
        let companies = "- id: nvidia\n  name: Nvidia\n  kind: clod\n- id: nvidia\n  name: Again\n";
        let chips = "- id: h100\n  name: {it: H100}\n  vendor: nvida\n  bandwith: 3\n- id: tpu\n  vendor: nvidia\n  name: TPU\n  bandwidth: fast\n";
        let errors = check(companies, chips).err().unwrap_or_default();
        let found = summary(&errors);
        let expect = [
            (
                "content/data/companies.yaml",
                3,
                9,
                "`clod` is not an allowed value of `kind`",
            ),
            ("content/data/companies.yaml", 4, 7, "duplicate id `nvidia`"),
            (
                "content/data/chips.yaml",
                2,
                9,
                "`name` is missing its `en` translation",
            ),
            (
                "content/data/chips.yaml",
                4,
                3,
                "unknown field `bandwith` in `chips`",
            ),
            (
                "content/data/chips.yaml",
                8,
                14,
                "`bandwidth` must be a number (without its unit), not the text `fast`",
            ),
            (
                "content/data/chips.yaml",
                3,
                11,
                "no `companies` entry has the id `nvida`",
            ),
        ];
        for (file, line, column, message) in expect {
            assert!(
                found
                    .iter()
                    .any(|f| f.0 == file && f.1 == line && f.2 == column && f.3 == message),
                "missing {file}:{line}:{column} {message} in {found:#?}"
            );
        }
        let hint = errors
            .iter()
            .find(|e| e.message.contains("nvida"))
            .and_then(|e| e.hint.clone());
        assert_eq!(hint.as_deref(), Some("did you mean `nvidia`?"));
        assert_eq!(errors.len(), expect.len(), "{found:#?}");
    }

    #[test]
    fn partial_dates_parse_strictly() {
        assert_eq!(
            PartialDate::parse("2024").map(|d| d.to_string()),
            Ok("2024".to_string())
        );
        assert_eq!(
            PartialDate::parse("2024-03").map(|d| d.to_string()),
            Ok("2024-03".to_string())
        );
        assert!(PartialDate::parse("2024-13").is_err());
        assert!(PartialDate::parse("2024-3").is_err());
        assert!(PartialDate::parse("2024-02-30").is_err());
        let order = PartialDate::parse("2024").ok() < PartialDate::parse("2024-03").ok();
        assert!(order);
    }
}
