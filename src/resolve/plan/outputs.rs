//! What each kind of output claims: the path it is written to, and who to name if another output
//! claims that path too.

use std::path::PathBuf;

use super::claims::Claims;
use super::clash::{Claimant, Clash};
use super::{
    FEED_LENGTH, OutputKind, SOCIAL_CARD_TEMPLATE, collection_index_path, glossary_path,
    social_card_path, sources_path,
};
use crate::diagnostic::SourceFile;
use crate::load::config::key_span;
use crate::load::content::CONTENT_DIR;
use crate::load::statics::StaticSource;
use crate::resolve::ResolvedSite;
use crate::resolve::library::{Library, language_prefix, sort_pages};
use crate::resolve::timeline::{TimelineFilter, timeline_pages};

/// The pages of a language's feed: its newest dated pages, newest first.
pub fn feed_pages(library: &Library, lang: &str) -> Vec<usize> {
    let mut dated: Vec<usize> = library
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.lang() == lang && !e.is_section() && e.front().date.is_some())
        .map(|(i, _)| i)
        .collect();
    sort_pages(&library.entries, &mut dated, Default::default());
    dated.truncate(FEED_LENGTH);
    dated
}

/// Files Spiega makes for the whole site: sitemap, robots.txt, 404, feeds, search indexes.
pub(super) fn claim_site_files(site: &ResolvedSite, claims: &mut Claims) {
    let config = &site.loaded.config;
    claims.generated("sitemap.xml", OutputKind::Sitemap, "the sitemap");
    claims.generated("robots.txt", OutputKind::Robots, "robots.txt");
    if site.loaded.templates.contains_key("404.html") {
        claims.generated("404.html", OutputKind::NotFound, "the 404 page");
    }
    for lang in config.language_codes() {
        let prefix = language_prefix(config, lang);
        if config.feed && !feed_pages(&site.library, lang).is_empty() {
            let kind = OutputKind::Feed(lang.to_string());
            claims.generated(&format!("{prefix}atom.xml"), kind, "a feed");
        }
        if config.search {
            let kind = OutputKind::SearchIndex(lang.to_string());
            claims.generated(&format!("{prefix}search.json"), kind, "a search index");
        }
    }
}

/// Each taxonomy's list page, and each term's page and (if the taxonomy has feeds) feed.
pub(super) fn claim_taxonomies(site: &ResolvedSite, claims: &mut Claims) {
    let config = &site.loaded.config;
    for (t, taxonomy) in site.taxonomies.iter().enumerate() {
        let owner = format!("the taxonomy `{}` ({})", taxonomy.name, taxonomy.lang);
        let list = format!("{}index.html", taxonomy.path);
        claims.generated(&list, OutputKind::TaxonomyList(t), &owner);
        let feeds = config
            .taxonomies
            .iter()
            .any(|c| c.name == taxonomy.name && c.feed);
        for (n, term) in taxonomy.terms.iter().enumerate() {
            let page = format!("{}index.html", term.path);
            claims.generated(&page, OutputKind::Term(t, n), &owner);
            if feeds {
                let feed = format!("{}atom.xml", term.path);
                claims.generated(&feed, OutputKind::TermFeed(t, n), &owner);
            }
        }
    }
}

/// The pages whose paths site.yaml sets: the timeline's (and its JSON), the glossary, the
/// sources page, and the collections' index pages.
pub(super) fn claim_timeline_and_glossary(site: &ResolvedSite, claims: &mut Claims) {
    for (path, lang, filter) in timeline_pages(site) {
        let owner = format!("the timeline page ({lang}, `timeline.paths` in site.yaml)");
        if filter == TimelineFilter::All {
            let json = OutputKind::TimelineJson(lang.clone());
            claims.configured(&format!("{path}timeline.json"), json, &owner);
        }
        let kind = OutputKind::Timeline(lang, filter);
        claims.configured(&format!("{path}index.html"), kind, &owner);
    }
    let languages = site.loaded.config.language_codes();
    if site.data.contains_key(crate::resolve::data::GLOSSARY) {
        for &lang in &languages {
            if let Some(path) = glossary_path(site, lang) {
                let owner = format!("the glossary page ({lang}, `glossary.paths` in site.yaml)");
                let kind = OutputKind::Glossary(lang.to_string());
                claims.configured(&format!("{path}index.html"), kind, &owner);
            }
        }
    }
    if site.data.contains_key(crate::resolve::data::SOURCES) {
        for &lang in &languages {
            if let Some(path) = sources_path(site, lang) {
                let owner = format!("the sources page ({lang}, `sources.paths` in site.yaml)");
                let kind = OutputKind::Sources(lang.to_string());
                claims.configured(&format!("{path}index.html"), kind, &owner);
            }
        }
    }
    for name in site.data.keys() {
        for &lang in &languages {
            if let Some(path) = collection_index_path(site, name, lang) {
                let owner = format!("the index of `{name}` ({lang}, `index_paths` in site.yaml)");
                let kind = OutputKind::CollectionIndex(name.clone(), lang.to_string());
                claims.configured(&format!("{path}index.html"), kind, &owner);
            }
        }
    }
}

/// A page per data entry of every collection with `paths`, in every language.
pub(super) fn claim_data_pages(site: &ResolvedSite, claims: &mut Claims) {
    for (name, collection) in &site.data {
        for entry in &collection.entries {
            for lang in site.loaded.config.language_codes() {
                let Some(path) = collection.entry_path(&entry.id, lang) else {
                    continue;
                };
                // A path without `{id}` (reported in site.yaml) would give every entry one page.
                if collection
                    .config
                    .paths
                    .get(lang)
                    .is_some_and(|p| !p.contains("{id}"))
                {
                    continue;
                }
                let source = &collection.source;
                let claimant = Claimant {
                    name: format!(
                        "the `{name}` entry `{}` in {}",
                        entry.id,
                        source.path.display()
                    ),
                    clash: Clash::DataPage {
                        source: source.clone(),
                        span: id_span(source, &entry.id),
                    },
                };
                let kind = OutputKind::DataPage(name.clone(), entry.id.clone(), lang.to_string());
                claims.claim(format!("{path}index.html"), kind, claimant);
            }
        }
    }
}

/// Every page and section that was read.
pub(super) fn claim_entries(site: &ResolvedSite, claims: &mut Claims) {
    for (i, entry) in site.library.entries.iter().enumerate() {
        if entry.file.broken {
            continue;
        }
        let source = &entry.file.source;
        let claimant = Claimant {
            name: source.path.display().to_string(),
            clash: Clash::Page {
                source: source.clone(),
                span: key_span(source, "title"),
                url: format!("/{}", entry.path),
            },
        };
        claims.claim(entry.output_file(), OutputKind::Entry(i), claimant);
    }
}

/// The redirect page of every alias in the pages' front matter.
pub(super) fn claim_aliases(site: &ResolvedSite, claims: &mut Claims) {
    for (a, alias) in site.aliases.iter().enumerate() {
        let Some(entry) = site.library.entries.get(alias.target) else {
            continue;
        };
        let source = &entry.file.source;
        let claimant = Claimant {
            name: format!("an alias in {}", source.path.display()),
            clash: Clash::Alias {
                source: source.clone(),
                span: alias.span.clone(),
                file: alias.output_file.clone(),
            },
        };
        claims.claim(alias.output_file.clone(), OutputKind::Alias(a), claimant);
    }
}

/// The CSV file of every chart of a page, beside the page.
pub(super) fn claim_chart_files(site: &ResolvedSite, claims: &mut Claims) {
    for (n, chart) in site.charts.charts.iter().enumerate() {
        let Some(entry) = site.library.entries.get(chart.entry) else {
            continue;
        };
        let source = &entry.file.source;
        let claimant = Claimant {
            name: format!("a chart's data in {}", source.path.display()),
            clash: Clash::Chart {
                source: source.clone(),
                span: chart.span.clone(),
                file: chart.file.clone(),
            },
        };
        claims.claim(chart.file.clone(), OutputKind::ChartCsv(n), claimant);
    }
}

/// Static files (the theme's, replaced file by file by the site's), loose content files and
/// bundles' files, copied as they are.
pub(super) fn claim_copies(site: &ResolvedSite, claims: &mut Claims) {
    let loaded = &site.loaded;
    let content_dir = loaded.root.join(CONTENT_DIR);
    let mut copies: Vec<(String, PathBuf)> = Vec::new();
    for (path, source) in &loaded.statics {
        match source {
            StaticSource::File(file) => copies.push((path.clone(), file.clone())),
            StaticSource::Builtin(in_theme, bytes) => {
                let shown = crate::load::builtin::display_path(in_theme);
                let claimant = Claimant {
                    name: shown.display().to_string(),
                    clash: Clash::Copy { shown },
                };
                claims.claim(path.clone(), OutputKind::Builtin(bytes), claimant);
            }
        }
    }
    copies.extend(
        loaded
            .content
            .assets
            .iter()
            .map(|asset| (asset.clone(), content_dir.join(asset))),
    );
    for entry in &site.library.entries {
        for asset in &entry.file.assets {
            let name = asset.rsplit('/').next().unwrap_or(asset);
            copies.push((format!("{}{name}", entry.path), content_dir.join(asset)));
        }
    }
    for (path, source) in copies {
        let shown = source
            .strip_prefix(&loaded.root)
            .unwrap_or(&source)
            .to_path_buf();
        let claimant = Claimant {
            name: shown.display().to_string(),
            clash: Clash::Copy { shown },
        };
        claims.claim(path, OutputKind::Copy(source), claimant);
    }
}

/// A social card beside every page a reader lands on, when site.yaml keeps `social_cards` on and
/// the templates have a card template.
pub(super) fn claim_social_cards(site: &ResolvedSite, claims: &mut Claims) {
    let loaded = &site.loaded;
    if !loaded.config.social_cards || !loaded.templates.contains_key(SOCIAL_CARD_TEMPLATE) {
        return;
    }
    let pages: Vec<(String, OutputKind)> = claims
        .files
        .iter()
        .filter(|(_, (kind, _))| kind.has_social_card())
        .map(|(path, (kind, _))| (path.clone(), kind.clone()))
        .collect();
    for (path, kind) in pages {
        let card = social_card_path(&path);
        let name = format!("the social card of `{path}`");
        claims.generated(&card, OutputKind::SocialCard(Box::new(kind)), &name);
    }
}

/// The span of `id: <id>` in a data file, for errors about an entry's page.
fn id_span(source: &SourceFile, id: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in source.text.split_inclusive('\n') {
        let trimmed = line.trim_start_matches([' ', '-']);
        let value = trimmed
            .strip_prefix("id:")
            .map(|rest| rest.trim().trim_matches(['"', '\'']));
        if value == Some(id) {
            let start = offset + line.find(id).unwrap_or_default();
            return start..start + id.len();
        }
        offset += line.len();
    }
    0..0
}
