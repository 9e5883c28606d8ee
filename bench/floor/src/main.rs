//! `floor SRC_CONTENT_DIR OUT_DIR`: the least a generator must do. Reads every `.md` under the
//! content folder, drops the front matter, renders the Markdown with pulldown-cmark (the options
//! Spiega enables by default) on rayon, and writes `OUT/<path>/index.html`. No templates, no
//! links, no lists, no sitemap. It is what the issue calls the floor.

use std::fs;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|x| x == "md") {
            out.push(p);
        }
    }
    Ok(())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: floor CONTENT_DIR OUT_DIR");
        std::process::exit(2);
    }
    let (src, out) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let mut files = Vec::new();
    walk(&src, &mut files).expect("read the content folder");
    let mut opts = Options::empty();
    opts.insert(Options::ENABLE_TABLES);
    opts.insert(Options::ENABLE_FOOTNOTES);
    opts.insert(Options::ENABLE_STRIKETHROUGH);
    opts.insert(Options::ENABLE_TASKLISTS);
    opts.insert(Options::ENABLE_SMART_PUNCTUATION);
    opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
    let written: usize = files
        .par_iter()
        .map(|path| {
            let text = fs::read_to_string(path).expect("read a page");
            let body = text
                .strip_prefix("---\n")
                .and_then(|r| r.find("\n---\n").map(|i| &r[i + 5..]))
                .unwrap_or(&text);
            let mut html_out = String::with_capacity(body.len() * 3 / 2);
            html::push_html(&mut html_out, Parser::new_ext(body, opts));
            let rel = path.strip_prefix(&src).unwrap().with_extension("");
            let dir = out.join(rel);
            fs::create_dir_all(&dir).expect("make the output folder");
            fs::write(dir.join("index.html"), html_out).expect("write a page");
            1
        })
        .sum();
    eprintln!("floor: {written} pages");
}
