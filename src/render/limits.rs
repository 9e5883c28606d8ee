//! The template limit: no render of a template may run longer than [`template_limit`].
//!
//! Tera 2.4.0 has nothing to bound a render: no fuel, no iteration count, no cancellation (it
//! caps `range()` at 100,000 items and component recursion at 20, and two nested loops over such
//! ranges still make 10¹⁰ iterations). A loop body that calls none of Spiega's functions never
//! hands control back, so a check inside our functions or filters cannot stop it, and counting
//! loop iterations needs a hook Tera does not have. What remains sound is the clock:
//!
//! - every render runs inside [`watched`], which notes its template, its page and its start in a
//!   list of renders in flight, and turns a render that finished past the limit into an error;
//! - the command line starts [`start_watchdog`], a thread that looks at that list ten times a
//!   second and hands a render still running past the limit to its callback, which prints the
//!   error and ends the process with exit code 1. A thread cannot be stopped from outside, and a
//!   process left running would keep a core busy for as long as the loop lasts: ending the
//!   process is the only way to stop it. A build writes nothing before every page is rendered,
//!   so the output folder is left as it was.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::diagnostic::Diagnostic;

/// The default limit of one render, far above what a page takes (milliseconds).
pub const DEFAULT_TEMPLATE_LIMIT: Duration = Duration::from_secs(10);

/// The limit in milliseconds; set once by the command line, read by every render.
static LIMIT_MS: AtomicU64 = AtomicU64::new(DEFAULT_TEMPLATE_LIMIT.as_millis() as u64);

/// The renders running now, with a counter to tell them apart.
static IN_FLIGHT: Mutex<InFlight> = Mutex::new(InFlight {
    next: 0,
    renders: Vec::new(),
});

struct InFlight {
    next: u64,
    renders: Vec<Render>,
}

/// One render in flight.
struct Render {
    id: u64,
    started: Instant,
    template: Template,
    page: String,
}

/// A template's name and, when known, its file (shown as the error's place).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The name templates use (`page.html`).
    pub name: String,
    /// The file it was read from.
    pub file: Option<PathBuf>,
}

/// Sets how long one render may run (the command line's `--template-limit`).
pub fn set_template_limit(limit: Duration) {
    let millis = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX).max(1);
    LIMIT_MS.store(millis, Ordering::Relaxed);
}

/// How long one render may run.
pub fn template_limit() -> Duration {
    Duration::from_millis(LIMIT_MS.load(Ordering::Relaxed))
}

/// Runs `render` (a render of `template` for `page`, which may be empty when unknown) where the
/// watchdog sees it. A render that ends past the limit is an error, even without a watchdog.
pub fn watched<T>(
    template: &Template,
    page: &str,
    render: impl FnOnce() -> T,
) -> Result<T, Diagnostic> {
    let started = Instant::now();
    let id = {
        let mut in_flight = lock();
        let id = in_flight.next;
        in_flight.next += 1;
        in_flight.renders.push(Render {
            id,
            started,
            template: template.clone(),
            page: page.to_string(),
        });
        id
    };
    let output = render();
    lock().renders.retain(|r| r.id != id);
    let limit = template_limit();
    if started.elapsed() > limit {
        return Err(limit_error(template, page, limit));
    }
    Ok(output)
}

/// Starts the thread that ends runaway renders: `on_breach` gets the error of the first render
/// found running past the limit, and is expected not to return (the command line exits).
pub fn start_watchdog(on_breach: impl Fn(Diagnostic) + Send + 'static) {
    std::thread::spawn(move || {
        loop {
            let limit = template_limit();
            std::thread::sleep(
                (limit / 10).clamp(Duration::from_millis(10), Duration::from_millis(100)),
            );
            let runaway = lock()
                .renders
                .iter()
                .find(|r| r.started.elapsed() > limit)
                .map(|r| limit_error(&r.template, &r.page, limit));
            if let Some(error) = runaway {
                on_breach(error);
            }
        }
    });
}

/// The error of a render past the limit.
pub fn limit_error(template: &Template, page: &str, limit: Duration) -> Diagnostic {
    let page = if page.is_empty() {
        String::new()
    } else {
        format!(" while rendering {page}")
    };
    let error = Diagnostic::error(format!(
        "template `{}` ran longer than the template limit ({}){page}",
        template.name,
        seconds(limit)
    ));
    let error = match &template.file {
        Some(file) => error.in_file(file),
        None => error.in_file(format!("templates/{}", template.name)),
    };
    error.with_hint(
        "look for loops that multiply (a loop over range() inside another); \
         raise the limit with --template-limit SECONDS if the template is right",
    )
}

fn seconds(limit: Duration) -> String {
    let secs = limit.as_secs_f64();
    if secs.fract() == 0.0 {
        format!("{secs:.0} s")
    } else {
        format!("{secs} s")
    }
}

/// The list of renders, even if a render panicked while holding it (the list stays valid: each
/// change to it is a single push or retain).
fn lock() -> MutexGuard<'static, InFlight> {
    IN_FLIGHT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_render_past_the_limit_is_an_error_naming_template_and_page() {
        let template = Template {
            name: "page.html".to_string(),
            file: Some(PathBuf::from("templates/page.html")),
        };
        let error = limit_error(&template, "/en/chips/", Duration::from_millis(1500));
        assert_eq!(
            error.message,
            "template `page.html` ran longer than the template limit (1.5 s) while rendering /en/chips/"
        );
        assert_eq!(error.file, Some(PathBuf::from("templates/page.html")));
        assert!(error.hint.is_some_and(|h| h.contains("--template-limit")));
    }

    #[test]
    fn a_quick_render_passes_and_leaves_no_trace() {
        let template = Template {
            name: "limits-test.html".to_string(),
            file: None,
        };
        assert_eq!(watched(&template, "/", || 42), Ok(42));
        assert!(lock().renders.iter().all(|r| r.template != template));
    }
}
