//! The `figure` shortcode: an image with its alt text (or an explicit `decorative=true`), a
//! caption, a credit and a cited source, drawn by the theme's `shortcodes/figure.html`.

use std::ops::Range;

use serde_json::Value as Json;
use tera::{Context, Value};

use crate::markdown::Problem;
use crate::markdown::shortcode::ShortcodeCall;
use crate::render::engine::{Engine, SHORTCODE_DIR};
use crate::render::images::PageImages;

/// The arguments `figure` takes.
const ARGUMENTS: [&str; 6] = ["src", "alt", "decorative", "caption", "credit", "source"];

/// What a `figure` call needs from its page.
pub struct FigureContext<'a> {
    /// The templates.
    pub engine: &'a Engine,
    /// The page's language code and its `language` value.
    pub lang: &'a str,
    /// The `language` template value.
    pub language: &'a Value,
    /// The page's images; none in data fields.
    pub images: Option<&'a PageImages<'a>>,
}

/// Renders a `figure` call; `cite` renders the citation of a source id (as `cite()` does).
pub fn render_figure(
    page: &FigureContext<'_>,
    call: &ShortcodeCall<'_>,
    cite: impl FnOnce(&str) -> Result<String, Problem>,
) -> Result<String, Problem> {
    check_arguments(call)?;
    let text = |name: &str| -> Result<Option<String>, Problem> {
        match call.args.get(name) {
            None => Ok(None),
            Some(Json::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(Problem::new(format!(
                "`{name}` of `figure` takes a string, not `{other}`"
            ))
            .with_hint(format!("write it in quotes: `{name}=\"…\"`"))),
        }
    };
    let decorative = match call.args.get("decorative") {
        None => false,
        Some(Json::Bool(b)) => *b,
        Some(other) => {
            return Err(
                Problem::new(format!("`decorative` takes true or false, not `{other}`"))
                    .with_hint("write `decorative=true` without quotes"),
            );
        }
    };
    let src = text("src")?
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            Problem::new("`figure` needs the image's `src`")
                .with_hint("e.g. `{{ figure(src=\"images/deal.png\", alt=\"…\") }}`")
        })?;
    let alt = text("alt")?.unwrap_or_default();
    check_alt(&alt, decorative)?;
    let Some(images) = page.images else {
        return Err(Problem::new("`figure` cannot be used inside data files"));
    };
    let span: Range<usize> = call.offset..call.offset + call.len;
    let shown = images.show(&src, alt.trim(), None, span, true)?;
    let (picture, url, size) = match shown {
        Some(shown) => (shown.html, shown.url, shown.size),
        None => (external_img(&src, &alt), src.clone(), None),
    };
    let source = text("source")?.map(|id| cite(&id)).transpose()?;
    let mut context = Context::new();
    context.insert("src", &url);
    context.insert("alt", alt.trim());
    context.insert("decorative", &decorative);
    context.insert("caption", &text("caption")?.unwrap_or_default());
    context.insert("credit", &text("credit")?.unwrap_or_default());
    context.insert_value("source", Value::safe_string(&source.unwrap_or_default()));
    context.insert_value("picture", Value::safe_string(&picture));
    context.insert("width", &size.map(|s| s.0));
    context.insert("height", &size.map(|s| s.1));
    context.insert("lang", page.lang);
    context.insert_value("language", page.language.clone());
    let template = format!("{SHORTCODE_DIR}figure.html");
    page.engine.render_shortcode("figure", &template, &context)
}

fn check_arguments(call: &ShortcodeCall<'_>) -> Result<(), Problem> {
    match call.args.keys().find(|k| !ARGUMENTS.contains(&k.as_str())) {
        None => Ok(()),
        Some(name) => {
            let hint = crate::suggest::did_you_mean(name, ARGUMENTS.iter().copied())
                .unwrap_or_else(|| format!("`figure` takes {}", ARGUMENTS.join(", ")));
            Err(
                Problem::new(format!("unknown argument `{name}` for shortcode `figure`"))
                    .with_hint(hint),
            )
        }
    }
}

/// Alt text is required, unless the image is declared decorative (then it must have none).
fn check_alt(alt: &str, decorative: bool) -> Result<(), Problem> {
    match (alt.trim().is_empty(), decorative) {
        (true, false) => Err(Problem::new("this figure has no alt text").with_hint(
            "add `alt=\"…\"` saying what the image shows; if it is only decoration, write `decorative=true`",
        )),
        (false, true) => Err(Problem::new("a decorative figure has alt text").with_hint(
            "remove `decorative=true` if the image says something, or remove `alt`",
        )),
        _ => Ok(()),
    }
}

/// An image on another host, shown as written.
fn external_img(src: &str, alt: &str) -> String {
    use crate::markdown::html::escape_html;
    format!(
        "<img src=\"{}\" alt=\"{}\" loading=\"lazy\" decoding=\"async\">",
        escape_html(src),
        escape_html(alt.trim())
    )
}
