//! Templates and UI strings: the theme's, overridden file by file (and key by key) by the site's.

use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::content::{read_source, relative_key};
use crate::load::yaml;

/// Template name (`page.html`, `shortcodes/note.html`) to its source.
pub type TemplateSources = BTreeMap<String, SourceFile>;

/// Language code to UI string key to text, for `trans()`.
pub type Translations = BTreeMap<String, BTreeMap<String, String>>;

/// Reads every template of the theme, then the site's `templates/`, which replace the theme's.
pub fn load_templates(
    root: &Path,
    theme_dir: Option<&Path>,
) -> Result<TemplateSources, Vec<Diagnostic>> {
    let mut templates = TemplateSources::new();
    let mut problems = Vec::new();
    let dirs = theme_dir
        .map(|theme| {
            (
                theme.join("templates"),
                theme.strip_prefix(root).unwrap_or(theme).join("templates"),
            )
        })
        .into_iter()
        .chain(std::iter::once((
            root.join("templates"),
            "templates".into(),
        )));
    for (dir, display_dir) in dirs {
        for entry in WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
        {
            if !entry.file_type().is_file() || is_hidden(entry.path()) {
                continue;
            }
            let Some(name) = relative_key(&dir, entry.path()) else {
                continue;
            };
            match read_source(entry.path(), &display_dir.join(&name)) {
                Ok(source) => {
                    templates.insert(name, source);
                }
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
    }
    if problems.is_empty() {
        Ok(templates)
    } else {
        Err(problems)
    }
}

/// A font file of the theme, for drawing social cards.
#[derive(Clone)]
pub struct FontFile {
    /// The file's name (`DejaVuSans.ttf`).
    pub name: String,
    /// Its bytes.
    pub bytes: std::sync::Arc<Vec<u8>>,
}

impl std::fmt::Debug for FontFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FontFile({}, {} bytes)", self.name, self.bytes.len())
    }
}

/// Reads the `.ttf` and `.otf` files of the theme's `fonts/` folder, then of the site's (a site
/// font replaces the theme's of the same name): the only fonts social cards are drawn with, so
/// that a card never depends on the machine's fonts.
pub fn load_fonts(root: &Path, theme_dir: Option<&Path>) -> Result<Vec<FontFile>, Vec<Diagnostic>> {
    let mut fonts: BTreeMap<String, FontFile> = BTreeMap::new();
    let mut problems = Vec::new();
    let dirs = theme_dir
        .map(|t| t.join("fonts"))
        .into_iter()
        .chain([root.join("fonts")]);
    for dir in dirs.filter(|d| d.is_dir()) {
        read_fonts(&dir, &mut fonts, &mut problems);
    }
    if problems.is_empty() {
        Ok(fonts.into_values().collect())
    } else {
        Err(problems)
    }
}

fn read_fonts(dir: &Path, fonts: &mut BTreeMap<String, FontFile>, problems: &mut Vec<Diagnostic>) {
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        let name = entry.file_name().to_string_lossy().to_string();
        let lower = name.to_ascii_lowercase();
        if !entry.file_type().is_file() || !(lower.ends_with(".ttf") || lower.ends_with(".otf")) {
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                let bytes = std::sync::Arc::new(bytes);
                fonts.insert(name.clone(), FontFile { name, bytes });
            }
            Err(error) => problems.push(
                Diagnostic::error(format!("cannot read the font: {error}"))
                    .in_file(entry.path().to_path_buf()),
            ),
        }
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

/// Reads `i18n/<lang>.yaml` of the theme, then of the site (whose keys win), for each language.
pub fn load_translations(
    root: &Path,
    theme_dir: Option<&Path>,
    languages: &[&str],
) -> Result<Translations, Vec<Diagnostic>> {
    let mut translations = Translations::new();
    let mut problems = Vec::new();
    for lang in languages {
        let strings = translations.entry((*lang).to_string()).or_default();
        let dirs = theme_dir
            .map(|t| t.join("i18n"))
            .into_iter()
            .chain(std::iter::once(root.join("i18n")));
        for dir in dirs {
            let path = dir.join(format!("{lang}.yaml"));
            if !path.is_file() {
                continue;
            }
            let display = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let parsed = read_source(&path, &display)
                .and_then(|source| yaml::parse_file::<BTreeMap<String, String>>(&source));
            match parsed {
                Ok(map) => strings.extend(map),
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
    }
    if problems.is_empty() {
        Ok(translations)
    } else {
        Err(problems)
    }
}
