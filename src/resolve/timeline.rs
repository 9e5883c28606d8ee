//! The timeline's pages: where each language's timeline lives, and the filtered pages it gets
//! (one per entry its events name, one per category), which the output plan claims.

use crate::load::config::FieldType;
use crate::resolve::ResolvedSite;
use crate::resolve::data::{DataEntry, FieldValue, PartialDate, TIMELINE};

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

/// An event's date, if it has a valid one.
pub fn event_date(event: &DataEntry) -> Option<PartialDate> {
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
pub fn ref_fields_of_events(site: &ResolvedSite) -> Vec<String> {
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
    let prefix = super::library::language_prefix(&site.loaded.config, lang);
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

/// The URL segment of category filter pages in a language: `timeline.category_segments`, else
/// `categories`.
pub fn category_segment<'a>(site: &'a ResolvedSite, lang: &str) -> &'a str {
    site.loaded
        .config
        .timeline
        .as_ref()
        .and_then(|t| t.category_segments.get(lang))
        .map_or("categories", |s| s.trim_matches('/'))
}

/// The path of a timeline page in a language, relative to the base URL, if the timeline has a
/// page there: `<timeline>/`, `<timeline>/<segment>/<id>/` or `<timeline>/<category segment>/<id>/`.
pub fn filter_path(site: &ResolvedSite, filter: &TimelineFilter, lang: &str) -> Option<String> {
    let base = timeline_path(site, lang)?;
    Some(match filter {
        TimelineFilter::All => base,
        TimelineFilter::Entry(field, id) => {
            format!("{base}{}/{id}/", filter_segment(site, field, lang))
        }
        TimelineFilter::Category(id) => format!("{base}{}/{id}/", category_segment(site, lang)),
    })
}

/// Every timeline page: (path relative to base URL, language, filter), including one per entry
/// named by an event and one per category used.
pub fn timeline_pages(site: &ResolvedSite) -> Vec<(String, String, TimelineFilter)> {
    let mut filters = vec![TimelineFilter::All];
    let events = sorted_events(site);
    for field in ref_fields_of_events(site) {
        let mut ids: Vec<&String> = events.iter().flat_map(|e| e.refs(&field)).collect();
        ids.sort();
        ids.dedup();
        filters.extend(
            ids.into_iter()
                .map(|id| TimelineFilter::Entry(field.clone(), id.clone())),
        );
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
    filters.extend(
        categories
            .into_iter()
            .cloned()
            .map(TimelineFilter::Category),
    );
    let mut pages = Vec::new();
    for lang in site.loaded.config.language_codes() {
        for filter in &filters {
            if let Some(path) = filter_path(site, filter, lang) {
                pages.push((path, lang.to_string(), filter.clone()));
            }
        }
    }
    pages
}
