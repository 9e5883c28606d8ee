//! Links in the event pass: `@/` paths and plain paths that name a file of the site, resolved
//! through the page's [`LinkResolver`](super::super::LinkResolver); a link into another language
//! gets `hreflang` and a visible tag.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::super::{InternalLink, LinkTarget, MarkdownError, OtherLanguage};
use super::{Pass, safety};
use crate::markdown::safe_url::UrlUse;

impl<'m> Pass<'_, '_, 'm> {
    /// Resolves an `@/` destination, or a plain one that names a file of the site (and expands
    /// shortcodes in any destination); a destination that would run script, or names nothing,
    /// is an error at the link. Also gives the language the link leads to, when it is not the
    /// page's.
    pub(super) fn link_destination(
        &mut self,
        dest: CowStr<'m>,
        range: Range<usize>,
        usage: UrlUse,
    ) -> (CowStr<'m>, Option<OtherLanguage>) {
        let dest = self.expand_in_attribute(dest);
        let span = self.sub.to_source(range);
        if let Some(problem) = safety::destination_problem(&dest, usage) {
            self.page
                .errors
                .push(MarkdownError::from_problem(span, problem));
            return (dest, None);
        }
        let anchor_of = |written: &str| {
            written
                .split_once('#')
                .map(|(_, anchor)| anchor.to_string())
                .filter(|anchor| !anchor.is_empty())
        };
        let found = match dest.strip_prefix("@/") {
            Some(target) => {
                let path = target.split('#').next().unwrap_or_default().to_string();
                let anchor = anchor_of(target);
                self.page.links.resolve(&path).map(|mut found| {
                    if let Some(anchor) = &anchor {
                        found.url = format!("{}#{anchor}", found.url);
                    }
                    // Every `@/` link is kept; its anchor is checked once all pages are rendered.
                    found.page = Some(path);
                    Some((found, anchor))
                })
            }
            // Images are the image checks' own: a plain image source is left as written.
            None if usage == UrlUse::Image => Ok(None),
            None => {
                let anchor = anchor_of(&dest);
                let checked = self.page.links.check(&dest);
                checked.map(|found| found.map(|found| (found, anchor)))
            }
        };
        match found {
            Ok(Some((found, anchor))) => {
                let other = found.other_language.clone();
                (self.keep_link(found, anchor, span).into(), other)
            }
            Ok(None) => (dest, None),
            Err(problem) => {
                self.page
                    .errors
                    .push(MarkdownError::from_problem(span, problem));
                (dest, None)
            }
        }
    }

    /// Keeps what a resolved link leaves for later (its anchor to check, its warning) and gives
    /// its URL.
    fn keep_link(
        &mut self,
        found: LinkTarget,
        anchor: Option<String>,
        span: Range<usize>,
    ) -> String {
        if let Some(page) = found.page {
            self.page.internal_links.push(InternalLink {
                target: page,
                anchor,
                offset: span.start,
                len: span.len(),
            });
        }
        if let Some(warning) = found.warning {
            self.page
                .warnings
                .push(MarkdownError::from_problem(span, warning));
        }
        found.url
    }

    /// Opens a link into another language: `hreflang`, and (when it closes) a visible tag with
    /// the language's code, named in full for assistive technology by its `title` and `lang`.
    pub(super) fn open_marked_link(&mut self, url: &str, title: &str, language: &OtherLanguage) {
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" title=\"{}\"", super::super::escape_html(title))
        };
        let code = super::super::escape_html(&language.code);
        self.emit(Event::InlineHtml(
            format!(
                "<a href=\"{}\" hreflang=\"{code}\"{title}>",
                super::super::escape_html(&super::super::html::encode_href(url))
            )
            .into(),
        ));
        self.closing_marked_link = Some(format!(
            "<span class=\"lang-tag\"><abbr lang=\"{code}\" title=\"{}\">{}</abbr></span></a>",
            super::super::escape_html(&language.name),
            code.to_uppercase()
        ));
    }
}
