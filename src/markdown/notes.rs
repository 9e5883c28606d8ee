//! Footnotes, told apart from citations: a citation is a number in brackets (`[1]`, the page's
//! sources), a footnote a superscript letter (`a`, `b`, … `z`, `aa`), lettered in order of first
//! appearance across the whole page, shortcode bodies included.
//!
//! The pass keeps pulldown-cmark's footnote events, their labels replaced by the note's number on
//! the page (labels are per fragment: two shortcode bodies may both say `[^1]`); they become HTML
//! here, just before the HTML writer, which would number them on its own.
//!
//! A summary (the text before `<!-- more -->`) is shown outside its page, in lists that have
//! neither the page's notes nor its sources: there, footnote references, note definitions and
//! citations are left out, and a link to an anchor of the page points to the page.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

/// The letters of the `n`th note (from 1): `a` … `z`, then `aa`, `ab` …
pub(super) fn marker(n: usize) -> String {
    let mut letters = Vec::new();
    let mut rest = n.max(1);
    while rest > 0 {
        rest -= 1;
        letters.push(char::from(
            b'a' + u8::try_from(rest % 26).unwrap_or_default(),
        ));
        rest /= 26;
    }
    letters.iter().rev().collect()
}

/// The id of the `n`th note's definition.
pub(super) fn note_id(n: usize) -> String {
    format!("fn-{n}")
}

/// The id of the first reference to the `n`th note.
pub(super) fn reference_id(n: usize) -> String {
    format!("fnref-{n}")
}

/// The page's events with its notes as HTML. Only the first reference to a note gets the
/// `fnref-` id, so that ids stay unique when a note is referred to twice.
pub(super) fn for_page<'e>(events: Vec<Event<'e>>) -> impl Iterator<Item = Event<'e>> {
    let mut referred = HashSet::new();
    events.into_iter().map(move |event| match event {
            Event::FootnoteReference(n) => {
                let n = n.parse().unwrap_or_default();
                let id = if referred.insert(n) {
                    format!(" id=\"{}\"", reference_id(n))
                } else {
                    String::new()
                };
                Event::InlineHtml(
                    format!(
                        "<sup class=\"footnote-reference\"><a href=\"#{note}\"{id} aria-describedby=\"{note}\">{}</a></sup>",
                        marker(n),
                        note = note_id(n),
                    )
                    .into(),
                )
            }
            Event::Start(Tag::FootnoteDefinition(n)) => {
                let n = n.parse().unwrap_or_default();
                Event::Html(
                    format!(
                        "<div class=\"footnote-definition\" id=\"{}\"><sup class=\"footnote-definition-label\">{}</sup>\n",
                        note_id(n),
                        marker(n)
                    )
                    .into(),
                )
            }
            Event::End(TagEnd::FootnoteDefinition) => Event::Html("</div>\n".into()),
            other => other,
        })
}

/// The summary's events: without notes (references or definitions) and without the HTML in
/// `left_out` (citations); a link to `#anchor` goes to `page_url#anchor` when the page's URL is
/// known.
pub(super) fn for_summary<'e>(
    events: &[Event<'e>],
    left_out: &HashSet<String>,
    page_url: Option<&str>,
) -> Vec<Event<'e>> {
    let mut kept = Vec::with_capacity(events.len());
    let mut in_definition = false;
    for event in events {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) => in_definition = true,
            Event::End(TagEnd::FootnoteDefinition) => in_definition = false,
            _ if in_definition => {}
            Event::FootnoteReference(_) => {}
            Event::InlineHtml(html) | Event::Html(html) if left_out.contains(html.as_ref()) => {}
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with('#') && page_url.is_some() => {
                let url = format!("{}{dest_url}", page_url.unwrap_or_default());
                kept.push(Event::Start(Tag::Link {
                    link_type: *link_type,
                    dest_url: CowStr::from(url),
                    title: title.clone(),
                    id: id.clone(),
                }));
            }
            other => kept.push(other.clone()),
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::marker;

    #[test]
    fn markers_are_letters_then_pairs() {
        let shown: Vec<String> = [1, 2, 26, 27, 28, 52, 53, 702, 703]
            .into_iter()
            .map(marker)
            .collect();
        assert_eq!(shown, ["a", "b", "z", "aa", "ab", "az", "ba", "zz", "aaa"]);
    }
}
