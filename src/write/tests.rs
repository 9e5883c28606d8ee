//! The write stage's tests: rewrites only what changed, refuses dangerous folders and paths, and
//! a failure or a kill at any disk operation leaves the previous output or is completed next time.

use super::*;
use manifest::manifest_lines;
use paths::parent_dirs;

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
        let relative = crate::load::content::relative_key(dir, entry.path()).unwrap_or_default();
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
