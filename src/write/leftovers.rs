//! What a killed write leaves behind, removed by the next one.

use std::io;
use std::path::Path;

use super::{STAGING, WriteError};

/// Removes what a write that was killed left behind: the staging folder (never following a link).
pub fn remove_leftovers(output: &Path) -> Result<(), WriteError> {
    let staging = output.join(STAGING);
    let removed = match std::fs::symlink_metadata(&staging) {
        Ok(metadata) if metadata.is_dir() => std::fs::remove_dir_all(&staging),
        Ok(_) => std::fs::remove_file(&staging),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error),
    };
    removed.map_err(|source| WriteError::Io {
        path: staging,
        source,
    })
}
