//! Markdown to HTML for one page: heading ids and table of contents, summary, word count, `@/`
//! internal links and shortcodes.
//!
//! How a page is rendered:
//! 1. The raw source is parsed once only to find code spans and code blocks, so that shortcodes in
//!    them are left alone (`code_ranges`).
//! 2. Shortcode calls are read outside those ranges ([`crate::markdown::shortcode`]) and each is
//!    replaced by a placeholder token.
//! 3. The modified source is parsed again, and a single pass over its events (`pass/`) gives
//!    headings their ids, resolves links, counts words, and swaps placeholders for the shortcodes'
//!    HTML (rendering block bodies recursively, the same way). pulldown-cmark then writes the HTML.
//!
//! Shortcode placement, for authors and theme writers:
//! - A block shortcode takes part in Markdown's block structure like a paragraph would: give it
//!   blank lines around it. In a paragraph it closes the paragraph, and text after it opens a new
//!   one; but a `---` line right after `{% end %}` makes a setext heading, as after any paragraph.
//! - An inline shortcode stays in its paragraph, unless its HTML starts with a block-level element
//!   (`<div>`, `<figure>`, ...): that is placed like a block shortcode's, since it cannot be in a `<p>`.
//! - A body is the source text between the tags, rendered as a page of its own (sharing heading
//!   ids, word count and links with the page): inside a list or block quote, the container's
//!   indentation or `>` markers are part of it; its footnotes are lettered with the page's.
//! - Shortcodes are expanded in raw HTML and in link destinations too, never in code.
//!
//! `@/` links are resolved in Markdown links and images (inline or by reference); an `href` written
//! in raw HTML is left as it is.
//!
//! Nothing in a page may run script unless the site allows raw HTML (`safety.rs`): a link or an
//! image to a `javascript:`, `vbscript:` or `data:` URL (but a raster `data:image/…` image) and an
//! `on…` heading attribute are errors at their place; with `raw_html` off, raw HTML is escaped so
//! that it shows as text, and lone HTML comments are left out.
//!
//! Glossary terms ([`autolink`]) are linked in the page's own prose only: never in headings, links,
//! images, code, raw HTML, nor in shortcode output (block bodies included), and each term once.

pub mod autolink;
mod headings;
pub mod html;
mod notes;
mod pass;
mod placeholders;
pub mod safe_url;
mod safety;
pub mod shortcode;
mod words;

#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde::Serialize;

use html::escape_html;
use shortcode::ShortcodeCall;

/// Markdown options from site.yaml's `markdown` map (plain struct; the config module maps into it).
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownOptions {
    /// Curly quotes, dashes and ellipses (`"a"` → “a”, `--` → –, `...` → …).
    pub smart_punctuation: bool,
    /// Whether and where headings get a `#` link to themselves.
    pub heading_anchors: HeadingAnchors,
    /// `[^note]` references and their definitions.
    pub footnotes: bool,
    /// GitHub-style pipe tables.
    pub tables: bool,
    /// `~~struck~~` text.
    pub strikethrough: bool,
    /// `- [ ]` / `- [x]` checkboxes in lists.
    pub task_lists: bool,
    /// Raw HTML (blocks and inline) goes to the page as written; when off it is escaped, so it
    /// shows as text, and HTML comments are left out. Shortcode output is the theme's HTML, not
    /// the author's: it is never escaped.
    pub raw_html: bool,
}

impl Default for MarkdownOptions {
    /// Every extension on, no heading anchors: the defaults documented for site.yaml.
    fn default() -> Self {
        MarkdownOptions {
            smart_punctuation: true,
            heading_anchors: HeadingAnchors::None,
            footnotes: true,
            tables: true,
            strikethrough: true,
            task_lists: true,
            raw_html: true,
        }
    }
}

/// Where the `<a class="anchor" href="#id" aria-hidden="true">#</a>` link goes inside headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum HeadingAnchors {
    /// No anchor link (headings still get ids).
    #[default]
    None,
    /// Before the heading's text.
    Before,
    /// After the heading's text.
    After,
}

/// A problem found while resolving something for the renderer, with an optional hint.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// What is wrong, e.g. "no page `articles/dela.md`".
    pub message: String,
    /// How to fix it, e.g. "did you mean `articles/deal.md`?".
    pub hint: Option<String>,
}

impl Problem {
    /// A problem without a hint.
    pub fn new(message: impl Into<String>) -> Self {
        Problem {
            message: message.into(),
            hint: None,
        }
    }

    /// The same problem with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// Where a link goes, as a [`LinkResolver`] found it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LinkTarget {
    /// The URL to write in the page.
    pub url: String,
    /// The language of what the link leads to, when it is not the page's: the link gets
    /// `hreflang` and a visible language tag.
    pub other_language: Option<OtherLanguage>,
    /// A probable mistake about this link, reported as a warning at the link.
    pub warning: Option<Problem>,
    /// For a link to a content page: the page as an `@/` path with its language
    /// (`storia/accordo.en.md`), to check the link's `#anchor` against its headings.
    pub page: Option<String>,
}

impl From<String> for LinkTarget {
    fn from(url: String) -> Self {
        LinkTarget {
            url,
            ..LinkTarget::default()
        }
    }
}

impl From<&str> for LinkTarget {
    fn from(url: &str) -> Self {
        LinkTarget::from(url.to_string())
    }
}

/// A language a link leads to, other than the page's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherLanguage {
    /// Its code (`it`), for `hreflang` and the tag.
    pub code: String,
    /// Its name in itself (`Italiano`), for the tag's title.
    pub name: String,
}

/// Resolves internal links: `@/` paths, and plain paths that name a file of the site.
pub trait LinkResolver: Sync {
    /// Where the page (or asset) at `path` leads in the current language, or why it has none.
    /// `path` is what follows `@/`, without `#anchor` (e.g. `articles/deal.md`).
    fn resolve(&self, path: &str) -> Result<LinkTarget, Problem>;

    /// For a plain destination (not `@/`) as written: `Ok(None)` to leave it as it is (an
    /// external URL, an `#anchor`), `Ok(Some(..))` when it names a file of the site, or why
    /// it names nothing.
    fn check(&self, _destination: &str) -> Result<Option<LinkTarget>, Problem> {
        Ok(None)
    }

    /// The page's own URL, so that an `#anchor` link in its summary, shown elsewhere, still
    /// leads to the page.
    fn page_url(&self) -> Option<&str> {
        None
    }
}

/// Renders one shortcode call to HTML (the lead implements it with Tera templates).
pub trait ShortcodeRenderer: Sync {
    /// The HTML for `call`, inserted verbatim in the page; or a problem (unknown shortcode, unknown
    /// argument, template error), reported at the call.
    fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem>;
}

/// Shows a page's images: checks that the file exists and writes responsive HTML for raster files.
pub trait ImageResolver: Sync {
    /// The HTML that shows the image at `dest` (as written, `@/` resolved) with `alt` and `title`
    /// (empty when absent), or `None` to keep Markdown's own `<img>`; a problem if the image
    /// cannot be shown. `span` is where the image is in the page source.
    fn markdown_image(
        &self,
        dest: &str,
        alt: &str,
        title: &str,
        span: Range<usize>,
    ) -> Result<Option<String>, Problem>;
}

/// Everything [`render`] needs for one page.
pub struct RenderInput<'a> {
    /// The Markdown, front matter already removed. Error offsets are byte offsets into it.
    pub source: &'a str,
    /// The site's Markdown options.
    pub options: &'a MarkdownOptions,
    /// Resolves `@/` links for the page's language.
    pub links: &'a dyn LinkResolver,
    /// Renders shortcodes for the page's language.
    pub shortcodes: &'a dyn ShortcodeRenderer,
    /// The glossary terms to link in prose, or `None` to link none.
    pub glossary: Option<&'a autolink::GlossaryMatcher>,
    /// Shows local images, or `None` to leave them as Markdown writes them (alt text is still
    /// required).
    pub images: Option<&'a dyn ImageResolver>,
}

/// One heading in a page's table of contents, with the deeper headings that follow it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TocEntry {
    /// 1 to 6, from `<h1>` to `<h6>`.
    pub level: u8,
    /// The heading's id, for `#id` links.
    pub id: String,
    /// The heading's plain text (no HTML, not escaped).
    pub title: String,
    /// The headings below this one, up to the next one of the same or a higher level.
    pub children: Vec<TocEntry>,
}

/// An `@/` link that was resolved, kept so its anchor can be checked once every page is rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct InternalLink {
    /// The linked content path, e.g. `articles/deal.md`.
    pub target: String,
    /// The part after `#`, if any (not empty).
    pub anchor: Option<String>,
    /// Byte offset of the whole link (`[text](@/...)`) in the page source.
    pub offset: usize,
    /// Byte length of the whole link.
    pub len: usize,
}

/// A rendered page.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The page's HTML.
    pub html: String,
    /// The HTML of what comes before `<!-- more -->` (on its own line, at the top level of the
    /// page), or `None` without one. It is shown outside the page, so it has no footnotes and no
    /// citations, whose anchors are on the page only.
    pub summary: Option<String>,
    /// The nested table of contents.
    pub toc: Vec<TocEntry>,
    /// Every heading id, in page order (including headings inside shortcode bodies).
    pub heading_ids: Vec<String>,
    /// Words of text and code (not image `alt` texts): runs of non-space characters that contain a
    /// letter or digit, so `l'intelligenza` and `don't` are one word each; dashes separate words;
    /// each Chinese or Japanese character is a word. Shortcode output is not counted, the Markdown
    /// bodies of block shortcodes are.
    pub word_count: usize,
    /// Every resolved `@/` link, in page order.
    pub internal_links: Vec<InternalLink>,
    /// The ids of the glossary terms linked in the prose, in order of their link.
    pub glossary_terms: Vec<String>,
    /// Probable mistakes (a link into another language), located like errors.
    pub warnings: Vec<MarkdownError>,
}

/// A located error: `offset`/`len` are a byte range into `RenderInput::source`.
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownError {
    /// Byte offset of what is wrong.
    pub offset: usize,
    /// Byte length of what is wrong.
    pub len: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
}

impl MarkdownError {
    /// An error at `span` of the page source.
    pub fn new(span: Range<usize>, message: impl Into<String>, hint: Option<String>) -> Self {
        MarkdownError {
            offset: span.start,
            len: span.end.saturating_sub(span.start),
            message: message.into(),
            hint,
        }
    }

    /// A resolver's or shortcode renderer's problem, located at `span`.
    pub fn from_problem(span: Range<usize>, problem: Problem) -> Self {
        MarkdownError::new(span, problem.message, problem.hint)
    }

    /// The byte range of the error in the page source.
    pub fn span(&self) -> Range<usize> {
        self.offset..self.offset + self.len
    }
}

impl fmt::Display for MarkdownError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for MarkdownError {}

/// Renders a page's Markdown to HTML, with its table of contents, summary, word count and internal
/// links. Every error of the page is returned (sorted by position), not just the first.
pub fn render(input: &RenderInput<'_>) -> Result<Rendered, Vec<MarkdownError>> {
    render_with_code(input, None)
}

/// [`render`], given the code ranges of the source when an earlier stage found them (the charts
/// of a page, found by resolve), which saves parsing it once more.
pub fn render_with_code(
    input: &RenderInput<'_>,
    code: Option<&[Range<usize>]>,
) -> Result<Rendered, Vec<MarkdownError>> {
    let parser_options = parser_options(input.options);
    let shortcodes = if may_contain_shortcodes(input.source) {
        match code {
            Some(ranges) => shortcode::parse(input.source, ranges),
            None => shortcode::parse(input.source, &code_ranges(input.source, parser_options)),
        }
    } else {
        shortcode::Parsed::default()
    };
    let mut page = pass::Page::new(input, parser_options);
    for error in shortcodes.errors {
        page.errors
            .push(MarkdownError::new(error.span, error.message, error.hint));
    }
    let (html, summary) = page.render_fragment(0..input.source.len(), &shortcodes.nodes, true);
    page.finish(html, summary)
}

/// The code spans and blocks of `source`, for [`shortcode_args`] and [`render_with_code`].
pub fn code_ranges_of(source: &str, options: &MarkdownOptions) -> Vec<Range<usize>> {
    code_ranges(source, parser_options(options))
}

/// The arguments and span of every call of the shortcode `name` in `source`, outside `code`, in
/// source order (those in block bodies included): how the resolve stage finds the charts of a page
/// before anything renders. Calls with syntax errors are left out; rendering reports them.
pub fn shortcode_args(
    source: &str,
    code: &[Range<usize>],
    name: &str,
) -> Vec<(
    std::collections::BTreeMap<String, serde_json::Value>,
    Range<usize>,
)> {
    if !may_contain_shortcodes(source) || !source.contains(name) {
        return Vec::new();
    }
    let parsed = shortcode::parse(source, code);
    let mut found = Vec::new();
    let mut stack: Vec<&shortcode::Node> = parsed.nodes.iter().rev().collect();
    while let Some(node) = stack.pop() {
        match node {
            shortcode::Node::Inline {
                name: n,
                args,
                span,
            } if n == name => found.push((args.clone(), span.clone())),
            shortcode::Node::Block {
                name: n,
                args,
                open,
                children,
                ..
            } => {
                if n == name {
                    found.push((args.clone(), open.clone()));
                }
                stack.extend(children.iter().rev());
            }
            _ => {}
        }
    }
    found
}

/// pulldown-cmark's options for the site's options. Heading attributes are always on: they are how
/// authors give a heading a stable id (`## Title {#id}`).
fn parser_options(options: &MarkdownOptions) -> Options {
    let mut flags = Options::ENABLE_HEADING_ATTRIBUTES;
    for (on, flag) in [
        (options.smart_punctuation, Options::ENABLE_SMART_PUNCTUATION),
        (options.footnotes, Options::ENABLE_FOOTNOTES),
        (options.tables, Options::ENABLE_TABLES),
        (options.strikethrough, Options::ENABLE_STRIKETHROUGH),
        (options.task_lists, Options::ENABLE_TASKLISTS),
    ] {
        flags.set(flag, on);
    }
    flags
}

/// Most pages have no shortcode: they skip the extra parse.
fn may_contain_shortcodes(source: &str) -> bool {
    source.contains("{{") || source.contains("{%")
}

/// Byte ranges of the code spans and code blocks of `source`, in order.
fn code_ranges(source: &str, options: Options) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Parser::new_ext(source, options)
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| range)
        .collect();
    ranges.sort_by_key(|r| r.start);
    ranges
}
