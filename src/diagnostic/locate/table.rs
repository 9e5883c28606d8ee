//! The index of a CSV data file: the same paths as its YAML form (`[row, column]`, with
//! `name.it` read as `[row, "name", "it"]`, and the `;`-separated items of a list cell), each at
//! its cell; a column's name (for an unknown field) is at its header cell.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::AtomicUsize;

use super::{KeyEntry, Kind, Node, YamlIndex};

impl YamlIndex {
    /// Indexes a CSV file.
    pub(crate) fn from_table(text: &str) -> Self {
        let spans = cell_spans(text);
        let mut nodes = vec![node(Kind::Sequence, 0)];
        let mut keys: HashMap<(usize, String), KeyEntry> = HashMap::new();
        let Some((header, rows)) = spans.split_first() else {
            return finish(nodes, keys);
        };
        let names: Vec<String> = header
            .iter()
            .map(|span| text[span.clone()].trim_matches('"').trim().to_string())
            .collect();
        for row in rows {
            let row_id = nodes.len();
            nodes.push(node(Kind::Mapping, row.first().map_or(0, |s| s.start)));
            nodes[0].items.push(row_id);
            for ((name, cell), head) in names.iter().zip(row).zip(header) {
                let (parent, key) = match name.split_once('.') {
                    Some((field, lang)) => {
                        let sub = match keys.get(&(row_id, field.to_string())) {
                            Some(entry) => entry.value,
                            None => {
                                let sub = nodes.len();
                                nodes.push(node(Kind::Mapping, cell.start));
                                keys.insert((row_id, field.to_string()), entry(head.start, sub));
                                sub
                            }
                        };
                        (sub, lang.to_string())
                    }
                    None => (row_id, name.clone()),
                };
                let cell_id = nodes.len();
                let items: Vec<&str> = text[cell.clone()].split(';').collect();
                let mut cell_node = node(Kind::Sequence, cell.start);
                cell_node.items = (1..=items.len()).map(|n| cell_id + n).collect();
                nodes.push(cell_node);
                let mut at = cell.start;
                for item in items {
                    let lead = item.len() - item.trim_start().len();
                    nodes.push(node(Kind::Scalar, at + lead));
                    at += item.len() + 1;
                }
                keys.entry((parent, key))
                    .or_insert(entry(head.start, cell_id));
            }
        }
        finish(nodes, keys)
    }
}

fn node(kind: Kind, offset: usize) -> Node {
    Node {
        offset,
        in_flow: true,
        items: Vec::new(),
        kind,
    }
}

fn entry(offset: usize, value: usize) -> KeyEntry {
    KeyEntry {
        offset,
        in_flow: true,
        value,
    }
}

fn finish(nodes: Vec<Node>, keys: HashMap<(usize, String), KeyEntry>) -> YamlIndex {
    YamlIndex {
        nodes,
        keys,
        complete: true,
        fallback_walks: AtomicUsize::new(0),
    }
}

/// The byte span of every cell of every line (the header's first), quotes included, leading and
/// trailing spaces left out; empty lines are skipped, as the `csv` crate skips them.
pub fn cell_spans(text: &str) -> Vec<Vec<Range<usize>>> {
    let bytes = text.as_bytes();
    let mut i = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut line_has_cells = false;
    while i <= bytes.len() {
        // One cell from `i`.
        let start = i;
        let mut j = i;
        if bytes.get(j) == Some(&b'"') {
            j += 1;
            while j < bytes.len() {
                if bytes[j] == b'"' {
                    if bytes.get(j + 1) == Some(&b'"') {
                        j += 2;
                        continue;
                    }
                    j += 1;
                    break;
                }
                j += 1;
            }
        }
        while j < bytes.len() && bytes[j] != b',' && bytes[j] != b'\n' {
            j += 1;
        }
        let raw = &text[start..j];
        let lead = raw.len() - raw.trim_start().len();
        let trimmed = raw.trim();
        let cell = start + lead..start + lead + trimmed.len();
        let ends_line = j >= bytes.len() || bytes[j] == b'\n';
        if !trimmed.is_empty() || !ends_line || !row.is_empty() {
            line_has_cells = true;
        }
        row.push(cell);
        if ends_line {
            if line_has_cells {
                rows.push(std::mem::take(&mut row));
            } else {
                row.clear();
            }
            line_has_cells = false;
        }
        i = j + 1;
    }
    rows
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::SourceFile;
    use crate::diagnostic::locate::{Step, locate};

    #[test]
    fn cells_are_located_by_their_yaml_path() {
        let text = "id,name.it,name.en,refs\nh100,H100,H-100,a; b\n";
        let source = SourceFile::new("content/data/chips.csv", text);
        let at = |path: &[Step]| locate(&source, path).map(|s| source.line_col(s.start));
        let key = |k: &str| Step::Key(k.to_string());
        assert_eq!(at(&[Step::Index(0), key("id")]), Some((2, 1)));
        assert_eq!(at(&[Step::Index(0), key("name"), key("en")]), Some((2, 11)));
        assert_eq!(
            at(&[Step::Index(0), key("refs"), Step::Index(1)]),
            Some((2, 20))
        );
        assert_eq!(
            at(&[Step::Index(0), Step::KeyName("refs".into())]),
            Some((1, 20))
        );
        assert_eq!(at(&[Step::Index(1)]), None);
    }
}
