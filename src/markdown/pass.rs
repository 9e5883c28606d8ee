//! The event pass: one walk over pulldown-cmark's events that rewrites them for the page.
//!
//! [`Page`] holds what is shared by the whole page (heading ids, words, links, errors); a [`Pass`]
//! walks one fragment: the page itself, or the body of a block shortcode, rendered recursively.
//!
//! The pass knows the context of every piece of text (heading, link, image, code), which is what
//! later text transforms need: prose text goes through [`Pass::prose_text`], the hook for such
//! transforms (e.g. glossary auto-linking).

mod images;

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::autolink::GlossaryMatcher;
use super::headings::{self, FlatHeading, HeadingIds};
use super::notes;
use super::placeholders::{Marks, Piece, Substituted};
use super::safety;
use super::words::WordCounter;
use super::{HeadingAnchors, MarkdownOptions};
use super::{
    ImageResolver, InternalLink, LinkResolver, MarkdownError, RenderInput, Rendered,
    ShortcodeRenderer,
};
use crate::markdown::safe_url::UrlUse;
use crate::markdown::shortcode::{Args, Node, ShortcodeCall};

mod linking;

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
        // Custom heading ids and the notes' ids are taken before automatic ids are made, so
        // none is repeated.
        for (event, _) in &events {
            match event {
                Event::Start(Tag::Heading { id: Some(id), .. }) => self.ids.reserve(id),
                Event::Start(Tag::FootnoteDefinition(label)) | Event::FootnoteReference(label) => {
                    let next = self.notes.len() + 1;
                    let key = (number, label.to_string());
                    if let std::collections::hash_map::Entry::Vacant(slot) = self.notes.entry(key) {
                        slot.insert(next);
                        self.ids.reserve(&notes::note_id(next));
                        self.ids.reserve(&notes::reference_id(next));
                    }
                }
                _ => {}
            }
        }
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
        let summary = more.and_then(|at| out.get(..at)).map(|before| {
            let page_url = self.links.page_url();
            let kept = notes::for_summary(before, &self.left_out_of_summary, page_url);
            to_html(kept, fragment.len() / 2)
        });
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

/// A heading being read: its events are held back until its text, hence its id, is known.
struct PendingHeading<'m> {
    level: HeadingLevel,
    custom_id: Option<CowStr<'m>>,
    classes: Vec<CowStr<'m>>,
    attrs: Vec<(CowStr<'m>, Option<CowStr<'m>>)>,
    events: Vec<Event<'m>>,
    title: String,
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
                self.check_heading_attributes(&attrs, &range);
                // Held back until its text, hence its id, is known: see `finish_heading`.
                self.push_frame(frame);
                self.heading = Some(PendingHeading {
                    level,
                    custom_id: id,
                    classes,
                    attrs,
                    events: Vec::new(),
                    title: String::new(),
                });
                return;
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

    /// With raw HTML off, an HTML block becomes a paragraph of its text; a block that is only a
    /// comment (`<!-- more -->`, a note to editors) is left out, as a browser would not show it.
    fn start_escaped_block(&mut self, range: &Range<usize>) {
        let block = self.sub.text.get(range.clone()).unwrap_or_default();
        self.dropping_html = safety::is_lone_comment(block);
        if self.dropping_html {
            self.push_frame(Frame::Other);
        } else {
            self.push_frame(Frame::Paragraph);
            self.emit(Event::Start(Tag::Paragraph));
        }
    }

    fn end_escaped_block(&mut self) {
        if std::mem::take(&mut self.dropping_html) {
            return;
        }
        if let Some(Event::Text(text)) = self.out.last_mut() {
            *text = trim_end(std::mem::replace(text, CowStr::Borrowed("")));
        }
        self.emit(Event::End(TagEnd::Paragraph));
    }

    /// Raw HTML as text, for raw HTML off: the HTML writer escapes it. Shortcodes in it still
    /// become their HTML, which is the theme's, not the author's.
    fn html_as_text(&mut self, html: CowStr<'m>) {
        let marks = self.page.marks;
        if !marks.in_text(&html) {
            return self.emit(Event::Text(html));
        }
        for piece in marks.split(&html) {
            match piece {
                Piece::Text(t) => self.emit(Event::Text(CowStr::from(t.to_string()))),
                Piece::Node(index) => self.expand_node(index),
            }
        }
    }

    /// Heading attributes go into the `<hN>` tag as written: none may be an event handler.
    fn check_heading_attributes(
        &mut self,
        attrs: &[(CowStr<'m>, Option<CowStr<'m>>)],
        range: &Range<usize>,
    ) {
        for (name, _) in attrs {
            if let Some(problem) = safety::heading_attribute_problem(name) {
                let span = self.sub.to_source(range.clone());
                self.page
                    .errors
                    .push(MarkdownError::from_problem(span, problem));
            }
        }
    }

    /// The number a footnote label of this fragment has on the page, as the label notes expect.
    fn note_number(&self, label: &str) -> CowStr<'m> {
        let key = (self.fragment, label.to_string());
        let number = self.page.notes.get(&key).copied().unwrap_or_default();
        CowStr::from(number.to_string())
    }

    fn push_frame(&mut self, frame: Frame) {
        if !frame.is_prose() {
            self.non_prose += 1;
        }
        self.stack.push(frame);
    }

    fn text(&mut self, text: CowStr<'m>) {
        let marks = self.page.marks;
        if !marks.in_text(&text) {
            return self.plain_text(text);
        }
        if self.stack.contains(&Frame::Code) {
            let text = self.restore_shortcodes(text);
            return self.plain_text(text);
        }
        for piece in marks.split(&text) {
            match piece {
                Piece::Text(t) => self.plain_text(CowStr::from(t.to_string())),
                Piece::Node(index) => self.expand_node(index),
            }
        }
    }

    fn plain_text(&mut self, text: CowStr<'m>) {
        // An image's text is its `alt` attribute: not read as part of the page.
        if !self.stack.contains(&Frame::Image) {
            self.page.words.add(&text);
        }
        if self.non_prose == 0 {
            self.prose_text(text);
        } else {
            self.emit(Event::Text(text));
        }
    }

    /// Text of the page's prose: not in a heading, link, image or code, nor shortcode output.
    ///
    /// Glossary terms are linked here: on the page itself (not in shortcode bodies), the text is
    /// gathered until the next other event, then searched by [`Pass::flush_prose`].
    fn prose_text(&mut self, text: CowStr<'m>) {
        if self.top && self.page.glossary.is_some() {
            self.prose.push_str(&text);
        } else {
            self.emit(Event::Text(text));
        }
    }

    /// Emits the gathered prose, with a link around the first occurrence of each glossary term.
    fn flush_prose(&mut self) {
        if self.prose.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.prose);
        let Some(glossary) = self.page.glossary else {
            return self.emit_now(Event::Text(text.into()));
        };
        let mut at = 0;
        let mut pieces = Vec::new();
        let mut linked = std::mem::take(&mut self.page.linked_terms);
        for found in glossary.find(&text, |id| linked.iter().any(|l| l == id)) {
            if linked.iter().any(|l| l == &found.form.id) {
                continue;
            }
            linked.push(found.form.id.clone());
            pieces.push(Event::Text(text[at..found.start].to_string().into()));
            pieces.push(Event::InlineHtml(
                format!(
                    "<a class=\"glossary-term\" href=\"{}\" data-term=\"{}\">",
                    super::escape_html(&found.form.href),
                    super::escape_html(&found.form.id)
                )
                .into(),
            ));
            pieces.push(Event::Text(text[found.start..found.end].to_string().into()));
            pieces.push(Event::InlineHtml("</a>".into()));
            at = found.end;
        }
        self.page.linked_terms = linked;
        if at < text.len() {
            pieces.push(Event::Text(text[at..].to_string().into()));
        }
        for piece in pieces {
            if !matches!(&piece, Event::Text(t) if t.is_empty()) {
                self.emit_now(piece);
            }
        }
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

    fn finish_heading(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let title = heading.title.trim().to_string();
        let id = match &heading.custom_id {
            Some(custom) => self.page.ids.custom(custom),
            None => self.page.ids.automatic(&title),
        };
        let anchor = headings::anchor_html(self.page.options.heading_anchors, &id);
        let level = heading.level;
        self.page.headings.push(FlatHeading {
            level: level as u8,
            id: id.clone(),
            title,
        });
        self.out.push(Event::Start(Tag::Heading {
            level,
            id: Some(id.into()),
            classes: heading.classes,
            attrs: heading.attrs,
        }));
        let before = self.page.options.heading_anchors == HeadingAnchors::Before;
        if let Some(anchor) = anchor.clone().filter(|_| before) {
            self.out.push(Event::InlineHtml(anchor.into()));
        }
        self.out.extend(heading.events);
        if let Some(anchor) = anchor.filter(|_| !before) {
            self.out.push(Event::InlineHtml(anchor.into()));
        }
        self.out.push(Event::End(TagEnd::Heading(level)));
    }

    /// Records the `<!-- more -->` marker: only on the page itself, only at its top level (so the
    /// summary is balanced HTML), only the first.
    fn note_more_marker(&mut self, range: &Range<usize>) {
        let is_marker = self
            .sub
            .text
            .get(range.clone())
            .and_then(|html| html.trim().strip_prefix("<!--"))
            .and_then(|html| html.strip_suffix("-->"))
            .is_some_and(|inner| inner.trim() == "more");
        if is_marker && self.top && self.stack.is_empty() && self.more.is_none() {
            self.more = Some(self.out.len());
        }
    }

    /// Replaces the placeholder of node `index` in running text.
    fn expand_node(&mut self, index: usize) {
        self.flush_prose();
        let nodes = self.nodes;
        match nodes.get(index) {
            Some(Node::Literal { text, .. }) => self.emit(Event::Text(text.clone().into())),
            Some(Node::Inline { name, .. }) => {
                let html = self.node_html(index);
                if *name == "cite" {
                    self.page.left_out_of_summary.insert(html.clone());
                }
                // A `<div>` or `<figure>` cannot sit in a `<p>` (browsers would split the
                // paragraph, leaving an empty one): such output is placed like a block's.
                if starts_with_block_tag(&html) {
                    self.emit_block(html);
                } else {
                    self.emit(Event::InlineHtml(html.into()));
                }
            }
            Some(Node::Block { .. }) => {
                let html = self.node_html(index);
                self.emit_block(html);
            }
            None => {}
        }
    }

    /// Puts a block shortcode's HTML in the output. In a paragraph it closes the paragraph first
    /// (a `<div>` must not sit in a `<p>`); the text after it, if any, reopens one.
    fn emit_block(&mut self, mut html: String) {
        let in_paragraph = self.heading.is_none() && self.stack.last() == Some(&Frame::Paragraph);
        if !in_paragraph {
            return self.emit(Event::Html(html.into()));
        }
        if !self.para_closed {
            while matches!(self.out.last(), Some(Event::SoftBreak | Event::HardBreak)) {
                self.out.pop();
            }
            if let Some(Event::Text(text)) = self.out.last_mut() {
                *text = trim_end(std::mem::replace(text, CowStr::Borrowed("")));
            }
            if matches!(self.out.last(), Some(Event::Start(Tag::Paragraph))) {
                self.out.pop();
            } else {
                self.out.push(Event::End(TagEnd::Paragraph));
            }
            self.para_closed = true;
        }
        if !html.ends_with('\n') {
            html.push('\n');
        }
        self.out.push(Event::Html(html.into()));
    }

    /// The HTML of node `index`: a shortcode's output (rendering a block's body first), or a
    /// literal, escaped.
    fn node_html(&mut self, index: usize) -> String {
        let nodes = self.nodes;
        match nodes.get(index) {
            Some(Node::Inline { name, args, span }) => self.call(name, args, None, span),
            Some(Node::Block {
                name,
                args,
                open,
                body,
                children,
                ..
            }) => {
                let (body_html, _) = self.page.render_fragment(body.clone(), children, false);
                self.call(name, args, Some(&body_html), open)
            }
            Some(Node::Literal { text, .. }) => super::escape_html(text),
            None => String::new(),
        }
    }

    fn call(&mut self, name: &str, args: &Args, body: Option<&str>, span: &Range<usize>) -> String {
        let call = ShortcodeCall {
            name,
            args: args.clone(),
            body,
            offset: span.start,
            len: span.len(),
        };
        self.page
            .shortcodes
            .render(&call)
            .unwrap_or_else(|problem| {
                self.page
                    .errors
                    .push(MarkdownError::from_problem(span.clone(), problem));
                String::new()
            })
    }

    /// Shortcodes in raw HTML are expanded in place.
    fn expand_in_html(&mut self, html: CowStr<'m>) -> CowStr<'m> {
        let marks = self.page.marks;
        if !marks.in_text(&html) {
            return html;
        }
        marks.replace(&html, |index| self.node_html(index)).into()
    }

    /// Shortcodes in a link's destination or title are expanded to their output as text (the HTML
    /// writer escapes it there).
    fn expand_in_attribute(&mut self, text: CowStr<'m>) -> CowStr<'m> {
        self.expand_in_html(text)
    }

    /// Text inside code shows what the author wrote, should a placeholder ever land there.
    fn restore_shortcodes(&self, text: CowStr<'m>) -> CowStr<'m> {
        let marks = self.page.marks;
        if !marks.in_text(&text) {
            return text;
        }
        let source = self.page.source;
        marks
            .replace(&text, |index| {
                self.nodes
                    .get(index)
                    .and_then(|node| source.get(node.span()))
                    .unwrap_or_default()
                    .to_string()
            })
            .into()
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

/// Whether `html` opens with a block-level element: a tag that starts an HTML block in CommonMark
/// (kinds 1 and 6 of the spec), hence may not appear inside a paragraph.
fn starts_with_block_tag(html: &str) -> bool {
    const BLOCK_TAGS: &[&str] = &[
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "pre",
        "script",
        "search",
        "section",
        "style",
        "summary",
        "table",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ];
    let Some(rest) = html.trim_start().strip_prefix('<') else {
        return false;
    };
    let name_len = rest
        .bytes()
        .position(|b| !b.is_ascii_alphanumeric())
        .unwrap_or(rest.len());
    let after_name = rest.as_bytes().get(name_len);
    let name = &rest[..name_len];
    matches!(
        after_name,
        None | Some(b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
    ) && BLOCK_TAGS.iter().any(|tag| tag.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::starts_with_block_tag;

    #[test]
    fn recognises_block_level_output() {
        for html in [
            "<div>",
            "\n  <FIGURE class=x>",
            "<hr/>",
            "<p>",
            "<details\n>",
            "<ul",
        ] {
            assert!(starts_with_block_tag(html), "{html:?}");
        }
        for html in [
            "<span>",
            "<a href>",
            "<divx>",
            "text <div>",
            "",
            "<",
            "<!-- c --><div>",
        ] {
            assert!(!starts_with_block_tag(html), "{html:?}");
        }
    }
}
