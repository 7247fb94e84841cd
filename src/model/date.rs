//! Calendar dates (`YYYY-MM-DD`): when a subnet was created, and the
//! cut-off dates of the profiles that depend on it.
//!
//! Input: text. Output: a [`Date`] that exists in the Gregorian calendar
//! (month 1–12, day within the month, leap years counted), or why not.
//! Dates order chronologically (field order is year, month, day).

/// A day of the Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD` (exactly four, two and two digits).
    pub fn parse(text: &str) -> Result<Date, String> {
        let shape = text.len() == 10
            && text.char_indices().all(|(i, c)| match i {
                4 | 7 => c == '-',
                _ => c.is_ascii_digit(),
            });
        if !shape {
            return Err("a date is written `YYYY-MM-DD`, e.g. `2021-03-15`".into());
        }
        let num = |range: std::ops::Range<usize>| -> u16 {
            text.get(range)
                .and_then(|s| s.parse().ok())
                .unwrap_or_default()
        };
        let (year, month, day) = (num(0..4), num(5..7), num(8..10));
        if !(1..=12).contains(&month) {
            return Err(format!("there is no month {month}"));
        }
        let month = month as u8;
        let last = days_in_month(year, month);
        if day == 0 || day > u16::from(last) {
            return Err(format!(
                "{} {year} has {last} days",
                MONTHS.get(usize::from(month - 1)).copied().unwrap_or("")
            ));
        }
        Ok(Date {
            year,
            month,
            day: day as u8,
        })
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

const MONTHS: [&str; 12] = [
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

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_and_orders_them() {
        let a = Date::parse("2020-09-09").unwrap();
        let b = Date::parse("2020-09-22").unwrap();
        assert!(a < b);
        assert_eq!(a.to_string(), "2020-09-09");
        assert!(Date::parse("2024-02-29").is_ok());
    }

    #[test]
    fn refuses_dates_that_do_not_exist() {
        assert_eq!(
            Date::parse("2021-02-29").unwrap_err(),
            "February 2021 has 28 days"
        );
        assert_eq!(
            Date::parse("2021-13-01").unwrap_err(),
            "there is no month 13"
        );
        assert!(Date::parse("2021-3-1").is_err());
        assert!(Date::parse("1900-02-29").is_err());
    }
}
