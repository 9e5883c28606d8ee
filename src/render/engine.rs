//! The Tera engine: loads the templates, registers Spiega's functions and filters, and turns Tera's
//! errors into diagnostics that name the template file, line and column.

use std::collections::{BTreeMap, BTreeSet};

use tera::{Context, ErrorKind, Tera};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::theme::TemplateSources;
use crate::render::builtins::BUILTIN_TEMPLATES;

/// Context variables every render gets; they are not shortcode arguments.
const RESERVED_VARIABLES: [&str; 6] = ["body", "lang", "language", "config", "data", "page"];

/// The folder of shortcode templates.
pub const SHORTCODE_DIR: &str = "shortcodes/";

/// A loaded template set and the sources it came from, for locating errors.
pub struct Engine {
    /// Tera with every template loaded.
    pub tera: Tera,
    /// Template sources by name, built-ins included.
    pub sources: BTreeMap<String, SourceFile>,
    /// Each shortcode's name and the arguments it takes (the variables its template uses).
    pub shortcodes: BTreeMap<String, BTreeSet<String>>,
}

impl Engine {
    /// Whether a template exists.
    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// The names of the templates, for hints.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// Renders `template` for `page` (a path, or empty) under the template limit
    /// ([`crate::render::limits`]), with Tera's errors located in the template.
    pub fn render(
        &self,
        template: &str,
        context: &Context,
        page: &str,
    ) -> Result<String, Diagnostic> {
        let watched = crate::render::limits::Template {
            name: template.to_string(),
            file: self.sources.get(template).map(|source| source.path.clone()),
        };
        crate::render::limits::watched(&watched, page, || self.tera.render(template, context))?
            .map_err(|error| tera_diagnostic(&error, &self.sources, Some(template)))
    }
}

/// Loads every template into `tera` (which must already have its functions and filters), reporting
/// every syntax error at once rather than the first only.
pub fn load_engine(mut tera: Tera, templates: &TemplateSources) -> Result<Engine, Vec<Diagnostic>> {
    let mut sources: BTreeMap<String, SourceFile> = BUILTIN_TEMPLATES
        .iter()
        .map(|(name, text)| {
            (
                (*name).to_string(),
                SourceFile::new(format!("<built-in {name}>"), *text),
            )
        })
        .collect();
    sources.extend(templates.iter().map(|(n, s)| (n.clone(), s.clone())));

    let problems = syntax_errors(&tera, &sources);
    if !problems.is_empty() {
        return Err(problems);
    }
    let all = sources
        .iter()
        .map(|(name, source)| (name.as_str(), &*source.text));
    if let Err(error) = tera.add_raw_templates(all) {
        return Err(vec![tera_diagnostic(&error, &sources, None)]);
    }
    let shortcodes = shortcode_arguments(&tera, &sources);
    Ok(Engine {
        tera,
        sources,
        shortcodes,
    })
}

/// Parses each template on its own so that every syntax error is found, not only the first.
/// Errors about missing parents are left to the full load, where every template is present.
fn syntax_errors(tera: &Tera, sources: &BTreeMap<String, SourceFile>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, source) in sources {
        let mut alone = tera.clone();
        if let Err(error) = alone.add_raw_template(name, &source.text)
            && matches!(error.kind(), ErrorKind::SyntaxError(_))
        {
            problems.push(tera_diagnostic(&error, sources, Some(name)));
        }
    }
    problems
}

fn shortcode_arguments(
    tera: &Tera,
    sources: &BTreeMap<String, SourceFile>,
) -> BTreeMap<String, BTreeSet<String>> {
    sources
        .keys()
        .filter_map(|name| {
            let short = name.strip_prefix(SHORTCODE_DIR)?;
            let short = short.strip_suffix(".html").unwrap_or(short);
            let variables = tera.get_template_variables(name).ok()?;
            let arguments = variables
                .into_iter()
                .filter(|v| !RESERVED_VARIABLES.contains(v))
                .map(str::to_string)
                .collect();
            Some((short.to_string(), arguments))
        })
        .collect()
}

/// Turns a Tera error into a diagnostic located in the template's file when Tera gives a position.
/// `template` names the template being rendered or loaded, for errors that carry no position.
pub fn tera_diagnostic(
    error: &tera::Error,
    sources: &BTreeMap<String, SourceFile>,
    template: Option<&str>,
) -> Diagnostic {
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let kind = if matches!(error.kind(), ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let message = format!("{kind}: {}", report.message());
            match sources.get(report.filename()) {
                Some(source) => {
                    let range = report.span().range.clone();
                    Diagnostic::error(message).at(source, range)
                }
                None => Diagnostic::error(message).in_file(report.filename().to_string()),
            }
        }
        ErrorKind::MissingParent { current, parent } => {
            let names = sources.keys().map(String::as_str);
            let hint = crate::suggest::did_you_mean(parent, names)
                .unwrap_or_else(|| format!("create templates/{parent} or fix the name"));
            let diagnostic = Diagnostic::error(format!(
                "template `{current}` extends `{parent}`, which does not exist"
            ))
            .with_hint(hint);
            locate_text(diagnostic, sources.get(current), parent)
        }
        ErrorKind::TemplateNotFound(name) => {
            let names = sources.keys().map(String::as_str);
            let hint = crate::suggest::did_you_mean(name, names)
                .unwrap_or_else(|| format!("create templates/{name}"));
            let diagnostic =
                Diagnostic::error(format!("template `{name}` not found")).with_hint(hint);
            let within = template.and_then(|t| sources.get(t));
            locate_text(diagnostic, within, name)
        }
        _ => {
            let diagnostic = Diagnostic::error(format!("template error: {error}"));
            match template.and_then(|t| sources.get(t)) {
                Some(source) => diagnostic.in_file(source.path.clone()),
                None => diagnostic,
            }
        }
    }
}

/// Points a diagnostic at the first occurrence of `needle` in a template, or at the file.
fn locate_text(diagnostic: Diagnostic, source: Option<&SourceFile>, needle: &str) -> Diagnostic {
    match source {
        Some(source) => match source.text.find(needle) {
            Some(start) => diagnostic.at(source, start..start + needle.len()),
            None => diagnostic.in_file(source.path.clone()),
        },
        None => diagnostic,
    }
}
