//! The output paths a write accepts: relative, inside the output folder, and not Spiega's own.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use super::{MANIFEST, STAGING, WriteError};
use crate::render::Output;

/// The folders on the way to an output path, outermost first: `a`, `a/b` for `a/b/c.html`.
pub(super) fn parent_dirs(relative: &str) -> impl Iterator<Item = &str> {
    relative
        .match_indices('/')
        .map(move |(i, _)| relative.get(..i).unwrap_or_default())
}

/// Refuses output paths that would land outside the output folder, on Spiega's own files, or be
/// both a file and the folder of another file.
pub(super) fn check_output_paths(files: &BTreeMap<String, Output>) -> Result<(), WriteError> {
    for path in files.keys() {
        let reason = if !is_safe_relative(path) {
            Some("it is absolute, or has `..`, `.` or empty segments")
        } else if is_reserved(path) {
            Some("the name is Spiega's own (its manifest or staging folder)")
        } else if has_files_inside(files, path) {
            Some("other output files are inside it, so it would be both a file and a folder")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(WriteError::UnsafePath {
                path: path.clone(),
                reason,
            });
        }
    }
    Ok(())
}

fn has_files_inside(files: &BTreeMap<String, Output>, path: &str) -> bool {
    let folder = format!("{path}/");
    files
        .range(folder.clone()..)
        .next()
        .is_some_and(|(next, _)| next.starts_with(&folder))
}

/// Whether a path may be written into the output (and trusted in a manifest).
pub(super) fn is_output_path(path: &str) -> bool {
    is_safe_relative(path) && !is_reserved(path)
}

/// A relative, `/`-separated path that stays inside the folder it is joined to.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
        && Path::new(path)
            .components()
            .all(|component| matches!(component, Component::Normal(_)))
}

fn is_reserved(path: &str) -> bool {
    path == MANIFEST || path == STAGING || path.starts_with(&format!("{STAGING}/"))
}
