//! Front matter: the YAML block between two `---` lines at the top of a Markdown file.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

use crate::diagnostic::{Diagnostic, SourceFile};
pub use crate::load::page_date::{PageDate, date_hint, parse_date};
use crate::load::yaml;

/// A page's or section's front matter.
///
/// Keys that are not listed here are kept in `other`: they may name a collection
/// (`companies: [amazon]`), which only the resolve stage knows about; there, any other key is an
/// error with a "did you mean" hint.
#[derive(Debug, Clone, Serialize, PartialEq, Default)]
pub struct FrontMatter {
    /// The title (required).
    pub title: String,
    /// A one-sentence summary for meta tags and lists.
    #[serde(default)]
    pub description: Option<String>,
    /// Publication date.
    #[serde(default)]
    pub date: Option<PageDate>,
    /// Date of the last update.
    #[serde(default)]
    pub updated: Option<PageDate>,
    /// Left out of the build unless `--drafts`.
    #[serde(default)]
    pub draft: bool,
    /// Position in a section sorted by weight.
    #[serde(default)]
    pub weight: Option<i64>,
    /// Replaces the file or folder name in the URL.
    #[serde(default)]
    pub slug: Option<String>,
    /// Old paths that redirect here.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The template to render with, instead of the default one.
    #[serde(default)]
    pub template: Option<String>,
    /// Terms per taxonomy, e.g. `tags: [chips]`.
    #[serde(default)]
    pub taxonomies: BTreeMap<String, Vec<String>>,
    /// For sections: how to order their pages.
    #[serde(default)]
    pub sort_by: Option<SortBy>,
    /// Whether glossary terms are linked on this page (used by the glossary).
    #[serde(default)]
    pub glossary: Option<bool>,
    /// For a translation: the short hash of the default language's version it was translated
    /// from (`spiega translations --mark` writes it), to tell when that version changed since.
    #[serde(default)]
    pub translation_of: Option<String>,
    /// Free-form values for templates, as `page.extra`.
    #[serde(default)]
    pub extra: serde_yaml::Mapping,
    /// Keys that are not front matter keys, with their values: refs to collections, or mistakes.
    #[serde(skip)]
    pub other: Vec<(String, serde_yaml::Value)>,
}

/// The keys front matter knows, for "did you mean" hints.
pub const FRONT_MATTER_KEYS: [&str; 14] = [
    "title",
    "description",
    "date",
    "updated",
    "draft",
    "weight",
    "slug",
    "aliases",
    "template",
    "taxonomies",
    "sort_by",
    "glossary",
    "translation_of",
    "extra",
];

impl<'de> Deserialize<'de> for FrontMatter {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FrontMatterVisitor)
    }
}

struct FrontMatterVisitor;

/// Stores a key's value, refusing a key given twice (serde_yaml would silently keep the last).
fn set_once<'de, A: de::MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    key: &str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return map.next_value_seed(Refuse(format!("duplicate key `{key}`")));
    }
    *slot = Some(map.next_value::<T>()?);
    Ok(())
}

/// Fails on the value it is given with its message, so that serde_yaml places the error at that
/// value (an error raised after the value was read would point at the start of the front matter).
struct Refuse(String);

impl<'de> de::DeserializeSeed<'de> for Refuse {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Refuse {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Err(E::custom(self.0))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(self.0))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, _: A) -> Result<(), A::Error> {
        Err(de::Error::custom(self.0))
    }
}

impl<'de> Visitor<'de> for FrontMatterVisitor {
    type Value = FrontMatter;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("front matter keys such as `title: …`")
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<FrontMatter, A::Error> {
        let mut title = None;
        let mut description = None;
        let mut date = None;
        let mut updated = None;
        let mut draft = None;
        let mut weight = None;
        let mut slug = None;
        let mut aliases = None;
        let mut template = None;
        let mut taxonomies = None;
        let mut sort_by = None;
        let mut glossary = None;
        let mut translation_of = None;
        let mut extra = None;
        let mut other = Vec::new();
        // A set beside the list: a page with N extra keys is checked for repeats in N steps.
        let mut other_keys = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "title" => set_once(&mut map, &mut title, &key)?,
                "description" => set_once(&mut map, &mut description, &key)?,
                "date" => set_once(&mut map, &mut date, &key)?,
                "updated" => set_once(&mut map, &mut updated, &key)?,
                "draft" => set_once(&mut map, &mut draft, &key)?,
                "weight" => set_once(&mut map, &mut weight, &key)?,
                "slug" => set_once(&mut map, &mut slug, &key)?,
                "aliases" => set_once(&mut map, &mut aliases, &key)?,
                "template" => set_once(&mut map, &mut template, &key)?,
                "taxonomies" => set_once(&mut map, &mut taxonomies, &key)?,
                "sort_by" => set_once(&mut map, &mut sort_by, &key)?,
                "glossary" => set_once(&mut map, &mut glossary, &key)?,
                "translation_of" => set_once(&mut map, &mut translation_of, &key)?,
                "extra" => set_once(&mut map, &mut extra, &key)?,
                _ => {
                    if !other_keys.insert(key.clone()) {
                        map.next_value_seed(Refuse(format!("duplicate key `{key}`")))?;
                    }
                    let value = map.next_value::<serde_yaml::Value>()?;
                    other.push((key, value));
                }
            }
        }
        Ok(FrontMatter {
            title: title.ok_or_else(|| de::Error::missing_field("title"))?,
            description,
            date,
            updated,
            draft: draft.unwrap_or(false),
            weight,
            slug,
            aliases: aliases.unwrap_or_default(),
            template,
            taxonomies: taxonomies.unwrap_or_default(),
            sort_by,
            glossary,
            translation_of: translation_of.map(|hash: TranslationHash| hash.0),
            extra: extra.unwrap_or_default(),
            other,
        })
    }
}

/// A `translation_of` value: a hash, which YAML may read as a number when it has only digits
/// (`translation_of: 0123456789`), so any scalar is taken as its text.
struct TranslationHash(String);

impl<'de> Deserialize<'de> for TranslationHash {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match serde_yaml::Value::deserialize(deserializer)? {
            serde_yaml::Value::String(text) => Ok(TranslationHash(text)),
            serde_yaml::Value::Number(number) => Ok(TranslationHash(number.to_string())),
            _ => Err(de::Error::custom(
                "`translation_of` must be the hash that `spiega translations --mark` writes",
            )),
        }
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first; pages without a date come last.
    #[default]
    Date,
    /// Lightest first; pages without a weight come last.
    Weight,
    /// Alphabetical by title.
    Title,
}

/// A Markdown file split into its front matter and body.
#[derive(Debug, Clone)]
pub struct SplitFile {
    /// The parsed front matter.
    pub front: FrontMatter,
    /// The byte range of the YAML between the `---` lines.
    pub front_range: Range<usize>,
    /// The byte range of the Markdown body.
    pub body_range: Range<usize>,
}

/// Where a Markdown file's front matter and body are, before the front matter is parsed.
struct Layout {
    /// The first line (`---`), or where the file should start with one.
    opening: Range<usize>,
    /// The YAML between the `---` lines, if both are there.
    front: Option<Range<usize>>,
    /// The Markdown body: after the closing `---`, the whole text without front matter, or
    /// nothing when the front matter is not closed.
    body: Range<usize>,
}

fn layout(text: &str) -> Layout {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let first_line_end = line_end(text, start);
    let opening = start..first_line_end;
    if text[opening.clone()].trim_end() != "---" {
        return Layout {
            opening,
            front: None,
            body: start..text.len(),
        };
    }
    let yaml_start = next_line(text, first_line_end);
    let mut cursor = yaml_start;
    while cursor < text.len() {
        let end = line_end(text, cursor);
        if text[cursor..end].trim_end() == "---" {
            return Layout {
                opening,
                front: Some(yaml_start..cursor),
                body: next_line(text, end)..text.len(),
            };
        }
        cursor = next_line(text, end);
    }
    Layout {
        opening,
        front: None,
        body: text.len()..text.len(),
    }
}

/// The byte range of a Markdown file's body, even when its front matter does not parse: a page
/// whose front matter is broken still has its body checked, for the mistakes of its own.
pub fn body_range(source: &SourceFile) -> Range<usize> {
    layout(&source.text).body
}

/// Splits and parses the front matter of a Markdown file.
pub fn split_front_matter(source: &SourceFile) -> Result<SplitFile, Diagnostic> {
    let text = &*source.text;
    let layout = layout(text);
    if text[layout.opening.clone()].trim_end() != "---" {
        return Err(Diagnostic::error("missing front matter")
            .at(source, layout.opening)
            .with_label("a page must start with a `---` line")
            .with_hint("start the file with `---`, a line `title: …` and another `---`"));
    }
    let Some(front_range) = layout.front else {
        return Err(Diagnostic::error("front matter is not closed")
            .at(source, layout.opening)
            .with_label("this `---` has no closing `---`")
            .with_hint("add a line with `---` after the last front matter key"));
    };
    let front = parse_front(source, front_range.clone(), layout.opening)?;
    Ok(SplitFile {
        front,
        front_range,
        body_range: layout.body,
    })
}

fn parse_front(
    source: &SourceFile,
    range: Range<usize>,
    opening: Range<usize>,
) -> Result<FrontMatter, Diagnostic> {
    if source.text[range.clone()].trim().is_empty() {
        return Err(Diagnostic::error("missing required key `title`")
            .at(source, opening)
            .with_hint("add `title: …` between the `---` lines"));
    }
    let front: FrontMatter = yaml::parse_slice(source, range.clone())
        .map_err(|diagnostic| explain_missing_title(source, range.clone(), diagnostic))?;
    if front.title.trim().is_empty() {
        let span = crate::load::config::key_span(source, "title");
        return Err(Diagnostic::error("the title is empty")
            .at(source, span)
            .with_hint("give the page a title"));
    }
    check_extra(source, range, &front.extra)?;
    Ok(front)
}

/// A theme may put any value of `extra` in a link or an image: none may be a URL that runs
/// script. Checked here, where every page is parsed (by `serve` after an edit too); the first one
/// found is reported, like any other front matter error.
fn check_extra(
    source: &SourceFile,
    range: Range<usize>,
    extra: &serde_yaml::Mapping,
) -> Result<(), Diagnostic> {
    let Some((path, danger)) = crate::load::extra_urls::find_in_map(extra)
        .into_iter()
        .next()
    else {
        return Ok(());
    };
    let text = source.text.get(range.clone()).unwrap_or_default();
    let front = SourceFile::new(source.path.clone(), text);
    let mut steps = vec![crate::diagnostic::locate::Step::Key("extra".to_string())];
    steps.extend(path);
    let span = crate::diagnostic::locate::locate(&front, &steps)
        .map_or(range.start..range.start, |s| {
            range.start + s.start..range.start + s.end
        });
    Err(Diagnostic::error(format!("`extra` holds a {danger}"))
        .at(source, span)
        .with_hint(danger.hint()))
}

/// "Missing title" next to a key such as `titel` is really a typo: say so, at the typo.
fn explain_missing_title(
    source: &SourceFile,
    range: Range<usize>,
    diagnostic: Diagnostic,
) -> Diagnostic {
    if !diagnostic
        .message
        .starts_with("missing required key `title`")
    {
        return diagnostic;
    }
    let text = source.text.get(range.clone()).unwrap_or_default();
    let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(text)
    else {
        return diagnostic;
    };
    let typo = map
        .keys()
        .filter_map(serde_yaml::Value::as_str)
        .find(|key| {
            !FRONT_MATTER_KEYS.contains(key) && crate::suggest::closest(key, ["title"]).is_some()
        });
    let Some(typo) = typo else {
        return diagnostic;
    };
    let span = crate::diagnostic::locate::locate_in(
        source,
        range.clone(),
        &[crate::diagnostic::locate::Step::KeyName(typo.to_string())],
    )
    .unwrap_or(range.start..range.start);
    Diagnostic::error(format!("unknown front matter key `{typo}`"))
        .at(source, span)
        .with_hint("did you mean `title`?")
}

/// The byte offset of the end of the line starting at `start` (before its `\n`).
fn line_end(text: &str, start: usize) -> usize {
    text[start..].find('\n').map_or(text.len(), |i| start + i)
}

/// The byte offset after the `\n` at `end`, or the end of the text.
fn next_line(text: &str, end: usize) -> usize {
    (end + 1).min(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Result<SplitFile, Diagnostic> {
        split_front_matter(&SourceFile::new("content/a.md", text))
    }

    #[test]
    fn splits_front_matter_and_body() {
        let text = "---\ntitle: Ciao\ndate: 2024-03-27\n---\n# Body\n";
        let file = split(text).ok();
        let file = file.as_ref();
        assert_eq!(file.map(|f| f.front.title.as_str()), Some("Ciao"));
        assert_eq!(file.map(|f| &text[f.body_range.clone()]), Some("# Body\n"));
        assert_eq!(
            file.and_then(|f| f.front.date).map(|d| d.to_string()),
            Some("2024-03-27".to_string())
        );
    }

    #[test]
    fn unclosed_front_matter_points_at_the_opening_line() {
        let error = split("---\ntitle: x\n# Body\n").err();
        assert_eq!(
            error.as_ref().map(|e| e.message.as_str()),
            Some("front matter is not closed")
        );
        assert_eq!(error.map(|e| e.position().1), Some(1));
    }

    #[test]
    fn a_bad_date_is_reported_at_its_value() {
        let error = split("---\ntitle: x\ndate: 2024-02-30\n---\n").err();
        let position = error.as_ref().map(|e| (e.position().1, e.position().2));
        assert_eq!(position, Some((3, 7)));
        assert!(
            error
                .map(|e| e.message)
                .unwrap_or_default()
                .contains("2024-02-30")
        );
    }

    #[test]
    fn a_date_with_a_loose_shape_is_refused() {
        assert!(parse_date("2024-3-5").is_err());
        assert!(parse_date("24-03-27").is_err());
        assert!(parse_date("2024-03-27").is_ok());
    }

    #[test]
    fn unknown_keys_are_kept_for_the_resolve_stage() {
        let file = split("---\ntitle: x\ncompanies: [amazon]\n---\n").ok();
        let other = file.map(|f| f.front.other).unwrap_or_default();
        assert_eq!(other.len(), 1);
        assert_eq!(other[0].0, "companies");
    }

    #[test]
    fn a_duplicate_key_is_an_error_at_its_line() {
        let error = split("---\ntitle: x\ndate: 2024-01-01\ntitle: y\n---\n").err();
        assert_eq!(
            error.as_ref().map(|e| e.message.as_str()),
            Some("duplicate key `title`")
        );
        assert_eq!(error.map(|e| e.position().1), Some(4));
    }

    #[test]
    fn missing_title_is_reported() {
        let error = split("---\ndate: 2024-01-01\n---\n").err();
        assert_eq!(
            error.map(|e| e.message),
            Some("missing required key `title`".to_string())
        );
    }

    #[test]
    fn a_script_url_in_extra_is_an_error_at_its_value() {
        let error =
            split("---\ntitle: x\nextra:\n  cta:\n    href: \"javascript:alert(1)\"\n---\n").err();
        assert_eq!(
            error.as_ref().map(|e| e.message.as_str()),
            Some("`extra` holds a `javascript:` URL, which runs script if a theme links to it")
        );
        assert_eq!(
            error.as_ref().map(|e| (e.position().1, e.position().2)),
            Some((5, 11))
        );
        assert!(error.and_then(|e| e.hint).is_some());
        assert!(split("---\ntitle: x\nextra: {kicker: \"Data: 12 marzo\"}\n---\n").is_ok());
    }

    #[test]
    fn windows_line_endings_are_accepted() {
        let file = split("---\r\ntitle: x\r\n---\r\nbody").ok();
        assert_eq!(file.map(|f| f.front.title), Some("x".to_string()));
    }
}
