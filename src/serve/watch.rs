//! Watching the site's sources: content/ (data included), themes/, templates/, static/, i18n/
//! and site.yaml. Events are gathered into batches: a batch closes once no relevant event came
//! for [`QUIET`], and at the latest [`MAX_WAIT`] after its first event, so one save (often several
//! events: write, close, rename) gives one rebuild.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::load::config::CONFIG_FILE;

/// The folders watched recursively, relative to the site root.
pub const WATCHED_DIRS: [&str; 6] = crate::load::SOURCE_DIRS;

/// How long a batch waits for more events after the last one.
pub const QUIET: Duration = Duration::from_millis(10);

/// How long a batch waits at most after its first event.
pub const MAX_WAIT: Duration = Duration::from_millis(50);

/// Source changes that call for one rebuild.
#[derive(Debug)]
pub struct Batch {
    /// When the first event of the batch arrived.
    pub first: Instant,
    /// The files that changed, relative to the site root, without repeats.
    pub paths: Vec<PathBuf>,
}

/// A watch on a site's sources.
pub struct SiteWatcher {
    watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    root: PathBuf,
    /// A change seen by [`SiteWatcher::change_pending`]: when, and the paths so far.
    early: Option<(Instant, Vec<PathBuf>)>,
}

impl SiteWatcher {
    /// Starts watching the site at `root` (an absolute path).
    pub fn new(root: &Path) -> notify::Result<Self> {
        let (sender, events) = channel();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = sender.send(event);
        })?;
        watcher.watch(root, RecursiveMode::NonRecursive)?;
        let mut this = Self {
            watcher,
            events,
            root: root.to_path_buf(),
            early: None,
        };
        for dir in WATCHED_DIRS {
            this.watch_dir(dir);
        }
        Ok(this)
    }

    /// The folders watched, for the terminal.
    pub fn describe(&self) -> String {
        let mut names: Vec<String> = WATCHED_DIRS
            .iter()
            .filter(|dir| self.root.join(dir).is_dir())
            .map(|dir| format!("{dir}/"))
            .collect();
        names.push(CONFIG_FILE.to_string());
        names.join(", ")
    }

    fn watch_dir(&mut self, dir: &str) {
        let path = self.root.join(dir);
        if path.is_dir() {
            // A folder made again (e.g. by a checkout) is a new inode: watch it anew.
            let _ = self.watcher.unwatch(&path);
            let _ = self.watcher.watch(&path, RecursiveMode::Recursive);
        }
    }

    /// Waits for the next batch of relevant changes; `None` once the watcher has stopped.
    pub fn next_batch(&mut self) -> Option<Batch> {
        let (first, mut paths) = match self.early.take() {
            Some(early) => early,
            None => {
                let mut paths = Vec::new();
                loop {
                    let event = self.events.recv().ok()?;
                    if self.collect(event, &mut paths) {
                        break (Instant::now(), paths);
                    }
                }
            }
        };
        let deadline = first + MAX_WAIT;
        let mut quiet_until = first + QUIET;
        loop {
            let now = Instant::now();
            let until = quiet_until.min(deadline);
            if now >= until {
                break;
            }
            match self.events.recv_timeout(until - now) {
                Ok(event) => {
                    if self.collect(event, &mut paths) {
                        quiet_until = Instant::now() + QUIET;
                    }
                }
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => break,
            }
        }
        Some(Batch { first, paths })
    }

    /// Whether a relevant change arrived since the last batch, without waiting: long work (the
    /// rest of a rebuild) stops early when one did, as the next batch redoes it. The change is
    /// kept for [`SiteWatcher::next_batch`].
    pub fn change_pending(&mut self) -> bool {
        while let Ok(event) = self.events.try_recv() {
            let early = self.early.take();
            let was_pending = early.is_some();
            let (first, mut paths) = early.unwrap_or_else(|| (Instant::now(), Vec::new()));
            if self.collect(event, &mut paths) || was_pending {
                self.early = Some((first, paths));
            }
        }
        self.early.is_some()
    }

    /// Adds the relevant paths of an event; returns whether it had any.
    fn collect(&mut self, event: notify::Result<Event>, paths: &mut Vec<PathBuf>) -> bool {
        let Ok(event) = event else {
            // The watcher lost events (e.g. an overflow): rebuild to be safe.
            return true;
        };
        if !is_change(&event.kind) {
            return false;
        }
        let mut relevant = false;
        for path in &event.paths {
            let Some(relative) = self.relative(path) else {
                continue;
            };
            if !is_source(&relative) {
                continue;
            }
            if let Some(dir) = top_level_dir(&relative)
                && matches!(
                    event.kind,
                    EventKind::Create(_) | EventKind::Modify(ModifyKind::Name(_))
                )
            {
                self.watch_dir(&dir);
            }
            relevant = true;
            if !paths.contains(&relative) {
                paths.push(relative);
            }
        }
        relevant
    }

    fn relative(&self, path: &Path) -> Option<PathBuf> {
        path.strip_prefix(&self.root).ok().map(Path::to_path_buf)
    }
}

/// Reads (open, read, close without writing) are not changes: the rebuild itself makes them.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// `content` if the path is exactly one of the watched folders.
fn top_level_dir(relative: &Path) -> Option<String> {
    let mut components = relative.components();
    let first = components.next()?;
    if components.next().is_some() {
        return None;
    }
    let name = first.as_os_str().to_str()?;
    WATCHED_DIRS.contains(&name).then(|| name.to_string())
}

/// Whether a changed path is one of the site's sources: site.yaml, or inside a watched folder,
/// and not an editor's temporary file.
pub fn is_source(relative: &Path) -> bool {
    let mut components = relative.components();
    let Some(Component::Normal(first)) = components.next() else {
        return false;
    };
    let in_sources = if relative.components().count() == 1 {
        first == CONFIG_FILE || WATCHED_DIRS.iter().any(|dir| first == *dir)
    } else {
        WATCHED_DIRS.iter().any(|dir| first == *dir)
    };
    in_sources
        && !relative
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(is_temporary)
}

/// Editors' swap, backup and lock files.
pub fn is_temporary(name: &str) -> bool {
    name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with('~')
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || name == ".DS_Store"
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_and_temporary_files() {
        for source in [
            "site.yaml",
            "content/a.md",
            "content/data/chips.yaml",
            "themes/x/static/style.css",
            "templates/page.html",
            "static/logo.svg",
            "i18n/it.yaml",
            "content",
        ] {
            assert!(is_source(Path::new(source)), "{source}");
        }
        for other in [
            "public/index.html",
            "target/debug/x",
            "README.md",
            "content/.a.md.swp",
            "content/.a.md.swx",
            "content/a.md~",
            "content/.#a.md",
            "content/4913",
            "static/.DS_Store",
            "content/#a.md#",
        ] {
            assert!(!is_source(Path::new(other)), "{other}");
        }
    }
}
