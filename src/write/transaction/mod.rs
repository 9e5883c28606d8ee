//! A write in progress: each step recorded as it is done, so that a failure undoes them all.

mod place;
mod staging;
mod stale;
mod undo;

use std::io;
use std::path::{Path, PathBuf};

use super::disk::Disk;
use super::plan::Plan;
use super::{MANIFEST, STAGING, WriteError};
use undo::Undo;

/// A write in progress: the steps done so far, to undo them on a failure.
pub(super) struct Transaction<'a> {
    disk: &'a dyn Disk,
    output: &'a Path,
    staging: PathBuf,
    done: Vec<Undo>,
    backups: usize,
}

impl<'a> Transaction<'a> {
    /// Creates the output folder if it is missing, and the staging folder.
    pub(super) fn begin(disk: &'a dyn Disk, output: &'a Path) -> Result<Self, WriteError> {
        let mut transaction = Transaction {
            disk,
            output,
            staging: output.join(STAGING),
            done: Vec::new(),
            backups: 0,
        };
        let created = transaction.create_output().and_then(|()| {
            let staging = transaction.staging.clone();
            disk.create_dir(&staging)
                .map_err(|source| io_error(&staging, source))
        });
        match created {
            Ok(()) => Ok(transaction),
            Err(error) => Err(transaction.roll_back(error)),
        }
    }

    /// Creates the output folder and its missing parents.
    fn create_output(&mut self) -> Result<(), WriteError> {
        let missing: Vec<&Path> = self
            .output
            .ancestors()
            .take_while(|dir| {
                !dir.as_os_str().is_empty() && std::fs::symlink_metadata(dir).is_err()
            })
            .collect();
        for dir in missing.into_iter().rev() {
            self.create_dir(dir)?;
        }
        Ok(())
    }

    /// Does every step of the write; returns how many stale files it removed.
    pub(super) fn commit(&mut self, plan: &Plan<'_>) -> Result<usize, WriteError> {
        let hashes = self.stage(plan)?;
        let manifest = plan.manifest(&hashes);
        if plan.adds_files() {
            let interim = self.stage_text("interim-manifest", &plan.interim_manifest())?;
            self.put(&interim, MANIFEST)?;
        }
        let removed = self.remove_stale(plan)?;
        self.create_folders(plan)?;
        self.place_changed(plan)?;
        if plan.previous != Some(manifest.as_str()) {
            let staged = self.stage_text("manifest", &manifest)?;
            self.put(&staged, MANIFEST)?;
        }
        Ok(removed)
    }

    /// Creates a folder, to remove on an undo.
    fn create_dir(&mut self, path: &Path) -> Result<(), WriteError> {
        self.disk
            .create_dir(path)
            .map_err(|source| io_error(path, source))?;
        self.done.push(Undo::RemoveDir(path.to_path_buf()));
        Ok(())
    }

    /// A new path in the staging folder for the backup of a file replaced or removed.
    fn next_backup(&mut self) -> PathBuf {
        self.backups += 1;
        self.staging.join(format!("old-{}", self.backups))
    }

    /// The write is done: the backups and the staging folder go. A failure here leaves a
    /// leftover that the next build removes.
    pub(super) fn finish(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }
}

/// A file-system failure at `path`.
fn io_error(path: &Path, source: io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}
