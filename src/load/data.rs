//! content/data/: YAML files made available to templates as `data.<name>`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::load::content::{CONTENT_DIR, DATA_DIR, read_source};
use crate::load::yaml;

/// Every data file, by name (the file stem), parsed as plain YAML.
pub type DataFiles = BTreeMap<String, serde_yaml::Value>;

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
    let results: Vec<Result<(String, serde_yaml::Value), Diagnostic>> = files
        .par_iter()
        .map(|(name, path)| {
            let display = Path::new(CONTENT_DIR)
                .join(DATA_DIR)
                .join(path.file_name().unwrap_or_default());
            let source = read_source(path, &display)?;
            let value: serde_yaml::Value = yaml::parse_file(&source)?;
            Ok((name.clone(), value))
        })
        .collect();
    let mut data = DataFiles::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok((name, value)) => {
                data.insert(name, value);
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
