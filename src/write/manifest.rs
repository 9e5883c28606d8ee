//! The manifest (`.spiega-manifest`): the files Spiega wrote into the output folder, and the
//! stamp of the build that wrote them.

use std::collections::BTreeSet;
use std::io;
use std::path::Path;

use super::paths::is_output_path;
use super::{MANIFEST, WriteError};
use crate::stamp::BuildStamp;

const MANIFEST_HEADER: &str =
    "# Files written by `spiega build`. Spiega only removes files listed here.";

/// The stamp of the last build into `output`, if its inputs hash was `inputs` and every file it
/// wrote is still there as it left it: then a build would write nothing.
pub fn up_to_date(output: &Path, inputs: u64) -> Option<(BuildStamp, usize)> {
    let text = std::fs::read_to_string(output.join(MANIFEST)).ok()?;
    let stamp = BuildStamp::from_manifest(&text)?;
    if stamp.inputs != inputs {
        return None;
    }
    let files: Vec<String> = manifest_lines(&text).map(str::to_string).collect();
    if !files.iter().all(|file| is_output_path(file)) {
        return None;
    }
    let outputs = crate::stamp::outputs_hash(output, files.iter())?;
    (outputs == stamp.outputs).then_some((stamp, files.len()))
}

/// The manifest in `output`, if there is one.
pub(super) fn read_manifest(output: &Path) -> Result<Option<String>, WriteError> {
    let path = output.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(WriteError::Read { path, source }),
    }
}

/// The lines of a manifest that name files (its other lines are comments).
pub(super) fn manifest_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.is_empty())
}

/// The files a manifest lists that a write may touch: a line naming a path outside the output
/// folder (a hand-edited manifest) is ignored.
pub(super) fn listed_files(text: &str) -> BTreeSet<String> {
    manifest_lines(text)
        .filter(|line| is_output_path(line))
        .map(str::to_string)
        .collect()
}

/// The text of a manifest listing `files`, with the build `stamp` if there is one.
pub(super) fn manifest_text<'a>(
    files: impl Iterator<Item = &'a String>,
    stamp: Option<&BuildStamp>,
) -> String {
    let mut text = String::from(MANIFEST_HEADER);
    text.push('\n');
    if let Some(stamp) = stamp {
        text.push_str(&stamp.to_lines());
    }
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}
