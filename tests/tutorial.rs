//! docs/tutorial.md, followed word for word: every ```sh block is run in order in a fresh
//! folder (`spiega` is this build's binary, `cd` changes folder), with the exit code the block
//! says (`exit=1`, else 0); every block with `file=PATH` writes that file (or appends to it with
//! `append`); a ```console block right after a failing command must show that command's error
//! (its `error:` line and its `-->` location). Blocks without either are illustrations.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// One fenced block of the tutorial.
struct Block {
    info: String,
    text: String,
}

fn blocks(markdown: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut lines = markdown.lines();
    while let Some(line) = lines.next() {
        let Some(info) = line.strip_prefix("```") else {
            continue;
        };
        let mut text = String::new();
        for inner in lines.by_ref() {
            if inner.starts_with("```") {
                break;
            }
            text.push_str(inner);
            text.push('\n');
        }
        blocks.push(Block {
            info: info.trim().to_string(),
            text,
        });
    }
    blocks
}

/// The value of `key=value` in a block's info string.
fn option<'a>(info: &'a str, key: &str) -> Option<&'a str> {
    info.split_whitespace()
        .find_map(|word| word.strip_prefix(key)?.strip_prefix('='))
}

fn run_line(cwd: &Path, line: &str) -> Run {
    let words: Vec<&str> = line.split_whitespace().collect();
    let Some((&"spiega", args)) = words.split_first() else {
        panic!("the tutorial runs `{line}`, which is not a spiega command");
    };
    let output = spiega()
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("spiega runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn the_tutorial_works_as_written() {
    let tutorial = read_text(&Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/tutorial.md"));
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut cwd: PathBuf = dir.path().to_path_buf();
    let mut last_failure: Option<Run> = None;
    let mut commands = 0;
    let mut files = 0;
    for block in blocks(&tutorial) {
        let language = block.info.split_whitespace().next().unwrap_or_default();
        if let Some(path) = option(&block.info, "file") {
            let path = cwd.join(path);
            let mut text = if block.info.split_whitespace().any(|w| w == "append") {
                read_text(&path)
            } else {
                String::new()
            };
            text.push_str(&block.text);
            std::fs::write(&path, text).expect("write a tutorial file");
            files += 1;
            continue;
        }
        if language == "console" {
            if let Some(failure) = last_failure.take() {
                for line in block
                    .text
                    .lines()
                    .filter(|l| l.starts_with("error:") || l.trim_start().starts_with("-->"))
                {
                    assert!(
                        failure.stderr.contains(line.trim()),
                        "the tutorial shows `{line}`, Spiega printed:\n{}",
                        failure.stderr
                    );
                }
            }
            continue;
        }
        if language != "sh" {
            continue;
        }
        let expected: i32 = option(&block.info, "exit").map_or(0, |c| c.parse().unwrap_or(-1));
        for line in block.text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            if let Some(folder) = line.strip_prefix("cd ") {
                cwd = cwd.join(folder.trim());
                continue;
            }
            let run = run_line(&cwd, line);
            commands += 1;
            assert_eq!(
                run.code, expected,
                "`{line}` exited {}:\n{}{}",
                run.code, run.stdout, run.stderr
            );
            if expected != 0 {
                last_failure = Some(run);
            }
        }
    }
    assert!(commands >= 8, "only {commands} commands run");
    assert!(files >= 6, "only {files} files written");
    // What the tutorial says the reader now has.
    let public = cwd.join("public");
    for file in [
        "index.html",
        "it/index.html",
        "places/market-square/index.html",
        "it/places/market-square/index.html",
        "visit/index.html",
        "it/visit/index.html",
        "timeline/places/market-square/index.html",
    ] {
        assert!(public.join(file).is_file(), "public/{file} is missing");
    }
    let council =
        scraper::Html::parse_document(&read_text(&public.join("builders/council/index.html")));
    assert!(
        attrs(&council, "section.referrers a", "href")
            .iter()
            .any(
                |href| href == "https://example.org/my-explainer/places/market-square/"
                    || href.ends_with("/places/market-square/")
            ),
        "the council's page does not list the new place"
    );
    let visit = scraper::Html::parse_document(&read_text(&public.join("it/visit/index.html")));
    let terms = texts(&visit, "a.glossary-term");
    assert!(terms.iter().any(|t| t == "impalcato"), "{terms:?}");
}
