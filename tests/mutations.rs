//! Mutations of the bundled site: a seeded loop breaks its files in small random ways (a byte
//! deleted, a bracket, quote, tab or tag put in, a line doubled or dropped, a word misspelt, a file
//! cut short, a byte that is not UTF-8) and builds each mutant in the test's process. Every build
//! must end with success or with the site's errors (exit 0 or 1), never a panic; every error must
//! be located in a file and carry a hint; a failed build must leave the previous output alone.
//!
//! The seed is fixed, so a run is the same every time; the loop is bounded by its count and by a
//! minute of wall time (it stops early on a machine too busy to finish, saying so). A longer run,
//! to look for trouble: `SPIEGA_MUTANTS=1000 SPIEGA_MUTATION_SECONDS=3600 cargo test --test
//! mutations -- --nocapture`.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use spiega::{BuildError, BuildOptions, build};

/// How many mutants are built, unless `SPIEGA_MUTANTS` says otherwise.
const MUTANTS: usize = 60;
/// The seed of the loop.
const SEED: u64 = 0x5EED_5B1E_6A00_0001;
/// When the loop stops even if mutants are left, unless `SPIEGA_MUTATION_SECONDS` says otherwise.
const TIME_LIMIT: Duration = Duration::from_secs(55);

/// A number from the environment, or `default`.
fn setting(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A small deterministic generator (xorshift64*): no dependency, the same numbers everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// What a mutation may put in: the characters and tags editors get wrong.
const INSERTS: [&str; 24] = [
    ":",
    ": ",
    "[",
    "]",
    "{",
    "}",
    "\"",
    "'",
    "\t",
    "\n",
    "- ",
    "---\n",
    "{{",
    "}}",
    "{%",
    "%}",
    "{% end %}",
    "{{ nota() }}",
    "(@/nulla.md)",
    "[x](@/data/chips/nulla)",
    "#",
    "|",
    "\\",
    "  ",
];

/// The files a mutation may touch: the site's text files, by path relative to the root.
fn text_files(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = list_files(root)
        .into_iter()
        .filter(|f| f.ends_with(".md") || f.ends_with(".yaml") || f.ends_with(".html"))
        .collect();
    files.sort();
    files
}

/// The largest char boundary at or below `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Breaks `bytes` (a file's content) in one way chosen by `rng`; returns what it did.
fn mutate(bytes: &[u8], rng: &mut Rng) -> (Vec<u8>, String) {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let at = boundary(&text, rng.below(text.len() + 1));
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let line = rng.below(lines.len());
    match rng.below(8) {
        0 => {
            let end = boundary(&text, at + 1 + rng.below(12));
            let mut out = text.clone();
            out.replace_range(at..end, "");
            (out.into_bytes(), format!("deleted bytes {at}..{end}"))
        }
        1 | 2 => {
            let insert = INSERTS[rng.below(INSERTS.len())];
            let mut out = text.clone();
            out.insert_str(at, insert);
            (out.into_bytes(), format!("inserted {insert:?} at {at}"))
        }
        3 => {
            let mut out: Vec<&str> = lines.clone();
            if let Some(copy) = lines.get(line) {
                out.insert(line, copy);
            }
            (
                out.concat().into_bytes(),
                format!("doubled line {}", line + 1),
            )
        }
        4 => {
            let mut out: Vec<&str> = lines.clone();
            if line < out.len() {
                out.remove(line);
            }
            (
                out.concat().into_bytes(),
                format!("dropped line {}", line + 1),
            )
        }
        5 => {
            // A misspelt word: the first letter of a word from `at` on is dropped.
            let word = text[at..]
                .char_indices()
                .find(|(_, c)| c.is_ascii_alphabetic())
                .map(|(i, c)| (at + i, c.len_utf8()));
            let mut out = text.clone();
            if let Some((start, len)) = word {
                out.replace_range(start..start + len, "");
            }
            (out.into_bytes(), format!("misspelt the word at {at}"))
        }
        6 => (
            text.as_bytes()[..at].to_vec(),
            format!("cut the file at {at}"),
        ),
        _ => {
            let mut out = text.as_bytes()[..at].to_vec();
            out.push(0xFF);
            out.extend_from_slice(&text.as_bytes()[at..]);
            (out, format!("put a byte that is not UTF-8 at {at}"))
        }
    }
}

/// One mutant: the files it changed and how, with their new bytes.
type Mutant = Vec<(String, Vec<u8>, String)>;

fn mutants(root: &Path) -> Vec<Mutant> {
    let files = text_files(root);
    let mut rng = Rng(SEED);
    (0..setting("SPIEGA_MUTANTS", MUTANTS as u64))
        .map(|_| {
            let count = 1 + rng.below(2);
            (0..count)
                .map(|_| {
                    let file = files[rng.below(files.len())].clone();
                    let bytes = std::fs::read(root.join(&file)).unwrap_or_default();
                    let (bytes, what) = mutate(&bytes, &mut rng);
                    (file, bytes, what)
                })
                .collect()
        })
        .collect()
}

/// Builds one mutant into a copy of the good output and checks what the build did.
fn check_mutant(good: &Site, mutant: &Mutant) -> Result<Outcome, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    let root = dir.path().join("site");
    let out = dir.path().join("out");
    copy_dir(&good.root, &root);
    copy_dir(&good.out, &out);
    for (file, bytes, _) in mutant {
        std::fs::write(root.join(file), bytes).map_err(|e| e.to_string())?;
    }
    let before = snapshot(&out);
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let result = catch_unwind(AssertUnwindSafe(|| build(&options, &out)));
    match result {
        Err(_) => Err("the build panicked".to_string()),
        Ok(Ok(_)) => Ok(Outcome::default()),
        Ok(Err(BuildError::Write(error))) => Err(format!("a write error: {error}")),
        Ok(Err(BuildError::Site(diagnostics))) => {
            let changed = changed_files(&before, &snapshot(&out));
            if !changed.is_empty() {
                return Err(format!("a failed build changed the output: {changed:?}"));
            }
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            if errors.is_empty() {
                return Err("a failed build without an error".to_string());
            }
            for error in &errors {
                if error.position().0.is_none() {
                    return Err(format!("not located: {}", error.render(false)));
                }
                if error.hint.is_none() {
                    return Err(format!("no hint: {}", error.render(false)));
                }
            }
            Ok(Outcome {
                failed: true,
                errors: errors.len(),
            })
        }
    }
}

/// What a mutant's build did.
#[derive(Debug, Default)]
struct Outcome {
    failed: bool,
    errors: usize,
}

#[test]
fn mutants_of_the_bundled_site_fail_cleanly_or_build() {
    let started = Instant::now();
    let limit = Duration::from_secs(setting("SPIEGA_MUTATION_SECONDS", TIME_LIMIT.as_secs()));
    let good = Site::from_repository();
    good.build_ok(&[]);
    let all = mutants(&good.root);
    let results: Vec<Mutex<Option<Result<Outcome, String>>>> =
        all.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    // Two at a time, as many as CI's cores; each mutant is checked on its own copy.
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                while started.elapsed() < limit {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let Some(mutant) = all.get(n) else { break };
                    let result = check_mutant(&good, mutant);
                    if let Ok(mut slot) = results[n].lock() {
                        *slot = Some(result);
                    }
                }
            });
        }
    });
    let mut problems = Vec::new();
    let (mut built, mut failed, mut errors) = (0, 0, 0);
    for (n, (mutant, result)) in all.iter().zip(results).enumerate() {
        match result.into_inner().ok().flatten() {
            None => {}
            Some(Ok(outcome)) => {
                built += 1;
                failed += usize::from(outcome.failed);
                errors += outcome.errors;
            }
            Some(Err(why)) => {
                let what: Vec<String> = mutant
                    .iter()
                    .map(|(file, _, how)| format!("{file}: {how}"))
                    .collect();
                problems.push(format!("mutant {n} ({}): {why}", what.join("; ")));
            }
        }
    }
    eprintln!(
        "{built} of {} mutants built ({failed} failed with {errors} errors, all located \
         and with a hint) in {:.1}s",
        all.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(
        built >= 10,
        "only {built} mutants were built before the time limit"
    );
    assert!(
        failed * 4 >= built,
        "too few mutants broke the site: {failed} of {built}"
    );
}
