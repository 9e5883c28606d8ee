//! Heading ids (unique per page) and the table of contents.

use std::collections::{HashMap, HashSet};

use super::{HeadingAnchors, TocEntry};

/// The id given to a heading whose text has no sluggable character (`## ???`).
const FALLBACK_ID: &str = "section";

/// Hands out unique heading ids for one page.
#[derive(Debug, Default)]
pub(super) struct HeadingIds {
    used: HashSet<String>,
    /// Custom ids (`{#id}`) of the page: automatic ids keep off them even before their heading.
    reserved: HashSet<String>,
    /// Next suffix to try per base, so many equal headings stay linear.
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    /// Keeps `id` free for the heading that asks for it by name.
    pub(super) fn reserve(&mut self, id: &str) {
        self.reserved.insert(id.to_string());
    }

    /// The id of a heading with the custom id `id`: `id` itself unless an earlier heading has it.
    pub(super) fn custom(&mut self, id: &str) -> String {
        if self.used.contains(id) {
            return self.suffixed(id);
        }
        self.used.insert(id.to_string());
        id.to_string()
    }

    /// The id of a heading whose plain text is `title`: its slug, suffixed `-1`, `-2`… if taken.
    pub(super) fn automatic(&mut self, title: &str) -> String {
        let mut base = slug::slugify(title);
        if base.is_empty() {
            base = FALLBACK_ID.to_string();
        }
        if self.used.contains(&base) || self.reserved.contains(&base) {
            return self.suffixed(&base);
        }
        self.used.insert(base.clone());
        base
    }

    fn suffixed(&mut self, base: &str) -> String {
        let next = self.next_suffix.entry(base.to_string()).or_insert(1);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if !self.used.contains(&candidate) && !self.reserved.contains(&candidate) {
                self.used.insert(candidate.clone());
                return candidate;
            }
        }
    }
}

/// A heading in page order, before nesting.
#[derive(Debug, Clone)]
pub(super) struct FlatHeading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Nests headings: each one holds the following deeper ones. A page starting at h3, or jumping from
/// h2 to h4, still nests by relative depth (an h4 after an h2 is its child; a later h3 is then the
/// h4's sibling).
pub(super) fn toc(flat: &[FlatHeading]) -> Vec<TocEntry> {
    let mut pos = 0;
    // A heading level is 1..=6, so the recursion is at most six deep.
    nest(flat, &mut pos, 0)
}

fn nest(flat: &[FlatHeading], pos: &mut usize, parent_level: u8) -> Vec<TocEntry> {
    let mut entries = Vec::new();
    while let Some(heading) = flat.get(*pos).filter(|h| h.level > parent_level) {
        *pos += 1;
        let children = nest(flat, pos, heading.level);
        entries.push(TocEntry {
            level: heading.level,
            id: heading.id.clone(),
            title: heading.title.clone(),
            children,
        });
    }
    entries
}

/// The anchor link put inside a heading, or `None` when anchors are off.
pub(super) fn anchor_html(anchors: HeadingAnchors, id: &str) -> Option<String> {
    (anchors != HeadingAnchors::None).then(|| {
        let id = super::escape_html(id);
        format!(r##"<a class="anchor" href="#{id}" aria-hidden="true" tabindex="-1">#</a>"##)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn automatic_ids_are_unique_slugs() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.automatic("Intro"), "intro");
        assert_eq!(ids.automatic("Intro"), "intro-1");
        assert_eq!(ids.automatic("intro!"), "intro-2");
        assert_eq!(ids.automatic("Perché è così"), "perche-e-cosi");
        assert_eq!(ids.automatic("???"), "section");
        assert_eq!(ids.automatic(""), "section-1");
    }

    #[test]
    fn a_literal_suffixed_title_is_skipped_over() {
        let mut ids = HeadingIds::default();
        assert_eq!(ids.automatic("A 1"), "a-1");
        assert_eq!(ids.automatic("A"), "a");
        assert_eq!(ids.automatic("A"), "a-2");
    }

    #[test]
    fn custom_ids_reserve_their_name() {
        let mut ids = HeadingIds::default();
        ids.reserve("intro");
        assert_eq!(ids.automatic("Intro"), "intro-1");
        assert_eq!(ids.custom("intro"), "intro");
        // A repeated custom id is made unique too: duplicate ids would break the page's anchors.
        assert_eq!(ids.custom("intro"), "intro-2");
    }

    fn flat(levels: &[u8]) -> Vec<FlatHeading> {
        levels
            .iter()
            .enumerate()
            .map(|(i, &level)| FlatHeading {
                level,
                id: format!("h{i}"),
                title: format!("H{i}"),
            })
            .collect()
    }

    fn shape(entries: &[TocEntry]) -> String {
        entries
            .iter()
            .map(|e| {
                if e.children.is_empty() {
                    e.id.clone()
                } else {
                    format!("{}({})", e.id, shape(&e.children))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn toc_nests_by_level() {
        assert_eq!(shape(&toc(&flat(&[2, 3, 3, 2, 3]))), "h0(h1 h2) h3(h4)");
        assert_eq!(shape(&toc(&flat(&[1, 2, 3, 4, 2]))), "h0(h1(h2(h3)) h4)");
    }

    #[test]
    fn toc_copes_with_odd_starts_and_skips() {
        assert_eq!(shape(&toc(&flat(&[3, 2, 3]))), "h0 h1(h2)");
        assert_eq!(shape(&toc(&flat(&[2, 4, 3, 2]))), "h0(h1 h2) h3");
        assert_eq!(shape(&toc(&flat(&[]))), "");
    }

    #[test]
    fn anchors() {
        assert_eq!(anchor_html(HeadingAnchors::None, "x"), None);
        assert_eq!(
            anchor_html(HeadingAnchors::After, "a\"b").as_deref(),
            Some(r##"<a class="anchor" href="#a&quot;b" aria-hidden="true" tabindex="-1">#</a>"##)
        );
    }
}
