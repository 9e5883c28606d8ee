//! Reading an image's size and kind from its header, without decoding its pixels: this runs while
//! Markdown renders, for `width` and `height` attributes, and must stay cheap.

use std::path::Path;

use image::{ImageDecoder, ImageFormat, ImageReader};

use super::{ImageInfo, SourceKind};

/// Why an image cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// The file could not be read.
    #[error("cannot read the image: {0}")]
    Read(String),
    /// The bytes are not an image Spiega reads, or are damaged.
    #[error("the image is damaged or not a JPEG, PNG or WebP file: {0}")]
    Corrupt(String),
    /// More pixels than `images.max_pixels`.
    #[error("the image is {width} × {height} pixels, more than the {limit} pixels allowed")]
    TooLarge {
        /// Its width.
        width: u32,
        /// Its height.
        height: u32,
        /// `images.max_pixels`.
        limit: u64,
    },
    /// Encoding a variant failed.
    #[error("cannot encode the image: {0}")]
    Encode(String),
    /// The cache folder could not be written.
    #[error("cannot write the image cache: {0}")]
    Cache(String),
}

impl ImageError {
    /// How to fix it.
    pub fn hint(&self) -> &'static str {
        match self {
            ImageError::Read(_) | ImageError::Cache(_) => "check the file's permissions",
            ImageError::Corrupt(_) => {
                "open the file in an image editor and export it again as JPEG, PNG or WebP"
            }
            ImageError::TooLarge { .. } => {
                "scale the image down before adding it, or raise `images.max_pixels` in site.yaml"
            }
            ImageError::Encode(_) => "export the image again, e.g. as an 8-bit sRGB PNG or JPEG",
        }
    }
}

/// The size, transparency and kind of the image at `path`, read from its header.
pub fn probe(path: &Path, max_pixels: u64) -> Result<ImageInfo, ImageError> {
    let reader = ImageReader::open(path)
        .and_then(ImageReader::with_guessed_format)
        .map_err(|e| ImageError::Read(e.to_string()))?;
    let kind = match reader.format() {
        Some(ImageFormat::Jpeg) => SourceKind::Jpeg,
        Some(ImageFormat::Png) => SourceKind::Png,
        Some(ImageFormat::WebP) => SourceKind::Webp,
        Some(other) => {
            return Err(ImageError::Corrupt(format!(
                "its bytes are {other:?}, whatever its extension says"
            )));
        }
        None => return Err(ImageError::Corrupt("unknown format".to_string())),
    };
    let decoder = reader
        .into_decoder()
        .map_err(|e| ImageError::Corrupt(e.to_string()))?;
    let (width, height) = decoder.dimensions();
    if width == 0 || height == 0 {
        return Err(ImageError::Corrupt("it has no pixels".to_string()));
    }
    if u64::from(width) * u64::from(height) > max_pixels {
        return Err(ImageError::TooLarge {
            width,
            height,
            limit: max_pixels,
        });
    }
    Ok(ImageInfo {
        width,
        height,
        alpha: decoder.color_type().has_alpha(),
        kind,
    })
}
