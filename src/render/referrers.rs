//! "What points here": for every data entry, the entries of any collection (timeline events
//! included) whose `ref` or `refs` fields name it, grouped by collection and field, so that an
//! entry's page can list them without its template naming any collection.

use std::collections::{BTreeMap, HashMap};

use tera::Value;

use crate::load::config::FieldType;
use crate::render::data::ref_fields;
use crate::render::timeline::display_date;
use crate::resolve::ResolvedSite;
use crate::resolve::data::{Collection, DataEntry, FieldValue, TIMELINE};
use crate::resolve::timeline::{TimelineFilter, event_date, filter_path, timeline_path};

type Fields = BTreeMap<&'static str, Value>;

/// An entry that points at another: its collection, the field that names the other, and its
/// position in its collection.
type Referrer = (String, String, usize);

/// The entries pointing at each entry: (collection, id) → referrers in collection name, then
/// file, order.
#[derive(Debug, Default)]
pub struct Referrers {
    index: HashMap<(String, String), Vec<Referrer>>,
}

/// Indexes every ref of every entry once: linear in the number of refs.
pub fn referrers(site: &ResolvedSite) -> Referrers {
    let mut index: HashMap<(String, String), Vec<Referrer>> = HashMap::new();
    for (name, collection) in &site.data {
        let ref_fields: Vec<(&str, &str)> = collection
            .config
            .fields
            .iter()
            .filter(|f| matches!(f.kind, FieldType::Ref | FieldType::Refs))
            .filter_map(|f| Some((f.name.as_str(), f.collection.as_deref()?)))
            .collect();
        for (i, entry) in collection.entries.iter().enumerate() {
            for &(field, target) in &ref_fields {
                for id in entry.refs(field) {
                    index
                        .entry((target.to_string(), id.clone()))
                        .or_default()
                        .push((name.clone(), field.to_string(), i));
                }
            }
        }
    }
    Referrers { index }
}

impl Referrers {
    /// The groups of entries naming `id` of `collection`, as templates see them:
    /// `[{collection, field, label, collection_label, filter_path, entries}]`.
    pub fn groups(&self, site: &ResolvedSite, collection: &str, id: &str, lang: &str) -> Value {
        let Some(found) = self.index.get(&(collection.to_string(), id.to_string())) else {
            return Value::from(Vec::<Value>::new());
        };
        let mut groups: Vec<((&str, &str), Vec<usize>)> = Vec::new();
        for (source, field, i) in found {
            match groups.last_mut() {
                Some(((s, f), list)) if *s == source.as_str() && *f == field.as_str() => {
                    list.push(*i)
                }
                _ => groups.push(((source.as_str(), field.as_str()), vec![*i])),
            }
        }
        let values: Vec<Value> = groups
            .into_iter()
            .filter_map(|((source, field), entries)| {
                let set = site.data.get(source)?;
                Some(group_value(site, set, field, &entries, id, lang))
            })
            .collect();
        Value::from(values)
    }
}

fn group_value(
    site: &ResolvedSite,
    set: &Collection,
    field: &str,
    entries: &[usize],
    id: &str,
    lang: &str,
) -> Value {
    let name = set.config.name.as_str();
    let collection_label = set.config.title(lang);
    let label = set
        .field(field)
        .and_then(|f| f.label.get(lang))
        .unwrap_or(collection_label);
    let mut listed: Vec<&DataEntry> = entries.iter().filter_map(|&i| set.entries.get(i)).collect();
    let is_timeline = name == TIMELINE;
    if is_timeline {
        listed.sort_by(|a, b| event_date(a).cmp(&event_date(b)).then(a.id.cmp(&b.id)));
    }
    let values: Vec<Value> = listed
        .into_iter()
        .map(|entry| referrer_value(site, set, entry, is_timeline, lang))
        .collect();
    // Events name entries through a field named after the entries' collection.
    let filter = TimelineFilter::Entry(field.to_string(), id.to_string());
    let filter_path = is_timeline
        .then(|| filter_path(site, &filter, lang))
        .flatten()
        .filter(|path| site.plan.get(&format!("{path}index.html")).is_some())
        .map(|path| format!("{}{path}", site.loaded.config.base_path()));
    let mut fields = Fields::new();
    fields.insert("collection", Value::from(name));
    fields.insert("field", Value::from(field));
    fields.insert("label", Value::from(label));
    fields.insert("collection_label", Value::from(collection_label));
    fields.insert(
        "filter_path",
        filter_path.map_or_else(Value::none, Value::from),
    );
    fields.insert("entries", Value::from(values));
    Value::from(fields)
}

/// `{id, title, path, permalink}`; for timeline events, `path` is the event on the timeline page
/// and `date`, `date_display` are added.
fn referrer_value(
    site: &ResolvedSite,
    set: &Collection,
    entry: &DataEntry,
    is_timeline: bool,
    lang: &str,
) -> Value {
    let mut fields = ref_fields(site, set, entry, lang);
    if is_timeline {
        if let Some(path) = timeline_path(site, lang) {
            let config = &site.loaded.config;
            let anchor = format!("{path}#{}", entry.id);
            fields.insert(
                "path",
                Value::from(format!("{}{anchor}", config.base_path())),
            );
            fields.insert(
                "permalink",
                Value::from(format!("{}{anchor}", config.base_url)),
            );
        }
        if let Some(FieldValue::Date(date)) = entry.fields.get("date") {
            fields.insert("date", Value::from(date.to_string()));
            fields.insert("date_display", Value::from(display_date(date, lang)));
        }
    }
    Value::from(fields)
}
