//! The cache of processed images and social cards: files named by a hash of everything they are
//! made from, so a file found there is the one the build would make, and a rebuild with nothing
//! changed encodes nothing.
//!
//! It lives outside the output folder and content/ (site.yaml `cache_dir`, `.spiega-cache/` by
//! default). Deleting it is always safe: the next build makes what it needs again. Files are
//! written under a temporary name and renamed, so an interrupted build never leaves half a file
//! under a real name.

use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// Bumped when the pipeline would make different bytes from the same inputs (a new encoder, a
/// new resize), so that files made by an older Spiega are not reused.
const PIPELINE_VERSION: &[u8] = b"spiega-images-1";

/// The cache folder of a site.
#[derive(Debug, Clone)]
pub struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache at `dir` (made on first write).
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The folder holding every variant of one processed source.
    pub fn image_dir(&self, key: &str) -> PathBuf {
        self.dir.join("images").join(key)
    }

    /// The file of one social card.
    pub fn card_file(&self, key: &str) -> PathBuf {
        self.dir.join("cards").join(format!("{key}.png"))
    }

    /// The cache folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }
}

/// Checks that the cache folder `cache_dir` (site.yaml, relative to `root` unless absolute) is
/// outside the site's source folders and outside `output`: the build reads the first and writes
/// the second, and neither must see the cache. Returns what is wrong.
pub fn check_cache_dir(root: &Path, cache_dir: &str, output: Option<&Path>) -> Result<(), String> {
    if cache_dir.trim().is_empty() {
        return Err("`cache_dir` is empty".to_string());
    }
    let cache = lexical(&root.join(cache_dir));
    let root = lexical(root);
    if cache == root {
        return Err(format!("`cache_dir: {cache_dir}` is the site root"));
    }
    for source in crate::load::SOURCE_DIRS {
        if cache.starts_with(root.join(source)) {
            return Err(format!(
                "`cache_dir: {cache_dir}` is inside the site's {source}/ folder"
            ));
        }
    }
    if let Some(output) = output {
        let output = lexical(output);
        if cache.starts_with(&output) || output.starts_with(&cache) {
            return Err(format!(
                "`cache_dir: {cache_dir}` and the output folder `{}` overlap",
                output.display()
            ));
        }
    }
    Ok(())
}

/// An absolute path with `.` and `..` resolved by their names (the folders may not exist yet).
fn lexical(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for part in absolute.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// A key for cached files: a hex SHA-256 of the pipeline version and each part, each part's
/// length first so that two different lists of parts never hash alike.
pub fn key(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(PIPELINE_VERSION);
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Writes `bytes` to `path` through a temporary file in the same folder, then renames it.
pub fn store(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temporary = path.with_file_name(format!(
        ".{name}.{}.{:?}.tmp",
        std::process::id(),
        std::thread::current().id()
    ));
    let mut file = std::fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    drop(file);
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_stays_out_of_sources_and_output() {
        let root = Path::new("/site");
        assert!(check_cache_dir(root, ".spiega-cache", Some(Path::new("/site/public"))).is_ok());
        assert!(check_cache_dir(root, "/var/cache/spiega", None).is_ok());
        assert!(check_cache_dir(root, "content/.cache", None).is_err());
        assert!(check_cache_dir(root, "public/cache", Some(Path::new("/site/public"))).is_err());
        assert!(check_cache_dir(root, "x/../static", None).is_err());
        assert!(check_cache_dir(root, ".", None).is_err());
    }

    #[test]
    fn keys_depend_on_every_part_and_its_bounds() {
        assert_eq!(key(&[b"ab", b"c"]), key(&[b"ab", b"c"]));
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_eq!(key(&[b"x"]).len(), 32);
    }
}
