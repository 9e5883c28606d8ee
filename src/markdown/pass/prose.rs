//! Text in the event pass: placeholders in it become their shortcodes' output, words are counted,
//! and the page's own prose gets its glossary links (each term once per page).

use pulldown_cmark::{CowStr, Event};

use super::{Frame, Pass};
use crate::markdown::html::escape_html;
use crate::markdown::placeholders::Piece;

impl<'m> Pass<'_, '_, 'm> {
    /// A text event: its placeholders become their shortcodes' output, but in code.
    pub(super) fn text(&mut self, text: CowStr<'m>) {
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

    /// Text with no placeholder left: counted as words, then prose or not.
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
    pub(super) fn flush_prose(&mut self) {
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
                    escape_html(&found.form.href),
                    escape_html(&found.form.id)
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
}
