//! Step 1 of a write: every changed file, and the manifests, written into the staging folder.

use std::path::PathBuf;

use rayon::prelude::*;

use super::{Transaction, io_error};
use crate::write::plan::{Plan, content_bytes};
use crate::write::{MANIFEST, WriteError};

impl Transaction<'_> {
    /// Writes every changed file into the staging folder, in parallel; returns every file's hash.
    pub(super) fn stage(&self, plan: &Plan<'_>) -> Result<Vec<u64>, WriteError> {
        let staged: Vec<(usize, u64)> = plan
            .changed
            .par_iter()
            .map(|file| {
                let bytes = content_bytes(file.content)?;
                self.disk
                    .write(&self.staged(file.index), &bytes)
                    .map_err(|source| io_error(&self.output.join(file.path), source))?;
                Ok((file.index, crate::stamp::file_hash(file.path, &bytes)))
            })
            .collect::<Result<_, WriteError>>()?;
        let mut hashes = plan.hashes.clone();
        for (index, hash) in staged {
            if let Some(slot) = hashes.get_mut(index) {
                *slot = Some(hash);
            }
        }
        Ok(hashes.into_iter().flatten().collect())
    }

    /// Writes a manifest's `text` into the staging folder, as `name`.
    pub(super) fn stage_text(&self, name: &str, text: &str) -> Result<PathBuf, WriteError> {
        let path = self.staging.join(name);
        self.disk
            .write(&path, text.as_bytes())
            .map_err(|source| io_error(&self.output.join(MANIFEST), source))?;
        Ok(path)
    }

    /// Where the changed file of index `index` is staged.
    pub(super) fn staged(&self, index: usize) -> PathBuf {
        self.staging.join(format!("new-{index}"))
    }
}
