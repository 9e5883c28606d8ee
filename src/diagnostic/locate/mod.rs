//! Finds where a value sits in a YAML file.
//!
//! serde_yaml keeps no spans. So the first time a diagnostic needs a position in a file, the file
//! is read once more by saphyr-parser, an event parser that reports positions, and the position of
//! every node is kept in a [`YamlIndex`], cached with the file: locating N diagnostics in a file
//! costs one read of it, not N. saphyr-parser is a port of libyaml, which serde_yaml uses, so both
//! put a node at the same line and column (the tests check them against each other).
//!
//! Should saphyr-parser fail on a file serde_yaml read, the positions it could not index are found
//! the old way: the file is deserialized again with a seed that walks down the value's path and
//! fails right at it, and serde_yaml's error gives the position. That costs a parse per
//! diagnostic, so only [`FALLBACK_WALKS`] diagnostics per file are placed so.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::diagnostic::SourceFile;

mod build;
mod scalar;
mod table;
mod walk;

pub use table::cell_spans;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// The n-th item of a sequence.
    Index(usize),
    /// The value of a key in a mapping.
    Key(String),
    /// The key itself (for unknown keys).
    KeyName(String),
}

/// How many paths per file the slow walk may place when the index could not be built whole.
pub const FALLBACK_WALKS: usize = 64;

/// The byte span of the value (or key) at `path` in `source`, if the path exists. The span covers
/// a scalar's text when it starts there; otherwise it is empty at the value's start.
pub fn locate(source: &SourceFile, path: &[Step]) -> Option<Range<usize>> {
    locate_in(source, 0..source.text.len(), path)
}

/// [`locate`] for the YAML at `range` of `source` (a page's front matter); the span is in the
/// whole file.
pub fn locate_in(source: &SourceFile, range: Range<usize>, path: &[Step]) -> Option<Range<usize>> {
    let index = index_of(source, range.clone());
    let (offset, in_flow) = match index.find(path) {
        Lookup::Found(place) => place,
        Lookup::Absent => return None,
        Lookup::Unknown => return index.walk(source, range, path),
    };
    let start = range.start + offset;
    let rest = source.text.get(start..range.end)?;
    Some(start..start + scalar::scalar_len(rest, in_flow))
}

/// The index of the YAML at `range`, built once per file and kept with it.
fn index_of(source: &SourceFile, range: Range<usize>) -> Arc<YamlIndex> {
    let build = || {
        let text = source.text.get(range.clone()).unwrap_or_default();
        // A CSV data file is indexed by its cells, under the same paths as its YAML form.
        if source.path.extension().is_some_and(|e| e == "csv") {
            Arc::new(YamlIndex::from_table(text))
        } else {
            Arc::new(YamlIndex::new(text))
        }
    };
    let (cached_range, index) = source.yaml_cache().get_or_init(|| (range.clone(), build()));
    if *cached_range == range {
        Arc::clone(index)
    } else {
        build()
    }
}

/// Where every node of one YAML document is: each node's byte offset, each sequence's items and
/// each mapping's keys (the first of equal keys, which is the one serde_yaml's walk finds).
pub struct YamlIndex {
    nodes: Vec<Node>,
    keys: HashMap<(usize, String), KeyEntry>,
    /// Whether saphyr-parser read the whole document; if not, a missing path may still exist.
    complete: bool,
    fallback_walks: AtomicUsize,
}

struct Node {
    offset: usize,
    /// Inside a flow collection, where `,`, `]` and `}` end a plain scalar.
    in_flow: bool,
    items: Vec<usize>,
    kind: Kind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Scalar,
    Sequence,
    Mapping,
}

struct KeyEntry {
    offset: usize,
    in_flow: bool,
    value: usize,
}

/// What a path leads to: a byte offset, and whether it is inside a flow collection.
enum Lookup {
    Found((usize, bool)),
    Absent,
    /// Not in an index that is not whole.
    Unknown,
}

impl YamlIndex {
    fn find(&self, path: &[Step]) -> Lookup {
        let missing = if self.complete {
            Lookup::Absent
        } else {
            Lookup::Unknown
        };
        let mut id = 0;
        for step in path {
            let Some(node) = self.nodes.get(id) else {
                return missing;
            };
            let next = match (step, node.kind) {
                (Step::Index(i), Kind::Sequence) => node.items.get(*i).copied(),
                (Step::Key(name), Kind::Mapping) => {
                    self.keys.get(&(id, name.clone())).map(|entry| entry.value)
                }
                (Step::KeyName(name), Kind::Mapping) => {
                    // As in serde_yaml's walk, a key's name ends the path.
                    return match self.keys.get(&(id, name.clone())) {
                        Some(entry) => Lookup::Found((entry.offset, entry.in_flow)),
                        None => missing,
                    };
                }
                _ => None,
            };
            let Some(next) = next else {
                return missing;
            };
            id = next;
        }
        match self.nodes.get(id) {
            Some(node) => Lookup::Found((node.offset, node.in_flow)),
            None => missing,
        }
    }

    /// The slow way, for an index that is not whole, while the budget lasts.
    fn walk(
        &self,
        source: &SourceFile,
        range: Range<usize>,
        path: &[Step],
    ) -> Option<Range<usize>> {
        if self.fallback_walks.fetch_add(1, Ordering::Relaxed) >= FALLBACK_WALKS {
            return None;
        }
        let front = SourceFile::new(source.path.clone(), source.text.get(range.clone())?);
        walk::walk(&front, path).map(|span| range.start + span.start..range.start + span.end)
    }
}

#[cfg(test)]
mod tests;
