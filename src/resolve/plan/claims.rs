//! The claims made so far, and the collision checks: two claims of one path, and a file where
//! another output needs a folder.

use std::collections::{BTreeMap, HashMap};

use super::clash::{Claimant, Clash};
use super::{OutputKind, OutputPlan};
use crate::diagnostic::Diagnostic;
use crate::resolve::output_path::output_path;

/// The claims made so far, in order: the first claim of a path keeps it.
#[derive(Default)]
pub(super) struct Claims {
    pub(super) files: BTreeMap<String, (OutputKind, usize)>,
    claimants: Vec<Claimant>,
    problems: Vec<Diagnostic>,
}

impl Claims {
    /// A claim by something Spiega always makes.
    pub(super) fn generated(&mut self, path: &str, kind: OutputKind, name: &str) {
        let claimant = Claimant {
            name: name.to_string(),
            clash: Clash::Generated,
        };
        self.claim(path.to_string(), kind, claimant);
    }

    /// A claim by a page whose path site.yaml sets.
    pub(super) fn configured(&mut self, path: &str, kind: OutputKind, name: &str) {
        let claimant = Claimant {
            name: name.to_string(),
            clash: Clash::Configured,
        };
        self.claim(path.to_string(), kind, claimant);
    }

    /// A claim of `path`: refused if the path leaves the output folder or is already claimed.
    pub(super) fn claim(&mut self, path: String, kind: OutputKind, claimant: Claimant) {
        if let Err(problem) = output_path(&path) {
            self.problems.push(claimant.unsafe_path(&path, &problem));
            return;
        }
        if let Some((_, first)) = self.files.get(&path) {
            let other = self.claimants.get(*first).map_or("", |c| c.name.as_str());
            self.problems.push(claimant.same_path(&path, other));
            return;
        }
        self.files.insert(path, (kind, self.claimants.len()));
        self.claimants.push(claimant);
    }

    /// The plan and every clash: two claims of one path were reported as they came; here, a
    /// file that another claim needs as a folder (`style.css` and `style.css/index.html`), which
    /// is left out of the plan.
    pub(super) fn finish(mut self) -> (OutputPlan, Vec<Diagnostic>) {
        let order: HashMap<&str, usize> = self
            .files
            .iter()
            .map(|(path, (_, claimant))| (path.as_str(), *claimant))
            .collect();
        // One error per file in the way, however many outputs it holds up.
        let mut in_the_way = std::collections::HashSet::new();
        let mut left_out = Vec::new();
        for (path, (_, claimant)) in &self.files {
            for (end, _) in path.match_indices('/') {
                let folder = &path[..end];
                let Some(&file_claimant) = order.get(folder) else {
                    continue;
                };
                if !in_the_way.insert(folder) {
                    continue;
                }
                let (Some(through), Some(file)) = (
                    self.claimants.get(*claimant),
                    self.claimants.get(file_claimant),
                ) else {
                    continue;
                };
                // Blame what an editor wrote (a page, an alias, an entry) over a file; between
                // two of a kind, the later claim.
                let blame_through = match (through.is_written(), file.is_written()) {
                    (true, false) => true,
                    (false, true) => false,
                    _ => *claimant > file_claimant,
                };
                let diagnostic = if blame_through {
                    left_out.push(path.clone());
                    through.file_and_folder(path, folder, &file.name)
                } else {
                    left_out.push(folder.to_string());
                    file.file_and_folder(folder, path, &through.name)
                };
                self.problems.push(diagnostic);
            }
        }
        for path in left_out {
            self.files.remove(&path);
        }
        let files = self
            .files
            .into_iter()
            .map(|(path, (kind, _))| (path, kind))
            .collect();
        (
            OutputPlan {
                files,
                links: std::sync::OnceLock::new(),
            },
            self.problems,
        )
    }
}
