//! Dates written the way each language writes them ("27 marzo 2024", "March 27, 2024").

use jiff::civil::{Date, Weekday};

/// Month and weekday names of one language, Monday first.
struct Names {
    months: [&'static str; 12],
    days: [&'static str; 7],
}

const ITALIAN: Names = Names {
    months: [
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
    ],
    days: [
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "domenica",
    ],
};
const ENGLISH: Names = Names {
    months: [
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
    ],
    days: [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ],
};
const FRENCH: Names = Names {
    months: [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    days: [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ],
};
const GERMAN: Names = Names {
    months: [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
    days: [
        "Montag",
        "Dienstag",
        "Mittwoch",
        "Donnerstag",
        "Freitag",
        "Samstag",
        "Sonntag",
    ],
};
const SPANISH: Names = Names {
    months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    days: [
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
    ],
};

/// The names of a language code (`it`, `fr-CA`); English's for languages not listed.
fn names(lang: &str) -> &'static Names {
    match base_language(lang) {
        "it" => &ITALIAN,
        "fr" => &FRENCH,
        "de" => &GERMAN,
        "es" => &SPANISH,
        _ => &ENGLISH,
    }
}

/// `pt` for `pt-BR`.
fn base_language(lang: &str) -> &str {
    lang.split(['-', '_']).next().unwrap_or(lang)
}

/// How a language writes a full date and a month, in [`format_date`]'s codes: "27 marzo 2024",
/// "March 27, 2024", "27 mars 2024", "27. März 2024", "27 de marzo de 2024"; "marzo de 2024".
/// Italian and French write the first of the month as an ordinal: "1º dicembre", "1er décembre".
pub fn date_formats(lang: &str) -> (&'static str, &'static str) {
    match base_language(lang) {
        "it" | "fr" => ("%o %B %Y", "%B %Y"),
        "de" => ("%-d. %B %Y", "%B %Y"),
        "es" => ("%-d de %B de %Y", "%B de %Y"),
        _ => ("%B %-d, %Y", "%B %Y"),
    }
}

/// Formats `date` with strftime-like codes: `%Y %m %d %e %-d %-m %o %B %b %A %a %%`. Month and day
/// names are Italian, French, German or Spanish for those languages, English otherwise. `%o` is
/// the day as written before a month name: `%-d`, except the first of the month in Italian ("1º")
/// and French ("1er").
pub fn format_date(date: Date, format: &str, lang: &str) -> Result<String, String> {
    let names = names(lang);
    let month_index = usize::try_from(date.month() - 1).unwrap_or(0).min(11);
    let month = names.months[month_index];
    let day_name = names.days[weekday_index(date.weekday())];
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
            Some('o') => out.push_str(&day_before_month(date.day(), lang)),
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

/// The day of the month as a language writes it before the month's name: "1º" in Italian and
/// "1er" in French for the first, the plain number otherwise.
fn day_before_month(day: i8, lang: &str) -> String {
    match (day, base_language(lang)) {
        (1, "it") => "1º".to_string(),
        (1, "fr") => "1er".to_string(),
        _ => day.to_string(),
    }
}

fn unknown_code(code: &str) -> String {
    format!("unknown date code `%{code}`; use %Y %m %d %e %-d %-m %o %B %b %A %a")
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
    fn writes_french_german_and_spanish_dates() {
        let d = date("2024-03-27");
        let full = |lang| format_date(d, date_formats(lang).0, lang).ok();
        assert_eq!(full("fr"), Some("27 mars 2024".into()));
        assert_eq!(full("de"), Some("27. März 2024".into()));
        assert_eq!(full("es"), Some("27 de marzo de 2024".into()));
        assert_eq!(full("en-GB"), Some("March 27, 2024".into()));
        assert_eq!(
            format_date(d, date_formats("es").1, "es").ok(),
            Some("marzo de 2024".into())
        );
    }

    #[test]
    fn the_first_of_the_month_is_an_ordinal_in_italian_and_french() {
        let first = date("2020-12-01");
        let full = |lang| format_date(first, date_formats(lang).0, lang).ok();
        assert_eq!(full("it"), Some("1º dicembre 2020".into()));
        assert_eq!(full("fr"), Some("1er décembre 2020".into()));
        assert_eq!(full("en"), Some("December 1, 2020".into()));
        assert_eq!(full("de"), Some("1. Dezember 2020".into()));
        assert_eq!(full("es"), Some("1 de diciembre de 2020".into()));
        // Only the first: the second of the month is a plain number.
        assert_eq!(
            format_date(date("2020-12-02"), "%o %B", "it").ok(),
            Some("2 dicembre".into())
        );
        // %-d stays a plain number, for formats that are not "day month".
        assert_eq!(
            format_date(first, "%-d/%-m", "it").ok(),
            Some("1/12".into())
        );
    }

    #[test]
    fn unknown_codes_are_errors() {
        assert!(format_date(date("2024-03-27"), "%Q", "it").is_err());
        assert!(format_date(date("2024-03-27"), "50%", "it").is_err());
    }
}
