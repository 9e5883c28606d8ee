//! Step 3 of a write: the files it no longer produces moved aside, and the folders they leave
//! empty removed.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use super::undo::Undo;
use super::{Transaction, io_error};
use crate::write::WriteError;
use crate::write::paths::parent_dirs;
use crate::write::plan::Plan;

impl Transaction<'_> {
    /// Moves the stale files aside, then removes the folders that left empty (so that a file may
    /// take a folder's place); returns how many files were there to remove.
    pub(super) fn remove_stale(&mut self, plan: &Plan<'_>) -> Result<usize, WriteError> {
        let mut removed = 0;
        let mut emptied = BTreeSet::new();
        for relative in plan.stale() {
            if !self.parents_are_folders(relative) {
                continue;
            }
            if self.set_aside(relative)? {
                removed += 1;
            }
            // Also when the file was already gone (a killed write moved it), so that its folder
            // does not stay behind empty.
            emptied.extend(parent_dirs(relative));
        }
        let mut emptied: Vec<&str> = emptied.into_iter().collect();
        emptied.sort_by_key(|dir| std::cmp::Reverse(dir.matches('/').count()));
        for dir in emptied {
            let path = self.output.join(dir);
            if is_empty_dir(&path) {
                self.disk
                    .remove_dir(&path)
                    .map_err(|source| io_error(&path, source))?;
                self.done.push(Undo::CreateDir(path));
            }
        }
        Ok(removed)
    }

    /// Moves a stale file into the staging folder, if it is there.
    fn set_aside(&mut self, relative: &str) -> Result<bool, WriteError> {
        let path = self.output.join(relative);
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_dir() => Ok(false),
            Ok(_) => {
                let backup = self.next_backup();
                self.disk
                    .rename(&path, &backup)
                    .map_err(|source| io_error(&path, source))?;
                self.done.push(Undo::Restore { backup, path });
                Ok(true)
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(source) => Err(io_error(&path, source)),
        }
    }

    /// Whether every folder on the way to `relative` is a real folder (not a link).
    fn parents_are_folders(&self, relative: &str) -> bool {
        parent_dirs(relative)
            .all(|dir| std::fs::symlink_metadata(self.output.join(dir)).is_ok_and(|m| m.is_dir()))
    }
}

/// Whether `path` is a folder with nothing in it.
fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}
