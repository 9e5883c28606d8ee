//! `serve`'s memory of rendered Markdown: an entry whose body and surroundings did not change
//! since the last build keeps its rendering.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use crate::render::content::PageContent;
use crate::render::engine::{Engine, SHORTCODE_DIR};
use crate::render::images::ImageCatalog;
use crate::resolve::ResolvedSite;
use crate::resolve::library::Entry;

/// Rendered Markdown from an earlier run, reused by `serve` for entries whose body and
/// surroundings did not change.
#[derive(Debug, Clone, Default)]
pub struct ContentCache {
    /// What every entry's rendering depended on besides its own body.
    fingerprint: u64,
    /// `(key, lang)` to the body (kept as the file's shared text and the body's range in it,
    /// which costs no copy) and its rendering.
    entries: HashMap<(String, String), (Body, Arc<PageContent>)>,
}

/// A Markdown body: its file's text and where the body is in it.
#[derive(Debug, Clone)]
struct Body {
    text: Arc<str>,
    range: std::ops::Range<usize>,
}

impl Body {
    fn of(entry: &Entry) -> Self {
        Self {
            text: Arc::clone(&entry.file.source.text),
            range: entry.file.body_range.clone(),
        }
    }

    /// Whether `entry`'s body is this one: compared byte for byte, which is faster than hashing
    /// every body of the site twice.
    fn is_body_of(&self, entry: &Entry) -> bool {
        self.text.get(self.range.clone()) == Some(entry.file.body())
    }
}

impl ContentCache {
    /// Remembers the rendered Markdown of a prepared site, but for the `stale` entries.
    pub fn new(
        site: &ResolvedSite,
        engine: &Engine,
        images: &ImageCatalog,
        contents: &[Arc<PageContent>],
        stale: &[usize],
    ) -> Self {
        let entries = site
            .library
            .entries
            .iter()
            .zip(contents)
            .enumerate()
            .filter(|(i, _)| !stale.contains(i))
            .map(|(_, (entry, content))| {
                let key = (entry.key().to_string(), entry.lang().to_string());
                (key, (Body::of(entry), Arc::clone(content)))
            })
            .collect();
        Self {
            fingerprint: fingerprint(site, engine, images),
            entries,
        }
    }

    /// Whether the cache was made with the same surroundings (URLs, data, shortcodes, options…)
    /// as this build's, so that its renderings still hold.
    pub(super) fn fits(&self, site: &ResolvedSite, engine: &Engine, images: &ImageCatalog) -> bool {
        self.fingerprint == fingerprint(site, engine, images)
    }

    /// The rendering kept for `entry`, if its body did not change.
    pub(super) fn get(&self, entry: &Entry) -> Option<Arc<PageContent>> {
        let (body, rendered) = self
            .entries
            .get(&(entry.key().to_string(), entry.lang().to_string()))?;
        body.is_body_of(entry).then(|| Arc::clone(rendered))
    }
}

/// A hash of everything a body's rendering depends on besides the body: every URL (for `@/`
/// links), every output path (plain links are checked against them), the shortcode templates,
/// the Markdown options, how translations are checked, the UI strings, the data and the images.
fn fingerprint(site: &ResolvedSite, engine: &Engine, images: &ImageCatalog) -> u64 {
    let mut hasher = DefaultHasher::new();
    for entry in &site.library.entries {
        (entry.key(), entry.lang(), &entry.path).hash(&mut hasher);
    }
    for (path, _) in site.plan.iter() {
        path.hash(&mut hasher);
    }
    site.loaded.config.translations.hash(&mut hasher);
    for (name, source) in &engine.sources {
        if name.starts_with(SHORTCODE_DIR) {
            (name, &*source.text).hash(&mut hasher);
        }
    }
    format!("{:?}", site.loaded.config.markdown).hash(&mut hasher);
    site.loaded.translations.hash(&mut hasher);
    format!("{:?}", site.loaded.data).hash(&mut hasher);
    images.fingerprint(&mut hasher);
    hasher.finish()
}
