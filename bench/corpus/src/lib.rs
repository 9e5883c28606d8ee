//! Deterministic benchmark corpus for Spiega and Hugo.
//!
//! One seed gives one corpus, byte for byte, on every platform and toolchain: the only
//! randomness is [`Rng`] (SplitMix64), and every collection is walked in a fixed order.
//! The same pages are written twice: as a Spiega site (`spiega/`) and as a Hugo site (`hugo/`),
//! differing only where the two engines differ (front matter key for tags, internal link syntax,
//! configuration file and templates).

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The ten sections: (folder, title, share of the pages in percent). Uneven on purpose.
pub const SECTIONS: [(&str, &str, usize); 10] = [
    ("articles", "Articles", 25),
    ("guides", "Guides", 18),
    ("news", "News", 14),
    ("reviews", "Reviews", 11),
    ("tutorials", "Tutorials", 9),
    ("notes", "Notes", 7),
    ("essays", "Essays", 6),
    ("interviews", "Interviews", 4),
    ("reports", "Reports", 3),
    ("letters", "Letters", 3),
];

/// The fifty tags. Each is already a URL slug, so both engines give it the same URL.
pub const TAGS: [&str; 50] = [
    "rust", "go", "python", "web", "cloud", "linux", "databases", "security", "networking",
    "testing", "performance", "design", "accessibility", "typography", "markdown", "templates",
    "caching", "compilers", "parsers", "memory", "concurrency", "async", "storage", "search",
    "indexing", "metrics", "logging", "tracing", "deployment", "containers", "kubernetes",
    "serverless", "frontend", "backend", "css", "html", "javascript", "wasm", "graphics",
    "audio", "video", "mobile", "embedded", "robotics", "math", "statistics", "education",
    "history", "culture", "travel",
];

const WORDS: [&str; 157] = [
    "lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit", "sed", "do",
    "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore", "magna", "aliqua", "enim",
    "ad", "minim", "veniam", "quis", "nostrud", "exercitation", "ullamco", "laboris", "nisi",
    "aliquip", "ex", "ea", "commodo", "consequat", "duis", "aute", "irure", "in",
    "reprehenderit", "voluptate", "velit", "esse", "cillum", "fugiat", "nulla", "pariatur",
    "excepteur", "sint", "occaecat", "cupidatat", "non", "proident", "sunt", "culpa", "qui",
    "officia", "deserunt", "mollit", "anim", "id", "est", "laborum", "the", "a", "of", "and",
    "to", "is", "that", "for", "it", "with", "as", "on", "be", "at", "by", "this", "from", "or",
    "build", "page", "site", "section", "template", "render", "cache", "output", "input", "file",
    "folder", "thread", "core", "memory", "disk", "speed", "time", "budget", "measure", "result",
    "engine", "parser", "token", "stream", "buffer", "queue", "worker", "task", "batch", "graph",
    "node", "edge", "tree", "branch", "leaf", "root", "path", "link", "anchor", "heading",
    "table", "list", "quote", "note", "draft", "author", "editor", "reader", "writer", "story",
    "river", "mountain", "valley", "harbour", "island", "forest", "meadow", "bridge", "tower",
    "garden", "window", "lantern", "compass", "harvest", "signal", "winter", "summer", "autumn",
    "spring", "morning", "evening", "simple", "careful", "quick", "steady", "quiet", "bright",
];

const CODE_LINES: [&str; 12] = [
    "let pages = site.pages();",
    "for page in &pages {",
    "    let html = render(&page.content);",
    "    out.write_all(html.as_bytes())?;",
    "}",
    "fn render(input: &str) -> String {",
    "    input.lines().map(str::trim).collect()",
    "let total: usize = sizes.iter().sum();",
    "if total > budget { return Err(Error::TooBig(total)); }",
    "match kind { Kind::Page => 1, Kind::Section => 2 }",
    "println!(\"built {} pages\", count);",
    "// nothing to see here",
];

/// How internal links are written in page bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkStyle {
    /// Engine-native, resolved and checked at build time:
    /// Spiega `[text](@/section/page.md)`, Hugo `[text]({{< relref "/section/page.md" >}})`.
    Internal,
    /// Plain root-relative URLs in both: `[text](/section/page/)`.
    Plain,
}

/// What to generate.
#[derive(Clone, Copy, Debug)]
pub struct Config {
    pub pages: usize,
    pub seed: u64,
    pub links: LinkStyle,
}

/// SplitMix64: tiny, fast, well distributed, and fully specified here so streams never change.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0), by multiply-shift.
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

/// A stream of its own for each (seed, purpose, index), so pages do not depend on each other.
fn stream(seed: u64, purpose: u64, index: u64) -> Rng {
    let mut r = Rng::new(seed ^ purpose.wrapping_mul(0xD6E8_FEB8_6659_FD93));
    let a = r.next_u64();
    Rng::new(a ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// One page's metadata, shared by both sites.
#[derive(Clone, Debug)]
pub struct PageMeta {
    pub index: usize,
    pub section: usize,
    pub slug: String,
    pub title: String,
    pub date: String,
    pub description: String,
    pub tags: Vec<usize>,
}

/// How many pages each section gets: floor of its share, remainder to the largest first.
pub fn section_sizes(pages: usize) -> [usize; 10] {
    let mut sizes = [0usize; 10];
    for (i, s) in SECTIONS.iter().enumerate() {
        sizes[i] = pages * s.2 / 100;
    }
    let mut rest = pages - sizes.iter().sum::<usize>();
    let mut i = 0;
    while rest > 0 {
        sizes[i % 10] += 1;
        rest -= 1;
        i += 1;
    }
    sizes
}

/// Days since 1970-01-01 to a civil date (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = (z - era * 146_097) as u64;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe as i64 + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

const FIRST_DAY: i64 = 16_436; // 2015-01-01
const LAST_DAY: i64 = 20_453; // 2025-12-31

fn words(rng: &mut Rng, n: usize) -> Vec<&'static str> {
    (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect()
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

fn title_case(ws: &[&str]) -> String {
    ws.iter().map(|w| capitalize(w)).collect::<Vec<_>>().join(" ")
}

/// A sentence-cased run of words ending with a period.
fn sentence(rng: &mut Rng, n: usize) -> String {
    let ws = words(rng, n);
    let mut s = capitalize(ws[0]);
    for (i, w) in ws.iter().enumerate().skip(1) {
        if i + 1 < n && i % 7 == 6 && rng.chance(40) {
            s.push(',');
        }
        s.push(' ');
        s.push_str(w);
    }
    s.push('.');
    s
}

/// Metadata of every page, in index order.
pub fn plan(cfg: &Config) -> Vec<PageMeta> {
    let sizes = section_sizes(cfg.pages);
    let mut sections: Vec<usize> = Vec::with_capacity(cfg.pages);
    for (s, &n) in sizes.iter().enumerate() {
        sections.extend(std::iter::repeat_n(s, n));
    }
    let mut rng = stream(cfg.seed, 1, 0);
    // Fisher-Yates, so sections interleave in index order.
    for i in (1..sections.len()).rev() {
        let j = rng.below(i + 1);
        sections.swap(i, j);
    }
    (0..cfg.pages)
        .map(|index| {
            let mut r = stream(cfg.seed, 2, index as u64);
            let tw = r.range(3, 6);
            let title = title_case(&words(&mut r, tw));
            let (y, m, d) = civil_from_days(FIRST_DAY + r.below((LAST_DAY - FIRST_DAY + 1) as usize) as i64);
            let date = format!("{y:04}-{m:02}-{d:02}");
            let dw = r.range(8, 16);
            let description = sentence(&mut r, dw);
            let ntags = r.range(1, 3);
            let mut tags: Vec<usize> = Vec::with_capacity(ntags);
            while tags.len() < ntags {
                // Skewed: low-numbered tags are more common, like real sites.
                let u = r.below(1 << 16) as u64;
                let t = ((u * u * TAGS.len() as u64) >> 32) as usize;
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            tags.sort_unstable();
            PageMeta {
                index,
                section: sections[index],
                slug: format!("page-{index:05}"),
                title,
                date,
                description,
                tags,
            }
        })
        .collect()
}

/// A piece of a page body: text, or an internal link rendered per engine.
enum Piece {
    Text(String),
    Link { text: String, target: usize },
}

struct Body {
    pieces: Vec<Piece>,
    /// Prose words (not code), counted as they are generated.
    words: usize,
}

impl Body {
    fn text(&mut self, s: &str) {
        if let Some(Piece::Text(t)) = self.pieces.last_mut() {
            t.push_str(s);
        } else {
            self.pieces.push(Piece::Text(s.to_string()));
        }
    }
}

/// A paragraph of about `n` words, with some emphasis and maybe a link.
fn paragraph(rng: &mut Rng, body: &mut Body, n: usize, link_to: Option<(usize, usize)>) {
    let mut left = n;
    let link_at = link_to.map(|(_, _)| rng.below(n.max(1)));
    let mut done = 0;
    let mut first = true;
    while left > 0 {
        let len = rng.range(6, 14).min(left);
        let ws = words(rng, len);
        for (i, w) in ws.iter().enumerate() {
            if !first {
                body.text(" ");
            }
            let word = if i == 0 { capitalize(w) } else { (*w).to_string() };
            if link_at == Some(done) {
                let (target, tlen) = link_to.unwrap();
                let extra = words(rng, tlen - 1);
                let mut text = word.clone();
                for e in extra {
                    text.push(' ');
                    text.push_str(e);
                }
                body.pieces.push(Piece::Link { text, target });
                body.words += tlen;
            } else {
                match rng.below(40) {
                    0 => body.text(&format!("*{word}*")),
                    1 => body.text(&format!("**{word}**")),
                    2 => body.text(&format!("`{word}`")),
                    _ => body.text(&word),
                }
                body.words += 1;
            }
            first = false;
            done += 1;
        }
        body.text(".");
        left -= len;
    }
    body.text("\n\n");
}

fn body(cfg: &Config, meta: &PageMeta) -> Body {
    let mut rng = stream(cfg.seed, 3, meta.index as u64);
    let mut b = Body { pieces: Vec::new(), words: 0 };
    let target = rng.range(500, 900);
    let nlinks_wanted = rng.range(2, 4);
    let mut links = 0;
    let pick_target = |rng: &mut Rng| {
        if cfg.pages <= 1 {
            return None;
        }
        let mut t = rng.below(cfg.pages - 1);
        if t >= meta.index {
            t += 1;
        }
        Some((t, rng.range(1, 3)))
    };

    // Intro, with the footnote reference.
    let n = rng.range(40, 80);
    paragraph(&mut rng, &mut b, n, None);
    if let Some(Piece::Text(t)) = b.pieces.last_mut() {
        // "... word.\n\n" -> "... word.[^1]\n\n"
        t.truncate(t.len() - 2);
        t.push_str("[^1]\n\n");
    }

    let mut specials: Vec<u8> = vec![b'l', b't', b'c'];
    if rng.chance(30) {
        specials.push(b'q');
    }
    specials.reverse();
    let mut heading_no = 0;
    while heading_no < 3 || b.words < target || !specials.is_empty() {
        heading_no += 1;
        let hw = rng.range(2, 5);
        let h = title_case(&words(&mut rng, hw));
        b.words += hw;
        b.text(&format!("## {h}\n\n"));
        let paras = if b.words >= target { 0 } else { rng.range(1, 3) };
        for _ in 0..paras {
            let room = target.saturating_sub(b.words);
            if room < 15 {
                break;
            }
            let n = rng.range(40, 90).min(room);
            let link = if links < nlinks_wanted && rng.chance(45) {
                links += 1;
                pick_target(&mut rng)
            } else {
                None
            };
            paragraph(&mut rng, &mut b, n, link);
        }
        match specials.pop() {
            Some(b'l') => {
                for _ in 0..rng.range(3, 6) {
                    let n = rng.range(2, 6);
                    let item = words(&mut rng, n).join(" ");
                    b.words += n;
                    b.text(&format!("- {item}\n"));
                }
                b.text("\n");
            }
            Some(b't') => {
                let h = words(&mut rng, 3);
                b.words += 3;
                b.text(&format!(
                    "| {} | {} | {} |\n|---|---:|---|\n",
                    capitalize(h[0]),
                    capitalize(h[1]),
                    capitalize(h[2])
                ));
                for _ in 0..rng.range(3, 5) {
                    let a = WORDS[rng.below(WORDS.len())];
                    let v = rng.below(10_000);
                    let n = rng.range(1, 3);
                    let note = words(&mut rng, n).join(" ");
                    b.words += 1 + n;
                    b.text(&format!("| {a} | {v} | {note} |\n"));
                }
                b.text("\n");
            }
            Some(b'c') => {
                b.text("```rust\n");
                for _ in 0..rng.range(4, 10) {
                    b.text(CODE_LINES[rng.below(CODE_LINES.len())]);
                    b.text("\n");
                }
                b.text("```\n\n");
            }
            Some(b'q') => {
                let n = rng.range(15, 35);
                let q = sentence(&mut rng, n);
                b.words += n;
                b.text(&format!("> {q}\n\n"));
            }
            _ => {}
        }
    }
    // Make sure every page links to at least two others.
    if cfg.pages > 1 && links < 2 {
        b.text("See also");
        b.words += 2;
        while links < 2 {
            let t = pick_target(&mut rng).unwrap();
            b.text(if links == 0 { " " } else { " and " });
            if links > 0 {
                b.words += 1;
            }
            let text = words(&mut rng, t.1).join(" ");
            b.pieces.push(Piece::Link { text, target: t.0 });
            b.words += t.1;
            links += 1;
        }
        b.text(".\n\n");
    }
    let n = rng.range(6, 14);
    let note = sentence(&mut rng, n);
    b.words += n;
    b.text(&format!("[^1]: {note}\n"));
    b
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Engine {
    Spiega,
    Hugo,
}

fn render_body(b: &Body, metas: &[PageMeta], engine: Engine, links: LinkStyle) -> String {
    let mut s = String::with_capacity(8192);
    for p in &b.pieces {
        match p {
            Piece::Text(t) => s.push_str(t),
            Piece::Link { text, target } => {
                let m = &metas[*target];
                let sec = SECTIONS[m.section].0;
                let slug = &m.slug;
                match (links, engine) {
                    (LinkStyle::Plain, _) => write!(s, "[{text}](/{sec}/{slug}/)"),
                    (LinkStyle::Internal, Engine::Spiega) => write!(s, "[{text}](@/{sec}/{slug}.md)"),
                    (LinkStyle::Internal, Engine::Hugo) => {
                        write!(s, "[{text}]({{{{< relref \"/{sec}/{slug}.md\" >}}}})")
                    }
                }
                .unwrap();
            }
        }
    }
    s
}

fn front_matter(m: &PageMeta, engine: Engine) -> String {
    let tags = m.tags.iter().map(|&t| TAGS[t]).collect::<Vec<_>>().join(", ");
    let mut s = String::with_capacity(256);
    s.push_str("---\n");
    writeln!(s, "title: \"{}\"", m.title).unwrap();
    writeln!(s, "date: {}", m.date).unwrap();
    writeln!(s, "description: \"{}\"", m.description).unwrap();
    match engine {
        Engine::Spiega => writeln!(s, "taxonomies:\n  tags: [{tags}]").unwrap(),
        Engine::Hugo => writeln!(s, "tags: [{tags}]").unwrap(),
    }
    s.push_str("---\n\n");
    s
}

const SITE_TITLE: &str = "Spiega bench";
const SITE_DESCRIPTION: &str = "A generated corpus for comparing static-site generators.";
const BASE_URL: &str = "https://bench.example.org/";

const SPIEGA_TEMPLATES: [(&str, &str); 7] = [
    ("base.html", include_str!("../site/spiega/templates/base.html")),
    ("index.html", include_str!("../site/spiega/templates/index.html")),
    ("section.html", include_str!("../site/spiega/templates/section.html")),
    ("page.html", include_str!("../site/spiega/templates/page.html")),
    ("taxonomy_list.html", include_str!("../site/spiega/templates/taxonomy_list.html")),
    ("taxonomy_single.html", include_str!("../site/spiega/templates/taxonomy_single.html")),
    ("404.html", include_str!("../site/spiega/templates/404.html")),
];

const HUGO_LAYOUTS: [(&str, &str); 7] = [
    ("_default/baseof.html", include_str!("../site/hugo/layouts/_default/baseof.html")),
    ("_default/single.html", include_str!("../site/hugo/layouts/_default/single.html")),
    ("_default/list.html", include_str!("../site/hugo/layouts/_default/list.html")),
    ("_default/taxonomy.html", include_str!("../site/hugo/layouts/_default/taxonomy.html")),
    ("_default/term.html", include_str!("../site/hugo/layouts/_default/term.html")),
    ("index.html", include_str!("../site/hugo/layouts/index.html")),
    ("404.html", include_str!("../site/hugo/layouts/404.html")),
];

fn spiega_config() -> String {
    let mut s = String::new();
    writeln!(s, "title: \"{SITE_TITLE}\"").unwrap();
    writeln!(s, "description: \"{SITE_DESCRIPTION}\"").unwrap();
    writeln!(s, "base_url: \"{BASE_URL}\"").unwrap();
    s.push_str("default_language: en\n");
    s.push_str("taxonomies:\n  - name: tags\n    feed: false\n");
    s.push_str("feed: false\n");
    s.push_str("extra:\n  nav:\n");
    for (dir, title, _) in SECTIONS {
        writeln!(s, "    - name: \"{title}\"\n      path: \"{dir}/\"").unwrap();
    }
    s
}

fn hugo_config() -> String {
    let mut s = String::new();
    writeln!(s, "baseURL = \"{BASE_URL}\"").unwrap();
    writeln!(s, "title = \"{SITE_TITLE}\"").unwrap();
    s.push_str("languageCode = \"en\"\n");
    s.push_str("defaultContentLanguage = \"en\"\n");
    s.push_str("# Same work as the Spiega site: no feeds, no highlighting, no search.\n");
    s.push_str("disableKinds = [\"RSS\"]\n");
    s.push_str("enableRobotsTXT = true\n\n");
    writeln!(s, "[params]\ndescription = \"{SITE_DESCRIPTION}\"\n").unwrap();
    s.push_str("[taxonomies]\ntag = \"tags\"\n\n");
    s.push_str("[markup.highlight]\ncodeFences = false\n\n");
    for (i, (dir, title, _)) in SECTIONS.iter().enumerate() {
        writeln!(s, "[[menus.main]]\nname = \"{title}\"\nurl = \"/{dir}/\"\nweight = {}\n", i + 1)
            .unwrap();
    }
    s
}

fn section_index(i: usize, seed: u64) -> String {
    let (_, title, _) = SECTIONS[i];
    let mut r = stream(seed, 4, i as u64);
    let d = sentence(&mut r, 10);
    let intro = sentence(&mut r, 30);
    format!("---\ntitle: \"{title}\"\ndescription: \"{d}\"\nweight: {}\n---\n\n{intro}\n", i + 1)
}

fn home_index(seed: u64) -> String {
    let mut r = stream(seed, 5, 0);
    let intro = sentence(&mut r, 30);
    format!("---\ntitle: \"{SITE_TITLE}\"\ndescription: \"{SITE_DESCRIPTION}\"\n---\n\n{intro}\n")
}

/// Produce every file of both sites, in a fixed order, as (relative path, bytes).
/// `emit` may write to disk or collect; paths use `/`.
pub fn generate(cfg: &Config, emit: &mut dyn FnMut(&str, &[u8]) -> io::Result<()>) -> io::Result<()> {
    let metas = plan(cfg);

    emit("spiega/site.yaml", spiega_config().as_bytes())?;
    for (name, text) in SPIEGA_TEMPLATES {
        emit(&format!("spiega/templates/{name}"), text.as_bytes())?;
    }
    emit("hugo/hugo.toml", hugo_config().as_bytes())?;
    for (name, text) in HUGO_LAYOUTS {
        emit(&format!("hugo/layouts/{name}"), text.as_bytes())?;
    }

    let home = home_index(cfg.seed);
    emit("spiega/content/_index.md", home.as_bytes())?;
    emit("hugo/content/_index.md", home.as_bytes())?;
    for (i, (dir, _, _)) in SECTIONS.iter().enumerate() {
        let idx = section_index(i, cfg.seed);
        emit(&format!("spiega/content/{dir}/_index.md"), idx.as_bytes())?;
        emit(&format!("hugo/content/{dir}/_index.md"), idx.as_bytes())?;
    }

    for m in &metas {
        let b = body(cfg, m);
        let dir = SECTIONS[m.section].0;
        for (engine, root) in [(Engine::Spiega, "spiega"), (Engine::Hugo, "hugo")] {
            let mut text = front_matter(m, engine);
            text.push_str(&render_body(&b, &metas, engine, cfg.links));
            emit(&format!("{root}/content/{dir}/{}.md", m.slug), text.as_bytes())?;
        }
    }
    Ok(())
}

/// Write both sites under `out` (`out/spiega`, `out/hugo`), replacing what was there.
pub fn write_to(cfg: &Config, out: &Path) -> io::Result<usize> {
    for sub in ["spiega", "hugo"] {
        let p = out.join(sub);
        if p.exists() {
            fs::remove_dir_all(&p)?;
        }
    }
    let mut count = 0;
    let mut made_dirs: Vec<std::path::PathBuf> = Vec::new();
    generate(cfg, &mut |rel, bytes| {
        let path = out.join(rel);
        let parent = path.parent().unwrap().to_path_buf();
        if !made_dirs.contains(&parent) {
            fs::create_dir_all(&parent)?;
            made_dirs.push(parent);
        }
        fs::write(&path, bytes)?;
        count += 1;
        Ok(())
    })?;
    Ok(count)
}

/// Prose words of a body as generated (exposed for tests).
pub fn body_words(cfg: &Config, meta: &PageMeta) -> usize {
    body(cfg, meta).words
}
