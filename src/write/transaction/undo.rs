//! Undoing a write that failed: every step done, last first.

use std::path::PathBuf;

use super::Transaction;
use crate::write::WriteError;

/// A step of a write, as it is undone.
#[derive(Debug)]
pub(super) enum Undo {
    /// A file was created where there was none: remove it.
    RemoveFile(PathBuf),
    /// A folder was created: remove it.
    RemoveDir(PathBuf),
    /// A file was replaced or removed, its backup kept: rename the backup back.
    Restore { backup: PathBuf, path: PathBuf },
    /// A folder left empty was removed: create it again.
    CreateDir(PathBuf),
}

impl Transaction<'_> {
    /// Undoes every step done, last first, and turns `error` into the error to report.
    pub(in crate::write) fn roll_back(self, error: WriteError) -> WriteError {
        let mut failed = None;
        for step in self.done.iter().rev() {
            if let Err(undo_error) = self.undo(step) {
                failed.get_or_insert(undo_error);
            }
        }
        match (failed, error) {
            (None, error) => {
                // A backup is the only copy of a file that could not be restored: keep it then.
                let _ = std::fs::remove_dir_all(&self.staging);
                error
            }
            (Some(undo), WriteError::Io { path, source }) => {
                WriteError::Incomplete { path, source, undo }
            }
            (Some(_), error) => error,
        }
    }

    /// Undoes one step; the error names the path it could not put back.
    fn undo(&self, step: &Undo) -> Result<(), String> {
        let (result, path) = match step {
            Undo::RemoveFile(path) => (self.disk.remove_file(path), path),
            Undo::RemoveDir(path) => (self.disk.remove_dir(path), path),
            Undo::Restore { backup, path } => (self.disk.rename(backup, path), path),
            Undo::CreateDir(path) => (self.disk.create_dir(path), path),
        };
        result.map_err(|error| format!("{}: {error}", path.display()))
    }
}
