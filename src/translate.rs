//! `spiega translations`: what each language lacks, and which translations are older than their
//! original; `--mark` records that translations are up to date with their originals.
//!
//! The checks themselves are in [`crate::resolve::translations`]; this is the command's side:
//! the report, and editing `translation_of` into a translation's front matter.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::front_matter::split_front_matter;
use crate::load::{LoadOptions, load_site};
use crate::resolve::translations::{State, source_hash, statuses, translation_file};
use crate::resolve::{ResolvedSite, resolve_site};

/// The front matter key a translation records its original's hash in.
const KEY: &str = "translation_of";

/// What one language lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LanguageReport {
    /// The language's code.
    pub lang: String,
    /// Its name.
    pub name: String,
    /// How many pages the default language has.
    pub pages: usize,
    /// Originals with no translation: the original's file and the translation's to write.
    pub missing: Vec<(String, String)>,
    /// Translations older than their original: the translation's file and the original's.
    pub stale: Vec<(String, String)>,
    /// Translations that record no `translation_of`, whose age cannot be told.
    pub untracked: Vec<String>,
}

/// Every language but the default one, in site.yaml's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// One per language.
    pub languages: Vec<LanguageReport>,
}

impl Report {
    /// Whether a page is missing or stale in some language (what `--strict` fails on).
    pub fn has_gaps(&self) -> bool {
        self.languages
            .iter()
            .any(|l| !l.missing.is_empty() || !l.stale.is_empty())
    }

    /// The report as the command prints it.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for language in &self.languages {
            let LanguageReport {
                lang, name, pages, ..
            } = language;
            let counts = [
                (language.missing.len(), "missing"),
                (language.stale.len(), "stale"),
                (language.untracked.len(), "not tracked"),
            ];
            let gaps: Vec<String> = counts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            let summary = if gaps.is_empty() {
                "all translated and up to date".to_string()
            } else {
                gaps.join(", ")
            };
            let _ = writeln!(out, "{lang} ({name}): {pages} pages, {summary}");
            for (original, file) in &language.missing {
                let _ = writeln!(out, "  missing      {original} → {file}");
            }
            for (file, original) in &language.stale {
                let _ = writeln!(out, "  stale        {file} ({original} changed since)");
            }
            for file in &language.untracked {
                let _ = writeln!(out, "  not tracked  {file} (no `{KEY}`)");
            }
        }
        out
    }
}

/// Loads and resolves the site (any error in it is returned instead).
fn resolved(root: &Path, drafts: bool) -> Result<ResolvedSite, Vec<Diagnostic>> {
    let options = LoadOptions {
        drafts,
        ..LoadOptions::default()
    };
    resolve_site(load_site(root, &options)?)
}

/// What each language of the site at `root` lacks.
pub fn report(root: &Path, drafts: bool) -> Result<Report, Vec<Diagnostic>> {
    let site = resolved(root, drafts)?;
    let config = &site.loaded.config;
    let entries = &site.library.entries;
    let shown = |i: usize| entries[i].file.source.path.display().to_string();
    let mut by_lang: HashMap<String, LanguageReport> = HashMap::new();
    for status in statuses(&site) {
        let language = by_lang
            .entry(status.lang.clone())
            .or_insert_with(|| LanguageReport {
                lang: status.lang.clone(),
                name: config
                    .language(&status.lang)
                    .map_or(status.lang.clone(), |l| l.name.clone()),
                ..LanguageReport::default()
            });
        language.pages += 1;
        let original = shown(status.original);
        match (status.state, status.translation) {
            (State::Missing, _) => {
                let file = translation_file(&entries[status.original], &status.lang);
                language.missing.push((original, file));
            }
            (State::Stale, Some(t)) => language.stale.push((shown(t), original)),
            (State::Untracked, Some(t)) => language.untracked.push(shown(t)),
            _ => {}
        }
    }
    let languages = config
        .language_codes()
        .into_iter()
        .skip(1)
        .filter_map(|lang| by_lang.remove(lang))
        .collect();
    Ok(Report { languages })
}

/// A translation marked as up to date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// The translation's file, relative to the site's root.
    pub file: String,
    /// Its original's file.
    pub original: String,
    /// The hash now recorded.
    pub hash: String,
    /// Whether the file changed (false: it already recorded this hash).
    pub changed: bool,
}

/// Records in each of `files` (translations, as paths from the current folder or from the
/// site's root) the hash of its original as it is now, touching nothing else of the file.
/// Nothing is written unless every file can be marked.
pub fn mark(root: &Path, files: &[PathBuf]) -> Result<Vec<Marked>, Vec<Diagnostic>> {
    let site = resolved(root, true)?;
    let entries = &site.library.entries;
    let by_file: HashMap<PathBuf, usize> = entries
        .iter()
        .enumerate()
        .filter(|(_, e)| !e.implicit)
        .filter_map(|(i, e)| Some((root.join(&e.file.source.path).canonicalize().ok()?, i)))
        .collect();
    let mut problems = Vec::new();
    let mut edits = Vec::new();
    for file in files {
        let found = [file.clone(), root.join(file)]
            .iter()
            .find_map(|path| by_file.get(&path.canonicalize().ok()?).copied());
        let Some(index) = found else {
            problems.push(
                Diagnostic::error(format!("`{}` is not a page of the site", file.display()))
                    .with_hint(
                        "give a translation's Markdown file, e.g. `content/storia/accordo.en.md`",
                    ),
            );
            continue;
        };
        match mark_one(&site, index) {
            Ok(edit) => edits.push(edit),
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut marked = Vec::new();
    for (entry_index, text, result) in edits {
        let source = &entries[entry_index].file.source;
        if result.changed {
            std::fs::write(root.join(&source.path), &text).map_err(|error| {
                vec![Diagnostic::error(format!(
                    "cannot write {}: {error}",
                    source.path.display()
                ))]
            })?;
        }
        marked.push(result);
    }
    Ok(marked)
}

/// The new text of one translation's file, with what it records.
fn mark_one(site: &ResolvedSite, index: usize) -> Result<(usize, String, Marked), Diagnostic> {
    let entries = &site.library.entries;
    let entry = &entries[index];
    let source = &entry.file.source;
    let default = &site.loaded.config.default_language;
    if entry.lang() == *default {
        let other = site.loaded.config.language_codes().get(1).copied();
        let hint = other.map_or_else(
            || "the site has one language: it has no translations to mark".to_string(),
            |lang| {
                format!(
                    "mark a translation of it, e.g. `{}`",
                    translation_file(entry, lang)
                )
            },
        );
        return Err(Diagnostic::error(format!(
            "{} is in the default language `{default}`: it is an original, not a translation",
            source.path.display()
        ))
        .in_file(source.path.clone())
        .with_hint(hint));
    }
    let Some(original) = entry
        .translations
        .iter()
        .map(|&t| &entries[t])
        .find(|t| t.lang() == *default && !t.implicit)
    else {
        return Err(Diagnostic::error(format!(
            "{} has no original in `{default}` to be a translation of",
            source.path.display()
        ))
        .in_file(source.path.clone())
        .with_hint(format!("add content/{} first", entry.key())));
    };
    let hash = source_hash(original);
    let text = set_translation_of(&source.text, entry.file.front_range.clone(), &hash);
    // A front matter written in a way the edit does not fit (a flow map) must not be broken.
    if split_front_matter(&SourceFile::new(source.path.clone(), text.clone())).is_err() {
        return Err(Diagnostic::error(format!(
            "cannot add `{KEY}` to the front matter of {}",
            source.path.display()
        ))
        .in_file(source.path.clone())
        .with_hint(format!("write `{KEY}: \"{hash}\"` in it by hand")));
    }
    let marked = Marked {
        file: source.path.display().to_string(),
        original: original.file.source.path.display().to_string(),
        changed: text != *source.text,
        hash,
    };
    Ok((index, text, marked))
}

/// `text` with `translation_of: "<hash>"` in its front matter (`front`, the YAML between the
/// `---` lines): the value replaced when the key is there, else a line added at the end of the
/// front matter with the file's line ending. Every other byte is kept.
pub fn set_translation_of(text: &str, front: std::ops::Range<usize>, hash: &str) -> String {
    let value = format!("\"{hash}\"");
    let mut offset = front.start;
    for line in text
        .get(front.clone())
        .unwrap_or_default()
        .split_inclusive('\n')
    {
        if let Some(rest) = line.strip_prefix(KEY).and_then(|r| r.strip_prefix(':')) {
            let start = offset + KEY.len() + 1;
            let content = rest.trim_end_matches(['\n', '\r']);
            let comment = content.find(" #").map_or("", |at| &content[at..]);
            let end = start + content.len();
            return format!("{} {value}{comment}{}", &text[..start], &text[end..]);
        }
        offset += line.len();
    }
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let at = front.end.min(text.len());
    format!("{}{KEY}: {value}{newline}{}", &text[..at], &text[at..])
}

#[cfg(test)]
mod tests {
    use super::set_translation_of;

    fn marked(text: &str) -> String {
        let start = text.find('\n').map_or(0, |i| i + 1);
        let end = text[start..].find("---").map_or(text.len(), |i| start + i);
        set_translation_of(text, start..end, "0123abcdef")
    }

    #[test]
    fn adds_the_key_at_the_end_of_the_front_matter() {
        assert_eq!(
            marked("---\ntitle: A\n---\nBody\n"),
            "---\ntitle: A\ntranslation_of: \"0123abcdef\"\n---\nBody\n"
        );
        assert_eq!(
            marked("---\r\ntitle: A\r\n---\r\nBody\r\n"),
            "---\r\ntitle: A\r\ntranslation_of: \"0123abcdef\"\r\n---\r\nBody\r\n"
        );
    }

    #[test]
    fn replaces_only_the_value_of_an_existing_key() {
        assert_eq!(
            marked("---\ntitle: A\ntranslation_of: old # by hand\ndate: 2024-01-01\n---\nB\n"),
            "---\ntitle: A\ntranslation_of: \"0123abcdef\" # by hand\ndate: 2024-01-01\n---\nB\n"
        );
        assert_eq!(
            marked("---\ntranslation_of: \"x\"\r\ntitle: A\r\n---\r\n"),
            "---\ntranslation_of: \"0123abcdef\"\r\ntitle: A\r\n---\r\n"
        );
    }

    #[test]
    fn a_key_in_the_body_or_nested_is_not_the_front_matters() {
        assert_eq!(
            marked("---\ntitle: A\nextra:\n  translation_of: x\n---\ntranslation_of: y\n"),
            "---\ntitle: A\nextra:\n  translation_of: x\ntranslation_of: \"0123abcdef\"\n---\ntranslation_of: y\n"
        );
    }
}
