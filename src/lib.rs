//! Spiega: a static-site generator for explainer microsites.
//!
//! The build is a pipeline and data flows one way:
//! [`load`] (config, content, data) → [`resolve`] (URLs, references, links, taxonomies) →
//! [`render`] (Markdown, templates) → [`write`](mod@write). [`pipeline`] runs the stages; `check` is
//! every stage but writing. [`incremental`] works out what a save affects, so that `serve` redoes
//! only that.

// A diagnostic carries its file's text and position; it only travels on the error path, where its
// size costs nothing, and boxing every `Err` would make every signature noisier.
#![allow(clippy::result_large_err)]

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
