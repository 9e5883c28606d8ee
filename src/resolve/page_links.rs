//! Links in a page's Markdown, against the resolved site: `@/` paths, and plain paths that name
//! a file of the site (root-relative, or relative to the page), each checked in the output plan.
//!
//! A link that leads into another language than the page's is marked (`hreflang` and a visible
//! tag, see the Markdown pass). It is on purpose when written so (`@/chip.en.md`); it is a
//! warning when it happens by itself: an `@/` link to a page that has no version in the page's
//! language falls back to the default language's, and a plain path may name another language's
//! page. Those warnings follow `translations.pages` in site.yaml (`ignore` silences them).

use crate::load::config::CheckLevel;
use crate::markdown::{LinkResolver, LinkTarget, OtherLanguage, Problem};
use crate::resolve::ResolvedSite;
use crate::resolve::library::Entry;
use crate::resolve::links::{find_data_page, find_entry};
use crate::resolve::plan::OutputKind;
use crate::resolve::targets::{self, Found, Missing, output_language};

/// Resolves the links of one page (or of a data field, which has no page of its own) in one
/// language.
pub struct EntryLinks<'a> {
    site: &'a ResolvedSite,
    lang: &'a str,
    /// The page's path relative to the base URL (`storia/accordo/`): relative links are read
    /// from it. None for data fields, shown on several pages: their relative links are not
    /// checked.
    page: Option<&'a str>,
    /// The page's URL with the base path, for its summary's `#anchor` links.
    page_url: Option<String>,
}

impl<'a> EntryLinks<'a> {
    /// A resolver for links written in `lang` outside any page (data fields).
    pub fn new(site: &'a ResolvedSite, lang: &'a str) -> Self {
        Self {
            site,
            lang,
            page: None,
            page_url: None,
        }
    }

    /// A resolver for the links of a page or section.
    pub fn for_entry(site: &'a ResolvedSite, entry: &'a Entry) -> Self {
        Self {
            site,
            lang: entry.lang(),
            page: Some(&entry.path),
            page_url: Some(format!("{}{}", site.loaded.config.base_path(), entry.path)),
        }
    }

    /// The language an output shows, if it is not this page's.
    fn other_language(&self, kind: &OutputKind) -> Option<OtherLanguage> {
        let code = output_language(self.site, kind).filter(|code| *code != self.lang)?;
        let name = self
            .site
            .loaded
            .config
            .language(code)
            .map_or(code, |l| l.name.as_str());
        Some(OtherLanguage {
            code: code.to_string(),
            name: name.to_string(),
        })
    }

    /// Whether links that lead into another language by themselves are warned about.
    fn warns(&self) -> bool {
        self.site.loaded.config.translations.pages != CheckLevel::Ignore
    }

    /// `@/` target of a content page in its own language (`storia/accordo.en.md`).
    fn page_target(entry: &Entry) -> String {
        let key = entry.key();
        let stem = key.strip_suffix(".md").unwrap_or(key);
        format!("{stem}.{}.md", entry.lang())
    }

    fn resolve_entry(&self, path: &str) -> Result<LinkTarget, Problem> {
        let config = &self.site.loaded.config;
        let library = &self.site.library;
        let index = find_entry(library, path, self.lang, &config.default_language)?;
        let entry = &library.entries[index];
        let mut found = LinkTarget::from(format!("{}{}", config.base_path(), entry.path));
        if entry.lang() != self.lang {
            found.other_language = self.other_language(&OutputKind::Entry(index));
        }
        let written = path.trim_start_matches('/');
        let on_purpose = written == Self::page_target(entry);
        if found.other_language.is_some() && !on_purpose && self.warns() {
            found.warning = Some(fallback_warning(written, entry, self.lang));
        }
        Ok(found)
    }

    fn found_plain(&self, destination: &str, found: Found<'_>) -> LinkTarget {
        let config = &self.site.loaded.config;
        // Written from the site's root, a link gets the base path, so that it works under a
        // sub-path; a relative link works as written.
        let url = if found.rooted {
            format!("{}{}{}", config.base_path(), found.link, found.suffix)
        } else {
            destination.to_string()
        };
        let mut target = LinkTarget::from(url);
        target.other_language = self.other_language(found.kind);
        let entry = match found.kind {
            OutputKind::Entry(i) => self.site.library.entries.get(*i),
            _ => None,
        };
        target.page = entry.map(Self::page_target);
        if let Some(language) = &target.other_language
            && self.warns()
        {
            target.warning = Some(into_language_warning(
                destination,
                entry,
                language,
                self.lang,
            ));
        }
        target
    }

    fn missing_plain(&self, destination: &str, missing: Missing) -> Problem {
        let Some(path) = missing.path else {
            return Problem::new(format!(
                "broken link: `{destination}` leads above the site's root"
            ))
            .with_hint("remove a `../`, or link pages with `@/path/to/page.md`");
        };
        let message = if destination.starts_with('/') {
            format!("broken link: nothing on this site is at `{path}`")
        } else {
            format!("broken link: `{destination}` leads to `{path}`, which is not on this site")
        };
        let hint = self.site.plan.did_you_mean(&path).unwrap_or_else(|| {
            if destination.starts_with('/') {
                "a path starting with `/` is read from the site's root; link a page with `@/path/to/page.md`, which follows the page's language".to_string()
            } else {
                let page = self.page_url.as_deref().unwrap_or("/");
                format!("a relative path is read from this page's URL, `{page}`: put the file in the page's bundle folder, or start the path with `/`")
            }
        });
        Problem::new(message).with_hint(hint)
    }
}

impl LinkResolver for EntryLinks<'_> {
    fn resolve(&self, path: &str) -> Result<LinkTarget, Problem> {
        let config = &self.site.loaded.config;
        let Some(found) =
            find_data_page(&self.site.data, path, self.lang, &config.default_language)
        else {
            return self.resolve_entry(path);
        };
        let page = found?;
        let mut target = LinkTarget::from(format!("{}{page}", config.base_path()));
        let file = format!("{page}index.html");
        target.other_language = self
            .site
            .plan
            .get(&file)
            .and_then(|k| self.other_language(k));
        if let Some(language) = &target.other_language
            && self.warns()
        {
            target.warning = Some(
                Problem::new(format!(
                    "`@/{}` has no page in `{}`: this link leads to the `{}` page",
                    path.trim_start_matches('/'),
                    self.lang,
                    language.code
                ))
                .with_hint(format!(
                    "give the collection a `{}` path in site.yaml's `paths`",
                    self.lang
                )),
            );
        }
        Ok(target)
    }

    fn check(&self, destination: &str) -> Result<Option<LinkTarget>, Problem> {
        let base_path = self.site.loaded.config.base_path();
        match targets::find(&self.site.plan, destination, base_path, self.page) {
            None => Ok(None),
            Some(Ok(found)) => Ok(Some(self.found_plain(destination, found))),
            Some(Err(missing)) => Err(self.missing_plain(destination, missing)),
        }
    }

    fn page_url(&self) -> Option<&str> {
        self.page_url.as_deref()
    }
}

/// The file a translation of `entry` into `lang` would be (`content/storia/accordo.en.md`).
fn translation_file(entry: &Entry, lang: &str) -> String {
    let key = entry.key();
    let stem = key.strip_suffix(".md").unwrap_or(key);
    format!("content/{stem}.{lang}.md")
}

/// An `@/` link to a page that has no version in the page's language.
fn fallback_warning(written: &str, entry: &Entry, lang: &str) -> Problem {
    Problem::new(format!(
        "`@/{written}` has no `{lang}` version: this link leads to the `{}` page",
        entry.lang()
    ))
    .with_hint(format!(
        "translate it into {}, or write `@/{}` to link the `{}` page on purpose",
        translation_file(entry, lang),
        EntryLinks::page_target(entry),
        entry.lang()
    ))
}

/// A plain path that names a page in another language than the page's.
fn into_language_warning(
    destination: &str,
    entry: Option<&Entry>,
    language: &OtherLanguage,
    lang: &str,
) -> Problem {
    let message = format!(
        "`{destination}` is a `{}` page, and this page is in `{lang}`",
        language.code
    );
    let hint = match entry {
        Some(entry) => format!(
            "link it with `@/{}`, which leads to the `{lang}` version when there is one, or write `@/{}` to link the `{}` page on purpose",
            entry.key(),
            EntryLinks::page_target(entry),
            language.code
        ),
        None => format!("link the `{lang}` version of that page"),
    };
    Problem::new(message).with_hint(hint)
}
