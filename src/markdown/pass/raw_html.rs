//! Raw HTML in the event pass when the site does not allow it: it is escaped so that it shows as
//! text, and a block that is only a comment is left out.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Frame, Pass, trim_end};
use crate::markdown::placeholders::Piece;
use crate::markdown::safety;

impl<'m> Pass<'_, '_, 'm> {
    /// With raw HTML off, an HTML block becomes a paragraph of its text; a block that is only a
    /// comment (`<!-- more -->`, a note to editors) is left out, as a browser would not show it.
    pub(super) fn start_escaped_block(&mut self, range: &Range<usize>) {
        let block = self.sub.text.get(range.clone()).unwrap_or_default();
        self.dropping_html = safety::is_lone_comment(block);
        if self.dropping_html {
            self.push_frame(Frame::Other);
        } else {
            self.push_frame(Frame::Paragraph);
            self.emit(Event::Start(Tag::Paragraph));
        }
    }

    /// Ends the paragraph that an escaped HTML block became; a dropped comment ends nothing.
    pub(super) fn end_escaped_block(&mut self) {
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
    pub(super) fn html_as_text(&mut self, html: CowStr<'m>) {
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
}
