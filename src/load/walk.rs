//! The one walk of a site's folders, used by every loader and by the build stamp, so that what a
//! build reads and what its stamp hashes can never disagree.
//!
//! The rule for symbolic links: a link is followed when its target, canonicalised, is inside the
//! site root (the canonicalised folder of site.yaml). A link that points outside the site, that is
//! broken, or that leads back into a folder it is in (a loop) is skipped with a warning that names
//! the link and where it points. The same rule applies to the folder a walk starts from, so that
//! `themes/<name>` linked to a folder elsewhere is skipped too. Nothing outside the site is read,
//! not even a folder listing.

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walked {
    /// Every regular file found, by the path it was found at (through any followed link), in file
    /// name order, folder by folder.
    pub files: Vec<PathBuf>,
    /// One warning per link not followed.
    pub warnings: Vec<Diagnostic>,
    /// Folders that could not be read.
    pub errors: Vec<Diagnostic>,
}

/// A loader's result: what it loaded (everything it could read), the problems it met and the
/// warnings about links it skipped. A file that cannot be read or parsed is a problem, and the
/// others are still loaded, so that the later stages can report their own mistakes in the same run.
#[derive(Debug)]
pub struct Loaded<T> {
    /// What was loaded.
    pub value: T,
    /// Files or folders that could not be read or parsed.
    pub problems: Vec<Diagnostic>,
    /// Symbolic links skipped.
    pub warnings: Vec<Diagnostic>,
}

/// Bundles a loader's value, problems and warnings.
pub fn loaded<T>(value: T, problems: Vec<Diagnostic>, warnings: Vec<Diagnostic>) -> Loaded<T> {
    Loaded {
        value,
        problems,
        warnings,
    }
}

/// A walk of one folder of a site.
pub struct Walk<'a> {
    site_root: &'a Path,
    dir: PathBuf,
    recursive: bool,
    skip: Box<dyn Fn(&Path) -> bool + 'a>,
}

impl<'a> Walk<'a> {
    /// A walk of `dir` (a folder inside `site_root`) and its sub-folders.
    pub fn new(site_root: &'a Path, dir: impl Into<PathBuf>) -> Self {
        Walk {
            site_root,
            dir: dir.into(),
            recursive: true,
            skip: Box::new(|_| false),
        }
    }

    /// Only the folder's own files, not its sub-folders'.
    pub fn top_level(mut self) -> Self {
        self.recursive = false;
        self
    }

    /// Leaves out every entry (file, folder or link) for which `skip` holds, and all it contains;
    /// a skipped link is not looked at, so it gives no warning.
    pub fn skipping(mut self, skip: impl Fn(&Path) -> bool + 'a) -> Self {
        self.skip = Box::new(skip);
        self
    }

    /// Walks. A folder that does not exist gives nothing.
    pub fn run(self) -> Walked {
        let mut walked = Walked::default();
        let site = match self.site_root.canonicalize() {
            Ok(site) => site,
            Err(error) => {
                walked.errors.push(read_error(self.site_root, &error));
                return walked;
            }
        };
        let start = match std::fs::symlink_metadata(&self.dir) {
            Ok(_) => self.start(&site, &mut walked),
            Err(_) => None,
        };
        if let Some(canonical) = start {
            let mut ancestors = vec![canonical];
            self.walk_dir(&site, &self.dir, &mut ancestors, &mut walked);
        }
        walked
    }

    /// The canonical form of the walk's own folder, if it is a folder inside the site; otherwise
    /// a warning naming the link that leads out of it.
    fn start(&self, site: &Path, walked: &mut Walked) -> Option<PathBuf> {
        match self.dir.canonicalize() {
            Ok(canonical) if canonical.starts_with(site) => {
                return canonical.is_dir().then_some(canonical);
            }
            _ => {}
        }
        if let Some(link) = self.first_link_out(site) {
            walked.warnings.push(self.skipped(&link));
        }
        None
    }

    /// The first link on the way from the site root to the walk's folder that leads outside the
    /// site (or nowhere).
    fn first_link_out(&self, site: &Path) -> Option<PathBuf> {
        let relative = self.dir.strip_prefix(self.site_root).ok()?;
        let mut path = self.site_root.to_path_buf();
        for component in relative.components() {
            path.push(component);
            let is_link = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_symlink());
            let inside = path.canonicalize().is_ok_and(|c| c.starts_with(site));
            if is_link && !inside {
                return Some(path);
            }
        }
        None
    }

    fn walk_dir(&self, site: &Path, dir: &Path, ancestors: &mut Vec<PathBuf>, walked: &mut Walked) {
        let mut entries =
            match std::fs::read_dir(dir).and_then(Iterator::collect::<io::Result<Vec<_>>>) {
                Ok(entries) => entries,
                Err(error) => {
                    walked.errors.push(read_error(dir, &error));
                    return;
                }
            };
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let path = entry.path();
            if (self.skip)(&path) {
                continue;
            }
            let Some(parent) = ancestors.last() else {
                return;
            };
            let canonical = match entry.file_type() {
                Ok(kind) if kind.is_symlink() => match self.follow(site, &path, ancestors) {
                    Ok(target) => target,
                    Err(warning) => {
                        walked.warnings.push(warning);
                        continue;
                    }
                },
                Ok(_) => parent.join(entry.file_name()),
                Err(error) => {
                    walked.errors.push(read_error(&path, &error));
                    continue;
                }
            };
            self.visit(site, path, canonical, ancestors, walked);
        }
    }

    /// Adds a file, or walks a folder, found at `path` (whose canonical form is `canonical`).
    fn visit(
        &self,
        site: &Path,
        path: PathBuf,
        canonical: PathBuf,
        ancestors: &mut Vec<PathBuf>,
        walked: &mut Walked,
    ) {
        match std::fs::metadata(&path) {
            Ok(metadata) if metadata.is_file() => walked.files.push(path),
            Ok(metadata) if metadata.is_dir() && self.recursive => {
                ancestors.push(canonical);
                self.walk_dir(site, &path, ancestors, walked);
                ancestors.pop();
            }
            Ok(_) => {}
            Err(error) => walked.errors.push(read_error(&path, &error)),
        }
    }

    /// The canonical target of the link at `path` if the rule lets the walk follow it.
    fn follow(
        &self,
        site: &Path,
        path: &Path,
        ancestors: &[PathBuf],
    ) -> Result<PathBuf, Diagnostic> {
        match path.canonicalize() {
            Ok(target) if !target.starts_with(site) => Err(self.skipped(path)),
            Ok(target) if ancestors.contains(&target) => {
                Err(self.link_warning(path, "which is a folder it is in (a loop)"))
            }
            Ok(target) => Ok(target),
            Err(_) => Err(self.skipped(path)),
        }
    }

    /// The warning for a link that is not followed because it leads outside the site or nowhere.
    fn skipped(&self, link: &Path) -> Diagnostic {
        match link.canonicalize() {
            Ok(target) if std::fs::read_link(link).is_ok_and(|raw| raw == target) => {
                self.link_warning(link, "outside the site")
            }
            Ok(target) => self.link_warning(
                link,
                &format!("that is `{}`, outside the site", target.display()),
            ),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                self.link_warning(link, "which does not exist")
            }
            Err(error) => self.link_warning(link, &format!("which cannot be followed ({error})")),
        }
    }

    fn link_warning(&self, link: &Path, why: &str) -> Diagnostic {
        let shown = link.strip_prefix(self.site_root).unwrap_or(link);
        let target = std::fs::read_link(link).unwrap_or_default();
        Diagnostic::warning(format!(
            "`{}` is a symbolic link to `{}`, {why}: it is skipped",
            shown.display(),
            target.display()
        ))
        .in_file(shown)
        .with_hint(
            "Spiega only follows links that stay inside the site's folder; \
             copy the file or folder into the site instead",
        )
    }
}

fn read_error(path: &Path, error: &io::Error) -> Diagnostic {
    Diagnostic::error(format!("cannot read {}: {error}", path.display()))
        .in_file(path)
        .with_hint("check that the folder exists and that you may read it (its permissions)")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn names(site: &Path, walked: &Walked) -> Vec<String> {
        walked
            .files
            .iter()
            .filter_map(|f| crate::load::content::relative_key(site, f))
            .collect()
    }

    #[test]
    fn follows_links_inside_the_site_and_skips_the_others() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content/sub"))?;
        std::fs::create_dir_all(site.join("shared"))?;
        std::fs::write(site.join("content/sub/a.md"), "a")?;
        std::fs::write(site.join("shared/b.md"), "b")?;
        std::fs::write(dir.path().join("secret.txt"), "secret")?;
        symlink("../shared", site.join("content/linked"))?;
        symlink("../shared/b.md", site.join("content/b.md"))?;
        symlink(
            dir.path().join("secret.txt"),
            site.join("content/secret.txt"),
        )?;
        symlink(dir.path(), site.join("content/outside"))?;
        symlink("missing.md", site.join("content/broken.md"))?;
        symlink("..", site.join("content/sub/up"))?;
        symlink("self", site.join("content/self"))?;
        let walked = Walk::new(&site, site.join("content")).run();
        assert_eq!(
            names(&site, &walked),
            ["content/b.md", "content/linked/b.md", "content/sub/a.md"]
        );
        let warned: Vec<String> = walked
            .warnings
            .iter()
            .filter_map(|w| Some(w.file.as_ref()?.display().to_string()))
            .collect();
        assert_eq!(
            warned,
            [
                "content/broken.md",
                "content/outside",
                "content/secret.txt",
                "content/self",
                "content/sub/up"
            ]
        );
        assert!(walked.errors.is_empty(), "{:?}", walked.errors);
        Ok(())
    }

    #[test]
    fn a_walk_from_a_folder_linked_outside_reads_nothing() -> io::Result<()> {
        let dir = tempfile::tempdir()?;
        let site = dir.path().join("site");
        let elsewhere = dir.path().join("theme");
        std::fs::create_dir_all(site.join("themes"))?;
        std::fs::create_dir_all(elsewhere.join("templates"))?;
        std::fs::write(elsewhere.join("templates/page.html"), "x")?;
        let elsewhere = elsewhere.canonicalize()?;
        symlink(&elsewhere, site.join("themes/t"))?;
        let walked = Walk::new(&site, site.join("themes/t/templates")).run();
        assert!(walked.files.is_empty());
        let message = walked.warnings.first().map(|w| w.message.clone());
        assert_eq!(
            message,
            Some(format!(
                "`themes/t` is a symbolic link to `{}`, outside the site: it is skipped",
                elsewhere.display(),
            ))
        );
        Ok(())
    }
}
