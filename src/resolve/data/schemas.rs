//! The schemas of every collection: those declared in site.yaml, then the built-in ones
//! (sources, timeline, glossary) and the series.

use std::collections::BTreeMap;

use crate::load::config::{CollectionConfig, FieldConfig, FieldType, SiteConfig};

use super::{GLOSSARY, SOURCES, TIMELINE};

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
