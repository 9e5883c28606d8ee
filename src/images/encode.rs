//! Decoding a source once and encoding every variant of it, with memory bounded.
//!
//! A decoded image takes 3 or 4 bytes a pixel (12,000 × 8,000 is 288 MB), so decoding is capped
//! by `images.max_pixels` ([`image::Limits`]) and by a budget shared by the threads: at most
//! `max_pixels` decoded pixels are held at once, whatever the number of threads. The largest
//! variant is made from the source (a box filter for reductions of 2× or more, which reads every
//! pixel once, else Lanczos), the source is dropped, and smaller variants are made from it.

use std::io::Cursor;
use std::path::Path;
use std::sync::{Condvar, Mutex};

use image::codecs::jpeg::JpegEncoder;
use image::codecs::png::{CompressionType, FilterType as PngFilter, PngEncoder};
use image::imageops::FilterType;
use image::{DynamicImage, ExtendedColorType, ImageEncoder, ImageReader, Limits};

use super::probe::ImageError;
use super::{ImageInfo, Variant, VariantFormat};

/// Decoded pixels in memory across threads, so that large images are decoded one at a time.
pub struct PixelBudget {
    limit: u64,
    in_use: Mutex<u64>,
    freed: Condvar,
}

impl PixelBudget {
    /// A budget of `limit` decoded pixels.
    pub fn new(limit: u64) -> Self {
        Self {
            limit,
            in_use: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Waits until `pixels` fit in the budget (or nothing else is decoded), and takes them until
    /// the guard is dropped.
    fn take(&self, pixels: u64) -> BudgetGuard<'_> {
        let mut in_use = self.in_use.lock().unwrap_or_else(|p| p.into_inner());
        while *in_use > 0 && *in_use + pixels > self.limit {
            in_use = self.freed.wait(in_use).unwrap_or_else(|p| p.into_inner());
        }
        *in_use += pixels;
        BudgetGuard {
            budget: self,
            pixels,
        }
    }
}

struct BudgetGuard<'a> {
    budget: &'a PixelBudget,
    pixels: u64,
}

impl Drop for BudgetGuard<'_> {
    fn drop(&mut self) {
        let mut in_use = self.budget.in_use.lock().unwrap_or_else(|p| p.into_inner());
        *in_use = in_use.saturating_sub(self.pixels);
        self.budget.freed.notify_all();
    }
}

/// Decodes the source at `path` and gives each of `variants` (all of one source, any order) as
/// encoded bytes to `store`, largest first; stops at the first error.
pub fn encode_variants(
    path: &Path,
    info: &ImageInfo,
    variants: &[Variant],
    quality: u8,
    budget: &PixelBudget,
    mut store: impl FnMut(&Variant, Vec<u8>) -> Result<(), ImageError>,
) -> Result<(), ImageError> {
    let mut by_width: Vec<&Variant> = variants.iter().collect();
    by_width.sort_by(|a, b| b.width.cmp(&a.width).then(a.format.cmp(&b.format)));
    let Some(widest) = by_width.first() else {
        return Ok(());
    };
    let pixels = u64::from(info.width) * u64::from(info.height);
    let mut current = {
        let _guard = budget.take(pixels);
        let source = decode(path, info, budget.limit)?;
        shrink(&source, widest.width, widest.height)
    };
    for variant in by_width {
        if (current.width(), current.height()) != (variant.width, variant.height) {
            current = shrink(&current, variant.width, variant.height);
        }
        let bytes = encode(&current, variant.format, quality)?;
        store(variant, bytes)?;
    }
    Ok(())
}

/// Decodes the whole image, within the limits, as 8-bit RGB or RGBA.
fn decode(path: &Path, info: &ImageInfo, max_pixels: u64) -> Result<DynamicImage, ImageError> {
    let mut reader = ImageReader::open(path)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|e| ImageError::Read(e.to_string()))?;
    let mut limits = Limits::default();
    // Room for 16-bit RGBA, the widest pixel a decoder may produce, and the decoder's buffers.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(limits);
    let decoded = reader
        .decode()
        .map_err(|e| ImageError::Corrupt(e.to_string()))?;
    Ok(if info.alpha {
        DynamicImage::ImageRgba8(decoded.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(decoded.into_rgb8())
    })
}

/// `image` scaled to exactly `width` × `height` (never larger than it is).
fn shrink(image: &DynamicImage, width: u32, height: u32) -> DynamicImage {
    if (image.width(), image.height()) == (width, height) {
        return image.clone();
    }
    if image.width() >= width.saturating_mul(2) {
        image.thumbnail_exact(width, height)
    } else {
        image.resize_exact(width, height, FilterType::Lanczos3)
    }
}

/// Encodes `image` in `format`. Every encoder here is deterministic: the same pixels and options
/// give the same bytes.
fn encode(image: &DynamicImage, format: VariantFormat, quality: u8) -> Result<Vec<u8>, ImageError> {
    let mut out = Cursor::new(Vec::new());
    let (width, height) = (image.width(), image.height());
    let (bytes, color) = match image {
        DynamicImage::ImageRgba8(rgba) => (rgba.as_raw().as_slice(), ExtendedColorType::Rgba8),
        DynamicImage::ImageRgb8(rgb) => (rgb.as_raw().as_slice(), ExtendedColorType::Rgb8),
        _ => return Err(ImageError::Encode("unexpected pixel layout".to_string())),
    };
    let result = match format {
        VariantFormat::Webp => {
            let alpha = color == ExtendedColorType::Rgba8;
            return super::webp::encode_lossy(bytes, width, height, alpha, quality)
                .map_err(ImageError::Encode);
        }
        VariantFormat::Jpeg => {
            let rgb = image.to_rgb8();
            JpegEncoder::new_with_quality(&mut out, quality).write_image(
                rgb.as_raw(),
                width,
                height,
                ExtendedColorType::Rgb8,
            )
        }
        VariantFormat::Png => {
            PngEncoder::new_with_quality(&mut out, CompressionType::Default, PngFilter::Adaptive)
                .write_image(bytes, width, height, color)
        }
    };
    result.map_err(|e| ImageError::Encode(e.to_string()))?;
    Ok(out.into_inner())
}
