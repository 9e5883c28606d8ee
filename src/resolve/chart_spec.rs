//! A chart's arguments, read and checked: the same for the `chart` shortcode and the `chart()`
//! template function.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::markdown::Problem;

/// Every argument `chart` takes.
pub const ARGUMENTS: [&str; 20] = [
    "data",
    "collection",
    "type",
    "field",
    "x",
    "ids",
    "filter",
    "sort",
    "highlight",
    "annotate",
    "title",
    "subtitle",
    "description",
    "note",
    "source",
    "color",
    "colors",
    "id",
    "download",
    "label",
];

/// How many colours the theme's palette has (`--chart-1` to `--chart-5`).
pub const PALETTE_SIZE: u8 = 5;

/// What a chart draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Horizontal bars (grouped with several fields).
    Bar,
    /// Vertical columns (grouped with several fields).
    Column,
    /// Lines over dates or numbers.
    Line,
    /// Dots on one axis, joined from the smallest to the largest value of each row.
    Dot,
    /// One small bar chart per field, each with its own axis.
    Multiples,
}

impl Kind {
    fn parse(text: &str) -> Result<Self, Problem> {
        Ok(match text {
            "bar" | "bars" => Kind::Bar,
            "column" | "columns" => Kind::Column,
            "line" | "lines" => Kind::Line,
            "dot" | "dots" | "range" => Kind::Dot,
            "multiples" | "small-multiples" => Kind::Multiples,
            other => {
                let kinds = ["bar", "column", "line", "dot", "multiples"];
                return Err(
                    Problem::new(format!("`{other}` is not a chart type")).with_hint(
                        crate::suggest::did_you_mean(other, kinds)
                            .unwrap_or_else(|| format!("the types are {}", kinds.join(", "))),
                    ),
                );
            }
        })
    }

    /// The type's name, for the figure's class (`chart-type-bar`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Bar => "bar",
            Kind::Column => "column",
            Kind::Line => "line",
            Kind::Dot => "dot",
            Kind::Multiples => "multiples",
        }
    }
}

/// The order of rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    /// Largest first (by the first field).
    Desc,
    /// Smallest first.
    Asc,
    /// By label, alphabetically.
    Label,
    /// As in the data file (or the `ids` list).
    None,
}

/// `field=value` or `field!=value`: rows kept by a field's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Filter {
    /// The field compared.
    pub field: String,
    /// The value it must (or must not) have, as written.
    pub value: String,
    /// Whether rows with that value are left out rather than kept.
    pub negate: bool,
}

/// A chart's arguments, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartSpec {
    /// What it draws.
    pub kind: Kind,
    /// The collection or series.
    pub data: String,
    /// The number fields drawn (none: every number field of a series).
    pub fields: Vec<String>,
    /// The field on the x axis of lines and columns (a date or number field).
    pub x: Option<String>,
    /// The field that names each row (default: the collection's title field).
    pub label: Option<String>,
    /// Only these rows, in this order.
    pub ids: Vec<String>,
    /// Only the rows these keep.
    pub filters: Vec<Filter>,
    /// The order of rows, if given.
    pub sort: Option<Sort>,
    /// Rows (ids) or fields (names) drawn in the highlight colour.
    pub highlight: Vec<String>,
    /// `(where, text)`: a row id, a date or x value, or a number on the value axis.
    pub annotations: Vec<(String, String)>,
    /// The title (default: the field's label and unit).
    pub title: Option<String>,
    /// A line under the title.
    pub subtitle: Option<String>,
    /// Replaces the generated text summary.
    pub description: Option<String>,
    /// A note under the chart.
    pub note: Option<String>,
    /// Ids of sources, cited under the chart.
    pub sources: Vec<String>,
    /// Palette colours (1 to [`PALETTE_SIZE`]) of the fields, in order.
    pub colors: Vec<u8>,
    /// The figure's id (and the name of its CSV file).
    pub id: Option<String>,
    /// Whether to offer the data as a CSV file (where the page has one).
    pub download: bool,
}

/// Reads a chart's arguments.
pub fn parse(args: &BTreeMap<String, Value>) -> Result<ChartSpec, Problem> {
    if let Some(unknown) = args.keys().find(|k| !ARGUMENTS.contains(&k.as_str())) {
        return Err(
            Problem::new(format!("unknown argument `{unknown}` for `chart`")).with_hint(
                crate::suggest::did_you_mean(unknown, ARGUMENTS)
                    .unwrap_or_else(|| format!("`chart` takes {}", ARGUMENTS.join(", "))),
            ),
        );
    }
    let data = match (text(args, "data")?, text(args, "collection")?) {
        (Some(data), None) | (None, Some(data)) => data,
        (Some(_), Some(_)) => {
            return Err(
                Problem::new("`chart` takes `data` or `collection`, not both")
                    .with_hint("keep `data=\"…\"`"),
            );
        }
        (None, None) => {
            return Err(Problem::new("`chart` needs `data`")
                .with_hint("the name of a collection or series, e.g. `data=\"chips\"`"));
        }
    };
    let kind = text(args, "type")?.map_or(Ok(Kind::Bar), |t| Kind::parse(&t))?;
    let sort = match text(args, "sort")?.as_deref() {
        None => None,
        Some("desc") => Some(Sort::Desc),
        Some("asc") => Some(Sort::Asc),
        Some("label") => Some(Sort::Label),
        Some("none") => Some(Sort::None),
        Some(other) => {
            return Err(Problem::new(format!(
                "`sort` must be `desc`, `asc`, `label` or `none`, not `{other}`"
            ))
            .with_hint("`desc` puts the largest value first"));
        }
    };
    let mut colors = list(args, "colors")?;
    if let Some(color) = text(args, "color")? {
        colors.insert(0, color);
    }
    Ok(ChartSpec {
        kind,
        data,
        fields: list(args, "field")?,
        x: text(args, "x")?,
        label: text(args, "label")?,
        ids: list(args, "ids")?,
        filters: list(args, "filter")?
            .iter()
            .map(|f| parse_filter(f))
            .collect::<Result<_, _>>()?,
        sort,
        highlight: list(args, "highlight")?,
        annotations: list(args, "annotate")?
            .iter()
            .map(|a| parse_annotation(a))
            .collect::<Result<_, _>>()?,
        title: text(args, "title")?,
        subtitle: text(args, "subtitle")?,
        description: text(args, "description")?,
        note: text(args, "note")?,
        sources: list(args, "source")?,
        colors: colors
            .iter()
            .map(|c| parse_color(c))
            .collect::<Result<_, _>>()?,
        id: text(args, "id")?.map(|id| checked_id(&id)).transpose()?,
        download: flag(args, "download")?.unwrap_or(true),
    })
}

/// A text argument (a number is taken as its text).
fn text(args: &BTreeMap<String, Value>, name: &str) -> Result<Option<String>, Problem> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(other) => Err(
            Problem::new(format!("`{name}` takes a text, not `{other}`"))
                .with_hint(format!("write it in quotes: `{name}=\"…\"`")),
        ),
    }
}

fn flag(args: &BTreeMap<String, Value>, name: &str) -> Result<Option<bool>, Problem> {
    match args.get(name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(other) => Err(Problem::new(format!(
            "`{name}` takes `true` or `false`, not `{other}`"
        ))),
    }
}

/// A list argument: a list of texts, or one text with items separated by commas.
fn list(args: &BTreeMap<String, Value>, name: &str) -> Result<Vec<String>, Problem> {
    match args.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::String(s)) if name == "annotate" || name == "filter" => Ok(vec![s.clone()]),
        Some(Value::String(s)) => Ok(s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()),
        Some(Value::Number(n)) => Ok(vec![n.to_string()]),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                other => Err(Problem::new(format!(
                    "`{name}` takes a list of texts, and `{other}` is not one"
                ))),
            })
            .collect(),
        Some(other) => Err(
            Problem::new(format!("`{name}` takes a list, not `{other}`"))
                .with_hint(format!("write `{name}=[\"a\", \"b\"]`")),
        ),
    }
}

fn parse_filter(text: &str) -> Result<Filter, Problem> {
    let (field, value, negate) = if let Some((field, value)) = text.split_once("!=") {
        (field, value, true)
    } else if let Some((field, value)) = text.split_once('=') {
        (field, value, false)
    } else {
        return Err(Problem::new(format!("the filter `{text}` has no `=`"))
            .with_hint("write `filter=\"field=value\"` (or `field!=value` to leave rows out)"));
    };
    Ok(Filter {
        field: field.trim().to_string(),
        value: value.trim().to_string(),
        negate,
    })
}

fn parse_annotation(text: &str) -> Result<(String, String), Problem> {
    match text.split_once(':') {
        Some((place, words)) if !place.trim().is_empty() && !words.trim().is_empty() => {
            Ok((place.trim().to_string(), words.trim().to_string()))
        }
        _ => Err(
            Problem::new(format!("the annotation `{text}` has no place")).with_hint(
                "write `\"<id, date or value>: text\"`, e.g. `\"2024-03-27: second tranche\"`",
            ),
        ),
    }
}

fn parse_color(text: &str) -> Result<u8, Problem> {
    let n = text.trim().trim_start_matches("chart-");
    n.parse::<u8>()
        .ok()
        .filter(|n| (1..=PALETTE_SIZE).contains(n))
        .ok_or_else(|| {
            Problem::new(format!("`{text}` is not a colour of the chart palette")).with_hint(
                format!(
                    "use 1 to {PALETTE_SIZE}, the theme's `--chart-1` to `--chart-{PALETTE_SIZE}`"
                ),
            )
        })
}

fn checked_id(id: &str) -> Result<String, Problem> {
    let valid = !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if valid {
        Ok(id.to_string())
    } else {
        Err(Problem::new(format!("`{id}` cannot be a chart's id"))
            .with_hint("use lower-case letters, digits, `-` and `_`: it names the CSV file too"))
    }
}

/// The id a chart's figure gets on its page before it is made unique: its `id` argument, else
/// `chart-<data>-<fields>`.
pub fn base_id(args: &BTreeMap<String, Value>) -> Result<String, Problem> {
    let spec = parse(args)?;
    Ok(spec.id.clone().unwrap_or_else(|| {
        let mut id = format!("chart-{}", spec.data);
        for field in &spec.fields {
            id.push('-');
            id.push_str(field);
        }
        slug::slugify(&id).replace('_', "-")
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&str, Value)]) -> BTreeMap<String, Value> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn lists_filters_and_annotations_are_read() {
        let spec = parse(&args(&[
            ("data", Value::from("chips")),
            ("field", Value::from(vec!["a", "b"])),
            ("ids", Value::from("x, y")),
            ("filter", Value::from("kind!=gpu")),
            ("annotate", Value::from(vec!["2024-03-27: second tranche"])),
            ("color", Value::from(3)),
        ]))
        .expect("valid arguments");
        assert_eq!(spec.fields, ["a", "b"]);
        assert_eq!(spec.ids, ["x", "y"]);
        assert!(spec.filters[0].negate);
        assert_eq!(spec.annotations[0].0, "2024-03-27");
        assert_eq!(spec.colors, [3]);
    }

    #[test]
    fn mistakes_have_hints() {
        let wrong = parse(&args(&[
            ("data", Value::from("c")),
            ("typ", Value::from("bar")),
        ]));
        assert_eq!(
            wrong.err().and_then(|p| p.hint),
            Some("did you mean `type`?".into())
        );
        let wrong = parse(&args(&[
            ("data", Value::from("c")),
            ("type", Value::from("lne")),
        ]));
        assert_eq!(
            wrong.err().and_then(|p| p.hint),
            Some("did you mean `line`?".into())
        );
        let wrong = parse(&args(&[
            ("data", Value::from("c")),
            ("color", Value::from(9)),
        ]));
        assert!(wrong.is_err());
    }
}
