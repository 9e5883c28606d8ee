//! The layout of src/ as docs/architecture.md draws it: every `crate::` path points to a module
//! of a lower floor (the stages in pipeline order, with the ground floor under them), and no
//! source file or function grows past what a reader takes in at once.
//!
//! It reads the sources as text: a `crate::name` anywhere outside a comment counts as a use of
//! the top-level module `name`, which is stricter than the compiler's view and needs no tool.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The longest a source file may be, tests included.
const MAX_FILE_LINES: usize = 600;
/// The longest a function may be, from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 80;

/// Each top-level module of src/ and its floor: a module may only use modules of lower floors.
/// Modules of one floor never use each other, which keeps the ground floor (0) self-contained.
const FLOORS: &[(&str, u8)] = &[
    ("markdown", 0),
    ("diagnostic", 0),
    ("suggest", 0),
    ("load", 1),
    ("images", 2),
    ("resolve", 2),
    ("stamp", 2),
    ("render", 3),
    ("write", 4),
    ("pipeline", 5),
    ("incremental", 6),
    ("console", 6),
    ("translate", 6),
    ("init", 6),
    ("serve", 7),
];

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).expect("src/ is readable");
        for entry in entries {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                folders.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file of src/ belongs to (`render` for src/render/chart/bars.rs).
fn top_module(file: &Path) -> String {
    let relative = file.strip_prefix(src()).expect("a file of src/");
    let first = relative
        .components()
        .next()
        .expect("a path below src/")
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules a text names through `crate::`, outside comments.
fn crate_uses(text: &str) -> BTreeSet<String> {
    let mut uses = BTreeSet::new();
    for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
        for (at, _) in line.match_indices("crate::") {
            let name: String = line[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                uses.insert(name);
            }
        }
    }
    uses
}

fn floor(module: &str) -> Option<u8> {
    FLOORS.iter().find(|(m, _)| *m == module).map(|(_, f)| *f)
}

#[test]
fn every_use_of_the_crate_points_down() {
    let mut wrong = Vec::new();
    for file in rust_files(&src()) {
        let module = top_module(&file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(own) = floor(&module) else {
            wrong.push(format!(
                "{}: module `{module}` has no floor in tests/architecture.rs",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("a source file");
        for used in crate_uses(&text).into_iter().filter(|u| *u != module) {
            match floor(&used) {
                Some(theirs) if theirs < own => {}
                _ => wrong.push(format!(
                    "{}: `{module}` uses `crate::{used}`, which is not on a lower floor",
                    file.display()
                )),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layout:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn every_top_level_module_has_a_floor() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).expect("src/lib.rs");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .chain(lib.lines().filter_map(|l| l.trim().strip_prefix("mod ")))
        .map(|m| m.trim_end_matches(';'))
        .collect();
    assert!(!declared.is_empty());
    for module in declared {
        assert!(floor(module).is_some(), "`{module}` has no floor");
    }
}

/// Files outside load/ and write/ that may read files, and why.
const OTHER_READERS: &[(&str, &str)] = &[
    (
        "stamp.rs",
        "hashes the files of the output folder, which write made",
    ),
    (
        "init/mod.rs",
        "looks into the folder a new site is to be written to",
    ),
];

/// The code of a file without its test module (tests read what they like).
fn without_tests(text: &str) -> &str {
    text.find("#[cfg(test)]\nmod tests {")
        .map_or(text, |at| &text[..at])
}

#[test]
fn only_load_reads_the_site() {
    let readers = [
        "fs::read(",
        "fs::read_to_string(",
        "fs::read_dir(",
        "File::open(",
    ];
    let mut wrong = Vec::new();
    for file in rust_files(&src()) {
        let relative = file.strip_prefix(src()).expect("a file of src/");
        let name = relative.to_string_lossy().replace('\\', "/");
        let stage = top_module(&file);
        if stage == "load" || stage == "write" || name.ends_with("tests.rs") {
            continue;
        }
        if OTHER_READERS.iter().any(|(allowed, _)| *allowed == name) {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a source file");
        for reader in readers {
            if without_tests(&text).contains(reader) {
                wrong.push(format!(
                    "{name} calls {reader}…): read through crate::load::read"
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "files read outside load:\n{}",
        wrong.join("\n")
    );
}

/// The functions of a text longer than `MAX_FN_LINES`: `(name, first line, length)`. A function
/// ends at the first line that is its indentation followed by `}`.
fn long_functions(text: &str) -> Vec<(String, usize, usize)> {
    let lines: Vec<&str> = text.lines().collect();
    let mut long = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let indent = &line[..line.len() - line.trim_start().len()];
        let rest = line.trim_start();
        let rest = rest
            .strip_prefix("pub(crate) ")
            .or_else(|| rest.strip_prefix("pub "))
            .unwrap_or(rest);
        let rest = rest.strip_prefix("const ").unwrap_or(rest);
        let Some(signature) = rest.strip_prefix("fn ") else {
            continue;
        };
        let name: String = signature
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if !has_body(&lines[i..]) {
            continue;
        }
        let closing = format!("{indent}}}");
        let end = lines[i + 1..].iter().position(|l| *l == closing.as_str());
        if let Some(end) = end {
            let length = end + 2;
            if length > MAX_FN_LINES {
                long.push((name, i + 1, length));
            }
        }
    }
    long
}

/// Whether the function whose signature starts the first line has a body: a `{` comes before a
/// `;` (a trait's declaration has none).
fn has_body(lines: &[&str]) -> bool {
    for c in lines.iter().flat_map(|l| l.chars()) {
        match c {
            '{' => return true,
            ';' => return false,
            _ => {}
        }
    }
    false
}

#[test]
fn files_and_functions_stay_short() {
    let mut wrong = Vec::new();
    for file in rust_files(&src()) {
        let text = std::fs::read_to_string(&file).expect("a source file");
        let lines = text.lines().count();
        if lines > MAX_FILE_LINES {
            wrong.push(format!(
                "{}: {lines} lines (at most {MAX_FILE_LINES})",
                file.display()
            ));
        }
        for (name, line, length) in long_functions(&text) {
            wrong.push(format!(
                "{}:{line}: fn {name} is {length} lines (at most {MAX_FN_LINES})",
                file.display()
            ));
        }
    }
    assert!(wrong.is_empty(), "too long:\n{}", wrong.join("\n"));
}

#[test]
fn the_checks_see_what_they_look_for() {
    // The readers above are plain text scans: make sure they find what they should.
    let uses = crate_uses("use crate::load::x;\n// crate::render\nlet a = crate::resolve::f();");
    assert_eq!(
        uses.into_iter().collect::<Vec<_>>(),
        ["load".to_string(), "resolve".to_string()]
    );
    let body = "    x();\n".repeat(MAX_FN_LINES);
    let text = format!(
        "pub fn long() {{\n{body}}}\nfn short() {{\n}}\ntrait T {{\n    fn declared(&self);\n{body}}}\n"
    );
    let long = long_functions(&text);
    assert_eq!(long, [("long".to_string(), 1, MAX_FN_LINES + 2)]);
}
