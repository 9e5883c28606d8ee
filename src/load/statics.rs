//! Static files: the theme's `static/`, then the site's `static/` (the site wins), copied as they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::load::content::relative_key;

/// Output path (relative, `/`-separated) to the file it is copied from.
pub type StaticFiles = BTreeMap<String, PathBuf>;

/// Lists the static files of the theme and the site; a site file replaces the theme's of the same name.
pub fn load_static(root: &Path, theme_dir: Option<&Path>) -> Result<StaticFiles, Vec<Diagnostic>> {
    let mut files = StaticFiles::new();
    let mut problems = Vec::new();
    let dirs = theme_dir
        .map(|theme| theme.join("static"))
        .into_iter()
        .chain(std::iter::once(root.join("static")));
    for dir in dirs {
        if !dir.is_dir() {
            continue;
        }
        for entry in WalkDir::new(&dir).sort_by_file_name() {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    match relative_key(&dir, entry.path()) {
                        Some(relative) => {
                            files.insert(relative, entry.path().to_path_buf());
                        }
                        None => problems.push(
                            Diagnostic::error("file name is not valid UTF-8")
                                .in_file(entry.path().display().to_string()),
                        ),
                    }
                }
                Ok(_) => {}
                Err(error) => problems.push(Diagnostic::error(format!(
                    "cannot read a static file: {error}"
                ))),
            }
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}
