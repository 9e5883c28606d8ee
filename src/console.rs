//! What a run prints on the terminal: diagnostics, cargo-style status lines and stage timings.
//! The CLI and `serve` print through it; the library's stages only return what happened.

use std::io::Write;

use crate::diagnostic::Diagnostic;
use crate::pipeline::Timings;

/// Prints diagnostics to stderr, as every command does; anstream drops the colours when stderr is
/// not a terminal or NO_COLOR is set.
pub fn print_diagnostics(diagnostics: &[Diagnostic]) {
    let mut stderr = anstream::stderr().lock();
    for diagnostic in diagnostics {
        let _ = writeln!(stderr, "{}\n", diagnostic.render(true));
    }
}

/// Prints a cargo-style status line on stderr (`    Finished 14 pages …`).
pub fn print_status(verb: &str, message: &str) {
    let style = anstyle::Style::new()
        .bold()
        .fg_color(Some(anstyle::AnsiColor::Green.into()));
    let _ = writeln!(anstream::stderr(), "{style}{verb:>12}{style:#} {message}");
}

/// One status line per stage: where the time of a run goes (`--verbose`).
pub fn print_timings(timings: &Timings) {
    for (stage, took) in timings {
        print_status(
            "Timing",
            &format!("{:>8.1} ms  {stage}", took.as_secs_f64() * 1000.0),
        );
    }
}
