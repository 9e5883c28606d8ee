//! The rebuild loop of `spiega serve`: on each batch of saves, redo what it affects, swap the
//! served site and tell the open tabs.
//!
//! A save that edits pages without moving them ([`crate::incremental`]) renders those pages'
//! Markdown again and the outputs that show them first, sends the reload, then renders the other
//! outputs and sends an `update` naming any of them that changed too. Any other save runs the
//! whole pipeline, reusing the parsed files and rendered Markdown of unchanged entries.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use super::outputs::{
    Stamp, changed_keys, render_rest, render_some, replace_changed, restamp, stamps,
};
use super::watch::{Batch, SiteWatcher};
use super::{Files, Message, Notice, Shared, Snapshot};
use crate::console::{print_diagnostics, print_status as status, print_timings};
use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::incremental::{edited_entries, file_edits, files_read, outputs_shown_first, redo};
use crate::load::config::{CONFIG_FILE, load_config};
use crate::load::content::content_relative;
use crate::pipeline::{BuildError, BuildOptions, Reuse, prepare_site};
use crate::render::{EditError, Output, Prepared};
use crate::resolve::ResolvedSite;
use crate::resolve::edits::FileEdits;
use crate::resolve::lints;
use crate::resolve::plan::OutputKind;

/// How many changed paths an event names at most.
const MAX_PATHS: usize = 100;

/// The last good prepared site and its outputs, from which a body edit is redone.
struct Last {
    prepared: Prepared,
    plan: Vec<(String, OutputKind)>,
    /// Entries whose Markdown did not render after their last edit (the build failed): their
    /// rendering in `prepared` is older than their file.
    stale: Vec<usize>,
}

/// Runs the stages again on each change and tells the open tabs.
pub(super) struct Rebuilder {
    root: PathBuf,
    drafts: bool,
    verbose: bool,
    /// `http://127.0.0.1:1111`.
    origin: String,
    /// The sub-path of site.yaml's base_url, kept while serving (`/spiega/`).
    pub(super) base_path: String,
    /// The text of site.yaml the last build was made with: any change to it drops what is kept.
    config_text: Option<String>,
    /// The last good build's prepared site, from which an edit that moves nothing is redone.
    last: Option<Last>,
    /// What the next full pass can reuse (rendered Markdown, parsed files), once `last` is gone.
    reuse: Reuse,
    /// The files served and the stamp of every copied file in them.
    previous: Option<(Files, HashMap<String, Stamp>)>,
    /// A number for this server and one per good build, so that tabs left from another run or
    /// build reload.
    server: u64,
    generation: u64,
}

/// What one pass changed, to publish.
struct Published {
    changed: Vec<String>,
    rebuild: Duration,
    since: Instant,
    first: bool,
    pages: usize,
}

impl Rebuilder {
    pub(super) fn new(root: PathBuf, drafts: bool, verbose: bool, origin: String) -> Self {
        let server = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64 % 1_000_000_000);
        let mut this = Self {
            root,
            drafts,
            verbose,
            origin,
            base_path: "/".to_string(),
            config_text: None,
            last: None,
            reuse: Reuse::default(),
            previous: None,
            server,
            generation: 0,
        };
        this.read_base_path();
        this
    }

    pub(super) fn build_id(&self) -> String {
        format!("{}-{}", self.server, self.generation)
    }

    /// Reads site.yaml's sub-path when site.yaml changed; keeps the previous one if it is broken.
    fn read_base_path(&mut self) {
        let text = crate::load::read::file_text(&self.root.join(CONFIG_FILE)).ok();
        if text == self.config_text {
            return;
        }
        self.forget();
        self.config_text = text;
        if let Ok((config, _)) = load_config(&self.root) {
            self.base_path = config.base_path().to_string();
        }
    }

    fn forget(&mut self) {
        self.last = None;
        self.reuse = Reuse::default();
    }

    /// Handles one batch of saves.
    pub(super) fn on_batch(&mut self, shared: &Shared, batch: &Batch, watcher: &mut SiteWatcher) {
        if self.verbose {
            let names: Vec<String> = batch
                .paths
                .iter()
                .map(|p| p.display().to_string())
                .collect();
            status("Changed", &names.join(", "));
        }
        let edits = self
            .last
            .as_ref()
            .and_then(|last| file_edits(&self.root, &last.prepared.site, &batch.paths));
        match edits {
            Some(edits) => self.redo_edits(shared, batch.first, edits, watcher),
            None => self.rebuild_all(shared, batch.first, false, Some((&batch.paths, watcher))),
        }
    }

    /// Runs the whole pipeline, swaps the served site and tells the open tabs. `since` is when
    /// the change was seen; `first` is the server's first build. After a `batch` of Markdown
    /// files only, the outputs that show them are rendered and served first, then the rest.
    pub(super) fn rebuild_all(
        &mut self,
        shared: &Shared,
        since: Instant,
        first: bool,
        batch: Option<(&[PathBuf], &mut SiteWatcher)>,
    ) {
        let started = Instant::now();
        if let Some(last) = self.last.take() {
            let saved = batch.as_ref().map_or(&[][..], |(paths, _)| *paths);
            self.reuse = Reuse {
                markdown: Some(last.prepared.content_cache(&last.stale)),
                files: Some(Arc::new(files_read(&last.prepared.site, saved))),
            };
        }
        self.read_base_path();
        let options = BuildOptions {
            root: self.root.clone(),
            drafts: self.drafts,
            base_url: Some(format!("{}{}", self.origin, self.base_path)),
            strict: false,
        };
        let reuse = &self.reuse;
        let run = match guarded(|| prepare_site(&options, reuse)) {
            Ok(run) => run,
            Err(error) => {
                let diagnostics = match error {
                    BuildError::Site(diagnostics) => diagnostics,
                    BuildError::Write(other) => vec![Diagnostic::error(other.to_string())],
                };
                return self.fail(shared, &diagnostics, started.elapsed());
            }
        };
        print_diagnostics(&run.warnings);
        if self.verbose {
            print_timings(&run.timings);
        }
        self.reuse = Reuse::default();
        let prepared = run.prepared;
        let plan = prepared.plan.to_vec();
        let times = (started, since);
        match batch {
            Some((paths, watcher)) if only_markdown(&self.root, paths) => {
                let edited = entries_at(&prepared.site, paths);
                let shown_first = outputs_shown_first(&prepared.site, &plan, &edited);
                self.render_in_two_passes(shared, prepared, plan, shown_first, times, watcher);
            }
            _ => self.render_all(shared, prepared, plan, times, first),
        }
    }

    /// Renders every output of `prepared`, serves them and tells the open tabs.
    fn render_all(
        &mut self,
        shared: &Shared,
        prepared: Prepared,
        plan: Vec<(String, OutputKind)>,
        (started, since): (Instant, Instant),
        first: bool,
    ) {
        let everything: Vec<usize> = (0..plan.len()).collect();
        let rendered = render_some(&prepared, &plan, &everything);
        let pages = prepared.site.library.entries.len();
        self.last = Some(Last {
            prepared,
            plan,
            stale: Vec::new(),
        });
        let rendered = match rendered {
            Ok(rendered) => rendered,
            Err(diagnostics) => return self.fail(shared, &diagnostics, started.elapsed()),
        };
        let files: BTreeMap<String, Arc<Output>> = rendered
            .into_iter()
            .map(|(key, output)| (key, Arc::new(output)))
            .collect();
        let stamps = stamps(&files);
        let changed = match &self.previous {
            Some((old, old_stamps)) => changed_keys(old, old_stamps, &files, &stamps),
            None => files.keys().cloned().collect(),
        };
        let pass = Published {
            changed,
            rebuild: started.elapsed(),
            since,
            first,
            pages,
        };
        self.publish(shared, Arc::new(files), stamps, pass);
    }

    /// Redoes a save that edited pages without moving them: their Markdown, the outputs an
    /// editor is likely looking at, the reload, then the other outputs.
    fn redo_edits(
        &mut self,
        shared: &Shared,
        since: Instant,
        edits: FileEdits,
        watcher: &mut SiteWatcher,
    ) {
        let started = Instant::now();
        let Some(last) = self.last.take() else {
            return self.rebuild_all(shared, since, false, None);
        };
        if edits.is_empty() {
            self.last = Some(last);
            let ms = millis(started.elapsed());
            status("Rebuilt", &format!("in {ms:.0} ms: no output changed"));
            return;
        }
        let Last {
            prepared,
            plan,
            stale,
        } = last;
        let edited = edited_entries(&edits, &stale);
        let prepared = match guarded(|| redo(prepared, edits, &stale)) {
            Ok(prepared) => prepared,
            Err(EditError::Shared) => return self.rebuild_all(shared, since, false, None),
            Err(EditError::Site {
                mut diagnostics,
                kept,
                stale,
            }) => {
                // The next save starts from the edited site, rendering these bodies again.
                self.last = kept.map(|kept| Last {
                    prepared: *kept,
                    plan,
                    stale,
                });
                sort_diagnostics(&mut diagnostics);
                return self.fail(shared, &diagnostics, started.elapsed());
            }
        };
        let mut warnings = lints(&prepared.site);
        warnings.extend(prepared.warnings.iter().cloned());
        sort_diagnostics(&mut warnings);
        // `translations: error` makes a translation the edit left stale an error.
        if warnings.iter().any(Diagnostic::is_error) {
            self.last = Some(Last {
                prepared,
                plan,
                stale: Vec::new(),
            });
            return self.fail(shared, &warnings, started.elapsed());
        }
        print_diagnostics(&warnings);
        let shown_first = outputs_shown_first(&prepared.site, &plan, &edited);
        self.render_in_two_passes(
            shared,
            prepared,
            plan,
            shown_first,
            (started, since),
            watcher,
        );
    }

    /// Renders the outputs at `first` of `plan` (and any output new since the last build),
    /// serves them in place of the last build's (dropping the files no longer in `plan`) and
    /// reloads; then renders the rest, serves what changed and sends `update`.
    fn render_in_two_passes(
        &mut self,
        shared: &Shared,
        prepared: Prepared,
        plan: Vec<(String, OutputKind)>,
        mut first: Vec<usize>,
        (started, since): (Instant, Instant),
        watcher: &mut SiteWatcher,
    ) {
        let Some((old_files, stamps)) = self.previous.clone() else {
            return self.render_all(shared, prepared, plan, (started, since), false);
        };
        first.extend(
            plan.iter()
                .enumerate()
                .filter(|(_, (key, _))| !old_files.contains_key(key))
                .map(|(i, _)| i),
        );
        first.sort_unstable();
        first.dedup();
        let keys: HashSet<&str> = plan.iter().map(|(key, _)| key.as_str()).collect();
        let (mut files, removed): (BTreeMap<_, _>, BTreeMap<_, _>) = old_files
            .iter()
            .map(|(key, output)| (key.clone(), Arc::clone(output)))
            .partition(|(key, _)| keys.contains(key.as_str()));
        let mut changed = match render_some(&prepared, &plan, &first) {
            Ok(rendered) => replace_changed(&mut files, rendered),
            Err(diagnostics) => {
                self.last = Some(Last {
                    prepared,
                    plan,
                    stale: Vec::new(),
                });
                return self.fail(shared, &diagnostics, started.elapsed());
            }
        };
        changed.extend(removed.into_keys());
        changed.sort();
        let mut stamps = stamps;
        restamp(&mut stamps, &files, &changed);
        let pass = Published {
            changed,
            rebuild: started.elapsed(),
            since,
            first: false,
            pages: prepared.site.library.entries.len(),
        };
        self.publish(shared, Arc::new(files), stamps.clone(), pass);

        let rest: Vec<usize> = (0..plan.len())
            .filter(|i| first.binary_search(i).is_err())
            .collect();
        self.check_the_rest(shared, &prepared, &plan, &rest, stamps, since, watcher);
        self.last = Some(Last {
            prepared,
            plan,
            stale: Vec::new(),
        });
    }

    /// Renders the outputs at `rest` of `plan`, swaps in those that changed and sends `update`;
    /// stops early if another save comes.
    #[allow(clippy::too_many_arguments)]
    fn check_the_rest(
        &mut self,
        shared: &Shared,
        prepared: &Prepared,
        plan: &[(String, OutputKind)],
        rest: &[usize],
        stamps: HashMap<String, Stamp>,
        since: Instant,
        watcher: &mut SiteWatcher,
    ) {
        let started = Instant::now();
        let rendered = match render_rest(prepared, plan, rest, watcher) {
            Ok(Some(rendered)) => rendered,
            Ok(None) => {
                if self.verbose {
                    status("Stopped", "checking the other files: another save came");
                }
                return;
            }
            Err(diagnostics) => return self.fail(shared, &diagnostics, started.elapsed()),
        };
        let Some((served, _)) = self.previous.clone() else {
            return;
        };
        let mut files = (*served).clone();
        let changed = replace_changed(&mut files, rendered);
        if self.verbose || !changed.is_empty() {
            let ms = millis(started.elapsed());
            let (count, changes) = (rest.len(), changed.len());
            status(
                "Checked",
                &format!("the other {count} files in {ms:.0} ms: {changes} changed"),
            );
        }
        if !changed.is_empty() {
            let mut stamps = stamps;
            restamp(&mut stamps, &files, &changed);
            self.serve_files(shared, Arc::new(files), stamps);
        }
        // Sent even when nothing else changed: the site served is now the whole build.
        let notice = self.notice(&changed, started.elapsed(), since.elapsed());
        let _ = shared.events.send(Message::Update(notice));
    }

    /// Swaps the served site for a good build and tells the open tabs.
    fn publish(
        &mut self,
        shared: &Shared,
        files: Files,
        stamps: HashMap<String, Stamp>,
        pass: Published,
    ) {
        let before = shared.snapshot();
        let recovered = before.error.is_some() || before.files.is_none();
        let changed = pass.changed;
        if let (Some(old), false) = (&before.files, recovered || !changed.is_empty()) {
            self.previous = Some((Arc::clone(old), stamps));
            let ms = millis(pass.rebuild);
            status("Rebuilt", &format!("in {ms:.0} ms: no output changed"));
            return;
        }
        self.serve_files(shared, files, stamps);
        let css_only = !recovered && changed.iter().all(|key| key.ends_with(".css"));
        let what = if css_only {
            let notice = self.notice(&changed, pass.rebuild, pass.since.elapsed());
            let _ = shared.events.send(Message::Css(notice));
            "stylesheets swapped"
        } else {
            let notice = self.notice(&changed, pass.rebuild, pass.since.elapsed());
            let _ = shared.events.send(Message::Reload(notice));
            "reload"
        };
        let latency = pass.since.elapsed();
        let ms = millis(pass.rebuild);
        if pass.first {
            let pages = pass.pages;
            let count = changed.len();
            status(
                "Built",
                &format!(
                    "{}, {} in {ms:.0} ms",
                    crate::diagnostic::plural(pages, "page", "pages"),
                    crate::diagnostic::plural(count, "file", "files")
                ),
            );
            return;
        }
        let plural = if changed.len() == 1 { "" } else { "s" };
        status(
            "Rebuilt",
            &format!(
                "in {ms:.0} ms ({:.0} ms after the change): {} file{plural} changed, {what}",
                millis(latency),
                changed.len(),
            ),
        );
        if self.verbose {
            let shown: Vec<&str> = changed.iter().take(10).map(String::as_str).collect();
            let more = changed.len().saturating_sub(shown.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            status("Updated", &format!("{}{more}", shown.join(", ")));
        }
    }

    /// Serves `files` as a new good build.
    fn serve_files(&mut self, shared: &Shared, files: Files, stamps: HashMap<String, Stamp>) {
        self.generation += 1;
        self.previous = Some((Arc::clone(&files), stamps));
        shared.set(Snapshot {
            files: Some(files),
            base_path: self.base_path.clone(),
            build: self.build_id(),
            error: None,
        });
    }

    fn notice(&self, changed: &[String], rebuild: Duration, latency: Duration) -> Notice {
        Notice {
            build: self.build_id(),
            rebuild_ms: millis(rebuild),
            latency_ms: millis(latency),
            paths: changed
                .iter()
                .take(MAX_PATHS)
                .map(|key| format!("{}{key}", self.base_path))
                .collect(),
            more: changed.len().saturating_sub(MAX_PATHS),
        }
    }

    /// Keeps the last good build served, with the diagnostics over it.
    fn fail(&mut self, shared: &Shared, diagnostics: &[Diagnostic], rebuild: Duration) {
        print_diagnostics(diagnostics);
        let before = shared.snapshot();
        let text: Arc<str> = diagnostics
            .iter()
            .map(|d| d.render(false))
            .collect::<Vec<_>>()
            .join("\n\n")
            .into();
        shared.set(Snapshot {
            files: before.files.clone(),
            base_path: before.base_path.clone(),
            build: before.build.clone(),
            error: Some(Arc::clone(&text)),
        });
        let _ = shared.events.send(Message::Error(text));
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let plural = if errors == 1 { "" } else { "s" };
        let serving = if before.files.is_some() {
            "serving the last good build"
        } else {
            "serving the errors"
        };
        status(
            "Failed",
            &format!(
                "{errors} error{plural} in {:.0} ms; {serving} until a save fixes them",
                millis(rebuild)
            ),
        );
    }
}

/// Runs a stage so that a bug in it (a panic) is reported like a site error and never stops the
/// server.
fn guarded<T, E: From<Vec<Diagnostic>>>(stage: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(stage)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(E::from(vec![
            Diagnostic::error(format!("internal error while building: {message}"))
                .with_hint("this is a bug in Spiega; please report it"),
        ]))
    })
}

/// Whether a batch of changed files (relative to `root`) is only Markdown pages under content/
/// (or files gone since, such as an editor's scratch file): no copied file, data, template or
/// setting changed, so that every output but those showing the pages can wait.
fn only_markdown(root: &Path, paths: &[PathBuf]) -> bool {
    !paths.is_empty()
        && paths.iter().all(|path| {
            content_relative(path).is_some()
                && (path.extension().is_some_and(|e| e == "md") || !root.join(path).exists())
        })
}

/// The entries whose Markdown file is one of `paths`, by library index.
fn entries_at(site: &ResolvedSite, paths: &[PathBuf]) -> Vec<usize> {
    let entries = &site.library.entries;
    (0..entries.len())
        .filter(|&i| paths.contains(&entries[i].file.source.path))
        .collect()
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_markdown_pages_or_vanished_files_wait_for_the_second_pass() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let only = |paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            only_markdown(root, &paths)
        };
        assert!(only(&["content/chip.md", "content/storia/nuova.md"]));
        assert!(only(&["content/storia/sedAbC123"]));
        assert!(!only(&[]));
        assert!(!only(&["content/data/chips.yaml"]));
        assert!(!only(&["content/chip.md", "site.yaml"]));
        assert!(!only(&["themes/explainer/static/style.css"]));
        assert!(!only(&["content/storia/accordo.md", "content/data"]));
    }
}
