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

/// The code spans and blocks of a page with charts, found while looking for them, so that its
/// Markdown is not parsed for them again when it renders.
#[derive(Debug, Clone)]
pub struct PageCode {
    /// The page, by library index.
    pub entry: usize,
    /// The text they were found in (the page's file), to tell that it did not change since.
    pub text: std::sync::Arc<str>,
    /// The ranges, in the page's body.
    pub ranges: Vec<std::ops::Range<usize>>,
}

/// Every chart of every page, in library order.
#[derive(Debug, Clone, Default)]
pub struct PageCharts {
    /// The charts.
    pub charts: Vec<PageChart>,
    /// The code ranges of the pages with charts, in library order.
    pub code: Vec<PageCode>,
}

impl PageCharts {
    /// The code ranges of a page's body, if it has charts and its text is still `text`.
    pub fn code_of(
        &self,
        entry: usize,
        text: &std::sync::Arc<str>,
    ) -> Option<&[std::ops::Range<usize>]> {
        let i = self.code.binary_search_by_key(&entry, |c| c.entry).ok()?;
        let found = &self.code[i];
        std::sync::Arc::ptr_eq(&found.text, text).then_some(found.ranges.as_slice())
    }

    /// The charts of a page, in source order.
    pub fn of_entry(&self, entry: usize) -> &[PageChart] {
        let start = self.charts.partition_point(|c| c.entry < entry);
        let end = self.charts.partition_point(|c| c.entry <= entry);
        &self.charts[start..end]
    }
}

/// The ids given out on one page: `base`, then `base-2`, `base-3`… for the same base, in linear
/// time however many charts a page has.
#[derive(Debug, Default)]
pub struct UniqueIds {
    used: std::collections::HashSet<String>,
    next: std::collections::HashMap<String, usize>,
}

impl UniqueIds {
    /// Marks `id` as given out (a chart found by resolve, taken as it is).
    pub fn insert(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// Whether `id` was given out.
    pub fn contains(&self, id: &str) -> bool {
        self.used.contains(id)
    }

    /// `base`, or `base-<n>` with the first n from 2 that is free; the id is given out.
    pub fn take(&mut self, base: String) -> String {
        let mut n = self.next.get(&base).copied().unwrap_or(1);
        let mut id = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        while self.used.contains(&id) {
            n += 1;
            id = format!("{base}-{n}");
        }
        self.next.insert(base, n + 1);
        self.used.insert(id.clone());
        id
    }
}

/// The chart calls of a page's Markdown body, with their spans in it.
pub fn chart_calls(
    body: &str,
    config: &SiteConfig,
) -> Vec<(BTreeMap<String, Value>, std::ops::Range<usize>)> {
    calls_and_code(body, config).0
}

/// A chart call: its arguments and its span in a body.
type Call = (BTreeMap<String, Value>, std::ops::Range<usize>);

/// The chart calls of a body and its code ranges (none when it names no chart).
fn calls_and_code(body: &str, config: &SiteConfig) -> (Vec<Call>, Vec<std::ops::Range<usize>>) {
    if !body.contains(CHART_SHORTCODE) || !(body.contains("{{") || body.contains("{%")) {
        return (Vec::new(), Vec::new());
    }
    let code = crate::markdown::code_ranges_of(body, &config.markdown.options());
    let calls = crate::markdown::shortcode_args(body, &code, CHART_SHORTCODE);
    (calls, code)
}

/// Finds the charts of every page.
pub fn find_charts(library: &Library, config: &SiteConfig) -> PageCharts {
    use rayon::prelude::*;
    let per_page: Vec<(Vec<PageChart>, Option<PageCode>)> = library
        .entries
        .par_iter()
        .enumerate()
        .map(|(i, entry)| page_charts(i, entry, config))
        .collect();
    let mut found = PageCharts::default();
    for (charts, code) in per_page {
        found.charts.extend(charts);
        found.code.extend(code);
    }
    found
}

/// The charts of one page.
fn page_charts(
    i: usize,
    entry: &crate::resolve::library::Entry,
    config: &SiteConfig,
) -> (Vec<PageChart>, Option<PageCode>) {
    let mut charts = Vec::new();
    let (calls, ranges) = calls_and_code(entry.file.body(), config);
    {
        let mut used = UniqueIds::default();
        let start = entry.file.body_range.start;
        for (args, span) in calls {
            let Ok(base) = crate::resolve::chart_spec::base_id(&args) else {
                continue;
            };
            if args.get("download") == Some(&Value::Bool(false)) {
                // No link, so no file.
                continue;
            }
            let id = used.take(base);
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
    let code = (!charts.is_empty()).then(|| PageCode {
        entry: i,
        text: std::sync::Arc::clone(&entry.file.source.text),
        ranges,
    });
    (charts, code)
}
