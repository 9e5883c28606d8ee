//! The Markdown pass: renders every entry's body in parallel, resolving `@/` links and expanding
//! shortcodes, then checks every link's `#anchor` against the target's headings.

mod anchors;
mod cache;
mod shortcodes;
mod timeline_args;

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use crate::diagnostic::Diagnostic;
use crate::markdown::autolink::GlossaryMatcher;
use crate::markdown::{self, MarkdownOptions, RenderInput, Rendered};
use crate::render::data::{DataValues, RenderedFields};
use crate::render::engine::Engine;
use crate::render::glossary;
use crate::render::images::{ImageCatalog, ImageUse, PageImages};
use crate::resolve::ResolvedSite;
use crate::resolve::library::Entry;
pub use crate::resolve::page_links::EntryLinks;
use anchors::check_anchors;
pub use cache::ContentCache;
pub use shortcodes::EntryShortcodes;

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
    let cache = cache.filter(|c| c.fits(site, engine, data.images));
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
