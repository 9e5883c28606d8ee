//! Output paths that no input can turn against the machine: every path Spiega writes comes from
//! content, data or site.yaml, which many hands edit, so each is checked to stay inside the output
//! folder, and to be a name every static host and file system can hold.

use std::fmt;

/// Why a path taken from the site cannot be an output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathProblem {
    /// `https://…` or `//host/…`: a URL, not a path on this site.
    NotAPath,
    /// A `..` segment, which would climb out of the output folder.
    ParentDir,
    /// A `.` segment.
    CurrentDir,
    /// `a//b`.
    EmptySegment,
    /// `a\b`: a separator on Windows, a plain character elsewhere.
    Backslash,
    /// NUL or another control character.
    ControlCharacter,
    /// `C:` or another character Windows forbids in names (`:*?"<>|`), or `#` and `%`, which a
    /// URL would read differently.
    ForbiddenCharacter(char),
    /// `CON`, `NUL`, `COM1`…: names Windows reserves for devices.
    ReservedName(String),
    /// A name ending in `.` or a space, which Windows silently drops.
    TrailingDotOrSpace(String),
    /// A name Spiega keeps for itself in the output folder (its manifest, its temporary files).
    SpiegaFile(String),
}

impl fmt::Display for PathProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAPath => f.write_str("is a URL, not a path on this site"),
            Self::ParentDir => f.write_str("climbs out of the output folder with `..`"),
            Self::CurrentDir => f.write_str("has a `.` segment"),
            Self::EmptySegment => f.write_str("has an empty segment (`//`)"),
            Self::Backslash => f.write_str("has a backslash"),
            Self::ControlCharacter => f.write_str("has a control character"),
            Self::ForbiddenCharacter(c) => write!(f, "has the character `{c}`"),
            Self::ReservedName(name) => write!(f, "uses `{name}`, a name Windows reserves"),
            Self::TrailingDotOrSpace(name) => {
                write!(f, "has `{name}`, which ends in a dot or a space")
            }
            Self::SpiegaFile(name) => write!(f, "uses `{name}`, a name Spiega keeps for itself"),
        }
    }
}

impl PathProblem {
    /// How to fix the path.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::NotAPath => "write a path on this site, such as `/old/page/`",
            Self::ParentDir | Self::CurrentDir | Self::EmptySegment => {
                "write a path from the site's root, such as `/old/page/`: every output stays inside the output folder"
            }
            Self::Backslash => "separate folders with `/`",
            Self::ControlCharacter | Self::ForbiddenCharacter(_) => {
                "use letters, digits, `-`, `_` and `.` in paths; write accented letters as they are, not percent-encoded"
            }
            Self::ReservedName(_) | Self::TrailingDotOrSpace(_) => {
                "rename that segment: Windows and some hosts cannot hold a file of that name"
            }
            Self::SpiegaFile(_) => {
                "rename that segment: names starting with `.spiega` are Spiega's"
            }
        }
    }
}

/// Characters no segment may hold: Windows forbids `:*?"<>|`, and `#` or `%` would be read as a
/// fragment or an escape by a browser asking for the file.
const FORBIDDEN: [char; 9] = [':', '*', '?', '"', '<', '>', '|', '#', '%'];

/// Names Windows reserves for devices, with or without an extension.
const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];

/// Checks a site-relative URL path as written in content or configuration (`/old/page/`,
/// `cronologia/`, `en/x.html`; `{id}` already replaced) and gives it without its leading `/`.
/// The result never leaves the output folder once joined to it.
pub fn output_path(raw: &str) -> Result<String, PathProblem> {
    let path = raw.trim();
    if path.contains("://") || path.starts_with("//") {
        return Err(PathProblem::NotAPath);
    }
    let relative = path.strip_prefix('/').unwrap_or(path);
    let mut segments: Vec<&str> = relative.split('/').collect();
    // A trailing `/` (a folder's URL) leaves one empty segment at the end, which is fine.
    if segments.len() > 1 && segments.last() == Some(&"") {
        segments.pop();
    }
    if relative.is_empty() {
        return Ok(String::new());
    }
    for segment in segments {
        check_segment(segment)?;
    }
    Ok(relative.to_string())
}

/// Checks one `/`-separated segment of an output path.
pub fn check_segment(segment: &str) -> Result<(), PathProblem> {
    match segment {
        "" => return Err(PathProblem::EmptySegment),
        "." => return Err(PathProblem::CurrentDir),
        ".." => return Err(PathProblem::ParentDir),
        _ => {}
    }
    if segment.chars().any(char::is_control) {
        return Err(PathProblem::ControlCharacter);
    }
    if segment.contains('\\') {
        return Err(PathProblem::Backslash);
    }
    // A single segment (a category id) must not smuggle in a folder.
    if segment.contains('/') {
        return Err(PathProblem::ForbiddenCharacter('/'));
    }
    if let Some(c) = segment.chars().find(|c| FORBIDDEN.contains(c)) {
        return Err(PathProblem::ForbiddenCharacter(c));
    }
    if segment.ends_with(['.', ' ']) {
        return Err(PathProblem::TrailingDotOrSpace(segment.to_string()));
    }
    if is_reserved(segment) {
        return Err(PathProblem::ReservedName(segment.to_string()));
    }
    if segment.starts_with(".spiega") {
        return Err(PathProblem::SpiegaFile(segment.to_string()));
    }
    Ok(())
}

/// `CON`, `nul.txt`, `COM1`, `lpt9.html`…
fn is_reserved(segment: &str) -> bool {
    let stem = segment
        .split('.')
        .next()
        .unwrap_or(segment)
        .to_ascii_lowercase();
    if RESERVED.contains(&stem.as_str()) {
        return true;
    }
    let numbered = stem
        .strip_prefix("com")
        .or_else(|| stem.strip_prefix("lpt"));
    numbered.is_some_and(|n| matches!(n.as_bytes(), [b'1'..=b'9']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_paths_inside_the_output() {
        for (raw, expected) in [
            ("/old/page/", "old/page/"),
            ("old/page/", "old/page/"),
            ("/old.html", "old.html"),
            ("cronologia/", "cronologia/"),
            ("/", ""),
            ("", ""),
            (" /en/x/ ", "en/x/"),
            ("/caffè/", "caffè/"),
            ("a/.well-known/", "a/.well-known/"),
            ("/com10/", "com10/"),
        ] {
            assert_eq!(output_path(raw).as_deref(), Ok(expected), "{raw}");
        }
    }

    #[test]
    fn refuses_paths_that_escape_or_that_hosts_cannot_hold() {
        for (raw, problem) in [
            ("../../victim.html", PathProblem::ParentDir),
            ("/a/../../b/", PathProblem::ParentDir),
            ("../../../../../../", PathProblem::ParentDir),
            ("/a/./b", PathProblem::CurrentDir),
            ("a//b", PathProblem::EmptySegment),
            ("//evil.example/x", PathProblem::NotAPath),
            ("https://evil.example/", PathProblem::NotAPath),
            ("a\\..\\b", PathProblem::Backslash),
            ("a\0b", PathProblem::ControlCharacter),
            ("a\nb", PathProblem::ControlCharacter),
            ("C:/Windows/", PathProblem::ForbiddenCharacter(':')),
            ("/x?y/", PathProblem::ForbiddenCharacter('?')),
            ("/caff%C3%A8/", PathProblem::ForbiddenCharacter('%')),
            ("/CON/", PathProblem::ReservedName("CON".into())),
            ("/nul.html", PathProblem::ReservedName("nul.html".into())),
            ("/lpt1/", PathProblem::ReservedName("lpt1".into())),
            ("/a./", PathProblem::TrailingDotOrSpace("a.".into())),
            (
                "/.spiega-manifest",
                PathProblem::SpiegaFile(".spiega-manifest".into()),
            ),
        ] {
            assert_eq!(output_path(raw), Err(problem), "{raw:?}");
        }
    }

    #[test]
    fn every_problem_has_a_message_and_a_hint() {
        let problem = PathProblem::ParentDir;
        assert!(problem.to_string().contains(".."));
        assert!(!problem.hint().is_empty());
    }
}
