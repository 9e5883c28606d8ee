//! Numbers written the way each language writes them: `1.299` and `2,9` in Italian, `1,299` and
//! `2.9` in English, `1 299` (a narrow no-break space) and `2,9` in French. One function for
//! tables, charts, entry pages and the templates' `num` filter, so they always agree.

/// How a language groups thousands and marks decimals.
struct Separators {
    thousands: &'static str,
    decimal: char,
}

/// The separators of a language code (`it`, `pt-BR`); English's for languages not listed.
fn separators(lang: &str) -> Separators {
    let base = lang
        .split(['-', '_'])
        .next()
        .unwrap_or(lang)
        .to_ascii_lowercase();
    match base.as_str() {
        "fr" | "nb" | "nn" | "no" | "sv" | "fi" | "cs" | "sk" | "pl" | "ru" | "uk" | "bg"
        | "hu" => Separators {
            thousands: "\u{202f}",
            decimal: ',',
        },
        "it" | "de" | "es" | "pt" | "nl" | "da" | "sl" | "hr" | "ro" | "tr" | "el" | "ca"
        | "eu" | "gl" | "id" => Separators {
            thousands: ".",
            decimal: ',',
        },
        _ => Separators {
            thousands: ",",
            decimal: '.',
        },
    }
}

/// Writes `value` in the language's way, with at most `max_fraction` decimals (trailing zeros
/// dropped) and thousands grouped from 1,000 on. Non-finite values are written as they are.
pub fn format_number(value: f64, lang: &str, max_fraction: usize) -> String {
    if !value.is_finite() {
        return value.to_string();
    }
    let rounded =
        shortest_within(value, max_fraction).unwrap_or_else(|| format!("{value:.max_fraction$}"));
    let text = if rounded.contains('.') {
        rounded.trim_end_matches('0').trim_end_matches('.')
    } else {
        rounded.as_str()
    };
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) if rest.chars().any(|c| c != '0' && c != '.') => ("-", rest),
        Some(rest) => ("", rest),
        None => ("", text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let separators = separators(lang);
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3 * 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 && whole.len() > 3 {
            grouped.push_str(separators.thousands);
        }
        grouped.push(digit);
    }
    if fraction.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}{}{fraction}", separators.decimal)
    }
}

/// `value`'s shortest decimal form when it has at most `max_fraction` decimals and `value` is
/// under 10⁹: then it is also `value` rounded to `max_fraction` decimals (the rounding error of
/// a float that small is under half of 10⁻⁶), and it is much cheaper than exact rounding, which
/// charts do thousands of times.
fn shortest_within(value: f64, max_fraction: usize) -> Option<String> {
    if value.abs() >= 1e9 || max_fraction > 6 {
        return None;
    }
    let text = value.to_string();
    let decimals = text
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    (decimals <= max_fraction).then_some(text)
}

/// As [`format_number`], with up to six decimals: enough for any figure an editor writes.
pub fn format_value(value: f64, lang: &str) -> String {
    format_number(value, lang, 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_language() {
        assert_eq!(format_number(3.35, "it", 2), "3,35");
        assert_eq!(format_number(1299.0, "it", 2), "1.299");
        assert_eq!(format_number(2250.0, "en", 2), "2,250");
        assert_eq!(format_number(22500.0, "it", 2), "22.500");
        assert_eq!(format_number(1234567.5, "en", 2), "1,234,567.5");
        assert_eq!(
            format_number(1234567.5, "fr", 2),
            "1\u{202f}234\u{202f}567,5"
        );
        assert_eq!(format_number(1234.5, "de", 2), "1.234,5");
        assert_eq!(format_number(-0.5, "it", 2), "-0,5");
        assert_eq!(format_number(-0.001, "en", 2), "0");
        assert_eq!(format_number(900.0, "en", 2), "900");
        assert_eq!(format_number(9.8, "pt-BR", 2), "9,8");
        assert_eq!(format_value(0.125, "en"), "0.125");
        assert_eq!(format_value(f64::NAN, "en"), "NaN");
    }

    #[test]
    fn the_shortcut_rounds_as_exact_formatting_does() {
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let scale = 10f64.powi((x % 12) as i32 - 3);
            let value = (x >> 11) as f64 / (1u64 << 53) as f64
                * scale
                * if x.is_multiple_of(2) { 1.0 } else { -1.0 };
            let short = (x % 1000) as f64 / 100.0;
            for v in [value, short, (value * 100.0).round() / 100.0] {
                for digits in [0, 1, 2, 6] {
                    if let Some(fast) = shortest_within(v, digits) {
                        let exact = format!("{v:.digits$}");
                        let trim = |s: &str| {
                            if s.contains('.') {
                                s.trim_end_matches('0').trim_end_matches('.').to_string()
                            } else {
                                s.to_string()
                            }
                        };
                        assert_eq!(trim(&fast), trim(&exact), "{v} to {digits}");
                    }
                }
            }
        }
    }
}
