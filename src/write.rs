//! The write stage: puts the rendered site on disk, all or nothing, touching only what changed.
//!
//! Spiega keeps a manifest (`.spiega-manifest`) of the files it wrote in the output folder. A
//! rebuild writes only files whose bytes differ (the others keep their modification time, which
//! rsync-style deploys and HTTP caches rely on), removes files it wrote before and no longer
//! produces, and never deletes anything it did not write: an output folder holding foreign files
//! is refused.
//!
//! A write is a transaction, so that a failure (a full disk, a permission, a folder where a file
//! must go) never leaves half a site behind a manifest that no longer matches it:
//!
//! 1. Every changed file is written into a staging folder inside the output (`.spiega-staging/`:
//!    on the same file system, so that moving a file into place is one atomic rename). Most
//!    failures happen here, before the output changed at all.
//! 2. If the write adds files the manifest does not list, the manifest is first replaced by one
//!    listing the old files and the new ones, without a build stamp: should the process die
//!    midway, no file it created looks foreign, and the next build renders and writes in full.
//! 3. Each file to remove is moved into the staging folder; folders it leaves empty are removed.
//! 4. Missing folders are created, then each staged file is renamed into place (in parallel),
//!    after keeping a backup of the file it replaces (a hard link, or the file itself moved aside).
//! 5. The manifest is replaced last, atomically.
//!
//! When a step fails, every step done so far is undone in reverse order: backups are renamed
//! back (the previous files keep their bytes and modification times), created files and folders
//! are removed, and the previous manifest is put back. Then the staging folder is deleted.
//!
//! The staging folder is Spiega's own: a leftover, from a build that was killed, is removed by
//! the next build. Output paths are checked before anything is written: one that is absolute,
//! has `..`, `.` or empty segments, or names Spiega's own files is refused, and so is a manifest
//! line of that kind. Nothing is written or removed through a symbolic link inside the output
//! folder, and a link is never taken for an unchanged file: it is replaced by one.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::load::content::CONTENT_DIR;
use crate::render::Output;
use crate::stamp::BuildStamp;

/// The manifest file, in the output folder.
pub const MANIFEST: &str = ".spiega-manifest";
/// The folder, in the output folder, where a write stages its files before moving them into
/// place. It only exists while a write runs (or after one was killed) and is Spiega's own.
pub const STAGING: &str = ".spiega-staging";
const MANIFEST_HEADER: &str =
    "# Files written by `spiega build`. Spiega only removes files listed here.";

/// Why the output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The output folder is one Spiega must not write into.
    #[error("refusing to use {path} as the output folder: {reason}")]
    UnsafeOutput {
        /// The output folder.
        path: PathBuf,
        /// Why.
        reason: String,
        /// What to do instead.
        hint: String,
    },
    /// An output path that would land outside the output folder or on Spiega's own files.
    #[error("refusing to write `{path}` into the output folder: {reason}")]
    UnsafePath {
        /// The output path, relative to the output folder.
        path: String,
        /// Why.
        reason: &'static str,
    },
    /// A file to copy into the output could not be read; nothing was changed.
    #[error("cannot read {path}: {source}; the output folder was left as it was")]
    Read {
        /// The file.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// The file system failed; the output folder is as it was before the write.
    #[error("cannot write {path}: {source}; the output folder was left as it was")]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
    },
    /// The file system failed, and so did undoing what the write had done.
    #[error(
        "cannot write {path}: {source}; undoing the write failed too ({undo}), \
         so the output folder is partly written; the next build completes it"
    )]
    Incomplete {
        /// The file or folder whose write failed.
        path: PathBuf,
        /// The error.
        #[source]
        source: io::Error,
        /// The first step that could not be undone.
        undo: String,
    },
}

/// What a write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteStats {
    /// Files created or changed.
    pub written: usize,
    /// Files whose bytes were already right.
    pub unchanged: usize,
    /// Files from an earlier build that are no longer produced.
    pub removed: usize,
}

/// Refuses output folders that would put the site's own files at risk: the site root, any folder
/// above it, a source folder inside it, or a folder holding files Spiega did not write.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), WriteError> {
    let root = absolute(root)?;
    let output_abs = absolute(output)?;
    let unsafe_output = |reason: &str, hint: &str| WriteError::UnsafeOutput {
        path: output.to_path_buf(),
        reason: reason.to_string(),
        hint: hint.to_string(),
    };
    if output_abs == root {
        return Err(unsafe_output(
            "it is the site root",
            "use a folder of its own, such as `public`",
        ));
    }
    if root.starts_with(&output_abs) {
        return Err(unsafe_output(
            "it contains the site",
            "use a folder of its own, such as `public`",
        ));
    }
    for source_dir in [CONTENT_DIR, "themes", "templates", "static", "i18n"] {
        if output_abs.starts_with(root.join(source_dir)) {
            return Err(unsafe_output(
                &format!("it is inside the site's {source_dir}/ folder"),
                "use a folder of its own, such as `public`",
            ));
        }
    }
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(unsafe_output(
            "it is a file",
            "remove it or pick another path",
        ));
    }
    let manifest = read_manifest(output)?.map(|text| listed_files(&text));
    let foreign = foreign_files(output, manifest.as_ref())?;
    if let Some(first) = foreign.first() {
        let more = if foreign.len() > 1 {
            format!(" and {} more", foreign.len() - 1)
        } else {
            String::new()
        };
        return Err(unsafe_output(
            &format!("it holds files Spiega did not write (`{first}`{more})"),
            "empty the folder or pick another one; Spiega never deletes files it did not write",
        ));
    }
    Ok(())
}

/// Removes what a write that was killed left behind: the staging folder (never following a link).
pub fn remove_leftovers(output: &Path) -> Result<(), WriteError> {
    let staging = output.join(STAGING);
    let removed = match std::fs::symlink_metadata(&staging) {
        Ok(metadata) if metadata.is_dir() => std::fs::remove_dir_all(&staging),
        Ok(_) => std::fs::remove_file(&staging),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(error),
    };
    removed.map_err(|source| WriteError::Io {
        path: staging,
        source,
    })
}

/// The stamp of the last build into `output`, if its inputs hash was `inputs` and every file it
/// wrote is still there as it left it: then a build would write nothing.
pub fn up_to_date(output: &Path, inputs: u64) -> Option<(BuildStamp, usize)> {
    let text = std::fs::read_to_string(output.join(MANIFEST)).ok()?;
    let stamp = BuildStamp::from_manifest(&text)?;
    if stamp.inputs != inputs {
        return None;
    }
    let files: Vec<String> = manifest_lines(&text).map(str::to_string).collect();
    if !files.iter().all(|file| is_output_path(file)) {
        return None;
    }
    let outputs = crate::stamp::outputs_hash(output, files.iter())?;
    (outputs == stamp.outputs).then_some((stamp, files.len()))
}

/// Writes the site into `output`, which [`check_output_dir`] must have accepted: all of it, or
/// (on an error) nothing. With a `stamp` (its `outputs` is filled in here), the manifest records
/// it for the next [`up_to_date`].
pub fn write_site(
    output: &Path,
    files: &BTreeMap<String, Output>,
    stamp: Option<BuildStamp>,
) -> Result<WriteStats, WriteError> {
    write_on(&RealDisk, output, files, stamp)
}

fn write_on(
    disk: &dyn Disk,
    output: &Path,
    files: &BTreeMap<String, Output>,
    stamp: Option<BuildStamp>,
) -> Result<WriteStats, WriteError> {
    check_output_paths(files)?;
    remove_leftovers(output)?;
    let previous = read_manifest(output)?;
    let plan = Plan::new(output, files, previous.as_deref(), stamp)?;
    let mut stats = WriteStats {
        written: plan.changed.len(),
        unchanged: files.len() - plan.changed.len(),
        removed: 0,
    };
    if plan.is_empty(output) {
        return Ok(stats);
    }
    let mut transaction = Transaction::begin(disk, output)?;
    match transaction.commit(&plan) {
        Ok(removed) => {
            transaction.finish();
            stats.removed = removed;
            Ok(stats)
        }
        Err(error) => Err(transaction.roll_back(error)),
    }
}

/// What a write has to do, worked out before it changes anything.
struct Plan<'a> {
    files: &'a BTreeMap<String, Output>,
    /// The previous manifest's text.
    previous: Option<&'a str>,
    /// The files the previous manifest lists (those that are safe to touch).
    listed: BTreeSet<String>,
    /// The files whose bytes differ from the output's.
    changed: Vec<Changed<'a>>,
    /// The hash of each file (see [`crate::stamp::file_hash`]), known for unchanged files.
    hashes: Vec<Option<u64>>,
    stamp: Option<BuildStamp>,
}

impl<'a> Plan<'a> {
    fn new(
        output: &Path,
        files: &'a BTreeMap<String, Output>,
        previous: Option<&'a str>,
        stamp: Option<BuildStamp>,
    ) -> Result<Self, WriteError> {
        let hashes: Vec<Option<u64>> = files
            .par_iter()
            .map(|(relative, content)| unchanged_hash(output, relative, content))
            .collect::<Result<_, _>>()?;
        let changed = files
            .iter()
            .zip(&hashes)
            .enumerate()
            .filter(|(_, (_, hash))| hash.is_none())
            .map(|(index, ((path, content), _))| Changed {
                index,
                path,
                content,
            })
            .collect();
        Ok(Plan {
            files,
            previous,
            listed: previous.map(listed_files).unwrap_or_default(),
            changed,
            hashes,
            stamp,
        })
    }

    /// Files listed before and no longer produced.
    fn stale(&self) -> impl Iterator<Item = &str> {
        self.listed
            .iter()
            .filter(|file| !self.files.contains_key(*file))
            .map(String::as_str)
    }

    /// Whether the write would change nothing: every file's bytes are right, no stale file is
    /// left, and the manifest would be the same.
    fn is_empty(&self, output: &Path) -> bool {
        let hashes: Option<Vec<u64>> = self.hashes.iter().copied().collect();
        let stale_left = self
            .stale()
            .any(|file| std::fs::symlink_metadata(output.join(file)).is_ok_and(|m| !m.is_dir()));
        hashes.is_some_and(|hashes| self.previous == Some(self.manifest(&hashes).as_str()))
            && !stale_left
    }

    /// Whether the write adds files the previous manifest does not list.
    fn adds_files(&self) -> bool {
        self.changed
            .iter()
            .any(|file| !self.listed.contains(file.path))
    }

    /// The manifest of this write, given every file's hash.
    fn manifest(&self, hashes: &[u64]) -> String {
        let stamp = self.stamp.clone().map(|mut stamp| {
            stamp.outputs = crate::stamp::combine(hashes);
            stamp
        });
        manifest_text(self.files.keys(), stamp.as_ref())
    }

    /// The manifest a write that adds files puts in place while it runs: the old files and the
    /// new, and no stamp, so that the next build after a crash accepts the folder and writes all.
    fn interim_manifest(&self) -> String {
        let all: BTreeSet<&String> = self.listed.iter().chain(self.files.keys()).collect();
        manifest_text(all.into_iter(), None)
    }
}

/// A file whose bytes differ from the output's.
struct Changed<'a> {
    /// Its index in the plan's files.
    index: usize,
    path: &'a str,
    content: &'a Output,
}

/// The hash of the output file `relative` if its bytes on disk are already `content`'s.
fn unchanged_hash(
    output: &Path,
    relative: &str,
    content: &Output,
) -> Result<Option<u64>, WriteError> {
    let path = output.join(relative);
    let Ok(metadata) = std::fs::symlink_metadata(&path) else {
        return Ok(None);
    };
    let length = match content {
        Output::Bytes(bytes) => bytes.len() as u64,
        Output::Copy(source) => std::fs::metadata(source)
            .map_err(|error| read_error(source, error))?
            .len(),
    };
    if !metadata.is_file() || metadata.len() != length {
        return Ok(None);
    }
    let bytes = content_bytes(content)?;
    let same = std::fs::read(&path).is_ok_and(|existing| existing == *bytes);
    Ok(same.then(|| crate::stamp::file_hash(relative, &bytes)))
}

fn content_bytes(content: &Output) -> Result<Cow<'_, [u8]>, WriteError> {
    match content {
        Output::Bytes(bytes) => Ok(Cow::Borrowed(bytes)),
        Output::Copy(source) => std::fs::read(source)
            .map(Cow::Owned)
            .map_err(|error| read_error(source, error)),
    }
}

fn read_error(path: &Path, source: io::Error) -> WriteError {
    WriteError::Read {
        path: path.to_path_buf(),
        source,
    }
}

/// The file-system operations that change the output, behind a trait so that tests can make any
/// of them fail as a full disk or a crash would, which a real file system cannot be told to do.
trait Disk: Sync {
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()>;
    fn create_dir(&self, path: &Path) -> io::Result<()>;
    fn remove_dir(&self, path: &Path) -> io::Result<()>;
    fn remove_file(&self, path: &Path) -> io::Result<()>;
}

struct RealDisk;

impl Disk for RealDisk {
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(path, bytes)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }
    fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()> {
        std::fs::hard_link(original, link)
    }
    fn create_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::create_dir(path)
    }
    fn remove_dir(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_dir(path)
    }
    fn remove_file(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }
}

/// A step of a write, as it is undone.
#[derive(Debug)]
enum Undo {
    /// A file was created where there was none: remove it.
    RemoveFile(PathBuf),
    /// A folder was created: remove it.
    RemoveDir(PathBuf),
    /// A file was replaced or removed, its backup kept: rename the backup back.
    Restore { backup: PathBuf, path: PathBuf },
    /// A folder left empty was removed: create it again.
    CreateDir(PathBuf),
}

/// The steps a move into place did, and how it ended.
type Placed = (Vec<Undo>, Result<(), WriteError>);

/// A write in progress: the steps done so far, to undo them on a failure.
struct Transaction<'a> {
    disk: &'a dyn Disk,
    output: &'a Path,
    staging: PathBuf,
    done: Vec<Undo>,
    backups: usize,
}

impl<'a> Transaction<'a> {
    /// Creates the output folder if it is missing, and the staging folder.
    fn begin(disk: &'a dyn Disk, output: &'a Path) -> Result<Self, WriteError> {
        let mut transaction = Transaction {
            disk,
            output,
            staging: output.join(STAGING),
            done: Vec::new(),
            backups: 0,
        };
        let created = transaction.create_output().and_then(|()| {
            let staging = transaction.staging.clone();
            disk.create_dir(&staging)
                .map_err(|source| io_error(&staging, source))
        });
        match created {
            Ok(()) => Ok(transaction),
            Err(error) => Err(transaction.roll_back(error)),
        }
    }

    /// Creates the output folder and its missing parents.
    fn create_output(&mut self) -> Result<(), WriteError> {
        let missing: Vec<&Path> = self
            .output
            .ancestors()
            .take_while(|dir| {
                !dir.as_os_str().is_empty() && std::fs::symlink_metadata(dir).is_err()
            })
            .collect();
        for dir in missing.into_iter().rev() {
            self.create_dir(dir)?;
        }
        Ok(())
    }

    /// Does every step of the write; returns how many stale files it removed.
    fn commit(&mut self, plan: &Plan<'_>) -> Result<usize, WriteError> {
        let hashes = self.stage(plan)?;
        let manifest = plan.manifest(&hashes);
        if plan.adds_files() {
            let interim = self.stage_text("interim-manifest", &plan.interim_manifest())?;
            self.put(&interim, MANIFEST)?;
        }
        let removed = self.remove_stale(plan)?;
        self.create_folders(plan)?;
        self.place_changed(plan)?;
        if plan.previous != Some(manifest.as_str()) {
            let staged = self.stage_text("manifest", &manifest)?;
            self.put(&staged, MANIFEST)?;
        }
        Ok(removed)
    }

    /// Writes every changed file into the staging folder, in parallel; returns every file's hash.
    fn stage(&self, plan: &Plan<'_>) -> Result<Vec<u64>, WriteError> {
        let staged: Vec<(usize, u64)> = plan
            .changed
            .par_iter()
            .map(|file| {
                let bytes = content_bytes(file.content)?;
                self.disk
                    .write(&self.staged(file.index), &bytes)
                    .map_err(|source| io_error(&self.output.join(file.path), source))?;
                Ok((file.index, crate::stamp::file_hash(file.path, &bytes)))
            })
            .collect::<Result<_, WriteError>>()?;
        let mut hashes = plan.hashes.clone();
        for (index, hash) in staged {
            if let Some(slot) = hashes.get_mut(index) {
                *slot = Some(hash);
            }
        }
        Ok(hashes.into_iter().flatten().collect())
    }

    fn stage_text(&self, name: &str, text: &str) -> Result<PathBuf, WriteError> {
        let path = self.staging.join(name);
        self.disk
            .write(&path, text.as_bytes())
            .map_err(|source| io_error(&self.output.join(MANIFEST), source))?;
        Ok(path)
    }

    /// Where the changed file of index `index` is staged.
    fn staged(&self, index: usize) -> PathBuf {
        self.staging.join(format!("new-{index}"))
    }

    /// Moves the stale files aside, then removes the folders that left empty (so that a file may
    /// take a folder's place); returns how many files were there to remove.
    fn remove_stale(&mut self, plan: &Plan<'_>) -> Result<usize, WriteError> {
        let mut removed = 0;
        let mut emptied = BTreeSet::new();
        for relative in plan.stale() {
            if !self.parents_are_folders(relative) {
                continue;
            }
            if self.set_aside(relative)? {
                removed += 1;
            }
            // Also when the file was already gone (a killed write moved it), so that its folder
            // does not stay behind empty.
            emptied.extend(parent_dirs(relative));
        }
        let mut emptied: Vec<&str> = emptied.into_iter().collect();
        emptied.sort_by_key(|dir| std::cmp::Reverse(dir.matches('/').count()));
        for dir in emptied {
            let path = self.output.join(dir);
            if is_empty_dir(&path) {
                self.disk
                    .remove_dir(&path)
                    .map_err(|source| io_error(&path, source))?;
                self.done.push(Undo::CreateDir(path));
            }
        }
        Ok(removed)
    }

    /// Moves a stale file into the staging folder, if it is there.
    fn set_aside(&mut self, relative: &str) -> Result<bool, WriteError> {
        let path = self.output.join(relative);
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_dir() => Ok(false),
            Ok(_) => {
                let backup = self.next_backup();
                self.disk
                    .rename(&path, &backup)
                    .map_err(|source| io_error(&path, source))?;
                self.done.push(Undo::Restore { backup, path });
                Ok(true)
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(source) => Err(io_error(&path, source)),
        }
    }

    /// Whether every folder on the way to `relative` is a real folder (not a link).
    fn parents_are_folders(&self, relative: &str) -> bool {
        parent_dirs(relative)
            .all(|dir| std::fs::symlink_metadata(self.output.join(dir)).is_ok_and(|m| m.is_dir()))
    }

    /// Creates the folders the changed files need, outermost first; a file or a link in the
    /// way fails.
    fn create_folders(&mut self, plan: &Plan<'_>) -> Result<(), WriteError> {
        // A folder sorts after its parent (a prefix), so parents are created first.
        let folders: BTreeSet<&str> = plan
            .changed
            .iter()
            .flat_map(|file| parent_dirs(file.path))
            .collect();
        for dir in folders {
            let path = self.output.join(dir);
            match std::fs::symlink_metadata(&path) {
                Ok(metadata) if metadata.is_dir() => {}
                Ok(metadata) => {
                    let what = if metadata.is_symlink() {
                        "a symbolic link is where a folder must go (Spiega never writes through one)"
                    } else {
                        "a file is where a folder must go"
                    };
                    return Err(io_error(&path, io::Error::other(what)));
                }
                Err(error) if error.kind() == io::ErrorKind::NotFound => self.create_dir(&path)?,
                Err(source) => return Err(io_error(&path, source)),
            }
        }
        Ok(())
    }

    /// Moves every staged file into place, in parallel (their folders exist); every step that
    /// succeeded is recorded, also when another failed.
    fn place_changed(&mut self, plan: &Plan<'_>) -> Result<(), WriteError> {
        let placed: Vec<Placed> = plan
            .changed
            .par_iter()
            .map(|file| {
                let backup = self.staging.join(format!("replaced-{}", file.index));
                self.move_into_place(&self.staged(file.index), file.path, &backup)
            })
            .collect();
        let mut first_error = None;
        for (steps, result) in placed {
            self.done.extend(steps);
            if let Err(error) = result {
                first_error.get_or_insert(error);
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// Moves `staged` into place at `relative` (a file at the top of the output, or whose
    /// folders exist), recording the steps.
    fn put(&mut self, staged: &Path, relative: &str) -> Result<(), WriteError> {
        let backup = self.next_backup();
        let (steps, result) = self.move_into_place(staged, relative, &backup);
        self.done.extend(steps);
        result
    }

    /// Moves `staged` into place at `relative`, keeping `backup` of the file (or link) it
    /// replaces: a hard link where the file system allows it (then the path is never missing),
    /// else the file moved aside. Returns the steps done, to undo, even when a later one failed.
    fn move_into_place(&self, staged: &Path, relative: &str, backup: &Path) -> Placed {
        let path = self.output.join(relative);
        let mut steps = Vec::new();
        let result = match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_dir() => {
                Err(io::Error::other("a folder is where this file must go"))
            }
            Ok(metadata) => self.replace(staged, &path, backup, metadata.is_symlink(), &mut steps),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                self.disk.rename(staged, &path).map(|()| {
                    steps.push(Undo::RemoveFile(path.clone()));
                })
            }
            Err(error) => Err(error),
        };
        (steps, result.map_err(|source| io_error(&path, source)))
    }

    fn replace(
        &self,
        staged: &Path,
        path: &Path,
        backup: &Path,
        is_link: bool,
        steps: &mut Vec<Undo>,
    ) -> io::Result<()> {
        let restore = || Undo::Restore {
            backup: backup.to_path_buf(),
            path: path.to_path_buf(),
        };
        let linked = !is_link && self.disk.hard_link(path, backup).is_ok();
        if !linked {
            self.disk.rename(path, backup)?;
            steps.push(restore());
        }
        self.disk.rename(staged, path)?;
        if linked {
            steps.push(restore());
        }
        Ok(())
    }

    fn create_dir(&mut self, path: &Path) -> Result<(), WriteError> {
        self.disk
            .create_dir(path)
            .map_err(|source| io_error(path, source))?;
        self.done.push(Undo::RemoveDir(path.to_path_buf()));
        Ok(())
    }

    fn next_backup(&mut self) -> PathBuf {
        self.backups += 1;
        self.staging.join(format!("old-{}", self.backups))
    }

    /// The write is done: the backups and the staging folder go. A failure here leaves a
    /// leftover that the next build removes.
    fn finish(self) {
        let _ = std::fs::remove_dir_all(&self.staging);
    }

    /// Undoes every step done, last first, and turns `error` into the error to report.
    fn roll_back(self, error: WriteError) -> WriteError {
        let mut failed = None;
        for step in self.done.iter().rev() {
            if let Err(undo_error) = self.undo(step) {
                failed.get_or_insert(undo_error);
            }
        }
        match (failed, error) {
            (None, error) => {
                // A backup is the only copy of a file that could not be restored: keep it then.
                let _ = std::fs::remove_dir_all(&self.staging);
                error
            }
            (Some(undo), WriteError::Io { path, source }) => {
                WriteError::Incomplete { path, source, undo }
            }
            (Some(_), error) => error,
        }
    }

    fn undo(&self, step: &Undo) -> Result<(), String> {
        let (result, path) = match step {
            Undo::RemoveFile(path) => (self.disk.remove_file(path), path),
            Undo::RemoveDir(path) => (self.disk.remove_dir(path), path),
            Undo::Restore { backup, path } => (self.disk.rename(backup, path), path),
            Undo::CreateDir(path) => (self.disk.create_dir(path), path),
        };
        result.map_err(|error| format!("{}: {error}", path.display()))
    }
}

/// The folders on the way to an output path, outermost first: `a`, `a/b` for `a/b/c.html`.
fn parent_dirs(relative: &str) -> impl Iterator<Item = &str> {
    relative
        .match_indices('/')
        .map(move |(i, _)| relative.get(..i).unwrap_or_default())
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

fn io_error(path: &Path, source: io::Error) -> WriteError {
    WriteError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Refuses output paths that would land outside the output folder, on Spiega's own files, or be
/// both a file and the folder of another file.
fn check_output_paths(files: &BTreeMap<String, Output>) -> Result<(), WriteError> {
    for path in files.keys() {
        let reason = if !is_safe_relative(path) {
            Some("it is absolute, or has `..`, `.` or empty segments")
        } else if is_reserved(path) {
            Some("the name is Spiega's own (its manifest or staging folder)")
        } else if has_files_inside(files, path) {
            Some("other output files are inside it, so it would be both a file and a folder")
        } else {
            None
        };
        if let Some(reason) = reason {
            return Err(WriteError::UnsafePath {
                path: path.clone(),
                reason,
            });
        }
    }
    Ok(())
}

fn has_files_inside(files: &BTreeMap<String, Output>, path: &str) -> bool {
    let folder = format!("{path}/");
    files
        .range(folder.clone()..)
        .next()
        .is_some_and(|(next, _)| next.starts_with(&folder))
}

/// Whether a path may be written into the output (and trusted in a manifest).
fn is_output_path(path: &str) -> bool {
    is_safe_relative(path) && !is_reserved(path)
}

/// A relative, `/`-separated path that stays inside the folder it is joined to.
fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && path
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
        && Path::new(path)
            .components()
            .all(|component| matches!(component, Component::Normal(_)))
}

fn is_reserved(path: &str) -> bool {
    path == MANIFEST || path == STAGING || path.starts_with(&format!("{STAGING}/"))
}

fn read_manifest(output: &Path) -> Result<Option<String>, WriteError> {
    let path = output.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(WriteError::Read { path, source }),
    }
}

/// The lines of a manifest that name files (its other lines are comments).
fn manifest_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
}

/// The files a manifest lists that a write may touch: a line naming a path outside the output
/// folder (a hand-edited manifest) is ignored.
fn listed_files(text: &str) -> BTreeSet<String> {
    manifest_lines(text)
        .filter(|line| is_output_path(line))
        .map(str::to_string)
        .collect()
}

fn manifest_text<'a>(
    files: impl Iterator<Item = &'a String>,
    stamp: Option<&BuildStamp>,
) -> String {
    let mut text = String::from(MANIFEST_HEADER);
    text.push('\n');
    if let Some(stamp) = stamp {
        text.push_str(&stamp.to_lines());
    }
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}

/// Files in `output` that the manifest does not list (all of them if there is no manifest). The
/// staging folder is Spiega's own; links are listed, never followed.
fn foreign_files(
    output: &Path,
    manifest: Option<&BTreeSet<String>>,
) -> Result<Vec<String>, WriteError> {
    let mut foreign = Vec::new();
    let walker = walkdir::WalkDir::new(output)
        .min_depth(1)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| !(entry.depth() == 1 && entry.file_name() == STAGING));
    for entry in walker {
        let entry = entry.map_err(|error| WriteError::Read {
            path: output.to_path_buf(),
            source: error.into(),
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let relative = crate::load::content::relative_key(output, entry.path()).unwrap_or_default();
        if relative == MANIFEST {
            continue;
        }
        if !manifest.is_some_and(|m| m.contains(&relative)) {
            foreign.push(relative);
        }
    }
    Ok(foreign)
}

/// The absolute, normalised form of a path that may not exist yet: `..` is applied to the
/// components before it (so `site/missing/../content` is `site/content`), then the part that
/// exists is canonicalised, which resolves symbolic links.
fn absolute(path: &Path) -> Result<PathBuf, WriteError> {
    let joined = std::path::absolute(path).map_err(|source| WriteError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut lexical = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other.as_os_str()),
        }
    }
    let joined = lexical;
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        resolved.push(part);
    }
    Ok(resolved)
}
#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn files(pairs: &[(&str, &str)]) -> BTreeMap<String, Output> {
        pairs
            .iter()
            .map(|(p, c)| (p.to_string(), Output::Bytes(c.as_bytes().to_vec())))
            .collect()
    }

    #[test]
    fn rewrites_only_changed_files_and_removes_stale_ones() -> Result<(), WriteError> {
        let dir = tempfile::tempdir().map_err(|source| WriteError::Io {
            path: "tmp".into(),
            source,
        })?;
        let out = dir.path().join("public");
        let first = write_site(&out, &files(&[("a/index.html", "A"), ("b.txt", "B")]), None)?;
        assert_eq!(
            first,
            WriteStats {
                written: 2,
                unchanged: 0,
                removed: 0
            }
        );
        let again = write_site(&out, &files(&[("a/index.html", "A"), ("b.txt", "B")]), None)?;
        assert_eq!(
            again,
            WriteStats {
                written: 0,
                unchanged: 2,
                removed: 0
            }
        );
        let changed = write_site(&out, &files(&[("b.txt", "B2")]), None)?;
        assert_eq!(
            changed,
            WriteStats {
                written: 1,
                unchanged: 0,
                removed: 1
            }
        );
        assert!(!out.join("a").exists(), "an emptied folder is removed");
        check_output_dir(dir.path(), &out)?;
        Ok(())
    }

    #[test]
    fn refuses_dangerous_output_folders() {
        let Ok(dir) = tempfile::tempdir() else { return };
        let root = dir.path().join("site");
        let made = std::fs::create_dir_all(root.join("content"));
        assert!(made.is_ok());
        for output in [
            root.clone(),
            dir.path().to_path_buf(),
            root.join("content"),
            root.join("content/x"),
        ] {
            assert!(
                matches!(
                    check_output_dir(&root, &output),
                    Err(WriteError::UnsafeOutput { .. })
                ),
                "{} should be refused",
                output.display()
            );
        }
        let foreign = root.join("public");
        let written = std::fs::create_dir_all(&foreign)
            .and_then(|()| std::fs::write(foreign.join("mine.txt"), "x"));
        assert!(written.is_ok());
        assert!(matches!(
            check_output_dir(&root, &foreign),
            Err(WriteError::UnsafeOutput { .. })
        ));
        assert!(check_output_dir(&root, &root.join("fresh")).is_ok());
    }

    use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
    use std::time::{Duration, SystemTime};

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    /// The first build of the failure tests, and the second: a changed file, an unchanged one, a
    /// removed one (its folder then empty), a file that becomes a folder and a folder that
    /// becomes a file, a file in new folders.
    const BEFORE: &[(&str, &str)] = &[
        ("deep/a/b.txt", "b"),
        ("edit.html", "old"),
        ("gone/only.html", "bye"),
        ("keep.txt", "same"),
        ("p", "p was a file"),
        ("q/index.html", "q was a folder"),
    ];
    const AFTER: &[(&str, &str)] = &[
        ("deep/a/b.txt", "b"),
        ("edit.html", "new"),
        ("keep.txt", "same"),
        ("new/dir/x.txt", "x"),
        ("p/index.html", "p is a folder"),
        ("q", "q is a file"),
    ];

    /// Every file (bytes and mtime) and folder under `dir`, as found without following links.
    type Tree = BTreeMap<String, Option<(Vec<u8>, SystemTime)>>;

    fn tree(dir: &Path) -> io::Result<Tree> {
        let mut found = Tree::new();
        for entry in walkdir::WalkDir::new(dir).min_depth(1) {
            let entry = entry.map_err(io::Error::from)?;
            let relative =
                crate::load::content::relative_key(dir, entry.path()).unwrap_or_default();
            let value = if entry.file_type().is_dir() {
                None
            } else {
                let bytes = std::fs::read(entry.path())?;
                Some((
                    bytes,
                    entry.metadata().map_err(io::Error::from)?.modified()?,
                ))
            };
            found.insert(relative, value);
        }
        Ok(found)
    }

    /// Sets every file's mtime far in the past, so that any rewrite shows.
    fn age(dir: &Path) -> io::Result<()> {
        let past = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        for entry in walkdir::WalkDir::new(dir) {
            let entry = entry.map_err(io::Error::from)?;
            if entry.file_type().is_file() {
                std::fs::File::options()
                    .write(true)
                    .open(entry.path())?
                    .set_modified(past)?;
            }
        }
        Ok(())
    }

    /// The files and folders a write of `pairs` must leave, the manifest aside.
    fn expected(pairs: &[(&str, &str)]) -> BTreeMap<String, Option<Vec<u8>>> {
        let mut expected = BTreeMap::new();
        for (path, text) in pairs {
            for dir in parent_dirs(path) {
                expected.insert(dir.to_string(), None);
            }
            expected.insert(path.to_string(), Some(text.as_bytes().to_vec()));
        }
        expected
    }

    fn without_manifest(tree: &Tree) -> BTreeMap<String, Option<Vec<u8>>> {
        tree.iter()
            .filter(|(path, _)| *path != MANIFEST)
            .map(|(path, value)| (path.clone(), value.as_ref().map(|(b, _)| b.clone())))
            .collect()
    }

    /// A disk whose operation number `fail_at` fails, and with `crash` every later one too (as if
    /// the process had died there: nothing it does afterwards reaches the disk).
    struct Faulty {
        ops: AtomicUsize,
        fail_at: usize,
        crash: bool,
    }

    impl Faulty {
        fn new(fail_at: usize, crash: bool) -> Self {
            Faulty {
                ops: AtomicUsize::new(0),
                fail_at,
                crash,
            }
        }

        fn step(&self) -> io::Result<()> {
            let n = self.ops.fetch_add(1, Ordering::SeqCst);
            if n == self.fail_at || (self.crash && n > self.fail_at) {
                Err(io::Error::other("injected failure"))
            } else {
                Ok(())
            }
        }
    }

    impl Disk for Faulty {
        fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            self.step().and_then(|()| RealDisk.write(path, bytes))
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            self.step().and_then(|()| RealDisk.rename(from, to))
        }
        fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()> {
            self.step()
                .and_then(|()| RealDisk.hard_link(original, link))
        }
        fn create_dir(&self, path: &Path) -> io::Result<()> {
            self.step().and_then(|()| RealDisk.create_dir(path))
        }
        fn remove_dir(&self, path: &Path) -> io::Result<()> {
            self.step().and_then(|()| RealDisk.remove_dir(path))
        }
        fn remove_file(&self, path: &Path) -> io::Result<()> {
            self.step().and_then(|()| RealDisk.remove_file(path))
        }
    }

    /// A disk with `left` bytes free.
    struct Full {
        left: AtomicI64,
    }

    impl Disk for Full {
        fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
            let size = i64::try_from(bytes.len()).unwrap_or(i64::MAX);
            if self.left.fetch_sub(size, Ordering::SeqCst) < size {
                return Err(io::ErrorKind::StorageFull.into());
            }
            RealDisk.write(path, bytes)
        }
        fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
            RealDisk.rename(from, to)
        }
        fn hard_link(&self, original: &Path, link: &Path) -> io::Result<()> {
            RealDisk.hard_link(original, link)
        }
        fn create_dir(&self, path: &Path) -> io::Result<()> {
            RealDisk.create_dir(path)
        }
        fn remove_dir(&self, path: &Path) -> io::Result<()> {
            RealDisk.remove_dir(path)
        }
        fn remove_file(&self, path: &Path) -> io::Result<()> {
            RealDisk.remove_file(path)
        }
    }

    /// A first build of [`BEFORE`] into `<tmp>/out`, its files aged; and the tree it left.
    fn first_build(dir: &Path) -> Result<(PathBuf, Tree), Box<dyn std::error::Error>> {
        let out = dir.join("out");
        write_site(&out, &files(BEFORE), None)?;
        age(&out)?;
        let before = tree(&out)?;
        Ok((out, before))
    }

    /// How many disk operations a write of [`AFTER`] over [`BEFORE`] makes.
    fn operations() -> Result<usize, Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let (out, _) = first_build(dir.path())?;
        let counting = Faulty::new(usize::MAX, false);
        write_on(&counting, &out, &files(AFTER), None)?;
        Ok(counting.ops.load(Ordering::SeqCst))
    }

    #[test]
    fn a_failure_at_any_step_leaves_the_previous_output_as_it_was() -> TestResult {
        let total = operations()?;
        assert!(total > 20, "{total} operations");
        for fail_at in 0..total {
            let dir = tempfile::tempdir()?;
            let (out, before) = first_build(dir.path())?;
            match write_on(&Faulty::new(fail_at, false), &out, &files(AFTER), None) {
                Err(error) => {
                    assert!(
                        matches!(error, WriteError::Io { .. }),
                        "operation {fail_at}: {error}"
                    );
                    assert_eq!(tree(&out)?, before, "operation {fail_at} failed: {error}");
                }
                // A failed hard link has a way round: the backup is the file moved aside.
                Ok(_) => assert_eq!(
                    without_manifest(&tree(&out)?),
                    expected(AFTER),
                    "operation {fail_at}"
                ),
            }
        }
        Ok(())
    }

    #[test]
    fn a_write_killed_at_any_step_is_completed_by_the_next() -> TestResult {
        let total = operations()?;
        for crash_at in 0..total {
            let dir = tempfile::tempdir()?;
            let root = dir.path().join("site");
            std::fs::create_dir(&root)?;
            let (out, _) = first_build(dir.path())?;
            let _ = write_on(&Faulty::new(crash_at, true), &out, &files(AFTER), None);
            check_output_dir(&root, &out)?;
            let stats = write_site(&out, &files(AFTER), None)?;
            let after = tree(&out)?;
            assert_eq!(
                without_manifest(&after),
                expected(AFTER),
                "crash at {crash_at}"
            );
            assert_eq!(
                manifest_lines(&std::fs::read_to_string(out.join(MANIFEST))?).collect::<Vec<_>>(),
                AFTER.iter().map(|(path, _)| *path).collect::<Vec<_>>()
            );
            assert_eq!(stats.written + stats.unchanged, AFTER.len());
        }
        Ok(())
    }

    #[test]
    fn a_full_disk_leaves_the_previous_output_as_it_was() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (out, before) = first_build(dir.path())?;
        let full = Full {
            left: AtomicI64::new(4),
        };
        let error = write_on(&full, &out, &files(AFTER), None).err();
        let message = error.map(|e| e.to_string()).unwrap_or_default();
        assert!(
            message.starts_with(&format!("cannot write {}", out.display()))
                && message.ends_with("; the output folder was left as it was"),
            "{message}"
        );
        assert_eq!(tree(&out)?, before);
        Ok(())
    }

    #[test]
    fn unchanged_files_keep_their_mtime_and_a_file_and_a_folder_swap_places() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (out, before) = first_build(dir.path())?;
        let stats = write_site(&out, &files(AFTER), None)?;
        assert_eq!(
            stats,
            WriteStats {
                written: 4,
                unchanged: 2,
                removed: 3
            }
        );
        let after = tree(&out)?;
        assert_eq!(without_manifest(&after), expected(AFTER));
        for kept in ["keep.txt", "deep/a/b.txt"] {
            assert_eq!(after.get(kept), before.get(kept), "{kept} was rewritten");
        }
        Ok(())
    }

    #[test]
    fn leftovers_of_a_killed_write_are_removed() -> TestResult {
        let dir = tempfile::tempdir()?;
        let root = dir.path().join("site");
        std::fs::create_dir(&root)?;
        let (out, before) = first_build(dir.path())?;
        std::fs::create_dir_all(out.join(STAGING))?;
        std::fs::write(out.join(STAGING).join("new-0"), "half")?;
        check_output_dir(&root, &out)?;
        write_site(&out, &files(BEFORE), None)?;
        assert_eq!(tree(&out)?, before);
        Ok(())
    }

    #[test]
    fn refuses_output_paths_outside_the_output_or_on_its_own_files() -> TestResult {
        let dir = tempfile::tempdir()?;
        let out = dir.path().join("out");
        for path in [
            "../x.html",
            "/etc/x.html",
            "a//b.html",
            "./a.html",
            "a/./b.html",
            "a/",
            "",
            MANIFEST,
            ".spiega-staging/new-0",
        ] {
            let error = write_site(&out, &files(&[(path, "x")]), None).err();
            assert!(
                matches!(error, Some(WriteError::UnsafePath { .. })),
                "`{path}`: {error:?}"
            );
        }
        let error = write_site(&out, &files(&[("a", "x"), ("a/b.html", "y")]), None).err();
        assert!(matches!(error, Some(WriteError::UnsafePath { .. })));
        assert!(!out.exists(), "nothing was written");
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn never_removes_or_writes_through_a_link_or_a_manifest_line_outside() -> TestResult {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir()?;
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside)?;
        for name in ["victim.txt", "linked.html", "f.html"] {
            std::fs::write(outside.join(name), "precious")?;
        }
        let out = dir.path().join("out");
        write_site(&out, &files(&[("a.html", "a")]), None)?;
        symlink(&outside, out.join("dir"))?;
        symlink(outside.join("f.html"), out.join("f.html"))?;
        std::fs::write(
            out.join(MANIFEST),
            "../outside/victim.txt\na.html\ndir/linked.html\nf.html\n",
        )?;
        write_site(&out, &files(&[("f.html", "new")]), None)?;
        for name in ["victim.txt", "linked.html", "f.html"] {
            assert_eq!(std::fs::read_to_string(outside.join(name))?, "precious");
        }
        assert!(!std::fs::symlink_metadata(out.join("f.html"))?.is_symlink());
        assert_eq!(std::fs::read_to_string(out.join("f.html"))?, "new");
        Ok(())
    }
}
