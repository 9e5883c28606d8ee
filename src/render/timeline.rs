//! The timeline: events from content/data/timeline.yaml as pages per language, filtered pages per
//! entry (e.g. per company) and per category, a TimelineJS JSON file, and an embeddable slice.

use std::collections::BTreeMap;

use tera::Value;

use crate::load::config::FieldType;
use crate::render::data::{DataValues, RenderedFields, ref_fields};
use crate::resolve::ResolvedSite;
use crate::resolve::data::{DataEntry, FieldValue, PartialDate, SOURCES, TIMELINE};

type Fields = BTreeMap<&'static str, Value>;

/// What a timeline page shows: every event, or those naming one entry or one category.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TimelineFilter {
    /// Every event.
    All,
    /// Events naming an entry: (refs field, i.e. collection name, id).
    Entry(String, String),
    /// Events of a category.
    Category(String),
}

/// The events in chronological order (ties by id).
pub fn sorted_events(site: &ResolvedSite) -> Vec<&DataEntry> {
    let Some(timeline) = site.data.get(TIMELINE) else {
        return Vec::new();
    };
    let mut events: Vec<&DataEntry> = timeline.entries.iter().collect();
    events.sort_by(|a, b| event_date(a).cmp(&event_date(b)).then(a.id.cmp(&b.id)));
    events
}

fn event_date(event: &DataEntry) -> Option<PartialDate> {
    match event.fields.get("date") {
        Some(FieldValue::Date(date)) => Some(*date),
        _ => None,
    }
}

/// Whether an event passes a filter.
pub fn matches(event: &DataEntry, filter: &TimelineFilter) -> bool {
    match filter {
        TimelineFilter::All => true,
        TimelineFilter::Entry(field, id) => event.refs(field).iter().any(|r| r == id),
        TimelineFilter::Category(category) => {
            matches!(event.fields.get("category"), Some(FieldValue::String(c)) if c == category)
        }
    }
}

/// The refs fields of events that name collections (`companies`, `chips`, …), in schema order.
fn ref_fields_of_events(site: &ResolvedSite) -> Vec<String> {
    site.data.get(TIMELINE).map_or_else(Vec::new, |timeline| {
        timeline
            .config
            .fields
            .iter()
            .filter(|f| f.kind == FieldType::Refs && f.name != "sources")
            .map(|f| f.name.clone())
            .collect()
    })
}

/// The timeline page's path in a language, relative to the base URL.
pub fn timeline_path(site: &ResolvedSite, lang: &str) -> Option<String> {
    let config = site.loaded.config.timeline.as_ref()?;
    crate::load::config::page_path(&config.paths, lang)
}

/// The URL segment for filters by a collection: the first segment of its entry paths in this
/// language (`aziende` for `aziende/{id}/`), else its name.
fn filter_segment(site: &ResolvedSite, field: &str, lang: &str) -> String {
    let prefix = crate::resolve::library::language_prefix(&site.loaded.config, lang);
    site.data
        .get(field)
        .and_then(|c| c.config.paths.get(lang))
        .map(|p| {
            p.trim_start_matches('/')
                .trim_start_matches(prefix.as_str())
                .to_string()
        })
        .and_then(|p| p.split('/').next().map(str::to_string))
        .filter(|s| !s.is_empty() && !s.contains('{'))
        .unwrap_or_else(|| field.to_string())
}

fn category_segment(lang: &str) -> &'static str {
    if lang == "it" || lang.starts_with("it-") {
        "categorie"
    } else {
        "categories"
    }
}

/// Every timeline page: (path relative to base URL, language, filter), including one per entry
/// named by an event and one per category used.
pub fn timeline_pages(site: &ResolvedSite) -> Vec<(String, String, TimelineFilter)> {
    let mut pages = Vec::new();
    let events = sorted_events(site);
    for lang in site.loaded.config.language_codes() {
        let Some(base) = timeline_path(site, lang) else {
            continue;
        };
        pages.push((base.clone(), lang.to_string(), TimelineFilter::All));
        for field in ref_fields_of_events(site) {
            let mut ids: Vec<&String> = events.iter().flat_map(|e| e.refs(&field)).collect();
            ids.sort();
            ids.dedup();
            let segment = filter_segment(site, &field, lang);
            for id in ids {
                let path = format!("{base}{segment}/{id}/");
                pages.push((
                    path,
                    lang.to_string(),
                    TimelineFilter::Entry(field.clone(), id.clone()),
                ));
            }
        }
        let mut categories: Vec<&String> = events
            .iter()
            .filter_map(|e| match e.fields.get("category") {
                Some(FieldValue::String(c)) => Some(c),
                _ => None,
            })
            .collect();
        categories.sort();
        categories.dedup();
        for category in categories {
            let path = format!("{base}{}/{category}/", category_segment(lang));
            pages.push((
                path,
                lang.to_string(),
                TimelineFilter::Category(category.clone()),
            ));
        }
    }
    pages
}

/// A date as each language writes it: "27 marzo 2024", "marzo 2024", "2024"; "March 27, 2024".
pub fn display_date(date: &PartialDate, lang: &str) -> String {
    let italian = lang == "it" || lang.starts_with("it-");
    let format = match (date, italian) {
        (PartialDate::Year(_), _) => "%Y",
        (PartialDate::Month(..), _) => "%B %Y",
        (PartialDate::Day(_), true) => "%e %B %Y",
        (PartialDate::Day(_), false) => "%B %e, %Y",
    };
    crate::render::dates::format_date(date.start(), format, lang)
        .unwrap_or_else(|_| date.to_string())
}

/// An event as templates see it, in one language.
pub fn event_value(
    site: &ResolvedSite,
    event: &DataEntry,
    lang: &str,
    data: &DataValues,
    rendered: &RenderedFields,
) -> Value {
    let mut fields = Fields::new();
    fields.insert("id", Value::from(event.id.as_str()));
    if let Some(date) = event_date(event) {
        fields.insert("date", Value::from(date.to_string()));
        fields.insert("date_display", Value::from(display_date(&date, lang)));
        fields.insert("year", Value::from(date.year()));
    }
    fields.insert(
        "title",
        Value::from(event.text("title", lang).unwrap_or(&event.id)),
    );
    let summary_key = (
        TIMELINE.to_string(),
        event.id.clone(),
        "summary".to_string(),
        lang.to_string(),
    );
    fields.insert(
        "summary",
        rendered
            .get(&summary_key)
            .map_or_else(Value::none, |h| Value::safe_string(h)),
    );
    fields.insert("category", category_value(site, event, lang));
    let mut refs: BTreeMap<String, Value> = BTreeMap::new();
    for field in ref_fields_of_events(site) {
        let list: Vec<Value> = event
            .refs(&field)
            .iter()
            .filter_map(|id| {
                let collection = site.data.get(&field)?;
                let entry = collection.get(id)?;
                Some(Value::from(ref_fields(site, collection, entry, lang)))
            })
            .collect();
        refs.insert(field, Value::from(list));
    }
    fields.insert("refs", Value::from(refs));
    let pages: Vec<Value> = match event.fields.get("pages") {
        Some(FieldValue::List(keys)) => keys
            .iter()
            .filter_map(|key| {
                let config = &site.loaded.config;
                let index = site
                    .library
                    .get(key, lang)
                    .or_else(|| site.library.get(key, &config.default_language))?;
                let entry = &site.library.entries[index];
                let mut link = Fields::new();
                link.insert("title", Value::from(entry.front().title.as_str()));
                link.insert(
                    "path",
                    Value::from(format!("{}{}", config.base_path(), entry.path)),
                );
                Some(Value::from(link))
            })
            .collect(),
        _ => Vec::new(),
    };
    fields.insert("pages", Value::from(pages));
    let sources: Vec<Value> = event
        .refs("sources")
        .iter()
        .filter_map(|id| data.get(site, SOURCES, id, lang))
        .collect();
    fields.insert("sources", Value::from(sources));
    Value::from(fields)
}

fn category_value(site: &ResolvedSite, event: &DataEntry, lang: &str) -> Value {
    let Some(FieldValue::String(id)) = event.fields.get("category") else {
        return Value::none();
    };
    let mut fields = Fields::new();
    fields.insert("id", Value::from(id.as_str()));
    fields.insert("label", Value::from(category_label(site, id, lang)));
    Value::from(fields)
}

fn category_label(site: &ResolvedSite, id: &str, lang: &str) -> String {
    site.loaded
        .config
        .timeline
        .as_ref()
        .and_then(|t| t.categories.iter().find(|c| c.id == id))
        .and_then(|c| c.label.get(lang).cloned())
        .unwrap_or_else(|| id.to_string())
}

/// The `timeline` value of a timeline page.
pub fn timeline_value(
    site: &ResolvedSite,
    lang: &str,
    filter: &TimelineFilter,
    data: &DataValues,
    rendered: &RenderedFields,
) -> Value {
    let config = &site.loaded.config;
    let base = timeline_path(site, lang).unwrap_or_default();
    let events: Vec<&DataEntry> = sorted_events(site)
        .into_iter()
        .filter(|e| matches(e, filter))
        .collect();
    let mut years: Vec<(i16, Vec<Value>)> = Vec::new();
    for event in &events {
        let year = event_date(event).map_or(0, |d| d.year());
        let value = event_value(site, event, lang, data, rendered);
        match years.last_mut() {
            Some((last, list)) if *last == year => list.push(value),
            _ => years.push((year, vec![value])),
        }
    }
    let years: Vec<Value> = years
        .into_iter()
        .map(|(year, events)| {
            let mut fields = Fields::new();
            fields.insert("year", Value::from(year));
            fields.insert("events", Value::from(events));
            Value::from(fields)
        })
        .collect();
    let mut fields = Fields::new();
    fields.insert("years", Value::from(years));
    fields.insert("count", Value::from(events.len()));
    fields.insert("path", Value::from(format!("{}{base}", config.base_path())));
    fields.insert(
        "json_path",
        Value::from(format!("{}{base}timeline.json", config.base_path())),
    );
    fields.insert("filter", filter_value(site, lang, filter));
    fields.insert("filters", filters_value(site, lang));
    Value::from(fields)
}

fn filter_value(site: &ResolvedSite, lang: &str, filter: &TimelineFilter) -> Value {
    let mut fields = Fields::new();
    match filter {
        TimelineFilter::All => return Value::none(),
        TimelineFilter::Entry(field, id) => {
            let title = site
                .data
                .get(field)
                .and_then(|c| c.get(id).map(|e| c.title(e, lang)))
                .unwrap_or_else(|| id.clone());
            fields.insert("kind", Value::from(field.as_str()));
            fields.insert("id", Value::from(id.as_str()));
            fields.insert("title", Value::from(title));
        }
        TimelineFilter::Category(id) => {
            fields.insert("kind", Value::from("category"));
            fields.insert("id", Value::from(id.as_str()));
            fields.insert("title", Value::from(category_label(site, id, lang)));
        }
    }
    Value::from(fields)
}

/// Every filter page of a language, grouped: `{companies: [{id, title, path, count, current}], …,
/// categories: […]}`.
fn filters_value(site: &ResolvedSite, lang: &str) -> Value {
    let config = &site.loaded.config;
    let events = sorted_events(site);
    let mut groups: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for (path, page_lang, filter) in timeline_pages(site) {
        if page_lang != lang || filter == TimelineFilter::All {
            continue;
        }
        let (group, title) = match &filter {
            TimelineFilter::Entry(field, id) => (
                field.clone(),
                site.data
                    .get(field)
                    .and_then(|c| c.get(id).map(|e| c.title(e, lang)))
                    .unwrap_or_else(|| id.clone()),
            ),
            TimelineFilter::Category(id) => {
                ("categories".to_string(), category_label(site, id, lang))
            }
            TimelineFilter::All => continue,
        };
        let mut fields = Fields::new();
        let id = match &filter {
            TimelineFilter::Entry(_, id) | TimelineFilter::Category(id) => id.clone(),
            TimelineFilter::All => String::new(),
        };
        fields.insert("id", Value::from(id));
        fields.insert("title", Value::from(title));
        fields.insert("path", Value::from(format!("{}{path}", config.base_path())));
        fields.insert(
            "count",
            Value::from(events.iter().filter(|e| matches(e, &filter)).count()),
        );
        groups.entry(group).or_default().push(Value::from(fields));
    }
    Value::from(
        groups
            .into_iter()
            .map(|(k, v)| (k, Value::from(v)))
            .collect::<BTreeMap<_, _>>(),
    )
}

/// The TimelineJS JSON of a language (<https://timeline.knightlab.com/docs/json-format.html>).
pub fn timeline_json(site: &ResolvedSite, lang: &str, rendered: &RenderedFields) -> Vec<u8> {
    let title = site
        .loaded
        .config
        .language(lang)
        .map_or("", |l| l.title.as_str());
    let events: Vec<serde_json::Value> = sorted_events(site)
        .into_iter()
        .map(|event| {
            let mut start = serde_json::Map::new();
            match event_date(event) {
                Some(PartialDate::Year(year)) => {
                    start.insert("year".into(), year.into());
                }
                Some(PartialDate::Month(year, month)) => {
                    start.insert("year".into(), year.into());
                    start.insert("month".into(), month.into());
                }
                Some(PartialDate::Day(date)) => {
                    start.insert("year".into(), date.year().into());
                    start.insert("month".into(), date.month().into());
                    start.insert("day".into(), date.day().into());
                }
                None => {}
            }
            if let Some(date) = event_date(event) {
                start.insert("display_date".into(), display_date(&date, lang).into());
            }
            let summary_key = (
                TIMELINE.to_string(),
                event.id.clone(),
                "summary".to_string(),
                lang.to_string(),
            );
            let mut slide = serde_json::Map::new();
            slide.insert("unique_id".into(), event.id.clone().into());
            slide.insert("start_date".into(), serde_json::Value::Object(start));
            slide.insert(
                "text".into(),
                serde_json::json!({
                    "headline": event.text("title", lang).unwrap_or(&event.id),
                    "text": rendered.get(&summary_key).cloned().unwrap_or_default(),
                }),
            );
            if let Some(FieldValue::String(category)) = event.fields.get("category") {
                slide.insert("group".into(), category_label(site, category, lang).into());
            }
            serde_json::Value::Object(slide)
        })
        .collect();
    let document = serde_json::json!({
        "title": {"text": {"headline": title}},
        "events": events,
    });
    serde_json::to_vec_pretty(&document).unwrap_or_default()
}
