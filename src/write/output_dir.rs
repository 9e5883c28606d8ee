//! The check of the output folder before a build: never the site itself, a source folder, or a
//! folder holding files Spiega did not write.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use super::manifest::{listed_files, read_manifest};
use super::{MANIFEST, STAGING, WriteError};
use crate::load::content::CONTENT_DIR;

/// Refuses output folders that would put the site's own files at risk: the site root, any folder
/// above it, a source folder inside it, or a folder holding files Spiega did not write.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), WriteError> {
    let root = absolute(root)?;
    let output_abs = absolute(output)?;
    let unsafe_output = |reason: &str, hint: &str| WriteError::UnsafeOutput {
        path: output.to_path_buf(),
        reason: reason.to_string(),
        hint: hint.to_string(),
    };
    if output_abs == root {
        return Err(unsafe_output(
            "it is the site root",
            "use a folder of its own, such as `public`",
        ));
    }
    if root.starts_with(&output_abs) {
        return Err(unsafe_output(
            "it contains the site",
            "use a folder of its own, such as `public`",
        ));
    }
    for source_dir in [CONTENT_DIR, "themes", "templates", "static", "i18n"] {
        if output_abs.starts_with(root.join(source_dir)) {
            return Err(unsafe_output(
                &format!("it is inside the site's {source_dir}/ folder"),
                "use a folder of its own, such as `public`",
            ));
        }
    }
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(unsafe_output(
            "it is a file",
            "remove it or pick another path",
        ));
    }
    let manifest = read_manifest(output)?.map(|text| listed_files(&text));
    let foreign = foreign_files(output, manifest.as_ref())?;
    if let Some(first) = foreign.first() {
        let more = if foreign.len() > 1 {
            format!(" and {} more", foreign.len() - 1)
        } else {
            String::new()
        };
        return Err(unsafe_output(
            &format!("it holds files Spiega did not write (`{first}`{more})"),
            "empty the folder or pick another one; Spiega never deletes files it did not write",
        ));
    }
    Ok(())
}

/// Files in `output` that the manifest does not list (all of them if there is no manifest). The
/// staging folder is Spiega's own; links are listed, never followed.
fn foreign_files(
    output: &Path,
    manifest: Option<&BTreeSet<String>>,
) -> Result<Vec<String>, WriteError> {
    let mut foreign = Vec::new();
    let walker = walkdir::WalkDir::new(output)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| !(entry.depth() == 1 && entry.file_name() == STAGING));
    for entry in walker {
        let entry = entry.map_err(|error| WriteError::Read {
            path: output.to_path_buf(),
            source: error.into(),
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = crate::load::content::relative_key(output, entry.path()).unwrap_or_default();
        if relative == MANIFEST {
            continue;
        }
        if !manifest.is_some_and(|m| m.contains(&relative)) {
            foreign.push(relative);
        }
    }
    Ok(foreign)
}

/// The absolute, normalised form of a path that may not exist yet: `..` is applied to the
/// components before it (so `site/missing/../content` is `site/content`), then the part that
/// exists is canonicalised, which resolves symbolic links.
fn absolute(path: &Path) -> Result<PathBuf, WriteError> {
    let joined = std::path::absolute(path).map_err(|source| WriteError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut lexical = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other.as_os_str()),
        }
    }
    let joined = lexical;
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        resolved.push(part);
    }
    Ok(resolved)
}
