//! The render stage: Markdown to HTML, then every template, into an in-memory map of output files.
//!
//! Nothing is written here: a build with any error must leave the output folder untouched, so the
//! whole site is rendered first and handed to the write stage only if it has no error.

pub mod alternates;
pub mod builtins;
pub mod cards;
pub mod chart;
pub mod content;
pub mod data;
pub mod dates;
pub mod engine;
pub mod feeds;
pub mod figure;
pub mod functions;
pub mod glossary;
pub mod images;
pub mod limits;
pub mod listings;
pub mod menu;
pub mod numbers;
pub mod pages;
pub mod referrers;
pub mod search;
pub mod template_tags;
pub mod tera_errors;
pub mod timeline;
pub mod values;
pub mod warnings;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use tera::Tera;

use crate::diagnostic::Diagnostic;
use crate::resolve::ResolvedSite;
use crate::resolve::plan::{OutputKind, OutputPlan};
use content::ContentCache;
use functions::FunctionData;
use rayon::prelude::*;

/// Where an output file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Copied from a file as it is (static files and assets).
    Copy(PathBuf),
}

/// Every file of the built site, by relative `/`-separated path, in a stable order.
#[derive(Debug, Default)]
pub struct RenderedSite {
    /// The files to write.
    pub files: BTreeMap<String, Output>,
    /// How many pages and sections were rendered per language, in the site's language order.
    pub pages_per_language: Vec<(String, usize)>,
}

/// A site ready to render: Markdown rendered, page values built, templates loaded. Any output
/// can then be rendered on its own, which is what `serve` does on each request.
pub struct Prepared {
    /// The resolved site.
    pub site: Arc<ResolvedSite>,
    /// The templates.
    pub engine: engine::Engine,
    /// The functions' shared data, holding every entry's value.
    data: Arc<FunctionData>,
    /// Every entry's rendered Markdown, in library order.
    pub contents: Vec<Arc<content::PageContent>>,
    /// Every data entry's rendered `markdown` fields.
    pub fields: data::RenderedFields,
    /// Probable mistakes found while rendering (e.g. a source nothing cites).
    pub warnings: Vec<Diagnostic>,
    /// The sources cited by data entries' Markdown fields.
    cited_in_data: BTreeSet<String>,
    /// Every taxonomy's value, shared by its list page and its term pages.
    taxonomies: Vec<pages::TaxonomyValues>,
    /// Every output file: the site's plan with the variants of the images pages show.
    pub plan: Arc<OutputPlan>,
    /// The raster images pages may show.
    images: images::ImageCatalog,
    /// The social cards' renderer, made on the first card drawn.
    pub(crate) cards: crate::render::cards::Cards,
}

impl Prepared {
    /// Every data entry's value per language.
    pub fn data_values(&self) -> Option<&data::DataValues> {
        self.data.data_values.get()
    }

    /// Every entry's value, in library order.
    pub fn values(&self) -> &[tera::Value] {
        self.data.values.get().map_or(&[], Vec::as_slice)
    }

    /// A cache of this site's rendered Markdown, for the next `prepare` after an edit, leaving
    /// out the `stale` entries (whose Markdown is not the one of their file).
    pub fn content_cache(&self, stale: &[usize]) -> ContentCache {
        ContentCache::new(
            &self.site,
            &self.engine,
            &self.images,
            &self.contents,
            stale,
        )
    }
}

/// Loads the templates and renders every entry's Markdown (reusing `cache` where the inputs did
/// not change), then builds the values templates see.
pub fn prepare(
    site: Arc<ResolvedSite>,
    cache: Option<&ContentCache>,
) -> Result<Prepared, Vec<Diagnostic>> {
    let (prepared, problems) = prepare_checked(site, cache);
    if problems.iter().any(Diagnostic::is_error) {
        Err(problems)
    } else {
        Ok(prepared)
    }
}

/// [`prepare`] whatever the mistakes, with every mistake found: a template with a mistake renders
/// as nothing, a Markdown body or field with one as empty, so that every output can still be
/// rendered to find the templates' own mistakes in the same run.
pub fn prepare_checked(
    site: Arc<ResolvedSite>,
    cache: Option<&ContentCache>,
) -> (Prepared, Vec<Diagnostic>) {
    let (engine, data, mut problems) = load_engine(&site);
    problems.extend(pages::check_templates(&site, &engine));
    problems.extend(chart_colour_problems(&site).0);
    let catalog = images::ImageCatalog::new(&site);
    // Data first: pages may embed it (timeline()), while data never embeds pages.
    let ((fields, cited_in_data), field_problems) = data::render_markdown_fields(&site, &engine);
    problems.extend(field_problems);
    let data_values = data
        .data_values
        .get_or_init(|| data::data_values(&site, &fields));
    let data_context = content::DataContext {
        values: data_values,
        fields: &fields,
        images: &catalog,
    };
    let (contents, content_problems) =
        content::render_contents_checked(&site, &engine, data_context, cache);
    problems.extend(content_problems);
    let (plan, image_warnings) = match process_images(&site, &catalog, &contents) {
        Ok(done) => done,
        Err(errors) => {
            problems.extend(errors);
            (Arc::new(site.plan.clone()), Vec::new())
        }
    };
    let values = values::entry_values(&site, &contents, data_values);
    let parts = Parts {
        site,
        engine,
        data,
        contents,
        fields,
        cited_in_data,
        images: catalog,
        plan,
        image_warnings,
    };
    (parts.with_values(values), problems)
}

/// Encodes the images the pages show (what the cache lacks) and claims their variants.
fn process_images(
    site: &ResolvedSite,
    catalog: &images::ImageCatalog,
    contents: &[Arc<content::PageContent>],
) -> Result<(Arc<OutputPlan>, Vec<Diagnostic>), Vec<Diagnostic>> {
    let processed = images::process_images(site, catalog, contents)?;
    if processed.files.is_empty() {
        return Ok((Arc::new(site.plan.clone()), processed.warnings));
    }
    let plan = images::plan_with_images(site, contents, &processed)?;
    Ok((Arc::new(plan), processed.warnings))
}

/// The errors and warnings about the stylesheet's chart colours (see [`chart::palette`]).
fn chart_colour_problems(site: &ResolvedSite) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    site.loaded
        .stylesheet
        .as_ref()
        .map(chart::palette::check)
        .unwrap_or_default()
}

/// The templates, with the functions, which read the site and the values set later in the
/// [`FunctionData`] returned; and the templates' mistakes.
fn load_engine(site: &Arc<ResolvedSite>) -> (engine::Engine, Arc<FunctionData>, Vec<Diagnostic>) {
    let data = Arc::new(FunctionData {
        site: Arc::clone(site),
        values: OnceLock::new(),
        data_values: OnceLock::new(),
    });
    let mut tera = Tera::new();
    // Social card templates are SVG: their text is escaped like HTML's.
    tera.autoescape_on(vec![".html", ".htm", ".xml", ".svg"]);
    functions::register(&mut tera, &data);
    tera.global_context().insert("config", &site.loaded.config);
    tera.global_context().insert("data", &data::raw_data(site));
    let (engine, problems) = engine::load_engine(tera, &site.loaded.templates);
    (engine, data, problems)
}

/// A preparation with its Markdown rendered, waiting for the entries' values.
struct Parts {
    site: Arc<ResolvedSite>,
    engine: engine::Engine,
    data: Arc<FunctionData>,
    contents: Vec<Arc<content::PageContent>>,
    fields: data::RenderedFields,
    cited_in_data: BTreeSet<String>,
    images: images::ImageCatalog,
    plan: Arc<OutputPlan>,
    image_warnings: Vec<Diagnostic>,
}

impl Parts {
    /// The prepared site, with every entry's value (in library order) and the warnings.
    fn with_values(self, values: Vec<tera::Value>) -> Prepared {
        self.data.values.get_or_init(|| values);
        let mut warnings =
            warnings::render_warnings(&self.site, &self.contents, &self.cited_in_data);
        warnings.extend(self.image_warnings);
        warnings.extend(chart_colour_problems(&self.site).1);
        let taxonomies = pages::taxonomy_values(
            &self.site,
            self.data.values.get().map_or(&[], Vec::as_slice),
        );
        Prepared {
            site: self.site,
            engine: self.engine,
            data: self.data,
            contents: self.contents,
            fields: self.fields,
            warnings,
            cited_in_data: self.cited_in_data,
            taxonomies,
            plan: self.plan,
            images: self.images,
            cards: crate::render::cards::Cards::default(),
        }
    }
}

/// Why [`prepare_after_edit`] could not give the edited site.
#[derive(Debug)]
pub enum EditError {
    /// The edited site has errors. If they came from the Markdown, `kept` is the site with the
    /// edits in, but the Markdown of the edited entries still as it was before: the next edit
    /// can start from it, rendering those entries again too (they are named by `stale`).
    Site {
        /// The errors, in no particular order.
        diagnostics: Vec<Diagnostic>,
        /// The site to redo the next edit from, if the errors came from the Markdown.
        kept: Option<Box<Prepared>>,
        /// The entries of `kept` whose Markdown is not the one of their file.
        stale: Vec<usize>,
    },
    /// The previous run cannot be taken apart (it is still shared): prepare the site in full.
    Shared,
}

impl From<Vec<Diagnostic>> for EditError {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        EditError::Site {
            diagnostics,
            kept: None,
            stale: Vec::new(),
        }
    }
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("entries", &self.site.library.entries.len())
            .finish_non_exhaustive()
    }
}

/// What the next preparation can reuse of a prepared site, besides the resolved site.
pub struct Reusable {
    contents: Vec<Arc<content::PageContent>>,
    fields: data::RenderedFields,
    values: Vec<tera::Value>,
    data_values: data::DataValues,
    cited_in_data: BTreeSet<String>,
}

impl Prepared {
    /// Takes the prepared site apart: the resolved site, to be edited in place, and what the
    /// next preparation can reuse. `None` if the site is still shared elsewhere.
    pub fn into_parts(self) -> Option<(ResolvedSite, Reusable)> {
        let Prepared {
            site,
            engine,
            data,
            contents,
            fields,
            cited_in_data,
            ..
        } = self;
        let values = data.values.get().cloned().unwrap_or_default();
        let data_values = data.data_values.get().cloned().unwrap_or_default();
        // The templates' functions hold the site: they go first, so that the site can be
        // edited in place rather than copied.
        drop(engine);
        drop(data);
        let site = Arc::try_unwrap(site).ok()?;
        let reusable = Reusable {
            contents,
            fields,
            values,
            data_values,
            cited_in_data,
        };
        Some((site, reusable))
    }
}

/// [`prepare`] for a site in which only the `edited` entries' files changed, and none of them
/// moved ([`crate::resolve::edits`]): the templates are loaded again, but the data, its rendered
/// fields and every other entry's Markdown are reused from `reused`. Only the edited entries'
/// Markdown is rendered again, and only their values, their translations' (which show their
/// titles) and those of the sections that list any of them are built again. The result is the
/// same as preparing the edited site in full.
pub fn prepare_after_edit(
    site: ResolvedSite,
    reused: Reusable,
    edited: &[usize],
) -> Result<Prepared, EditError> {
    let Reusable {
        contents,
        fields,
        values: old_values,
        data_values,
        cited_in_data,
    } = reused;
    let site = Arc::new(site);
    let (engine, data, problems) = load_engine(&site);
    if !problems.is_empty() {
        return Err(EditError::from(problems));
    }
    let catalog = images::ImageCatalog::new(&site);
    let data_values = data.data_values.get_or_init(|| data_values);
    let data_context = content::DataContext {
        values: data_values,
        fields: &fields,
        images: &catalog,
    };
    let rendered = content::rerender_contents(&site, &engine, data_context, &contents, edited);
    // On an error, the previous Markdown and values are kept, for the next edit to start from.
    let rendered = rendered.and_then(|new_contents| {
        let (plan, warnings) = process_images(&site, &catalog, &new_contents)?;
        Ok((new_contents, plan, warnings))
    });
    let (contents, values, problems, plan, image_warnings) = match rendered {
        Ok((new_contents, plan, image_warnings)) => {
            let values = values::entry_values_after_edit(
                &site,
                &new_contents,
                data_values,
                &old_values,
                edited,
            );
            (new_contents, values, None, plan, image_warnings)
        }
        Err(diagnostics) => {
            let plan = Arc::new(site.plan.clone());
            (contents, old_values, Some(diagnostics), plan, Vec::new())
        }
    };
    let parts = Parts {
        site,
        engine,
        data,
        contents,
        fields,
        cited_in_data,
        images: catalog,
        plan,
        image_warnings,
    };
    match problems {
        None => Ok(parts.with_values(values)),
        Some(diagnostics) => Err(EditError::Site {
            diagnostics,
            kept: Some(Box::new(parts.with_values(values))),
            stale: edited.to_vec(),
        }),
    }
}

/// Renders one output file.
pub fn render_output(
    prepared: &Prepared,
    path: &str,
    kind: &OutputKind,
) -> Result<Output, Diagnostic> {
    let (site, engine, values) = (&prepared.site, &prepared.engine, prepared.values());
    let bytes = match kind {
        OutputKind::Entry(i) => pages::render_entry(site, engine, values, *i)?,
        OutputKind::TaxonomyList(t) => {
            pages::render_taxonomy_list(site, engine, &prepared.taxonomies, *t)?
        }
        OutputKind::Term(t, n) => pages::render_term(site, engine, &prepared.taxonomies, *t, *n)?,
        OutputKind::Alias(a) => pages::render_alias(site, engine, values, *a)?,
        OutputKind::DataPage(collection, id, lang) => {
            let data_values = prepared
                .data
                .data_values
                .get()
                .ok_or_else(|| Diagnostic::error("data values missing"))?;
            pages::render_data_page(site, engine, data_values, collection, id, lang)?
        }
        OutputKind::NotFound => pages::render_not_found(site, engine)?,
        OutputKind::Feed(lang) => feeds::render_feed(site, engine, values, lang, path)?,
        OutputKind::TermFeed(t, n) => {
            feeds::render_term_feed(site, engine, values, (*t, *n), path)?
        }
        OutputKind::Timeline(lang, filter) => {
            let data_values = prepared
                .data
                .data_values
                .get()
                .ok_or_else(|| Diagnostic::error("data values missing"))?;
            pages::render_timeline(
                site,
                engine,
                data_values,
                &prepared.fields,
                lang,
                filter,
                path,
            )?
        }
        OutputKind::TimelineJson(lang) => timeline::timeline_json(site, lang, &prepared.fields),
        OutputKind::Glossary(lang) => pages::render_glossary(prepared, lang, path)?,
        OutputKind::Sources(lang) => listings::render_sources(prepared, lang, path)?,
        OutputKind::CollectionIndex(name, lang) => {
            listings::render_collection_index(prepared, name, lang, path)?
        }
        OutputKind::Sitemap => feeds::render_sitemap(site, engine, &site.plan)?,
        OutputKind::Robots => feeds::render_robots(site, engine)?,
        OutputKind::SearchIndex(lang) => search::render_index(prepared, lang),
        OutputKind::Copy(source) | OutputKind::Image(source) => {
            return Ok(Output::Copy(source.clone()));
        }
        OutputKind::Builtin(bytes) => bytes.to_vec(),
        OutputKind::SocialCard(page) => return crate::render::cards::render_card(prepared, page),
        OutputKind::ChartCsv(n) => chart_csv(site, *n)?,
    };
    Ok(Output::Bytes(bytes))
}

/// The CSV file of a page's chart.
fn chart_csv(site: &ResolvedSite, n: usize) -> Result<Vec<u8>, Diagnostic> {
    let chart = site
        .charts
        .charts
        .get(n)
        .ok_or_else(|| Diagnostic::error("a chart's CSV file is missing from the plan"))?;
    let entry = &site.library.entries[chart.entry];
    chart::csv(site, entry.lang(), &chart.args).map_err(|problem| {
        Diagnostic::error(problem.message)
            .at(&entry.file.source, chart.span.clone())
            .with_optional_hint(problem.hint)
    })
}

/// Renders every output of a prepared site, in parallel, gathering every error.
pub fn render_prepared(prepared: &Prepared) -> Result<RenderedSite, Vec<Diagnostic>> {
    let plan = prepared.plan.to_vec();
    let everything: Vec<&(String, OutputKind)> = plan.iter().collect();
    let files = render_outputs(prepared, &everything)?.into_iter().collect();
    Ok(RenderedSite {
        files,
        pages_per_language: pages_per_language(&prepared.site),
    })
}

/// Renders the given outputs (path and kind, as the site's
/// [`crate::resolve::plan::OutputPlan`] holds them) in parallel, in
/// their order, gathering every error.
pub fn render_outputs(
    prepared: &Prepared,
    outputs: &[&(String, OutputKind)],
) -> Result<Vec<(String, Output)>, Vec<Diagnostic>> {
    let results: Vec<Result<(String, Output), Diagnostic>> = outputs
        .par_iter()
        .map(|(path, kind)| render_output(prepared, path, kind).map(|out| (path.clone(), out)))
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(output) => rendered.push(output),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(rendered)
    } else {
        Err(problems)
    }
}

fn pages_per_language(site: &ResolvedSite) -> Vec<(String, usize)> {
    site.loaded
        .config
        .language_codes()
        .into_iter()
        .map(|lang| {
            let count = site
                .library
                .entries
                .iter()
                .filter(|e| e.lang() == lang)
                .count();
            (lang.to_string(), count)
        })
        .collect()
}
