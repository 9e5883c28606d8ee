//! Rendering some of a prepared site's outputs and comparing them with the files served.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use super::watch::SiteWatcher;
use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::load::content::{FileStamp, file_stamp};
use crate::render::{Output, Prepared, render_outputs};
use crate::resolve::plan::OutputKind;

/// How many outputs are rendered between two looks at the watcher, after the reload.
const CHUNK: usize = 256;

/// The size and modification time of a copied file, if it can be read.
pub(super) type Stamp = Option<FileStamp>;

/// Renders the outputs at `positions` of `plan`, in parallel, gathering every error (sorted).
pub(super) fn render_some(
    prepared: &Prepared,
    plan: &[(String, OutputKind)],
    positions: &[usize],
) -> Result<Vec<(String, Output)>, Vec<Diagnostic>> {
    let outputs: Vec<&(String, OutputKind)> =
        positions.iter().filter_map(|&i| plan.get(i)).collect();
    render_outputs(prepared, &outputs).map_err(|mut problems| {
        sort_diagnostics(&mut problems);
        problems
    })
}

/// [`render_some`] in chunks, giving up (`Ok(None)`) as soon as another save is pending.
pub(super) fn render_rest(
    prepared: &Prepared,
    plan: &[(String, OutputKind)],
    positions: &[usize],
    watcher: &mut SiteWatcher,
) -> Result<Option<Vec<(String, Output)>>, Vec<Diagnostic>> {
    let mut rendered = Vec::with_capacity(positions.len());
    for chunk in positions.chunks(CHUNK) {
        if watcher.change_pending() {
            return Ok(None);
        }
        rendered.extend(render_some(prepared, plan, chunk)?);
    }
    Ok(Some(rendered))
}

/// Puts the `rendered` outputs whose bytes differ into `files`; returns their keys, sorted.
pub(super) fn replace_changed(
    files: &mut BTreeMap<String, Arc<Output>>,
    rendered: Vec<(String, Output)>,
) -> Vec<String> {
    let mut changed = Vec::new();
    for (key, output) in rendered {
        if files.get(&key).map(|old| &**old) != Some(&output) {
            changed.push(key.clone());
            files.insert(key, Arc::new(output));
        }
    }
    changed.sort();
    changed
}

/// The size and modification time of every copied file, to see which changed.
pub(super) fn stamps(files: &BTreeMap<String, Arc<Output>>) -> HashMap<String, Stamp> {
    files
        .iter()
        .filter_map(|(key, output)| match &**output {
            Output::Copy(source) => Some((key.clone(), file_stamp(source))),
            Output::Bytes(_) => None,
        })
        .collect()
}

/// Brings `stamps` up to date for the `changed` keys of `files`: a changed output may now be
/// copied from another file (a social card drawn again is a new cache entry), whose stamp the
/// next build compares with.
pub(super) fn restamp(
    stamps: &mut HashMap<String, Stamp>,
    files: &BTreeMap<String, Arc<Output>>,
    changed: &[String],
) {
    for key in changed {
        match files.get(key).map(|output| &**output) {
            Some(Output::Copy(source)) => {
                stamps.insert(key.clone(), file_stamp(source));
            }
            _ => {
                stamps.remove(key);
            }
        }
    }
}

/// The keys added, removed or whose bytes differ between two builds.
pub(super) fn changed_keys(
    old: &BTreeMap<String, Arc<Output>>,
    old_stamps: &HashMap<String, Stamp>,
    new: &BTreeMap<String, Arc<Output>>,
    new_stamps: &HashMap<String, Stamp>,
) -> Vec<String> {
    let mut changed: Vec<String> = new
        .iter()
        .filter(|(key, output)| {
            old.get(*key) != Some(output)
                || (matches!(***output, Output::Copy(_))
                    && old_stamps.get(*key) != new_stamps.get(*key))
        })
        .map(|(key, _)| key.clone())
        .collect();
    changed.extend(old.keys().filter(|key| !new.contains_key(*key)).cloned());
    changed.sort();
    changed
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::SystemTime;

    use super::*;

    fn bytes(text: &str) -> Arc<Output> {
        Arc::new(Output::Bytes(text.as_bytes().to_vec()))
    }

    #[test]
    fn changed_keys_sees_bytes_copies_and_removals() {
        let mut old = BTreeMap::new();
        old.insert("a.html".to_string(), bytes("a"));
        old.insert("gone.html".to_string(), bytes("g"));
        old.insert(
            "s.css".to_string(),
            Arc::new(Output::Copy(PathBuf::from("/x/s.css"))),
        );
        let mut new = old.clone();
        new.remove("gone.html");
        new.insert("a.html".to_string(), bytes("b"));
        let t = SystemTime::UNIX_EPOCH;
        let old_stamps = HashMap::from([("s.css".to_string(), Some((1, t)))]);
        let new_stamps = HashMap::from([("s.css".to_string(), Some((2, t)))]);
        assert_eq!(
            changed_keys(&old, &old_stamps, &new, &new_stamps),
            ["a.html", "gone.html", "s.css"]
        );
        assert!(changed_keys(&old, &old_stamps, &old, &old_stamps).is_empty());
    }

    #[test]
    fn only_outputs_whose_bytes_differ_are_replaced() {
        let mut files = BTreeMap::from([
            ("a.html".to_string(), bytes("a")),
            ("b.html".to_string(), bytes("b")),
        ]);
        let rendered = vec![
            ("a.html".to_string(), Output::Bytes(b"a".to_vec())),
            ("b.html".to_string(), Output::Bytes(b"B".to_vec())),
        ];
        assert_eq!(replace_changed(&mut files, rendered), ["b.html"]);
        assert_eq!(files["b.html"], bytes("B"));
        assert_eq!(files["a.html"], bytes("a"));
    }

    #[test]
    fn a_copy_from_a_new_file_is_stamped_with_that_file() {
        let card = std::env::temp_dir().join(format!("spiega-restamp-{}.png", std::process::id()));
        std::fs::write(&card, b"a new card").expect("a temporary file");
        let files = BTreeMap::from([
            ("c.png".to_string(), Arc::new(Output::Copy(card.clone()))),
            ("a.html".to_string(), bytes("a")),
        ]);
        let t = SystemTime::UNIX_EPOCH;
        let mut stamps = HashMap::from([
            ("c.png".to_string(), Some((1, t))),
            ("gone.png".to_string(), Some((1, t))),
        ]);
        let changed = ["c.png".to_string(), "gone.png".to_string()];
        restamp(&mut stamps, &files, &changed);
        let fresh = file_stamp(&card);
        let _ = std::fs::remove_file(&card);
        assert_eq!(stamps.get("c.png"), Some(&fresh));
        assert!(!stamps.contains_key("gone.png"));
        // The next build, copying from the same file, sees no change.
        assert!(changed_keys(&files, &stamps, &files, &stamps).is_empty());
    }
}
