//! Checks of the chart colours a stylesheet declares: the custom properties of `:root`, for the
//! light scheme, and of `:root` inside `@media (prefers-color-scheme: dark)`, for the dark one
//! (which keeps every light value it does not replace). Checked in each scheme:
//!
//! - chart text (`--text`, `--muted`) against `--bg`: at least 4.5:1 (WCAG AA), else an error;
//! - each palette colour (`--chart-1` to `--chart-5`, `--chart-highlight`, `--chart-muted`)
//!   against `--bg`: at least 3:1 (WCAG 1.4.11, graphical objects), else a warning;
//! - every two colours drawn together (the numbered ones, and the highlight against the muted
//!   one), seen with typical vision, deuteranopia, protanopia and tritanopia: at least
//!   [`MIN_DISTANCE`] apart in OKLab, else a warning naming both.
//!
//! Colours must be `#rgb` or `#rrggbb`; other values are not checked. A stylesheet without
//! `--chart-1` is not checked at all (its theme draws charts its own way).

use std::collections::BTreeMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, SourceFile};
use crate::render::chart::colour::{Linear, Vision, contrast, distance, parse_hex};

/// The least OKLab distance between two chart colours. The Okabe–Ito palette, made for colour
/// blind readers, keeps its colours at least 0.076 apart under all three simulations; a red and
/// a green that deuteranopes confuse are 0.03 apart.
pub const MIN_DISTANCE: f64 = 0.06;

/// A custom property as declared.
#[derive(Debug, Clone)]
struct Declared {
    value: String,
    span: Range<usize>,
}

type Properties = BTreeMap<String, Declared>;

/// The custom properties of the light and the dark scheme.
fn custom_properties(text: &str) -> (Properties, Properties) {
    let (mut light, mut dark) = (Properties::new(), Properties::new());
    let mut stack: Vec<String> = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |end| i + 2 + end + 2);
                start = i;
                continue;
            }
            b'{' => {
                stack.push(text[start..i].trim().to_string());
                start = i + 1;
            }
            b'}' | b';' => {
                let scheme = match stack.as_slice() {
                    [root] if root == ":root" => Some(&mut light),
                    [media, root] if root == ":root" && is_dark(media) => Some(&mut dark),
                    _ => None,
                };
                if let Some(scheme) = scheme {
                    declare(scheme, text, start..i);
                }
                if bytes[i] == b'}' {
                    stack.pop();
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    (light, dark)
}

fn is_dark(media: &str) -> bool {
    media.starts_with("@media") && media.contains("prefers-color-scheme") && media.contains("dark")
}

fn declare(scheme: &mut Properties, text: &str, range: Range<usize>) {
    let Some((name, value)) = text[range.clone()].split_once(':') else {
        return;
    };
    let name = name.trim();
    if !name.starts_with("--") {
        return;
    }
    let value_start = range.start + text[range.clone()].find(':').unwrap_or(0) + 1;
    let lead = value.len() - value.trim_start().len();
    let value = value.trim().to_string();
    let span = value_start + lead..value_start + lead + value.len();
    scheme.insert(name.to_string(), Declared { value, span });
}

/// Every problem with the chart colours of a stylesheet: errors, then warnings.
pub fn check(source: &SourceFile) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
    let (light, dark_only) = custom_properties(&source.text);
    if !light.contains_key("--chart-1") {
        return (Vec::new(), Vec::new());
    }
    let mut dark = light.clone();
    dark.extend(dark_only);
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for (scheme, properties) in [("light", &light), ("dark", &dark)] {
        let found = Scheme {
            source,
            name: scheme,
            properties,
        };
        found.check(&mut errors, &mut warnings);
    }
    (errors, warnings)
}

/// One scheme's properties, being checked.
struct Scheme<'a> {
    source: &'a SourceFile,
    name: &'a str,
    properties: &'a Properties,
}

impl Scheme<'_> {
    fn colour(&self, name: &str) -> Option<(Linear, &Declared)> {
        let declared = self.properties.get(name)?;
        Some((parse_hex(&declared.value)?, declared))
    }

    fn check(&self, errors: &mut Vec<Diagnostic>, warnings: &mut Vec<Diagnostic>) {
        let Some((bg, bg_declared)) = self.colour("--bg") else {
            return;
        };
        let scheme = self.name;
        for name in ["--text", "--muted"] {
            let Some((colour, declared)) = self.colour(name) else {
                continue;
            };
            let ratio = contrast(colour, bg);
            if ratio < 4.5 {
                errors.push(
                    Diagnostic::error(format!(
                        "chart text in `{name}` ({}) on `--bg` ({}) has a contrast of {ratio:.2}:1 in the {scheme} scheme; WCAG AA needs 4.5:1",
                        declared.value, bg_declared.value
                    ))
                    .at(self.source, declared.span.clone())
                    .with_hint(format!("darken or lighten `{name}` until it reaches 4.5:1")),
                );
            }
        }
        let palette: Vec<String> = (1..=crate::resolve::chart_spec::PALETTE_SIZE)
            .map(|n| format!("--chart-{n}"))
            .chain(["--chart-highlight".to_string(), "--chart-muted".to_string()])
            .collect();
        for name in &palette {
            let Some((colour, declared)) = self.colour(name) else {
                continue;
            };
            let ratio = contrast(colour, bg);
            if ratio < 3.0 {
                warnings.push(
                    Diagnostic::warning(format!(
                        "the chart colour `{name}` ({}) has a contrast of {ratio:.2}:1 with `--bg` in the {scheme} scheme; bars and lines need 3:1",
                        declared.value
                    ))
                    .at(self.source, declared.span.clone())
                    .with_hint("make it darker (light scheme) or lighter (dark scheme)"),
                );
            }
        }
        let numbered = &palette[..palette.len() - 2];
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        for (i, a) in numbered.iter().enumerate() {
            pairs.extend(numbered[i + 1..].iter().map(|b| (a.as_str(), b.as_str())));
        }
        pairs.push(("--chart-highlight", "--chart-muted"));
        for (a, b) in pairs {
            if let Some(warning) = self.look_alike(a, b) {
                warnings.push(warning);
            }
        }
    }

    /// A warning if `a` and `b` look alike with some kind of colour vision.
    fn look_alike(&self, a: &str, b: &str) -> Option<Diagnostic> {
        let ((first, first_declared), (second, second_declared)) =
            (self.colour(a)?, self.colour(b)?);
        let (closest, vision) = Vision::ALL
            .iter()
            .map(|v| (distance(first, second, *v), *v))
            .min_by(|x, y| x.0.total_cmp(&y.0))?;
        (closest < MIN_DISTANCE).then(|| {
            Diagnostic::warning(format!(
                "the chart colours `{a}` ({}) and `{b}` ({}) look alike with {} in the {} scheme (OKLab distance {closest:.3}, at least {MIN_DISTANCE} needed)",
                first_declared.value,
                second_declared.value,
                vision.name(),
                self.name
            ))
            .at(self.source, second_declared.span.clone())
            .with_hint(format!(
                "change `{b}` (or `{a}`): colours that differ in lightness as well as hue stay apart"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSS: &str = ":root {\n  --bg: #ffffff; /* page */\n  --text: #111111;\n  --muted: #444444;\n  --chart-1: #d62728;\n  --chart-2: #2ca02c;\n}\n@media (prefers-color-scheme: dark) {\n  :root {\n    --bg: #111111;\n    --text: #eeeeee;\n    --muted: #333333;\n  }\n}\n@media print { :root { --chart-1: #000; } }\n";

    #[test]
    fn red_and_green_are_a_warning_and_dark_muted_text_an_error() {
        let source = SourceFile::new("static/style.css", CSS);
        let (errors, warnings) = check(&source);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].message.contains("`--muted` (#333333)"));
        assert!(errors[0].message.contains("dark scheme"));
        assert_eq!((errors[0].position().1, errors[0].position().2), (12, 14));
        let alike: Vec<&Diagnostic> = warnings
            .iter()
            .filter(|w| w.message.contains("look alike"))
            .collect();
        assert_eq!(alike.len(), 2, "{warnings:?}");
        assert!(
            alike[0]
                .message
                .contains("`--chart-1` (#d62728) and `--chart-2` (#2ca02c)")
        );
        assert_eq!(alike[0].position().1, 6);
    }

    #[test]
    fn the_theme_palette_passes() {
        let text = include_str!("../../../themes/explainer/static/style.css");
        let (errors, warnings) = check(&SourceFile::new("style.css", text));
        assert!(
            errors.is_empty() && warnings.is_empty(),
            "{errors:?} {warnings:?}"
        );
    }
}
