//! Step 4 of a write: the folders the files need created, then each staged file moved into
//! place after a backup of the one it replaces.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use rayon::prelude::*;

use super::undo::Undo;
use super::{Transaction, io_error};
use crate::write::WriteError;
use crate::write::paths::parent_dirs;
use crate::write::plan::Plan;

/// The steps a move into place did, and how it ended.
type Placed = (Vec<Undo>, Result<(), WriteError>);

impl Transaction<'_> {
    /// Creates the folders the changed files need, outermost first; a file or a link in the
    /// way fails.
    pub(super) fn create_folders(&mut self, plan: &Plan<'_>) -> Result<(), WriteError> {
        // A folder sorts after its parent (a prefix), so parents are created first.
        let folders: BTreeSet<&str> = plan
            .changed
            .iter()
            .flat_map(|file| parent_dirs(file.path))
            .collect();
        for dir in folders {
            let path = self.output.join(dir);
            match std::fs::symlink_metadata(&path) {
                Ok(metadata) if metadata.is_dir() => {}
                Ok(metadata) => {
                    let what = if metadata.is_symlink() {
                        "a symbolic link is where a folder must go (Spiega never writes through one)"
                    } else {
                        "a file is where a folder must go"
                    };
                    return Err(io_error(&path, io::Error::other(what)));
                }
                Err(error) if error.kind() == io::ErrorKind::NotFound => self.create_dir(&path)?,
                Err(source) => return Err(io_error(&path, source)),
            }
        }
        Ok(())
    }

    /// Moves every staged file into place, in parallel (their folders exist); every step that
    /// succeeded is recorded, also when another failed.
    pub(super) fn place_changed(&mut self, plan: &Plan<'_>) -> Result<(), WriteError> {
        let placed: Vec<Placed> = plan
            .changed
            .par_iter()
            .map(|file| {
                let backup = self.staging.join(format!("replaced-{}", file.index));
                self.move_into_place(&self.staged(file.index), file.path, &backup)
            })
            .collect();
        let mut first_error = None;
        for (steps, result) in placed {
            self.done.extend(steps);
            if let Err(error) = result {
                first_error.get_or_insert(error);
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Moves `staged` into place at `relative` (a file at the top of the output, or whose
    /// folders exist), recording the steps.
    pub(super) fn put(&mut self, staged: &Path, relative: &str) -> Result<(), WriteError> {
        let backup = self.next_backup();
        let (steps, result) = self.move_into_place(staged, relative, &backup);
        self.done.extend(steps);
        result
    }

    /// Moves `staged` into place at `relative`, keeping `backup` of the file (or link) it
    /// replaces: a hard link where the file system allows it (then the path is never missing),
    /// else the file moved aside. Returns the steps done, to undo, even when a later one failed.
    fn move_into_place(&self, staged: &Path, relative: &str, backup: &Path) -> Placed {
        let path = self.output.join(relative);
        let mut steps = Vec::new();
        let result = match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_dir() => {
                Err(io::Error::other("a folder is where this file must go"))
            }
            Ok(metadata) => self.replace(staged, &path, backup, metadata.is_symlink(), &mut steps),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                self.disk.rename(staged, &path).map(|()| {
                    steps.push(Undo::RemoveFile(path.clone()));
                })
            }
            Err(error) => Err(error),
        };
        (steps, result.map_err(|source| io_error(&path, source)))
    }

    /// Replaces the file at `path` with `staged`, its backup kept first (see
    /// [`Self::move_into_place`]).
    fn replace(
        &self,
        staged: &Path,
        path: &Path,
        backup: &Path,
        is_link: bool,
        steps: &mut Vec<Undo>,
    ) -> io::Result<()> {
        let restore = || Undo::Restore {
            backup: backup.to_path_buf(),
            path: path.to_path_buf(),
        };
        let linked = !is_link && self.disk.hard_link(path, backup).is_ok();
        if !linked {
            self.disk.rename(path, backup)?;
            steps.push(restore());
        }
        self.disk.rename(staged, path)?;
        if linked {
            steps.push(restore());
        }
        Ok(())
    }
}
