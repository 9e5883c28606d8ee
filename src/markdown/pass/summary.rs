//! The summary in the event pass: the page's HTML before its `<!-- more -->` marker, without the
//! footnotes and citations that would point nowhere there.

use std::ops::Range;

use pulldown_cmark::Event;

use super::{Page, Pass, to_html};
use crate::markdown::notes;

impl Page<'_> {
    /// The summary of a fragment whose events are `out`, the marker at `more`; `fragment_len` is
    /// the length of its source.
    pub(super) fn summary(
        &self,
        out: &[Event<'_>],
        more: Option<usize>,
        fragment_len: usize,
    ) -> Option<String> {
        more.and_then(|at| out.get(..at)).map(|before| {
            let page_url = self.links.page_url();
            let kept = notes::for_summary(before, &self.left_out_of_summary, page_url);
            to_html(kept, fragment_len / 2)
        })
    }
}

impl<'m> Pass<'_, '_, 'm> {
    /// Records the `<!-- more -->` marker: only on the page itself, only at its top level (so the
    /// summary is balanced HTML), only the first.
    pub(super) fn note_more_marker(&mut self, range: &Range<usize>) {
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
}
