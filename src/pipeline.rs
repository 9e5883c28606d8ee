//! The pipeline: load → resolve → render → write, as used by `spiega build`, `check` and `serve`.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Severity, drop_consequences, merge_repeats, sort_diagnostics};
use crate::load::content::ReadFiles;
use crate::load::{LoadOptions, load_site};
use crate::render::content::ContentCache;
use crate::render::{Prepared, RenderedSite, prepare_checked, render_outputs, render_prepared};
use crate::resolve::plan::OutputKind;
use crate::resolve::{lints, resolve_checked};
use crate::stamp::{self, BuildStamp};
use crate::write::{
    WriteError, WriteStats, check_output_dir, remove_leftovers, up_to_date, write_site,
};

/// What a build or check is asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site root (where site.yaml is).
    pub root: PathBuf,
    /// Include drafts.
    pub drafts: bool,
    /// Replace site.yaml's base_url.
    pub base_url: Option<String>,
    /// Treat warnings as errors.
    pub strict: bool,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The site has mistakes; every one found, sorted by file.
    #[error("the site has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Site(Vec<Diagnostic>),
    /// The output could not be written.
    #[error(transparent)]
    Write(#[from] WriteError),
}

impl From<Vec<Diagnostic>> for BuildError {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        BuildError::Site(diagnostics)
    }
}

/// A site rendered in memory, with the warnings found on the way.
#[derive(Debug)]
pub struct RenderOutcome {
    /// Every output file.
    pub site: RenderedSite,
    /// Warnings (errors fail the render instead).
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, in order.
    pub timings: Timings,
}

/// How long each stage of a run took, in pipeline order (`--verbose` prints them).
pub type Timings = Vec<(&'static str, Duration)>;

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    /// Pages and sections per language.
    pub pages_per_language: Vec<(String, usize)>,
    /// Files written, unchanged and removed.
    pub stats: WriteStats,
    /// Warnings.
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, in order, writing included.
    pub timings: Timings,
}

/// Runs every stage but writing: loads, resolves and renders the whole site in memory.
pub fn render(options: &BuildOptions) -> Result<RenderOutcome, BuildError> {
    let PreparedRun {
        prepared,
        warnings,
        mut timings,
    } = prepare_site(options, &Reuse::default())?;
    let started = Instant::now();
    let site = render_prepared(&prepared).map_err(site_error)?;
    timings.push(("render: every output file", started.elapsed()));
    Ok(RenderOutcome {
        site,
        warnings,
        timings,
    })
}

/// A site ready to render every output, with the warnings found and the time of each stage.
pub struct PreparedRun {
    /// Markdown rendered, values built, templates loaded.
    pub prepared: Prepared,
    /// Warnings (errors fail the run instead).
    pub warnings: Vec<Diagnostic>,
    /// How long each stage took, in order.
    pub timings: Timings,
}

/// What an earlier run of the same site left for the next (`spiega serve`). Each part is checked
/// before it is used, so reusing never changes the output.
#[derive(Debug, Default)]
pub struct Reuse {
    /// Rendered Markdown: reused where the body and all it depends on did not change.
    pub markdown: Option<ContentCache>,
    /// Parsed Markdown files: reused where the file's size and modification time did not change.
    pub files: Option<Arc<ReadFiles>>,
}

/// Loads, resolves and prepares the site (every stage before rendering the output files),
/// reusing what `reuse` holds where it still applies (`spiega serve`). Rendering the outputs of
/// what it gives yields the same bytes as [`render`].
///
/// A mistake does not stop the run: each stage goes on with what is valid (a mistake leaves out
/// only what depends on it), and when there was one, every output is still rendered in memory to
/// find the templates' own mistakes. The error then holds every mistake of the site, those that
/// only echo another left out, and the warnings.
pub fn prepare_site(options: &BuildOptions, reuse: &Reuse) -> Result<PreparedRun, BuildError> {
    let load_options = LoadOptions {
        drafts: options.drafts,
        base_url: options.base_url.clone(),
        read_before: reuse.files.clone(),
    };
    let mut timings = Timings::new();
    let mut clock = Instant::now();
    let mut lap = |stage: &'static str| {
        timings.push((stage, clock.elapsed()));
        clock = Instant::now();
    };
    let mut loaded = load_site(&options.root, &load_options).map_err(site_error)?;
    // Kept apart from the errors: a skipped link is a warning, shown with the errors it may
    // explain (a theme linked from outside has no templates).
    let mut warnings = std::mem::take(&mut loaded.warnings);
    lap("load");
    let (resolved, mut problems) = resolve_checked(loaded);
    // Translation checks are errors when site.yaml says so; the Markdown is still rendered, so
    // that its own errors are reported in the same run.
    let (lint_errors, lint_warnings): (Vec<_>, Vec<_>) =
        lints(&resolved).into_iter().partition(Diagnostic::is_error);
    problems.extend(lint_errors);
    lap("resolve");
    let (prepared, prepare_problems) = prepare_checked(Arc::new(resolved), reuse.markdown.as_ref());
    problems.extend(prepare_problems);
    lap("render: Markdown, data, templates loaded");
    if problems.iter().any(Diagnostic::is_error) {
        // Every output still renders, for the templates' own mistakes. Only the load's warnings
        // are shown with the errors (a theme linked from outside explains missing templates):
        // the others (a page without a date, a source nothing cites) may only echo a mistake.
        let plan = prepared.site.plan.to_vec();
        let everything: Vec<&(String, OutputKind)> = plan.iter().collect();
        if let Err(render_problems) = render_outputs(&prepared, &everything) {
            problems.extend(render_problems);
        }
        problems.extend(warnings);
        return Err(site_error(problems));
    }
    warnings.extend(lint_warnings);
    warnings.extend(prepared.warnings.iter().cloned());
    sort_diagnostics(&mut warnings);
    if options.strict && !warnings.is_empty() {
        let errors = warnings
            .into_iter()
            .map(|mut w| {
                w.severity = Severity::Error;
                w
            })
            .collect();
        return Err(BuildError::Site(errors));
    }
    Ok(PreparedRun {
        prepared,
        warnings,
        timings,
    })
}

/// Builds the site into `output`. If anything is wrong, nothing is written.
pub fn build(options: &BuildOptions, output: &Path) -> Result<BuildReport, BuildError> {
    check_output_dir(&options.root, output)?;
    check_cache_against_output(&options.root, output)?;
    // Before the up-to-date check, which may end the build: a write killed after it staged
    // files but before it changed anything leaves a stamp that still matches.
    remove_leftovers(output)?;
    let started = Instant::now();
    let inputs = stamp::inputs_hash(&options.root, (options.drafts, &options.base_url));
    if let Some((stamp, files)) = inputs.and_then(|inputs| up_to_date(output, inputs)) {
        return Ok(BuildReport {
            pages_per_language: stamp.pages_per_language,
            stats: WriteStats {
                unchanged: files,
                ..WriteStats::default()
            },
            warnings: Vec::new(),
            timings: vec![("inputs unchanged since the last build", started.elapsed())],
        });
    }
    let outcome = render(options)?;
    // Only a build without warnings is stamped, so that warnings are shown again next time.
    let stamp = inputs
        .filter(|_| outcome.warnings.is_empty())
        .map(|inputs| BuildStamp {
            inputs,
            outputs: 0,
            pages_per_language: outcome.site.pages_per_language.clone(),
        });
    let started = Instant::now();
    let stats = write_site(output, &outcome.site.files, stamp)?;
    let mut timings = outcome.timings;
    timings.push(("write", started.elapsed()));
    Ok(BuildReport {
        pages_per_language: outcome.site.pages_per_language,
        stats,
        warnings: outcome.warnings,
        timings,
    })
}

/// The image cache must not be inside the output folder (nor hold it); a site.yaml that does not
/// load is left to the build, which reports it.
fn check_cache_against_output(root: &Path, output: &Path) -> Result<(), BuildError> {
    let Ok((config, source)) = crate::load::config::load_config(root) else {
        return Ok(());
    };
    crate::load::cache_dir::check_cache_dir(root, &config.cache_dir, Some(output))
        .map_err(|message| BuildError::Site(vec![crate::load::cache_dir_problem(&source, message)]))
}

fn site_error(mut diagnostics: Vec<Diagnostic>) -> BuildError {
    drop_consequences(&mut diagnostics);
    sort_diagnostics(&mut diagnostics);
    BuildError::Site(merge_repeats(diagnostics))
}
