//! Charts drawn at build time as inline SVG, without JavaScript: horizontal bars, columns,
//! grouped bars and columns, lines over dates or numbers, dot (range) plots and small multiples,
//! from a collection or a series, with the same numbers in a table, a text summary, a source
//! line and a CSV file of the data.
//!
//! The jobs are split by file: [`crate::resolve::chart_spec`] reads the arguments (the `chart`
//! shortcode's and the `chart()` template function's, in resolve, which plans each chart's CSV
//! file), `select` picks the rows and measures and checks them, [`scale`] and [`text`] choose
//! ticks and estimate text widths, `bars`, `columns` and `lines` lay each type out, `summary`
//! writes the text for readers who do not see it, `table` the table and the CSV file, `figure`
//! puts the figure together, and [`palette`] checks the theme's chart colours.

mod axis;
mod bars;
mod colour;
mod columns;
mod figure;
mod format;
mod lines;
pub mod palette;
pub mod scale;
mod select;
mod summary;
mod svg;
mod table;
pub mod text;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::markdown::Problem;
use crate::resolve::ResolvedSite;
use crate::resolve::chart_spec::{self as spec, ChartSpec, Kind};
use crate::resolve::data::PartialDate;
use select::ChartData;

/// An annotation, placed.
#[derive(Debug, Clone, PartialEq)]
pub enum Annotation {
    /// On a row (by id).
    Row(String, String),
    /// On a value of the value axis.
    Value(f64, String),
    /// On a position of the x axis (days since 1970 for dates).
    X(f64, String),
}

/// Renders a source's citation marker (`[3]`, linked to the page's list of sources).
pub type Cite<'a> = &'a dyn Fn(&str) -> Result<String, Problem>;

/// Where a chart is drawn.
pub struct Place<'a> {
    /// The figure's id, unique on its page.
    pub id: String,
    /// The URL of its CSV file, when the output plan has one.
    pub csv: Option<String>,
    /// Cites the chart's sources on the page, when it is in a page's Markdown.
    pub cite: Option<Cite<'a>>,
}

/// Whether the chart's data file has a mistake already reported (it does not parse, or an entry
/// has no valid id): the chart is then left out rather than blamed for data it cannot see, and
/// the build fails on that mistake.
fn has_reported_mistake(site: &ResolvedSite, spec: &spec::ChartSpec) -> bool {
    site.data.get(&spec.data).is_some_and(|c| c.broken)
}

/// Draws the chart a shortcode call or template function asks for.
pub fn draw(
    site: &ResolvedSite,
    lang: &str,
    args: &BTreeMap<String, Value>,
    place: &Place<'_>,
) -> Result<String, Problem> {
    let spec = spec::parse(args)?;
    if has_reported_mistake(site, &spec) {
        return Ok(String::new());
    }
    let data = select::select(site, &spec, lang)?;
    let notes = annotations(&spec, &data)?;
    figure::figure(site, lang, &spec, &data, &notes, place)
}

/// The CSV file of the chart a call asks for: the rows and columns of its table.
pub fn csv(
    site: &ResolvedSite,
    lang: &str,
    args: &BTreeMap<String, Value>,
) -> Result<Vec<u8>, Problem> {
    let spec = spec::parse(args)?;
    if has_reported_mistake(site, &spec) {
        return Ok(Vec::new());
    }
    let data = select::select(site, &spec, lang)?;
    table::csv_bytes(&data)
        .map_err(|error| Problem::new(format!("cannot write the chart's CSV: {error}")))
}

/// Places every annotation: on a row id, a date or x value (lines and columns over x), or a
/// number on the value axis.
fn annotations(spec: &ChartSpec, data: &ChartData) -> Result<Vec<Annotation>, Problem> {
    let over_x = spec.kind == Kind::Line && data.x.is_some();
    spec.annotations
        .iter()
        .map(|(place, text)| {
            if data.rows.iter().any(|r| &r.id == place) && spec.kind != Kind::Line {
                return Ok(Annotation::Row(place.clone(), text.clone()));
            }
            if over_x {
                let dates = data.x.as_ref().is_some_and(|x| x.dates);
                let position = if dates {
                    PartialDate::parse(place)
                        .ok()
                        .map(|d| select::XValue::Date(d).position())
                } else {
                    place.parse::<f64>().ok().filter(|n| n.is_finite())
                };
                if let Some(position) = position {
                    return Ok(Annotation::X(position, text.clone()));
                }
            }
            let value = place.strip_prefix("y=").unwrap_or(place).parse::<f64>();
            if let Ok(value) = value
                && value.is_finite()
                && (!over_x || place.starts_with("y="))
            {
                return Ok(Annotation::Value(value, text.clone()));
            }
            Err(Problem::new(format!(
                "the annotation `{place}` names no row, date or value of this chart"
            ))
            .with_hint(if over_x {
                "start it with a date of the x axis (`2024-03-27: …`) or `y=` and a value"
            } else {
                "start it with the id of a row the chart shows, or a value on its axis"
            }))
        })
        .collect()
}
