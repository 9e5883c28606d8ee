//! The template pass: renders every page, section, taxonomy, term, alias and the 404 page.

use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::load::config::key_span;
use crate::render::alternates::alternates;
use crate::render::engine::Engine;
use crate::render::values::{taxonomy_value, term_value};
use crate::resolve::ResolvedSite;
use crate::resolve::library::Entry;

/// The per-render variables every HTML template gets: `lang`, `language`, `current_path`, `current_url`.
pub fn base_context(site: &ResolvedSite, lang: &str, path: &str) -> Context {
    let config = &site.loaded.config;
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert_value(
        "language",
        config
            .language(lang)
            .map_or_else(Value::none, Value::from_serializable),
    );
    context.insert("current_path", &format!("{}{path}", config.base_path()));
    context.insert("current_url", &format!("{}{path}", config.base_url));
    context
}

/// The template an entry renders with.
pub fn entry_template(entry: &Entry) -> String {
    if let Some(template) = &entry.front().template {
        return template.clone();
    }
    if !entry.is_section() {
        "page.html".to_string()
    } else if entry.key() == "_index.md" {
        "index.html".to_string()
    } else {
        "section.html".to_string()
    }
}

/// Checks that every template the entries and taxonomies need exists, before rendering anything.
pub fn check_templates(site: &ResolvedSite, engine: &Engine) -> Vec<Diagnostic> {
    let mut problems = entry_templates(site, engine);
    problems.extend(collection_templates(site, engine));
    problems.extend(configured_templates(site, engine));
    problems
}

/// The templates of pages and sections.
fn entry_templates(site: &ResolvedSite, engine: &Engine) -> Vec<Diagnostic> {
    let config = &site.loaded.config_source;
    let mut problems = Vec::new();
    let mut reported = std::collections::BTreeSet::new();
    for entry in &site.library.entries {
        let template = entry_template(entry);
        if engine.has_template(&template) {
            continue;
        }
        let hint = crate::suggest::did_you_mean(&template, engine.template_names())
            .unwrap_or_else(|| format!("create templates/{template} in the site or its theme"));
        let source = &entry.file.source;
        if entry.front().template.is_some() {
            problems.push(
                Diagnostic::error(format!("template `{template}` not found"))
                    .at(source, key_span(source, "template"))
                    .with_hint(hint),
            );
        } else if reported.insert(template.clone()) {
            problems.push(
                Diagnostic::error(format!(
                    "the theme has no `{template}` template, needed for {}",
                    source.path.display()
                ))
                .at(config, theme_span(config))
                .with_hint(hint),
            );
        }
    }
    problems
}

/// The templates of data entries' pages, located at the collection in site.yaml.
fn collection_templates(site: &ResolvedSite, engine: &Engine) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for collection in site.data.values() {
        if collection.config.paths.is_empty() {
            continue;
        }
        let template = collection_template(collection);
        if !engine.has_template(template) {
            let source = &site.loaded.config_source;
            let declared = site
                .loaded
                .config
                .collections
                .iter()
                .position(|c| c.name == collection.config.name);
            let steps = declared.map(|i| {
                use crate::diagnostic::locate::Step;
                let template_key = if collection.config.template.is_some() {
                    "template"
                } else {
                    "name"
                };
                [
                    Step::Key("collections".into()),
                    Step::Index(i),
                    Step::Key(template_key.into()),
                ]
            });
            let span = steps
                .and_then(|steps| crate::diagnostic::locate::locate(source, &steps))
                .unwrap_or_else(|| crate::load::config::value_span(source, template));
            problems.push(
                Diagnostic::error(format!(
                    "template `{template}` of the collection `{}` not found",
                    collection.config.name
                ))
                .at(source, span)
                .with_hint(
                    crate::suggest::did_you_mean(template, engine.template_names())
                        .unwrap_or_else(|| format!("create templates/{template}")),
                ),
            );
        }
    }
    problems
}

/// The templates of the pages site.yaml asks for: timeline, indexes, sources, glossary,
/// taxonomies.
fn configured_templates(site: &ResolvedSite, engine: &Engine) -> Vec<Diagnostic> {
    let config = &site.loaded.config_source;
    let mut problems = Vec::new();
    if let Some(timeline) = &site.loaded.config.timeline
        && !engine.has_template(&timeline.template)
    {
        let source = &site.loaded.config_source;
        problems.push(
            Diagnostic::error(format!(
                "the timeline's template `{}` not found",
                timeline.template
            ))
            .at(source, key_span(source, "timeline"))
            .with_hint(format!("create templates/{}", timeline.template)),
        );
    }
    for collection in site.data.values() {
        let template = &collection.config.index_template;
        if !collection.config.index_paths.is_empty() && !engine.has_template(template) {
            let source = &site.loaded.config_source;
            problems.push(
                Diagnostic::error(format!(
                    "the index template `{template}` of the collection `{}` not found",
                    collection.config.name
                ))
                .at(source, key_span(source, "index_paths"))
                .with_hint(format!("create templates/{template}")),
            );
        }
    }
    if let Some(sources) = &site.loaded.config.sources
        && !engine.has_template(&sources.template)
    {
        let source = &site.loaded.config_source;
        problems.push(
            Diagnostic::error(format!(
                "the sources page's template `{}` not found",
                sources.template
            ))
            .at(source, key_span(source, "sources"))
            .with_hint(format!("create templates/{}", sources.template)),
        );
    }
    if let Some(glossary) = &site.loaded.config.glossary
        && !engine.has_template(&glossary.template)
    {
        let source = &site.loaded.config_source;
        problems.push(
            Diagnostic::error(format!(
                "the glossary's template `{}` not found",
                glossary.template
            ))
            .at(source, key_span(source, "glossary"))
            .with_hint(format!("create templates/{}", glossary.template)),
        );
    }
    if !site.taxonomies.is_empty() {
        for template in ["taxonomy_list.html", "taxonomy_single.html"] {
            if !engine.has_template(template) {
                problems.push(
                    Diagnostic::error(format!(
                        "the site declares taxonomies but the theme has no `{template}`"
                    ))
                    .at(config, key_span(config, "taxonomies"))
                    .with_hint(format!("create templates/{template}")),
                );
            }
        }
    }
    problems
}

/// Where site.yaml names the theme (or its first line, for a site without one).
fn theme_span(config: &crate::diagnostic::SourceFile) -> std::ops::Range<usize> {
    key_span(config, "theme")
}

/// The template a collection's entries render with: its own, else the default entry template.
pub fn collection_template(collection: &crate::resolve::data::Collection) -> &str {
    collection
        .config
        .template
        .as_deref()
        .unwrap_or(crate::load::config::DEFAULT_ENTRY_TEMPLATE)
}

/// Renders a page or section with its template.
pub fn render_entry(
    site: &ResolvedSite,
    engine: &Engine,
    values: &[Value],
    index: usize,
) -> Result<Vec<u8>, Diagnostic> {
    let entry = &site.library.entries[index];
    let mut context = base_context(site, entry.lang(), &entry.path);
    let variable = if entry.is_section() {
        "section"
    } else {
        "page"
    };
    context.insert_value(variable, values[index].clone());
    let translations = alternates(site, |lang| {
        entry
            .translations
            .iter()
            .filter_map(|&t| site.library.entries.get(t))
            .find(|other| other.lang() == lang)
            .map(|other| other.path.clone())
    });
    context.insert_value("translations", translations);
    render(engine, &entry_template(entry), &context)
}

/// A taxonomy's value and its terms' values, built once per site: every term page shows its
/// taxonomy with all the terms, and building that again for each of N term pages would cost N².
/// Tera 2's values are reference-counted, so each page gets them for the cost of a clone.
pub struct TaxonomyValues {
    taxonomy: Value,
    terms: Vec<Value>,
}

/// The values of every taxonomy, in the order of `site.taxonomies`.
pub fn taxonomy_values(site: &ResolvedSite, values: &[Value]) -> Vec<TaxonomyValues> {
    site.taxonomies
        .iter()
        .map(|taxonomy| {
            let terms: Vec<Value> = taxonomy
                .terms
                .iter()
                .map(|term| term_value(site, term, values))
                .collect();
            TaxonomyValues {
                taxonomy: taxonomy_value(site, taxonomy, &terms),
                terms,
            }
        })
        .collect()
}

fn taxonomy_context<'v>(
    site: &ResolvedSite,
    taxonomies: &'v [TaxonomyValues],
    t: usize,
    path: &str,
) -> Result<(Context, &'v TaxonomyValues), Diagnostic> {
    let (Some(taxonomy), Some(values)) = (site.taxonomies.get(t), taxonomies.get(t)) else {
        return Err(Diagnostic::error(format!("no taxonomy number {t}")));
    };
    let mut context = base_context(site, &taxonomy.lang, path);
    context.insert_value("taxonomy", values.taxonomy.clone());
    let translations = alternates(site, |lang| {
        site.taxonomies
            .iter()
            .find(|other| other.name == taxonomy.name && other.lang == lang)
            .map(|other| other.path.clone())
    });
    context.insert_value("translations", translations);
    Ok((context, values))
}

/// Renders a taxonomy's list page.
pub fn render_taxonomy_list(
    site: &ResolvedSite,
    engine: &Engine,
    taxonomies: &[TaxonomyValues],
    t: usize,
) -> Result<Vec<u8>, Diagnostic> {
    let (context, _) = taxonomy_context(site, taxonomies, t, &site.taxonomies[t].path)?;
    render(engine, "taxonomy_list.html", &context)
}

/// Renders a term's page.
pub fn render_term(
    site: &ResolvedSite,
    engine: &Engine,
    taxonomies: &[TaxonomyValues],
    t: usize,
    n: usize,
) -> Result<Vec<u8>, Diagnostic> {
    let path = &site.taxonomies[t].terms[n].path;
    let (mut context, values) = taxonomy_context(site, taxonomies, t, path)?;
    let term = values.terms.get(n).cloned().unwrap_or_else(Value::none);
    context.insert_value("term", term);
    // Terms differ from one language to another: a term page has no twin.
    context.insert_value("translations", Value::from(Vec::<Value>::new()));
    render(engine, "taxonomy_single.html", &context)
}

/// Renders the redirect page of an alias.
pub fn render_alias(
    site: &ResolvedSite,
    engine: &Engine,
    values: &[Value],
    a: usize,
) -> Result<Vec<u8>, Diagnostic> {
    let target_index = site.aliases[a].target;
    let target = &site.library.entries[target_index];
    let mut context = base_context(site, target.lang(), &target.path);
    context.insert_value("target", values[target_index].clone());
    render(engine, "alias.html", &context)
}

/// Renders a data entry's page with its collection's template.
pub fn render_data_page(
    site: &ResolvedSite,
    engine: &Engine,
    data_values: &crate::render::data::DataValues,
    collection: &str,
    id: &str,
    lang: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let Some(set) = site.data.get(collection) else {
        return Err(Diagnostic::error(format!("no collection `{collection}`")));
    };
    let path = set.entry_path(id, lang).unwrap_or_default();
    let template = collection_template(set);
    let mut context = base_context(site, lang, &path);
    context.insert_value("translations", alternates(site, |l| set.entry_path(id, l)));
    context.insert_value(
        "entry",
        data_values
            .get(site, collection, id, lang)
            .unwrap_or_else(Value::none),
    );
    context.insert_value("collection", collection_summary(site, set, lang));
    render(engine, template, &context)
}

/// `{name, title, path}` of a collection in a language: its label, and its index page if it
/// has one (else `path` is none).
pub fn collection_summary(
    site: &ResolvedSite,
    collection: &crate::resolve::data::Collection,
    lang: &str,
) -> Value {
    let name = collection.config.name.as_str();
    let mut fields: std::collections::BTreeMap<&str, Value> = std::collections::BTreeMap::new();
    fields.insert("name", Value::from(name));
    let title = collection.config.title(lang);
    fields.insert("title", Value::from(title));
    let path = crate::resolve::plan::collection_index_path(site, name, lang)
        .map(|p| format!("{}{p}", site.loaded.config.base_path()));
    fields.insert("path", path.map_or_else(Value::none, Value::from));
    Value::from(fields)
}

/// Renders a timeline page (all events, or one filter's).
pub fn render_timeline(
    site: &ResolvedSite,
    engine: &Engine,
    data_values: &crate::render::data::DataValues,
    fields: &crate::render::data::RenderedFields,
    lang: &str,
    filter: &crate::resolve::timeline::TimelineFilter,
    file: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let template = site
        .loaded
        .config
        .timeline
        .as_ref()
        .map_or("timeline.html", |t| t.template.as_str());
    let path = file.strip_suffix("index.html").unwrap_or(file);
    let mut context = base_context(site, lang, path);
    let value = crate::render::timeline::timeline_value(site, lang, filter, data_values, fields);
    context.insert_value("timeline", value);
    let translations = alternates(site, |l| {
        crate::resolve::timeline::filter_path(site, filter, l)
            .filter(|p| site.plan.get(&format!("{p}index.html")).is_some())
    });
    context.insert_value("translations", translations);
    render(engine, template, &context)
}

/// Renders the glossary page of a language.
pub fn render_glossary(
    prepared: &crate::render::Prepared,
    lang: &str,
    file: &str,
) -> Result<Vec<u8>, Diagnostic> {
    let site = &prepared.site;
    let template = site
        .loaded
        .config
        .glossary
        .as_ref()
        .map_or("glossary.html", |g| g.template.as_str());
    let path = file.strip_suffix("index.html").unwrap_or(file);
    let mut context = base_context(site, lang, path);
    let translations = alternates(site, |l| crate::resolve::plan::glossary_path(site, l));
    context.insert_value("translations", translations);
    let used_on = crate::render::glossary::used_on(prepared, lang);
    let value = crate::render::glossary::glossary_value(site, lang, &prepared.fields, &used_on);
    context.insert_value("glossary", value);
    render(&prepared.engine, template, &context)
}

/// Renders 404.html in the default language.
pub fn render_not_found(site: &ResolvedSite, engine: &Engine) -> Result<Vec<u8>, Diagnostic> {
    let mut context = base_context(site, &site.loaded.config.default_language, "404.html");
    context.insert_value("translations", Value::from(Vec::<Value>::new()));
    render(engine, "404.html", &context)
}

/// Renders one template, with errors located in the template.
pub fn render(engine: &Engine, template: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
    let page = context.get("current_path").and_then(Value::as_str);
    engine
        .render(template, context, page.unwrap_or_default())
        .map(String::into_bytes)
}
