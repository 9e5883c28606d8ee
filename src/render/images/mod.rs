//! Images on pages: finding the file a Markdown image or `figure` names, writing its `<picture>`,
//! and, once every page is rendered, encoding the variants the pages show (in parallel, through
//! the cache) so that the output plan can claim them.
//!
//! "First screen" is kept simple: a page's first image loads at once, every later one gets
//! `loading="lazy"`.

mod process;

pub use process::{ProcessedImages, plan_with_images, process_images};

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use crate::images::cache::Cache;
use crate::images::html::{Picture, escape_url_path};
use crate::images::probe::{ImageError, probe};
use crate::images::{ImageInfo, is_raster, variants};
use crate::load::config::ImagesConfig;
use crate::markdown::{ImageResolver, Problem};
use crate::resolve::ResolvedSite;
use crate::resolve::plan::OutputKind;

/// The raster files a page may show (static files and content files the plan copies), by output
/// path. Each file's header is read the first time a page shows it, and only then.
#[derive(Debug)]
pub struct ImageCatalog {
    config: ImagesConfig,
    base_path: String,
    cache: Cache,
    sources: BTreeMap<String, Source>,
    /// Paths of every output, for "no image here" errors and hints.
    outputs: Vec<String>,
}

#[derive(Debug)]
struct Source {
    file: PathBuf,
    info: OnceLock<Result<ImageInfo, ImageError>>,
}

impl ImageCatalog {
    /// The catalog of a resolved site.
    pub fn new(site: &ResolvedSite) -> Self {
        let config = &site.loaded.config;
        let sources = site
            .plan
            .iter()
            .filter_map(|(path, kind)| match kind {
                OutputKind::Copy(file) if is_raster(path) => Some((
                    path.clone(),
                    Source {
                        file: file.clone(),
                        info: OnceLock::new(),
                    },
                )),
                _ => None,
            })
            .collect();
        Self {
            config: config.images.clone(),
            base_path: config.base_path().to_string(),
            cache: Cache::new(site.loaded.root.join(&config.cache_dir)),
            sources,
            outputs: site.plan.iter().map(|(p, _)| p.clone()).collect(),
        }
    }

    /// What Markdown rendered with this catalog depends on: the images' settings and each
    /// source's size and time (a replaced image may have other dimensions).
    pub fn fingerprint(&self, hasher: &mut impl Hasher) {
        format!("{:?}", self.config).hash(hasher);
        for (path, source) in &self.sources {
            path.hash(hasher);
            if let Ok(meta) = std::fs::metadata(&source.file) {
                meta.len().hash(hasher);
                meta.modified().ok().hash(hasher);
            }
        }
    }

    pub(super) fn info(&self, output: &str) -> Option<(&Path, Result<ImageInfo, ImageError>)> {
        let source = self.sources.get(output)?;
        let info = source
            .info
            .get_or_init(|| probe(&source.file, self.config.max_pixels));
        Some((&source.file, info.clone()))
    }

    fn exists(&self, output: &str) -> bool {
        self.outputs
            .binary_search_by(|p| p.as_str().cmp(output))
            .is_ok()
    }

    /// The nearest image output to `wanted`, for a hint.
    fn nearest(&self, wanted: &str) -> Option<String> {
        let images = self
            .outputs
            .iter()
            .map(String::as_str)
            .filter(|p| is_raster(p) || p.to_ascii_lowercase().ends_with(".svg"));
        crate::suggest::did_you_mean(wanted, images)
    }
}

/// An image a page shows, where it is written (a byte range of the page's body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageUse {
    /// The source's output path.
    pub output: String,
    /// Where the image or `figure` is, in the body.
    pub span: Range<usize>,
}

/// How an image is shown.
pub struct Shown {
    /// The `<picture>` or `<img>`.
    pub html: String,
    /// Its URL: the source's, or the largest fallback variant's.
    pub url: String,
    /// Its size in pixels, when known.
    pub size: Option<(u32, u32)>,
}

/// Shows the images of one page: resolves their paths, writes their HTML, and remembers which
/// sources the page uses, for the encoding that follows.
pub struct PageImages<'a> {
    catalog: &'a ImageCatalog,
    /// The page's URL path relative to the base URL (`storia/accordo/`), for relative paths.
    page_dir: &'a str,
    shown: AtomicUsize,
    uses: Mutex<Vec<ImageUse>>,
}

/// Where an image's path leads.
enum Target {
    /// Another host, or a `data:` URL: shown as written.
    External,
    /// A file of the site, by output path.
    Local(String),
}

impl<'a> PageImages<'a> {
    /// The images of the page whose URL path (relative to the base URL) is `page_dir`.
    pub fn new(catalog: &'a ImageCatalog, page_dir: &'a str) -> Self {
        Self {
            catalog,
            page_dir,
            shown: AtomicUsize::new(0),
            uses: Mutex::new(Vec::new()),
        }
    }

    /// The sources shown, in page order.
    pub fn into_uses(self) -> Vec<ImageUse> {
        let mut uses = self.uses.into_inner().unwrap_or_else(|p| p.into_inner());
        uses.sort_by_key(|u| u.span.start);
        uses
    }

    /// Shows the image at `src` (a Markdown destination, or a `figure`'s `src`), with `alt` (empty
    /// for a decorative image). `None` for an image on another host, left as written.
    pub fn show(
        &self,
        src: &str,
        alt: &str,
        title: Option<&str>,
        span: Range<usize>,
        from_root: bool,
    ) -> Result<Option<Shown>, Problem> {
        let output = match self.target(src, from_root)? {
            Target::External => return Ok(None),
            Target::Local(output) => output,
        };
        let eager = self.shown.fetch_add(1, Ordering::Relaxed) == 0;
        let base = &self.catalog.base_path;
        let Some((file, info)) = self.catalog.info(&output) else {
            // An SVG or another file the plan copies: shown as it is.
            let url = format!("{base}{}", escape_url_path(&output));
            let html = format!(
                "<img src=\"{url}\" alt=\"{}\"{} decoding=\"async\">",
                crate::markdown::html::escape_html(alt),
                if eager { "" } else { " loading=\"lazy\"" }
            );
            return Ok(Some(Shown {
                html,
                url,
                size: None,
            }));
        };
        let info = info.map_err(|error| {
            Problem::new(format!("`{}`: {error}", file.display())).with_hint(error.hint())
        })?;
        let all = variants(&output, &info, &self.catalog.config);
        let picture = Picture {
            variants: &all,
            base_path: base,
            alt,
            title,
            eager,
        };
        let widest = all.last().cloned();
        self.uses
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(ImageUse { output, span });
        Ok(Some(Shown {
            html: picture.to_html(),
            url: widest
                .as_ref()
                .map(|v| format!("{base}{}", escape_url_path(&v.output)))
                .unwrap_or_default(),
            size: widest.map(|v| (v.width, v.height)),
        }))
    }

    /// The output path `src` names: relative to the page (as a browser reads it), or to the
    /// site root when it starts with `/` (or, for `figure`, when the page has no such file).
    fn target(&self, src: &str, from_root: bool) -> Result<Target, Problem> {
        let src = src.trim();
        let lower = src.to_ascii_lowercase();
        let is_external = lower.starts_with("//")
            || lower.starts_with("data:")
            || lower
                .split_once(':')
                .is_some_and(|(scheme, _)| !scheme.contains('/') && !scheme.is_empty());
        if is_external {
            return Ok(Target::External);
        }
        let path = src.split(['#', '?']).next().unwrap_or_default();
        let path = percent_decode(path);
        let base = &self.catalog.base_path;
        let candidates: Vec<Option<String>> = if let Some(rooted) = path.strip_prefix('/') {
            let under_base = format!("/{rooted}")
                .strip_prefix(base.as_str())
                .map(str::to_string);
            vec![under_base.and_then(|p| normalise(&p)), normalise(rooted)]
        } else if from_root {
            vec![
                normalise(&format!("{}{path}", self.page_dir)),
                normalise(&path),
            ]
        } else {
            vec![normalise(&format!("{}{path}", self.page_dir))]
        };
        let candidates: Vec<String> = candidates.into_iter().flatten().collect();
        if let Some(found) = candidates.iter().find(|c| self.catalog.exists(c)) {
            return Ok(Target::Local(found.clone()));
        }
        let wanted = candidates.first().cloned().unwrap_or_else(|| path.clone());
        let hint = if !from_root && !path.starts_with('/') && self.catalog.exists(&path) {
            Some(format!(
                "a path without `/` is relative to the page's URL (`/{}`): write `/{path}` for the site's `{path}`",
                self.page_dir
            ))
        } else {
            self.catalog.nearest(&wanted).or_else(|| {
                Some(
                    "put the file in the page's bundle folder, in content/ or in static/"
                        .to_string(),
                )
            })
        };
        let mut problem = Problem::new(format!("no image file at `{src}` (looked for `{wanted}`)"));
        problem.hint = hint;
        Err(problem)
    }
}

impl ImageResolver for PageImages<'_> {
    fn markdown_image(
        &self,
        dest: &str,
        alt: &str,
        title: &str,
        span: Range<usize>,
    ) -> Result<Option<String>, Problem> {
        let title = Some(title).filter(|t| !t.is_empty());
        let shown = self.show(dest, alt, title, span, false)?;
        // Markdown's own `<img>` is kept for external images and files shown as they are.
        Ok(shown.filter(|s| s.size.is_some()).map(|s| s.html))
    }
}

/// `a/./b/../c` → `a/c`; `None` for a path that climbs above the root.
fn normalise(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            part => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

/// Decodes `%20`-style escapes (as in a URL written by hand); malformed ones stay as they are.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_and_decodes_paths() {
        assert_eq!(normalise("a/./b/../c.png").as_deref(), Some("a/c.png"));
        assert_eq!(normalise("../x.png"), None);
        assert_eq!(percent_decode("a%20b%zz.png"), "a b%zz.png");
    }
}
