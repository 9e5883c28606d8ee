//! Translations kept in step: every page of the default language should exist in each other
//! language, and a translation records what it was translated from, so that a later change of
//! the original shows.
//!
//! A translation's front matter has `translation_of: "<hash>"`, the short hash of the default
//! language's version (its title, description and body) when it was translated;
//! `spiega translations --mark FILE` writes it. While the original hashes the same, the
//! translation is current; once the original changes, it is stale. How a missing or stale
//! translation is reported is site.yaml's `translations.pages` (`warn` by default).

use std::ops::Range;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::{CheckLevel, key_span};
use crate::resolve::ResolvedSite;
use crate::resolve::library::{Entry, Library};

/// How many hexadecimal digits of the hash a translation records: 40 bits, so that an edit goes
/// unnoticed once in a trillion, in a value short enough to read.
const HASH_DIGITS: usize = 10;

/// The hash a translation of `entry` records: of its title, description and body, with line
/// endings and trailing spaces evened out, so that saving the file on another system does not
/// make its translations stale. FNV-1a, which any version of Spiega computes the same way.
pub fn source_hash(entry: &Entry) -> String {
    let front = entry.front();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |text: &str| {
        for line in text.trim().lines() {
            for byte in line.trim_end().bytes().chain([b'\n']) {
                hash ^= u64::from(byte);
                hash = hash.wrapping_mul(0x0100_0000_01b3);
            }
        }
        hash ^= 0xff;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    feed(&front.title);
    feed(front.description.as_deref().unwrap_or_default());
    feed(entry.file.body());
    format!("{hash:016x}")[..HASH_DIGITS].to_string()
}

/// Where a page stands in a language other than the default one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    /// No translation.
    Missing,
    /// A translation that records no `translation_of`.
    Untracked,
    /// A translation of the original as it is.
    Current,
    /// A translation of an earlier version of the original.
    Stale,
}

/// One default-language page in one other language.
#[derive(Debug, Clone)]
pub struct Status {
    /// The language.
    pub lang: String,
    /// The original, by library index.
    pub original: usize,
    /// The translation, by library index, if there is one.
    pub translation: Option<usize>,
    /// Where it stands.
    pub state: State,
}

/// The translation of `original` into `lang`, if the site has one (a home section Spiega made
/// up for a language is none).
fn translation_in(library: &Library, original: &Entry, lang: &str) -> Option<usize> {
    original
        .translations
        .iter()
        .copied()
        .find(|&t| library.entries[t].lang() == lang && !library.entries[t].implicit)
}

/// Where a translation stands against its original.
fn state_of(original: &Entry, translation: &Entry) -> State {
    match &translation.front().translation_of {
        None => State::Untracked,
        Some(recorded) if *recorded == source_hash(original) => State::Current,
        Some(_) => State::Stale,
    }
}

/// Every page of the default language in every other language, in the order of the site's
/// languages, then of the library.
pub fn statuses(site: &ResolvedSite) -> Vec<Status> {
    let config = &site.loaded.config;
    let library = &site.library;
    let mut statuses = Vec::new();
    for lang in config.language_codes().into_iter().skip(1) {
        for (i, original) in library.entries.iter().enumerate() {
            if original.lang() != config.default_language || original.implicit {
                continue;
            }
            let translation = translation_in(library, original, lang);
            let state =
                translation.map_or(State::Missing, |t| state_of(original, &library.entries[t]));
            statuses.push(Status {
                lang: lang.to_string(),
                original: i,
                translation,
                state,
            });
        }
    }
    statuses
}

/// A page's translation state for templates: whether it is stale, and its original.
pub fn freshness(site: &ResolvedSite, entry: &Entry) -> Option<(usize, bool)> {
    let config = &site.loaded.config;
    if entry.lang() == config.default_language {
        return None;
    }
    let original = entry
        .translations
        .iter()
        .copied()
        .find(|&t| site.library.entries[t].lang() == config.default_language)?;
    let stale = state_of(&site.library.entries[original], entry) == State::Stale;
    Some((original, stale))
}

/// The file a translation of `entry` into `lang` is (`content/storia/accordo.en.md`).
pub fn translation_file(entry: &Entry, lang: &str) -> String {
    let key = entry.key();
    let stem = key.strip_suffix(".md").unwrap_or(key);
    format!("content/{stem}.{lang}.md")
}

/// Missing and stale translations, and `translation_of` where it cannot mean anything, each as
/// `translations.pages` asks (none with `ignore`).
pub fn check(site: &ResolvedSite) -> Vec<Diagnostic> {
    let config = &site.loaded.config;
    let make = match config.translations.pages {
        CheckLevel::Ignore => return Vec::new(),
        CheckLevel::Warn => Diagnostic::warning,
        CheckLevel::Error => Diagnostic::error,
    };
    let library = &site.library;
    let mut problems = Vec::new();
    let mut missing: Vec<(usize, Vec<String>)> = Vec::new();
    for status in statuses(site) {
        let original = &library.entries[status.original];
        match (&status.state, status.translation) {
            (State::Missing, _) => match missing.last_mut() {
                Some((last, langs)) if *last == status.original => langs.push(status.lang),
                _ => missing.push((status.original, vec![status.lang])),
            },
            (State::Stale, Some(t)) => {
                problems.push(stale(make, original, &library.entries[t]));
            }
            _ => {}
        }
    }
    missing.sort_by_key(|(original, _)| *original);
    for (original, langs) in missing {
        problems.push(missing_translations(
            make,
            &library.entries[original],
            &langs,
        ));
    }
    problems.extend(misplaced_marks(site, make));
    problems
}

fn missing_translations(
    make: fn(String) -> Diagnostic,
    original: &Entry,
    langs: &[String],
) -> Diagnostic {
    let source = &original.file.source;
    let named: Vec<String> = langs.iter().map(|l| format!("`{l}`")).collect();
    let files: Vec<String> = langs
        .iter()
        .map(|l| translation_file(original, l))
        .collect();
    let plural = if langs.len() == 1 { "" } else { "s" };
    make(format!(
        "{} has no {} translation{plural}",
        source.path.display(),
        named.join(", ")
    ))
    .at(source, key_span(source, "title"))
    .with_hint(format!(
        "add {}; until then its links lead readers of {} to this page ({} in site.yaml if the site is not translated in full)",
        files.join(", "),
        if langs.len() == 1 { "that language" } else { "those languages" },
        "`translations: ignore`"
    ))
}

fn stale(make: fn(String) -> Diagnostic, original: &Entry, translation: &Entry) -> Diagnostic {
    let source = &translation.file.source;
    let original_path = original.file.source.path.display();
    make(format!(
        "this translation may be out of date: {original_path} changed since it was translated"
    ))
    .at(source, value_span(source, "translation_of"))
    .with_hint(format!(
        "bring it in line with {original_path}, then run `spiega translations --mark {}`",
        source.path.display()
    ))
}

/// `translation_of` on a page of the default language, or on a translation of nothing.
fn misplaced_marks(site: &ResolvedSite, make: fn(String) -> Diagnostic) -> Vec<Diagnostic> {
    let default = &site.loaded.config.default_language;
    let mut problems = Vec::new();
    for entry in &site.library.entries {
        if entry.front().translation_of.is_none() {
            continue;
        }
        let source = &entry.file.source;
        let span = value_span(source, "translation_of");
        if entry.lang() == default {
            problems.push(
                make(format!(
                    "`translation_of` marks a translation, and this page is in the default language `{default}`"
                ))
                .at(source, span)
                .with_hint("remove it: translations record it, their originals do not"),
            );
        } else if freshness(site, entry).is_none() {
            problems.push(
                make(format!(
                    "`translation_of` marks a translation of content/{}, which does not exist in `{default}`",
                    entry.key()
                ))
                .at(source, span)
                .with_hint(format!(
                    "add the `{default}` original, or remove `translation_of`"
                )),
            );
        }
    }
    problems
}

/// The span of a front matter key's value (the key's own, when the value is not on its line).
fn value_span(source: &SourceFile, key: &str) -> Range<usize> {
    let key_at = key_span(source, key);
    let line_end = source.text[key_at.end..]
        .find('\n')
        .map_or(source.text.len(), |i| key_at.end + i);
    let after = &source.text[key_at.end..line_end];
    let value = after.trim_start_matches(':').trim();
    match after.find(value).filter(|_| !value.is_empty()) {
        Some(at) => key_at.end + at..key_at.end + at + value.trim_end_matches('\r').len(),
        None => key_at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::content::{ContentFile, ContentKind};
    use crate::load::front_matter::split_front_matter;

    fn entry(text: &str) -> Entry {
        let source = SourceFile::new("content/a.md", text);
        let split = split_front_matter(&source).expect("valid front matter");
        let file = ContentFile {
            kind: ContentKind::Page,
            key: "a.md".into(),
            lang: "it".into(),
            source,
            front: split.front,
            front_range: split.front_range,
            body_range: split.body_range,
            assets: Vec::new(),
            read_stamp: None,
            broken: false,
        };
        Entry {
            file,
            path: "a/".into(),
            section: None,
            pages: Vec::new(),
            subsections: Vec::new(),
            translations: Vec::new(),
            implicit: false,
            refs: Default::default(),
        }
    }

    #[test]
    fn the_hash_follows_the_text_not_its_line_endings_or_other_keys() {
        let base = source_hash(&entry("---\ntitle: A\n---\nUno.\nDue.\n"));
        assert_eq!(base.len(), HASH_DIGITS);
        assert_eq!(
            base,
            source_hash(&entry(
                "---\r\ntitle: A\r\ndate: 2024-01-01\r\n---\r\nUno.  \r\nDue.\r\n\r\n"
            ))
        );
        assert_ne!(
            base,
            source_hash(&entry("---\ntitle: A\n---\nUno.\nTre.\n"))
        );
        assert_ne!(
            base,
            source_hash(&entry("---\ntitle: B\n---\nUno.\nDue.\n"))
        );
        assert_ne!(
            base,
            source_hash(&entry("---\ntitle: A\ndescription: D\n---\nUno.\nDue.\n"))
        );
        // Text moved from the title into the body is a change too.
        assert_ne!(
            source_hash(&entry("---\ntitle: A B\n---\nC\n")),
            source_hash(&entry("---\ntitle: A\n---\nB C\n"))
        );
    }

    #[test]
    fn the_hash_of_a_known_text_never_changes() {
        // Recorded in translations' front matter: a new version must give the same value.
        assert_eq!(
            source_hash(&entry("---\ntitle: A\n---\nUno.\n")),
            "b6e90a1f36"
        );
    }

    #[test]
    fn a_value_is_found_on_its_key_line() {
        let source = SourceFile::new("a.md", "---\ntitle: x\ntranslation_of: \"abc\"\n---\n");
        let span = value_span(&source, "translation_of");
        assert_eq!(&source.text[span], "\"abc\"");
    }
}
