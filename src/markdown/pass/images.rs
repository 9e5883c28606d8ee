//! Images in the event pass: every image needs alt text, and a local image is replaced by the
//! HTML the page's [`ImageResolver`](super::ImageResolver) writes for it.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::Pass;
use crate::markdown::MarkdownError;

/// An image whose events are being read.
pub(super) struct OpenImage {
    /// Where its `Start` event is in the buffer it was emitted to.
    at: usize,
    /// The image's place in the page source.
    span: Range<usize>,
}

impl<'m> Pass<'_, '_, 'm> {
    /// The buffer events go to: the pending heading's, or the output.
    fn buffer(&mut self) -> &mut Vec<Event<'m>> {
        match &mut self.heading {
            Some(heading) => &mut heading.events,
            None => &mut self.out,
        }
    }

    /// Notes the image just emitted, at `range` of the fragment.
    pub(super) fn open_image(&mut self, range: Range<usize>) {
        let span = self.sub.to_source(range);
        let at = self.buffer().len().saturating_sub(1);
        self.images.push(OpenImage { at, span });
    }

    /// Checks the image whose `End` was just emitted, and swaps its events for the resolver's HTML.
    pub(super) fn close_image(&mut self) {
        let Some(open) = self.images.pop() else {
            return;
        };
        let events = self.buffer();
        let Some(Event::Start(Tag::Image {
            dest_url, title, ..
        })) = events.get(open.at)
        else {
            return;
        };
        let (dest, title) = (dest_url.to_string(), title.to_string());
        let alt: String = events
            .get(open.at + 1..)
            .unwrap_or_default()
            .iter()
            .filter_map(|event| match event {
                Event::Text(text) | Event::Code(text) => Some(text.as_ref()),
                _ => None,
            })
            .collect();
        if alt.trim().is_empty() {
            self.page.errors.push(MarkdownError::new(
                open.span,
                "this image has no alt text",
                Some(
                    "describe what it shows between the brackets, `![A bar chart of …](chart.png)`; \
                     an image that is only decoration is a `{{ figure(src=\"…\", decorative=true) }}`"
                        .to_string(),
                ),
            ));
            return;
        }
        let Some(images) = self.page.images else {
            return;
        };
        match images.markdown_image(&dest, alt.trim(), &title, open.span.clone()) {
            Ok(Some(html)) => {
                let events = self.buffer();
                events.truncate(open.at);
                events.push(Event::InlineHtml(html.into()));
            }
            Ok(None) => {}
            Err(problem) => self
                .page
                .errors
                .push(MarkdownError::from_problem(open.span, problem)),
        }
    }
}
