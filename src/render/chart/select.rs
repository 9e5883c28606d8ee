//! From a chart's arguments to the numbers it draws: the rows of a collection or series (kept by
//! `ids` and `filter`, sorted), the measures (number fields with their labels and units), and the
//! x axis of lines and columns. Mistakes here are the chart's errors: an unknown field, a field
//! with no values, fields whose units differ.

use crate::load::config::{FieldConfig, FieldType};
use crate::markdown::Problem;
use crate::resolve::ResolvedSite;
use crate::resolve::chart_spec::{ChartSpec, Filter, Kind, PALETTE_SIZE, Sort};
use crate::resolve::data::{Collection, DataEntry, FieldValue, PartialDate};

/// A number field drawn by the chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// The field's name.
    pub field: String,
    /// Its label in the chart's language.
    pub label: String,
    /// Its unit in the chart's language (empty if none).
    pub unit: String,
    /// Its palette colour, 1 to [`PALETTE_SIZE`].
    pub color: u8,
}

impl Measure {
    /// The label with its unit: `Memory bandwidth (TB/s)`.
    pub fn label_with_unit(&self) -> String {
        if self.unit.is_empty() {
            self.label.clone()
        } else {
            format!("{} ({})", self.label, self.unit)
        }
    }
}

/// A value on the x axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum XValue {
    /// A date, as precise as written.
    Date(PartialDate),
    /// A number.
    Number(f64),
}

impl XValue {
    /// A number to place it on the axis (days since 1970 for dates).
    pub fn position(&self) -> f64 {
        match self {
            XValue::Date(d) => f64::from((d.start() - jiff::civil::date(1970, 1, 1)).get_days()),
            XValue::Number(n) => *n,
        }
    }
}

/// One row of the chart: an entry of a collection, or a line of a series.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The entry's id (the line number, for a series).
    pub id: String,
    /// How the chart names it.
    pub label: String,
    /// Its x value, for lines and columns over an x field.
    pub x: Option<XValue>,
    /// One value per measure.
    pub values: Vec<Option<f64>>,
    /// Whether it is highlighted.
    pub highlighted: bool,
}

/// The x axis of lines and columns drawn over a field.
#[derive(Debug, Clone, PartialEq)]
pub struct XAxis {
    /// The field's label in the chart's language.
    pub label: String,
    /// Its unit (empty if none).
    pub unit: String,
    /// Whether it holds dates (else numbers).
    pub dates: bool,
}

/// Everything a chart draws.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// The measures, in the order of `field`.
    pub measures: Vec<Measure>,
    /// The rows, in the order drawn.
    pub rows: Vec<Row>,
    /// The x axis, for lines and columns over a field.
    pub x: Option<XAxis>,
    /// The heading of the rows' column in the table.
    pub row_header: String,
    /// Measures highlighted by name, by index.
    pub highlighted_measures: Vec<usize>,
}

impl ChartData {
    /// The unit every measure shares (the first one's: they must agree but in small multiples).
    pub fn unit(&self) -> &str {
        self.measures.first().map_or("", |m| m.unit.as_str())
    }
}

/// Reads the rows and measures a chart draws.
pub fn select(site: &ResolvedSite, spec: &ChartSpec, lang: &str) -> Result<ChartData, Problem> {
    let collection = site.data.get(&spec.data).ok_or_else(|| {
        Problem::new(format!("no collection or series is called `{}`", spec.data)).with_hint(
            crate::suggest::did_you_mean(&spec.data, site.data.keys().map(String::as_str))
                .unwrap_or_else(|| "declare it in site.yaml's `collections` or `series`".into()),
        )
    })?;
    let measures = measures(collection, spec, lang)?;
    let x = x_field(collection, spec)?;
    for filter in &spec.filters {
        if collection.field(&filter.field).is_none() && filter.field != "id" {
            return Err(unknown_field(collection, &filter.field, |_| true));
        }
    }
    let entries = kept_entries(collection, spec, lang)?;
    let label_field = spec.label.as_deref();
    if let Some(name) = label_field
        && collection.field(name).is_none()
    {
        return Err(unknown_field(collection, name, |_| true));
    }
    let mut rows: Vec<Row> = entries
        .into_iter()
        .filter_map(|entry| {
            row(
                collection,
                entry,
                &measures,
                x.map(|f| f.name.as_str()),
                label_field,
                lang,
            )
        })
        .collect();
    check_values(&rows, &measures, spec)?;
    sort_rows(&mut rows, spec, x.is_some());
    let highlighted_measures = highlight(&mut rows, &measures, spec)?;
    let x_axis = x.map(|field| XAxis {
        label: field.title(lang).to_string(),
        unit: field.unit(lang).unwrap_or_default().to_string(),
        dates: field.kind == FieldType::Date,
    });
    let row_header = row_header(collection, x_axis.as_ref(), label_field, lang);
    Ok(ChartData {
        measures,
        rows,
        x: x_axis,
        row_header,
        highlighted_measures,
    })
}

/// The entries a chart shows: those `ids` names (each must exist), or all, kept by the filters.
fn kept_entries<'c>(
    collection: &'c Collection,
    spec: &ChartSpec,
    lang: &str,
) -> Result<Vec<&'c DataEntry>, Problem> {
    let mut entries: Vec<&DataEntry> = if spec.ids.is_empty() {
        collection.entries.iter().collect()
    } else {
        spec.ids
            .iter()
            .map(|id| {
                collection.get(id).ok_or_else(|| Problem {
                    message: format!("no `{}` entry has the id `{id}`", spec.data),
                    hint: crate::suggest::did_you_mean(id, collection.ids()),
                })
            })
            .collect::<Result<_, _>>()?
    };
    entries.retain(|entry| spec.filters.iter().all(|f| keeps(entry, f, lang)));
    Ok(entries)
}

/// Every measure must have a value in some row: a measure with none would draw an empty chart.
fn check_values(rows: &[Row], measures: &[Measure], spec: &ChartSpec) -> Result<(), Problem> {
    for (i, measure) in measures.iter().enumerate() {
        if rows.iter().all(|row| row.values[i].is_none()) {
            let which = if spec.filters.is_empty() && spec.ids.is_empty() {
                String::new()
            } else {
                " among the entries this chart keeps".to_string()
            };
            return Err(Problem::new(format!(
                "`{}` has no values in `{}`{which}: the chart would be empty",
                measure.field, spec.data
            ))
            .with_hint(format!(
                "give the entries a `{}`, or chart another field",
                measure.field
            )));
        }
    }
    Ok(())
}

/// The heading of the rows' column in the table: the x axis's label, else the label of the
/// field naming the rows, or else the collection's label; never a field's raw name, which is in
/// no reader's language.
fn row_header(
    collection: &Collection,
    x_axis: Option<&XAxis>,
    label_field: Option<&str>,
    lang: &str,
) -> String {
    let named_by = label_field.or(collection.config.title_field.as_deref());
    match (x_axis, named_by.and_then(|name| collection.field(name))) {
        (Some(axis), _) => axis.label.clone(),
        (None, Some(field)) if field.label.has(lang) => field.title(lang).to_string(),
        _ => collection.config.title(lang).to_string(),
    }
}

fn is_number(field: &FieldConfig) -> bool {
    matches!(field.kind, FieldType::Number | FieldType::Integer)
}

fn unknown_field(
    collection: &Collection,
    name: &str,
    fits: impl Fn(&FieldConfig) -> bool,
) -> Problem {
    let candidates: Vec<&str> = collection
        .config
        .fields
        .iter()
        .filter(|f| fits(f))
        .map(|f| f.name.as_str())
        .collect();
    let hint =
        crate::suggest::did_you_mean(name, candidates.iter().copied()).unwrap_or_else(|| {
            if candidates.is_empty() {
                "it has no field of that kind".to_string()
            } else {
                format!("its fields of that kind are {}", candidates.join(", "))
            }
        });
    Problem::new(format!(
        "`{}` has no field `{name}`",
        collection.config.name
    ))
    .with_hint(hint)
}

/// The number fields drawn, checked: they exist, are numbers, and share a unit (but in small
/// multiples, where each has its own axis).
fn measures(
    collection: &Collection,
    spec: &ChartSpec,
    lang: &str,
) -> Result<Vec<Measure>, Problem> {
    let names: Vec<String> = if spec.fields.is_empty() {
        match &collection.config.series_x {
            Some(x) => collection
                .config
                .fields
                .iter()
                .filter(|f| is_number(f) && &f.name != x)
                .map(|f| f.name.clone())
                .collect(),
            None => {
                return Err(Problem::new("`chart` needs `field`").with_hint(format!(
                    "the number fields of `{}`: {}",
                    spec.data,
                    number_fields(collection).join(", ")
                )));
            }
        }
    } else {
        spec.fields.clone()
    };
    let mut measures = Vec::with_capacity(names.len());
    for (i, name) in names.iter().enumerate() {
        let field = collection
            .field(name)
            .filter(|f| is_number(f))
            .ok_or_else(|| {
                let mut problem = unknown_field(collection, name, is_number);
                problem.message = if collection.field(name).is_some() {
                    format!("`{name}` is not a number field of `{}`", spec.data)
                } else {
                    format!("`{}` has no number field `{name}`", spec.data)
                };
                problem
            })?;
        let color = spec
            .colors
            .get(i)
            .copied()
            .unwrap_or_else(|| (i % usize::from(PALETTE_SIZE)) as u8 + 1);
        measures.push(Measure {
            field: name.clone(),
            label: field.title(lang).to_string(),
            unit: field.unit(lang).unwrap_or_default().to_string(),
            color,
        });
    }
    if spec.kind != Kind::Multiples
        && let Some(other) = measures.iter().find(|m| m.unit != measures[0].unit)
    {
        let shown = |u: &str| {
            if u.is_empty() {
                "no unit".to_string()
            } else {
                format!("`{u}`")
            }
        };
        return Err(Problem::new(format!(
            "`{}` ({}) and `{}` ({}) have different units: one axis cannot show both",
            measures[0].field,
            shown(&measures[0].unit),
            other.field,
            shown(&other.unit)
        ))
        .with_hint("draw them side by side with `type=\"multiples\"`, or in two charts"));
    }
    Ok(measures)
}

fn number_fields(collection: &Collection) -> Vec<&str> {
    collection
        .config
        .fields
        .iter()
        .filter(|f| is_number(f))
        .map(|f| f.name.as_str())
        .collect()
}

/// The x field: `x` if given, else a series' own; lines need one.
fn x_field<'c>(
    collection: &'c Collection,
    spec: &ChartSpec,
) -> Result<Option<&'c FieldConfig>, Problem> {
    let fits = |f: &FieldConfig| is_number(f) || f.kind == FieldType::Date;
    let name = match (&spec.x, &collection.config.series_x) {
        (Some(x), _) => Some(x.as_str()),
        (None, Some(x)) if matches!(spec.kind, Kind::Line | Kind::Column) => Some(x.as_str()),
        _ => None,
    };
    match name {
        Some(name) => collection
            .field(name)
            .filter(|f| fits(f))
            .map(Some)
            .ok_or_else(|| unknown_field(collection, name, fits)),
        None if spec.kind == Kind::Line => {
            let dates: Vec<&str> = collection
                .config
                .fields
                .iter()
                .filter(|f| f.kind == FieldType::Date)
                .map(|f| f.name.as_str())
                .collect();
            Err(
                Problem::new("a line chart needs `x`: a date or number field").with_hint(
                    if dates.is_empty() {
                        "draw a series (site.yaml `series`), or give `x=\"…\"`".to_string()
                    } else {
                        format!("e.g. `x=\"{}\"`", dates[0])
                    },
                ),
            )
        }
        None => Ok(None),
    }
}

fn row(
    collection: &Collection,
    entry: &DataEntry,
    measures: &[Measure],
    x: Option<&str>,
    label_field: Option<&str>,
    lang: &str,
) -> Option<Row> {
    let values: Vec<Option<f64>> = measures
        .iter()
        .map(|m| match entry.fields.get(&m.field) {
            Some(FieldValue::Number(n)) if n.is_finite() => Some(*n),
            Some(FieldValue::Integer(n)) => Some(*n as f64),
            _ => None,
        })
        .collect();
    if values.iter().all(Option::is_none) {
        return None;
    }
    let x = match x {
        Some(name) => Some(match entry.fields.get(name)? {
            FieldValue::Date(d) => XValue::Date(*d),
            FieldValue::Number(n) => XValue::Number(*n),
            FieldValue::Integer(n) => XValue::Number(*n as f64),
            _ => return None,
        }),
        None => None,
    };
    let label = match (label_field, x) {
        (Some(field), _) => entry
            .fields
            .get(field)
            .map_or_else(|| entry.id.clone(), |v| value_text(v, lang)),
        (None, Some(x)) if collection.config.series_x.is_some() => x_text(&x, lang),
        _ => collection.title(entry, lang),
    };
    Some(Row {
        id: entry.id.clone(),
        label,
        x,
        values,
        highlighted: false,
    })
}

/// An x value written the language's way: `marzo 2024`, `1,5`.
pub fn x_text(x: &XValue, lang: &str) -> String {
    match x {
        XValue::Date(date) => crate::render::chart::format::date_text(date, lang),
        XValue::Number(n) => crate::render::numbers::format_value(*n, lang),
    }
}

/// A field's value as text, to compare with a filter or name a row.
fn value_text(value: &FieldValue, lang: &str) -> String {
    match value {
        FieldValue::String(s) | FieldValue::Ref(s) => s.clone(),
        FieldValue::Text(texts) => texts.get(lang).cloned().unwrap_or_default(),
        FieldValue::Integer(n) => n.to_string(),
        FieldValue::Number(n) => n.to_string(),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::Date(d) => d.to_string(),
        FieldValue::List(items) | FieldValue::Refs(items) => items.join(", "),
        FieldValue::TextList(lists) => lists.get(lang).map(|l| l.join(", ")).unwrap_or_default(),
    }
}

fn keeps(entry: &DataEntry, filter: &Filter, lang: &str) -> bool {
    let matches = if filter.field == "id" {
        entry.id == filter.value
    } else {
        match entry.fields.get(&filter.field) {
            Some(FieldValue::List(items) | FieldValue::Refs(items)) => {
                items.contains(&filter.value)
            }
            Some(value) => value_text(value, lang) == filter.value,
            None => filter.value.is_empty() || filter.value == "false",
        }
    };
    matches != filter.negate
}

fn sort_rows(rows: &mut [Row], spec: &ChartSpec, over_x: bool) {
    let first = |row: &Row| row.values.first().copied().flatten();
    let by_value = |a: &Row, b: &Row| match (first(a), first(b)) {
        (Some(x), Some(y)) => x.total_cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    };
    let default = if over_x || !spec.ids.is_empty() {
        Sort::None
    } else {
        Sort::Desc
    };
    if over_x {
        rows.sort_by(|a, b| {
            let (a, b) = (a.x.map(|x| x.position()), b.x.map(|x| x.position()));
            a.unwrap_or_default().total_cmp(&b.unwrap_or_default())
        });
        return;
    }
    match spec.sort.unwrap_or(default) {
        Sort::Desc => rows.sort_by(|a, b| by_value(b, a).then_with(|| a.label.cmp(&b.label))),
        Sort::Asc => rows.sort_by(|a, b| by_value(a, b).then_with(|| a.label.cmp(&b.label))),
        Sort::Label => rows.sort_by(|a, b| a.label.cmp(&b.label)),
        Sort::None => {}
    }
}

/// Marks the highlighted rows; returns the highlighted measures. Each name must be a row's id
/// or a measure's field.
fn highlight(
    rows: &mut [Row],
    measures: &[Measure],
    spec: &ChartSpec,
) -> Result<Vec<usize>, Problem> {
    let mut fields = Vec::new();
    for name in &spec.highlight {
        if let Some(i) = measures.iter().position(|m| &m.field == name) {
            fields.push(i);
            continue;
        }
        let Some(row) = rows.iter_mut().find(|r| &r.id == name) else {
            let known = rows
                .iter()
                .map(|r| r.id.as_str())
                .chain(measures.iter().map(|m| m.field.as_str()));
            return Err(Problem::new(format!(
                "`highlight` names `{name}`, which this chart does not draw"
            ))
            .with_hint(
                crate::suggest::did_you_mean(name, known).unwrap_or_else(|| {
                    "name the id of an entry the chart shows, or one of its fields".to_string()
                }),
            ));
        };
        row.highlighted = true;
    }
    Ok(fields)
}
