//! The check of every `@/page.md#anchor` against the headings of the page it leads to, once
//! every page's Markdown is rendered.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::render::content::PageContent;
use crate::resolve::ResolvedSite;
use crate::resolve::links::find_entry;

/// Every `@/page.md#anchor` must name a heading of the target page, unless the target's Markdown
/// `failed` (its headings are then unknown).
pub(super) fn check_anchors(
    site: &ResolvedSite,
    rendered: &[Arc<PageContent>],
    failed: &[bool],
) -> Vec<Diagnostic> {
    let config = &site.loaded.config;
    let mut problems = Vec::new();
    for (entry, content) in site.library.entries.iter().zip(rendered) {
        for link in &content.rendered.internal_links {
            let Some(anchor) = &link.anchor else { continue };
            let Ok(target) = find_entry(
                &site.library,
                &link.target,
                entry.lang(),
                &config.default_language,
            ) else {
                continue;
            };
            if failed.get(target).copied().unwrap_or(true) {
                continue;
            }
            let ids = &rendered[target].rendered.heading_ids;
            if anchor.is_empty() || ids.iter().any(|id| id == anchor) {
                continue;
            }
            let target_entry = &site.library.entries[target];
            let hint = crate::suggest::did_you_mean(anchor, ids.iter().map(String::as_str))
                .or_else(|| Some(headings_hint(ids)));
            let base = entry.file.body_range.start;
            problems.push(
                Diagnostic::error(format!(
                    "broken anchor: `#{anchor}` is not a heading of {}",
                    target_entry.file.source.path.display()
                ))
                .at(
                    &entry.file.source,
                    base + link.offset..base + link.offset + link.len,
                )
                .with_optional_hint(hint),
            );
        }
    }
    problems
}

fn headings_hint(ids: &[String]) -> String {
    if ids.is_empty() {
        return "that page has no headings".to_string();
    }
    let shown: Vec<String> = ids.iter().take(8).map(|id| format!("`{id}`")).collect();
    format!("its headings are {}", shown.join(", "))
}
