//! Glossary auto-linking: finds the terms of a glossary in running prose.
//!
//! Matching is on whole words and Unicode-aware: a letter is anything
//! [`char::is_alphanumeric`] accepts, so `unità` is one word and `unit` does not match inside it,
//! while an apostrophe (`'` or the typographic `’` that smart punctuation makes) ends a word, so
//! `GPU` matches in `dell'GPU` and `Nvidia` in `Nvidia's`. Accents are significant (`è` is not `e`).
//! Where several forms start at the same place, the longest wins.
//!
//! Case: a form matches in any case, but a case-sensitive form ([`GlossaryForm::case_sensitive`])
//! matches only as written, so that the acronym `VIA` does not link "via Roma".

use std::collections::HashMap;

/// One written form of a term: the term itself or one of its aliases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryForm {
    /// The form as the glossary writes it (`processore grafico`).
    pub text: String,
    /// The id of the term it belongs to.
    pub id: String,
    /// Where a link to the term goes (the glossary entry's URL with its anchor).
    pub href: String,
    /// Whether the form matches only with the capitals as written.
    pub case_sensitive: bool,
}

/// Whether a form is written all in capitals (`GPU`, `VIA`, `H100`): at least one capital letter
/// and no small one. Such a form is an acronym, which in small letters is another word.
pub fn is_all_capitals(text: &str) -> bool {
    text.chars().any(char::is_uppercase) && !text.chars().any(char::is_lowercase)
}

/// The forms of a language's terms, indexed for matching.
#[derive(Debug, Default)]
pub struct GlossaryMatcher {
    /// Each form, already folded (see [`fold`], or [`fold_punctuation`] for case-sensitive
    /// forms), with its term id and link.
    forms: Vec<(Vec<char>, GlossaryForm)>,
    /// Forms by their first character folded with [`fold`], longest first.
    by_first: HashMap<char, Vec<usize>>,
}

/// A term found in a text: its byte range and which form matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermMatch<'g> {
    /// Where the match starts, in bytes.
    pub start: usize,
    /// Where it ends, in bytes.
    pub end: usize,
    /// The form that matched.
    pub form: &'g GlossaryForm,
}

impl GlossaryMatcher {
    /// Indexes `forms`. Empty forms, and forms that do not start and end with a letter or digit
    /// (which could never be a whole word), are ignored.
    pub fn new(forms: Vec<GlossaryForm>) -> Self {
        let mut matcher = GlossaryMatcher::default();
        for form in forms {
            let text = form.text.trim();
            let folded: Vec<char> = if form.case_sensitive {
                text.chars().map(fold_punctuation).collect()
            } else {
                text.chars().flat_map(fold).collect()
            };
            let edges_are_letters = folded.first().is_some_and(|c| c.is_alphanumeric())
                && folded.last().is_some_and(|c| c.is_alphanumeric());
            if !edges_are_letters {
                continue;
            }
            matcher.forms.push((folded, form));
        }
        for (index, (folded, _)) in matcher.forms.iter().enumerate() {
            if let Some(first) = folded.first().and_then(|&c| fold(c).next()) {
                matcher.by_first.entry(first).or_default().push(index);
            }
        }
        for indexes in matcher.by_first.values_mut() {
            // Longest first; ties by text then id, so the choice never depends on input order.
            indexes.sort_by(|&a, &b| {
                let (fa, ga) = &matcher.forms[a];
                let (fb, gb) = &matcher.forms[b];
                fb.len()
                    .cmp(&fa.len())
                    .then_with(|| ga.text.cmp(&gb.text))
                    .then_with(|| ga.id.cmp(&gb.id))
            });
        }
        matcher
    }

    /// Whether there is nothing to match.
    pub fn is_empty(&self) -> bool {
        self.forms.is_empty()
    }

    /// The terms in `text`, left to right, without overlaps, skipping terms for which `skip`
    /// answers true (e.g. those already linked on the page). At each word start the longest form
    /// wins.
    pub fn find<'g>(&'g self, text: &str, skip: impl Fn(&str) -> bool) -> Vec<TermMatch<'g>> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let at_word_start =
                chars[i].1.is_alphanumeric() && (i == 0 || !chars[i - 1].1.is_alphanumeric());
            if !at_word_start {
                i += 1;
                continue;
            }
            match self.longest_at(&chars, i, &skip) {
                Some((len, form)) => {
                    let end = chars.get(i + len).map_or(text.len(), |&(at, _)| at);
                    found.push(TermMatch {
                        start: chars[i].0,
                        end,
                        form,
                    });
                    i += len;
                }
                None => i += 1,
            }
        }
        found
    }

    /// The longest form starting at char `i` and ending at a word end: its length in chars.
    fn longest_at<'g>(
        &'g self,
        chars: &[(usize, char)],
        i: usize,
        skip: &impl Fn(&str) -> bool,
    ) -> Option<(usize, &'g GlossaryForm)> {
        let first = fold(chars[i].1).next()?;
        let candidates = self.by_first.get(&first)?;
        candidates.iter().find_map(|&index| {
            let (folded, form) = &self.forms[index];
            if skip(&form.id) {
                return None;
            }
            let len = if form.case_sensitive {
                match_len(chars, i, folded, |c| std::iter::once(fold_punctuation(c)))?
            } else {
                match_len(chars, i, folded, fold)?
            };
            let ends_word = chars
                .get(i + len)
                .is_none_or(|&(_, next)| !next.is_alphanumeric());
            ends_word.then_some((len, form))
        })
    }
}

/// How many chars of `chars` from `start` spell `folded` once each is folded by `fold`, if they
/// do.
fn match_len<I: Iterator<Item = char>>(
    chars: &[(usize, char)],
    start: usize,
    folded: &[char],
    fold: impl Fn(char) -> I,
) -> Option<usize> {
    let mut wanted = folded.iter();
    let mut used = 0;
    let mut pending: Vec<char> = Vec::new();
    loop {
        if pending.is_empty() {
            if wanted.as_slice().is_empty() {
                return Some(used);
            }
            let &(_, c) = chars.get(start + used)?;
            pending = fold(c).collect();
            pending.reverse();
            used += 1;
        }
        let next = pending.pop()?;
        if wanted.next() != Some(&next) {
            return None;
        }
    }
}

/// A character as matching sees it: lower case, with the typographic apostrophe as `'` and any
/// run of white space as one space (handled by the caller's text: a soft line break ends a text).
fn fold(c: char) -> impl Iterator<Item = char> {
    fold_punctuation(c).to_lowercase()
}

/// A character as case-sensitive matching sees it: the typographic apostrophe as `'`, white space
/// as a space, the case kept.
fn fold_punctuation(c: char) -> char {
    match c {
        '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
        '\u{00A0}' | '\t' | '\n' => ' ',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(forms: &[(&str, &str)]) -> GlossaryMatcher {
        GlossaryMatcher::new(
            forms
                .iter()
                .map(|(text, id)| GlossaryForm {
                    text: text.to_string(),
                    id: id.to_string(),
                    href: format!("/g/#term-{id}"),
                    case_sensitive: is_all_capitals(text),
                })
                .collect(),
        )
    }

    fn found(m: &GlossaryMatcher, text: &str) -> Vec<(String, String)> {
        m.find(text, |_| false)
            .into_iter()
            .map(|t| (text[t.start..t.end].to_string(), t.form.id.clone()))
            .collect()
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn whole_words_only() {
        let m = matcher(&[("GPU", "gpu"), ("unit", "unit")]);
        assert_eq!(found(&m, "GPUs and unità"), pairs(&[]));
        assert_eq!(found(&m, "una GPU, due"), pairs(&[("GPU", "gpu")]));
    }

    #[test]
    fn an_acronym_matches_only_in_capitals() {
        let m = matcher(&[("VIA", "via"), ("GPU", "gpu"), ("l'IA", "ia")]);
        assert_eq!(found(&m, "in via Roma, la Via Appia"), pairs(&[]));
        assert_eq!(
            found(&m, "la VIA e le GPU, non le gpu; l’ia"),
            pairs(&[("VIA", "via"), ("GPU", "gpu"), ("l’ia", "ia")])
        );
    }

    #[test]
    fn a_case_sensitive_form_in_small_letters_is_kept_apart_from_others() {
        let forms = vec![
            GlossaryForm {
                text: "Arm".into(),
                id: "arm".into(),
                href: "/g/#term-arm".into(),
                case_sensitive: true,
            },
            GlossaryForm {
                text: "arm".into(),
                id: "limb".into(),
                href: "/g/#term-limb".into(),
                case_sensitive: false,
            },
        ];
        let m = GlossaryMatcher::new(forms);
        assert_eq!(
            found(&m, "Arm and ARM, an arm"),
            pairs(&[("Arm", "arm"), ("ARM", "limb"), ("arm", "limb")])
        );
    }

    #[test]
    fn all_capitals_means_no_small_letter() {
        assert!(is_all_capitals("VIA"));
        assert!(is_all_capitals("H100"));
        assert!(is_all_capitals("TPU-V5"));
        assert!(!is_all_capitals("l'IA"));
        assert!(!is_all_capitals("Nvidia"));
        assert!(!is_all_capitals("2024"));
    }

    #[test]
    fn case_insensitive_and_accent_sensitive() {
        let m = matcher(&[("perché", "why"), ("Città", "city")]);
        assert_eq!(
            found(&m, "PERCHÉ la CITTÀ"),
            pairs(&[("PERCHÉ", "why"), ("CITTÀ", "city")])
        );
        assert_eq!(found(&m, "perche la citta"), pairs(&[]));
    }

    #[test]
    fn apostrophes_end_words_in_both_spellings() {
        let m = matcher(&[("intelligenza artificiale", "ai"), ("Nvidia", "nvidia")]);
        assert_eq!(
            found(&m, "l'intelligenza artificiale e dell’Nvidia’s"),
            pairs(&[("intelligenza artificiale", "ai"), ("Nvidia", "nvidia")])
        );
    }

    #[test]
    fn a_form_with_an_apostrophe_matches_the_typographic_one() {
        let m = matcher(&[("l'IA", "ia")]);
        assert_eq!(found(&m, "con l’IA oggi"), pairs(&[("l’IA", "ia")]));
    }

    #[test]
    fn the_longest_form_wins() {
        let m = matcher(&[("chip", "chip"), ("chip AI", "ai-chip")]);
        assert_eq!(found(&m, "un chip AI e un chip"), {
            pairs(&[("chip AI", "ai-chip"), ("chip", "chip")])
        });
    }

    #[test]
    fn skipped_terms_are_not_found_but_longer_forms_of_others_are() {
        let m = matcher(&[("chip", "chip"), ("chip AI", "ai-chip")]);
        let ids: Vec<String> = m
            .find("chip AI", |id| id == "ai-chip")
            .into_iter()
            .map(|t| t.form.id.clone())
            .collect();
        assert_eq!(ids, ["chip"]);
    }

    #[test]
    fn forms_that_cannot_be_words_are_ignored() {
        let m = matcher(&[("", "empty"), ("-", "dash"), ("C++", "cpp")]);
        assert!(m.is_empty());
    }

    #[test]
    fn multibyte_positions_are_byte_ranges() {
        let m = matcher(&[("è", "e")]);
        let text = "Ciò è così";
        let hits = m.find(text, |_| false);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].start..hits[0].end], "è");
    }

    #[test]
    fn lowercasing_that_changes_length_is_safe() {
        // `İ` lower-cases to two chars: matching must neither panic nor misplace the range.
        let m = matcher(&[("i̇stanbul", "ist")]);
        let text = "a İstanbul b";
        let hits = m.find(text, |_| false);
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].start..hits[0].end], "İstanbul");
    }
}
