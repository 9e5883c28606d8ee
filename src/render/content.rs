//! The Markdown pass: renders every entry's body in parallel, resolving `@/` links and expanding
//! shortcodes, then checks every link's `#anchor` against the target's headings.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::markdown::autolink::GlossaryMatcher;
use crate::markdown::shortcode::ShortcodeCall;
use crate::markdown::{self, MarkdownOptions, Problem, RenderInput, Rendered, ShortcodeRenderer};
use crate::render::data::{DataValues, RenderedFields};
use crate::render::engine::{Engine, SHORTCODE_DIR};
use crate::render::glossary;
use crate::render::images::{ImageCatalog, ImageUse, PageImages};
pub use crate::render::links::EntryLinks;
use crate::render::timeline::event_value;
use crate::resolve::ResolvedSite;
use crate::resolve::data::SOURCES;
use crate::resolve::library::Entry;
use crate::resolve::links::find_entry;
use crate::resolve::timeline::{TimelineFilter, matches, sorted_events};

/// Rendered Markdown from an earlier run, reused by `serve` for entries whose body and
/// surroundings did not change.
#[derive(Debug, Clone, Default)]
pub struct ContentCache {
    /// What every entry's rendering depended on besides its own body.
    fingerprint: u64,
    /// `(key, lang)` to the body (kept as the file's shared text and the body's range in it,
    /// which costs no copy) and its rendering.
    entries: HashMap<(String, String), (Body, Arc<PageContent>)>,
}

/// A Markdown body: its file's text and where the body is in it.
#[derive(Debug, Clone)]
struct Body {
    text: Arc<str>,
    range: std::ops::Range<usize>,
}

impl Body {
    fn of(entry: &Entry) -> Self {
        Self {
            text: Arc::clone(&entry.file.source.text),
            range: entry.file.body_range.clone(),
        }
    }

    /// Whether `entry`'s body is this one: compared byte for byte, which is faster than hashing
    /// every body of the site twice.
    fn is_body_of(&self, entry: &Entry) -> bool {
        self.text.get(self.range.clone()) == Some(entry.file.body())
    }
}

impl ContentCache {
    /// Remembers the rendered Markdown of a prepared site, but for the `stale` entries.
    pub fn new(
        site: &ResolvedSite,
        engine: &Engine,
        images: &ImageCatalog,
        contents: &[Arc<PageContent>],
        stale: &[usize],
    ) -> Self {
        let entries = site
            .library
            .entries
            .iter()
            .zip(contents)
            .enumerate()
            .filter(|(i, _)| !stale.contains(i))
            .map(|(_, (entry, content))| {
                let key = (entry.key().to_string(), entry.lang().to_string());
                (key, (Body::of(entry), Arc::clone(content)))
            })
            .collect();
        Self {
            fingerprint: fingerprint(site, engine, images),
            entries,
        }
    }

    fn get(&self, entry: &Entry) -> Option<Arc<PageContent>> {
        let (body, rendered) = self
            .entries
            .get(&(entry.key().to_string(), entry.lang().to_string()))?;
        body.is_body_of(entry).then(|| Arc::clone(rendered))
    }
}

/// A hash of everything a body's rendering depends on besides the body: every URL (for `@/`
/// links), every output path (plain links are checked against them), the shortcode templates,
/// the Markdown options, how translations are checked, the UI strings, the data and the images.
fn fingerprint(site: &ResolvedSite, engine: &Engine, images: &ImageCatalog) -> u64 {
    let mut hasher = DefaultHasher::new();
    for entry in &site.library.entries {
        (entry.key(), entry.lang(), &entry.path).hash(&mut hasher);
    }
    for (path, _) in site.plan.iter() {
        path.hash(&mut hasher);
    }
    site.loaded.config.translations.hash(&mut hasher);
    for (name, source) in &engine.sources {
        if name.starts_with(SHORTCODE_DIR) {
            (name, &*source.text).hash(&mut hasher);
        }
    }
    format!("{:?}", site.loaded.config.markdown).hash(&mut hasher);
    site.loaded.translations.hash(&mut hasher);
    format!("{:?}", site.loaded.data).hash(&mut hasher);
    images.fingerprint(&mut hasher);
    hasher.finish()
}

/// Renders the Markdown of every entry (same order as the library), gathering every error.
/// Entries found unchanged in `cache` are not rendered again.
pub fn render_contents(
    site: &ResolvedSite,
    engine: &Engine,
    data: DataContext<'_>,
    cache: Option<&ContentCache>,
) -> Result<Vec<Arc<PageContent>>, Vec<Diagnostic>> {
    into_result(render_contents_checked(site, engine, data, cache))
}

/// [`render_contents`], giving every entry's rendering whatever the errors: an entry whose
/// Markdown has a mistake gets an empty rendering, so that its template is still checked.
pub fn render_contents_checked(
    site: &ResolvedSite,
    engine: &Engine,
    data: DataContext<'_>,
    cache: Option<&ContentCache>,
) -> (Vec<Arc<PageContent>>, Vec<Diagnostic>) {
    let cache = cache.filter(|c| c.fingerprint == fingerprint(site, engine, data.images));
    render_entries(site, engine, data, |_, entry| {
        cache.and_then(|c| c.get(entry))
    })
}

/// Renders the Markdown of the `edited` entries again and keeps `previous` for the others: what
/// `serve` does after a save that changed only Markdown bodies, since nothing else a body's
/// rendering depends on (URLs, data, shortcodes, options) changed. The anchors of every link are
/// checked again, as an edit can remove a heading another page links to.
pub fn rerender_contents(
    site: &ResolvedSite,
    engine: &Engine,
    data: DataContext<'_>,
    previous: &[Arc<PageContent>],
    edited: &[usize],
) -> Result<Vec<Arc<PageContent>>, Vec<Diagnostic>> {
    into_result(render_entries(site, engine, data, |i, _| {
        (!edited.contains(&i))
            .then(|| previous.get(i).map(Arc::clone))
            .flatten()
    }))
}

fn into_result<T>((value, problems): (T, Vec<Diagnostic>)) -> Result<T, Vec<Diagnostic>> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(problems)
    }
}

/// Renders every entry's Markdown but those `reuse` gives, in parallel, then checks the anchors
/// (but those into an entry whose Markdown has a mistake: its headings are not known).
fn render_entries(
    site: &ResolvedSite,
    engine: &Engine,
    data: DataContext<'_>,
    reuse: impl Fn(usize, &Entry) -> Option<Arc<PageContent>> + Sync,
) -> (Vec<Arc<PageContent>>, Vec<Diagnostic>) {
    let options = site.loaded.config.markdown.options();
    let matchers: BTreeMap<&str, GlossaryMatcher> = site
        .loaded
        .config
        .language_codes()
        .into_iter()
        .map(|lang| (lang, glossary::matcher(site, lang)))
        .collect();
    let results: Vec<Result<Arc<PageContent>, Vec<Diagnostic>>> = site
        .library
        .entries
        .par_iter()
        .enumerate()
        .map(|(i, entry)| match reuse(i, entry) {
            Some(rendered) => Ok(rendered),
            None => {
                let glossary = matchers
                    .get(entry.lang())
                    .filter(|_| entry.front().glossary != Some(false));
                render_entry(site, engine, entry, &options, data, glossary).map(Arc::new)
            }
        })
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    let mut failed = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        failed.push(result.is_err());
        match result {
            Ok(content) => rendered.push(content),
            Err(errors) => {
                problems.extend(errors);
                rendered.push(Arc::new(PageContent::empty()));
            }
        }
    }
    problems.extend(check_anchors(site, &rendered, &failed));
    (rendered, problems)
}

fn render_entry(
    site: &ResolvedSite,
    engine: &Engine,
    entry: &Entry,
    options: &MarkdownOptions,
    data: DataContext<'_>,
    glossary: Option<&GlossaryMatcher>,
) -> Result<PageContent, Vec<Diagnostic>> {
    let links = EntryLinks::for_entry(site, entry);
    let images = PageImages::new(data.images, &entry.path);
    let mut shortcodes =
        EntryShortcodes::with_data(site, engine, entry.lang(), Some(data)).with_images(&images);
    shortcodes.page = site.library.get(entry.key(), entry.lang());
    let input = RenderInput {
        source: entry.file.body(),
        options,
        links: &links,
        shortcodes: &shortcodes,
        glossary,
        images: Some(&images),
    };
    let code = shortcodes
        .page
        .and_then(|page| site.charts.code_of(page, &entry.file.source.text));
    let rendered = markdown::render_with_code(&input, code).map_err(|errors| {
        let base = entry.file.body_range.start;
        errors
            .into_iter()
            .map(|error| {
                Diagnostic::error(error.message)
                    .at(
                        &entry.file.source,
                        base + error.offset..base + error.offset + error.len,
                    )
                    .with_optional_hint(error.hint)
            })
            .collect::<Vec<_>>()
    })?;
    let mut rendered = rendered;
    let base = entry.file.body_range.start;
    let warnings = std::mem::take(&mut rendered.warnings)
        .into_iter()
        .map(|warning| {
            let span = base + warning.offset..base + warning.offset + warning.len;
            Diagnostic::warning(warning.message)
                .at(&entry.file.source, span)
                .with_optional_hint(warning.hint)
        })
        .collect();
    // The page's HTML is kept once, as the template value every render shares (its text is
    // reference-counted), rather than as a string and a copy of it.
    let html = Value::safe_string(&std::mem::take(&mut rendered.html));
    Ok(PageContent {
        rendered,
        html,
        cited: shortcodes.into_cited(),
        images: images.into_uses(),
        warnings,
    })
}

/// What pages' shortcodes need besides the site: every entry's value, the rendered Markdown
/// fields, and the images pages may show.
#[derive(Clone, Copy)]
pub struct DataContext<'a> {
    /// Entry values per collection and language.
    pub values: &'a DataValues,
    /// Rendered `markdown` fields.
    pub fields: &'a RenderedFields,
    /// The raster images of the site.
    pub images: &'a ImageCatalog,
}

/// A page's rendered Markdown and what it cited, in order of first citation.
#[derive(Debug, Clone)]
pub struct PageContent {
    /// The renderer's output, but for its HTML, which is in `html`.
    pub rendered: Rendered,
    /// The page's HTML, as a template value (`page.content`).
    pub html: Value,
    /// The ids of the sources cited with `cite()`, in order of first use.
    pub cited: Vec<String>,
    /// The images the page shows that Spiega processes, in page order.
    pub images: Vec<ImageUse>,
    /// Probable mistakes in the page's Markdown (a link into another language), located.
    pub warnings: Vec<Diagnostic>,
}

impl PageContent {
    /// What stands for the Markdown of an entry that has a mistake in it (reported): nothing.
    pub fn empty() -> Self {
        Self {
            rendered: Rendered::default(),
            html: Value::safe_string(""),
            cited: Vec::new(),
            images: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The page's HTML.
    pub fn html(&self) -> &str {
        self.html.as_str().unwrap_or_default()
    }

    /// The glossary terms linked on the page, in order of first link.
    pub fn glossary_terms(&self) -> &[String] {
        &self.rendered.glossary_terms
    }
}

/// Renders shortcodes with the theme's `shortcodes/<name>.html` templates, and `cite()` itself.
pub struct EntryShortcodes<'a> {
    site: &'a ResolvedSite,
    engine: &'a Engine,
    lang: &'a str,
    language: Value,
    /// Data values and rendered data fields, for `timeline()`; none while data itself renders.
    data: Option<DataContext<'a>>,
    /// Sources cited so far on this page. A page renders on one thread, so this lock is never
    /// contended; it only makes the renderer `Sync` as the trait asks.
    cited: Mutex<Vec<String>>,
    /// Ids of the charts drawn so far on this page (so that two charts of the same field get
    /// different ids), and how many of the charts resolve found in it were drawn.
    chart_ids: Mutex<(crate::resolve::charts::UniqueIds, usize)>,
    /// The page rendered, by library index (none for data fields): its charts found by resolve
    /// have CSV files.
    pub page: Option<usize>,
    /// The page's images, for `figure()`; none in data fields.
    images: Option<&'a PageImages<'a>>,
}

impl<'a> EntryShortcodes<'a> {
    /// A shortcode renderer for one page (or data field) in `lang`.
    pub fn new(site: &'a ResolvedSite, engine: &'a Engine, lang: &'a str) -> Self {
        Self::with_data(site, engine, lang, None)
    }

    /// A shortcode renderer that can also embed data (`timeline()`).
    pub fn with_data(
        site: &'a ResolvedSite,
        engine: &'a Engine,
        lang: &'a str,
        data: Option<DataContext<'a>>,
    ) -> Self {
        let language = site
            .loaded
            .config
            .language(lang)
            .map_or_else(Value::none, Value::from_serializable);
        Self {
            site,
            engine,
            lang,
            language,
            data,
            cited: Mutex::new(Vec::new()),
            chart_ids: Mutex::new(Default::default()),
            page: None,
            images: None,
        }
    }

    /// The same renderer, showing `figure()` images through `images`.
    pub fn with_images(mut self, images: &'a PageImages<'a>) -> Self {
        self.images = Some(images);
        self
    }

    /// The sources cited, in order of first use.
    pub fn into_cited(self) -> Vec<String> {
        self.cited
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn timeline(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        let Some(data) = self.data else {
            return Err(Problem {
                message: "`timeline` cannot be used inside data files".to_string(),
                hint: None,
            });
        };
        let (filters, limit) = timeline_arguments(self.site, &call.args)?;
        let events: Vec<Value> = sorted_events(self.site)
            .into_iter()
            .filter(|event| filters.iter().all(|f| matches(event, f)))
            .take(limit.unwrap_or(usize::MAX))
            .map(|event| event_value(self.site, event, self.lang, data.values, data.fields))
            .collect();
        let mut context = Context::new();
        context.insert_value("events", Value::from(events));
        context.insert("lang", self.lang);
        context.insert_value("language", self.language.clone());
        context.insert(
            "timeline_path",
            &crate::resolve::timeline::timeline_path(self.site, self.lang)
                .map(|p| format!("{}{p}", self.site.loaded.config.base_path())),
        );
        let template = format!("{SHORTCODE_DIR}timeline.html");
        self.engine
            .render_shortcode("timeline", &template, &context)
    }

    fn figure(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        let page = crate::render::figure::FigureContext {
            engine: self.engine,
            lang: self.lang,
            language: &self.language,
            images: self.images,
        };
        crate::render::figure::render_figure(&page, call, |id| {
            let mut args = BTreeMap::new();
            args.insert("id".to_string(), serde_json::Value::String(id.to_string()));
            self.cite(&ShortcodeCall {
                args,
                ..call.clone()
            })
        })
    }

    fn cite(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        if let Some(other) = call.args.keys().find(|k| *k != "id") {
            return Err(Problem {
                message: format!("unknown argument `{other}` for shortcode `cite`"),
                hint: Some("`cite` takes `id`".to_string()),
            });
        }
        let Some(id) = call.args.get("id").and_then(|v| v.as_str()) else {
            return Err(Problem {
                message: "`cite` needs the id of a source".to_string(),
                hint: Some(
                    "write `{{ cite(id=\"…\") }}` with an id from content/data/sources.yaml"
                        .to_string(),
                ),
            });
        };
        self.cite_id(id)
    }

    /// Draws a chart; one that resolve found in this page gets its id and CSV file.
    fn chart(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        let base = crate::resolve::chart_spec::base_id(&call.args)?;
        let (id, csv) = {
            let mut guard = self
                .chart_ids
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let (used, drawn) = &mut *guard;
            // Charts render in source order, as resolve found them: the next one found is
            // checked first, so that a page of many charts costs linear time.
            let found = self.page.and_then(|page| {
                let charts = self.site.charts.of_entry(page);
                let fits = |c: &&crate::resolve::charts::PageChart| {
                    c.args == call.args && !used.contains(&c.id)
                };
                charts
                    .get(*drawn)
                    .filter(fits)
                    .or_else(|| charts.iter().find(fits))
                    .cloned()
            });
            match found {
                Some(chart) => {
                    used.insert(&chart.id);
                    *drawn += 1;
                    let planned = self.site.plan.get(&chart.file).is_some();
                    let base_path = self.site.loaded.config.base_path();
                    (
                        chart.id,
                        planned.then(|| format!("{base_path}{}", chart.file)),
                    )
                }
                None => (used.take(base), None),
            }
        };
        let cite = |source: &str| self.cite_id(source);
        let place = crate::render::chart::Place {
            id,
            csv,
            cite: Some(&cite),
        };
        crate::render::chart::draw(self.site, self.lang, &call.args, &place)
    }

    /// The citation marker of a source, numbered by first use on the page.
    fn cite_id(&self, id: &str) -> Result<String, Problem> {
        let sources = self.site.data.get(SOURCES);
        if sources.is_some_and(|c| c.get(id).is_none() && c.knows(id)) {
            // A source kept out for a mistake of its own: reported there, not here.
            return Ok(String::new());
        }
        let Some((collection, entry)) = sources.and_then(|c| c.get(id).map(|e| (c, e))) else {
            let hint = sources
                .and_then(|c| crate::suggest::did_you_mean(id, c.ids()))
                .or_else(|| Some("add it to content/data/sources.yaml".to_string()));
            return Err(Problem {
                message: format!("unknown source `{id}`"),
                hint,
            });
        };
        let number = {
            let mut cited = self
                .cited
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            match cited.iter().position(|c| c == id) {
                Some(i) => i + 1,
                None => {
                    cited.push(id.to_string());
                    cited.len()
                }
            }
        };
        let mut context = Context::new();
        context.insert("id", id);
        context.insert("number", &number);
        context.insert("title", &collection.title(entry, self.lang));
        context.insert("lang", self.lang);
        let template = format!("{SHORTCODE_DIR}cite.html");
        self.engine.render_shortcode("cite", &template, &context)
    }
}

impl ShortcodeRenderer for EntryShortcodes<'_> {
    fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem> {
        match call.name {
            "cite" => return self.cite(call),
            "timeline" => return self.timeline(call),
            "figure" => return self.figure(call),
            "chart" => return self.chart(call),
            _ => {}
        }
        if self
            .engine
            .is_broken(&format!("{SHORTCODE_DIR}{}.html", call.name))
        {
            // Its template has a mistake, reported there: the call would only echo it.
            return Ok(String::new());
        }
        let Some(arguments) = self.engine.shortcodes.get(call.name) else {
            let names = self.engine.shortcodes.keys().map(String::as_str);
            let hint = crate::suggest::did_you_mean(call.name, names).or_else(|| {
                let list: Vec<String> = self
                    .engine
                    .shortcodes
                    .keys()
                    .map(|n| format!("`{n}`"))
                    .collect();
                Some(if list.is_empty() {
                    format!("create templates/{SHORTCODE_DIR}{}.html", call.name)
                } else {
                    format!("known shortcodes: {}", list.join(", "))
                })
            });
            return Err(Problem {
                message: format!("unknown shortcode `{}`", call.name),
                hint,
            });
        };
        for name in call.args.keys() {
            if !arguments.contains(name) {
                let hint = crate::suggest::did_you_mean(name, arguments.iter().map(String::as_str))
                    .or_else(|| Some(takes(call.name, arguments)));
                return Err(Problem {
                    message: format!("unknown argument `{name}` for shortcode `{}`", call.name),
                    hint,
                });
            }
        }
        let mut context = Context::new();
        for (name, value) in &call.args {
            context.insert_value(name.clone(), Value::from_serializable(value));
        }
        if let Some(body) = call.body {
            context.insert_value("body", Value::safe_string(body));
        }
        context.insert("lang", self.lang);
        context.insert_value("language", self.language.clone());
        let template = format!("{SHORTCODE_DIR}{}.html", call.name);
        let inline = call.body.is_none();
        self.engine
            .render_shortcode(call.name, &template, &context)
            // A template file's last newline would put a space before the punctuation that
            // follows an inline shortcode ("the timeline ."); block output keeps its lines.
            .map(|html| {
                if inline {
                    html.trim_end().to_string()
                } else {
                    html
                }
            })
    }
}

fn takes(name: &str, arguments: &std::collections::BTreeSet<String>) -> String {
    if arguments.is_empty() {
        format!("`{name}` takes no arguments")
    } else {
        let list: Vec<String> = arguments.iter().map(|a| format!("`{a}`")).collect();
        format!("`{name}` takes {}", list.join(", "))
    }
}

/// Every `@/page.md#anchor` must name a heading of the target page, unless the target's Markdown
/// `failed` (its headings are then unknown).
fn check_anchors(
    site: &ResolvedSite,
    rendered: &[Arc<PageContent>],
    failed: &[bool],
) -> Vec<Diagnostic> {
    let config = &site.loaded.config;
    let mut problems = Vec::new();
    for (entry, content) in site.library.entries.iter().zip(rendered) {
        for link in &content.rendered.internal_links {
            let Some(anchor) = &link.anchor else { continue };
            let Ok(target) = find_entry(
                &site.library,
                &link.target,
                entry.lang(),
                &config.default_language,
            ) else {
                continue;
            };
            if failed.get(target).copied().unwrap_or(true) {
                continue;
            }
            let ids = &rendered[target].rendered.heading_ids;
            if anchor.is_empty() || ids.iter().any(|id| id == anchor) {
                continue;
            }
            let target_entry = &site.library.entries[target];
            let hint = crate::suggest::did_you_mean(anchor, ids.iter().map(String::as_str))
                .or_else(|| Some(headings_hint(ids)));
            let base = entry.file.body_range.start;
            problems.push(
                Diagnostic::error(format!(
                    "broken anchor: `#{anchor}` is not a heading of {}",
                    target_entry.file.source.path.display()
                ))
                .at(
                    &entry.file.source,
                    base + link.offset..base + link.offset + link.len,
                )
                .with_optional_hint(hint),
            );
        }
    }
    problems
}

fn headings_hint(ids: &[String]) -> String {
    if ids.is_empty() {
        return "that page has no headings".to_string();
    }
    let shown: Vec<String> = ids.iter().take(8).map(|id| format!("`{id}`")).collect();
    format!("its headings are {}", shown.join(", "))
}

/// The filters and limit of a `timeline(...)` call. A refs field of the events is named by its
/// name or its singular (`companies=` or `company=`); ids and categories must exist.
fn timeline_arguments(
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
