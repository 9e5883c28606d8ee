//! `corpus --pages N --seed S --out DIR [--links internal|plain]`
//!
//! Writes DIR/spiega (a Spiega site) and DIR/hugo (the same pages as a Hugo site).

use std::path::PathBuf;
use std::process::ExitCode;

use spiega_bench_corpus::{Config, LinkStyle, write_to};

const USAGE: &str = "usage: corpus --pages N [--seed S] --out DIR [--links internal|plain]";

fn main() -> ExitCode {
    let mut pages: Option<usize> = None;
    let mut seed: u64 = 42;
    let mut out: Option<PathBuf> = None;
    let mut links = LinkStyle::Internal;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| match args.next() {
            Some(v) => Ok(v),
            None => Err(format!("{name} needs a value")),
        };
        let r: Result<(), String> = match a.as_str() {
            "--pages" => value("--pages").and_then(|v| {
                v.parse().map(|n| pages = Some(n)).map_err(|e| format!("--pages {v}: {e}"))
            }),
            "--seed" => value("--seed")
                .and_then(|v| v.parse().map(|n| seed = n).map_err(|e| format!("--seed {v}: {e}"))),
            "--out" => value("--out").map(|v| out = Some(PathBuf::from(v))),
            "--links" => value("--links").and_then(|v| match v.as_str() {
                "internal" => Ok(links = LinkStyle::Internal),
                "plain" => Ok(links = LinkStyle::Plain),
                _ => Err(format!("--links must be internal or plain, not {v}")),
            }),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            other => Err(format!("unknown argument {other}")),
        };
        if let Err(e) = r {
            eprintln!("corpus: {e}\n{USAGE}");
            return ExitCode::from(2);
        }
    }
    let (Some(pages), Some(out)) = (pages, out) else {
        eprintln!("corpus: --pages and --out are required\n{USAGE}");
        return ExitCode::from(2);
    };
    let cfg = Config { pages, seed, links };
    match write_to(&cfg, &out) {
        Ok(n) => {
            eprintln!("corpus: {pages} pages, seed {seed}: wrote {n} files under {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("corpus: {}: {e}", out.display());
            ExitCode::FAILURE
        }
    }
}
