//! Spiega: a static-site generator for explainer microsites.
//!
//! The build is a pipeline and data flows one way:
//! [`load`] (config, content, data) → [`resolve`] (URLs, the output plan, references, links,
//! taxonomies) → [`render`](mod@render) (Markdown through [`markdown`], templates) → [`write`](mod@write).
//! [`pipeline`] runs the stages; `check` is every stage but writing. [`incremental`] works out
//! what a save affects, so that `serve` redoes only that. docs/architecture.md draws the map.
//!
//! An embedder needs little more than the re-exports below: [`build`] a site into a folder, or
//! [`render()`] it in memory (what `spiega check` does), and read the [`Diagnostic`]s of a failure.
//!
//! ```no_run
//! let options = spiega::BuildOptions { root: "my-site".into(), ..Default::default() };
//! match spiega::build(&options, std::path::Path::new("my-site/public")) {
//!     Ok(report) => println!("{} files written", report.stats.written),
//!     Err(spiega::BuildError::Site(diagnostics)) => {
//!         for diagnostic in diagnostics {
//!             eprintln!("{diagnostic}");
//!         }
//!     }
//!     Err(other) => eprintln!("{other}"),
//! }
//! ```

// A diagnostic carries its file's text and position; it only travels on the error path, where its
// size costs nothing, and boxing every `Err` would make every signature noisier.
#![allow(clippy::result_large_err)]
#![deny(missing_docs)]

pub mod console;
pub mod diagnostic;
pub mod images;
pub mod incremental;
pub mod init;
pub mod load;
pub mod markdown;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod stamp;
pub mod suggest;
pub mod translate;
pub mod write;

pub use diagnostic::{Diagnostic, Severity};
pub use init::{InitError, InitOptions, init_site};
pub use pipeline::{BuildError, BuildOptions, BuildReport, RenderOutcome, build, render};
pub use serve::{ServeError, ServeOptions, serve};
