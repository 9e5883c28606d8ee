//! Responsive images: what variants a raster image gets, reading its size from its header,
//! encoding the variants into a cache outside the output, and the `<picture>` that shows them.
//!
//! A JPEG, PNG or WebP file that a page shows gets, for every configured width up to its own, one
//! file per modern format (site.yaml `images.formats`) and one in a fallback format: JPEG, or PNG
//! for images with transparency. The variants sit beside the source's output path
//! (`images/deal.960w.webp`). Encoding is the slow part, so it is done once per source and options
//! and kept in the cache ([`cache`]); a rebuild with no image change encodes nothing.

pub mod cache;
pub mod encode;
pub mod html;
pub mod probe;
pub mod webp;

use crate::load::config::{ImageFormat, ImagesConfig};

/// What a raster source is, as its header says (the pixels are not decoded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageInfo {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Whether it has an alpha channel (then the fallback is PNG, which keeps it).
    pub alpha: bool,
    /// The source's format.
    pub kind: SourceKind,
}

/// The raster formats Spiega reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
}

/// The format of one variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VariantFormat {
    /// WebP, lossy.
    Webp,
    /// JPEG, the fallback for opaque images.
    Jpeg,
    /// PNG, the fallback for images with transparency.
    Png,
}

impl VariantFormat {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            VariantFormat::Webp => "webp",
            VariantFormat::Jpeg => "jpg",
            VariantFormat::Png => "png",
        }
    }

    /// The MIME type, for `<source type>`.
    pub fn mime(self) -> &'static str {
        match self {
            VariantFormat::Webp => "image/webp",
            VariantFormat::Jpeg => "image/jpeg",
            VariantFormat::Png => "image/png",
        }
    }
}

impl From<ImageFormat> for VariantFormat {
    fn from(format: ImageFormat) -> Self {
        match format {
            ImageFormat::Webp => VariantFormat::Webp,
        }
    }
}

/// One file made from a source image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels (the source's aspect ratio, rounded).
    pub height: u32,
    /// Its format.
    pub format: VariantFormat,
    /// Its output path, relative and `/`-separated (`images/deal.960w.webp`).
    pub output: String,
}

impl Variant {
    /// The variant's file name in its cache folder (`960w.webp`).
    pub fn cache_name(&self) -> String {
        format!("{}w.{}", self.width, self.format.extension())
    }
}

/// Whether an output path names a raster image Spiega processes, by its extension.
pub fn is_raster(path: &str) -> bool {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(extension.as_deref(), Some("jpg" | "jpeg" | "png" | "webp"))
}

/// The widths a source gets: each configured width below its own, and its own width if it is
/// narrower than the widest configured (an image is never enlarged).
pub fn widths(source_width: u32, config: &ImagesConfig) -> Vec<u32> {
    let widest = config.widths.iter().copied().max().unwrap_or(source_width);
    let mut widths: Vec<u32> = config
        .widths
        .iter()
        .copied()
        .filter(|w| *w < source_width)
        .collect();
    widths.push(source_width.min(widest));
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// The format of the fallback `<img>`: JPEG, or PNG when the source has transparency.
pub fn fallback_format(info: &ImageInfo) -> VariantFormat {
    if info.alpha {
        VariantFormat::Png
    } else {
        VariantFormat::Jpeg
    }
}

/// Every variant of the source whose output path is `output`: per width, the modern formats
/// first, then the fallback.
pub fn variants(output: &str, info: &ImageInfo, config: &ImagesConfig) -> Vec<Variant> {
    let stem = output.rsplit_once('.').map_or(output, |(stem, _)| stem);
    let mut formats: Vec<VariantFormat> = config.formats.iter().map(|&f| f.into()).collect();
    formats.sort_unstable();
    formats.dedup();
    formats.push(fallback_format(info));
    let mut all = Vec::new();
    for width in widths(info.width, config) {
        let height = scaled_height(info, width);
        for &format in &formats {
            all.push(Variant {
                width,
                height,
                format,
                output: format!("{stem}.{width}w.{}", format.extension()),
            });
        }
    }
    all
}

/// The height of the source scaled to `width`, at least one pixel.
pub fn scaled_height(info: &ImageInfo, width: u32) -> u32 {
    let height = (u64::from(info.height) * u64::from(width) + u64::from(info.width) / 2)
        / u64::from(info.width.max(1));
    u32::try_from(height).unwrap_or(u32::MAX).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(width: u32, height: u32, alpha: bool) -> ImageInfo {
        ImageInfo {
            width,
            height,
            alpha,
            kind: SourceKind::Png,
        }
    }

    #[test]
    fn never_enlarges_and_keeps_the_ratio() {
        let config = ImagesConfig::default();
        assert_eq!(widths(3000, &config), vec![480, 960, 1440]);
        assert_eq!(widths(1200, &config), vec![480, 960, 1200]);
        assert_eq!(widths(300, &config), vec![300]);
        assert_eq!(scaled_height(&info(1200, 800, false), 480), 320);
        assert_eq!(scaled_height(&info(5000, 1, false), 480), 1);
    }

    #[test]
    fn names_variants_beside_the_source() {
        let config = ImagesConfig::default();
        let names: Vec<String> = variants("img/a.png", &info(600, 300, true), &config)
            .into_iter()
            .map(|v| v.output)
            .collect();
        assert_eq!(
            names,
            [
                "img/a.480w.webp",
                "img/a.480w.png",
                "img/a.600w.webp",
                "img/a.600w.png"
            ]
        );
    }

    #[test]
    fn recognises_raster_extensions() {
        assert!(is_raster("a/B.JPG") && is_raster("x.webp") && is_raster("y.jpeg"));
        assert!(!is_raster("d.svg") && !is_raster("noext") && !is_raster("a.gif"));
    }
}
