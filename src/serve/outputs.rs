//! Rendering some of a prepared site's outputs and comparing them with the files served.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use super::watch::SiteWatcher;
use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::render::{Output, OutputKind, Prepared, render_output};

/// How many outputs are rendered between two looks at the watcher, after the reload.
const CHUNK: usize = 256;

/// The size and modification time of a copied file.
pub(super) type Stamp = Option<(u64, SystemTime)>;

/// Renders the outputs at `positions` of `plan`, in parallel, gathering every error.
pub(super) fn render_some(
    prepared: &Prepared,
    plan: &[(String, OutputKind)],
    positions: &[usize],
) -> Result<Vec<(String, Output)>, Vec<Diagnostic>> {
    let results: Vec<Result<(String, Output), Diagnostic>> = positions
        .par_iter()
        .filter_map(|&i| plan.get(i))
        .map(|(path, kind)| render_output(prepared, path, kind).map(|out| (path.clone(), out)))
        .collect();
    let mut rendered = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(output) => rendered.push(output),
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(rendered)
    } else {
        sort_diagnostics(&mut problems);
        Err(problems)
    }
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
            Output::Copy(source) => {
                let stamp = std::fs::metadata(source)
                    .ok()
                    .and_then(|m| Some((m.len(), m.modified().ok()?)));
                Some((key.clone(), stamp))
            }
            Output::Bytes(_) => None,
        })
        .collect()
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
}
