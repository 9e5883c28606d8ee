//! content/data/: YAML files made available to templates as `data.<name>`.

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
    /// The parsed YAML (null when the file is broken).
    pub value: serde_yaml::Value,
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

/// Reads every `content/data/*.yaml` (and `.yml`) file, in parallel.
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
        data.insert(name, file);
        problems.extend(problem);
    }
    loaded(data, problems, walked.warnings)
}

/// Reads and parses one data file; a file that cannot be read or parsed is a broken placeholder
/// and its error.
fn read_data_file(path: &Path, display: &Path) -> (DataFile, Option<Diagnostic>) {
    let source = match read_source(path, display) {
        Ok(source) => source,
        Err(problem) => {
            let source = crate::diagnostic::SourceFile::new(display, "");
            return (broken(source), Some(problem));
        }
    };
    match yaml::parse_file(&source) {
        Ok(value) => (
            DataFile {
                source,
                value,
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
        broken: true,
    }
}

/// The name templates know a data file by (its stem), if it is a YAML file.
fn data_name(path: &Path) -> Option<String> {
    let extension = path.extension()?.to_str()?;
    if extension != "yaml" && extension != "yml" {
        return None;
    }
    Some(path.file_stem()?.to_str()?.to_string())
}
