//! Small text helpers shared by the stages: diacritic folding, case tests, white space.

use std::sync::LazyLock;
use unicode_normalization::char::decompose_canonical;

/// Latin-1 Supplement to Latin Extended-B (U+00C0–U+024F) and Latin Extended Additional
/// (U+1E00–U+1EFF): every precomposed Vietnamese letter lies in these two blocks.
const LOW: (u32, u32) = (0xC0, 0x250);
const HIGH: (u32, u32) = (0x1E00, 0x1F00);

/// Base letters of the two blocks, worked out once from the canonical decompositions.
static BASES: LazyLock<Vec<char>> = LazyLock::new(|| {
    let decompose = |c: char| {
        let mut first = None;
        decompose_canonical(c, |d| {
            first.get_or_insert(d);
        });
        match first {
            Some(b) if b.is_ascii_alphabetic() => b,
            _ => c,
        }
    };
    (LOW.0..LOW.1)
        .chain(HIGH.0..HIGH.1)
        .map(|u| match char::from_u32(u) {
            Some('đ') => 'd',
            Some('Đ') => 'D',
            Some(c) => decompose(c),
            None => '\u{fffd}',
        })
        .collect()
});

/// `char::is_alphabetic`, answering ASCII and the Vietnamese letters from the table: the
/// standard library's lookup for non-ASCII letters is the hot spot of scanning every word.
pub fn is_letter(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        base_char(c).is_ascii_alphabetic() || c.is_alphabetic()
    }
}

/// The base letter of a Vietnamese letter, keeping case: 'ộ' → 'o', 'Đ' → 'D'.
/// One char in, one char out, so char offsets of a folded string match the original's.
pub fn base_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    let u = c as u32;
    if (LOW.0..LOW.1).contains(&u) {
        BASES[(u - LOW.0) as usize]
    } else if (HIGH.0..HIGH.1).contains(&u) {
        BASES[(LOW.1 - LOW.0 + u - HIGH.0) as usize]
    } else {
        c
    }
}

/// Diacritics removed, case kept: "Nghị quyết" → "Nghi quyet".
pub fn strip_diacritics(s: &str) -> String {
    s.chars().map(base_char).collect()
}

/// Diacritics removed and lowercased, one char per char: the form keyword matching runs on, so
/// that text whose marks were lost still parses. "NƠI NHẬN" → "noi nhan".
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

/// `fold(s).starts_with(prefix)` without folding more of `s` than the prefix needs (blocks are
/// tested against openings by the dozen).
pub fn fold_starts_with(s: &str, prefix: &str) -> bool {
    let mut folded = s.chars().map(fold_char);
    prefix.chars().all(|p| folded.next() == Some(p))
}

/// `fold(s) == folded`, stopping at the first char that differs.
pub fn fold_eq(s: &str, folded: &str) -> bool {
    let mut a = s.chars().map(fold_char);
    let mut b = folded.chars();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (x, y) if x != y => return false,
            _ => {}
        }
    }
}

/// One char of `fold`: its base letter in lower case.
pub fn fold_char(c: char) -> char {
    let b = base_char(c);
    if b.is_ascii() {
        b.to_ascii_lowercase()
    } else {
        b.to_lowercase().next().unwrap_or(b)
    }
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
    collapsed(s).into_owned()
}

/// `collapse_ws`, borrowing `s` when it is collapsed already (most lines are).
pub fn collapsed(s: &str) -> std::borrow::Cow<'_, str> {
    if is_collapsed(s) {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(collapse_words(s))
    }
}

/// True when `s` is already single-spaced, with no white space at either end: `collapse_ws`
/// would copy it. Read as bytes, every position with the two bytes after it, in one pass
/// without early exit (the compiler vectorises it: this runs over every line of every text).
/// The non-ASCII white space chars are U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029,
/// U+202F, U+205F and U+3000.
fn is_collapsed(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let n = b.len();
    let body = n.saturating_sub(2);
    let inner = b[..body]
        .iter()
        .zip(&b[1.min(n)..])
        .zip(&b[2.min(n)..])
        .fold(false, |found, ((&x, &n1), &n2)| {
            found | breaks_collapse(x, n1, n2)
        });
    // (the last two positions, read with zeros past the end)
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let tail = (body..n).any(|i| breaks_collapse(b[i], at(i + 1), at(i + 2)));
    !(inner || tail)
}

/// Whether the byte `x`, followed by `n1` and `n2`, starts a white space char other than a
/// single space, or a second space: what a collapsed text has none of. Bitwise, not
/// short-circuit operators, so that `is_collapsed`'s pass stays free of branches.
#[inline(always)]
fn breaks_collapse(x: u8, n1: u8, n2: u8) -> bool {
    let control = (0x09..=0x0d).contains(&x);
    let double = (x == b' ') & (n1 == b' ');
    let c2 = (x == 0xc2) & ((n1 == 0x85) | (n1 == 0xa0));
    let e1 = (x == 0xe1) & (n1 == 0x9a) & (n2 == 0x80);
    let e2_80 = (x == 0xe2)
        & (n1 == 0x80)
        & ((0x80..=0x8a).contains(&n2) | (n2 == 0xa8) | (n2 == 0xa9) | (n2 == 0xaf));
    let e2_81 = (x == 0xe2) & (n1 == 0x81) & (n2 == 0x9f);
    let e3 = (x == 0xe3) & (n1 == 0x80) & (n2 == 0x80);
    control | double | c2 | e1 | e2_80 | e2_81 | e3
}

fn collapse_words(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Appends a wrapped line: a document symbol cut after its hyphen or slash ("57-" + "NQ/TW")
/// is glued back without a space.
pub fn append_wrapped(text: &mut String, next: &str) {
    let last_token = text.rsplit(' ').next().unwrap_or("");
    let cut_symbol = (last_token.ends_with('-') || last_token.ends_with('/'))
        && last_token.len() > 1
        && last_token
            .chars()
            .any(|c| c.is_ascii_digit() || c.is_uppercase())
        && next
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
    if !cut_symbol && !text.is_empty() {
        text.push(' ');
    }
    text.push_str(next);
}

/// `s` without an opening quote mark that nothing after it closes ("\"Tuyên truyền …",
/// "“Giải đáp …"): a speck OCR read as a quote, where a whole text (a title, a cell) is meant.
pub fn without_unclosed_quote(s: &str) -> &str {
    match s.strip_prefix(['"', '“']) {
        Some(rest) if !rest.contains(['"', '”']) => rest.trim_start(),
        _ => s,
    }
}

/// True when the line has letters and none of them is lowercase ("KẾ HOẠCH", "I. MỤC TIÊU").
pub fn is_upper(s: &str) -> bool {
    let mut letters = 0;
    for c in s.chars() {
        if c.is_lowercase() {
            return false;
        }
        if is_letter(c) {
            letters += 1;
        }
    }
    letters > 0
}

/// Capitals but for at most one lowercase letter (OCR and restoration leave one now and then:
/// "Sở XÂY DỰNG").
pub fn is_mostly_upper(s: &str) -> bool {
    let lower = s.chars().filter(|c| c.is_lowercase()).count();
    let letters = s.chars().filter(|c| is_letter(*c)).count();
    letters >= 3 && lower <= 1 && lower * 5 < letters
}

/// True when the first letter of `s` is uppercase.
pub fn starts_upper(s: &str) -> bool {
    s.chars()
        .find(|c| is_letter(*c))
        .is_some_and(|c| c.is_uppercase())
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_unclosed_opening_quote_is_a_speck() {
        assert_eq!(
            without_unclosed_quote("\"Tuyên truyền CCHC"),
            "Tuyên truyền CCHC"
        );
        assert_eq!(without_unclosed_quote("“ Giải đáp"), "Giải đáp");
        let quoted = "“Ngày Pháp luật” năm 2026";
        assert_eq!(without_unclosed_quote(quoted), quoted);
        assert_eq!(without_unclosed_quote("Kế hoạch “Ngày"), "Kế hoạch “Ngày");
    }

    #[test]
    fn collapsed_text_is_what_collapsing_gives_for_every_char() {
        for u in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(u) else {
                continue;
            };
            for s in [
                format!("a{c}b"),
                format!("{c}"),
                format!("x {c}"),
                format!("{c} y"),
                format!("Sở {c}{c} Hà"),
            ] {
                assert_eq!(
                    super::is_collapsed(&s),
                    super::collapse_words(&s) == s,
                    "U+{u:04X} in {s:?}"
                );
            }
        }
    }

    #[test]
    fn fold_eq_is_equality_of_folds() {
        let folded = super::fold("Kế hoạch số 181");
        for s in [
            "KẾ HOẠCH SỐ 181",
            "Ke hoach so 181",
            "Kế hoạch số 18",
            "Kế hoạch số 1811",
            "",
        ] {
            assert_eq!(
                super::fold_eq(s, &folded),
                super::fold(s) == folded,
                "{s:?}"
            );
        }
        assert!(super::fold_eq("", ""));
    }

    #[test]
    fn is_letter_is_is_alphabetic_for_every_char() {
        for u in 0..=0x10FFFFu32 {
            if let Some(c) = char::from_u32(u) {
                assert_eq!(is_letter(c), c.is_alphabetic(), "U+{u:04X}");
            }
        }
    }

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
