//! site.yaml: the site's configuration, checked key by key.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::locate::{Step, locate};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::yaml;
use crate::markdown::{HeadingAnchors, MarkdownOptions};

/// The name of the configuration file at the site root.
pub const CONFIG_FILE: &str = "site.yaml";

/// The whole of site.yaml, with defaults filled in.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's title in the default language.
    pub title: String,
    /// The site's description in the default language.
    #[serde(default)]
    pub description: String,
    /// Where the site is deployed; may include a sub-path. Always ends with `/` once loaded.
    pub base_url: String,
    /// The code of the language whose pages have no URL prefix.
    #[serde(default = "default_language")]
    pub default_language: String,
    /// Every language of the site, the default one included.
    #[serde(default)]
    pub languages: Vec<LanguageConfig>,
    /// The folder under `themes/` that holds the templates and static files.
    #[serde(default)]
    pub theme: Option<String>,
    /// The taxonomies pages may use in their front matter (e.g. `tags`).
    #[serde(default)]
    pub taxonomies: Vec<TaxonomyConfig>,
    /// Markdown rendering options.
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// Whether to write an Atom feed per language.
    #[serde(default = "yes")]
    pub feed: bool,
    /// Whether to write a search index per language (`search.json`) for the theme's search box.
    #[serde(default)]
    pub search: bool,
    /// Collections of data entries (`content/data/<name>.yaml`) with a schema.
    #[serde(default)]
    pub collections: Vec<CollectionConfig>,
    /// Series for charts (`content/data/<name>.csv` or `.yaml`): rows of an x value (a date or
    /// a number) and numbers, without ids or pages.
    #[serde(default)]
    pub series: Vec<SeriesConfig>,
    /// Where the timeline (`content/data/timeline.yaml`) is published, and its categories.
    #[serde(default)]
    pub timeline: Option<TimelineConfig>,
    /// Where the glossary (`content/data/glossary.yaml`) is published.
    #[serde(default)]
    pub glossary: Option<GlossaryConfig>,
    /// Where the list of every source (`content/data/sources.yaml`) is published.
    #[serde(default)]
    pub sources: Option<SourcesConfig>,
    /// How pages and data values missing in a language, and outdated translations, are
    /// reported.
    #[serde(default)]
    pub translations: TranslationsConfig,
    /// The site's navigation, the same items in every language; without it, themes list the
    /// home section's pages and subsections by weight.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// How Markdown images and `figure` are processed into responsive variants.
    #[serde(default)]
    pub images: ImagesConfig,
    /// Whether every page gets a social card (a PNG for `og:image`) drawn from the theme's
    /// `social_card.svg` template.
    #[serde(default = "yes")]
    pub social_cards: bool,
    /// Where processed images and social cards are kept between builds, relative to the site
    /// root: outside the output and content/, safe to delete.
    #[serde(default = "default_cache_dir")]
    pub cache_dir: String,
    /// Free-form values for themes, as `config.extra`.
    #[serde(default)]
    pub extra: serde_yaml::Mapping,
}

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

/// How a translation check is reported.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum CheckLevel {
    /// An error: the build fails.
    Error,
    /// A warning (an error with `--strict`).
    Warn,
    /// Nothing is said.
    Ignore,
}

/// site.yaml `translations`: one level for pages and data values (`translations: error`), or
/// one each (`translations: {pages: warn, data: error}`).
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, Hash)]
pub struct TranslationsConfig {
    /// A page or section present in the default language and missing in another (or whose
    /// translation is older than its source), and links that fall back to another language.
    pub pages: CheckLevel,
    /// A `text`, `markdown` or `text_list` value given per language that lacks one: with
    /// `warn` or `ignore`, that language shows the default language's value.
    pub data: CheckLevel,
}

impl Default for TranslationsConfig {
    /// Pages warn: a translation takes time and the site is usable meanwhile. Data errs, as it
    /// always has: a map of texts that lacks a language is nearly always a slip, fixed in the
    /// same line.
    fn default() -> Self {
        Self {
            pages: CheckLevel::Warn,
            data: CheckLevel::Error,
        }
    }
}

fn default_cache_dir() -> String {
    ".spiega-cache".to_string()
}

/// `translations: {pages: …, data: …}`, each optional.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TranslationsMap {
    #[serde(default)]
    pages: Option<CheckLevel>,
    #[serde(default)]
    data: Option<CheckLevel>,
}

impl<'de> Deserialize<'de> for TranslationsConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TranslationsVisitor)
    }
}

struct TranslationsVisitor;

impl<'de> serde::de::Visitor<'de> for TranslationsVisitor {
    type Value = TranslationsConfig;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("`error`, `warn` or `ignore`, or a map with `pages` and `data`")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
        use serde::de::IntoDeserializer;
        let level = CheckLevel::deserialize(text.into_deserializer())?;
        Ok(TranslationsConfig {
            pages: level,
            data: level,
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let given =
            TranslationsMap::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        let default = TranslationsConfig::default();
        Ok(TranslationsConfig {
            pages: given.pages.unwrap_or(default.pages),
            data: given.data.unwrap_or(default.data),
        })
    }
}

/// A collection of data entries with a schema, and optionally a page per entry.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CollectionConfig {
    /// Its name: the data file `content/data/<name>.yaml` and the key in `@/data/<name>/<id>`.
    pub name: String,
    /// The template of each entry's page.
    #[serde(default)]
    pub template: Option<String>,
    /// Per language, the path of an entry's page relative to base_url, with `{id}`.
    #[serde(default)]
    pub paths: std::collections::BTreeMap<String, String>,
    /// The field used as each entry's title (default: `name` if the schema has it, else the id).
    #[serde(default)]
    pub title_field: Option<String>,
    /// The fields an entry may have, besides `id`.
    #[serde(default)]
    pub fields: Vec<FieldConfig>,
    /// The collection's name (one text, or one per language), for headings, menus and its
    /// index page.
    #[serde(default)]
    pub label: Translatable,
    /// The field whose text describes each entry in a sentence (cards, meta descriptions).
    #[serde(default)]
    pub description_field: Option<String>,
    /// Per language, the path of a page listing every entry (none if empty).
    #[serde(default)]
    pub index_paths: std::collections::BTreeMap<String, String>,
    /// The template of the index page.
    #[serde(default = "collection_template")]
    pub index_template: String,
    /// For a series (site.yaml `series`): the field on its x axis. Series have no ids of their
    /// own and no pages; charts draw them over this field.
    #[serde(skip)]
    pub series_x: Option<String>,
}

/// A series (site.yaml `series`): each row an x value and numbers, e.g. a date and amounts.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SeriesConfig {
    /// Its name: the data file `content/data/<name>.csv` (or `.yaml`).
    pub name: String,
    /// Its name for readers (one text, or one per language).
    #[serde(default)]
    pub label: Translatable,
    /// The field on the x axis: a `date`, `number` or `integer` field.
    pub x: FieldConfig,
    /// The other fields of each row (the numbers charts draw).
    pub fields: Vec<FieldConfig>,
}

impl SeriesConfig {
    /// The series as a collection without pages: its x field first, named `series_x`.
    pub fn as_collection(&self) -> CollectionConfig {
        let mut fields = vec![self.x.clone()];
        fields.extend(self.fields.iter().cloned());
        CollectionConfig {
            name: self.name.clone(),
            template: None,
            paths: Default::default(),
            title_field: Some(self.x.name.clone()),
            fields,
            label: self.label.clone(),
            description_field: None,
            index_paths: Default::default(),
            index_template: collection_template(),
            series_x: Some(self.x.name.clone()),
        }
    }
}

impl CollectionConfig {
    /// Its name in a language: the label, else the name as declared.
    pub fn title(&self, lang: &str) -> &str {
        self.label.get(lang).unwrap_or(&self.name)
    }
}

impl FieldConfig {
    /// Its name in a language: the label, else the field's name.
    pub fn title(&self, lang: &str) -> &str {
        self.label.get(lang).unwrap_or(&self.name)
    }

    /// Its unit in a language, if it has one.
    pub fn unit(&self, lang: &str) -> Option<&str> {
        self.unit.as_ref().and_then(|unit| unit.get(lang))
    }
}

/// What the entries of a collection render with when it names no `template`.
pub const DEFAULT_ENTRY_TEMPLATE: &str = "entry.html";

fn collection_template() -> String {
    "collection.html".to_string()
}

/// One field of a collection's schema.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct FieldConfig {
    /// The key in each entry.
    pub name: String,
    /// What values it takes.
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// Whether every entry must have it.
    #[serde(default)]
    pub required: bool,
    /// For `string` fields: the allowed values.
    #[serde(default, rename = "enum")]
    pub allowed: Option<Vec<String>>,
    /// For `number` fields: the unit (one text, or one per language), shown in tables and charts.
    #[serde(default)]
    pub unit: Option<Translatable>,
    /// For `number` and `integer` fields: the smallest value allowed (`min: 0` for a quantity).
    #[serde(default)]
    pub min: Option<f64>,
    /// For `number` and `integer` fields: the largest value allowed.
    #[serde(default)]
    pub max: Option<f64>,
    /// For `ref` and `refs` fields: the collection the ids belong to.
    #[serde(default)]
    pub collection: Option<String>,
    /// A label (one text, or one per language), for tables, charts and entry pages.
    #[serde(default)]
    pub label: Translatable,
}

/// The type of a collection field.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    /// A plain string.
    String,
    /// A translatable string.
    Text,
    /// A translatable list of strings.
    TextList,
    /// Translatable Markdown, rendered to HTML.
    Markdown,
    /// A whole number.
    Integer,
    /// A number, with an optional unit.
    Number,
    /// true or false.
    Bool,
    /// `2024`, `2024-03` or `2024-03-27`.
    Date,
    /// An http(s) URL.
    Url,
    /// A list of strings.
    List,
    /// The id of an entry of another collection.
    Ref,
    /// A list of ids of entries of another collection.
    Refs,
}

/// site.yaml `timeline`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TimelineConfig {
    /// Per language, the timeline page's path relative to base_url.
    pub paths: std::collections::BTreeMap<String, String>,
    /// The template of the timeline pages.
    #[serde(default = "timeline_template")]
    pub template: String,
    /// The categories events may have.
    #[serde(default)]
    pub categories: Vec<CategoryConfig>,
    /// Per language, the URL segment of the category filter pages (`<timeline>/<segment>/<id>/`);
    /// `categories` where a language has none.
    #[serde(default)]
    pub category_segments: std::collections::BTreeMap<String, String>,
}

/// A timeline category.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CategoryConfig {
    /// Its id, used in events and URLs.
    pub id: String,
    /// Its name (one text, or one per language).
    #[serde(default)]
    pub label: Translatable,
}

/// site.yaml `glossary`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct GlossaryConfig {
    /// Per language, the glossary page's path relative to base_url.
    pub paths: std::collections::BTreeMap<String, String>,
    /// The template of the glossary pages.
    #[serde(default = "glossary_template")]
    pub template: String,
}

/// site.yaml `sources`: a page per language listing every source.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct SourcesConfig {
    /// Per language, the sources page's path relative to base_url.
    pub paths: std::collections::BTreeMap<String, String>,
    /// The template of the sources pages.
    #[serde(default = "sources_template")]
    pub template: String,
}

fn sources_template() -> String {
    "sources.html".to_string()
}

/// One item of site.yaml `menu`: exactly one of `page`, `collection`, `timeline`, `glossary`,
/// `sources` or `url`; `title` replaces the item's own title (and is required with `url`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// A page or section by its content path (`storia/_index.md`, `chip.md`).
    #[serde(default)]
    pub page: Option<String>,
    /// A collection's index page, by the collection's name.
    #[serde(default)]
    pub collection: Option<String>,
    /// The timeline page.
    #[serde(default)]
    pub timeline: bool,
    /// The glossary page.
    #[serde(default)]
    pub glossary: bool,
    /// The sources page.
    #[serde(default)]
    pub sources: bool,
    /// Any other address: a path on this site (`/about/`) or a full URL.
    #[serde(default)]
    pub url: Option<String>,
    /// The title per language (a plain string for every language).
    #[serde(default)]
    pub title: Option<Translatable>,
}

/// A text written once for every language, or per language (`{it: "…", en: "…"}`).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum Translatable {
    /// The same text in every language.
    Same(String),
    /// One text per language code.
    PerLanguage(std::collections::BTreeMap<String, String>),
}

impl Default for Translatable {
    fn default() -> Self {
        Self::PerLanguage(std::collections::BTreeMap::new())
    }
}

impl Translatable {
    /// The text in a language, if there is one.
    pub fn get(&self, lang: &str) -> Option<&str> {
        match self {
            Self::Same(text) => Some(text),
            Self::PerLanguage(texts) => texts.get(lang).map(String::as_str),
        }
    }

    /// A text to name the value in a message that is in no language: the text written once,
    /// or the first language's.
    pub fn any(&self) -> Option<&str> {
        match self {
            Self::Same(text) => Some(text),
            Self::PerLanguage(texts) => texts.values().next().map(String::as_str),
        }
    }

    /// Whether there is a text for a language.
    pub fn has(&self, lang: &str) -> bool {
        self.get(lang).is_some()
    }
}

fn timeline_template() -> String {
    "timeline.html".to_string()
}

fn glossary_template() -> String {
    "glossary.html".to_string()
}

/// One language of the site.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    /// The language code used in file names (`chips.en.md`) and URLs (`/en/`).
    pub code: String,
    /// The language's own name, for language switchers (`Italiano`, `English`).
    #[serde(default)]
    pub name: String,
    /// The site's title in this language (defaults to the site title).
    #[serde(default)]
    pub title: String,
    /// The site's description in this language (defaults to the site description).
    #[serde(default)]
    pub description: String,
}

/// A taxonomy such as `tags`.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TaxonomyConfig {
    /// Its name in front matter and in URLs (`/tags/`).
    pub name: String,
    /// Whether each term also gets an Atom feed.
    #[serde(default)]
    pub feed: bool,
    /// Its name (one text, or one per language: `{it: Argomenti, en: Topics}`), for headings and
    /// links.
    #[serde(default)]
    pub label: Translatable,
}

impl TaxonomyConfig {
    /// Its name in a language: the label, else the name as declared.
    pub fn title(&self, lang: &str) -> &str {
        self.label.get(lang).unwrap_or(&self.name)
    }
}

/// Where heading anchor links go, if anywhere.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
pub enum HeadingAnchorsConfig {
    /// No anchor links.
    #[default]
    None,
    /// A link before the heading's text.
    Before,
    /// A link after the heading's text.
    After,
}

/// The `markdown` map of site.yaml.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct MarkdownConfig {
    /// Curly quotes, dashes and ellipses.
    pub smart_punctuation: bool,
    /// Anchor links inside headings.
    pub heading_anchors: HeadingAnchorsConfig,
    /// `[^1]` footnotes.
    pub footnotes: bool,
    /// GitHub-style tables.
    pub tables: bool,
    /// `~~struck~~` text.
    pub strikethrough: bool,
    /// `- [x]` task lists.
    pub task_lists: bool,
    /// Raw HTML in Markdown goes to the page as written; `false` escapes it, so it shows as text.
    pub raw_html: bool,
}

impl MarkdownConfig {
    /// The Markdown engine's options these settings ask for.
    pub fn options(&self) -> MarkdownOptions {
        MarkdownOptions {
            smart_punctuation: self.smart_punctuation,
            heading_anchors: match self.heading_anchors {
                HeadingAnchorsConfig::None => HeadingAnchors::None,
                HeadingAnchorsConfig::Before => HeadingAnchors::Before,
                HeadingAnchorsConfig::After => HeadingAnchors::After,
            },
            footnotes: self.footnotes,
            tables: self.tables,
            strikethrough: self.strikethrough,
            task_lists: self.task_lists,
            raw_html: self.raw_html,
        }
    }
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        Self {
            smart_punctuation: true,
            heading_anchors: HeadingAnchorsConfig::None,
            footnotes: true,
            tables: true,
            strikethrough: true,
            task_lists: true,
            raw_html: true,
        }
    }
}

fn default_language() -> String {
    "en".to_string()
}

fn yes() -> bool {
    true
}

impl SiteConfig {
    /// The language entry for `code`, if the site has that language.
    pub fn language(&self, code: &str) -> Option<&LanguageConfig> {
        self.languages.iter().find(|language| language.code == code)
    }

    /// The language codes, default language first, then in the order of site.yaml.
    pub fn language_codes(&self) -> Vec<&str> {
        let mut codes = vec![self.default_language.as_str()];
        codes.extend(
            self.languages
                .iter()
                .map(|language| language.code.as_str())
                .filter(|code| *code != self.default_language),
        );
        codes
    }

    /// The path part of the base URL, always starting and ending with `/` (`/spiega/`).
    pub fn base_path(&self) -> &str {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    /// The scheme and host of the base URL, without the path (`https://example.org`).
    pub fn origin(&self) -> &str {
        let path = self.base_path();
        &self.base_url[..self.base_url.len() - path.len()]
    }

    /// Replaces the base URL (from `--base-url`), normalised like the one in site.yaml.
    pub fn set_base_url(&mut self, base_url: &str) -> Result<(), String> {
        self.base_url = normalise_base_url(base_url)?;
        Ok(())
    }
}

/// Reads and checks site.yaml at the site root.
pub fn load_config(root: &Path) -> Result<(SiteConfig, SourceFile), Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        return Err(vec![
            Diagnostic::error(format!("no {CONFIG_FILE} in {}", root.display()))
                .in_file(CONFIG_FILE)
                .with_hint("run `spiega init DIR` to create a new site, or pass `--root DIR`"),
        ]);
    }
    let source = crate::load::content::read_source(&path, Path::new(CONFIG_FILE))
        .map_err(|problem| vec![problem])?;
    parse_config(&source).map(|config| (config, source))
}

/// Parses and checks the text of site.yaml.
pub fn parse_config(source: &SourceFile) -> Result<SiteConfig, Vec<Diagnostic>> {
    let mut config: SiteConfig = yaml::parse_file(source).map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    match normalise_base_url(&config.base_url) {
        Ok(url) => config.base_url = url,
        Err(message) => problems.push(
            Diagnostic::error(message)
                .at(source, key_span(source, "base_url"))
                .with_hint("write a full URL such as `https://example.org/` or `https://example.org/explainer/`"),
        ),
    }
    fill_languages(&mut config);
    problems.extend(check_languages(&config, source));
    problems.extend(check_taxonomies(&config, source));
    problems.extend(check_extra(&config, source));
    problems.extend(check_images(&config.images, source));
    if problems.is_empty() {
        Ok(config)
    } else {
        Err(problems)
    }
}

/// Makes sure the default language has an entry, and fills titles from the site's.
fn fill_languages(config: &mut SiteConfig) {
    if config.language(&config.default_language).is_none() {
        config.languages.insert(
            0,
            LanguageConfig {
                code: config.default_language.clone(),
                name: config.default_language.clone(),
                title: String::new(),
                description: String::new(),
            },
        );
    }
    for language in &mut config.languages {
        if language.title.is_empty() {
            language.title = config.title.clone();
        }
        if language.description.is_empty() {
            language.description = config.description.clone();
        }
        if language.name.is_empty() {
            language.name = language.code.clone();
        }
    }
}

fn check_languages(config: &SiteConfig, source: &SourceFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (index, language) in config.languages.iter().enumerate() {
        let at = language_span(source, index, &language.code);
        let valid = !language.code.is_empty()
            && language
                .code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-');
        if !valid {
            problems.push(
                Diagnostic::error(format!("invalid language code `{}`", language.code))
                    .at(source, at.clone())
                    .with_hint("use a code such as `it`, `en` or `pt-BR`"),
            );
        }
        if !seen.insert(language.code.as_str()) {
            problems.push(
                Diagnostic::error(format!("language `{}` is listed twice", language.code))
                    .at(source, at)
                    .with_hint("list each language once: remove one of the two"),
            );
        }
    }
    problems
}

fn check_taxonomies(config: &SiteConfig, source: &SourceFile) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (index, taxonomy) in config.taxonomies.iter().enumerate() {
        let steps = [
            Step::Key("taxonomies".into()),
            Step::Index(index),
            Step::Key("name".into()),
        ];
        let at = locate(source, &steps).unwrap_or_else(|| value_span(source, &taxonomy.name));
        if slug::slugify(&taxonomy.name) != taxonomy.name {
            problems.push(
                Diagnostic::error(format!("taxonomy name `{}` is not URL-safe", taxonomy.name))
                    .at(source, at.clone())
                    .with_hint(format!(
                        "use lower-case letters, digits and dashes, e.g. `{}`",
                        slug::slugify(&taxonomy.name)
                    )),
            );
        }
        if !seen.insert(taxonomy.name.as_str()) {
            problems.push(
                Diagnostic::error(format!("taxonomy `{}` is declared twice", taxonomy.name))
                    .at(source, at)
                    .with_hint("declare each taxonomy once: remove one of the two"),
            );
        }
    }
    problems
}

/// Where the `index`th language's code is written (`languages: [{code: it}]`, or the default
/// language alone): located by its path in the YAML, not by searching its text, which a title
/// holding `it` would match first.
fn language_span(source: &SourceFile, index: usize, code: &str) -> std::ops::Range<usize> {
    let steps = [
        Step::Key("languages".into()),
        Step::Index(index),
        Step::Key("code".into()),
    ];
    locate(source, &steps)
        .or_else(|| locate(source, &[Step::Key("default_language".into())]))
        .unwrap_or_else(|| value_span(source, code))
}

/// A theme may put any value of `extra` in a link or an image: none may be a URL that runs script.
fn check_extra(config: &SiteConfig, source: &SourceFile) -> Vec<Diagnostic> {
    crate::load::extra_urls::find_in_map(&config.extra)
        .into_iter()
        .map(|(path, danger)| {
            let mut steps = vec![crate::diagnostic::locate::Step::Key("extra".to_string())];
            steps.extend(path);
            let span = crate::diagnostic::locate::locate(source, &steps).unwrap_or(0..0);
            Diagnostic::error(format!("`extra` holds a {danger}"))
                .at(source, span)
                .with_hint(danger.hint())
        })
        .collect()
}

/// `images.widths` and `images.quality` must be usable by the encoders.
fn check_images(images: &ImagesConfig, source: &SourceFile) -> Vec<Diagnostic> {
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

/// Checks a base URL and gives it a trailing slash.
fn normalise_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with `https://` or `http://`"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || url.contains(['?', '#', ' ']) {
        return Err(format!("base_url `{url}` is not a valid URL"));
    }
    Ok(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

/// A generated page's path in a language (from `timeline.paths` or `glossary.paths`), relative to
/// the base URL: no leading `/`, a trailing one unless empty (the site's root).
pub fn page_path(paths: &std::collections::BTreeMap<String, String>, lang: &str) -> Option<String> {
    let path = paths.get(lang)?.trim_start_matches('/');
    Some(if path.is_empty() || path.ends_with('/') {
        path.to_string()
    } else {
        format!("{path}/")
    })
}

/// The span of `key:` at the start of a line, for errors about a key's value. serde_yaml has no
/// value spans, so a text search is the best place we can give.
pub fn key_span(source: &SourceFile, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in source.text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed
            .strip_prefix(key)
            .is_some_and(|r| r.starts_with(':'))
        {
            let start = offset + (line.len() - trimmed.len());
            return start..start + key.len();
        }
        offset += line.len();
    }
    0..0
}

/// The span of the first occurrence of a scalar value, for errors about that value.
pub fn value_span(source: &SourceFile, value: &str) -> std::ops::Range<usize> {
    if value.is_empty() {
        return 0..0;
    }
    source
        .text
        .find(value)
        .map_or(0..0, |start| start..start + value.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
        parse_config(&SourceFile::new("site.yaml", text))
    }

    #[test]
    fn fills_defaults_and_normalises_the_base_url() {
        let config = parse("title: T\nbase_url: https://example.org/sub\n").ok();
        let config = config.as_ref();
        assert_eq!(
            config.map(|c| c.base_url.as_str()),
            Some("https://example.org/sub/")
        );
        assert_eq!(config.map(SiteConfig::base_path), Some("/sub/"));
        assert_eq!(config.map(SiteConfig::origin), Some("https://example.org"));
        assert_eq!(config.map(|c| c.languages.len()), Some(1));
    }

    #[test]
    fn unknown_key_suggests_the_nearest() {
        let errors = parse("title: T\nbase_url: https://e.org/\ntaxonomis: []\n").err();
        let error = errors.and_then(|e| e.into_iter().next());
        assert_eq!(error.as_ref().map(|e| e.position().1), Some(3));
        assert_eq!(
            error.and_then(|e| e.hint),
            Some("did you mean `taxonomies`?".to_string())
        );
    }

    #[test]
    fn nested_unknown_key_is_found() {
        let errors =
            parse("title: T\nbase_url: https://e.org/\nmarkdown:\n  smart_punctation: true\n")
                .err();
        let error = errors.and_then(|e| e.into_iter().next());
        assert_eq!(error.as_ref().map(|e| e.position().1), Some(4));
        assert_eq!(
            error.and_then(|e| e.hint),
            Some("did you mean `smart_punctuation`?".to_string())
        );
    }

    #[test]
    fn raw_html_is_on_by_default_and_can_be_turned_off() {
        let config = |markdown: &str| {
            parse(&format!("title: T\nbase_url: https://e.org/\n{markdown}"))
                .map(|c| c.markdown.raw_html)
                .map_err(|e| e.into_iter().map(|e| e.hint).collect::<Vec<_>>())
        };
        assert_eq!(config(""), Ok(true));
        assert_eq!(config("markdown:\n  raw_html: false\n"), Ok(false));
        assert_eq!(
            config("markdown:\n  raw_htm: false\n"),
            Err(vec![Some("did you mean `raw_html`?".to_string())])
        );
    }

    #[test]
    fn a_script_url_in_extra_is_an_error_at_its_value() {
        let errors = parse(
            "title: T\nbase_url: https://e.org/\nextra:\n  brand: B\n  links: [\"vbscript:x\"]\n",
        )
        .err()
        .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].message,
            "`extra` holds a `vbscript:` URL, which runs script if a theme links to it"
        );
        assert_eq!((errors[0].position().1, errors[0].position().2), (5, 11));
    }

    #[test]
    fn translations_take_one_level_or_one_per_kind() {
        let levels = |yaml: &str| {
            parse(&format!("title: T\nbase_url: https://e.org/\n{yaml}"))
                .map(|c| (c.translations.pages, c.translations.data))
                .map_err(|e| {
                    e.into_iter()
                        .map(|e| (e.message, e.hint))
                        .collect::<Vec<_>>()
                })
        };
        assert_eq!(levels(""), Ok((CheckLevel::Warn, CheckLevel::Error)));
        assert_eq!(
            levels("translations: ignore\n"),
            Ok((CheckLevel::Ignore, CheckLevel::Ignore))
        );
        assert_eq!(
            levels("translations: {data: warn}\n"),
            Ok((CheckLevel::Warn, CheckLevel::Warn))
        );
        assert_eq!(
            levels("translations:\n  pages: error\n"),
            Ok((CheckLevel::Error, CheckLevel::Error))
        );
        let wrong = levels("translations: warnn\n").err().unwrap_or_default();
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert_eq!(
            wrong[0].1.as_deref(),
            Some("did you mean `warn`?"),
            "{wrong:?}"
        );
        let wrong = levels("translations: {page: warn}\n")
            .err()
            .unwrap_or_default();
        assert_eq!(
            wrong[0].1.as_deref(),
            Some("did you mean `pages`?"),
            "{wrong:?}"
        );
    }

    #[test]
    fn a_relative_base_url_is_an_error_at_its_line() {
        let errors = parse("title: T\nbase_url: /sub/\n")
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].position().1, 2);
    }
}
