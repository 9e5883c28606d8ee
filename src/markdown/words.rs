//! Counting words for `word_count` and reading time.
//!
//! A word is a run of non-space characters that contains a letter or digit, so punctuation inside
//! a word does not split it: `l'intelligenza`, `l’intelligenza`, `don't`, `3.14` and `e-mail` are
//! one word each, a lone `—` or `*` is none. Dashes (`–`, `—`) separate words even without spaces.
//! Chinese and Japanese characters, written without spaces, count one word each.
//!
//! The counter keeps its state across text events, because Markdown splits one written word into
//! several events (`foo*bar*`, or the curly apostrophe smart punctuation produces).

/// Counts words across consecutive pieces of text.
#[derive(Debug, Default)]
pub(super) struct WordCounter {
    count: usize,
    in_word: bool,
}

impl WordCounter {
    /// Adds the words of `text`, which continues the text seen since the last [`Self::boundary`].
    pub(super) fn add(&mut self, text: &str) {
        // Most text is ASCII: classify those bytes directly, and decode only the rest.
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let byte = bytes[i];
            if byte.is_ascii() {
                if byte.is_ascii_alphanumeric() {
                    if !self.in_word {
                        self.count += 1;
                    }
                    self.in_word = true;
                } else if byte.is_ascii_whitespace() || byte == 0x0B {
                    self.in_word = false;
                }
                i += 1;
                continue;
            }
            let rest = text.get(i..).unwrap_or_default();
            let Some(c) = rest.chars().next() else {
                break;
            };
            self.add_char(c);
            i += c.len_utf8();
        }
    }

    fn add_char(&mut self, c: char) {
        if is_ideograph(c) {
            self.count += 1;
            self.in_word = false;
        } else if c.is_whitespace() || matches!(c, '–' | '—') {
            self.in_word = false;
        } else if c.is_alphanumeric() {
            if !self.in_word {
                self.count += 1;
            }
            self.in_word = true;
        }
        // Anything else (punctuation, symbols, combining marks) neither starts nor ends a word.
    }

    /// Marks a break between texts (a new block, a line break): the next text starts a new word.
    pub(super) fn boundary(&mut self) {
        self.in_word = false;
    }

    /// The number of words counted so far.
    pub(super) fn count(&self) -> usize {
        self.count
    }
}

/// Han, Hiragana and Katakana: scripts whose words are not separated by spaces.
fn is_ideograph(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The count the definition gives, one decoded character at a time.
    fn reference(text: &str) -> usize {
        let mut counter = WordCounter::default();
        for c in text.chars() {
            counter.add_char(c);
        }
        counter.count()
    }

    proptest! {
        #[test]
        fn the_ascii_fast_path_counts_like_the_definition(text in "[a-zA-Z0-9 \t\n\x0b\x0c\r.,'’—–àèé日本*-]{0,40}") {
            let mut counter = WordCounter::default();
            counter.add(&text);
            prop_assert_eq!(counter.count(), reference(&text));
        }
    }

    fn count(pieces: &[&str]) -> usize {
        let mut counter = WordCounter::default();
        for piece in pieces {
            counter.add(piece);
        }
        counter.count()
    }

    #[test]
    fn counts_unicode_words() {
        assert_eq!(count(&["Perché è così? Sì."]), 4);
        assert_eq!(count(&["l'intelligenza artificiale"]), 2);
        assert_eq!(count(&["l’intelligenza"]), 1);
        assert_eq!(count(&["don't stop — 3.14 e-mail"]), 4);
        assert_eq!(count(&["a—b", " x–y"]), 4);
        assert_eq!(count(&["  * -- ... "]), 0);
        assert_eq!(count(&["cafe\u{301} noir"]), 2);
        assert_eq!(count(&["日本語 text"]), 4);
        assert_eq!(count(&[""]), 0);
    }

    #[test]
    fn words_continue_across_pieces_until_a_boundary() {
        assert_eq!(count(&["l", "’", "intelligenza"]), 1);
        assert_eq!(count(&["foo", "bar"]), 1);
        let mut counter = WordCounter::default();
        counter.add("foo");
        counter.boundary();
        counter.add("bar");
        assert_eq!(counter.count(), 2);
    }
}
