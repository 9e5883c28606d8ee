//! Lossy WebP through libwebp, which libwebp-sys compiles from its vendored C sources with the C
//! compiler Rust already needs for linking: no system library.

use std::ffi::c_int;

/// Encodes 8-bit RGB (or RGBA, when `alpha`) pixels, `width` × `height`, rows packed, at
/// `quality` (0 to 100). libwebp's one-call encoder runs on one thread, and gives the same bytes
/// for the same pixels and quality.
pub fn encode_lossy(
    pixels: &[u8],
    width: u32,
    height: u32,
    alpha: bool,
    quality: u8,
) -> Result<Vec<u8>, String> {
    let channels: usize = if alpha { 4 } else { 3 };
    let too_large = || format!("{width} × {height} is too large for WebP");
    let stride = (width as usize)
        .checked_mul(channels)
        .ok_or_else(too_large)?;
    if Some(pixels.len()) != stride.checked_mul(height as usize) {
        return Err("the pixel buffer does not match the image's size".to_string());
    }
    let c = |n: usize| c_int::try_from(n).map_err(|_| too_large());
    let (c_width, c_height, c_stride) = (c(width as usize)?, c(height as usize)?, c(stride)?);
    let mut output: *mut u8 = std::ptr::null_mut();
    // SAFETY: `pixels` holds `height` rows of `stride` bytes (checked above) and outlives the
    // call; libwebp only reads it, and points `output` at a buffer it allocates for us.
    let size = unsafe {
        if alpha {
            libwebp_sys::WebPEncodeRGBA(
                pixels.as_ptr(),
                c_width,
                c_height,
                c_stride,
                f32::from(quality),
                &mut output,
            )
        } else {
            libwebp_sys::WebPEncodeRGB(
                pixels.as_ptr(),
                c_width,
                c_height,
                c_stride,
                f32::from(quality),
                &mut output,
            )
        }
    };
    if output.is_null() {
        return Err(format!(
            "libwebp could not encode {width} × {height} pixels"
        ));
    }
    // SAFETY: on success libwebp wrote `size` bytes at `output`; the slice is copied before the
    // buffer is given back to libwebp's allocator, and never used after.
    let bytes = unsafe { std::slice::from_raw_parts(output, size) }.to_vec();
    // SAFETY: `output` was allocated by libwebp and is freed once, here.
    unsafe { libwebp_sys::WebPFree(output.cast()) };
    if bytes.is_empty() {
        return Err(format!(
            "libwebp could not encode {width} × {height} pixels"
        ));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_deterministically_and_checks_the_buffer() {
        let pixels: Vec<u8> = (0..32 * 16 * 3).map(|i| (i * 7 % 251) as u8).collect();
        let first = encode_lossy(&pixels, 32, 16, false, 75);
        let again = encode_lossy(&pixels, 32, 16, false, 75);
        assert!(first.as_ref().is_ok_and(|b| b.starts_with(b"RIFF")));
        assert_eq!(first, again);
        assert!(encode_lossy(&pixels, 33, 16, false, 75).is_err());
    }
}
