//! The corpus is deterministic and shaped as the benchmark says. No timing here.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use spiega_bench_corpus::{Config, LinkStyle, SECTIONS, TAGS, body_words, generate, plan, write_to};

fn collect(cfg: &Config) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    generate(cfg, &mut |rel, bytes| {
        assert!(files.insert(rel.to_string(), bytes.to_vec()).is_none(), "{rel} written twice");
        Ok(())
    })
    .unwrap();
    files
}

fn cfg(pages: usize, seed: u64) -> Config {
    Config { pages, seed, links: LinkStyle::Internal }
}

fn read_tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(root, root, &mut out);
    out
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("spiega-corpus-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&d);
    d
}

#[test]
fn same_seed_gives_the_same_bytes() {
    assert_eq!(collect(&cfg(300, 7)), collect(&cfg(300, 7)));
}

#[test]
fn same_seed_gives_the_same_tree_on_disk() {
    let (a, b) = (scratch("a"), scratch("b"));
    let n = write_to(&cfg(120, 99), &a).unwrap();
    // Writing over an existing corpus replaces it: same bytes, no leftovers.
    write_to(&cfg(50, 1), &b).unwrap();
    write_to(&cfg(120, 99), &b).unwrap();
    let (ta, tb) = (read_tree(&a), read_tree(&b));
    assert_eq!(ta.len(), n);
    assert_eq!(ta, tb);
    assert_eq!(ta, collect(&cfg(120, 99)));
    fs::remove_dir_all(&a).unwrap();
    fs::remove_dir_all(&b).unwrap();
}

#[test]
fn different_seeds_differ() {
    let (a, b) = (collect(&cfg(100, 1)), collect(&cfg(100, 2)));
    assert_eq!(a.len(), b.len());
    let differing = a.iter().filter(|(k, v)| b.get(*k) != Some(v)).count();
    // Every page differs; the templates and configuration do not.
    assert!(differing >= 200, "only {differing} files differ");
}

fn pages_of(files: &BTreeMap<String, Vec<u8>>, site: &str) -> Vec<(String, String)> {
    files
        .iter()
        .filter(|(k, _)| {
            k.starts_with(&format!("{site}/content/")) && !k.ends_with("/_index.md")
        })
        .map(|(k, v)| (k.clone(), String::from_utf8(v.clone()).unwrap()))
        .collect()
}

fn split_front_matter(text: &str) -> (serde_yaml::Value, &str) {
    let rest = text.strip_prefix("---\n").expect("front matter opens the file");
    let end = rest.find("\n---\n").expect("front matter closes");
    let fm: serde_yaml::Value = serde_yaml::from_str(&rest[..end]).expect("front matter is YAML");
    (fm, &rest[end + 5..])
}

#[test]
fn pages_sections_and_tags_are_as_specified() {
    let n = 1000;
    let files = collect(&cfg(n, 42));
    for site in ["spiega", "hugo"] {
        let pages = pages_of(&files, site);
        assert_eq!(pages.len(), n, "{site}: page count");
        let mut per_section = BTreeMap::new();
        for (path, _) in &pages {
            let sec = path.split('/').nth(2).unwrap().to_string();
            *per_section.entry(sec).or_insert(0usize) += 1;
        }
        assert_eq!(per_section.len(), 10, "{site}: ten sections");
        for (dir, _, _) in SECTIONS {
            assert!(files.contains_key(&format!("{site}/content/{dir}/_index.md")));
        }
        let sizes: Vec<usize> = per_section.values().copied().collect();
        let (min, max) = (*sizes.iter().min().unwrap(), *sizes.iter().max().unwrap());
        assert!(max >= 5 * min, "{site}: sections should be uneven: {per_section:?}");
        assert!(files.contains_key(&format!("{site}/content/_index.md")));
    }
    let metas = plan(&cfg(n, 42));
    let mut used = [false; 50];
    for m in &metas {
        assert!((1..=3).contains(&m.tags.len()));
        let mut t = m.tags.clone();
        t.dedup();
        assert_eq!(t.len(), m.tags.len(), "distinct tags");
        for &t in &m.tags {
            used[t] = true;
        }
    }
    assert!(used.iter().all(|&u| u), "all 50 tags are used at 1,000 pages");
    assert_eq!(TAGS.len(), 50);
}

#[test]
fn front_matter_parses_as_yaml_for_both_sites() {
    let files = collect(&cfg(200, 5));
    let tags: Vec<&str> = TAGS.to_vec();
    for site in ["spiega", "hugo"] {
        for (path, text) in pages_of(&files, site) {
            let (fm, _) = split_front_matter(&text);
            assert!(fm["title"].as_str().is_some_and(|t| !t.is_empty()), "{path}: title");
            assert!(fm["description"].as_str().is_some(), "{path}: description");
            let date = fm["date"].as_str().expect("date is a YYYY-MM-DD string");
            assert!(date.len() == 10 && &date[4..5] == "-" && &date[7..8] == "-", "{path}: {date}");
            assert!(("2015-01-01"..="2025-12-31").contains(&date), "{path}: {date}");
            let t = if site == "spiega" { &fm["taxonomies"]["tags"] } else { &fm["tags"] };
            let t = t.as_sequence().unwrap_or_else(|| panic!("{path}: tags"));
            assert!((1..=3).contains(&t.len()), "{path}: {} tags", t.len());
            for v in t {
                assert!(tags.contains(&v.as_str().unwrap()));
            }
        }
        for (path, v) in files.iter().filter(|(k, _)| k.ends_with("_index.md")) {
            split_front_matter(std::str::from_utf8(v).unwrap());
            assert!(path.starts_with("spiega/") || path.starts_with("hugo/"));
        }
    }
    let site: serde_yaml::Value =
        serde_yaml::from_slice(&files["spiega/site.yaml"]).expect("site.yaml is YAML");
    assert_eq!(site["feed"].as_bool(), Some(false));
    assert_eq!(site["extra"]["nav"].as_sequence().unwrap().len(), 10);
    let hugo = String::from_utf8(files["hugo/hugo.toml"].clone()).unwrap();
    assert!(hugo.contains("disableKinds = [\"RSS\"]") && hugo.contains("enableRobotsTXT = true"));
}

/// Words of prose: whitespace-separated tokens with a letter, outside code blocks.
fn prose_words(body: &str) -> usize {
    let mut in_code = false;
    let mut n = 0;
    for line in body.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
            continue;
        }
        if !in_code {
            n += line.split_whitespace().filter(|w| w.chars().any(|c| c.is_alphabetic())).count();
        }
    }
    n
}

#[test]
fn bodies_have_the_specified_shape() {
    let c = cfg(300, 11);
    let files = collect(&c);
    let metas = plan(&c);
    let mut quotes = 0;
    for (path, text) in pages_of(&files, "spiega") {
        let (_, body) = split_front_matter(&text);
        let words = prose_words(body);
        assert!((500..=1000).contains(&words), "{path}: {words} words");
        assert!(body.contains("\n## "), "{path}: heading");
        assert!(body.contains("\n- "), "{path}: list");
        assert!(body.contains("|---|---:|---|"), "{path}: table");
        assert!(body.contains("```rust\n"), "{path}: code block");
        assert!(body.contains("[^1]\n") && body.contains("\n[^1]: "), "{path}: footnote");
        assert!(body.matches("](@/").count() >= 2, "{path}: links to other pages");
        assert!(body.contains('*'), "{path}: emphasis");
        if body.contains("\n> ") {
            quotes += 1;
        }
    }
    assert!(quotes > 30 && quotes < 150, "blockquote on some pages: {quotes}/300");
    // The generator's own count agrees with the test's.
    for m in metas.iter().take(20) {
        let text = String::from_utf8(
            files[&format!("spiega/content/{}/{}.md", SECTIONS[m.section].0, m.slug)].clone(),
        )
        .unwrap();
        let (_, body) = split_front_matter(&text);
        assert_eq!(prose_words(body), body_words(&c, m), "{}", m.slug);
    }
}

#[test]
fn both_sites_have_the_same_pages_and_links() {
    let files = collect(&cfg(150, 3));
    let s = pages_of(&files, "spiega");
    let h = pages_of(&files, "hugo");
    for ((ps, ts), (ph, th)) in s.iter().zip(&h) {
        assert_eq!(&ps["spiega".len()..], &ph["hugo".len()..]);
        let (fs_, bs) = split_front_matter(ts);
        let (fh, bh) = split_front_matter(th);
        assert_eq!(fs_["title"], fh["title"]);
        assert_eq!(fs_["date"], fh["date"]);
        assert_eq!(fs_["taxonomies"]["tags"], fh["tags"]);
        assert_eq!(bs.matches("](@/").count(), bh.matches("]({{< relref \"/").count(), "{ps}");
        // Apart from link targets, the bodies are the same text.
        let strip = |b: &str, open: &str, close: &str| {
            let mut out = String::new();
            let mut rest = b;
            while let Some(i) = rest.find(open) {
                out.push_str(&rest[..i]);
                let j = rest[i..].find(close).unwrap();
                rest = &rest[i + j + close.len()..];
            }
            out.push_str(rest);
            out
        };
        assert_eq!(strip(bs, "](@/", ".md)"), strip(bh, "]({{< relref", ">}})"), "{ps}");
    }
    // Every link target exists.
    for (_, text) in &s {
        for part in text.split("](@/").skip(1) {
            let target = &part[..part.find(')').unwrap()];
            assert!(files.contains_key(&format!("spiega/content/{target}")), "{target}");
        }
    }
}

#[test]
fn plain_links_are_urls_in_both() {
    let c = Config { pages: 50, seed: 3, links: LinkStyle::Plain };
    let files = collect(&c);
    for (_, text) in pages_of(&files, "spiega").iter().chain(&pages_of(&files, "hugo")) {
        assert!(!text.contains("](@/") && !text.contains("relref"));
        assert!(text.contains("](/"));
    }
}

/// FNV-1a over the content files of a small corpus. This pins the PRNG streams and the page
/// text, so figures from different commits are measured on the same corpus. If a change to
/// the generator is intended, update the constant and say so in bench/README.md.
#[test]
fn content_is_pinned() {
    let files = collect(&cfg(40, 42));
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (k, v) in files.iter().filter(|(k, _)| k.contains("/content/")) {
        for b in k.as_bytes().iter().chain(v.iter()) {
            h ^= *b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    assert_eq!(format!("{h:016x}"), "9a8f1f56df6f64e3");
}
