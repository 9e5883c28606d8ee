//! The collections declared in site.yaml, checked as schemas: refs name collections that exist,
//! paths have `{id}`, title and description fields exist, timeline categories have labels.

use crate::diagnostic::locate::{Step, locate};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::{CollectionConfig, FieldType, SiteConfig};
use crate::resolve::numbers;

use super::schemas;

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
        let named_fields = [
            ("title_field", &collection.title_field, "titles"),
            (
                "description_field",
                &collection.description_field,
                "descriptions",
            ),
        ];
        for (key, named, purpose) in named_fields {
            let Some(field) = named else { continue };
            if collection.fields.iter().any(|f| &f.name == field) {
                continue;
            }
            let path = [
                Step::Key("collections".into()),
                Step::Index(index_of(config, &collection.name)),
                Step::Key(key.into()),
            ];
            problems.push(
                Diagnostic::error(format!(
                    "the collection `{}` has no field `{field}` to take {purpose} from",
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
