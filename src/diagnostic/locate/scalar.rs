//! How far a scalar's text runs, so that a diagnostic underlines the whole value.

/// The length of a plain or quoted scalar at the start of `text`, or 0 for anything else. Inside
/// a flow collection (`in_flow`), a plain scalar also ends at `,`, `]` or `}`; in a block, it
/// runs to `: `, ` #` or the end of the line. It reads no further than that, so placing many
/// values on one long line costs the length of the line once, not once per value.
pub(super) fn scalar_len(text: &str, in_flow: bool) -> usize {
    let bytes = text.as_bytes();
    match bytes.first() {
        Some(b'[' | b'{' | b'|' | b'>' | b'-') => return 0,
        Some(&quote @ (b'"' | b'\'')) => {
            let close = bytes.iter().skip(1).position(|&b| b == quote || b == b'\n');
            return match close.map(|i| i + 1) {
                Some(i) if bytes[i] == quote => i + 1,
                Some(i) => trim_returns(text, i),
                None => trim_returns(text, text.len()),
            };
        }
        _ => {}
    }
    let is_stop = |i: usize| {
        let next = bytes.get(i + 1).copied();
        match bytes[i] {
            b':' => next == Some(b' '),
            b' ' => next == Some(b'#'),
            b',' | b']' | b'}' => in_flow,
            _ => false,
        }
    };
    let end = (0..bytes.len())
        .find(|&i| bytes[i] == b'\n' || is_stop(i))
        .unwrap_or(bytes.len());
    let end = if bytes.get(end) == Some(&b'\n') || end == bytes.len() {
        trim_returns(text, end)
    } else {
        end
    };
    let end = if text[..end].ends_with(':') {
        end - 1
    } else {
        end
    };
    text[..end].trim_end().len()
}

/// `end`, less the carriage returns just before it.
fn trim_returns(text: &str, end: usize) -> usize {
    text[..end].trim_end_matches('\r').len()
}
