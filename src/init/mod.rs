//! `spiega init`: a starter explainer on a placeholder subject (a made-up town's footbridge) that
//! uses every feature (pages, a collection with refs, a timeline, a glossary, sources with
//! citations, a chart, tags) in the languages asked for, builds at once and passes
//! `spiega check --strict`. Its files carry short comments pointing to the docs.
//!
//! The starter's files are Tera templates (`starter/`), filled with the words of
//! `starter/strings.yaml` in each language.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

use tera::{Context, Kwargs, State, Tera, TeraResult, Value};

/// The site-wide files, written once: relative path and template.
const SITE_FILES: [(&str, &str); 6] = [
    ("site.yaml", include_str!("starter/site.yaml")),
    (
        "content/data/places.yaml",
        include_str!("starter/content/data/places.yaml"),
    ),
    (
        "content/data/builders.yaml",
        include_str!("starter/content/data/builders.yaml"),
    ),
    (
        "content/data/timeline.yaml",
        include_str!("starter/content/data/timeline.yaml"),
    ),
    (
        "content/data/glossary.yaml",
        include_str!("starter/content/data/glossary.yaml"),
    ),
    (
        "content/data/sources.yaml",
        include_str!("starter/content/data/sources.yaml"),
    ),
];

/// The pages, written once per language (`story.md`, `story.en.md`…).
const PAGES: [(&str, &str); 2] = [
    (
        "content/_index.md",
        include_str!("starter/content/_index.md"),
    ),
    ("content/story.md", include_str!("starter/content/story.md")),
];

/// The starter's words: key → language → text.
const STRINGS: &str = include_str!("starter/strings.yaml");

/// The languages the starter is written in; any other gets the English words.
const WRITTEN_IN: [(&str, &str); 5] = [
    ("en", "English"),
    ("it", "Italiano"),
    ("fr", "Français"),
    ("de", "Deutsch"),
    ("es", "Español"),
];

/// What to create.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The site's languages, the default one first.
    pub languages: Vec<String>,
}

impl Default for InitOptions {
    fn default() -> Self {
        Self {
            languages: vec!["en".to_string()],
        }
    }
}

/// Why a site could not be created.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The folder exists and is not empty.
    #[error("{0} already exists and is not empty")]
    NotEmpty(PathBuf),
    /// A language code that Spiega cannot use.
    #[error("`{0}` is not a language code")]
    BadLanguage(String),
    /// The same language twice.
    #[error("the language `{0}` is listed twice")]
    DuplicateLanguage(String),
    /// A starter file could not be filled in (a bug in Spiega, not in the site).
    #[error("the starter file {file} could not be written: {message}")]
    Starter {
        /// The starter file.
        file: String,
        /// Why.
        message: String,
    },
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

/// Writes the built-in theme into `<root>/themes/explainer/`, which must not exist yet, so that a
/// site can change any of it. Returns the files written.
pub fn export_theme(root: &Path) -> Result<Vec<PathBuf>, InitError> {
    let folder = root
        .join("themes")
        .join(crate::load::builtin::BUILTIN_THEME);
    if folder.exists() {
        return Err(InitError::NotEmpty(folder));
    }
    let files = crate::load::builtin::FILES
        .iter()
        .map(|(path, bytes)| ((*path).to_string(), bytes.to_vec()));
    write_files(&folder, files)
}

/// Writes files under `dir`, creating folders as needed.
fn write_files(
    dir: &Path,
    files: impl IntoIterator<Item = (String, Vec<u8>)>,
) -> Result<Vec<PathBuf>, InitError> {
    let mut written = Vec::new();
    for (relative, bytes) in files {
        let path = dir.join(&relative);
        let io_error = |source| InitError::Io {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io_error)?;
        }
        std::fs::write(&path, bytes).map_err(io_error)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a new site into `dir`, which must not exist or be empty. Returns the files written.
pub fn init_site(dir: &Path, options: &InitOptions) -> Result<Vec<PathBuf>, InitError> {
    let non_empty = std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some());
    if non_empty {
        return Err(InitError::NotEmpty(dir.to_path_buf()));
    }
    let languages = checked_languages(&options.languages)?;
    let files = starter_files(&languages)?;
    write_files(
        dir,
        files
            .into_iter()
            .map(|(path, text)| (path, text.into_bytes())),
    )
}

fn checked_languages(languages: &[String]) -> Result<Vec<String>, InitError> {
    let mut checked: Vec<String> = Vec::new();
    for code in languages.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        let valid = code.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && code.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
        if !valid {
            return Err(InitError::BadLanguage(code.to_string()));
        }
        if checked.iter().any(|c| c == code) {
            return Err(InitError::DuplicateLanguage(code.to_string()));
        }
        checked.push(code.to_string());
    }
    if checked.is_empty() {
        checked.push("en".to_string());
    }
    Ok(checked)
}

/// Every file of the starter, filled in: relative path and text.
fn starter_files(languages: &[String]) -> Result<Vec<(String, String)>, InitError> {
    let strings: BTreeMap<String, BTreeMap<String, String>> = serde_yaml::from_str(STRINGS)
        .map_err(|error| InitError::Starter {
            file: "strings.yaml".to_string(),
            message: error.to_string(),
        })?;
    let tera = starter_engine(strings, languages)?;
    let default = languages.first().map_or("en", String::as_str);
    let mut context = Context::new();
    context.insert("languages", &languages);
    context.insert("default", default);
    let prefixes: BTreeMap<&str, String> = languages
        .iter()
        .map(|l| {
            let prefix = if l == default {
                String::new()
            } else {
                format!("{l}/")
            };
            (l.as_str(), prefix)
        })
        .collect();
    context.insert("prefix", &prefixes);
    let names: BTreeMap<&str, &str> = languages
        .iter()
        .map(|l| {
            let name = WRITTEN_IN
                .iter()
                .find(|(code, _)| *code == l.as_str())
                .map_or(l.as_str(), |(_, name)| *name);
            (l.as_str(), name)
        })
        .collect();
    context.insert("language_names", &names);
    let mut files = Vec::new();
    for (path, _) in SITE_FILES {
        files.push((path.to_string(), render(&tera, path, &context)?));
    }
    for lang in languages {
        context.insert("lang", lang);
        for (path, _) in PAGES {
            let file = if lang == default {
                path.to_string()
            } else {
                path.replace(".md", &format!(".{lang}.md"))
            };
            files.push((file, render(&tera, path, &context)?));
        }
    }
    Ok(files)
}

fn render(tera: &Tera, name: &str, context: &Context) -> Result<String, InitError> {
    tera.render(name, context)
        .map_err(|error| InitError::Starter {
            file: name.to_string(),
            message: error.to_string(),
        })
}

/// A Tera with the starter's templates and two functions: `t(key, lang?)`, a YAML scalar (one
/// quoted text, or a `{lang: "…"}` map of every language when no `lang` is given and the site
/// has several), and `s(key)`, the text in the current `lang` for Markdown.
fn starter_engine(
    strings: BTreeMap<String, BTreeMap<String, String>>,
    languages: &[String],
) -> Result<Tera, InitError> {
    let strings = std::sync::Arc::new(strings);
    let languages = languages.to_vec();
    let mut tera = Tera::new();
    let shared = std::sync::Arc::clone(&strings);
    tera.register_function("t", move |kwargs: Kwargs, _: &State| {
        yaml_text(&shared, &languages, &kwargs)
    });
    let shared = std::sync::Arc::clone(&strings);
    tera.register_function("s", move |kwargs: Kwargs, state: &State| {
        let key: &str = kwargs.must_get("key")?;
        let lang = state.get::<String>("lang")?.unwrap_or_default();
        text(&shared, key, &lang).map(Value::from)
    });
    let templates = SITE_FILES.iter().chain(PAGES.iter()).copied();
    tera.add_raw_templates(templates)
        .map_err(|error| InitError::Starter {
            file: "starter".to_string(),
            message: error.to_string(),
        })?;
    Ok(tera)
}

/// A word of the starter in a language, English where the starter is not written in it.
fn text(
    strings: &BTreeMap<String, BTreeMap<String, String>>,
    key: &str,
    lang: &str,
) -> TeraResult<String> {
    let texts = strings
        .get(key)
        .ok_or_else(|| tera::Error::message(format!("no starter string `{key}`")))?;
    texts
        .get(lang)
        .or_else(|| texts.get("en"))
        .cloned()
        .ok_or_else(|| tera::Error::message(format!("no English for `{key}`")))
}

fn yaml_text(
    strings: &BTreeMap<String, BTreeMap<String, String>>,
    languages: &[String],
    kwargs: &Kwargs,
) -> TeraResult<Value> {
    let key: &str = kwargs.must_get("key")?;
    let quoted = |lang: &str| text(strings, key, lang).map(|t| quote(&t));
    let yaml = match (kwargs.get::<&str>("lang")?, languages) {
        (Some(lang), _) => quoted(lang)?,
        (None, [only]) => quoted(only)?,
        (None, all) => {
            let pairs: Vec<String> = all
                .iter()
                .map(|lang| quoted(lang).map(|t| format!("{lang}: {t}")))
                .collect::<TeraResult<_>>()?;
            format!("{{{}}}", pairs.join(", "))
        }
    };
    Ok(Value::safe_string(&yaml))
}

/// A YAML double-quoted scalar.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_two_language_starter_has_both_languages_pages() {
        let files = starter_files(&["it".to_string(), "en".to_string()]);
        let names: Vec<String> = files
            .map(|f| f.into_iter().map(|(name, _)| name).collect())
            .unwrap_or_default();
        for name in [
            "site.yaml",
            "content/_index.md",
            "content/_index.en.md",
            "content/story.md",
            "content/story.en.md",
            "content/data/timeline.yaml",
        ] {
            assert!(names.iter().any(|n| n == name), "{name} missing: {names:?}");
        }
    }

    #[test]
    fn language_codes_are_checked() {
        assert!(matches!(
            checked_languages(&["e n".to_string()]),
            Err(InitError::BadLanguage(_))
        ));
        assert!(matches!(
            checked_languages(&["en".to_string(), "en".to_string()]),
            Err(InitError::DuplicateLanguage(_))
        ));
        assert_eq!(checked_languages(&[]).ok(), Some(vec!["en".to_string()]));
    }

    #[test]
    fn texts_are_yaml_scalars() {
        assert_eq!(quote("l'\"a\"\\"), "\"l'\\\"a\\\"\\\\\"");
    }
}
