//! Encoding what the pages show: each source once, in parallel, through the cache; then the
//! variants are claimed in the output plan.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::{ImageCatalog, ImageUse};
use crate::diagnostic::Diagnostic;
use crate::images::cache;
use crate::images::encode::{PixelBudget, encode_variants};
use crate::images::probe::ImageError;
use crate::images::{Variant, variants};
use crate::render::content::PageContent;
use crate::resolve::ResolvedSite;

/// The variants every shown image needs, each in the cache, and what the build should warn about.
#[derive(Debug, Default)]
pub struct ProcessedImages {
    /// Output path of each variant, and its file in the cache, in path order.
    pub files: Vec<(String, PathBuf)>,
    /// Variants over the size budget.
    pub warnings: Vec<Diagnostic>,
    /// Each variant's source (output paths), to locate problems with the variant.
    sources: BTreeMap<String, String>,
}

/// The site's output plan with the processed images' variants claimed; a variant that cannot be
/// claimed is an error at the first place that shows its image.
pub fn plan_with_images(
    site: &ResolvedSite,
    contents: &[Arc<PageContent>],
    processed: &ProcessedImages,
) -> Result<crate::resolve::plan::OutputPlan, Vec<Diagnostic>> {
    site.plan.with_images(&processed.files).map_err(|problems| {
        problems
            .into_iter()
            .map(|(variant, message)| {
                let source = processed.sources.get(&variant);
                let first = contents.iter().enumerate().find_map(|(i, content)| {
                    let image = content.images.iter().find(|u| Some(&u.output) == source)?;
                    Some((i, image.span.clone()))
                });
                let diagnostic = Diagnostic::error(message)
                    .with_hint("rename the file that has the variant's name, or the image");
                match first.and_then(|(i, span)| Some((site.library.entries.get(i)?, span))) {
                    Some((entry, span)) => {
                        let base = entry.file.body_range.start;
                        diagnostic.at(&entry.file.source, base + span.start..base + span.end)
                    }
                    None => diagnostic,
                }
            })
            .collect()
    })
}

/// Encodes what the pages show and the cache lacks, one source per task, in parallel; an image
/// already in the cache is not decoded at all. Errors and warnings are located at the first
/// place that shows the image.
pub fn process_images(
    site: &ResolvedSite,
    catalog: &ImageCatalog,
    contents: &[Arc<PageContent>],
) -> Result<ProcessedImages, Vec<Diagnostic>> {
    // Each source once, located at its first use (in library order).
    let mut first_use: BTreeMap<&str, (usize, &ImageUse)> = BTreeMap::new();
    for (i, content) in contents.iter().enumerate() {
        for image in &content.images {
            first_use.entry(image.output.as_str()).or_insert((i, image));
        }
    }
    let budget = PixelBudget::new(catalog.config.max_pixels);
    let results: Vec<_> = first_use
        .par_iter()
        .map(|(&output, (entry, image))| {
            let locate = |diagnostic: Diagnostic| {
                let entry = &site.library.entries[*entry];
                let base = entry.file.body_range.start;
                diagnostic.at(
                    &entry.file.source,
                    base + image.span.start..base + image.span.end,
                )
            };
            process_one(catalog, output, &budget)
                .map(|(files, largest)| {
                    let files: Vec<_> = files
                        .into_iter()
                        .map(|(path, cached)| (path, cached, output.to_string()))
                        .collect();
                    (files, largest)
                })
                .map_err(|(file, error)| {
                locate(Diagnostic::error(format!("`{}`: {error}", file.display())))
                    .with_hint(error.hint())
            })
            .map(|(files, largest)| {
                let over = largest.filter(|(_, bytes)| *bytes > catalog.config.budget_kb * 1024);
                let warning = over.map(|(name, bytes)| {
                    locate(Diagnostic::warning(format!(
                        "`{output}` is over the image budget: its variant `{name}` is {} KB, more than {} KB",
                        bytes.div_ceil(1024),
                        catalog.config.budget_kb
                    )))
                    .with_hint("crop or simplify the image, lower `images.quality`, or raise `images.budget_kb` in site.yaml")
                });
                (files, warning)
            })
        })
        .collect();
    let mut processed = ProcessedImages::default();
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok((files, warning)) => {
                for (path, cached, source) in files {
                    processed.sources.insert(path.clone(), source);
                    processed.files.push((path, cached));
                }
                processed.warnings.extend(warning);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    processed.files.sort();
    Ok(processed)
}

type Processed = (Vec<(String, PathBuf)>, Option<(String, u64)>);

/// One source's variants in the cache (encoding those missing), and its largest variant's name
/// and size.
fn process_one(
    catalog: &ImageCatalog,
    output: &str,
    budget: &PixelBudget,
) -> Result<Processed, (PathBuf, ImageError)> {
    let Some((file, info)) = catalog.info(output) else {
        return Ok((Vec::new(), None));
    };
    let fail = |error: ImageError| (file.to_path_buf(), error);
    let info = info.map_err(fail)?;
    let all = variants(output, &info, &catalog.config);
    let bytes =
        crate::load::read::file_bytes(file).map_err(|e| fail(ImageError::Read(e.to_string())))?;
    let names: Vec<String> = all.iter().map(Variant::cache_name).collect();
    let options = format!("{:?} {}", names, catalog.config.quality);
    let dir = catalog
        .cache
        .image_dir(&cache::key(&[&bytes, options.as_bytes()]));
    drop(bytes);
    let missing: Vec<Variant> = all
        .iter()
        .filter(|v| !dir.join(v.cache_name()).is_file())
        .cloned()
        .collect();
    if !missing.is_empty() {
        encode_variants(
            file,
            &info,
            &missing,
            catalog.config.quality,
            budget,
            |variant, encoded| {
                cache::store(&dir.join(variant.cache_name()), &encoded)
                    .map_err(|e| ImageError::Cache(e.to_string()))
            },
        )
        .map_err(fail)?;
    }
    let mut largest: Option<(String, u64)> = None;
    let mut files = Vec::with_capacity(all.len());
    for variant in all {
        let cached = dir.join(variant.cache_name());
        let size = std::fs::metadata(&cached).map(|m| m.len()).unwrap_or(0);
        if largest.as_ref().is_none_or(|(_, s)| size > *s) {
            largest = Some((variant.output.clone(), size));
        }
        files.push((variant.output, cached));
    }
    Ok((files, largest))
}
