//! Letters Tesseract reads for the digit one and for roman numerals, repaired on OCR'd pages:
//! "ngày l8 tháng 9" for "18", "202l", a table's "l3"; a section's "III." read "IH." or
//! "HI." and "II." read "H." (the two strokes of "II" taken for the letter H). Both leave
//! the text readable as words, so the restorer does not see them, yet a misread number is a
//! wrong fact and a misread label takes a section out of the document's tree.
//!
//! Only what cannot be anything else is changed: a token of digits with an `l`, `I` or `]` among
//! them (no Vietnamese word or code is written so), and a line's first token made of I, l and
//! H before a full stop, followed by a capital, when it reads as II or III.

use crate::ingest::Line;

/// The number a token stands for, where Tesseract printed `l` or `I` for some of its ones:
/// digits, with the separators of dates and numbers (`/`, `.`, `-`, `,`) between them.
fn as_number(token: &str) -> Option<String> {
    let digits = token.chars().filter(char::is_ascii_digit).count();
    let ones = token.chars().filter(|&c| is_one(c)).count();
    if digits == 0 || ones == 0 || ones > digits {
        return None;
    }
    let b = token.as_bytes();
    let fits = token.char_indices().all(|(i, c)| match c {
        '0'..='9' | 'l' | 'I' | ']' => true,
        // A separator between two digits (or ones).
        '/' | '.' | '-' | ',' => {
            i > 0 && i + 1 < b.len() && b[i - 1] != b'/' && b[i + 1].is_ascii_alphanumeric()
        }
        _ => false,
    });
    fits.then(|| token.replace(['l', 'I', ']'], "1"))
}

/// What Tesseract prints for a one among digits: `l`, `I`, and `]` (the serif of a "1" in a
/// Times face: "202]", "Điều 2]").
fn is_one(c: char) -> bool {
    matches!(c, 'l' | 'I' | ']')
}

/// A section label of the line's start ("IH." → "III."): the roman numeral it reads as, when
/// the line goes on with a capital (a heading) after it.
fn as_roman_label(label: &str, rest: &str) -> Option<String> {
    let letters = label.strip_suffix('.')?;
    if letters.is_empty() || !letters.contains('H') {
        return None;
    }
    if !letters.chars().all(|c| matches!(c, 'I' | 'l' | 'H')) {
        return None;
    }
    if !rest
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase)
    {
        return None;
    }
    let roman: String = letters
        .chars()
        .map(|c| if c == 'H' { "II" } else { "I" })
        .collect();
    matches!(roman.as_str(), "II" | "III").then(|| format!("{roman}."))
}

/// The trailing punctuation a number is followed by in running text ("l8," "202l.").
fn split_trailing(token: &str) -> (&str, &str) {
    let core = token.trim_end_matches([',', '.', ';', ':', ')']);
    (core, &token[core.len()..])
}

/// Repairs one line; whether it changed.
fn repair_line(line: &mut Line) -> u64 {
    let text = &line.text;
    // Tokens: maximal runs without white space, with their byte ranges.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                tokens.push((s, i));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        tokens.push((s, text.len()));
    }
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for (k, &(s, e)) in tokens.iter().enumerate() {
        let token = &text[s..e];
        if k == 0 {
            // "]." opening a line before a capital: a list's "1." (no text opens with "]").
            let opens_capital = text[e..].trim_start().starts_with(char::is_uppercase);
            if token == "]." && opens_capital {
                edits.push((s, e, "1.".to_string()));
                continue;
            }
            if let Some(label) = as_roman_label(token, &text[e..]) {
                edits.push((s, e, label));
                continue;
            }
        }
        let (core, tail) = split_trailing(token);
        if let Some(number) = as_number(core) {
            edits.push((s, e, format!("{number}{tail}")));
        }
    }
    let changed = edits.len() as u64;
    for (s, e, new) in edits.into_iter().rev() {
        line.text.replace_range(s..e, &new);
    }
    changed
}

/// Repairs the digits and roman numerals of OCR'd lines in place. Returns the tokens changed.
pub fn repair_lines(lines: &mut [&mut Line]) -> u64 {
    lines.iter_mut().map(|l| repair_line(l)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repaired(text: &str) -> String {
        // (one line as ingest makes it, the helper layout's tests use)
        let mut line = crate::layout::tests::lines_of(text).remove(0);
        repair_lines(&mut [&mut line]);
        line.text
    }

    #[test]
    fn ones_read_as_letters_in_numbers() {
        assert_eq!(
            repaired("Hà Nội, ngày l8 tháng 9 năm 202l."),
            "Hà Nội, ngày 18 tháng 9 năm 2021."
        );
        assert_eq!(
            repaired("ngày l6/5/2025, mục l3;"),
            "ngày 16/5/2025, mục 13;"
        );
        assert_eq!(repaired("| 1I | Sở Tư pháp"), "| 11 | Sở Tư pháp");
        assert_eq!(
            repaired("giai đoạn 202] - 2030; Điều 2] Nghị định"),
            "giai đoạn 2021 - 2030; Điều 21 Nghị định"
        );
        assert_eq!(repaired("]. Về xây dựng xã"), "1. Về xây dựng xã");
        assert_eq!(repaired("]. và"), "]. và");
        assert_eq!(repaired("[1] và ]"), "[1] và ]");
    }

    #[test]
    fn words_and_codes_are_left_alone() {
        for text in [
            "Điều I. Phạm vi; mục II và lớp l",
            "Luật số 2l/QH",
            "Số: 788/STP-HCBT; CO2; A1; Il",
            "ll, lI",
        ] {
            assert_eq!(repaired(text), text);
        }
    }

    #[test]
    fn section_labels_read_as_h() {
        assert_eq!(
            repaired("IH. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU"),
            "III. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU"
        );
        assert_eq!(repaired("HI. NHIỆM VỤ"), "III. NHIỆM VỤ");
        assert_eq!(
            repaired("  H. TỔ CHỨC THỰC HIỆN"),
            "  II. TỔ CHỨC THỰC HIỆN"
        );
        // Not a heading, not at the start, not a numeral.
        assert_eq!(repaired("H. các nội dung"), "H. các nội dung");
        assert_eq!(repaired("mục IH. NHIỆM VỤ"), "mục IH. NHIỆM VỤ");
        assert_eq!(repaired("HH. NHIỆM VỤ"), "HH. NHIỆM VỤ");
    }
}
