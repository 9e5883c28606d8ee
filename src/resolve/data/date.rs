//! Partial dates: a year, a month or a day, as precise as a data file knows them.

/// A date as precise as it is known: a year, a month or a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    /// `2024`.
    Year(i16),
    /// `2024-03`.
    Month(i16, i8),
    /// `2024-03-27`.
    Day(jiff::civil::Date),
}

impl PartialDate {
    /// Parses `2024`, `2024-03` or `2024-03-27`, strictly.
    pub fn parse(text: &str) -> Result<Self, String> {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        let parts: Vec<&str> = text.split('-').collect();
        match parts.as_slice() {
            [year] if digits(year, 4) => Ok(Self::Year(year.parse().map_err(|_| bad_date(text))?)),
            [year, month] if digits(year, 4) && digits(month, 2) => {
                let month: i8 = month.parse().map_err(|_| bad_date(text))?;
                if !(1..=12).contains(&month) {
                    return Err(format!(
                        "`{text}` has no month {month}: months go from 01 to 12"
                    ));
                }
                Ok(Self::Month(
                    year.parse().map_err(|_| bad_date(text))?,
                    month,
                ))
            }
            [_, _, _] => crate::load::front_matter::parse_date(text).map(|d| Self::Day(d.0)),
            _ => Err(bad_date(text)),
        }
    }

    /// The first day of the period, for sorting and feeds.
    pub fn start(&self) -> jiff::civil::Date {
        match *self {
            Self::Year(year) => jiff::civil::Date::new(year, 1, 1).unwrap_or_default(),
            Self::Month(year, month) => jiff::civil::Date::new(year, month, 1).unwrap_or_default(),
            Self::Day(date) => date,
        }
    }

    /// The year.
    pub fn year(&self) -> i16 {
        self.start().year()
    }
}

/// Dates sort by the day they start on; a vaguer date comes before a precise one on the same day.
impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        let rank = |d: &Self| match d {
            Self::Year(_) => 0,
            Self::Month(..) => 1,
            Self::Day(_) => 2,
        };
        self.start()
            .cmp(&other.start())
            .then(rank(self).cmp(&rank(other)))
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl std::fmt::Display for PartialDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Year(year) => write!(f, "{year:04}"),
            Self::Month(year, month) => write!(f, "{year:04}-{month:02}"),
            Self::Day(date) => write!(f, "{date}"),
        }
    }
}

fn bad_date(text: &str) -> String {
    format!("`{text}` is not a date: write `2024`, `2024-03` or `2024-03-27`")
}
