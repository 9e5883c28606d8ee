//! Footnotes in the event pass: each label gets its number on the page when a fragment is read,
//! before any heading id is made, so that the notes' ids are never taken by a heading.

use std::collections::hash_map::Entry;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Tag};

use super::{Page, Pass};
use crate::markdown::notes;

impl Page<'_> {
    /// Takes the custom heading ids and numbers the notes of fragment `number`, whose `events` are
    /// given.
    pub(super) fn reserve_ids(&mut self, events: &[(Event<'_>, Range<usize>)], number: usize) {
        // Custom heading ids and the notes' ids are taken before automatic ids are made, so
        // none is repeated.
        for (event, _) in events {
            match event {
                Event::Start(Tag::Heading { id: Some(id), .. }) => self.ids.reserve(id),
                Event::Start(Tag::FootnoteDefinition(label)) | Event::FootnoteReference(label) => {
                    let next = self.notes.len() + 1;
                    let key = (number, label.to_string());
                    if let Entry::Vacant(slot) = self.notes.entry(key) {
                        slot.insert(next);
                        self.ids.reserve(&notes::note_id(next));
                        self.ids.reserve(&notes::reference_id(next));
                    }
                }
                _ => {}
            }
        }
    }
}

impl<'m> Pass<'_, '_, 'm> {
    /// The number a footnote label of this fragment has on the page, as the label notes expect.
    pub(super) fn note_number(&self, label: &str) -> CowStr<'m> {
        let key = (self.fragment, label.to_string());
        let number = self.page.notes.get(&key).copied().unwrap_or_default();
        CowStr::from(number.to_string())
    }
}
