//! Build stamps: what a build's output was made from, so that a rebuild with nothing changed can
//! stop before rendering.
//!
//! A build's output depends only on its inputs (the site's files, the options, the Spiega binary):
//! nothing reads the clock. So when every input has the same bytes as at the last build, and the
//! output folder still holds exactly what that build wrote, rendering again would write nothing.
//! The stamp records both sides in the output's manifest (as comment lines): a hash of the inputs
//! and a hash of the written files' bytes. Both are deterministic, so the manifest, like every
//! other output file, is the same for the same inputs. Checking a stamp reads the inputs and the
//! outputs, which costs far less than rendering.
//!
//! The inputs are found by the walk every loader uses ([`crate::load::walk`]), under the same rule
//! for symbolic links: a link inside the site is followed (its target's bytes are hashed under the
//! link's path, so editing the target renders again), a link out of the site is skipped by both.
//! The stamp walks all of [`SOURCE_DIRS`], a superset of what the loaders read (another theme's
//! files, hidden files): an edit there costs a render that writes nothing, never a stale output.
//! A skipped link gives no stamp, as a build with warnings is not stamped: such a site renders
//! every time, and shows its warnings every time.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::load::SOURCE_DIRS;
use crate::load::config::CONFIG_FILE;
use crate::load::walk::Walk;

/// What a finished build records about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildStamp {
    /// The hash of every input (see [`inputs_hash`]).
    pub inputs: u64,
    /// The hash of the written files as they are on disk (see [`outputs_hash`]).
    pub outputs: u64,
    /// Pages and sections per language, for the summary of a rebuild that renders nothing.
    pub pages_per_language: Vec<(String, usize)>,
}

impl BuildStamp {
    /// The stamp as manifest comment lines.
    pub fn to_lines(&self) -> String {
        let pages: Vec<String> = self
            .pages_per_language
            .iter()
            .map(|(lang, n)| format!("{lang}={n}"))
            .collect();
        format!(
            "# inputs: {:016x}\n# outputs: {:016x}\n# pages: {}\n",
            self.inputs,
            self.outputs,
            pages.join(" ")
        )
    }

    /// Reads a stamp back from a manifest's text; `None` if it has none or it is malformed.
    pub fn from_manifest(text: &str) -> Option<BuildStamp> {
        let field = |name: &str| {
            text.lines().find_map(|line| {
                line.strip_prefix("# ")?
                    .strip_prefix(name)?
                    .strip_prefix(": ")
            })
        };
        let inputs = u64::from_str_radix(field("inputs")?, 16).ok()?;
        let outputs = u64::from_str_radix(field("outputs")?, 16).ok()?;
        let pages_per_language = field("pages")?
            .split_whitespace()
            .map(|pair| {
                let (lang, n) = pair.split_once('=')?;
                Some((lang.to_string(), n.parse().ok()?))
            })
            .collect::<Option<Vec<_>>>()?;
        Some(BuildStamp {
            inputs,
            outputs,
            pages_per_language,
        })
    }
}

/// A hash of everything a build of `root` reads, plus `options` (which change the output) and
/// the identity of this Spiega (another may render differently). Files are read in parallel.
pub fn inputs_hash(root: &Path, options: impl Hash) -> Option<u64> {
    let mut files = vec![root.join(CONFIG_FILE)];
    for dir in SOURCE_DIRS {
        let walked = Walk::new(root, root.join(dir)).run();
        // A skipped link is a warning of the build, and a build with warnings is never skipped.
        if !walked.errors.is_empty() || !walked.warnings.is_empty() {
            return None;
        }
        files.extend(walked.files);
    }
    let hashes: Vec<u64> = files
        .par_iter()
        .map(|path| {
            let bytes = crate::load::read::file_bytes(path).ok()?;
            let mut hasher = DefaultHasher::new();
            path.strip_prefix(root).unwrap_or(path).hash(&mut hasher);
            bytes.hash(&mut hasher);
            Some(hasher.finish())
        })
        .collect::<Option<_>>()?;
    let mut hasher = DefaultHasher::new();
    hashes.hash(&mut hasher);
    options.hash(&mut hasher);
    // Which Spiega: its version and a hash of its sources, made when it was compiled (build.rs).
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    env!("SPIEGA_SOURCE_HASH").hash(&mut hasher);
    Some(hasher.finish())
}

/// A hash of the bytes of `files` under `output`, read in parallel; `None` if one is missing.
/// Whoever edits or deletes an output file changes it.
pub fn outputs_hash<'a>(output: &Path, files: impl Iterator<Item = &'a String>) -> Option<u64> {
    let paths: Vec<(&String, PathBuf)> = files.map(|file| (file, output.join(file))).collect();
    let hashes: Vec<u64> = paths
        .par_iter()
        .map(|(file, path)| Some(file_hash(file, &std::fs::read(path).ok()?)))
        .collect::<Option<_>>()?;
    Some(combine(&hashes))
}

/// The hash of one output file: its path in the output and its bytes.
pub fn file_hash(file: &str, bytes: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    file.hash(&mut hasher);
    bytes.hash(&mut hasher);
    hasher.finish()
}

/// The hash of a list of file hashes, in output order.
pub fn combine(hashes: &[u64]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hashes.hash(&mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stamp_survives_the_manifest() {
        let stamp = BuildStamp {
            inputs: 0xabc,
            outputs: 42,
            pages_per_language: vec![("it".into(), 7), ("en".into(), 6)],
        };
        let text = format!("# header\n{}a/index.html\n", stamp.to_lines());
        assert_eq!(BuildStamp::from_manifest(&text), Some(stamp));
        assert_eq!(BuildStamp::from_manifest("# header\na.html\n"), None);
    }
}
