//! References from content to data: collection keys in front matter (`companies: [amazon]`) and
//! the `pages` of timeline events. Anything else in front matter is an unknown key.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::diagnostic::locate::{Step, locate, locate_in};
use crate::load::front_matter::FRONT_MATTER_KEYS;
use crate::resolve::data::{DataSet, TIMELINE};
use crate::resolve::library::Library;

/// Moves collection refs out of each entry's extra front-matter keys, checking every id; any other
/// key is an error with the nearest known key as a hint.
pub fn resolve_front_matter_refs(
    library: &mut Library,
    data: &DataSet,
    taxonomies: &[String],
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for entry in &mut library.entries {
        let mut refs = BTreeMap::new();
        for (key, value) in &entry.file.front.other {
            let file = &entry.file;
            let place = |path: &[Step]| {
                let start = file.front_range.start;
                locate_in(&file.source, file.front_range.clone(), path).unwrap_or(start..start)
            };
            let Some(collection) = data.get(key).filter(|_| key != TIMELINE) else {
                let known = FRONT_MATTER_KEYS
                    .iter()
                    .copied()
                    .chain(data.keys().map(String::as_str));
                let hint = taxonomy_hint(key, value, taxonomies)
                    .or_else(|| crate::suggest::did_you_mean(key, known))
                    .unwrap_or_else(|| "put your own values under `extra:`".to_string());
                problems.push(
                    Diagnostic::error(format!("unknown front matter key `{key}`"))
                        .at(&file.source, place(&[Step::KeyName(key.clone())]))
                        .with_hint(hint),
                );
                continue;
            };
            let ids: Vec<String> = match value {
                serde_yaml::Value::String(id) => vec![id.clone()],
                serde_yaml::Value::Sequence(items) => items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect(),
                _ => {
                    problems.push(
                        Diagnostic::error(format!("`{key}` must be a list of `{key}` ids"))
                            .at(&file.source, place(&[Step::Key(key.clone())]))
                            .with_hint(format!("write `{key}: [first-id, second-id]`")),
                    );
                    continue;
                }
            };
            for (n, id) in ids.iter().enumerate() {
                if collection.knows(id) {
                    continue;
                }
                let path = if value.is_sequence() {
                    vec![Step::Key(key.clone()), Step::Index(n)]
                } else {
                    vec![Step::Key(key.clone())]
                };
                problems.push(
                    Diagnostic::error(format!("no `{key}` entry has the id `{id}`"))
                        .at(&file.source, place(&path))
                        .with_hint(
                            crate::suggest::did_you_mean(id, collection.ids()).unwrap_or_else(
                                || format!("the ids of `{key}` are in content/data/{key}.yaml"),
                            ),
                        ),
                );
            }
            refs.insert(key.clone(), ids);
        }
        entry.refs = refs;
    }
    problems
}

/// A Hugo-style taxonomy at the top of front matter (`tags: [a]`): where it goes in Spiega.
fn taxonomy_hint(key: &str, value: &serde_yaml::Value, declared: &[String]) -> Option<String> {
    let is_declared = declared.iter().any(|name| name == key);
    if !is_declared && !matches!(key, "tags" | "categories") {
        return None;
    }
    let terms = match value {
        serde_yaml::Value::Sequence(items) => items
            .iter()
            .filter_map(serde_yaml::Value::as_str)
            .collect::<Vec<_>>()
            .join(", "),
        serde_yaml::Value::String(term) => term.clone(),
        _ => "…".to_string(),
    };
    let declare = if is_declared {
        String::new()
    } else {
        format!(", and declare it in site.yaml: `taxonomies: [{{name: {key}}}]`")
    };
    Some(format!(
        "terms go under `taxonomies`: write `taxonomies: {{{key}: [{terms}]}}`{declare}"
    ))
}

/// Every content key in a timeline event's `pages` must name a page.
pub fn check_timeline_pages(library: &Library, data: &DataSet) -> Vec<Diagnostic> {
    let Some(timeline) = data.get(TIMELINE) else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    let keys: std::collections::HashSet<&str> = library.keys().collect();
    for (i, event) in timeline.entries.iter().enumerate() {
        let Some(crate::resolve::data::FieldValue::List(pages)) = event.fields.get("pages") else {
            continue;
        };
        for (n, key) in pages.iter().enumerate() {
            if keys.contains(key.as_str()) {
                continue;
            }
            let span = locate(
                &timeline.source,
                &[Step::Index(i), Step::Key("pages".into()), Step::Index(n)],
            )
            .unwrap_or(0..0);
            problems.push(
                Diagnostic::error(format!("no page `{key}` in content/"))
                    .at(&timeline.source, span)
                    .with_hint(
                        crate::suggest::did_you_mean(key, library.keys()).unwrap_or_else(|| {
                            "write the path relative to content/, e.g. `storia/accordo.md`"
                                .to_string()
                        }),
                    ),
            );
        }
    }
    problems
}
