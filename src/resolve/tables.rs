//! CSV data files typed by their schema, and series given their row numbers as ids, before the
//! data is checked ([`crate::resolve::data`]): a cell of a `number` field becomes a number, of a
//! `bool` field `true` or `false`, of a `list` or `refs` field a list (items separated by `;`);
//! a cell that does not read as its type stays text, which the check then reports at the cell.
//! Columns are checked here, once each, at their header cell: an unknown field, a language the
//! site does not have.

use serde_yaml::{Mapping, Value as Yaml};

use crate::diagnostic::Diagnostic;
use crate::diagnostic::locate::cell_spans;
use crate::load::config::{CollectionConfig, FieldType, SiteConfig};
use crate::load::data::{DataFile, DataFiles};
use crate::load::table::{Table, insert};

/// Types every CSV file, and numbers the rows of every series; returns the problems of columns.
pub fn type_tables(config: &SiteConfig, files: &mut DataFiles) -> Vec<Diagnostic> {
    let schemas = crate::resolve::data::schemas(config);
    let languages = config.language_codes();
    let mut problems = Vec::new();
    for (name, file) in files.iter_mut() {
        let Some(schema) = schemas.iter().find(|s| &s.name == name) else {
            continue;
        };
        if let Some(table) = file.table.clone() {
            let (value, found) = typed(&table, schema, &languages, file);
            file.value = value;
            problems.extend(found);
        }
        if schema.series_x.is_some() {
            number_rows(&mut file.value);
        }
    }
    problems
}

/// A series' rows have no ids: each gets its line number (from 1) unless it has one.
fn number_rows(value: &mut Yaml) {
    let Yaml::Sequence(rows) = value else { return };
    for (i, row) in rows.iter_mut().enumerate() {
        if let Yaml::Mapping(map) = row
            && !map.contains_key("id")
        {
            map.insert(Yaml::from("id"), Yaml::from((i + 1).to_string()));
        }
    }
}

/// The table as typed YAML, and the problems of its columns.
fn typed(
    table: &Table,
    schema: &CollectionConfig,
    languages: &[&str],
    file: &DataFile,
) -> (Yaml, Vec<Diagnostic>) {
    let header = cell_spans(&file.source.text)
        .into_iter()
        .next()
        .unwrap_or_default();
    let mut problems = Vec::new();
    let mut kinds: Vec<Option<FieldType>> = Vec::new();
    for (i, column) in table.columns.iter().enumerate() {
        let span = header.get(i).cloned().unwrap_or(0..0);
        let (field_name, lang) = column
            .split_once('.')
            .map_or((column.as_str(), None), |(f, l)| (f, Some(l)));
        if field_name == "id" && lang.is_none() {
            kinds.push(Some(FieldType::String));
            continue;
        }
        let Some(field) = schema.fields.iter().find(|f| f.name == field_name) else {
            let names = schema.fields.iter().map(|f| f.name.as_str());
            problems.push(
                Diagnostic::error(format!("unknown field `{field_name}` in `{}`", schema.name))
                    .at(&file.source, span)
                    .with_hint(
                        crate::suggest::did_you_mean(field_name, names).unwrap_or_else(|| {
                            let list: Vec<String> = schema
                                .fields
                                .iter()
                                .map(|f| format!("`{}`", f.name))
                                .collect();
                            format!("its columns may be `id`, {}", list.join(", "))
                        }),
                    ),
            );
            kinds.push(None);
            continue;
        };
        if let Some(lang) = lang
            && !languages.contains(&lang)
        {
            problems.push(
                Diagnostic::error(format!(
                    "`{lang}` in the column `{column}` is not a language of the site"
                ))
                .at(&file.source, span)
                .with_hint(format!("the site's languages are {}", languages.join(", "))),
            );
            kinds.push(None);
            continue;
        }
        kinds.push(Some(field.kind));
    }
    let rows = table
        .rows
        .iter()
        .map(|cells| {
            let mut row = Mapping::new();
            for ((column, cell), kind) in table.columns.iter().zip(cells).zip(&kinds) {
                if let (Some(kind), false) = (kind, cell.is_empty()) {
                    insert(&mut row, column, cell_value(cell, *kind));
                }
            }
            Yaml::Mapping(row)
        })
        .collect();
    (Yaml::Sequence(rows), problems)
}

/// A cell as the YAML value of its field's type, or as text when it does not read as one.
fn cell_value(cell: &str, kind: FieldType) -> Yaml {
    let text = || Yaml::String(cell.to_string());
    match kind {
        FieldType::Integer => cell.parse::<i64>().map_or_else(|_| text(), Yaml::from),
        FieldType::Number => parse_number(cell).map_or_else(text, Yaml::from),
        FieldType::Bool => match cell {
            "true" => Yaml::Bool(true),
            "false" => Yaml::Bool(false),
            _ => text(),
        },
        FieldType::List | FieldType::Refs | FieldType::TextList => Yaml::Sequence(
            cell.split(';')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(|item| Yaml::String(item.to_string()))
                .collect(),
        ),
        _ => text(),
    }
}

/// A decimal number as a data desk writes it (`-1.25`, `3e9`): never `NaN` or `inf`, which
/// Rust's parser would take.
fn parse_number(cell: &str) -> Option<f64> {
    let digits = cell.trim_start_matches(['-', '+']);
    let plain = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'));
    cell.parse::<f64>().ok().filter(|n| plain && n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_strict() {
        assert_eq!(parse_number("3.35"), Some(3.35));
        assert_eq!(parse_number("-1e3"), Some(-1000.0));
        assert_eq!(parse_number("NaN"), None);
        assert_eq!(parse_number("inf"), None);
        assert_eq!(parse_number("3,35"), None);
        assert_eq!(
            cell_value("a; b", FieldType::Refs),
            Yaml::Sequence(vec!["a".into(), "b".into()])
        );
        assert_eq!(
            cell_value("fast", FieldType::Number),
            Yaml::String("fast".into())
        );
    }
}
