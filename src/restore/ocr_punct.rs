//! Punctuation OCR puts where print has none, repaired on OCR'd pages: a speck read as a full
//! stop after a word inside a sentence ("ban hành Quyết. định phê duyệt": a sentence that
//! follows a full stop opens with a capital), and the space lost on one side of a dash that
//! stands between words or numbers ("Nguyễn Ngọc Phúc- Tỉnh ủy viên", "giai đoạn 2021- 2025":
//! print spaces such a dash on both sides or on neither, and Tesseract drops a narrow space
//! far more often than it invents one).
//!
//! Only what cannot be anything else is changed: the stop follows a word of three letters or
//! more with a small letter and no other stop (not "TP.", "v.v.", "tr."), and the dash's
//! neighbours are a small letter and a capital (a name, then what it is) or two numbers, not
//! the capitals of a symbol ("KH- UBND").

use crate::ingest::Line;

/// Whether `word` ends a word with a full stop that a speck could have made: letters only
/// before it, three or more, a small one among them.
fn speck_stop(word: &str) -> bool {
    let Some(letters) = word.strip_suffix('.') else {
        return false;
    };
    letters.chars().count() >= 3
        && letters.chars().all(char::is_alphabetic)
        && letters.chars().any(char::is_lowercase)
}

/// Whether a dash ending `left` and the word `right` after a space stand between words or
/// numbers that print would space the dash from: a small letter and a capital, or two digits.
fn dash_lost_its_space(left: &str, right: &str) -> bool {
    let Some(before) = left.strip_suffix('-') else {
        return false;
    };
    let (Some(a), Some(b)) = (before.chars().last(), right.chars().next()) else {
        return false;
    };
    (a.is_lowercase() && b.is_uppercase()) || (a.is_ascii_digit() && b.is_ascii_digit())
}

/// Repairs one line; the words changed.
fn repair_line(line: &mut Line) -> u64 {
    let words: Vec<&str> = line.text.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len() + 1);
    let mut changed = 0;
    for (i, w) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        let next_opens_small = next.chars().next().is_some_and(char::is_lowercase);
        if speck_stop(w) && next_opens_small {
            out.push(w[..w.len() - 1].to_string());
            changed += 1;
        } else if dash_lost_its_space(w, next) {
            out.push(w[..w.len() - 1].to_string());
            out.push("-".to_string());
            changed += 1;
        } else {
            out.push(w.to_string());
        }
    }
    if changed > 0 {
        line.text = out.join(" ");
    }
    changed
}

/// Repairs the punctuation of OCR'd lines in place. Returns the words changed.
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
    fn a_speck_read_as_a_stop_inside_a_sentence() {
        assert_eq!(
            repaired("đề nghị ban hành Quyết. định phê duyệt"),
            "đề nghị ban hành Quyết định phê duyệt"
        );
        // A sentence's end, abbreviations and codes stay.
        for text in [
            "thực hiện. Các sở",
            "TP. hồ",
            "v.v. và",
            "tr. khác",
            "số 12. và",
            "đến năm.",
        ] {
            assert_eq!(repaired(text), text);
        }
    }

    #[test]
    fn a_dash_spaced_on_one_side() {
        assert_eq!(
            repaired("Nguyễn Ngọc Phúc- Tỉnh ủy viên"),
            "Nguyễn Ngọc Phúc - Tỉnh ủy viên"
        );
        assert_eq!(repaired("giai đoạn 2021- 2025"), "giai đoạn 2021 - 2025");
        for text in [
            "Số: 12/KH- UBND",
            "2021-2025",
            "- Lưu: VT",
            "Phúc - Tỉnh",
            "ủy- ban",
        ] {
            assert_eq!(repaired(text), text);
        }
    }
}
