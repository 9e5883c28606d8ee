//! Spiega: a static-site generator for explainer microsites.
//!
//! The build is a pipeline and data flows one way:
//! [`load`] (config, content, data) → [`resolve`] (URLs, references, links, taxonomies) →
//! [`render`] (Markdown, templates) → [`write`]. [`build`] runs the stages; `check` is every stage
//! but writing.

pub mod build;
pub mod diagnostic;
pub mod init;
pub mod load;
pub mod render;
pub mod resolve;
pub mod suggest;
pub mod write;
