//! CSV data files (`content/data/<name>.csv`): read with the `csv` crate, with the position of
//! every cell kept, so that the schema's errors are located at the cell (line and column) as
//! they are in YAML files.
//!
//! The first line names the columns. A column is a field (`memory_bandwidth`), or one language
//! of a translatable field (`name.it`, `name.en`); `id` is the entry's id (a series has none: its
//! lines are numbered). Cells are trimmed; an empty cell is an absent value. Typing the cells
//! needs the schema, so it is done by the resolve stage ([`crate::resolve::tables`]); until
//! then, templates would see texts.

use serde_yaml::{Mapping, Value as Yaml};

use crate::diagnostic::locate::cell_spans;
use crate::diagnostic::{Diagnostic, SourceFile};

/// A CSV file read: its columns and rows of cells, as texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The column names, from the first line.
    pub columns: Vec<String>,
    /// Each row's cells, one per column.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// The table as YAML: a list of maps from column (split at `.`) to the cell's text.
    pub fn to_yaml(&self) -> Yaml {
        let rows = self
            .rows
            .iter()
            .map(|cells| {
                let mut row = Mapping::new();
                for (column, cell) in self.columns.iter().zip(cells) {
                    if cell.is_empty() {
                        continue;
                    }
                    insert(&mut row, column, Yaml::String(cell.clone()));
                }
                Yaml::Mapping(row)
            })
            .collect();
        Yaml::Sequence(rows)
    }
}

/// Puts `value` at `column` of `row`: `name.it` is `it` in the map `name`.
pub fn insert(row: &mut Mapping, column: &str, value: Yaml) {
    match column.split_once('.') {
        Some((field, lang)) => {
            let key = Yaml::String(field.to_string());
            let entry = row
                .entry(key)
                .or_insert_with(|| Yaml::Mapping(Mapping::new()));
            if let Yaml::Mapping(map) = entry {
                map.insert(Yaml::String(lang.to_string()), value);
            }
        }
        None => {
            row.insert(Yaml::String(column.to_string()), value);
        }
    }
}

/// Reads a CSV file; an error is located at the line (and cell) where the file goes wrong.
pub fn read_table(source: &SourceFile) -> Result<Table, Diagnostic> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(source.text.as_bytes());
    let columns: Vec<String> = reader
        .headers()
        .map_err(|error| csv_error(source, &error))?
        .iter()
        .map(str::to_string)
        .collect();
    let layout = cell_spans(&source.text);
    let header_span = |i: usize| {
        layout
            .first()
            .and_then(|r| r.get(i))
            .cloned()
            .unwrap_or(0..0)
    };
    for (i, column) in columns.iter().enumerate() {
        if column.is_empty() {
            return Err(Diagnostic::error("a column has no name")
                .at(source, header_span(i))
                .with_hint("name every column in the first line (`id`, then the fields)"));
        }
        if let Some(first) = columns[..i].iter().position(|c| c == column) {
            let (line, _) = source.line_col(header_span(first).start);
            return Err(
                Diagnostic::error(format!("the column `{column}` is there twice"))
                    .at(source, header_span(i))
                    .with_note(format!(
                        "it is first named in column {} of line {line}",
                        first + 1
                    ))
                    .with_hint("give each column its own name"),
            );
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|error| csv_error(source, &error))?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(Table { columns, rows })
}

fn csv_error(source: &SourceFile, error: &csv::Error) -> Diagnostic {
    let (message, hint, offset) = match error.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => (
            format!("this line has {len} cells, but the first line names {expected_len} columns"),
            "give every line one cell per column (quote a cell that holds a comma: \"a, b\")",
            pos.as_ref().map_or(0, |p| p.byte() as usize),
        ),
        csv::ErrorKind::Utf8 { pos, .. } => (
            "this line is not valid UTF-8".to_string(),
            "save the file as UTF-8",
            pos.as_ref().map_or(0, |p| p.byte() as usize),
        ),
        _ => (format!("cannot read the CSV file: {error}"), "", 0),
    };
    let line_end = source.text[offset.min(source.text.len())..]
        .find('\n')
        .map_or(source.text.len(), |i| offset + i);
    let diagnostic = Diagnostic::error(message).at(source, offset..line_end.max(offset));
    if hint.is_empty() {
        diagnostic
    } else {
        diagnostic.with_hint(hint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_read_with_their_places() {
        let text = "id,name.it,bw\n h100 ,\"Nvidia, H100\",3.35\n\ntpu,TPU,\n";
        let source = SourceFile::new("content/data/chips.csv", text);
        let table = read_table(&source).expect("a table");
        assert_eq!(table.columns, ["id", "name.it", "bw"]);
        assert_eq!(table.rows[0], ["h100", "Nvidia, H100", "3.35"]);
        let spans = cell_spans(text);
        assert_eq!(spans.len(), 3);
        assert_eq!(&text[spans[1][0].clone()], "h100");
        assert_eq!(&text[spans[1][1].clone()], "\"Nvidia, H100\"");
        assert_eq!(&text[spans[2][0].clone()], "tpu");
        let yaml = table.to_yaml();
        assert_eq!(yaml[0]["name"]["it"], Yaml::String("Nvidia, H100".into()));
        assert!(yaml[1].get("bw").is_none());
    }

    #[test]
    fn a_short_line_is_an_error_at_its_line() {
        let source = SourceFile::new("d.csv", "id,a,b\nx,1,2\ny,1\n");
        let error = read_table(&source).expect_err("a short line");
        assert_eq!(error.position().1, 3);
        assert!(error.message.contains("2 cells"), "{}", error.message);
        let source = SourceFile::new("d.csv", "id,a,a\n");
        let error = read_table(&source).expect_err("a column twice");
        assert_eq!((error.position().1, error.position().2), (1, 6));
    }
}
