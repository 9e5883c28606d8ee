//! The write stage: puts the rendered site on disk, touching only what changed.
//!
//! Spiega keeps a manifest of the files it wrote in the output folder. A rebuild writes only files
//! whose bytes differ, removes files it wrote before and no longer produces, and never deletes
//! anything it did not write: an output folder holding foreign files is refused.

use std::collections::BTreeSet;
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::load::content::CONTENT_DIR;
use crate::render::Output;
use crate::stamp::BuildStamp;

/// The manifest file, in the output folder.
pub const MANIFEST: &str = ".spiega-manifest";
const MANIFEST_HEADER: &str =
    "# Files written by `spiega build`. Spiega only removes files listed here.";

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
    /// The file system failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
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
    let manifest = read_manifest(output)?;
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

/// The stamp of the last build into `output`, if its inputs hash was `inputs` and every file it
/// wrote is still there as it left it: then a build would write nothing.
pub fn up_to_date(output: &Path, inputs: u64) -> Option<(BuildStamp, usize)> {
    let text = std::fs::read_to_string(output.join(MANIFEST)).ok()?;
    let stamp = BuildStamp::from_manifest(&text)?;
    if stamp.inputs != inputs {
        return None;
    }
    let files: Vec<String> = manifest_files(&text).collect();
    let outputs = crate::stamp::outputs_hash(output, files.iter())?;
    (outputs == stamp.outputs).then_some((stamp, files.len()))
}

/// Writes the site into `output`, which [`check_output_dir`] must have accepted. With a `stamp`
/// (its `outputs` is filled in here), the manifest records it for the next [`up_to_date`].
pub fn write_site(
    output: &Path,
    files: &std::collections::BTreeMap<String, Output>,
    stamp: Option<BuildStamp>,
) -> Result<WriteStats, WriteError> {
    let previous = read_manifest(output)?.unwrap_or_default();
    let results: Vec<Result<(bool, u64), WriteError>> = files
        .par_iter()
        .map(|(relative, content)| write_if_changed(&output.join(relative), relative, content))
        .collect();
    let mut stats = WriteStats::default();
    let mut hashes = Vec::with_capacity(results.len());
    for result in results {
        let (written, hash) = result?;
        hashes.push(hash);
        if written {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    for stale in previous.iter().filter(|path| !files.contains_key(*path)) {
        if !is_safe_relative(stale) {
            continue;
        }
        let path = output.join(stale);
        match std::fs::remove_file(&path) {
            Ok(()) => {
                stats.removed += 1;
                remove_empty_parents(output, &path);
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(WriteError::Io { path, source }),
        }
    }
    let stamp = stamp.map(|mut stamp| {
        stamp.outputs = crate::stamp::combine(&hashes);
        stamp
    });
    write_manifest(output, files.keys(), stamp.as_ref())?;
    Ok(stats)
}

/// Writes one file unless its bytes are already right; returns whether it wrote, and the hash of
/// the file for the build stamp.
fn write_if_changed(
    path: &Path,
    relative: &str,
    content: &Output,
) -> Result<(bool, u64), WriteError> {
    let io_error = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes: std::borrow::Cow<'_, [u8]> = match content {
        Output::Bytes(bytes) => bytes.into(),
        Output::Copy(source) => std::fs::read(source)
            .map_err(|e| WriteError::Io {
                path: source.clone(),
                source: e,
            })?
            .into(),
    };
    let hash = crate::stamp::file_hash(relative, &bytes);
    if let Ok(metadata) = std::fs::metadata(path)
        && metadata.is_file()
        && metadata.len() == bytes.len() as u64
        && std::fs::read(path).is_ok_and(|existing| existing == *bytes)
    {
        return Ok((false, hash));
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io_error)?;
    }
    std::fs::write(path, &bytes).map_err(io_error)?;
    Ok((true, hash))
}

fn read_manifest(output: &Path) -> Result<Option<BTreeSet<String>>, WriteError> {
    let path = output.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(manifest_files(&text).collect())),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(WriteError::Io { path, source }),
    }
}

/// The files a manifest lists (its other lines are comments).
fn manifest_files(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
        .map(str::to_string)
}

fn write_manifest<'a>(
    output: &Path,
    files: impl Iterator<Item = &'a String>,
    stamp: Option<&BuildStamp>,
) -> Result<(), WriteError> {
    let mut text = String::from(MANIFEST_HEADER);
    text.push('\n');
    if let Some(stamp) = stamp {
        text.push_str(&stamp.to_lines());
    }
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    write_if_changed(
        &output.join(MANIFEST),
        MANIFEST,
        &Output::Bytes(text.into_bytes()),
    )
    .map(|_| ())
}

/// Files in `output` that the manifest does not list (all of them if there is no manifest).
fn foreign_files(
    output: &Path,
    manifest: Option<&BTreeSet<String>>,
) -> Result<Vec<String>, WriteError> {
    let mut foreign = Vec::new();
    for entry in walkdir::WalkDir::new(output)
        .min_depth(1)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|error| WriteError::Io {
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

/// Removes folders left empty by a removal, up to (not including) the output folder.
fn remove_empty_parents(output: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(current) = dir {
        if current == output || std::fs::remove_dir(current).is_err() {
            break;
        }
        dir = current.parent();
    }
}

/// A manifest line is only trusted if it stays inside the output folder.
fn is_safe_relative(path: &str) -> bool {
    Path::new(path)
        .components()
        .all(|component| matches!(component, Component::Normal(_)))
}

/// The absolute, normalised form of a path that may not exist yet: `..` is applied to the
/// components before it (so `site/missing/../content` is `site/content`), then the part that
/// exists is canonicalised, which resolves symbolic links.
fn absolute(path: &Path) -> Result<PathBuf, WriteError> {
    let joined = std::path::absolute(path).map_err(|source| WriteError::Io {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, Output> {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), Output::Bytes(c.as_bytes().to_vec())))
            .collect()
    }

    #[test]
    fn rewrites_only_changed_files_and_removes_stale_ones() -> Result<(), WriteError> {
        let dir = tempfile::tempdir().map_err(|source| WriteError::Io {
            path: "tmp".into(),
            source,
        })?;
        let out = dir.path().join("public");
        let first = write_site(&out, &files(&[("a/index.html", "A"), ("b.txt", "B")]), None)?;
        assert_eq!(
            first,
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let again = write_site(&out, &files(&[("a/index.html", "A"), ("b.txt", "B")]), None)?;
        assert_eq!(
            again,
            WriteStats {
                written: 0,
                unchanged: 2,
                removed: 0
            }
        );
        let changed = write_site(&out, &files(&[("b.txt", "B2")]), None)?;
        assert_eq!(
            changed,
            WriteStats {
                written: 1,
                unchanged: 0,
                removed: 1
            }
        );
        assert!(!out.join("a").exists(), "an emptied folder is removed");
        check_output_dir(dir.path(), &out)?;
        Ok(())
    }

    #[test]
    fn refuses_dangerous_output_folders() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let root = dir.path().join("site");
        let made = std::fs::create_dir_all(root.join("content"));
        assert!(made.is_ok());
        for output in [
            root.clone(),
            dir.path().to_path_buf(),
            root.join("content"),
            root.join("content/x"),
        ] {
            assert!(
                matches!(
                    check_output_dir(&root, &output),
                    Err(WriteError::UnsafeOutput { .. })
                ),
                "{} should be refused",
                output.display()
            );
        }
        let foreign = root.join("public");
        let written = std::fs::create_dir_all(&foreign)
            .and_then(|()| std::fs::write(foreign.join("mine.txt"), "x"));
        assert!(written.is_ok());
        assert!(matches!(
            check_output_dir(&root, &foreign),
            Err(WriteError::UnsafeOutput { .. })
        ));
        assert!(check_output_dir(&root, &root.join("fresh")).is_ok());
    }
}
