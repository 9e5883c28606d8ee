//! Templates and UI strings: the theme's, overridden file by file (and key by key) by the site's.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::content::{read_source, relative_key};
use crate::load::walk::{Loaded, Walk, loaded};
use crate::load::yaml;
use crate::load::{ThemeSource, builtin};

/// Template name (`page.html`, `shortcodes/note.html`) to its source.
pub type TemplateSources = BTreeMap<String, SourceFile>;

/// Language code to UI string key to text, for `trans()`.
pub type Translations = BTreeMap<String, BTreeMap<String, String>>;

/// Reads every template of the theme, then the site's `templates/`, which replace the theme's.
pub fn load_templates(root: &Path, theme: Option<&ThemeSource>) -> Loaded<TemplateSources> {
    let mut templates = TemplateSources::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    if theme == Some(&ThemeSource::Builtin) {
        for (name, bytes) in builtin::files_under("templates/") {
            let display = builtin::display_path(&format!("templates/{name}"));
            match std::str::from_utf8(bytes) {
                Ok(text) => {
                    templates.insert(name.to_string(), SourceFile::new(display, text));
                }
                Err(_) => problems.push(
                    crate::diagnostic::Diagnostic::error("a built-in template is not UTF-8")
                        .in_file(display)
                        .with_hint("export the theme (`spiega theme export`) and fix the file"),
                ),
            }
        }
    }
    let dirs = theme_folder(theme)
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
        let walked = Walk::new(root, &dir).run();
        problems.extend(walked.errors);
        warnings.extend(walked.warnings);
        for path in walked.files {
            if is_hidden(&path) {
                continue;
            }
            let Some(name) = relative_key(&dir, &path) else {
                continue;
            };
            match read_source(&path, &display_dir.join(&name)) {
                Ok(source) => {
                    templates.insert(name, source);
                }
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
    }
    loaded(templates, problems, warnings)
}

/// The theme's folder, when the theme is one.
fn theme_folder(theme: Option<&ThemeSource>) -> Option<&Path> {
    match theme {
        Some(ThemeSource::Folder(dir)) => Some(dir),
        _ => None,
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

/// The fonts social cards may use: the theme's `fonts/` (built in or a folder), then the site's
/// `fonts/`, whose files replace the theme's of the same name. Only `.ttf` and `.otf` files count.
pub fn load_fonts(root: &Path, theme: Option<&ThemeSource>) -> Loaded<Vec<FontFile>> {
    let mut fonts: BTreeMap<String, FontFile> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    if theme == Some(&ThemeSource::Builtin) {
        for (name, bytes) in builtin::files_under("fonts/") {
            if is_font(name) {
                let file = FontFile {
                    name: name.to_string(),
                    bytes: std::sync::Arc::new(bytes.to_vec()),
                };
                fonts.insert(name.to_string(), file);
            }
        }
    }
    let dirs = theme_folder(theme)
        .map(|t| t.join("fonts"))
        .into_iter()
        .chain(std::iter::once(root.join("fonts")));
    for dir in dirs {
        let walked = Walk::new(root, &dir).run();
        problems.extend(walked.errors);
        warnings.extend(walked.warnings);
        for path in walked.files {
            let Some(name) = relative_key(&dir, &path).filter(|n| is_font(n)) else {
                continue;
            };
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let bytes = std::sync::Arc::new(bytes);
                    fonts.insert(name.clone(), FontFile { name, bytes });
                }
                Err(error) => problems.push(
                    Diagnostic::error(format!("cannot read the font: {error}"))
                        .in_file(path.strip_prefix(root).unwrap_or(&path).to_path_buf()),
                ),
            }
        }
    }
    loaded(fonts.into_values().collect(), problems, warnings)
}

/// Whether a file name is a font Spiega can draw with.
fn is_font(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".ttf") || lower.ends_with(".otf")
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.') || n.ends_with('~'))
}

/// Reads `i18n/<lang>.yaml` of the theme, then of the site (whose keys win), for each language.
pub fn load_translations(
    root: &Path,
    theme: Option<&ThemeSource>,
    languages: &[&str],
) -> Loaded<Translations> {
    let mut translations = Translations::new();
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    if theme == Some(&ThemeSource::Builtin) {
        for lang in languages {
            let name = format!("i18n/{lang}.yaml");
            let Some((_, bytes)) = builtin::FILES.iter().find(|(path, _)| *path == name) else {
                continue;
            };
            let source = SourceFile::new(
                builtin::display_path(&name),
                String::from_utf8_lossy(bytes).into_owned(),
            );
            match yaml::parse_file::<BTreeMap<String, String>>(&source) {
                Ok(map) => translations
                    .entry((*lang).to_string())
                    .or_default()
                    .extend(map),
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
    }
    let dirs = theme_folder(theme)
        .map(|t| t.join("i18n"))
        .into_iter()
        .chain(std::iter::once(root.join("i18n")));
    for dir in dirs {
        let walked = Walk::new(root, &dir).top_level().run();
        problems.extend(walked.errors);
        warnings.extend(walked.warnings);
        for lang in languages {
            let strings = translations.entry((*lang).to_string()).or_default();
            let Some(path) = walked.files.iter().find(|f| is_strings_of(f, lang)) else {
                continue;
            };
            let display = path.strip_prefix(root).unwrap_or(path).to_path_buf();
            let parsed = read_source(path, &display)
                .and_then(|source| yaml::parse_file::<BTreeMap<String, String>>(&source));
            match parsed {
                Ok(map) => strings.extend(map),
                Err(diagnostic) => problems.push(diagnostic),
            }
        }
    }
    loaded(translations, problems, warnings)
}

/// Whether `path` is the file of UI strings of `lang`: `<lang>.yaml`.
fn is_strings_of(path: &Path, lang: &str) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .and_then(|name| name.strip_suffix(".yaml"))
        == Some(lang)
}
