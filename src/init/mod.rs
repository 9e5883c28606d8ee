//! `spiega init`: a new site skeleton that builds at once.

use std::io;
use std::path::{Path, PathBuf};

/// The starter's files: relative path and content.
const STARTER: [(&str, &str); 10] = [
    ("site.yaml", include_str!("starter/site.yaml")),
    (
        "content/_index.md",
        include_str!("starter/content/_index.md"),
    ),
    (
        "content/first-page.md",
        include_str!("starter/content/first-page.md"),
    ),
    (
        "templates/base.html",
        include_str!("starter/templates/base.html"),
    ),
    (
        "templates/index.html",
        include_str!("starter/templates/index.html"),
    ),
    (
        "templates/section.html",
        include_str!("starter/templates/section.html"),
    ),
    (
        "templates/page.html",
        include_str!("starter/templates/page.html"),
    ),
    (
        "templates/taxonomy_list.html",
        include_str!("starter/templates/taxonomy_list.html"),
    ),
    (
        "templates/taxonomy_single.html",
        include_str!("starter/templates/taxonomy_single.html"),
    ),
    (
        "templates/404.html",
        include_str!("starter/templates/404.html"),
    ),
];

const STARTER_STATIC: (&str, &str) = ("static/style.css", include_str!("starter/static/style.css"));

/// Why a site could not be created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The folder exists and is not empty.
    #[error("{0} already exists and is not empty")]
    NotEmpty(PathBuf),
    /// The file system failed.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
}

/// Writes a new site into `dir`, which must not exist or be empty. Returns the files written.
pub fn init_site(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    let non_empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if non_empty {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    for (relative, text) in STARTER.iter().chain(std::iter::once(&STARTER_STATIC)) {
        let path = dir.join(relative);
        let io_error = |source| InitError::Io {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
        }
        std::fs::write(&path, text).map_err(io_error)?;
        written.push(path);
    }
    Ok(written)
}
