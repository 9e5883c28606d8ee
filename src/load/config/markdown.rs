//! site.yaml `markdown`: the Markdown settings, and the engine options they map to.

use serde::{Deserialize, Serialize};

use crate::markdown::{HeadingAnchors, MarkdownOptions};

/// Where heading anchor links go, if anywhere.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum HeadingAnchorsConfig {
    /// No anchor links.
    #[default]
    None,
    /// A link before the heading's text.
    Before,
    /// A link after the heading's text.
    After,
}

/// The `markdown` map of site.yaml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// Anchor links inside headings.
    pub heading_anchors: HeadingAnchorsConfig,
    /// `[^1]` footnotes.
    pub footnotes: bool,
    /// GitHub-style tables.
    pub tables: bool,
    /// `~~struck~~` text.
    pub strikethrough: bool,
    /// `- [x]` task lists.
    pub task_lists: bool,
    /// Raw HTML in Markdown goes to the page as written; `false` escapes it, so it shows as text.
    pub raw_html: bool,
}

impl MarkdownConfig {
    /// The Markdown engine's options these settings ask for.
    pub fn options(&self) -> MarkdownOptions {
        MarkdownOptions {
            smart_punctuation: self.smart_punctuation,
            heading_anchors: match self.heading_anchors {
                HeadingAnchorsConfig::None => HeadingAnchors::None,
                HeadingAnchorsConfig::Before => HeadingAnchors::Before,
                HeadingAnchorsConfig::After => HeadingAnchors::After,
            },
            footnotes: self.footnotes,
            tables: self.tables,
            strikethrough: self.strikethrough,
            task_lists: self.task_lists,
            raw_html: self.raw_html,
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            smart_punctuation: true,
            heading_anchors: HeadingAnchorsConfig::None,
            footnotes: true,
            tables: true,
            strikethrough: true,
            task_lists: true,
            raw_html: true,
        }
    }
}
