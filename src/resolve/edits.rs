//! Putting edited Markdown files in place in a resolved site, for `serve`: only edits that keep
//! every page where it was (see [`keeps_places`]) are applied here; any other goes through the
//! whole pipeline.

use crate::load::content::ContentFile;
use crate::load::front_matter::{FrontMatter, SortBy};
use crate::resolve::ResolvedSite;
use crate::resolve::library::sort_pages;

/// Entries whose Markdown file changed, by library index, with the new file.
pub type FileEdits = Vec<(usize, ContentFile)>;

/// Whether a front matter edit leaves every URL, list membership, taxonomy, alias, template and
/// reference as it was, so that the edited file can be put in place of the old one: the title,
/// description, date, `updated`, weight, `sort_by`, `glossary` and `extra` may change. Of those,
/// the title, date, weight and `sort_by` order lists: [`apply_edits`] sorts those lists again.
pub fn keeps_places(old: &FrontMatter, new: &FrontMatter) -> bool {
    old.draft == new.draft
        && old.slug == new.slug
        && old.aliases == new.aliases
        && old.template == new.template
        && old.taxonomies == new.taxonomies
        && old.other == new.other
}

/// Puts each edited file in place of its entry's, then sorts again the pages of the edited
/// sections and the section and term lists that hold an edited page, as
/// [`crate::resolve::resolve_site`] would.
pub fn apply_edits(site: &mut ResolvedSite, edits: FileEdits) {
    let edited: Vec<usize> = edits.iter().map(|(i, _)| *i).collect();
    for (i, file) in edits {
        if let Some(entry) = site.library.entries.get_mut(i) {
            entry.file = file;
        }
    }
    let holds_an_edit = |pages: &[usize]| pages.iter().any(|p| edited.contains(p));
    for s in 0..site.library.entries.len() {
        let section = &site.library.entries[s];
        if !section.is_section() || !(edited.contains(&s) || holds_an_edit(&section.pages)) {
            continue;
        }
        let sort_by = section.front().sort_by.unwrap_or_default();
        let mut pages = section.pages.clone();
        sort_pages(&site.library.entries, &mut pages, sort_by);
        site.library.entries[s].pages = pages;
    }
    let entries = &site.library.entries;
    for taxonomy in &mut site.taxonomies {
        for term in &mut taxonomy.terms {
            if holds_an_edit(&term.pages) {
                sort_pages(entries, &mut term.pages, SortBy::Date);
            }
        }
    }
}
