//! Text made safe for HTML: the one escaper every stage uses for content and double-quoted
//! attributes, and the encoding of a URL path for an `href`.

/// Escapes text for HTML (and SVG) content and double-quoted attributes.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped_html(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped as [`escape_html`] does, without a string of its own.
pub fn push_escaped_html(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// A URL path for an `href`: characters a URL cannot hold as they are (spaces, quotes, non-ASCII
/// letters) percent-encoded, the rest kept.
pub fn encode_href(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        let keep = byte.is_ascii_alphanumeric() || b"-._~/!$&'()*+,;=:@%#?".contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes_only() {
        assert_eq!(
            escape_html(r#"<a href="x">Tom & 'Jerry'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; 'Jerry'&lt;/a&gt;"
        );
    }

    #[test]
    fn encodes_what_a_url_cannot_hold() {
        assert_eq!(encode_href("/a b/perché?q=1#x"), "/a%20b/perch%C3%A9?q=1#x");
    }
}
