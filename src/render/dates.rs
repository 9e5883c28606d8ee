//! Dates written the way each language writes them ("27 marzo 2024", "March 27, 2024").

use jiff::civil::{Date, Weekday};

const MONTHS_IT: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS_IT: [&str; 7] = [
    "lunedì",
    "martedì",
    "mercoledì",
    "giovedì",
    "venerdì",
    "sabato",
    "domenica",
];
const DAYS_EN: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Formats `date` with strftime-like codes: `%Y %m %d %e %-d %-m %B %b %A %a %%`. Month and day
/// names are Italian for `it` and English otherwise.
pub fn format_date(date: Date, format: &str, lang: &str) -> Result<String, String> {
    let italian = lang == "it" || lang.starts_with("it-");
    let month_index = usize::try_from(date.month() - 1).unwrap_or(0).min(11);
    let month = if italian {
        MONTHS_IT[month_index]
    } else {
        MONTHS_EN[month_index]
    };
    let weekday_index = weekday_index(date.weekday());
    let day_name = if italian {
        DAYS_IT[weekday_index]
    } else {
        DAYS_EN[weekday_index]
    };
    let mut out = String::with_capacity(format.len() + 16);
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('Y') => out.push_str(&date.year().to_string()),
            Some('m') => out.push_str(&format!("{:02}", date.month())),
            Some('d') => out.push_str(&format!("{:02}", date.day())),
            Some('e') => out.push_str(&date.day().to_string()),
            Some('B') => out.push_str(month),
            Some('b') => out.extend(month.chars().take(3)),
            Some('A') => out.push_str(day_name),
            Some('a') => out.extend(day_name.chars().take(3)),
            Some('%') => out.push('%'),
            Some('-') => match chars.next() {
                Some('d') => out.push_str(&date.day().to_string()),
                Some('m') => out.push_str(&date.month().to_string()),
                other => return Err(unknown_code(&format!("-{}", other.unwrap_or(' ')))),
            },
            Some(other) => return Err(unknown_code(&other.to_string())),
            None => return Err("the format ends with a lone `%`".to_string()),
        }
    }
    Ok(out)
}

fn unknown_code(code: &str) -> String {
    format!("unknown date code `%{code}`; use %Y %m %d %e %-d %-m %B %b %A %a")
}

fn weekday_index(weekday: Weekday) -> usize {
    usize::try_from(weekday.to_monday_zero_offset())
        .unwrap_or(0)
        .min(6)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        text.parse().unwrap_or_default()
    }

    #[test]
    fn writes_italian_and_english_dates() {
        let d = date("2024-03-27");
        assert_eq!(
            format_date(d, "%e %B %Y", "it").ok(),
            Some("27 marzo 2024".into())
        );
        assert_eq!(
            format_date(d, "%B %e, %Y", "en").ok(),
            Some("March 27, 2024".into())
        );
        assert_eq!(
            format_date(d, "%A %-d/%-m", "it").ok(),
            Some("mercoledì 27/3".into())
        );
        assert_eq!(
            format_date(date("2024-11-02"), "%d %b", "en").ok(),
            Some("02 Nov".into())
        );
    }

    #[test]
    fn unknown_codes_are_errors() {
        assert!(format_date(date("2024-03-27"), "%Q", "it").is_err());
        assert!(format_date(date("2024-03-27"), "50%", "it").is_err());
    }
}
