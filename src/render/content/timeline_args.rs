//! The arguments of `timeline(...)`: which events it keeps (by category, or by an entry of one
//! of the events' refs fields) and how many.

use crate::markdown::Problem;
use crate::resolve::ResolvedSite;
use crate::resolve::data::SOURCES;
use crate::resolve::timeline::TimelineFilter;

/// The filters and limit of a `timeline(...)` call. A refs field of the events is named by its
/// name or its singular (`companies=` or `company=`); ids and categories must exist.
pub(super) fn timeline_arguments(
    site: &ResolvedSite,
    args: &crate::markdown::shortcode::Args,
) -> Result<(Vec<TimelineFilter>, Option<usize>), Problem> {
    let timeline = site.data.get(crate::resolve::data::TIMELINE);
    let refs_fields: Vec<&crate::load::config::FieldConfig> = timeline
        .map(|t| {
            t.config
                .fields
                .iter()
                .filter(|f| f.kind == crate::load::config::FieldType::Refs && f.name != SOURCES)
                .collect()
        })
        .unwrap_or_default();
    let mut filters = Vec::new();
    let mut limit = None;
    for (name, value) in args {
        let text = value
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| value.to_string());
        if name == "limit" {
            limit = Some(
                value
                    .as_u64()
                    .and_then(|n| usize::try_from(n).ok())
                    .ok_or_else(|| Problem {
                        message: format!("`limit` takes a whole number, not `{text}`"),
                        hint: Some("write it without quotes, e.g. `limit=5`".to_string()),
                    })?,
            );
        } else if name == "category" {
            let categories: Vec<&str> = site
                .loaded
                .config
                .timeline
                .as_ref()
                .map(|t| t.categories.iter().map(|c| c.id.as_str()).collect())
                .unwrap_or_default();
            if !categories.contains(&text.as_str()) {
                return Err(Problem {
                    message: format!("no timeline category is called `{text}`"),
                    hint: crate::suggest::did_you_mean(&text, categories.iter().copied())
                        .or_else(|| Some(format!("the categories are {}", categories.join(", ")))),
                });
            }
            filters.push(TimelineFilter::Category(text));
        } else if let Some(field) = refs_fields
            .iter()
            .find(|f| f.name == *name || singular(&f.name) == *name)
        {
            check_timeline_ref(site, field, &text)?;
            filters.push(TimelineFilter::Entry(field.name.clone(), text));
        } else {
            let mut known: Vec<String> = vec!["category".into(), "limit".into()];
            for field in &refs_fields {
                known.push(singular(&field.name));
                known.push(field.name.clone());
            }
            return Err(Problem {
                message: format!("unknown argument `{name}` for shortcode `timeline`"),
                hint: crate::suggest::did_you_mean(name, known.iter().map(String::as_str))
                    .or_else(|| Some(format!("`timeline` takes {}", known.join(", ")))),
            });
        }
    }
    Ok((filters, limit))
}

/// An id given to `timeline(companies=…)` must be an entry of the field's collection (or, for
/// `pages`, a content page).
fn check_timeline_ref(
    site: &ResolvedSite,
    field: &crate::load::config::FieldConfig,
    id: &str,
) -> Result<(), Problem> {
    let Some(collection) = field.collection.as_deref().and_then(|c| site.data.get(c)) else {
        return Ok(());
    };
    if collection.knows(id) {
        return Ok(());
    }
    let name = &collection.config.name;
    Err(Problem {
        message: format!("no entry `{id}` in `{name}`"),
        hint: crate::suggest::did_you_mean(id, collection.ids()).or_else(|| {
            Some(format!(
                "the ids of `{name}` are in content/data/{name}.yaml"
            ))
        }),
    })
}

/// `companies` → `company`, `chips` → `chip`: how an argument names one entry of a refs field.
fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("ies") {
        format!("{stem}y")
    } else if let Some(stem) = name.strip_suffix('s') {
        stem.to_string()
    } else {
        name.to_string()
    }
}
