//! Static files: the theme's `static/`, then the site's `static/` (the site wins), copied as they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::load::content::relative_key;
use crate::load::walk::{Loaded, Walk, loaded};

/// Output path (relative, `/`-separated) to the file it is copied from.
pub type StaticFiles = BTreeMap<String, PathBuf>;

/// Lists the static files of the theme and the site; a site file replaces the theme's of the same name.
pub fn load_static(root: &Path, theme_dir: Option<&Path>) -> Loaded<StaticFiles> {
    let mut files = StaticFiles::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let dirs = theme_dir
        .map(|theme| theme.join("static"))
        .into_iter()
        .chain(std::iter::once(root.join("static")));
    for dir in dirs {
        let walked = Walk::new(root, &dir).run();
        problems.extend(walked.errors);
        warnings.extend(walked.warnings);
        for path in walked.files {
            match relative_key(&dir, &path) {
                Some(relative) => {
                    files.insert(relative, path);
                }
                None => problems.push(
                    Diagnostic::error("file name is not valid UTF-8")
                        .in_file(path.display().to_string()),
                ),
            }
        }
    }
    loaded(files, problems, warnings)
}
