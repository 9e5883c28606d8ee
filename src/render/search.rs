//! The search index: one JSON file per language (`search.json`, `en/search.json`) listing every
//! page, data entry page, glossary term and timeline event with its plain text, for a theme's
//! search box to load and match in the browser, offline.
//!
//! Written only when site.yaml says `search: true`. The index is a JSON array of
//! `{title, url, kind, text}`, `kind` one of `page`, `entry`, `term`, `event`; `url` is
//! root-relative with the base path; `text` is plain text (no HTML), cut at [`TEXT_LIMIT`] chars.

use pulldown_cmark::{Event, Parser, TagEnd};
use serde::Serialize;

use crate::load::config::FieldType;
use crate::render::Prepared;
use crate::render::{glossary, timeline};
use crate::resolve::ResolvedSite;
use crate::resolve::data::{DataEntry, FieldValue, GLOSSARY};

/// How many characters of a document's text the index keeps: enough to find a page by what it
/// says, small enough that a microsite's index stays a few tens of kilobytes.
pub const TEXT_LIMIT: usize = 1500;

/// One document of the index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchDoc {
    /// What a result shows.
    pub title: String,
    /// Where it leads, root-relative with the base path.
    pub url: String,
    /// `page`, `entry`, `term` or `event`.
    pub kind: &'static str,
    /// Plain text to match against.
    pub text: String,
}

/// The index of one language, as JSON bytes.
pub fn render_index(prepared: &Prepared, lang: &str) -> Vec<u8> {
    let docs = documents(prepared, lang);
    serde_json::to_vec(&docs).unwrap_or_else(|_| b"[]".to_vec())
}

/// Every document of a language: pages, then entries, terms and events, each in a stable order.
pub fn documents(prepared: &Prepared, lang: &str) -> Vec<SearchDoc> {
    let site = &prepared.site;
    let mut docs = page_documents(prepared, lang);
    docs.extend(entry_documents(site, lang));
    docs.extend(term_documents(site, lang));
    docs.extend(event_documents(site, lang));
    docs
}

fn page_documents(prepared: &Prepared, lang: &str) -> Vec<SearchDoc> {
    let site = &prepared.site;
    let base = site.loaded.config.base_path();
    site.library
        .entries
        .iter()
        .zip(&prepared.contents)
        .filter(|(entry, _)| entry.lang() == lang)
        .map(|(entry, content)| {
            let front = entry.front();
            let mut text = front.description.clone().unwrap_or_default();
            push_words(&mut text, &html_to_text(content.html()));
            SearchDoc {
                title: front.title.clone(),
                url: format!("{base}{}", entry.path),
                kind: "page",
                text: limited(text),
            }
        })
        .collect()
}

/// Entries of collections that have a page each (the built-in sources, timeline and glossary
/// have none: their entries are found through their own documents).
fn entry_documents(site: &ResolvedSite, lang: &str) -> Vec<SearchDoc> {
    let base = site.loaded.config.base_path();
    let mut docs = Vec::new();
    for collection in site.data.values() {
        for entry in &collection.entries {
            let Some(path) = collection.entry_path(&entry.id, lang) else {
                continue;
            };
            let mut text = String::new();
            for field in &collection.config.fields {
                let words = match field.kind {
                    FieldType::Text => entry.text(&field.name, lang).map(str::to_string),
                    FieldType::Markdown => entry.text(&field.name, lang).map(markdown_to_text),
                    _ => None,
                };
                push_words(&mut text, words.as_deref().unwrap_or_default());
            }
            docs.push(SearchDoc {
                title: collection.title(entry, lang),
                url: format!("{base}{path}"),
                kind: "entry",
                text: limited(text),
            });
        }
    }
    docs
}

fn term_documents(site: &ResolvedSite, lang: &str) -> Vec<SearchDoc> {
    let Some(collection) = site.data.get(GLOSSARY) else {
        return Vec::new();
    };
    collection
        .entries
        .iter()
        .filter_map(|entry| {
            let url = glossary::term_href(site, &entry.id, lang)?;
            let forms = glossary::forms(entry, lang);
            let (title, aliases) = forms.split_first()?;
            let mut text = aliases.join(", ");
            push_words(&mut text, &markdown_text(entry, "definition", lang));
            Some(SearchDoc {
                title: title.clone(),
                url,
                kind: "term",
                text: limited(text),
            })
        })
        .collect()
}

fn event_documents(site: &ResolvedSite, lang: &str) -> Vec<SearchDoc> {
    let Some(path) = crate::resolve::timeline::timeline_path(site, lang) else {
        return Vec::new();
    };
    let base = site.loaded.config.base_path();
    crate::resolve::timeline::sorted_events(site)
        .into_iter()
        .map(|event| {
            let mut text = match event.fields.get("date") {
                Some(FieldValue::Date(date)) => timeline::display_date(date, lang),
                _ => String::new(),
            };
            push_words(&mut text, &markdown_text(event, "summary", lang));
            SearchDoc {
                title: event.text("title", lang).unwrap_or(&event.id).to_string(),
                url: format!("{base}{path}#{}", event.id),
                kind: "event",
                text: limited(text),
            }
        })
        .collect()
}

fn markdown_text(entry: &DataEntry, field: &str, lang: &str) -> String {
    entry
        .text(field, lang)
        .map(markdown_to_text)
        .unwrap_or_default()
}

/// The words of some Markdown, without its markup.
pub fn markdown_to_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::End(
                TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link,
            ) => {}
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    squeeze(&text)
}

/// The text of some HTML: tags dropped (with the content of `<script>`, `<style>` and `<svg>`),
/// the common entities decoded, white space squeezed.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let after = &rest[open..];
        let Some(close) = after.find('>') else {
            rest = "";
            break;
        };
        let tag = &after[1..close];
        rest = &after[close + 1..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let opening = !tag.starts_with('/');
        if opening && ["script", "style", "svg"].contains(&name.as_str()) {
            let end = format!("</{name}");
            let lower = rest.to_ascii_lowercase();
            let skip = lower.find(&end).unwrap_or(rest.len());
            rest = &rest[skip..];
            continue;
        }
        if !INLINE_TAGS.contains(&name.as_str()) {
            text.push(' ');
        }
    }
    text.push_str(rest);
    squeeze(&decode_entities(&text))
}

/// Elements inside a word's flow: their tags do not separate words.
const INLINE_TAGS: [&str; 20] = [
    "a", "abbr", "b", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s",
    "small", "span", "strong", "sub", "sup", "time",
];

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn push_words(text: &mut String, more: &str) {
    if more.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(more);
}

/// `text` cut to [`TEXT_LIMIT`] characters, at a character boundary.
fn limited(text: String) -> String {
    match text.char_indices().nth(TEXT_LIMIT) {
        Some((at, _)) => text[..at].to_string(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_becomes_plain_text() {
        let html = "<p>Perché <em>Trainium</em> &amp; GP<b>U</b>?</p><script>var x = 1;</script>\n<svg><title>t</title></svg><p>Fine</p>";
        assert_eq!(html_to_text(html), "Perché Trainium & GPU? Fine");
    }

    #[test]
    fn markdown_becomes_plain_text() {
        assert_eq!(
            markdown_to_text("Un *chip* con `HBM`.\n\n- uno\n- due"),
            "Un chip con HBM. uno due"
        );
    }

    #[test]
    fn long_text_is_cut_at_a_character_boundary() {
        let text = "è".repeat(TEXT_LIMIT + 10);
        assert_eq!(limited(text).chars().count(), TEXT_LIMIT);
    }

    #[test]
    fn an_unclosed_tag_ends_the_text() {
        assert_eq!(html_to_text("a <b"), "a");
    }
}
