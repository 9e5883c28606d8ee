//! The template pass: renders every page, section, taxonomy, term, alias and the 404 page.

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::load::config::key_span;
use crate::render::engine::{Engine, tera_diagnostic};
use crate::render::values::{taxonomy_value, term_value};
use crate::resolve::ResolvedSite;
use crate::resolve::library::Entry;

/// One rendered output file: its relative path and bytes.
pub type RenderedFile = (String, Vec<u8>);

/// The per-render variables every HTML template gets: `lang`, `language`, `current_path`, `current_url`.
pub fn base_context(site: &ResolvedSite, lang: &str, path: &str) -> Context {
    let config = &site.loaded.config;
    let mut context = Context::new();
    context.insert("lang", lang);
    context.insert_value(
        "language",
        config.language(lang).map_or_else(Value::none, Value::from_serializable),
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
                Diagnostic::error(format!("the theme has no `{template}` template, needed for {}", source.path.display()))
                    .in_file(crate::load::config::CONFIG_FILE)
                    .with_hint(hint),
            );
        }
    }
    if !site.taxonomies.is_empty() {
        for template in ["taxonomy_list.html", "taxonomy_single.html"] {
            if !engine.has_template(template) {
                problems.push(
                    Diagnostic::error(format!("the site declares taxonomies but the theme has no `{template}`"))
                        .in_file(crate::load::config::CONFIG_FILE)
                        .with_hint(format!("create templates/{template}")),
                );
            }
        }
    }
    problems
}

/// Renders every entry with its template, in parallel.
pub fn render_entries(site: &ResolvedSite, engine: &Engine, values: &[Value]) -> Vec<Result<RenderedFile, Diagnostic>> {
    site.library
        .entries
        .par_iter()
        .enumerate()
        .map(|(i, entry)| {
            let template = entry_template(entry);
            let mut context = base_context(site, entry.lang(), &entry.path);
            let variable = if entry.is_section() { "section" } else { "page" };
            context.insert_value(variable, values[i].clone());
            render(engine, &template, &context).map(|bytes| (entry.output_file(), bytes))
        })
        .collect()
}

/// Renders the taxonomy list pages and term pages of every language.
pub fn render_taxonomies(site: &ResolvedSite, engine: &Engine, values: &[Value]) -> Vec<Result<RenderedFile, Diagnostic>> {
    let mut jobs: Vec<(String, &'static str, Context)> = Vec::new();
    for taxonomy in &site.taxonomies {
        let terms: Vec<Value> = taxonomy.terms.iter().map(|t| term_value(site, t, values)).collect();
        let taxonomy_fields = taxonomy_value(site, taxonomy, &terms);
        let mut context = base_context(site, &taxonomy.lang, &taxonomy.path);
        context.insert_value("taxonomy", taxonomy_fields.clone());
        jobs.push((format!("{}index.html", taxonomy.path), "taxonomy_list.html", context));
        for (term, term_fields) in taxonomy.terms.iter().zip(terms) {
            let mut context = base_context(site, &taxonomy.lang, &term.path);
            context.insert_value("taxonomy", taxonomy_fields.clone());
            context.insert_value("term", term_fields);
            jobs.push((format!("{}index.html", term.path), "taxonomy_single.html", context));
        }
    }
    jobs.into_par_iter()
        .map(|(file, template, context)| render(engine, template, &context).map(|bytes| (file, bytes)))
        .collect()
}

/// Renders the redirect page of every alias.
pub fn render_aliases(site: &ResolvedSite, engine: &Engine, values: &[Value]) -> Vec<Result<RenderedFile, Diagnostic>> {
    site.aliases
        .iter()
        .map(|alias| {
            let target = &site.library.entries[alias.target];
            let mut context = base_context(site, target.lang(), &target.path);
            context.insert_value("target", values[alias.target].clone());
            render(engine, "alias.html", &context).map(|bytes| (alias.output_file.clone(), bytes))
        })
        .collect()
}

/// Renders 404.html in the default language, if the theme has the template.
pub fn render_not_found(site: &ResolvedSite, engine: &Engine) -> Option<Result<RenderedFile, Diagnostic>> {
    if !engine.has_template("404.html") {
        return None;
    }
    let lang = &site.loaded.config.default_language;
    let context = base_context(site, lang, "404.html");
    Some(render(engine, "404.html", &context).map(|bytes| ("404.html".to_string(), bytes)))
}

/// Renders one template, with errors located in the template.
pub fn render(engine: &Engine, template: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
    engine
        .tera
        .render(template, context)
        .map(String::into_bytes)
        .map_err(|error| tera_diagnostic(&error, &engine.sources, Some(template)))
}
