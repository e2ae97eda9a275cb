//! Dates as Vietnamese documents write them, to ISO 8601 (partial where the day or month is
//! left blank, as in drafts: "ngày   tháng 6 năm 2025" → "2025-06").

use regex::Regex;
use std::sync::LazyLock;

/// "ngày 25 tháng 02 năm 2025", "ngày 22/12/2024", "ngày 1-4-2025", "ngày   tháng 6 năm 2025",
/// and a speck OCR read after "ngày" ("ngày. 28 tháng 5 năm 2026").
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:[Nn]g[àa]y|NG[ÀA]Y)(?:\s*[.,:;])?\s*([0-9]{1,2})?\s*(?:(?:[Tt]h[áa]ng|TH[ÁA]NG)\s*([0-9]{1,2})?\s*(?:[Nn][ăa]m|N[ĂA]M)\s*([0-9]{4})|[/.\-]\s*([0-9]{1,2})\s*[/.\-]\s*([0-9]{4}))",
    )
    .unwrap()
});

/// A date found in text, with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundDate {
    pub iso: String,
    pub start: usize,
    pub end: usize,
}

/// ISO form of day/month/year parts; `None` when they are out of range.
pub fn iso(day: Option<u32>, month: Option<u32>, year: u32) -> Option<String> {
    if !(1900..=2100).contains(&year) {
        return None;
    }
    match (day, month) {
        (_, None) => Some(format!("{year:04}")),
        (None, Some(m)) if (1..=12).contains(&m) => Some(format!("{year:04}-{m:02}")),
        (Some(d), Some(m)) if (1..=12).contains(&m) && (1..=days_in(m, year)).contains(&d) => {
            Some(format!("{year:04}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The first "ngày …" date in `text`.
pub fn find_date(text: &str) -> Option<FoundDate> {
    find_dates(text).next()
}

pub fn find_dates(text: &str) -> impl Iterator<Item = FoundDate> + '_ {
    DATE.captures_iter(text).filter_map(|c| {
        // "ngày" as a word, not the end of another ("Ngàyngày" never, but "mgày" OCR junk).
        let start = c.get(0).unwrap().start();
        if text[..start]
            .chars()
            .next_back()
            .is_some_and(|ch| ch.is_alphanumeric())
        {
            return None;
        }
        let num = |i: usize| c.get(i).and_then(|m| m.as_str().parse::<u32>().ok());
        let day = num(1);
        let (month, year) = if let Some(y) = num(3) {
            (num(2), y)
        } else {
            (num(4), num(5)?)
        };
        let m = c.get(0).unwrap();
        // "ngày tháng năm 2025" without a day is fine; a day without a month is not a date.
        if day.is_some() && month.is_none() {
            return None;
        }
        Some(FoundDate {
            iso: iso(day, month, year)?,
            start: m.start(),
            end: m.end(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        find_date(s).map(|f| f.iso)
    }

    #[test]
    fn forms() {
        assert_eq!(d("ngày 25 tháng 02 năm 2025"), Some("2025-02-25".into()));
        assert_eq!(d("ngày 22/12/2024 của Bộ"), Some("2024-12-22".into()));
        assert_eq!(d("ngày 1-4-2025"), Some("2025-04-01".into()));
        assert_eq!(
            d("An Giang, ngày     tháng 6 năm 2025"),
            Some("2025-06".into())
        );
        assert_eq!(
            d("Hậu Giang, ngày        tháng       năm 2025"),
            Some("2025".into())
        );
        assert_eq!(d("ngày 31 tháng 02 năm 2025"), None);
        assert_eq!(d("ngày 10 của tháng cuối quý"), None);
        // A speck after "ngày" in a scan.
        assert_eq!(
            d("Lao Cai, ngày. 28 tháng 5 năm 2026"),
            Some("2026-05-28".into())
        );
        assert_eq!(d("ngày, tháng 6 năm 2025"), Some("2025-06".into()));
        // Marks lost in extraction or OCR.
        assert_eq!(
            d("An Giang, ngay 05 thang 8 nam 2025"),
            Some("2025-08-05".into())
        );
    }
}
