//! Reading one file of the site after the loaders' walk: a file a loader listed (a static file
//! to copy, an image to encode, an input the build stamp hashes) or one that a save names. Every
//! read of the site's files goes through the load stage, so what Spiega reads is decided here and
//! in [`super::walk`], and nowhere else (tests/architecture.rs keeps it so).

use std::io;
use std::path::Path;

/// The bytes of a file of the site.
pub fn file_bytes(path: &Path) -> io::Result<Vec<u8>> {
    std::fs::read(path)
}

/// The text of a file of the site (UTF-8).
pub fn file_text(path: &Path) -> io::Result<String> {
    std::fs::read_to_string(path)
}
