//! The write stage: puts the rendered site on disk, all or nothing, touching only what changed.
//!
//! Spiega keeps a manifest (`.spiega-manifest`) of the files it wrote in the output folder. A
//! rebuild writes only files whose bytes differ (the others keep their modification time, which
//! rsync-style deploys and HTTP caches rely on), removes files it wrote before and no longer
//! produces, and never deletes anything it did not write: an output folder holding foreign files
//! is refused.
//!
//! A write is a transaction, so that a failure (a full disk, a permission, a folder where a file
//! must go) never leaves half a site behind a manifest that no longer matches it:
//!
//! 1. Every changed file is written into a staging folder inside the output (`.spiega-staging/`:
//!    on the same file system, so that moving a file into place is one atomic rename). Most
//!    failures happen here, before the output changed at all.
//! 2. If the write adds files the manifest does not list, the manifest is first replaced by one
//!    listing the old files and the new ones, without a build stamp: should the process die
//!    midway, no file it created looks foreign, and the next build renders and writes in full.
//! 3. Each file to remove is moved into the staging folder; folders it leaves empty are removed.
//! 4. Missing folders are created, then each staged file is renamed into place (in parallel),
//!    after keeping a backup of the file it replaces (a hard link, or the file itself moved aside).
//! 5. The manifest is replaced last, atomically.
//!
//! When a step fails, every step done so far is undone in reverse order: backups are renamed
//! back (the previous files keep their bytes and modification times), created files and folders
//! are removed, and the previous manifest is put back. Then the staging folder is deleted.
//!
//! The staging folder is Spiega's own: a leftover, from a build that was killed, is removed by
//! the next build. Output paths are checked before anything is written: one that is absolute,
//! has `..`, `.` or empty segments, or names Spiega's own files is refused, and so is a manifest
//! line of that kind. Nothing is written or removed through a symbolic link inside the output
//! folder, and a link is never taken for an unchanged file: it is replaced by one.

mod disk;
mod leftovers;
mod manifest;
mod output_dir;
mod paths;
mod plan;
#[cfg(test)]
mod tests;
mod transaction;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use crate::render::Output;
use crate::stamp::BuildStamp;

use disk::{Disk, RealDisk};
pub use leftovers::remove_leftovers;
use manifest::read_manifest;
pub use manifest::up_to_date;
pub use output_dir::check_output_dir;
use paths::check_output_paths;
use plan::Plan;
use transaction::Transaction;

/// The manifest file, in the output folder.
pub const MANIFEST: &str = ".spiega-manifest";
/// The folder, in the output folder, where a write stages its files before moving them into
/// place. It only exists while a write runs (or after one was killed) and is Spiega's own.
pub const STAGING: &str = ".spiega-staging";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output folder is one Spiega must not write into.
    #[error("refusing to use {path} as the output folder: {reason}")]
    UnsafeOutput {
        /// The output folder.
        path: PathBuf,
        /// Why.
        reason: String,
        /// What to do instead.
        hint: String,
    },
    /// An output path that would land outside the output folder or on Spiega's own files.
    #[error("refusing to write `{path}` into the output folder: {reason}")]
    UnsafePath {
        /// The output path, relative to the output folder.
        path: String,
        /// Why.
        reason: &'static str,
    },
    /// A file to copy into the output could not be read; nothing was changed.
    #[error("cannot read {path}: {source}; the output folder was left as it was")]
    Read {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// The file system failed; the output folder is as it was before the write.
    #[error("cannot write {path}: {source}; the output folder was left as it was")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// The file system failed, and so did undoing what the write had done.
    #[error(
        "cannot write {path}: {source}; undoing the write failed too ({undo}), \
         so the output folder is partly written; the next build completes it"
    )]
    Incomplete {
        /// The file or folder whose write failed.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
        /// The first step that could not be undone.
        undo: String,
    },
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files created or changed.
    pub written: usize,
    /// Files whose bytes were already right.
    pub unchanged: usize,
    /// Files from an earlier build that are no longer produced.
    pub removed: usize,
}

/// Writes the site into `output`, which [`check_output_dir`] must have accepted: all of it, or
/// (on an error) nothing. With a `stamp` (its `outputs` is filled in here), the manifest records
/// it for the next [`up_to_date`].
pub fn write_site(
    output: &Path,
    files: &BTreeMap<String, Output>,
    stamp: Option<BuildStamp>,
) -> Result<WriteStats, WriteError> {
    write_on(&RealDisk, output, files, stamp)
}

/// [`write_site`] on any [`Disk`], so that tests can make its operations fail.
fn write_on(
    disk: &dyn Disk,
    output: &Path,
    files: &BTreeMap<String, Output>,
    stamp: Option<BuildStamp>,
) -> Result<WriteStats, WriteError> {
    check_output_paths(files)?;
    remove_leftovers(output)?;
    let previous = read_manifest(output)?;
    let plan = Plan::new(output, files, previous.as_deref(), stamp)?;
    let mut stats = WriteStats {
        written: plan.changed.len(),
        unchanged: files.len() - plan.changed.len(),
        removed: 0,
    };
    if plan.is_empty(output) {
        return Ok(stats);
    }
    let mut transaction = Transaction::begin(disk, output)?;
    match transaction.commit(&plan) {
        Ok(removed) => {
            transaction.finish();
            stats.removed = removed;
            Ok(stats)
        }
        Err(error) => Err(transaction.roll_back(error)),
    }
}
