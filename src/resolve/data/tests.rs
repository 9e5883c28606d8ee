//! Unit tests of the data checks: typed values, every mistake at its place, partial dates.

use super::*;
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::parse_config;
use crate::load::data::{DataFile, DataFiles};

const CONFIG: &str = "title: T\nbase_url: https://e.org/\ndefault_language: it\nlanguages: [{code: it}, {code: en}]\ncollections:\n  - name: companies\n    fields:\n      - {name: name, type: text, required: true}\n      - {name: kind, type: string, enum: [cloud, lab]}\n  - name: chips\n    fields:\n      - {name: name, type: text, required: true}\n      - {name: vendor, type: ref, collection: companies, required: true}\n      - {name: bandwidth, type: number, unit: TB/s}\n";

fn check(companies: &str, chips: &str) -> Result<DataSet, Vec<Diagnostic>> {
    let config = parse_config(&SourceFile::new("site.yaml", CONFIG)).expect("valid test config");
    let mut files = DataFiles::new();
    for (name, text) in [("companies", companies), ("chips", chips)] {
        let source = SourceFile::new(format!("content/data/{name}.yaml"), text);
        let value = serde_yaml::from_str(text).expect("valid test YAML");
        files.insert(
            name.to_string(),
            DataFile {
                source,
                value,
                table: None,
                broken: false,
            },
        );
    }
    let source = SourceFile::new("site.yaml", CONFIG);
    let (set, problems) = check_data(&config, &source, &files);
    if problems.is_empty() {
        Ok(set)
    } else {
        Err(problems)
    }
}

fn summary(errors: &[Diagnostic]) -> Vec<(String, usize, usize, String)> {
    errors
        .iter()
        .map(|e| {
            let (file, line, column) = e.position();
            let file = file.map(|f| f.display().to_string()).unwrap_or_default();
            (file, line, column, e.message.clone())
        })
        .collect()
}

#[test]
fn good_data_is_typed() {
    let set = check(
        "- id: nvidia\n  name: Nvidia\n",
        "- id: h100\n  name: {it: H100, en: H100}\n  vendor: nvidia\n  bandwidth: 3.35\n",
    )
    .expect("valid data");
    let chip = set["chips"].get("h100").expect("h100 exists");
    assert_eq!(chip.refs("vendor"), ["nvidia".to_string()]);
    assert_eq!(
        chip.fields.get("bandwidth"),
        Some(&FieldValue::Number(3.35))
    );
    assert_eq!(chip.text("name", "en"), Some("H100"));
}

#[test]
fn every_error_is_reported_at_its_value() {
    let companies = "- id: nvidia\n  name: Nvidia\n  kind: clod\n- id: nvidia\n  name: Again\n";
    let chips = "- id: h100\n  name: {it: H100}\n  vendor: nvida\n  bandwith: 3\n- id: tpu\n  vendor: nvidia\n  name: TPU\n  bandwidth: fast\n";
    let errors = check(companies, chips).err().unwrap_or_default();
    let found = summary(&errors);
    let expect = [
        (
            "content/data/companies.yaml",
            3,
            9,
            "`clod` is not an allowed value of `kind`",
        ),
        ("content/data/companies.yaml", 4, 7, "duplicate id `nvidia`"),
        (
            "content/data/chips.yaml",
            2,
            9,
            "`name` is missing its `en` translation",
        ),
        (
            "content/data/chips.yaml",
            4,
            3,
            "unknown field `bandwith` in `chips`",
        ),
        (
            "content/data/chips.yaml",
            8,
            14,
            "`bandwidth` must be a number (without its unit), not the text `fast`",
        ),
        (
            "content/data/chips.yaml",
            3,
            11,
            "no `companies` entry has the id `nvida`",
        ),
    ];
    for (file, line, column, message) in expect {
        assert!(
            found
                .iter()
                .any(|f| f.0 == file && f.1 == line && f.2 == column && f.3 == message),
            "missing {file}:{line}:{column} {message} in {found:#?}"
        );
    }
    let hint = errors
        .iter()
        .find(|e| e.message.contains("nvida"))
        .and_then(|e| e.hint.clone());
    assert_eq!(hint.as_deref(), Some("did you mean `nvidia`?"));
    assert_eq!(errors.len(), expect.len(), "{found:#?}");
}

#[test]
fn partial_dates_parse_strictly() {
    assert_eq!(
        PartialDate::parse("2024").map(|d| d.to_string()),
        Ok("2024".to_string())
    );
    assert_eq!(
        PartialDate::parse("2024-03").map(|d| d.to_string()),
        Ok("2024-03".to_string())
    );
    assert!(PartialDate::parse("2024-13").is_err());
    assert!(PartialDate::parse("2024-3").is_err());
    assert!(PartialDate::parse("2024-02-30").is_err());
    let order = PartialDate::parse("2024").ok() < PartialDate::parse("2024-03").ok();
    assert!(order);
}
