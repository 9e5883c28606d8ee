//! The `spiega` command: a thin layer over the library that parses arguments, prints diagnostics
//! and a summary, and sets the exit code (0 success, 1 the site has errors, 2 bad usage).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Args, Parser, Subcommand};

use spiega::Diagnostic;
use spiega::console::{print_diagnostics, print_status as status, print_timings};
use spiega::diagnostic::plural;
use spiega::write::WriteError;
use spiega::{BuildError, BuildOptions, BuildReport, build, render};

/// A static-site generator for explainer microsites: Markdown, YAML data and Tera themes.
#[derive(Parser)]
#[command(name = "spiega", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Check the whole site without writing anything.
    Check(CheckArgs),
    /// Create a new site that builds at once.
    Init(InitArgs),
    /// Build the site in memory, serve it locally and rebuild it on every save.
    Serve(ServeArgs),
    /// Work with the built-in theme.
    #[command(subcommand)]
    Theme(ThemeCommand),
    /// List, per language, the pages not translated and the translations older than their
    /// original; `--mark` records that translations are up to date.
    Translations(TranslationsArgs),
}

#[derive(Args)]
struct TranslationsArgs {
    /// The site's folder (where site.yaml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Exit with 1 when a page is missing or stale in some language.
    #[arg(long, conflicts_with = "mark")]
    strict: bool,
    /// Record that these translations (their Markdown files) are up to date with their original:
    /// writes `translation_of` in their front matter.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    mark: Vec<PathBuf>,
}

#[derive(Subcommand)]
enum ThemeCommand {
    /// Write the built-in `explainer` theme into themes/explainer/ of the site, to change it
    /// freely (the site then uses that copy).
    Export(ExportArgs),
}

#[derive(Args)]
struct ExportArgs {
    /// The site's folder (where site.yaml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
}

#[derive(Args)]
struct SiteArgs {
    /// The site's folder (where site.yaml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
    /// How long one template render may run before the command stops with an error.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_seconds)]
    template_limit: Duration,
}

#[derive(Args)]
struct BuildArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Where to write the site (default: public/ in the site's folder).
    #[arg(long, value_name = "DIR")]
    output: Option<PathBuf>,
    /// Replace site.yaml's base_url, e.g. for a deploy under another sub-path.
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Print nothing but errors and warnings.
    #[arg(long, short)]
    quiet: bool,
    /// Also print how long each stage took.
    #[arg(long, short, conflicts_with = "quiet")]
    verbose: bool,
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Also print how long each stage took.
    #[arg(long, short)]
    verbose: bool,
}

#[derive(Args)]
struct ServeArgs {
    /// The site's folder (where site.yaml is).
    #[arg(long, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// The port to listen on; the next free one is taken if it is busy (0: any free port).
    #[arg(long, short, default_value_t = 1111)]
    port: u16,
    /// The address to listen on (e.g. 0.0.0.0 to be reachable from other machines).
    #[arg(long, short, value_name = "ADDRESS", default_value = "127.0.0.1")]
    interface: std::net::IpAddr,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// Open the site in a browser.
    #[arg(long, short)]
    open: bool,
    /// Log the changed files and the time from each change to the reload.
    #[arg(long, short)]
    verbose: bool,
    /// How long one template render may run before the server stops with an error.
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = parse_seconds)]
    template_limit: Duration,
}

#[derive(Args)]
struct InitArgs {
    /// The folder to create (it must not exist, or be empty).
    dir: PathBuf,
    /// The site's languages, the default one first (e.g. `it,en`). The starter is written in
    /// en, it, fr, de and es; other languages get the English text to translate.
    #[arg(long, value_delimiter = ',', default_value = "en")]
    languages: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build(args) => run_build(&args),
        Command::Check(args) => run_check(&args),
        Command::Init(args) => run_init(&args),
        Command::Serve(args) => run_serve(&args),
        Command::Theme(ThemeCommand::Export(args)) => run_theme_export(&args),
        Command::Translations(args) => run_translations(&args),
    }
}

fn run_translations(args: &TranslationsArgs) -> ExitCode {
    if !args.mark.is_empty() {
        return match spiega::translate::mark(&args.root, &args.mark) {
            Ok(marked) => {
                for m in marked {
                    let what = if m.changed { "Marked" } else { "Unchanged" };
                    let detail = format!(
                        "{} as a translation of {} as it is now (translation_of: \"{}\")",
                        m.file, m.original, m.hash
                    );
                    status(what, &detail);
                }
                ExitCode::SUCCESS
            }
            Err(diagnostics) => {
                print_diagnostics(&diagnostics);
                ExitCode::from(1)
            }
        };
    }
    match spiega::translate::report(&args.root, args.drafts) {
        Ok(report) => {
            print!("{}", report.render());
            if report.languages.is_empty() {
                status("Checked", "the site has one language: nothing to translate");
            } else if report.has_gaps() && args.strict {
                status("Failed", "some pages are missing or stale in a language");
                return ExitCode::from(1);
            }
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            print_diagnostics(&diagnostics);
            ExitCode::from(1)
        }
    }
}

fn run_theme_export(args: &ExportArgs) -> ExitCode {
    match spiega::init::export_theme(&args.root) {
        Ok(files) => {
            let folder = args
                .root
                .join("themes")
                .join(spiega::load::builtin::BUILTIN_THEME);
            status(
                "Exported",
                &format!(
                    "the built-in theme into {} ({} files); the site now uses that copy",
                    folder.display(),
                    files.len()
                ),
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            print_diagnostics(&[Diagnostic::error(error.to_string()).with_hint(
                "remove or rename themes/explainer/ first; Spiega never overwrites a theme",
            )]);
            ExitCode::from(1)
        }
    }
}

/// A positive number of seconds, e.g. `10` or `0.5`.
fn parse_seconds(text: &str) -> Result<Duration, String> {
    let seconds: f64 = text
        .parse()
        .map_err(|_| format!("`{text}` is not a number of seconds"))?;
    Duration::try_from_secs_f64(seconds)
        .ok()
        .filter(|limit| !limit.is_zero())
        .ok_or_else(|| format!("`{text}` is not a positive number of seconds"))
}

/// Sets the template limit and starts the watchdog that enforces it (see
/// `spiega::render::limits`): a render still running past the limit is reported and the process
/// ends with exit code 1, since nothing else can stop it. `output` is the folder a build writes.
fn watch_templates(limit: Duration, output: Option<&Path>) {
    let untouched = output.map_or(String::new(), |o| {
        format!("; {} was not touched", o.display())
    });
    spiega::render::limits::set_template_limit(limit);
    spiega::render::limits::start_watchdog(move |error| {
        print_diagnostics(&[error]);
        status("Failed", &format!("1 error{untouched}"));
        std::process::exit(1);
    });
}

fn options(site: &SiteArgs, base_url: Option<String>) -> BuildOptions {
    BuildOptions {
        root: site.root.clone(),
        drafts: site.drafts,
        base_url,
        strict: site.strict,
    }
}

fn run_build(args: &BuildArgs) -> ExitCode {
    let started = Instant::now();
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.site.root.join("public"));
    watch_templates(args.site.template_limit, Some(&output));
    let options = options(&args.site, args.base_url.clone());
    match build(&options, &output) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            if args.verbose {
                print_timings(&report.timings);
            }
            if !args.quiet {
                status("Finished", &summary(&report, &output, started));
            }
            ExitCode::SUCCESS
        }
        Err(error) => report_failure(&error, &output),
    }
}

fn summary(report: &BuildReport, output: &Path, started: Instant) -> String {
    let per_language: Vec<String> = report
        .pages_per_language
        .iter()
        .map(|(lang, count)| format!("{lang}: {count}"))
        .collect();
    let total: usize = report
        .pages_per_language
        .iter()
        .map(|(_, count)| count)
        .sum();
    let stats = report.stats;
    let warnings = match report.warnings.len() {
        0 => String::new(),
        n => format!(", {}", plural(n, "warning", "warnings")),
    };
    format!(
        "{} ({}) into {}: {} written, {} unchanged, {} removed{warnings} in {:.2}s",
        plural(total, "page", "pages"),
        per_language.join(", "),
        output.display(),
        stats.written,
        stats.unchanged,
        stats.removed,
        started.elapsed().as_secs_f64()
    )
}

fn run_check(args: &CheckArgs) -> ExitCode {
    let started = Instant::now();
    watch_templates(args.site.template_limit, None);
    match render(&options(&args.site, None)) {
        Ok(outcome) => {
            print_diagnostics(&outcome.warnings);
            if args.verbose {
                print_timings(&outcome.timings);
            }
            let pages: usize = outcome.site.pages_per_language.iter().map(|(_, n)| n).sum();
            status(
                "Checked",
                &format!(
                    "{}, {}, {}, no errors in {:.2}s",
                    plural(pages, "page", "pages"),
                    plural(outcome.site.files.len(), "file", "files"),
                    plural(outcome.warnings.len(), "warning", "warnings"),
                    started.elapsed().as_secs_f64()
                ),
            );
            ExitCode::SUCCESS
        }
        Err(error) => report_failure(&error, Path::new("")),
    }
}

fn run_serve(args: &ServeArgs) -> ExitCode {
    watch_templates(args.template_limit, None);
    let options = spiega::serve::ServeOptions {
        root: args.root.clone(),
        interface: args.interface,
        port: args.port,
        drafts: args.drafts,
        open: args.open,
        verbose: args.verbose,
    };
    match spiega::serve::serve(&options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(spiega::serve::ServeError::NotASite(diagnostics)) => {
            print_diagnostics(&diagnostics);
            ExitCode::from(1)
        }
        Err(error) => {
            print_diagnostics(&[Diagnostic::error(error.to_string())]);
            ExitCode::from(1)
        }
    }
}

fn run_init(args: &InitArgs) -> ExitCode {
    let options = spiega::init::InitOptions {
        languages: args.languages.clone(),
    };
    match spiega::init::init_site(&args.dir, &options) {
        Ok(files) => {
            status(
                "Created",
                &format!(
                    "a new site in {} ({} files)",
                    args.dir.display(),
                    files.len()
                ),
            );
            status(
                "Next",
                &format!("spiega build --root {}", args.dir.display()),
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            let hint = match &error {
                spiega::init::InitError::NotEmpty(_) => "pick a new folder name, or empty this one",
                spiega::init::InitError::BadLanguage(_)
                | spiega::init::InitError::DuplicateLanguage(_) => {
                    "list language codes once each, separated by commas: `--languages it,en`"
                }
                _ => "try another folder",
            };
            print_diagnostics(&[Diagnostic::error(error.to_string()).with_hint(hint)]);
            ExitCode::from(1)
        }
    }
}

/// What to do when the output cannot be written.
fn write_hint(error: &WriteError) -> &'static str {
    match error {
        WriteError::Read { .. } => "check that the file exists and that you may read it",
        WriteError::UnsafePath { .. } => "rename the page or file that makes this path",
        _ => "check that the output folder is writable and the disk has room, then build again",
    }
}

fn report_failure(error: &BuildError, output: &Path) -> ExitCode {
    match error {
        BuildError::Site(diagnostics) => {
            print_diagnostics(diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let untouched = if output.as_os_str().is_empty() {
                String::new()
            } else {
                format!("; {} was not touched", output.display())
            };
            status(
                "Failed",
                &format!("{}{untouched}", plural(errors, "error", "errors")),
            );
        }
        BuildError::Write(WriteError::UnsafeOutput { path, reason, hint }) => {
            print_diagnostics(&[Diagnostic::error(format!(
                "refusing to use {} as the output folder: {reason}",
                path.display()
            ))
            .with_hint(hint.clone())]);
        }
        BuildError::Write(other) => {
            print_diagnostics(&[Diagnostic::error(other.to_string()).with_hint(write_hint(other))])
        }
    }
    ExitCode::from(1)
}
