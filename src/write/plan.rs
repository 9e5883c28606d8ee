//! What a write has to do, worked out before it changes anything: the files whose bytes differ
//! from the output's (compared byte for byte), the stale ones, and the manifest to leave.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::WriteError;
use super::manifest::{listed_files, manifest_text};
use crate::render::Output;
use crate::stamp::BuildStamp;

/// What a write has to do, worked out before it changes anything.
pub(super) struct Plan<'a> {
    files: &'a BTreeMap<String, Output>,
    /// The previous manifest's text.
    pub(super) previous: Option<&'a str>,
    /// The files the previous manifest lists (those that are safe to touch).
    listed: BTreeSet<String>,
    /// The files whose bytes differ from the output's.
    pub(super) changed: Vec<Changed<'a>>,
    /// The hash of each file (see [`crate::stamp::file_hash`]), known for unchanged files.
    pub(super) hashes: Vec<Option<u64>>,
    stamp: Option<BuildStamp>,
}

impl<'a> Plan<'a> {
    /// Compares every file with the one in the output (in parallel) and lists the files the
    /// previous manifest names.
    pub(super) fn new(
        output: &Path,
        files: &'a BTreeMap<String, Output>,
        previous: Option<&'a str>,
        stamp: Option<BuildStamp>,
    ) -> Result<Self, WriteError> {
        let hashes: Vec<Option<u64>> = files
            .par_iter()
            .map(|(relative, content)| unchanged_hash(output, relative, content))
            .collect::<Result<_, _>>()?;
        let changed = files
            .iter()
            .zip(&hashes)
            .enumerate()
            .filter(|(_, (_, hash))| hash.is_none())
            .map(|(index, ((path, content), _))| Changed {
                index,
                path,
                content,
            })
            .collect();
        Ok(Plan {
            files,
            previous,
            listed: previous.map(listed_files).unwrap_or_default(),
            changed,
            hashes,
            stamp,
        })
    }

    /// Files listed before and no longer produced.
    pub(super) fn stale(&self) -> impl Iterator<Item = &str> {
        self.listed
            .iter()
            .filter(|file| !self.files.contains_key(*file))
            .map(String::as_str)
    }

    /// Whether the write would change nothing: every file's bytes are right, no stale file is
    /// left, and the manifest would be the same.
    pub(super) fn is_empty(&self, output: &Path) -> bool {
        let hashes: Option<Vec<u64>> = self.hashes.iter().copied().collect();
        let stale_left = self
            .stale()
            .any(|file| std::fs::symlink_metadata(output.join(file)).is_ok_and(|m| !m.is_dir()));
        hashes.is_some_and(|hashes| self.previous == Some(self.manifest(&hashes).as_str()))
            && !stale_left
    }

    /// Whether the write adds files the previous manifest does not list.
    pub(super) fn adds_files(&self) -> bool {
        self.changed
            .iter()
            .any(|file| !self.listed.contains(file.path))
    }

    /// The manifest of this write, given every file's hash.
    pub(super) fn manifest(&self, hashes: &[u64]) -> String {
        let stamp = self.stamp.clone().map(|mut stamp| {
            stamp.outputs = crate::stamp::combine(hashes);
            stamp
        });
        manifest_text(self.files.keys(), stamp.as_ref())
    }

    /// The manifest a write that adds files puts in place while it runs: the old files and the
    /// new, and no stamp, so that the next build after a crash accepts the folder and writes all.
    pub(super) fn interim_manifest(&self) -> String {
        let all: BTreeSet<&String> = self.listed.iter().chain(self.files.keys()).collect();
        manifest_text(all.into_iter(), None)
    }
}

/// A file whose bytes differ from the output's.
pub(super) struct Changed<'a> {
    /// Its index in the plan's files.
    pub(super) index: usize,
    /// Its output path.
    pub(super) path: &'a str,
    /// What it holds.
    pub(super) content: &'a Output,
}

/// The hash of the output file `relative` if its bytes on disk are already `content`'s.
fn unchanged_hash(
    output: &Path,
    relative: &str,
    content: &Output,
) -> Result<Option<u64>, WriteError> {
    let path = output.join(relative);
    let Ok(metadata) = std::fs::symlink_metadata(&path) else {
        return Ok(None);
    };
    let length = match content {
        Output::Bytes(bytes) => bytes.len() as u64,
        Output::Copy(source) => std::fs::metadata(source)
            .map_err(|error| read_error(source, error))?
            .len(),
    };
    if !metadata.is_file() || metadata.len() != length {
        return Ok(None);
    }
    let bytes = content_bytes(content)?;
    let same = std::fs::read(&path).is_ok_and(|existing| existing == *bytes);
    Ok(same.then(|| crate::stamp::file_hash(relative, &bytes)))
}

/// The bytes of a file to write, read from its source when it is a copy.
pub(super) fn content_bytes(content: &Output) -> Result<Cow<'_, [u8]>, WriteError> {
    match content {
        Output::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
        Output::Copy(source) => std::fs::read(source)
            .map(Cow::Owned)
            .map_err(|error| read_error(source, error)),
    }
}

fn read_error(path: &Path, source: io::Error) -> WriteError {
    WriteError::Read {
        path: path.to_path_buf(),
        source,
    }
}
