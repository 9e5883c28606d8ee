//! The gallery of broken inputs as a table: each case is a good fixture site, a list of edits that
//! make one mistake, and what the build must say about it. [`run_gallery`] builds every base once,
//! then each case into a copy of its base's good output, and checks, for every case, that the build
//! exits 1, leaves the output folder untouched, reports the expected error at its `file:line:col`
//! with its message and hint, reports no other error than the expected count, and that every
//! diagnostic it prints has a location and a hint.
//!
//! Declared from a test file with `#[path = "common/gallery.rs"] mod gallery;` next to
//! `mod common;`.
#![allow(dead_code)]

use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::common::*;

/// The good site a case starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Base {
    /// tests/fixtures/tiny: two languages, a taxonomy, its own templates.
    Tiny,
    /// tests/fixtures/data: collections, sources, a timeline, a glossary, a theme.
    Data,
    /// The bundled site of the repository.
    Repository,
}

impl Base {
    fn copy(self) -> Site {
        match self {
            Base::Tiny => Site::copy("tiny"),
            Base::Data => Site::copy("data"),
            Base::Repository => Site::from_repository(),
        }
    }
}

/// One change to a copy of the base site, paths relative to the site root.
#[derive(Debug, Clone, Copy)]
pub enum Edit {
    /// Writes a file (creating its folder).
    Write(&'static str, &'static str),
    /// Writes a file's bytes.
    Bytes(&'static str, &'static [u8]),
    /// Replaces the first occurrence of a text, which must be in the file.
    Replace(&'static str, &'static str, &'static str),
    /// Removes a file.
    Remove(&'static str),
    /// Copies a folder of tests/fixtures over the site (its files replace the site's).
    Overlay(&'static str),
}

impl Edit {
    fn apply(self, site: &Site) -> Result<(), String> {
        match self {
            Edit::Write(path, text) => site.write(path, text),
            Edit::Bytes(path, bytes) => site.write(path, bytes),
            Edit::Replace(path, from, to) => {
                let text = site.read(path);
                if !text.contains(from) {
                    return Err(format!("{path} has no `{from}`: the fixture changed"));
                }
                site.write(path, text.replacen(from, to, 1));
            }
            Edit::Remove(path) => site.remove(path),
            Edit::Overlay(folder) => copy_dir(&fixture(folder), &site.root),
        }
        Ok(())
    }
}

/// Applies one edit to a site.
pub fn apply(edit: Edit, site: &Site) -> Result<(), String> {
    edit.apply(site)
}

/// A broken input and what the build must report.
#[derive(Debug, Clone, Copy)]
pub struct Case {
    /// A short name, unique in the gallery.
    pub name: &'static str,
    /// The good site it starts from.
    pub base: Base,
    /// What makes it broken.
    pub edits: &'static [Edit],
    /// Where the expected error points: `file:line:col`, or `file` for a mistake in a file as a
    /// whole (its name, its encoding).
    pub at: &'static str,
    /// The first line of the expected error's message, exactly.
    pub message: &'static str,
    /// A part of its hint.
    pub hint: &'static str,
    /// How many errors the build reports in all (the mistakes of the case, none of their echoes).
    pub errors: usize,
}

/// A one-mistake case with one error.
pub const fn case(
    name: &'static str,
    base: Base,
    edits: &'static [Edit],
    at: &'static str,
    message: &'static str,
    hint: &'static str,
) -> Case {
    Case {
        name,
        base,
        edits,
        at,
        message,
        hint,
        errors: 1,
    }
}

/// One diagnostic as printed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Printed {
    /// `error` or `warning`.
    pub severity: String,
    /// The headline.
    pub message: String,
    /// The `-->` location, if any.
    pub location: Option<String>,
    /// The `help:` lines.
    pub hints: Vec<String>,
    /// The `note:` lines.
    pub notes: Vec<String>,
}

/// Every diagnostic of a CLI's stderr, in order.
pub fn printed(stderr: &str) -> Vec<Printed> {
    let mut found: Vec<Printed> = Vec::new();
    for line in stderr.lines() {
        let headline = line
            .strip_prefix("error: ")
            .map(|m| ("error", m))
            .or_else(|| line.strip_prefix("warning: ").map(|m| ("warning", m)));
        if let Some((severity, message)) = headline {
            found.push(Printed {
                severity: severity.to_string(),
                message: message.to_string(),
                ..Printed::default()
            });
            continue;
        }
        let Some(current) = found.last_mut() else {
            continue;
        };
        let trimmed = line.trim_start().trim_start_matches("= ");
        if let Some(location) = trimmed.strip_prefix("--> ") {
            if current.location.is_none() {
                current.location = Some(location.trim().to_string());
            }
        } else if let Some(hint) = trimmed.strip_prefix("help: ") {
            current.hints.push(hint.to_string());
        } else if let Some(note) = trimmed.strip_prefix("note: ") {
            current.notes.push(note.to_string());
        }
    }
    found
}

/// A base built once: its site and good output, which each case copies.
struct Golden {
    site: Site,
}

/// What one case printed, redacted, or why it failed.
type Outcome = Result<String, String>;

/// Runs every case (two at a time) and panics with every failure at once; returns each case's
/// stderr, redacted, in the table's order.
pub fn run_gallery(cases: &[Case]) -> Vec<(String, String)> {
    let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(before, names.len(), "two cases share a name");
    let bases = [Base::Tiny, Base::Data, Base::Repository];
    let goldens: Vec<(Base, Golden)> = bases
        .into_iter()
        .filter(|base| cases.iter().any(|c| c.base == *base))
        .map(|base| {
            let site = base.copy();
            site.build_ok(&[]);
            (base, Golden { site })
        })
        .collect();
    let outcomes: Vec<Mutex<Option<Outcome>>> = cases.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(case) = cases.get(i) else { break };
                    let golden = goldens
                        .iter()
                        .find(|(base, _)| *base == case.base)
                        .map(|(_, g)| g);
                    let outcome = match golden {
                        Some(golden) => run_case(case, golden),
                        None => Err("no golden site".to_string()),
                    };
                    if let Ok(mut slot) = outcomes[i].lock() {
                        *slot = Some(outcome);
                    }
                }
            });
        }
    });
    let mut failures = Vec::new();
    let mut printed_all = Vec::new();
    for (case, slot) in cases.iter().zip(outcomes) {
        let outcome = slot.into_inner().ok().flatten();
        match outcome {
            Some(Ok(stderr)) => printed_all.push((case.name.to_string(), stderr)),
            Some(Err(failure)) => failures.push(format!("── {}: {failure}", case.name)),
            None => failures.push(format!("── {}: not run", case.name)),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
    printed_all
}

fn run_case(case: &Case, golden: &Golden) -> Outcome {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = dir.path().join("site");
    let out = dir.path().join("out");
    copy_dir(&golden.site.root, &root);
    copy_dir(&golden.site.out, &out);
    let site = Site {
        dir,
        root,
        out: out.clone(),
    };
    for edit in case.edits {
        edit.apply(&site)?;
    }
    let before = snapshot(&out);
    let run = site.build(&[]);
    let stderr = redact(&run.stderr, site.dir.path());
    let shown = || format!("\n{stderr}");
    if run.code != 1 {
        return Err(format!("exit code {} (expected 1){}", run.code, shown()));
    }
    let changed = changed_files(&before, &snapshot(&out));
    if !changed.is_empty() {
        return Err(format!("the output changed: {changed:?}{}", shown()));
    }
    check_printed(case, &printed(&stderr)).map_err(|why| format!("{why}{}", shown()))?;
    Ok(stderr)
}

fn check_printed(case: &Case, all: &[Printed]) -> Result<(), String> {
    let errors: Vec<&Printed> = all.iter().filter(|p| p.severity == "error").collect();
    for diagnostic in all {
        if diagnostic.location.is_none() {
            return Err(format!("`{}` has no location", diagnostic.message));
        }
        if diagnostic.hints.is_empty() {
            return Err(format!("`{}` has no hint", diagnostic.message));
        }
    }
    let found = errors
        .iter()
        .find(|e| e.location.as_deref() == Some(case.at));
    let Some(found) = found else {
        let places: Vec<String> = errors
            .iter()
            .map(|e| format!("{} `{}`", e.location.as_deref().unwrap_or("-"), e.message))
            .collect();
        return Err(format!("no error at {} (found {places:?})", case.at));
    };
    if found.message != case.message {
        return Err(format!(
            "at {}: message `{}`, expected `{}`",
            case.at, found.message, case.message
        ));
    }
    if !found.hints.iter().any(|h| h.contains(case.hint)) {
        return Err(format!(
            "at {}: hints {:?} do not say `{}`",
            case.at, found.hints, case.hint
        ));
    }
    if errors.len() != case.errors {
        return Err(format!("{} errors, expected {}", errors.len(), case.errors));
    }
    Ok(())
}

/// The gallery's output as one text, for a snapshot a reviewer can read.
pub fn as_text(printed: &[(String, String)]) -> String {
    let mut text = String::new();
    for (name, stderr) in printed {
        text.push_str(&format!("### {name}\n\n"));
        let kept: Vec<&str> = stderr
            .lines()
            .filter(|line| !line.trim_start().starts_with("Failed "))
            .collect();
        text.push_str(kept.join("\n").trim_end());
        text.push_str("\n\n");
    }
    text
}

/// Whether a path exists in the repository's fixtures, for cases that overlay one.
pub fn has_fixture(folder: &str) -> bool {
    Path::new(&fixture(folder)).is_dir()
}
