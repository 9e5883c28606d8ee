//! The glossary page: terms in alphabetical order with a jump list of letters, each with its
//! definition, see-also links and the pages that use it.

use std::collections::BTreeMap;

use tera::Value;

use crate::markdown::autolink::{GlossaryForm, GlossaryMatcher, is_all_capitals};
use crate::render::data::RenderedFields;
use crate::resolve::ResolvedSite;
use crate::resolve::data::{DataEntry, FieldValue, GLOSSARY};
use crate::resolve::plan::glossary_path;

type Fields = BTreeMap<&'static str, Value>;

/// The anchor of a term on the glossary page.
pub fn term_anchor(id: &str) -> String {
    format!("term-{id}")
}

/// The URL of a term's entry (root-relative, with the base path), if the glossary has a page.
pub fn term_href(site: &ResolvedSite, id: &str, lang: &str) -> Option<String> {
    let path = glossary_path(site, lang)?;
    Some(format!(
        "{}{path}#{}",
        site.loaded.config.base_path(),
        term_anchor(id)
    ))
}

/// A term's written forms in a language: the term, then its aliases.
pub fn forms(entry: &DataEntry, lang: &str) -> Vec<String> {
    let mut forms: Vec<String> = entry
        .text("term", lang)
        .map(str::to_string)
        .into_iter()
        .collect();
    if let Some(FieldValue::TextList(aliases)) = entry.fields.get("aliases") {
        forms.extend(aliases.get(lang).cloned().unwrap_or_default());
    }
    forms
}

/// The terms of a language that pages link to, with their forms: every term of the glossary
/// whose `autolink` is not false, when the glossary has a page in that language. A form written
/// all in capitals matches only in capitals, unless the term sets `case_sensitive` either way.
pub fn matcher(site: &ResolvedSite, lang: &str) -> GlossaryMatcher {
    let Some(collection) = site.data.get(GLOSSARY) else {
        return GlossaryMatcher::default();
    };
    let mut all = Vec::new();
    for entry in &collection.entries {
        if matches!(entry.fields.get("autolink"), Some(FieldValue::Bool(false))) {
            continue;
        }
        let Some(href) = term_href(site, &entry.id, lang) else {
            continue;
        };
        let case_sensitive = match entry.fields.get("case_sensitive") {
            Some(FieldValue::Bool(set)) => Some(*set),
            _ => None,
        };
        all.extend(forms(entry, lang).into_iter().map(|text| GlossaryForm {
            case_sensitive: case_sensitive.unwrap_or_else(|| is_all_capitals(&text)),
            text,
            id: entry.id.clone(),
            href: href.clone(),
        }));
    }
    GlossaryMatcher::new(all)
}

/// The key a term sorts by: folded to ASCII and lower case, so `Unità` sorts with `unita`.
fn sort_key(term: &str) -> String {
    let key = slug::slugify(term);
    if key.is_empty() {
        term.to_lowercase()
    } else {
        key
    }
}

/// The letter a term is filed under (`#` for digits and symbols).
fn letter(term: &str) -> String {
    sort_key(term)
        .chars()
        .next()
        .filter(char::is_ascii_alphabetic)
        .map_or_else(|| "#".to_string(), |c| c.to_ascii_uppercase().to_string())
}

/// The `glossary` value of a glossary page. `used_on` maps a term id to the pages using it.
pub fn glossary_value(
    site: &ResolvedSite,
    lang: &str,
    fields: &RenderedFields,
    used_on: &BTreeMap<String, Vec<Value>>,
) -> Value {
    let Some(collection) = site.data.get(GLOSSARY) else {
        return Value::none();
    };
    let mut terms: Vec<(&DataEntry, String)> = collection
        .entries
        .iter()
        .map(|entry| {
            (
                entry,
                entry.text("term", lang).unwrap_or(&entry.id).to_string(),
            )
        })
        .collect();
    terms.sort_by(|a, b| {
        sort_key(&a.1)
            .cmp(&sort_key(&b.1))
            .then(a.0.id.cmp(&b.0.id))
    });
    let mut letters: Vec<(String, Vec<Value>)> = Vec::new();
    for (entry, term) in &terms {
        let value = term_value(site, entry, term, lang, fields, used_on);
        let initial = letter(term);
        match letters.last_mut() {
            Some((last, list)) if *last == initial => list.push(value),
            _ => letters.push((initial, vec![value])),
        }
    }
    let letters: Vec<Value> = letters
        .into_iter()
        .map(|(letter, terms)| {
            let mut fields = Fields::new();
            fields.insert(
                "id",
                Value::from(format!(
                    "letter-{}",
                    letter.to_lowercase().replace('#', "other")
                )),
            );
            fields.insert("letter", Value::from(letter));
            fields.insert("terms", Value::from(terms));
            Value::from(fields)
        })
        .collect();
    let mut fields = Fields::new();
    fields.insert("letters", Value::from(letters));
    fields.insert("count", Value::from(terms.len()));
    fields.insert(
        "path",
        Value::from(format!(
            "{}{}",
            site.loaded.config.base_path(),
            glossary_path(site, lang).unwrap_or_default()
        )),
    );
    Value::from(fields)
}

fn term_value(
    site: &ResolvedSite,
    entry: &DataEntry,
    term: &str,
    lang: &str,
    rendered: &RenderedFields,
    used_on: &BTreeMap<String, Vec<Value>>,
) -> Value {
    let mut fields = Fields::new();
    fields.insert("id", Value::from(entry.id.as_str()));
    fields.insert("anchor", Value::from(term_anchor(&entry.id)));
    fields.insert("term", Value::from(term));
    let aliases = forms(entry, lang).into_iter().skip(1).collect::<Vec<_>>();
    fields.insert("aliases", Value::from(aliases));
    let key = (
        GLOSSARY.to_string(),
        entry.id.clone(),
        "definition".to_string(),
        lang.to_string(),
    );
    fields.insert(
        "definition",
        rendered
            .get(&key)
            .map_or_else(Value::none, |h| Value::safe_string(h)),
    );
    let see_also: Vec<Value> = entry
        .refs("see_also")
        .iter()
        .filter_map(|id| {
            let other = site.data.get(GLOSSARY)?.get(id)?;
            let mut link = Fields::new();
            link.insert("id", Value::from(id.as_str()));
            link.insert("term", Value::from(other.text("term", lang).unwrap_or(id)));
            link.insert("href", Value::from(format!("#{}", term_anchor(id))));
            Some(Value::from(link))
        })
        .collect();
    fields.insert("see_also", Value::from(see_also));
    fields.insert(
        "used_on",
        Value::from(used_on.get(&entry.id).cloned().unwrap_or_default()),
    );
    Value::from(fields)
}

/// The pages of a language that link each term, sorted by path: term id to `{title, path}`.
pub fn used_on(prepared: &crate::render::Prepared, lang: &str) -> BTreeMap<String, Vec<Value>> {
    crate::render::listings::pages_by_id(prepared, lang, |content| content.glossary_terms())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_filed_under_folded_letters() {
        assert_eq!(letter("Unità di calcolo"), "U");
        assert_eq!(letter("énergie"), "E");
        assert_eq!(letter("3nm"), "#");
        assert!(sort_key("Àlbero") < sort_key("bosco"));
    }
}
