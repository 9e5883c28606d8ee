//! The timeline: events from content/data/timeline.yaml as pages per language, filtered pages per
//! entry (e.g. per company) and per category, a TimelineJS JSON file, and an embeddable slice.

use std::collections::BTreeMap;

use tera::Value;

use crate::render::data::{DataValues, RenderedFields, ref_fields};
use crate::resolve::ResolvedSite;
use crate::resolve::data::{DataEntry, FieldValue, PartialDate, SOURCES, TIMELINE};
use crate::resolve::plan::OutputKind;
use crate::resolve::timeline::TimelineFilter;
use crate::resolve::timeline::{
    event_date, matches, ref_fields_of_events, sorted_events, timeline_path,
};

type Fields = BTreeMap<&'static str, Value>;

/// A date as each language writes it: "27 marzo 2024", "marzo 2024", "2024"; "March 27, 2024".
pub fn display_date(date: &PartialDate, lang: &str) -> String {
    let (day, month) = crate::render::dates::date_formats(lang);
    let format = match date {
        PartialDate::Year(_) => "%Y",
        PartialDate::Month(..) => month,
        PartialDate::Day(_) => day,
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

pub(crate) fn category_label(site: &ResolvedSite, id: &str, lang: &str) -> String {
    site.loaded
        .config
        .timeline
        .as_ref()
        .and_then(|t| t.categories.iter().find(|c| c.id == id))
        .and_then(|c| c.label.get(lang))
        .unwrap_or(id)
        .to_string()
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
    let filters = filters_value(site, lang);
    fields.insert("filter_groups", filter_groups(site, lang, &filters));
    fields.insert("filters", filters);
    Value::from(fields)
}

/// The filter groups in the order a page shows them: one per refs field of the events, in schema
/// order, then the categories: `[{key, label, items}]`. `label` is the named collection's
/// label in the language (none for categories, which themes name in their UI strings).
fn filter_groups(site: &ResolvedSite, lang: &str, filters: &Value) -> Value {
    let mut keys = ref_fields_of_events(site);
    keys.push("categories".to_string());
    let groups: Vec<Value> = keys
        .into_iter()
        .filter_map(|key| {
            let items = filters.get_from_path(&key)?.clone();
            let label = site
                .data
                .get(&key)
                .filter(|_| key != "categories")
                .map(|c| c.config.title(lang).to_string());
            let mut group = Fields::new();
            group.insert("key", Value::from(key.as_str()));
            group.insert("label", label.map_or_else(Value::none, Value::from));
            group.insert("items", items);
            Some(Value::from(group))
        })
        .collect();
    Value::from(groups)
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
    for (path, filter) in filter_pages(site, lang) {
        let (group, title) = match filter {
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
        let id = match filter {
            TimelineFilter::Entry(_, id) | TimelineFilter::Category(id) => id.clone(),
            TimelineFilter::All => String::new(),
        };
        fields.insert("id", Value::from(id));
        fields.insert("title", Value::from(title));
        fields.insert("path", Value::from(format!("{}{path}", config.base_path())));
        fields.insert(
            "count",
            Value::from(events.iter().filter(|e| matches(e, filter)).count()),
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

/// The filter pages of a language in the output plan, with their paths, by filter (ids in order
/// within each field).
fn filter_pages<'a>(site: &'a ResolvedSite, lang: &str) -> Vec<(&'a str, &'a TimelineFilter)> {
    let mut pages: Vec<(&str, &TimelineFilter)> = site
        .plan
        .iter()
        .filter_map(|(file, kind)| match kind {
            OutputKind::Timeline(page_lang, filter)
                if page_lang == lang && *filter != TimelineFilter::All =>
            {
                Some((file.strip_suffix("index.html")?, filter))
            }
            _ => None,
        })
        .collect();
    pages.sort_by(|a, b| a.1.cmp(b.1));
    pages
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
