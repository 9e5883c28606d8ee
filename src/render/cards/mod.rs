//! Social cards: a 1200 × 630 PNG for every page a reader lands on, in every language, drawn at
//! build time from the theme's `templates/social_card.svg` with the theme's fonts (see
//! [`draw`]), so that a link shared in a chat or a social network shows a preview.
//!
//! A card shows the site's name, the page's title (wrapped and shrunk to fit, see [`layout`]),
//! its section and language. Cards are cached like images: by a hash of the template, the fonts
//! and the card's text, so a rebuild draws only the cards whose text changed.

pub mod draw;
pub mod layout;

use std::sync::OnceLock;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::images::cache::{self, Cache};
use crate::render::engine::Engine;
use crate::render::{Output, Prepared};
use crate::resolve::ResolvedSite;
use crate::resolve::plan::{OutputKind, SOCIAL_CARD_TEMPLATE};
use crate::resolve::timeline::TimelineFilter;
use draw::CardRenderer;

/// A card's width in pixels.
pub const WIDTH: u32 = 1200;

/// A card's height in pixels.
pub const HEIGHT: u32 = 630;

/// No text may come nearer than this to a card's edge, in pixels.
pub const SAFE_MARGIN: f32 = 40.0;

/// What a card says.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct CardText {
    /// The site's name in the page's language.
    pub site: String,
    /// The page's title.
    pub title: String,
    /// What the page belongs to: its section, the collection, "Timeline"…
    pub section: String,
    /// The language code.
    pub lang: String,
    /// The language's name.
    pub language: String,
}

/// The cards of a build: the renderer is made on the first card drawn, and shared.
#[derive(Default)]
pub struct Cards {
    renderer: OnceLock<Result<CardRenderer, String>>,
}

impl std::fmt::Debug for Cards {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Cards")
    }
}

/// The card of the page `page` renders: from the cache, or drawn into it.
pub fn render_card(prepared: &Prepared, page: &OutputKind) -> Result<Output, Diagnostic> {
    let site = &prepared.site;
    let text = card_text(site, page);
    let fail = |message: String| {
        Diagnostic::error(format!("cannot draw a social card: {message}"))
            .in_file(template_file(&prepared.engine))
            .with_hint("check the card template, or set `social_cards: false` in site.yaml")
    };
    let renderer = prepared
        .cards
        .renderer
        .get_or_init(|| CardRenderer::new(&site.loaded.fonts))
        .as_ref()
        .map_err(|message| fail(message.clone()))?;
    let template = prepared
        .engine
        .sources
        .get(SOCIAL_CARD_TEMPLATE)
        .map(|s| s.text.to_string())
        .unwrap_or_default();
    let text_json = serde_json::to_string(&text).unwrap_or_default();
    let key = cache::key(&[
        template.as_bytes(),
        renderer.fonts_key.as_bytes(),
        text_json.as_bytes(),
    ]);
    let file = Cache::new(site.loaded.root.join(&site.loaded.config.cache_dir)).card_file(&key);
    if !file.is_file() {
        let png = renderer.draw(&prepared.engine, &text).map_err(fail)?;
        cache::store(&file, &png).map_err(|e| fail(format!("cannot write the cache: {e}")))?;
    }
    Ok(Output::Copy(file))
}

fn template_file(engine: &Engine) -> std::path::PathBuf {
    engine
        .sources
        .get(SOCIAL_CARD_TEMPLATE)
        .map_or_else(|| SOCIAL_CARD_TEMPLATE.into(), |s| s.path.clone())
}

/// What the card of the page `page` renders says.
pub fn card_text(site: &ResolvedSite, page: &OutputKind) -> CardText {
    let config = &site.loaded.config;
    let (lang, title, section) = match page {
        OutputKind::Entry(i) => entry_text(site, *i),
        OutputKind::DataPage(collection, id, lang) => {
            let title = site
                .data
                .get(collection)
                .and_then(|c| c.get(id).map(|e| c.title(e, lang)))
                .unwrap_or_else(|| id.clone());
            (lang.clone(), title, trans(site, lang, collection))
        }
        OutputKind::Timeline(lang, filter) => {
            let title = match filter {
                TimelineFilter::All => String::new(),
                TimelineFilter::Entry(field, id) => site
                    .data
                    .get(field)
                    .and_then(|c| c.get(id).map(|e| c.title(e, lang)))
                    .unwrap_or_else(|| id.clone()),
                TimelineFilter::Category(id) => {
                    crate::render::timeline::category_label(site, id, lang)
                }
            };
            let timeline = trans(site, lang, "timeline");
            match title.is_empty() {
                true => (lang.clone(), timeline, String::new()),
                false => (lang.clone(), title, timeline),
            }
        }
        OutputKind::Glossary(lang) => (lang.clone(), trans(site, lang, "glossary"), String::new()),
        OutputKind::TaxonomyList(t) | OutputKind::Term(t, _) => {
            let Some(taxonomy) = site.taxonomies.get(*t) else {
                return CardText::default_for(config);
            };
            let name = trans(site, &taxonomy.lang, &taxonomy.name);
            let term = match page {
                OutputKind::Term(_, n) => taxonomy.terms.get(*n).map(|t| t.name.clone()),
                _ => None,
            };
            match term {
                Some(term) => (taxonomy.lang.clone(), term, name),
                None => (taxonomy.lang.clone(), name, String::new()),
            }
        }
        _ => return CardText::default_for(config),
    };
    let language = config.language(&lang);
    CardText {
        site: language.map_or_else(|| config.title.clone(), |l| l.title.clone()),
        title,
        section,
        language: language.map_or_else(|| lang.clone(), |l| l.name.clone()),
        lang,
    }
}

impl CardText {
    fn default_for(config: &crate::load::config::SiteConfig) -> Self {
        CardText {
            site: config.title.clone(),
            title: config.title.clone(),
            section: String::new(),
            lang: config.default_language.clone(),
            language: config.default_language.clone(),
        }
    }
}

/// A page's language, title and section (the title of the section above it, if not the home).
fn entry_text(site: &ResolvedSite, i: usize) -> (String, String, String) {
    let entries = &site.library.entries;
    let Some(entry) = entries.get(i) else {
        return Default::default();
    };
    let section = entry
        .section
        .and_then(|s| entries.get(s))
        .filter(|s| s.section.is_some())
        .map(|s| s.front().title.clone())
        .unwrap_or_default();
    (
        entry.lang().to_string(),
        entry.front().title.clone(),
        section,
    )
}

/// A UI string, or the key itself when the theme has none.
fn trans(site: &ResolvedSite, lang: &str, key: &str) -> String {
    site.loaded
        .translations
        .get(lang)
        .and_then(|strings| strings.get(key))
        .cloned()
        .unwrap_or_else(|| key.to_string())
}
