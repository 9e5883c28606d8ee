//! content/data/: YAML and CSV files made available to templates as `data.<name>`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::load::content::{CONTENT_DIR, DATA_DIR, read_source};
use crate::load::walk::{Loaded, Walk, loaded};
use crate::load::yaml;

/// Every data file, by name (the file stem).
pub type DataFiles = BTreeMap<String, DataFile>;

/// One data file: its text (to locate errors) and its YAML value.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// The file's text.
    pub source: crate::diagnostic::SourceFile,
    /// The parsed YAML (for a CSV file, its rows as a list of maps; null when the file is
    /// broken).
    pub value: serde_yaml::Value,
    /// For a CSV file, its cells as read (typed by the resolve stage, which knows the schema).
    pub table: Option<std::sync::Arc<crate::load::table::Table>>,
    /// Whether the file could not be read or parsed (its error is reported): the collection is
    /// then taken as having no entries, and what names its entries is not reported again.
    pub broken: bool,
}

/// Templates see a data file as its YAML value.
impl serde::Serialize for DataFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Reads every `content/data/*.yaml` (and `.yml`, and `.csv`) file, in parallel.
pub fn load_data(root: &Path) -> Loaded<DataFiles> {
    let walked = Walk::new(root, root.join(CONTENT_DIR).join(DATA_DIR))
        .top_level()
        .run();
    let files: Vec<(String, PathBuf)> = walked
        .files
        .into_iter()
        .filter_map(|path| Some((data_name(&path)?, path)))
        .collect();
    let results: Vec<(String, DataFile, Option<Diagnostic>)> = files
        .par_iter()
        .map(|(name, path)| {
            let display = Path::new(CONTENT_DIR)
                .join(DATA_DIR)
                .join(path.file_name().unwrap_or_default());
            let (file, problem) = read_data_file(path, &display);
            (name.clone(), file, problem)
        })
        .collect();
    let mut data = DataFiles::new();
    let mut problems = walked.errors;
    for (name, file, problem) in results {
        problems.extend(problem);
        if let Some(other) = data.get(&name) {
            problems.push(
                Diagnostic::error(format!("two data files are called `{name}`"))
                    .in_file(file.source.path.clone())
                    .with_note(format!("the other is {}", other.source.path.display()))
                    .with_hint("keep one of them: a CSV file or a YAML file"),
            );
            continue;
        }
        data.insert(name, file);
    }
    loaded(data, problems, walked.warnings)
}

/// Reads and parses one data file (YAML, or CSV as a table); a file that cannot be read or
/// parsed is a broken placeholder and its error.
fn read_data_file(path: &Path, display: &Path) -> (DataFile, Option<Diagnostic>) {
    let source = match read_source(path, display) {
        Ok(source) => source,
        Err(problem) => {
            let source = crate::diagnostic::SourceFile::new(display, "");
            return (broken(source), Some(problem));
        }
    };
    if path.extension().is_some_and(|e| e == "csv") {
        return match crate::load::table::read_table(&source) {
            Ok(table) => (
                DataFile {
                    source,
                    value: table.to_yaml(),
                    table: Some(std::sync::Arc::new(table)),
                    broken: false,
                },
                None,
            ),
            Err(problem) => (broken(source), Some(problem)),
        };
    }
    match yaml::parse_file(&source) {
        Ok(value) => (
            DataFile {
                source,
                value,
                table: None,
                broken: false,
            },
            None,
        ),
        Err(problem) => (broken(source), Some(problem)),
    }
}

fn broken(source: crate::diagnostic::SourceFile) -> DataFile {
    DataFile {
        source,
        value: serde_yaml::Value::Null,
        table: None,
        broken: true,
    }
}

/// The name templates know a data file by (its stem), if it is a YAML or CSV file.
fn data_name(path: &Path) -> Option<String> {
    let extension = path.extension()?.to_str()?;
    if extension != "yaml" && extension != "yml" && extension != "csv" {
        return None;
    }
    Some(path.file_stem()?.to_str()?.to_string())
}
