//! The built-in theme, `explainer`, compiled into the binary (as mdBook ships its theme): a site
//! that says `theme: explainer` needs no themes/ folder. A `themes/explainer/` folder in the site
//! is a custom theme and wins; `spiega theme export` writes this one there to start from.

/// The name of the built-in theme.
pub const BUILTIN_THEME: &str = "explainer";

/// Every file of the built-in theme: its path inside the theme (`templates/base.html`,
/// `static/style.css`, `i18n/en.yaml`) and its bytes, sorted by path.
pub const FILES: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/builtin_theme.rs"));

/// The files under a folder of the theme (`templates/`), with their paths inside that folder.
pub fn files_under(folder: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    FILES
        .iter()
        .filter_map(move |(path, bytes)| Some((path.strip_prefix(folder)?, *bytes)))
}

/// Where a built-in file is said to be in diagnostics: `<built-in explainer>/templates/base.html`.
pub fn display_path(path_in_theme: &str) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("<built-in {BUILTIN_THEME}>/{path_in_theme}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_theme_has_its_templates_strings_and_static_files() {
        for path in ["templates/base.html", "i18n/en.yaml", "static/style.css"] {
            assert!(FILES.iter().any(|(p, _)| *p == path), "{path} is missing");
        }
        assert!(files_under("templates/").any(|(p, _)| p == "entry.html"));
    }
}
