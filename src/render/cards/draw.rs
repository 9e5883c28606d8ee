//! Drawing a card: the theme's SVG template filled by Tera with the laid-out text, rendered by
//! resvg with the theme's fonts only, checked so that no text leaves the card, encoded as PNG.

use std::sync::Arc;

use resvg::tiny_skia;
use resvg::usvg::{self, fontdb};
use serde::Serialize;
use tera::Context;

use super::layout::{LINE_HEIGHT, Measure, TITLE_SIZES, fit_line, fit_title};
use super::{CardText, HEIGHT, SAFE_MARGIN, WIDTH};
use crate::load::theme::FontFile;
use crate::render::engine::{Engine, tera_diagnostic};
use crate::resolve::plan::SOCIAL_CARD_TEMPLATE;

/// Where the title goes: left edge, top, width and height of its box, in pixels.
pub const TITLE_BOX: (f32, f32, f32, f32) = (80.0, 165.0, 1040.0, 330.0);

/// Size of the site name and of the section line.
const SMALL_SIZE: f32 = 30.0;

/// Draws cards with a fixed set of fonts.
pub struct CardRenderer {
    options: usvg::Options<'static>,
    family: String,
    /// A hash of the fonts, part of every card's cache key.
    pub fonts_key: String,
}

/// What the template gets as `card`.
#[derive(Serialize)]
struct CardValue<'a> {
    width: u32,
    height: u32,
    font: &'a str,
    site: String,
    section: String,
    lang: &'a str,
    language: &'a str,
    title: TitleValue,
}

#[derive(Serialize)]
struct TitleValue {
    x: f32,
    size: f32,
    lines: Vec<LineValue>,
}

#[derive(Serialize)]
struct LineValue {
    text: String,
    y: f32,
}

impl CardRenderer {
    /// A renderer with `fonts` (the theme's `fonts/` folder) and nothing else.
    pub fn new(fonts: &[FontFile]) -> Result<Self, String> {
        let mut db = fontdb::Database::new();
        let mut hashed: Vec<&[u8]> = Vec::new();
        for font in fonts {
            db.load_font_data(font.bytes.as_ref().clone());
            hashed.push(font.name.as_bytes());
            hashed.push(font.bytes.as_slice());
        }
        let family = db
            .faces()
            .find_map(|face| face.families.first().map(|(name, _)| name.clone()))
            .ok_or("the theme has no font in its `fonts/` folder")?;
        let options = usvg::Options {
            font_family: family.clone(),
            fontdb: Arc::new(db),
            ..usvg::Options::default()
        };
        Ok(Self {
            options,
            family,
            fonts_key: crate::images::cache::key(&hashed),
        })
    }

    /// The card's SVG: the text laid out in the title box, starting at title size `start` of
    /// [`TITLE_SIZES`].
    pub fn svg(&self, engine: &Engine, text: &CardText, start: usize) -> Result<String, String> {
        let (x, top, width, height) = TITLE_BOX;
        let small_width = WIDTH as f32 - 2.0 * x;
        let laid_out = self.with_face(true, |bold| {
            let title = fit_title(&text.title, bold, width, height, start);
            let site = fit_line(&text.site, bold, small_width, SMALL_SIZE);
            (title, site)
        });
        let section = self.with_face(false, |regular| {
            let line = [text.section.as_str(), text.language.as_str()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" · ");
            fit_line(&line, regular, small_width, SMALL_SIZE)
        });
        let ((title, site), section) = laid_out.zip(section).ok_or("the font cannot be read")?;
        // The first baseline sits one font size below the top; lines are centred in the box.
        let block = title.lines.len() as f32 * title.size * LINE_HEIGHT;
        let first = top + (height - block) / 2.0 + title.size;
        let lines = title
            .lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| LineValue {
                text: line,
                y: (first + i as f32 * title.size * LINE_HEIGHT).round(),
            })
            .collect();
        let card = CardValue {
            width: WIDTH,
            height: HEIGHT,
            font: &self.family,
            site,
            section,
            lang: &text.lang,
            language: &text.language,
            title: TitleValue {
                x,
                size: title.size,
                lines,
            },
        };
        let mut context = Context::new();
        context.insert("card", &card);
        engine
            .tera
            .render(SOCIAL_CARD_TEMPLATE, &context)
            .map_err(|e| tera_diagnostic(&e, &engine.sources, Some(SOCIAL_CARD_TEMPLATE)).message)
    }

    /// The card as PNG bytes. Should a line come out wider than measured (shaping can differ
    /// from plain advances), the title is laid out again one size smaller.
    pub fn draw(&self, engine: &Engine, text: &CardText) -> Result<Vec<u8>, String> {
        let mut last_problem = String::new();
        for start in 0..TITLE_SIZES.len() {
            let svg = self.svg(engine, text, start)?;
            let tree = self.tree(&svg)?;
            match outside(&text_boxes(&tree)) {
                None => return self.png(&tree),
                Some(problem) => last_problem = problem,
            }
        }
        Err(format!(
            "the card's text does not fit in {SOCIAL_CARD_TEMPLATE}: {last_problem}"
        ))
    }

    /// The boxes (left, top, right, bottom) of every text of an SVG, as resvg lays them out.
    pub fn text_boxes(&self, svg: &str) -> Result<Vec<[f32; 4]>, String> {
        Ok(text_boxes(&self.tree(svg)?))
    }

    fn tree(&self, svg: &str) -> Result<usvg::Tree, String> {
        usvg::Tree::from_str(svg, &self.options)
            .map_err(|e| format!("{SOCIAL_CARD_TEMPLATE} is not valid SVG: {e}"))
    }

    fn png(&self, tree: &usvg::Tree) -> Result<Vec<u8>, String> {
        let mut pixmap = tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("empty card")?;
        let size = tree.size();
        let transform = tiny_skia::Transform::from_scale(
            WIDTH as f32 / size.width(),
            HEIGHT as f32 / size.height(),
        );
        resvg::render(tree, transform, &mut pixmap.as_mut());
        encode_png(pixmap.take_demultiplied())
    }

    /// Runs `f` with a measure of the card font's bold or regular face.
    fn with_face<T>(&self, bold: bool, f: impl FnOnce(&Measure<'_>) -> T) -> Option<T> {
        let db = &self.options.fontdb;
        let families = [fontdb::Family::Name(&self.family)];
        let query = fontdb::Query {
            families: &families,
            weight: if bold {
                fontdb::Weight::BOLD
            } else {
                fontdb::Weight::NORMAL
            },
            ..fontdb::Query::default()
        };
        let id = db.query(&query)?;
        db.with_face_data(id, |data, index| Measure::new(data, index).map(|m| f(&m)))
            .flatten()
    }
}

/// A card's RGBA pixels as PNG. Fast compression: a card is mostly flat colour, so it costs
/// little in size, while the default level took half of a cold build's time.
fn encode_png(rgba: Vec<u8>) -> Result<Vec<u8>, String> {
    use image::ImageEncoder;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    // An opaque card (the usual case) is written as RGB, a quarter smaller.
    let opaque = rgba.chunks_exact(4).all(|p| p[3] == u8::MAX);
    let (pixels, color) = if opaque {
        let rgb: Vec<u8> = rgba
            .chunks_exact(4)
            .flat_map(|p| [p[0], p[1], p[2]])
            .collect();
        (rgb, image::ExtendedColorType::Rgb8)
    } else {
        (rgba, image::ExtendedColorType::Rgba8)
    };
    let mut png = Vec::new();
    PngEncoder::new_with_quality(&mut png, CompressionType::Fast, FilterType::Adaptive)
        .write_image(&pixels, WIDTH, HEIGHT, color)
        .map_err(|e| e.to_string())?;
    Ok(png)
}

/// The boxes of every text node, in card pixels.
fn text_boxes(tree: &usvg::Tree) -> Vec<[f32; 4]> {
    let mut boxes = Vec::new();
    collect_text(tree.root(), &mut boxes);
    boxes
}

fn collect_text(group: &usvg::Group, boxes: &mut Vec<[f32; 4]>) {
    for node in group.children() {
        match node {
            usvg::Node::Group(group) => collect_text(group, boxes),
            usvg::Node::Text(text) => {
                let b = text.abs_bounding_box();
                boxes.push([b.left(), b.top(), b.right(), b.bottom()]);
            }
            _ => {}
        }
    }
}

/// The first box that leaves the card's safe area, described.
fn outside(boxes: &[[f32; 4]]) -> Option<String> {
    let (min_x, min_y) = (SAFE_MARGIN, SAFE_MARGIN);
    let (max_x, max_y) = (WIDTH as f32 - SAFE_MARGIN, HEIGHT as f32 - SAFE_MARGIN);
    boxes
        .iter()
        .find(|[l, t, r, b]| *l < min_x || *t < min_y || *r > max_x || *b > max_y)
        .map(|[l, t, r, b]| format!("a text spans ({l:.0}, {t:.0})–({r:.0}, {b:.0})"))
}
