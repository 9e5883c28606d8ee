//! The Tera engine: loads the templates, registers Spiega's functions and filters, and turns Tera's
//! errors into diagnostics that name the template file, line and column.

use std::collections::{BTreeMap, BTreeSet};

use tera::{Context, ErrorKind, Tera};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::theme::TemplateSources;
use crate::markdown::Problem;
use crate::render::builtins::BUILTIN_TEMPLATES;
use crate::render::template_tags;
use crate::render::tera_errors::diagnostics;
pub use crate::render::tera_errors::tera_diagnostic;

/// Context variables every render gets; they are not shortcode arguments.
const RESERVED_VARIABLES: [&str; 6] = ["body", "lang", "language", "config", "data", "page"];

/// The folder of shortcode templates.
pub const SHORTCODE_DIR: &str = "shortcodes/";

/// A loaded template set and the sources it came from, for locating errors.
pub struct Engine {
    /// Tera with every template loaded, but the broken ones.
    pub tera: Tera,
    /// Template sources by name, built-ins included (and the broken ones).
    pub sources: BTreeMap<String, SourceFile>,
    /// Each shortcode's name and the arguments it takes (the variables its template uses).
    pub shortcodes: BTreeMap<String, BTreeSet<String>>,
    /// Templates left out for a mistake (reported) in them or in a template they extend or
    /// include: they render as nothing, since what uses them would only echo that mistake.
    pub broken: BTreeSet<String>,
}

impl Engine {
    /// Whether a template exists (a broken one too: it was reported for its own mistake).
    pub fn has_template(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Whether a template was left out for a mistake.
    pub fn is_broken(&self, name: &str) -> bool {
        self.broken.contains(name)
    }

    /// The names of the templates, for hints.
    pub fn template_names(&self) -> impl Iterator<Item = &str> {
        self.sources.keys().map(String::as_str)
    }

    /// Renders a shortcode's template as [`Engine::render`] does, with an error worded for the
    /// call (`shortcode `name` failed: …`) and the template's own place in its hint, so that the
    /// editor sees both the call and where the template broke.
    pub fn render_shortcode(
        &self,
        name: &str,
        template: &str,
        context: &Context,
    ) -> Result<String, Problem> {
        self.render(template, context, "").map_err(|diagnostic| {
            let (file, line, column) = diagnostic.position();
            let place = file.map_or(template.to_string(), |f| {
                format!("{}:{line}:{column}", f.display())
            });
            let hint = match diagnostic.hint {
                Some(hint) => format!("{hint} (in {place})"),
                None => format!("see {place}"),
            };
            Problem {
                message: format!("shortcode `{name}` failed: {}", diagnostic.message),
                hint: Some(hint),
            }
        })
    }

    /// Renders `template` for `page` (a path, or empty) under the template limit
    /// ([`crate::render::limits`]), with Tera's errors located in the template.
    pub fn render(
        &self,
        template: &str,
        context: &Context,
        page: &str,
    ) -> Result<String, Diagnostic> {
        if self.is_broken(template) {
            return Ok(String::new());
        }
        if !self.has_template(template) {
            // Reported where the template is named (a page's `template`, a collection's): only
            // a consequence, unless nothing else explains it.
            let error = tera::Error::new(ErrorKind::TemplateNotFound(template.to_string()));
            return Err(tera_diagnostic(&error, &self.sources, None).as_consequence());
        }
        let watched = crate::render::limits::Template {
            name: template.to_string(),
            file: self.sources.get(template).map(|source| source.path.clone()),
        };
        crate::render::limits::watched(&watched, page, || self.tera.render(template, context))?
            .map_err(|error| {
                let diagnostic = tera_diagnostic(&error, &self.sources, Some(template));
                if page.is_empty() {
                    diagnostic
                } else {
                    diagnostic.with_note(format!("{WHILE_RENDERING}{page}"))
                }
            })
    }
}

use crate::diagnostic::WHILE_RENDERING;

/// How many times the whole set of templates is loaded again after leaving out those Tera
/// refused: each round leaves out at least one, and most sites need one or two.
const MAX_ROUNDS: usize = 8;

/// Loads every template into `tera` (which must already have its functions and filters),
/// reporting every mistake at once rather than the first only. A template with a mistake is left
/// out, with every template that extends or includes it ([`Engine::broken`]); the others load.
pub fn load_engine(tera: Tera, templates: &TemplateSources) -> (Engine, Vec<Diagnostic>) {
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
    let graph = Dependencies::of(&sources);
    let (mut problems, mut broken) = syntax_errors(&tera, &sources);
    let (missing, left_out) = graph.missing(&sources);
    problems.extend(missing);
    broken.extend(left_out);
    graph.spread(&mut broken);
    let mut loaded = tera.clone();
    for _ in 0..MAX_ROUNDS {
        let mut attempt = tera.clone();
        let kept = sources
            .iter()
            .filter(|(name, _)| !broken.contains(*name))
            .map(|(name, source)| (name.as_str(), &*source.text));
        let Err(error) = attempt.add_raw_templates(kept) else {
            loaded = attempt;
            break;
        };
        let before = broken.len();
        for (name, diagnostic) in diagnostics(&error, &sources, None) {
            problems.push(diagnostic);
            broken.insert(name);
        }
        if let ErrorKind::CircularExtend {
            inheritance_chain: chain,
            ..
        }
        | ErrorKind::CircularInclude {
            include_chain: chain,
            ..
        } = error.kind()
        {
            broken.extend(chain.iter().cloned());
        }
        graph.spread(&mut broken);
        if broken.len() == before {
            // Nothing more to leave out: what is left cannot load.
            broken.extend(sources.keys().cloned());
        }
    }
    if loaded.get_template_names().next().is_none() {
        broken.extend(sources.keys().cloned());
    }
    let shortcodes = shortcode_arguments(&loaded, &sources);
    let engine = Engine {
        tera: loaded,
        sources,
        shortcodes,
        broken,
    };
    (engine, problems)
}

/// Parses each template on its own so that every syntax error is found, not only the first;
/// returns them and the templates that have one. Errors about other templates (a missing parent,
/// an unknown filter) are left to the full load, where every template is present.
fn syntax_errors(
    tera: &Tera,
    sources: &BTreeMap<String, SourceFile>,
) -> (Vec<Diagnostic>, BTreeSet<String>) {
    let mut problems = Vec::new();
    let mut broken = BTreeSet::new();
    for (name, source) in sources {
        let mut alone = tera.clone();
        if let Err(error) = alone.add_raw_template(name, &source.text)
            && matches!(error.kind(), ErrorKind::SyntaxError(_))
        {
            problems.push(tera_diagnostic(&error, sources, Some(name)));
            broken.insert(name.clone());
        }
    }
    (problems, broken)
}

/// Which templates each template extends or includes, read from their tags.
struct Dependencies {
    /// Template to the templates it extends or includes, with where each name is written.
    uses: BTreeMap<String, Vec<(String, std::ops::Range<usize>, bool)>>,
}

impl Dependencies {
    fn of(sources: &BTreeMap<String, SourceFile>) -> Self {
        let uses = sources
            .iter()
            .map(|(name, source)| {
                let text = &source.text;
                let parent = template_tags::extends(text).map(|(n, at)| (n, at, true));
                let included = template_tags::includes(text)
                    .into_iter()
                    .map(|(n, at)| (n, at, false));
                (name.clone(), parent.into_iter().chain(included).collect())
            })
            .collect();
        Self { uses }
    }

    /// A template that extends or includes one that does not exist, reported at the name, and
    /// the templates that do so.
    fn missing(&self, sources: &BTreeMap<String, SourceFile>) -> (Vec<Diagnostic>, Vec<String>) {
        let mut problems = Vec::new();
        let mut left_out = Vec::new();
        for (name, uses) in &self.uses {
            let Some(source) = sources.get(name) else {
                continue;
            };
            for (used, at, extends) in uses {
                if sources.contains_key(used) {
                    continue;
                }
                let hint = crate::suggest::did_you_mean(used, sources.keys().map(String::as_str))
                    .unwrap_or_else(|| format!("create templates/{used}, or fix the name"));
                let message = if *extends {
                    format!("`{name}` extends `{used}`, which does not exist")
                } else {
                    format!("`{name}` includes `{used}`, which does not exist")
                };
                problems.push(
                    Diagnostic::error(message)
                        .at(source, at.clone())
                        .with_hint(hint),
                );
                left_out.push(name.clone());
            }
        }
        (problems, left_out)
    }

    /// Adds to `broken` every template that extends or includes a broken one, however far.
    fn spread(&self, broken: &mut BTreeSet<String>) {
        let mut used_by: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (name, uses) in &self.uses {
            for (used, _, _) in uses {
                used_by
                    .entry(used.as_str())
                    .or_default()
                    .push(name.as_str());
            }
        }
        let mut queue: Vec<String> = broken.iter().cloned().collect();
        while let Some(name) = queue.pop() {
            for user in used_by.get(name.as_str()).into_iter().flatten() {
                if broken.insert((*user).to_string()) {
                    queue.push((*user).to_string());
                }
            }
        }
    }
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
