//! Tests of the YAML locator: the index must place every path where serde_yaml's own walk does.

use super::scalar::scalar_len;
use super::walk::{flow_depth, walk};
use super::*;

const CHIPS: &str = "- id: h100\n  vendor: nvidia\n- id: trainium2\n  name: {it: Trainium2, en: Trainium2}\n  vendor: amazn\n  refs: [a, bogus]\n";

fn place(path: &[Step]) -> Option<(usize, usize, String)> {
    let source = SourceFile::new("chips.yaml", CHIPS);
    let span = locate(&source, path)?;
    let (line, column) = source.line_col(span.start);
    Some((line, column, source.text[span].to_string()))
}

#[test]
fn finds_a_scalar_value() {
    let path = [Step::Index(1), Step::Key("vendor".into())];
    assert_eq!(place(&path), Some((5, 11, "amazn".into())));
}

#[test]
fn finds_an_item_in_a_flow_list() {
    let path = [Step::Index(1), Step::Key("refs".into()), Step::Index(1)];
    assert_eq!(place(&path).map(|p| (p.0, p.2)), Some((6, "bogus".into())));
}

#[test]
fn finds_a_key() {
    let path = [Step::Index(1), Step::KeyName("name".into())];
    assert_eq!(place(&path), Some((4, 3, "name".into())));
}

#[test]
fn a_plain_value_with_commas_is_underlined_whole_outside_flow_lists() {
    let source = SourceFile::new("c.yaml", "- id: a\n  tags: training, aws # two\n");
    let path = [Step::Index(0), Step::Key("tags".into())];
    let span = locate(&source, &path).expect("found");
    assert_eq!(&source.text[span], "training, aws");
    assert_eq!(scalar_len("a, b]", true), 1);
    assert_eq!(scalar_len("a, b", false), 4);
    assert_eq!(flow_depth("  refs: [a, \"[b\", "), 1);
    assert_eq!(flow_depth("  name: {it: x}, "), 0);
}

#[test]
fn a_missing_path_is_none() {
    assert_eq!(place(&[Step::Index(7)]), None);
}

/// Every path into `value`: each item, each key's value, each key.
fn paths(value: &serde_yaml::Value, prefix: &[Step], out: &mut Vec<Vec<Step>>) {
    out.push(prefix.to_vec());
    let step = |step: Step| {
        let mut path = prefix.to_vec();
        path.push(step);
        path
    };
    match value {
        serde_yaml::Value::Sequence(items) => {
            for (i, item) in items.iter().enumerate() {
                paths(item, &step(Step::Index(i)), out);
            }
            out.push(step(Step::Index(items.len())));
        }
        serde_yaml::Value::Mapping(map) => {
            for (key, item) in map {
                let name = match key {
                    serde_yaml::Value::String(s) => s.clone(),
                    serde_yaml::Value::Bool(b) => b.to_string(),
                    serde_yaml::Value::Null => "null".to_string(),
                    serde_yaml::Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                        (Some(u), _) => u.to_string(),
                        (_, Some(i)) => i.to_string(),
                        _ => n.as_f64().unwrap_or_default().to_string(),
                    },
                    _ => continue,
                };
                out.push(step(Step::KeyName(name.clone())));
                paths(item, &step(Step::Key(name)), out);
            }
            out.push(step(Step::Key("no-such-key".into())));
        }
        _ => {}
    }
}

/// YAML shapes the index must place exactly where serde_yaml's own walk does.
const SHAPES: &[&str] = &[
    CHIPS,
    "title: x\ndate: 2024-01-02\ntags: [a, b, c]\n",
    "- id: a\n  name: {it: \"Uno, due\", en: 'One'}\n  refs:\n    - x\n    - y\n",
    "a:\n  b:\n    c: [1, 2, {d: e}]\n  f: |\n    block\n    text\n  g: >\n    folded\n",
    "list:\n- a\n- b: c\n  d: e\n-   - nested\n    - list\n",
    "\"quoted key\": 1\n'single': two\nplain key: three four\n",
    "1: one\ntrue: yes\nnull: nothing\n0x10: hex\n1.5: float\n",
    "empty:\nnext: 1\nflow_empty: []\nmap_empty: {}\n",
    "base: &b {x: 1, y: [2, 3]}\nuse: *b\nscalar: &s hello\nagain: *s\n",
    "tagged: !!str 12\nseq: !!seq [a]\nanchored: &m\n  k: v\n",
    "multi: line\n  plain scalar\nafter: x # comment\n# full comment\nlast: 'it''s'\n",
    "- [a, [b, c], {d: [e]}]\n- - x\n  - y\n-\n  id: z\n",
    "text: \"Perché è così: sì\"\nnext: città è\nflow: [è, à]\n",
    "---\nafter_marker: 1\n",
    "crlf: 1\r\nlist:\r\n  - a\r\n",
    "? complex\n: value\n? [a, b]\n: other\n",
    "url: https://example.org/a#b\nwith_colon: a:b\nwith_hash: a#b\n",
    "lit: |-2 # a | comment > here\n\n   kept\nfold: >+\n  x\n\nseq:\n  - |\n    item\n  - >\n    other\n",
    "a: |\nb: empty block\nc: >\n\nd: end\n",
    "- \n- x\n-\n- y: \n  z:\n",
    "flow: {a: , b: 1, c}\nlist: [a, b: , c]\nnulls: {x: ~, y: null}\n",
    "outer:\n- inner:\n  - a\n  - b\n  other: 1\n- c\n",
    "indented:\n    - a\n    - b\nkey: &anchor\n- x\n",
    "vendor:\nname: x\n",
    "# comment first\n\n- id: a # trailing\n  # between\n  v: 1\n",
    "a: 'multi\n  line'\nb: \"esc\\\"aped\"\n",
];

#[test]
fn a_plain_value_in_a_flow_list_over_lines_ends_at_its_comma() {
    let text = "flow:\n  [a,\n   b]\nmap: {\n  k: v }\n";
    let source = SourceFile::new("flow.yaml", text);
    for (path, expected) in [
        (vec![Step::Key("flow".into()), Step::Index(1)], "b"),
        (vec![Step::Key("map".into()), Step::Key("k".into())], "v"),
    ] {
        let span = locate(&source, &path).expect("found");
        assert_eq!(&text[span.clone()], expected);
        // The walk started there too; it only read the line, which leaves the flow unseen.
        assert_eq!(walk(&source, &path).map(|s| s.start), Some(span.start));
    }
}

#[test]
fn the_first_of_equal_keys_is_found_as_the_walk_finds_it() {
    let source = SourceFile::new("dup.yaml", "dup: 1\ndup: 2\n");
    for path in [
        vec![Step::Key("dup".into())],
        vec![Step::KeyName("dup".into())],
    ] {
        assert_eq!(locate(&source, &path), walk(&source, &path));
    }
    assert_eq!(locate(&source, &[Step::Key("dup".into())]), Some(5..6));
}

/// The bundled site's YAML: what real data looks like.
const BUNDLED: &[&str] = &[
    include_str!("../../../site.yaml"),
    include_str!("../../../content/data/chips.yaml"),
    include_str!("../../../content/data/companies.yaml"),
    include_str!("../../../content/data/glossary.yaml"),
    include_str!("../../../content/data/sources.yaml"),
    include_str!("../../../content/data/timeline.yaml"),
];

#[test]
fn the_index_places_every_path_where_the_walk_does() {
    let mut wrong = Vec::new();
    for shape in SHAPES {
        compare_with_the_walk(shape, 1, &mut wrong);
    }
    // Every path of these matched when this was written; a sample keeps the test quick, as
    // the walk parses the file once per path.
    for text in BUNDLED {
        compare_with_the_walk(text, 41, &mut wrong);
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Compares every `step`-th path of `text` placed by the index and by the walk.
fn compare_with_the_walk(text: &str, step: usize, wrong: &mut Vec<String>) {
    let source = SourceFile::new("shape.yaml", text);
    let value: serde_yaml::Value = serde_yaml::from_str(text).expect("valid shape");
    let mut all = Vec::new();
    paths(&value, &[], &mut all);
    assert!(
        YamlIndex::new(text).complete,
        "saphyr-parser read all of {text:?}"
    );
    for path in all.into_iter().step_by(step) {
        let walked = walk(&source, &path);
        let indexed = locate(&source, &path);
        if walked != indexed {
            let excerpt: String = text.chars().take(60).collect();
            wrong.push(format!(
                "{path:?} in {excerpt:?}: walk {walked:?}, index {indexed:?}"
            ));
        }
    }
}
