//! The event pass: one walk over pulldown-cmark's events that rewrites them for the page.
//!
//! [`Page`] holds what is shared by the whole page (heading ids, words, links, errors); a [`Pass`]
//! walks one fragment: the page itself, or the body of a block shortcode, rendered recursively.
//!
//! The pass knows the context of every piece of text (heading, link, image, code), which is what
//! later text transforms need: prose text goes through [`Pass::prose_text`], the hook for such
//! transforms (e.g. glossary auto-linking).

mod block_tags;
mod footnotes;
mod heading;
mod images;
mod linking;
mod prose;
mod raw_html;
mod shortcodes;
mod summary;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use super::MarkdownOptions;
use super::autolink::GlossaryMatcher;
use super::headings::{self, FlatHeading, HeadingIds};
use super::notes;
use super::placeholders::{Marks, Substituted};
use super::safety;
use super::words::WordCounter;
use super::{
    ImageResolver, InternalLink, LinkResolver, MarkdownError, RenderInput, Rendered,
    ShortcodeRenderer,
};
use crate::markdown::safe_url::UrlUse;
use crate::markdown::shortcode::Node;
use heading::PendingHeading;

/// What a page's fragments share while they are rendered.
pub(super) struct Page<'i> {
    source: &'i str,
    options: &'i MarkdownOptions,
    parser_options: Options,
    links: &'i dyn LinkResolver,
    shortcodes: &'i dyn ShortcodeRenderer,
    images: Option<&'i dyn ImageResolver>,
    marks: Marks,
    ids: HeadingIds,
    headings: Vec<FlatHeading>,
    words: WordCounter,
    internal_links: Vec<InternalLink>,
    glossary: Option<&'i GlossaryMatcher>,
    /// Glossary terms linked so far: each is linked once per page.
    linked_terms: Vec<String>,
    /// Each footnote's number on the page, by fragment and label (see [`notes`]).
    notes: HashMap<(usize, String), usize>,
    /// How many fragments were rendered so far: the next one's number.
    fragments: usize,
    /// HTML that a summary leaves out: the page's citations, which point to its sources.
    left_out_of_summary: HashSet<String>,
    pub(super) errors: Vec<MarkdownError>,
    /// Probable mistakes that do not stop the page (a link into another language).
    warnings: Vec<MarkdownError>,
}

impl<'i> Page<'i> {
    pub(super) fn new(input: &RenderInput<'i>, parser_options: Options) -> Self {
        Page {
            source: input.source,
            options: input.options,
            parser_options,
            links: input.links,
            shortcodes: input.shortcodes,
            images: input.images,
            marks: Marks::for_source(input.source),
            ids: HeadingIds::default(),
            headings: Vec::new(),
            words: WordCounter::default(),
            internal_links: Vec::new(),
            glossary: input.glossary.filter(|g| !g.is_empty()),
            linked_terms: Vec::new(),
            notes: HashMap::new(),
            fragments: 0,
            left_out_of_summary: HashSet::new(),
            errors: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Renders `range` of the page source, whose shortcodes are `nodes`, to HTML. For the page
    /// itself (`top`), also returns the summary: the HTML before `<!-- more -->`.
    pub(super) fn render_fragment(
        &mut self,
        range: Range<usize>,
        nodes: &[Node],
        top: bool,
    ) -> (String, Option<String>) {
        let fragment = self.source.get(range.clone()).unwrap_or_default();
        let substituted = Substituted::new(fragment, range.start, nodes, self.marks);
        let events: Vec<(Event<'_>, Range<usize>)> =
            Parser::new_ext(&substituted.text, self.parser_options)
                .into_offset_iter()
                .collect();
        let number = self.fragments;
        self.fragments += 1;
        self.reserve_ids(&events, number);
        self.words.boundary();
        let mut pass = Pass {
            page: self,
            sub: &substituted,
            nodes,
            fragment: number,
            top,
            out: Vec::with_capacity(events.len()),
            stack: Vec::new(),
            non_prose: 0,
            heading: None,
            para_closed: false,
            more: None,
            prose: String::new(),
            dropping_html: false,
            images: Vec::new(),
            closing_marked_link: None,
        };
        for (event, range) in events {
            pass.event(event, range);
        }
        pass.flush_prose();
        let (out, more) = (pass.out, pass.more);
        let summary = self.summary(&out, more, fragment.len());
        // Most pages have no notes: their events go to the writer as they are.
        let html = if self.notes.is_empty() {
            to_html(out, fragment.len())
        } else {
            to_html(notes::for_page(out), fragment.len())
        };
        (html, summary)
    }

    /// The page's result: its rendering, or every error found.
    pub(super) fn finish(
        mut self,
        html: String,
        summary: Option<String>,
    ) -> Result<Rendered, Vec<MarkdownError>> {
        if !self.errors.is_empty() {
            self.errors.sort_by_key(|e| (e.offset, e.len));
            return Err(self.errors);
        }
        self.warnings.sort_by_key(|w| (w.offset, w.len));
        Ok(Rendered {
            warnings: self.warnings,
            html,
            summary,
            toc: headings::toc(&self.headings),
            heading_ids: self.headings.into_iter().map(|h| h.id).collect(),
            word_count: self.words.count(),
            internal_links: self.internal_links,
            glossary_terms: self.linked_terms,
        })
    }
}

fn to_html<'e>(events: impl IntoIterator<Item = Event<'e>>, size_hint: usize) -> String {
    let mut html = String::with_capacity(size_hint + size_hint / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// The kind of an open element, as far as the pass cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Paragraph,
    Heading,
    Link,
    Image,
    Code,
    Other,
}

impl Frame {
    fn of(tag: &Tag<'_>) -> Frame {
        match tag {
            Tag::Paragraph => Frame::Paragraph,
            Tag::Heading { .. } => Frame::Heading,
            Tag::Link { .. } => Frame::Link,
            Tag::Image { .. } => Frame::Image,
            Tag::CodeBlock(_) => Frame::Code,
            _ => Frame::Other,
        }
    }

    /// Text inside these is not prose: transforms like glossary links must leave it alone.
    fn is_prose(self) -> bool {
        matches!(self, Frame::Paragraph | Frame::Other)
    }

    /// Inline formatting does not end a word: `foo*bar*` is one.
    fn splits_words(tag: &TagEnd) -> bool {
        !matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Superscript
                | TagEnd::Subscript
                | TagEnd::Link
        )
    }
}

/// The walk over one fragment's events.
struct Pass<'p, 'i, 'm> {
    page: &'p mut Page<'i>,
    sub: &'m Substituted,
    nodes: &'p [Node],
    /// This fragment's number on the page, which tells its footnote labels from others'.
    fragment: usize,
    top: bool,
    out: Vec<Event<'m>>,
    stack: Vec<Frame>,
    /// How many open elements are not prose (see [`Frame::is_prose`]).
    non_prose: usize,
    heading: Option<PendingHeading<'m>>,
    /// A block shortcode ended the current paragraph early: the rest of it, if any, must reopen it.
    para_closed: bool,
    /// Where in `out` the `<!-- more -->` marker is.
    more: Option<usize>,
    /// Prose text not yet emitted: pulldown-cmark may split a run of text into several events, and
    /// a glossary term must be found across them.
    prose: String,
    /// With raw HTML off, the HTML block being read is a lone comment: it is left out.
    dropping_html: bool,
    /// Images being read: where each starts in the output, and its place in the page source.
    images: Vec<images::OpenImage>,
    /// The end of the open link when it leads into another language: its tag and `</a>`.
    closing_marked_link: Option<String>,
}

impl<'m> Pass<'_, '_, 'm> {
    fn event(&mut self, event: Event<'m>, range: Range<usize>) {
        if !matches!(event, Event::Text(_)) {
            self.flush_prose();
        }
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => self.text(text),
            Event::Code(code) => {
                self.page.words.add(&code);
                let code = self.restore_shortcodes(code);
                self.emit(Event::Code(code));
            }
            Event::Html(html) => {
                self.page.words.boundary();
                if self.page.options.raw_html {
                    let html = self.expand_in_html(html);
                    self.emit(Event::Html(html));
                } else if !self.dropping_html {
                    self.html_as_text(html);
                }
            }
            Event::FootnoteReference(label) => {
                self.page.words.boundary();
                let note = self.note_number(&label);
                self.emit(Event::FootnoteReference(note));
            }
            Event::InlineHtml(html) => {
                if self.page.options.raw_html {
                    let html = self.expand_in_html(html);
                    self.emit(Event::InlineHtml(html));
                } else if !safety::is_lone_comment(&html) {
                    self.html_as_text(html);
                }
            }
            other => {
                self.page.words.boundary();
                self.emit(other);
            }
        }
    }

    fn start(&mut self, tag: Tag<'m>, range: Range<usize>) {
        if Frame::splits_words(&tag.to_end()) {
            self.page.words.boundary();
        }
        let frame = Frame::of(&tag);
        let image_range = (frame == Frame::Image).then(|| range.clone());
        let tag = match tag {
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                // Held back until its text, hence its id, is known: see `finish_heading`.
                return self.open_heading(level, id, classes, attrs, &range);
            }
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let (dest_url, other_language) =
                    self.link_destination(dest_url, range, UrlUse::Link);
                let title = self.expand_in_attribute(title);
                if let Some(language) = other_language {
                    self.push_frame(frame);
                    return self.open_marked_link(&dest_url, &title, &language);
                }
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
            }
            Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            } => Tag::Image {
                link_type,
                dest_url: self.link_destination(dest_url, range, UrlUse::Image).0,
                title: self.expand_in_attribute(title),
                id,
            },
            Tag::FootnoteDefinition(label) => Tag::FootnoteDefinition(self.note_number(&label)),
            Tag::HtmlBlock => {
                self.note_more_marker(&range);
                if !self.page.options.raw_html {
                    return self.start_escaped_block(&range);
                }
                Tag::HtmlBlock
            }
            tag => tag,
        };
        self.push_frame(frame);
        self.emit(Event::Start(tag));
        if let Some(range) = image_range {
            self.open_image(range);
        }
    }

    fn end(&mut self, tag: TagEnd) {
        if let Some(frame) = self.stack.pop()
            && !frame.is_prose()
        {
            self.non_prose = self.non_prose.saturating_sub(1);
        }
        if Frame::splits_words(&tag) {
            self.page.words.boundary();
        }
        match tag {
            TagEnd::Heading(_) => self.finish_heading(),
            TagEnd::Link if self.closing_marked_link.is_some() => {
                let closing = self.closing_marked_link.take().unwrap_or_default();
                self.emit(Event::InlineHtml(closing.into()));
            }
            TagEnd::HtmlBlock if !self.page.options.raw_html => self.end_escaped_block(),
            TagEnd::Image => {
                self.emit(Event::End(TagEnd::Image));
                self.close_image();
            }
            tag => self.emit(Event::End(tag)),
        }
    }

    fn push_frame(&mut self, frame: Frame) {
        if !frame.is_prose() {
            self.non_prose += 1;
        }
        self.stack.push(frame);
    }

    /// Puts an event in the output (after any gathered prose), or in the pending heading.
    fn emit(&mut self, event: Event<'m>) {
        self.flush_prose();
        self.emit_now(event);
    }

    /// Puts an event in the output, or in the pending heading.
    fn emit_now(&mut self, event: Event<'m>) {
        if let Some(heading) = &mut self.heading {
            match &event {
                Event::Text(t) | Event::Code(t) => heading.title.push_str(t),
                Event::SoftBreak | Event::HardBreak => heading.title.push(' '),
                _ => {}
            }
            heading.events.push(event);
            return;
        }
        if self.para_closed {
            match event {
                Event::End(TagEnd::Paragraph) => {
                    self.para_closed = false;
                    return;
                }
                Event::SoftBreak | Event::HardBreak => return,
                Event::Text(t) if t.trim().is_empty() => return,
                event => {
                    self.para_closed = false;
                    self.out.push(Event::Start(Tag::Paragraph));
                    let event = match event {
                        Event::Text(t) => Event::Text(trim_start(t)),
                        event => event,
                    };
                    self.out.push(event);
                    return;
                }
            }
        }
        self.out.push(event);
    }
}

fn trim_start(text: CowStr<'_>) -> CowStr<'_> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(s.trim_start()),
        other => other.trim_start().to_string().into(),
    }
}

fn trim_end(text: CowStr<'_>) -> CowStr<'_> {
    match text {
        CowStr::Borrowed(s) => CowStr::Borrowed(s.trim_end()),
        other => other.trim_end().to_string().into(),
    }
}
