//! Responsive images: variants as files with the sizes the HTML says, the cache (a second build
//! encodes nothing), located errors for missing, damaged and alt-less images with the output left
//! untouched, bounded memory on a 12,000 × 8,000 JPEG, and the size budget.

mod common;

use std::path::Path;

use common::{Site, attrs, changed_files, let_mtimes_tick, list_files, select, snapshot};
use image::{ImageEncoder, Rgb, RgbImage, Rgba, RgbaImage};

/// The fixture with its raster images made now: a 600 × 300 PNG with transparency and a
/// 500 × 250 JPEG.
fn site() -> Site {
    let site = Site::copy("images");
    let png = RgbaImage::from_fn(600, 300, |x, y| {
        Rgba([(x % 256) as u8, (y % 256) as u8, 90, 200])
    });
    png.save(site.path("content/foto/grafico.png"))
        .expect("write the PNG");
    write_jpeg(&site.path("content/foto/foto.jpg"), 500, 250);
    site
}

fn write_jpeg(path: &Path, width: u32, height: u32) {
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        Rgb([
            (x / 40 % 256) as u8,
            (y / 30 % 256) as u8,
            ((x + y) / 50 % 256) as u8,
        ])
    });
    let file = std::io::BufWriter::new(std::fs::File::create(path).expect("create the JPEG"));
    image::codecs::jpeg::JpegEncoder::new_with_quality(file, 85)
        .write_image(
            pixels.as_raw(),
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
        .expect("write the JPEG");
}

/// Every `url width` pair of a `srcset`.
fn srcset(value: &str) -> Vec<(String, u32)> {
    value
        .split(", ")
        .map(|entry| {
            let (url, width) = entry.rsplit_once(' ').expect("url and width");
            let width = width.trim_end_matches('w').parse().expect("a width");
            (url.to_string(), width)
        })
        .collect()
}

/// The output file of a root-relative URL under `/sub/`.
fn output_file(site: &Site, url: &str) -> std::path::PathBuf {
    site.out.join(
        url.strip_prefix("/sub/")
            .expect("the URL keeps the base path"),
    )
}

#[test]
fn variants_exist_with_the_sizes_the_html_gives() {
    let site = site();
    site.build_ok(&[]);
    let html = site.html("foto/index.html");
    let pictures = select(&html, "picture");
    assert_eq!(
        pictures.len(),
        3,
        "the PNG, the JPEG figure and the decorative one"
    );
    for (i, picture) in pictures.iter().enumerate() {
        let source = picture
            .select(&common::sel("source"))
            .next()
            .expect("a <source>");
        assert_eq!(source.value().attr("type"), Some("image/webp"));
        let img = picture
            .select(&common::sel("img"))
            .next()
            .expect("an <img>");
        assert_eq!(img.value().attr("decoding"), Some("async"));
        let expected_loading = if i == 0 { None } else { Some("lazy") };
        assert_eq!(img.value().attr("loading"), expected_loading, "picture {i}");
        for set in [source.value().attr("srcset"), img.value().attr("srcset")] {
            let entries = srcset(set.expect("a srcset"));
            assert_eq!(entries.iter().map(|e| e.1).collect::<Vec<_>>(), [200, 400]);
            for (url, width) in entries {
                let file = output_file(&site, &url);
                let (w, _) = image::image_dimensions(&file).expect("the variant is an image");
                assert_eq!(w, width, "{url}");
            }
        }
        let src = img.value().attr("src").expect("a src");
        let (w, h) = image::image_dimensions(output_file(&site, src)).expect("the fallback");
        assert_eq!(img.value().attr("width"), Some(w.to_string().as_str()));
        assert_eq!(img.value().attr("height"), Some(h.to_string().as_str()));
    }
    let webp = std::fs::read(site.out.join("foto/grafico.400w.webp")).expect("the WebP");
    assert!(webp.starts_with(b"RIFF") && &webp[8..12] == b"WEBP");
    // Transparency keeps a PNG fallback; an opaque photo falls back to JPEG.
    assert!(site.has_output("foto/grafico.400w.png") && site.has_output("foto/foto.400w.jpg"));
    assert_eq!(
        image::image_dimensions(site.out.join("foto/grafico.200w.png")).ok(),
        Some((200, 100))
    );
    let imgs = attrs(&html, "picture img", "alt");
    assert_eq!(imgs, ["Un grafico a barre", "Un chip su una scheda", ""]);
    assert_eq!(attrs(&html, "picture img", "title")[0], "Il grafico");
    assert_eq!(
        attrs(&html, "figure > img", "src"),
        ["/sub/disegni/schema.svg"]
    );
    let captions = common::texts(&html, "figcaption");
    assert_eq!(captions, ["Il chip Foto: Spiega, CC0"]);
}

#[test]
fn a_second_build_encodes_nothing() {
    let site = site();
    site.build_ok(&[]);
    let cache = site.path(".spiega-cache");
    let before = snapshot(&cache);
    assert!(
        before.keys().filter(|p| p.starts_with("images/")).count() >= 8,
        "{:?}",
        before.keys()
    );
    let first_output = snapshot(&site.out);
    let_mtimes_tick();
    // A fresh output folder: the build renders everything again, and finds every variant cached.
    std::fs::remove_dir_all(&site.out).expect("remove the output");
    site.build_ok(&[]);
    assert_eq!(
        changed_files(&before, &snapshot(&cache)),
        Vec::<String>::new()
    );
    let second_output = snapshot(&site.out);
    let bytes = |s: &common::FolderSnapshot| -> Vec<(String, Vec<u8>)> {
        s.iter().map(|(p, (b, _))| (p.clone(), b.clone())).collect()
    };
    assert_eq!(bytes(&first_output), bytes(&second_output));
}

/// Breaks the site with `edit`, builds, and checks exit 1, `expected` in the message, the
/// location `content/foto/index.md:<line>` and a hint, and an output folder left as it was.
fn fails_located(edit: impl FnOnce(&Site), expected: &str, line: u32) {
    let site = site();
    site.build_ok(&[]);
    let before = snapshot(&site.out);
    let_mtimes_tick();
    edit(&site);
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(run.stderr.contains(expected), "{}", run.stderr);
    let place = format!("content/foto/index.md:{line}:");
    assert!(run.stderr.contains(&place), "{place} in {}", run.stderr);
    assert!(run.stderr.contains("= help:"), "{}", run.stderr);
    assert_eq!(
        changed_files(&before, &snapshot(&site.out)),
        Vec::<String>::new()
    );
}

#[test]
fn a_missing_image_fails_located() {
    fails_located(
        |site| site.remove("content/foto/grafico.png"),
        "no image file at `grafico.png`",
        4,
    );
}

#[test]
fn a_damaged_image_fails_located_naming_the_file() {
    fails_located(
        |site| {
            site.write(
                "content/foto/foto.jpg",
                b"\xFF\xD8\xFF\xE0 not really a JPEG",
            )
        },
        "foto.jpg",
        8,
    );
}

#[test]
fn an_image_without_alt_text_fails_located() {
    fails_located(
        |site| {
            let page = site.read("content/foto/index.md");
            site.write(
                "content/foto/index.md",
                page.replace("![Un grafico a barre]", "![]"),
            );
        },
        "this image has no alt text",
        4,
    );
    fails_located(
        |site| {
            let page = site.read("content/foto/index.md");
            site.write(
                "content/foto/index.md",
                page.replace(", alt=\"Uno schema\"", ""),
            );
        },
        "this figure has no alt text",
        10,
    );
}

/// The largest memory any child process of this test binary used, in bytes.
fn children_peak_memory() -> u64 {
    // SAFETY: getrusage only writes the struct it is given.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let status = unsafe { libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage) };
    assert_eq!(status, 0);
    u64::try_from(usage.ru_maxrss).unwrap_or(0) * 1024
}

#[test]
fn a_huge_jpeg_is_processed_in_bounded_memory_or_refused_located() {
    let site = site();
    write_jpeg(&site.path("content/foto/foto.jpg"), 12_000, 8_000);
    site.build_ok(&[]);
    let peak = children_peak_memory();
    // The decoded image alone is 288 MB (3 bytes a pixel): the build keeps it once, not per
    // variant or thread.
    assert!(peak < 700 << 20, "peak memory {} MB", peak >> 20);
    assert_eq!(
        image::image_dimensions(site.out.join("foto/foto.400w.jpg")).ok(),
        Some((400, 267))
    );
    let config = site.read("site.yaml");
    site.write("site.yaml", format!("{config}  max_pixels: 50000000\n"));
    let run = site.build(&[]);
    run.expect_code(1);
    assert!(
        run.stderr
            .contains("12000 × 8000 pixels, more than the 50000000 pixels allowed"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/foto/index.md:8:"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_image_over_the_budget_is_a_warning() {
    let site = site();
    let config = site.read("site.yaml");
    site.write(
        "site.yaml",
        config.replace("budget_kb: 400", "budget_kb: 1"),
    );
    let run = site.build_ok(&[]);
    assert!(
        run.stderr.contains("over the image budget"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/foto/index.md:4:"),
        "{}",
        run.stderr
    );
    site.check(&["--strict"]).expect_code(1);
}

#[test]
fn the_cache_folder_stays_out_of_the_output() {
    let site = site();
    site.build_ok(&[]);
    assert!(
        list_files(&site.out)
            .iter()
            .all(|p| !p.contains("spiega-cache"))
    );
}
