//! The charts of pages, found before anything renders, so that the output plan can claim the
//! CSV file of each ("download the data") and render never invents a path.
//!
//! A page's Markdown is read for `chart(...)` shortcode calls (outside code, in source order,
//! block bodies included; only pages whose text holds `chart` are parsed). Each gets the id its
//! figure will have on the page (its `id` argument, else `chart-<data>-<fields>`, with `-2`,
//! `-3`… for repeats) and the file `<page path><id>.csv`, per page and so per language. When the
//! page renders, each chart call takes the first unused chart found here with the same
//! arguments. Charts drawn by templates, or in data files' Markdown fields, are not found here:
//! they have no CSV file (their table is still beside them). `serve` rebuilds in full when an
//! edit changes a page's chart calls.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::load::config::SiteConfig;
use crate::render::content::markdown_options;
use crate::resolve::library::Library;

/// The name of the shortcode that draws charts.
pub const CHART_SHORTCODE: &str = "chart";

/// A chart of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageChart {
    /// The page, by library index.
    pub entry: usize,
    /// The figure's id on the page.
    pub id: String,
    /// The call's arguments.
    pub args: BTreeMap<String, Value>,
    /// Its CSV file, relative to the output folder.
    pub file: String,
    /// Where the call is in the page's file.
    pub span: std::ops::Range<usize>,
}

/// Every chart of every page, in library order.
#[derive(Debug, Clone, Default)]
pub struct PageCharts {
    /// The charts.
    pub charts: Vec<PageChart>,
}

impl PageCharts {
    /// The charts of a page, with their index in [`PageCharts::charts`].
    pub fn of_entry(&self, entry: usize) -> impl Iterator<Item = (usize, &PageChart)> {
        let start = self.charts.partition_point(|c| c.entry < entry);
        self.charts[start..]
            .iter()
            .take_while(move |c| c.entry == entry)
            .enumerate()
            .map(move |(i, c)| (start + i, c))
    }
}

/// `base`, or `base-2`, `base-3`… if `used` already has it; the id is added to `used`.
pub fn unique_id(base: String, used: &mut Vec<String>) -> String {
    let mut id = base.clone();
    let mut n = 1;
    while used.contains(&id) {
        n += 1;
        id = format!("{base}-{n}");
    }
    used.push(id.clone());
    id
}

/// The chart calls of a page's Markdown body, with their spans in it.
pub fn chart_calls(
    body: &str,
    config: &SiteConfig,
) -> Vec<(BTreeMap<String, Value>, std::ops::Range<usize>)> {
    if !body.contains(CHART_SHORTCODE) {
        return Vec::new();
    }
    crate::render::markdown::shortcode_args(
        body,
        &markdown_options(&config.markdown),
        CHART_SHORTCODE,
    )
}

/// Finds the charts of every page.
pub fn find_charts(library: &Library, config: &SiteConfig) -> PageCharts {
    let mut charts = Vec::new();
    for (i, entry) in library.entries.iter().enumerate() {
        let mut used = Vec::new();
        let start = entry.file.body_range.start;
        for (args, span) in chart_calls(entry.file.body(), config) {
            let Ok(base) = crate::render::chart::base_id(&args) else {
                continue;
            };
            let id = unique_id(base, &mut used);
            let file = format!("{}{id}.csv", entry.path);
            charts.push(PageChart {
                entry: i,
                id,
                args,
                file,
                span: start + span.start..start + span.end,
            });
        }
    }
    PageCharts { charts }
}
