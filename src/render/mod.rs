//! The render stage: Markdown to HTML, then every template, into an in-memory map of output files.
//!
//! Nothing is written here: a build with any error must leave the output folder untouched, so the
//! whole site is rendered first and handed to the write stage only if it has no error.

pub mod builtins;
pub mod content;
pub mod dates;
pub mod engine;
pub mod feeds;
pub mod functions;
pub mod markdown;
pub mod pages;
pub mod shortcode;
pub mod values;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use tera::Tera;

use crate::diagnostic::Diagnostic;
use crate::load::content::CONTENT_DIR;
use crate::resolve::ResolvedSite;
use functions::FunctionData;
use pages::RenderedFile;

/// Where an output file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Rendered in memory.
    Bytes(Vec<u8>),
    /// Copied from a file as it is (static files and assets).
    Copy(PathBuf),
}

/// Every file of the built site, by relative `/`-separated path, in a stable order.
#[derive(Debug, Default)]
pub struct RenderedSite {
    /// The files to write.
    pub files: BTreeMap<String, Output>,
    /// How many pages and sections were rendered per language, in the site's language order.
    pub pages_per_language: Vec<(String, usize)>,
}

/// Renders the whole site in memory.
pub fn render_site(site: Arc<ResolvedSite>) -> Result<RenderedSite, Vec<Diagnostic>> {
    let data = Arc::new(FunctionData {
        site: Arc::clone(&site),
        values: OnceLock::new(),
    });
    let mut tera = Tera::new();
    functions::register(&mut tera, &data);
    tera.global_context().insert("config", &site.loaded.config);
    tera.global_context().insert("data", &site.loaded.data);
    let engine = engine::load_engine(tera, &site.loaded.templates)?;
    let template_problems = pages::check_templates(&site, &engine);
    if !template_problems.is_empty() {
        return Err(template_problems);
    }

    let contents = content::render_contents(&site, &engine)?;
    let values = data.values.get_or_init(|| values::entry_values(&site, &contents));

    let mut results: Vec<Result<RenderedFile, Diagnostic>> = pages::render_entries(&site, &engine, values);
    results.extend(pages::render_taxonomies(&site, &engine, values));
    results.extend(pages::render_aliases(&site, &engine, values));
    results.extend(pages::render_not_found(&site, &engine));
    results.extend(feeds::render_feeds(&site, &engine, values));
    results.push(feeds::render_sitemap(&site, &engine));
    results.push(feeds::render_robots(&site, &engine));

    let mut files = BTreeMap::new();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok((path, bytes)) => {
                files.insert(path, Output::Bytes(bytes));
            }
            Err(diagnostic) => problems.push(diagnostic),
        }
    }
    problems.extend(add_copies(&site, &mut files));
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(RenderedSite {
        files,
        pages_per_language: pages_per_language(&site),
    })
}

/// Adds static files and content assets; one that would replace a rendered file is an error.
fn add_copies(site: &ResolvedSite, files: &mut BTreeMap<String, Output>) -> Vec<Diagnostic> {
    let loaded = &site.loaded;
    let content_dir = loaded.root.join(CONTENT_DIR);
    let mut copies: Vec<(String, PathBuf)> = loaded
        .statics
        .iter()
        .map(|(path, source)| (path.clone(), source.clone()))
        .collect();
    copies.extend(
        loaded
            .content
            .assets
            .iter()
            .map(|asset| (asset.clone(), content_dir.join(asset))),
    );
    for entry in &site.library.entries {
        for asset in &entry.file.assets {
            let name = asset.rsplit('/').next().unwrap_or(asset);
            copies.push((format!("{}{name}", entry.path), content_dir.join(asset)));
        }
    }
    let mut problems = Vec::new();
    for (path, source) in copies {
        if files.contains_key(&path) {
            let shown = source.strip_prefix(&loaded.root).unwrap_or(&source).to_path_buf();
            problems.push(
                Diagnostic::error(format!("`{}` would overwrite the generated `{path}`", shown.display()))
                    .in_file(shown)
                    .with_hint("rename or remove the file"),
            );
            continue;
        }
        files.insert(path, Output::Copy(source));
    }
    problems
}

fn pages_per_language(site: &ResolvedSite) -> Vec<(String, usize)> {
    site.loaded
        .config
        .language_codes()
        .into_iter()
        .map(|lang| {
            let count = site.library.entries.iter().filter(|e| e.lang() == lang).count();
            (lang.to_string(), count)
        })
        .collect()
}
