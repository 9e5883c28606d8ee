//! Headings in the event pass: a heading's events are held back until its text, hence its id, is
//! known; then it gets its id, its anchor and its entry in the table of contents.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::{Frame, Pass};
use crate::markdown::headings::{self, FlatHeading};
use crate::markdown::{HeadingAnchors, MarkdownError, safety};

/// A heading being read: its events are held back until its text, hence its id, is known.
pub(super) struct PendingHeading<'m> {
    level: HeadingLevel,
    custom_id: Option<CowStr<'m>>,
    classes: Vec<CowStr<'m>>,
    attrs: Vec<(CowStr<'m>, Option<CowStr<'m>>)>,
    pub(super) events: Vec<Event<'m>>,
    pub(super) title: String,
}

impl<'m> Pass<'_, '_, 'm> {
    /// Starts holding back a heading's events, once its attributes are checked.
    pub(super) fn open_heading(
        &mut self,
        level: HeadingLevel,
        custom_id: Option<CowStr<'m>>,
        classes: Vec<CowStr<'m>>,
        attrs: Vec<(CowStr<'m>, Option<CowStr<'m>>)>,
        range: &Range<usize>,
    ) {
        self.check_heading_attributes(&attrs, range);
        self.push_frame(Frame::Heading);
        self.heading = Some(PendingHeading {
            level,
            custom_id,
            classes,
            attrs,
            events: Vec::new(),
            title: String::new(),
        });
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

    /// Emits the pending heading with its id and anchor, and lists it for the table of contents.
    pub(super) fn finish_heading(&mut self) {
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
}
