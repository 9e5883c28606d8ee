//! content/data/: YAML files made available to templates as `data.<name>`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::load::content::{CONTENT_DIR, DATA_DIR, read_source};
use crate::load::yaml;

/// Every data file, by name (the file stem).
pub type DataFiles = BTreeMap<String, DataFile>;

/// One data file: its text (to locate errors) and its YAML value.
#[derive(Debug, Clone)]
pub struct DataFile {
    /// The file's text.
    pub source: crate::diagnostic::SourceFile,
    /// The parsed YAML.
    pub value: serde_yaml::Value,
}

/// Templates see a data file as its YAML value.
impl serde::Serialize for DataFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// Reads every `content/data/*.yaml` (and `.yml`) file, in parallel.
pub fn load_data(root: &Path) -> Result<DataFiles, Vec<Diagnostic>> {
    let dir = root.join(CONTENT_DIR).join(DATA_DIR);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Ok(DataFiles::new());
    };
    let mut files: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let path = entry.path();
            let extension = path.extension()?.to_str()?;
            if extension != "yaml" && extension != "yml" {
                return None;
            }
            Some((path.file_stem()?.to_str()?.to_string(), path))
        })
        .collect();
    files.sort();
    let results: Vec<Result<(String, DataFile), Diagnostic>> = files
        .par_iter()
        .map(|(name, path)| {
            let display = Path::new(CONTENT_DIR)
                .join(DATA_DIR)
                .join(path.file_name().unwrap_or_default());
            let source = read_source(path, &display)?;
            let value: serde_yaml::Value = yaml::parse_file(&source)?;
            Ok((name.clone(), DataFile { source, value }))
        })
        .collect();
    let mut data = DataFiles::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok((name, file)) => {
                data.insert(name, file);
            }
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    if problems.is_empty() {
        Ok(data)
    } else {
        Err(problems)
    }
}
