//! Static files: the theme's `static/`, then the site's `static/` (the site wins), copied as they are.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;
use crate::load::ThemeSource;
use crate::load::builtin::FILES;
use crate::load::content::relative_key;
use crate::load::walk::{Loaded, Walk, loaded};

/// Where a static file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    /// A file of the site or of a theme folder.
    File(PathBuf),
    /// A file of the built-in theme: its path in the theme (`static/style.css`) and bytes.
    Builtin(&'static str, &'static [u8]),
}

/// Output path (relative, `/`-separated) to where its bytes come from.
pub type StaticFiles = BTreeMap<String, StaticSource>;

/// Lists the static files of the theme and the site; a site file replaces the theme's of the same name.
pub fn load_static(root: &Path, theme: Option<&ThemeSource>) -> Loaded<StaticFiles> {
    let mut files = StaticFiles::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    if theme == Some(&ThemeSource::Builtin) {
        for (path, bytes) in FILES {
            if let Some(relative) = path.strip_prefix("static/") {
                files.insert(relative.to_string(), StaticSource::Builtin(path, bytes));
            }
        }
    }
    let theme_dir = match theme {
        Some(ThemeSource::Folder(dir)) => Some(dir.join("static")),
        _ => None,
    };
    let dirs = theme_dir
        .into_iter()
        .chain(std::iter::once(root.join("static")));
    for dir in dirs {
        let walked = Walk::new(root, &dir).run();
        problems.extend(walked.errors);
        warnings.extend(walked.warnings);
        for path in walked.files {
            match relative_key(&dir, &path) {
                Some(relative) => {
                    files.insert(relative, StaticSource::File(path));
                }
                None => problems.push(
                    Diagnostic::error("file name is not valid UTF-8")
                        .in_file(path.display().to_string())
                        .with_hint("rename the file using UTF-8 characters"),
                ),
            }
        }
    }
    loaded(files, problems, warnings)
}

/// The stylesheet whose chart colours are checked: `style.css` (the site's, else the theme's),
/// read here since later stages read nothing from disk. None when there is none, or it cannot
/// be read as text (it is still copied as it is).
pub fn read_stylesheet(
    root: &Path,
    statics: &StaticFiles,
) -> Option<crate::diagnostic::SourceFile> {
    match statics.get(STYLESHEET)? {
        StaticSource::Builtin(in_theme, bytes) => {
            let text = std::str::from_utf8(bytes).ok()?;
            Some(crate::diagnostic::SourceFile::new(
                crate::load::builtin::display_path(in_theme),
                text,
            ))
        }
        StaticSource::File(path) => {
            let shown = path.strip_prefix(root).unwrap_or(path);
            crate::load::content::read_source(path, shown).ok()
        }
    }
}

/// The stylesheet's path in the output.
pub const STYLESHEET: &str = "style.css";
