//! The site's navigation: site.yaml's `menu`, each item checked against what the site has, or,
//! without one, the home section's pages and subsections by weight, then the pages Spiega makes
//! from data (collection indexes, the timeline, the glossary, the sources).

use crate::diagnostic::locate::{Step, locate};
use crate::diagnostic::{Diagnostic, SourceFile};
use crate::load::config::{MenuItem, SiteConfig, Translatable};
use crate::resolve::data::{DataSet, GLOSSARY, SOURCES, TIMELINE};
use crate::resolve::library::Library;

/// Where a menu item leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MenuTarget {
    /// A page or section, by content key: each language links its own version.
    Entry(String),
    /// A collection's index page.
    Collection(String),
    /// The timeline page.
    Timeline,
    /// The glossary page.
    Glossary,
    /// The sources page.
    Sources,
    /// A path on this site (from its root, without the base path) or a full URL.
    Url(String),
}

/// One item of the navigation.
#[derive(Debug, Clone, PartialEq)]
pub struct MenuLink {
    /// Where it leads.
    pub target: MenuTarget,
    /// A title that replaces the target's own, per language.
    pub title: Option<Translatable>,
}

/// The navigation: site.yaml's `menu` checked, or the default one.
pub fn resolve_menu(
    config: &SiteConfig,
    source: &SourceFile,
    library: &Library,
    data: &DataSet,
) -> Result<Vec<MenuLink>, Vec<Diagnostic>> {
    if config.menu.is_empty() {
        return Ok(default_menu(config, library, data));
    }
    let mut links = Vec::new();
    let mut problems = Vec::new();
    for (index, item) in config.menu.iter().enumerate() {
        match menu_link(item, config, library, data) {
            Ok(link) => links.push(link),
            Err((key, message, hint)) => {
                let at = [Step::Key("menu".into()), Step::Index(index), Step::Key(key)];
                let fallback = [Step::Key("menu".into()), Step::Index(index)];
                let span = locate(source, &at)
                    .or_else(|| locate(source, &fallback))
                    .unwrap_or(0..0);
                problems.push(Diagnostic::error(message).at(source, span).with_hint(hint));
            }
        }
    }
    if problems.is_empty() {
        Ok(links)
    } else {
        Err(problems)
    }
}

/// Every `url` item that is a path of this site (`/about/`) must name a file the build makes:
/// checked once the output plan is known.
pub fn check_menu_paths(
    config: &SiteConfig,
    source: &SourceFile,
    plan: &crate::resolve::plan::OutputPlan,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (index, item) in config.menu.iter().enumerate() {
        let Some(url) = item.url.as_deref().filter(|u| u.starts_with('/')) else {
            continue;
        };
        let Some(Err(missing)) = crate::resolve::targets::find(plan, url, "/", None) else {
            continue;
        };
        let shown = missing.path.unwrap_or_else(|| url.to_string());
        let at = [
            Step::Key("menu".into()),
            Step::Index(index),
            Step::Key("url".into()),
        ];
        let hint = plan.did_you_mean(&shown).unwrap_or_else(|| {
            "a menu `url` starting with `/` is a path from the site's root, without the base path; name a page with `page: path/to/page.md`".to_string()
        });
        problems.push(
            Diagnostic::error(format!(
                "the menu item `{url}` leads to nothing on this site"
            ))
            .at(source, locate(source, &at).unwrap_or(0..0))
            .with_hint(hint),
        );
    }
    problems
}

/// Why a menu item is wrong: the key to point at, the message and the hint.
type ItemProblem = (String, String, String);

fn menu_link(
    item: &MenuItem,
    config: &SiteConfig,
    library: &Library,
    data: &DataSet,
) -> Result<MenuLink, ItemProblem> {
    let targets = [
        item.page.is_some(),
        item.collection.is_some(),
        item.timeline,
        item.glossary,
        item.sources,
        item.url.is_some(),
    ];
    if targets.iter().filter(|&&t| t).count() != 1 {
        return Err((
            "title".into(),
            "a menu item needs exactly one of `page`, `collection`, `timeline`, `glossary`, `sources` or `url`".into(),
            "write one item per link, e.g. `- page: about.md` or `- timeline: true`".into(),
        ));
    }
    let target = if let Some(key) = &item.page {
        check_page(key, library)?
    } else if let Some(name) = &item.collection {
        check_collection(name, data)?
    } else if item.timeline {
        check_generated(
            "timeline",
            config.timeline.is_some(),
            data.contains_key(TIMELINE),
        )?;
        MenuTarget::Timeline
    } else if item.glossary {
        check_generated(
            "glossary",
            config.glossary.is_some(),
            data.contains_key(GLOSSARY),
        )?;
        MenuTarget::Glossary
    } else if item.sources {
        check_generated(
            "sources",
            config.sources.is_some(),
            data.contains_key(SOURCES),
        )?;
        MenuTarget::Sources
    } else {
        let url = item.url.clone().unwrap_or_default();
        if item.title.is_none() {
            return Err((
                "url".into(),
                format!("the menu item `{url}` has no `title`"),
                "add `title: \"…\"` (or one per language: `title: {it: \"…\", en: \"…\"}`)".into(),
            ));
        }
        MenuTarget::Url(url)
    };
    Ok(MenuLink {
        target,
        title: item.title.clone(),
    })
}

fn check_page(key: &str, library: &Library) -> Result<MenuTarget, ItemProblem> {
    let key = key.trim_start_matches('/');
    if library.entries.iter().any(|e| e.key() == key) {
        return Ok(MenuTarget::Entry(key.to_string()));
    }
    let hint = crate::suggest::did_you_mean(key, library.keys()).unwrap_or_else(|| {
        "name a Markdown file by its path under content/, e.g. `about.md` or `story/_index.md`"
            .into()
    });
    Err((
        "page".into(),
        format!("the menu names `{key}`, which is not in content/"),
        hint,
    ))
}

fn check_collection(name: &str, data: &DataSet) -> Result<MenuTarget, ItemProblem> {
    let Some(collection) = data.get(name) else {
        let hint = crate::suggest::did_you_mean(name, data.keys().map(String::as_str))
            .unwrap_or_else(|| "name a collection declared in `collections`".into());
        return Err((
            "collection".into(),
            format!("the menu names the collection `{name}`, which the site does not declare"),
            hint,
        ));
    };
    if collection.config.index_paths.is_empty() {
        return Err((
            "collection".into(),
            format!("the collection `{name}` has no index page to link to"),
            format!("give `{name}` `index_paths` in `collections` (e.g. `{{en: \"{name}/\"}}`)"),
        ));
    }
    Ok(MenuTarget::Collection(name.to_string()))
}

fn check_generated(what: &str, configured: bool, has_data: bool) -> Result<(), ItemProblem> {
    if configured && has_data {
        return Ok(());
    }
    let hint = if configured {
        format!("create content/data/{what}.yaml")
    } else {
        format!("publish it with `{what}: {{paths: {{en: \"{what}/\"}}}}` in site.yaml")
    };
    Err((
        what.into(),
        format!("the menu links the {what}, which has no page"),
        hint,
    ))
}

/// The home section's pages and subsections by weight (then title), then every collection
/// index, the timeline, the glossary and the sources pages that exist.
fn default_menu(config: &SiteConfig, library: &Library, data: &DataSet) -> Vec<MenuLink> {
    let mut links = Vec::new();
    if let Some(home) = library.home(&config.default_language)
        && let Some(home) = library.entries.get(home)
    {
        let mut children: Vec<usize> = home
            .subsections
            .iter()
            .chain(&home.pages)
            .copied()
            .collect();
        children.sort_by(|&a, &b| {
            let (a, b) = (&library.entries[a], &library.entries[b]);
            let weight = |e: &crate::resolve::library::Entry| e.front().weight.unwrap_or(i64::MAX);
            weight(a)
                .cmp(&weight(b))
                .then_with(|| a.front().title.cmp(&b.front().title))
                .then_with(|| a.key().cmp(b.key()))
        });
        links.extend(children.into_iter().map(|i| MenuLink {
            target: MenuTarget::Entry(library.entries[i].key().to_string()),
            title: None,
        }));
    }
    for collection in config.collections.iter() {
        if !collection.index_paths.is_empty() && data.contains_key(&collection.name) {
            links.push(MenuLink {
                target: MenuTarget::Collection(collection.name.clone()),
                title: None,
            });
        }
    }
    let generated = [
        (
            config.timeline.is_some() && data.contains_key(TIMELINE),
            MenuTarget::Timeline,
        ),
        (
            config.glossary.is_some() && data.contains_key(GLOSSARY),
            MenuTarget::Glossary,
        ),
        (
            config.sources.is_some() && data.contains_key(SOURCES),
            MenuTarget::Sources,
        ),
    ];
    for (exists, target) in generated {
        if exists {
            links.push(MenuLink {
                target,
                title: None,
            });
        }
    }
    links
}
