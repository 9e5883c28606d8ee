//! site.yaml `images`: the responsive variants made of every raster image, and their checks.

use serde::{Deserialize, Serialize};

use super::key_span;
use crate::diagnostic::{Diagnostic, SourceFile};

/// site.yaml `images`: the variants made of every raster image a page shows.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// The widths, in pixels, of the variants (`srcset`); an image is never enlarged.
    pub widths: Vec<u32>,
    /// The modern formats offered before the fallback in the source's own format.
    pub formats: Vec<ImageFormat>,
    /// Encoding quality, 1 to 100, for WebP and the JPEG fallback.
    pub quality: u8,
    /// A variant larger than this many kilobytes is a warning.
    pub budget_kb: u64,
    /// Images with more pixels than this are refused, to bound memory (4 bytes a pixel).
    pub max_pixels: u64,
}

/// A modern image format Spiega can write.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// WebP, lossy at `quality` (with transparency where the source has it).
    Webp,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        Self {
            widths: vec![480, 960, 1440],
            formats: vec![ImageFormat::Webp],
            quality: 70,
            budget_kb: 400,
            max_pixels: 120_000_000,
        }
    }
}

/// `images.widths` and `images.quality` must be usable by the encoders.
pub(super) fn check_images(images: &ImagesConfig, source: &SourceFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if images.widths.is_empty() || images.widths.iter().any(|w| !(16..=8192).contains(w)) {
        problems.push(
            Diagnostic::error("`images.widths` must list widths from 16 to 8192 pixels")
                .at(source, key_span(source, "widths"))
                .with_hint("e.g. `widths: [480, 960, 1440]`"),
        );
    }
    if !(1..=100).contains(&images.quality) {
        problems.push(
            Diagnostic::error(format!(
                "`images.quality` is {}, not between 1 and 100",
                images.quality
            ))
            .at(source, key_span(source, "quality"))
            .with_hint("70 is a good start for photos"),
        );
    }
    problems
}
