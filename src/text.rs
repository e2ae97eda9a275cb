//! Small text helpers shared by the stages: diacritic folding, case tests, white space.

use unicode_normalization::char::decompose_canonical;

/// The base letter of a Vietnamese letter, keeping case: 'ộ' → 'o', 'Đ' → 'D'.
/// One char in, one char out, so char offsets of a folded string match the original's.
pub fn base_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    match c {
        'đ' => 'd',
        'Đ' => 'D',
        _ => {
            let mut first = None;
            decompose_canonical(c, |d| {
                first.get_or_insert(d);
            });
            match first {
                Some(b) if b.is_ascii_alphabetic() => b,
                _ => c,
            }
        }
    }
}

/// Diacritics removed, case kept: "Nghị quyết" → "Nghi quyet".
pub fn strip_diacritics(s: &str) -> String {
    s.chars().map(base_char).collect()
}

/// Diacritics removed and lowercased, one char per char: the form keyword matching runs on, so
/// that text whose marks were lost still parses. "NƠI NHẬN" → "noi nhan".
pub fn fold(s: &str) -> String {
    s.chars()
        .map(|c| {
            let b = base_char(c);
            if b.is_ascii() {
                b.to_ascii_lowercase()
            } else {
                b.to_lowercase().next().unwrap_or(b)
            }
        })
        .collect()
}

/// Byte offset in `s` of the char at `char_index` (for mapping a match in `fold(s)` back).
pub fn byte_offset(s: &str, char_index: usize) -> usize {
    s.char_indices()
        .nth(char_index)
        .map(|(i, _)| i)
        .unwrap_or(s.len())
}

/// Runs of white space collapsed to one space, ends trimmed.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// True when the line has letters and none of them is lowercase ("KẾ HOẠCH", "I. MỤC TIÊU").
pub fn is_upper(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters > 0
}

/// True when the first letter of `s` is uppercase.
pub fn starts_upper(s: &str) -> bool {
    s.chars()
        .find(|c| c.is_alphabetic())
        .is_some_and(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_keeps_length_and_strips_marks() {
        for s in [
            "NƠI NHẬN",
            "Độc lập - Tự do - Hạnh phúc",
            "Ủy ban nhân dân",
            "x≥ 5",
        ] {
            assert_eq!(fold(s).chars().count(), s.chars().count(), "{s}");
        }
        assert_eq!(fold("NƠI NHẬN"), "noi nhan");
        assert_eq!(fold("Độc lập - Tự do"), "doc lap - tu do");
        assert_eq!(strip_diacritics("Nghị quyết Đảng"), "Nghi quyet Dang");
    }

    #[test]
    fn case_tests() {
        assert!(is_upper("I. MỤC ĐÍCH, YÊU CẦU"));
        assert!(!is_upper("1. Mục đích"));
        assert!(!is_upper("2025"));
        assert!(starts_upper("“Học tập"));
        assert!(!starts_upper("- xã hội"));
    }
}
