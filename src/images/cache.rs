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
    fn keys_depend_on_every_part_and_its_bounds() {
        assert_eq!(key(&[b"ab", b"c"]), key(&[b"ab", b"c"]));
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_eq!(key(&[b"x"]).len(), 32);
    }
}
