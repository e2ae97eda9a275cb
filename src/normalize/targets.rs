//! Targets of indicator tables, as printed → comparison, value(s) and remaining text:
//! "≥ 55" → (>=, 55); "16 - 18" → range; "> 0,7" (decimal comma) → (>, 0.7);
//! "≥ 3% và tăng dần …" → (>=, 3, "và tăng dần …"); "Ít nhất 02" → (>=, 2); free text stays text.

use crate::model::Target;
use crate::text::collapse_ws;
use regex::Regex;
use std::sync::LazyLock;

/// A number as Vietnamese documents print it: decimal comma, thousands dot ("1.000"), or a
/// decimal point in copied data ("0.7").
const NUM: &str = r"[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:[,.][0-9]+)?";

static LEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(≥|>=|≤|<=|>|<|=)?\s*({NUM})(?:\s*(%))?(?:\s*(?:-|–|đến)\s*({NUM})(?:\s*(%))?)?"
    ))
    .unwrap()
});

/// Verbal comparisons (matched without diacritics): "Ít nhất 02", "tối thiểu 70%", "trên 80%".
const WORDS: [(&str, &str); 10] = [
    ("it nhat", ">="),
    ("toi thieu", ">="),
    ("khong duoi", ">="),
    ("khong thap hon", ">="),
    ("tu", ">="),
    ("tren", ">"),
    ("hon", ">"),
    ("toi da", "<="),
    ("khong qua", "<="),
    ("duoi", "<"),
];

pub fn parse_number(s: &str) -> Option<f64> {
    let s = s.trim();
    let normalized = if s.contains(',') {
        s.replace('.', "").replace(',', ".")
    } else if s.matches('.').count() > 1 || s.split('.').nth(1).is_some_and(|f| f.len() == 3) {
        // "1.000" is a thousand, "1.000.000" a million.
        s.replace('.', "")
    } else {
        s.to_string()
    };
    normalized.parse().ok()
}

pub fn parse_target(raw: &str) -> Target {
    let raw = collapse_ws(raw);
    let mut rest = raw.as_str();
    let mut op: Option<&str> = None;
    // "Đạt 100%", "Đạt trên 80%": "đạt" adds nothing.
    // (openings compared by folding only as far as they go: tables ask this of many spans)
    if crate::text::fold_starts_with(rest, "dat ") {
        rest = rest[rest.find(' ').unwrap() + 1..].trim_start();
    }
    for (word, o) in WORDS {
        // (folding keeps spaces and digits, and makes no others)
        if crate::text::fold_starts_with(rest, word)
            && rest
                .chars()
                .nth(word.chars().count())
                .is_some_and(|c| c == ' ' || c.is_ascii_digit())
        {
            let after = crate::text::byte_offset(rest, word.chars().count());
            let candidate = rest[after..].trim_start();
            if LEADING
                .captures(candidate)
                .is_some_and(|c| c.get(1).is_none())
            {
                op = Some(o);
                rest = candidate;
            }
            break;
        }
    }
    let Some(c) = LEADING.captures(rest) else {
        return text_target(&raw);
    };
    let value = parse_number(&c[2]);
    let max = c.get(4).and_then(|m| parse_number(m.as_str()));
    let symbol = c.get(1).map(|m| match m.as_str() {
        "≥" | ">=" => ">=",
        "≤" | "<=" => "<=",
        o => o,
    });
    // A number glued to letters ("5G") is a name, not a value.
    let end = c.get(0).unwrap().end();
    if rest[end..]
        .chars()
        .next()
        .is_some_and(|ch| ch.is_alphabetic())
    {
        return text_target(&raw);
    }
    let tail = rest[end..].trim();
    let op = if max.is_some() {
        "range"
    } else {
        symbol.or(op).unwrap_or("=")
    };
    Target {
        raw: raw.clone(),
        op: op.to_string(),
        value,
        max,
        text: (!tail.is_empty()).then(|| tail.to_string()),
    }
}

fn text_target(raw: &str) -> Target {
    Target {
        raw: raw.to_string(),
        op: "text".to_string(),
        value: None,
        max: None,
        text: (!raw.is_empty()).then(|| raw.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> (String, Option<f64>, Option<f64>, Option<String>) {
        let x = parse_target(s);
        (x.op, x.value, x.max, x.text)
    }

    #[test]
    fn forms() {
        assert_eq!(t("≥ 55"), (">=".into(), Some(55.0), None, None));
        assert_eq!(t(">= 30"), (">=".into(), Some(30.0), None, None));
        assert_eq!(t("≤  30"), ("<=".into(), Some(30.0), None, None));
        assert_eq!(t("> 0,7"), (">".into(), Some(0.7), None, None));
        assert_eq!(t("16 - 18"), ("range".into(), Some(16.0), Some(18.0), None));
        assert_eq!(
            t("20% - 50%"),
            ("range".into(), Some(20.0), Some(50.0), None)
        );
        assert_eq!(t("100%"), ("=".into(), Some(100.0), None, None));
        assert_eq!(t("09"), ("=".into(), Some(9.0), None, None));
        assert_eq!(
            t("≥ 3% và tăng dần theo yêu cầu phát triển"),
            (
                ">=".into(),
                Some(3.0),
                None,
                Some("và tăng dần theo yêu cầu phát triển".into())
            )
        );
        assert_eq!(t("Ít nhất 02"), (">=".into(), Some(2.0), None, None));
        assert_eq!(t("Tối thiểu 70%"), (">=".into(), Some(70.0), None, None));
        assert_eq!(t("trên 80%"), (">".into(), Some(80.0), None, None));
        assert_eq!(t("Tiên tiến, hiện đại").0, "text");
        assert_eq!(t("1.000"), ("=".into(), Some(1000.0), None, None));
        assert_eq!(t("5G toàn tỉnh").0, "text");
        assert_eq!(
            t("≤ 3 Đông Nam Á; ≤ 50 Thế giới"),
            (
                "<=".into(),
                Some(3.0),
                None,
                Some("Đông Nam Á; ≤ 50 Thế giới".into())
            )
        );
    }
}
