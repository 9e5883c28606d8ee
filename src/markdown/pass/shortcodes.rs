//! Shortcodes in the event pass: each placeholder becomes its shortcode's output (a block's body
//! rendered first, as a fragment of its own), placed inline or as a block; in code, the call as
//! written.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::block_tags::starts_with_block_tag;
use super::{Frame, Pass, trim_end};
use crate::markdown::MarkdownError;
use crate::markdown::html::escape_html;
use crate::markdown::shortcode::{Args, Node, ShortcodeCall};

impl<'m> Pass<'_, '_, 'm> {
    /// Replaces the placeholder of node `index` in running text.
    pub(super) fn expand_node(&mut self, index: usize) {
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
            Some(Node::Literal { text, .. }) => escape_html(text),
            None => String::new(),
        }
    }

    /// A shortcode's output; should it fail, the error is kept at the call and the output is empty.
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
    pub(super) fn expand_in_html(&mut self, html: CowStr<'m>) -> CowStr<'m> {
        let marks = self.page.marks;
        if !marks.in_text(&html) {
            return html;
        }
        marks.replace(&html, |index| self.node_html(index)).into()
    }

    /// Shortcodes in a link's destination or title are expanded to their output as text (the HTML
    /// writer escapes it there).
    pub(super) fn expand_in_attribute(&mut self, text: CowStr<'m>) -> CowStr<'m> {
        self.expand_in_html(text)
    }

    /// Text inside code shows what the author wrote, should a placeholder ever land there.
    pub(super) fn restore_shortcodes(&self, text: CowStr<'m>) -> CowStr<'m> {
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
