//! TEMPORARY stand-in with the agreed interface; replaced by the real renderer on merge.
#![allow(missing_docs)]
use crate::render::shortcode::ShortcodeCall;

#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownOptions { pub smart_punctuation: bool, pub heading_anchors: HeadingAnchors,
    pub footnotes: bool, pub tables: bool, pub strikethrough: bool, pub task_lists: bool }
impl Default for MarkdownOptions { fn default() -> Self { Self { smart_punctuation: true, heading_anchors: HeadingAnchors::None, footnotes: true, tables: true, strikethrough: true, task_lists: true } } }
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadingAnchors { None, Before, After }
#[derive(Debug, Clone, PartialEq)]
pub struct Problem { pub message: String, pub hint: Option<String> }
pub trait LinkResolver: Sync { fn resolve(&self, path: &str) -> Result<String, Problem>; }
pub trait ShortcodeRenderer: Sync { fn render(&self, call: &ShortcodeCall<'_>) -> Result<String, Problem>; }
pub struct RenderInput<'a> { pub source: &'a str, pub options: &'a MarkdownOptions,
    pub links: &'a dyn LinkResolver, pub shortcodes: &'a dyn ShortcodeRenderer }
#[derive(Debug, Clone, serde::Serialize)]
pub struct TocEntry { pub level: u8, pub id: String, pub title: String, pub children: Vec<TocEntry> }
#[derive(Debug, Clone)]
pub struct InternalLink { pub target: String, pub anchor: Option<String>, pub offset: usize, pub len: usize }
#[derive(Debug, Clone)]
pub struct Rendered { pub html: String, pub summary: Option<String>, pub toc: Vec<TocEntry>,
    pub heading_ids: Vec<String>, pub word_count: usize, pub internal_links: Vec<InternalLink> }
#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownError { pub offset: usize, pub len: usize, pub message: String, pub hint: Option<String> }
pub fn render(input: &RenderInput<'_>) -> Result<Rendered, Vec<MarkdownError>> {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(input.source));
    Ok(Rendered { html, summary: None, toc: Vec::new(), heading_ids: Vec::new(), word_count: input.source.split_whitespace().count(), internal_links: Vec::new() })
}
