//! Plain link destinations (not `@/`) that name a file of this site: root-relative links
//! (`/storia/accordo/`, with or without the base path) and links relative to a page
//! (`mappa.pdf`, `../chip/`), looked up in the [`OutputPlan`]. External URLs (any scheme, or
//! `//host`), `#anchors` and `?queries` are not this site's files and are left alone.

use std::collections::HashMap;

use crate::resolve::ResolvedSite;
use crate::resolve::plan::{OutputKind, OutputPlan};

/// A plain destination that names a file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found<'p> {
    /// What the file is.
    pub kind: &'p OutputKind,
    /// The path as a link (`storia/accordo/`), relative to the base URL, without the base path.
    pub link: String,
    /// What follows the path as written: `?query` and `#anchor`, if any.
    pub suffix: String,
    /// Whether the destination starts with `/`.
    pub rooted: bool,
}

/// A plain destination that names no file of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    /// Where the link leads, as a root-relative path without the base path (`/storia/x/`), or
    /// `None` when a relative link climbs above the site's root.
    pub path: Option<String>,
}

/// What a plain link destination names: `None` when it is not this site's (external, an
/// `#anchor`, empty), else the file it names in the plan or why none. A relative destination
/// is read from `page` (the page's path relative to the base URL, `storia/accordo/`); without a
/// page (a data field shown on several pages) it is not checked.
pub fn find<'p>(
    plan: &'p OutputPlan,
    destination: &str,
    base_path: &str,
    page: Option<&str>,
) -> Option<Result<Found<'p>, Missing>> {
    if !is_local(destination) {
        return None;
    }
    let cut = destination.find(['?', '#']).unwrap_or(destination.len());
    let (written, suffix) = destination.split_at(cut);
    let written = percent_decode(written);
    let rooted = written.starts_with('/');
    let joined;
    let candidates: [Option<&str>; 2] = if rooted {
        let inside = written.strip_prefix(base_path).filter(|_| base_path != "/");
        [inside, Some(written.trim_start_matches('/'))]
    } else {
        joined = match join(page?, &written) {
            Some(joined) => joined,
            None => return Some(Err(Missing { path: None })),
        };
        [Some(joined.as_str()), None]
    };
    for link in candidates.into_iter().flatten() {
        if let Some(kind) = kind_of(plan, link) {
            return Some(Ok(Found {
                kind,
                link: link.to_string(),
                suffix: suffix.to_string(),
                rooted,
            }));
        }
    }
    // Shown from the site's root, without the base path.
    let shown = candidates
        .into_iter()
        .flatten()
        .next()
        .map(|link| format!("/{link}"));
    Some(Err(Missing { path: shown }))
}

/// Whether a destination may name a file of the site: not empty, not an anchor or a query of
/// the page itself, not `//host/…`, and without a scheme (`https:`, `mailto:`, `tel:`…).
fn is_local(destination: &str) -> bool {
    let first = destination.chars().next();
    if matches!(first, None | Some('#' | '?')) || destination.starts_with("//") {
        return false;
    }
    let scheme_end = destination.find(':');
    let before_path = destination
        .find(['/', '?', '#'])
        .unwrap_or(destination.len());
    let has_scheme = scheme_end.is_some_and(|end| {
        end < before_path
            && destination[..end].starts_with(|c: char| c.is_ascii_alphabetic())
            && destination[..end]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    !has_scheme
}

/// What the plan has at a link path: a folder's `index.html` (with or without the final `/`),
/// or the file itself.
fn kind_of<'p>(plan: &'p OutputPlan, link: &str) -> Option<&'p OutputKind> {
    if link.is_empty() || link.ends_with('/') {
        return plan.get(&format!("{link}index.html"));
    }
    plan.get(link)
        .or_else(|| plan.get(&format!("{link}/index.html")))
}

/// `relative` read from the folder `page` (both relative to the base URL), with `.` and `..`
/// segments worked out; `None` above the root.
fn join(page: &str, relative: &str) -> Option<String> {
    let mut segments: Vec<&str> = page.split('/').filter(|s| !s.is_empty()).collect();
    let parts: Vec<&str> = relative.split('/').collect();
    let last = parts.len().saturating_sub(1);
    for part in &parts {
        match *part {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            part => segments.push(part),
        }
    }
    let folder = matches!(parts.get(last), Some(&("" | "." | "..")));
    let mut joined = segments.join("/");
    if folder && !joined.is_empty() {
        joined.push('/');
    }
    Some(joined)
}

/// `%C3%A9` → `é`; a malformed escape is kept as written.
fn percent_decode(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('%') {
        return text.into();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_or(text.into(), Into::into)
}

/// The language of what an output file shows, if it is in one language.
pub fn output_language<'s>(site: &'s ResolvedSite, kind: &'s OutputKind) -> Option<&'s str> {
    let entry_lang = |i: usize| site.library.entries.get(i).map(|e| e.lang());
    match kind {
        OutputKind::Entry(i) => entry_lang(*i),
        OutputKind::Alias(a) => site.aliases.get(*a).and_then(|a| entry_lang(a.target)),
        OutputKind::TaxonomyList(t) | OutputKind::Term(t, _) | OutputKind::TermFeed(t, _) => {
            site.taxonomies.get(*t).map(|t| t.lang.as_str())
        }
        OutputKind::DataPage(_, _, lang)
        | OutputKind::Timeline(lang, _)
        | OutputKind::TimelineJson(lang)
        | OutputKind::Glossary(lang)
        | OutputKind::Sources(lang)
        | OutputKind::CollectionIndex(_, lang)
        | OutputKind::Feed(lang)
        | OutputKind::SearchIndex(lang) => Some(lang),
        OutputKind::SocialCard(page) => output_language(site, page),
        OutputKind::ChartCsv(n) => site.charts.charts.get(*n).and_then(|c| entry_lang(c.entry)),
        OutputKind::NotFound
        | OutputKind::Image(_)
        | OutputKind::Sitemap
        | OutputKind::Robots
        | OutputKind::Copy(_)
        | OutputKind::Builtin(_) => None,
    }
}

/// The plan's paths as links, indexed for "did you mean" hints: by folder and by last segment,
/// so that a hint weighs the files beside the missing one and those of the same name elsewhere
/// (a page moved to another section), not the whole plan.
#[derive(Debug, Clone, Default)]
pub struct LinkIndex {
    by_folder: HashMap<String, Vec<String>>,
    by_name: HashMap<String, Vec<String>>,
}

impl LinkIndex {
    /// Indexes every file of the plan, once: linear in the plan's size.
    pub fn new(plan: &OutputPlan) -> Self {
        let mut index = LinkIndex::default();
        for (file, _) in plan.iter() {
            let link = match file.strip_suffix("index.html") {
                Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
                _ => format!("/{file}"),
            };
            let (folder, name) = split_link(&link);
            index
                .by_folder
                .entry(folder.to_string())
                .or_default()
                .push(link.clone());
            index
                .by_name
                .entry(name.to_string())
                .or_default()
                .push(link);
        }
        index
    }

    /// "did you mean `/storia/accordo/`?" for a missing root-relative path, if one is close.
    pub fn did_you_mean(&self, missing: &str) -> Option<String> {
        let missing = if missing.ends_with('/') || missing.contains('.') {
            missing.to_string()
        } else {
            format!("{missing}/")
        };
        let (folder, name) = split_link(&missing);
        let beside = self.by_folder.get(folder).into_iter().flatten();
        let same_name = self.by_name.get(name).into_iter().flatten();
        let candidates = same_name.chain(beside).map(String::as_str);
        crate::suggest::did_you_mean(&missing, candidates)
    }
}

/// A link's folder and last segment: `/a/b/` → (`/a/`, `b`), `/a/x.css` → (`/a/`, `x.css`).
fn split_link(link: &str) -> (&str, &str) {
    let trimmed = link.trim_end_matches('/');
    let cut = trimmed.rfind('/').map_or(0, |i| i + 1);
    (&link[..cut], &trimmed[cut..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_sites_paths_are_local() {
        for local in ["/a/", "a.pdf", "../b/", "./c", "x/y:z", "/a:b"] {
            assert!(is_local(local), "{local}");
        }
        for other in [
            "",
            "#top",
            "?q=1",
            "//cdn.example/x.js",
            "https://e.org/",
            "mailto:a@b.c",
            "tel:+39",
            "HTTP://E.ORG",
        ] {
            assert!(!is_local(other), "{other}");
        }
    }

    #[test]
    fn relative_paths_are_joined_to_the_page() {
        assert_eq!(
            join("storia/accordo/", "mappa.pdf").as_deref(),
            Some("storia/accordo/mappa.pdf")
        );
        assert_eq!(join("storia/accordo/", "../").as_deref(), Some("storia/"));
        assert_eq!(
            join("storia/accordo/", "../../chip/").as_deref(),
            Some("chip/")
        );
        assert_eq!(
            join("storia/accordo/", "./x/../y").as_deref(),
            Some("storia/accordo/y")
        );
        assert_eq!(join("", "..").as_deref(), None);
        assert_eq!(join("a/", "..").as_deref(), Some(""));
    }

    #[test]
    fn escapes_are_decoded_and_encoded() {
        assert_eq!(percent_decode("/caf%C3%A9/"), "/café/");
        assert_eq!(percent_decode("/100%/"), "/100%/");
    }

    #[test]
    fn links_split_into_folder_and_name() {
        assert_eq!(split_link("/a/b/"), ("/a/", "b"));
        assert_eq!(split_link("/a/x.css"), ("/a/", "x.css"));
        assert_eq!(split_link("/chip/"), ("/", "chip"));
    }
}
