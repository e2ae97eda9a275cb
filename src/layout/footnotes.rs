//! Footnotes: PDF extraction drops a page's footnote where the page ends, often in the middle of
//! a paragraph ("… tinh thần “5 rõ, 3 dám”1 và …" / … / "1 5 rõ: “rõ người, …”"). A line that
//! opens with a small number which a nearby earlier line carries as a mark glued to a word is a
//! footnote; it runs to the first line that ends a sentence. In a PDF the mark may stand on a
//! line of its own (raised above the note's first line), and a note runs on over the lines of its
//! small type to the page's end.

use crate::ingest::Line;
use crate::model::Footnote;
use regex::Regex;
use std::sync::LazyLock;

/// A note's own mark where its text opens: "4", or in brackets as some documents print their
/// marks, "(4)" — or "4()" where an office suite set the raised brackets over the number.
const NOTE_MARK: &str = r"([0-9]{1,2})|\(([0-9]{1,2})\)|([0-9]{1,2})\(\)";
static FOOTNOTE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?:{NOTE_MARK})\s+(\S.*)$")).unwrap());
static LONE_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^(?:{NOTE_MARK})$")).unwrap());
/// A mark glued after a letter, closing quote or punctuation, then a space, punctuation or end;
/// or a bracketed one glued after a letter ("an ninh mạng(5).").
static MARK: LazyLock<Regex> = LazyLock::new(|| {
    // One `\p{L}` (a class of 700 ranges, costly to compile) with its optional punctuation.
    Regex::new(
        r"(?:\p{L}[.;:,]?|[”\u{22}’)\]])([0-9]{1,2})(?:[\s,.;:)]|$)|\p{L}(\([0-9]{1,2}\))(?:[\s,.;:]|$)",
    )
    .unwrap()
});

/// Where a footnote opens: its number, the mark as the body carries it ("4", or "(4)" where the
/// note's own mark is bracketed), the line its text opens on and that text.
struct NoteStart {
    number: String,
    in_body: String,
    first: usize,
    text: String,
}

/// How far back (in content lines) a footnote's mark may stand.
const MARK_WINDOW: usize = 80;
/// Longest footnote, in lines.
const MAX_LINES: usize = 6;

/// Finds footnotes, removes their marks from the body text, and returns them with a mask of the
/// lines they occupied.
pub(super) fn extract(lines: &mut [Line], table: &[bool]) -> (Vec<Footnote>, Vec<bool>) {
    let mut is_footnote = vec![false; lines.len()];
    let mut notes = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if table[i] || i == 0 {
            i += 1;
            continue;
        }
        let Some(start) = note_start(lines, table, i) else {
            i += 1;
            continue;
        };
        let Some((j, at)) = find_mark(lines, table, &is_footnote, i, &start.in_body) else {
            i += 1;
            continue;
        };
        let first = start.first;
        let end = note_end(lines, table, &start);
        let mut text = crate::text::collapse_ws(&start.text);
        for line in &lines[first + 1..=end] {
            text.push(' ');
            text.push_str(&crate::text::collapse_ws(&line.text));
        }
        // Remove the mark from the body.
        lines[j]
            .text
            .replace_range(at..at + start.in_body.len(), "");
        notes.push(Footnote {
            mark: start.number,
            text,
            span: super::span_of(&lines[i..=end]),
        });
        for f in &mut is_footnote[i..=end] {
            *f = true;
        }
        i = end + 1;
    }
    (notes, is_footnote)
}

/// Where a footnote starts at line `i`. The mark leads the line ("1 5 rõ: …"), or stands alone
/// above the line it belongs to, on the same page (a PDF's raised mark).
fn note_start(lines: &[Line], table: &[bool], i: usize) -> Option<NoteStart> {
    let text = lines[i].text.trim();
    // (a note's mark opens with a digit or a bracket: most lines are read no further)
    if !text.starts_with(|c: char| c.is_ascii_digit() || c == '(') {
        return None;
    }
    let (c, first, opening) = if let Some(c) = FOOTNOTE_LINE.captures(text) {
        let opening = c[4].to_string();
        (c, i, opening)
    } else {
        let next = lines.get(i + 1)?;
        let c = LONE_MARK
            .captures(text)
            .filter(|_| next.page == lines[i].page && !table[i + 1])?;
        (c, i + 1, next.text.trim().to_string())
    };
    let (number, bracketed) = match (c.get(1), c.get(2).or(c.get(3))) {
        (Some(n), _) => (n.as_str().to_string(), false),
        (None, Some(n)) => (n.as_str().to_string(), true),
        (None, None) => return None,
    };
    Some(NoteStart {
        in_body: if bracketed {
            format!("({number})")
        } else {
            number.clone()
        },
        number,
        first,
        text: opening,
    })
}

/// The last line of the footnote that opens at `start`. Where lines have boxes (PDF),
/// a note runs on over the following lines of its page set no larger than its first line (notes
/// are set smaller than the body, at the page's foot); elsewhere to the first line that ends a
/// sentence, at most `MAX_LINES`. The next note (marked with the next number) ends it.
fn note_end(lines: &[Line], table: &[bool], start: &NoteStart) -> usize {
    let first = start.first;
    let height = |l: &Line| l.bbox.map(|b| b.0[3] - b.0[1]);
    let next_mark = start.number.parse::<u32>().map_or(String::new(), |m| {
        let next = (m + 1).to_string();
        start.in_body.replace(&start.number, &next)
    });
    // The next note is marked as this one is, one number on ("3" after "2", "(5)" after "(4)").
    let next_note = |i: usize| note_start(lines, table, i).is_some_and(|s| s.in_body == next_mark);
    let mut end = first;
    if let Some(h) = height(&lines[first]).filter(|&h| h > 0.0) {
        while end + 1 < lines.len()
            && !table[end + 1]
            && !next_note(end + 1)
            && lines[end + 1].page == lines[first].page
            && height(&lines[end + 1]).is_some_and(|n| n <= h * 1.15)
        {
            end += 1;
        }
        return end;
    }
    while end < lines.len() - 1
        && end - first + 1 < MAX_LINES
        && !ends_sentence(&lines[end].text)
        && !table[end + 1]
    {
        end += 1;
    }
    end
}

/// The nearest earlier line (and byte offset) where `mark` is glued to the text as a note mark.
fn find_mark(
    lines: &[Line],
    table: &[bool],
    used: &[bool],
    before: usize,
    mark: &str,
) -> Option<(usize, usize)> {
    let from = before.saturating_sub(MARK_WINDOW);
    for j in (from..before).rev() {
        if table[j] || used[j] {
            continue;
        }
        for c in MARK.captures_iter(&lines[j].text) {
            let m = c.get(1).or(c.get(2)).unwrap();
            if m.as_str() == mark {
                return Some((j, m.start()));
            }
        }
    }
    None
}

fn ends_sentence(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(['”', '"', '’', ')']);
    t.ends_with(['.', ';', '!', '?'])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::lines_of;

    #[test]
    fn footnote_in_mid_paragraph() {
        let mut lines = lines_of(
            "nhiệm vụ cụ thể theo tinh thần “5 rõ, 3 dám”1 và thường xuyên kiểm tra,\n\
             tiêu, có tiêu chí đánh giá. Xây dựng\n\
             1 5 rõ: “rõ người, rõ việc”; 3 dám: “dám nghĩ, dám làm, dám đột phá vì\n\
             lợi ích chung”.\n\
             chương trình, kế hoạch phát động phong trào",
        );
        let table = vec![false; lines.len()];
        let (notes, mask) = extract(&mut lines, &table);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].mark, "1");
        assert_eq!(
            notes[0].text,
            "5 rõ: “rõ người, rõ việc”; 3 dám: “dám nghĩ, dám làm, dám đột phá vì lợi ích chung”."
        );
        assert_eq!(mask, [false, false, true, true, false]);
        assert!(lines[0].text.contains("3 dám” và"));
    }

    /// A PDF page's notes: a mark raised on a line of its own, notes set smaller than the body
    /// that run on past sentence ends to the next note's mark.
    #[test]
    fn pdf_notes_run_over_their_small_type_to_the_next_mark() {
        let mut lines = lines_of(
            "làm việc cụ thể2. Tổ chức 15 lượt làm việc\n\
             với các sở, ngành3.\n\
             2\n\
             Nội dung làm việc: (1) Rà soát dữ liệu;\n\
             (2) Làm sạch dữ liệu đất đai.\n\
             (3) Sơ kết Đề án 06.\n\
             3 Kế hoạch số 8016/KH-UBND.\n\
             Trang sau",
        );
        // Body 13 pt high, notes 10 pt; the last line opens the next page.
        for (i, line) in lines.iter_mut().enumerate() {
            let h = if i < 2 { 13.0 } else { 10.0 };
            let y = 700.0 - 20.0 * i as f32;
            line.bbox = Some(crate::model::BBox([72.0, y, 500.0, y + h]));
            line.page = if i == 7 { 2 } else { 1 };
        }
        let table = vec![false; lines.len()];
        let (notes, mask) = extract(&mut lines, &table);
        let got: Vec<(&str, &str)> = notes
            .iter()
            .map(|n| (n.mark.as_str(), n.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "2",
                    "Nội dung làm việc: (1) Rà soát dữ liệu; (2) Làm sạch dữ liệu đất đai. (3) Sơ kết Đề án 06."
                ),
                ("3", "Kế hoạch số 8016/KH-UBND.")
            ]
        );
        assert_eq!(mask, [false, false, true, true, true, true, true, false]);
        assert_eq!(lines[0].text, "làm việc cụ thể. Tổ chức 15 lượt làm việc");
    }

    /// Marks printed in brackets: "(4)" glued to the body's word, and over the note's text the
    /// office suite's "4()" alone or leading the line. An enumeration's "(1)" after a space is
    /// no mark.
    #[test]
    fn bracketed_marks_open_their_notes() {
        let mut lines = lines_of(
            "hơn 30.000 tài khoản người dùng(4). Các việc: (1) Rà soát;\n\
             an ninh mạng(5). Đồng thời giao Công an tỉnh.\n\
             4()\n\
             Ngoài ra, Sở Khoa học và Công nghệ đang phối hợp.\n\
             5() Gồm: Công văn số 346/UBND-NC.\n\
             (1) Rà soát hiện trạng.",
        );
        let table = vec![false; lines.len()];
        let (notes, mask) = extract(&mut lines, &table);
        let got: Vec<(&str, &str)> = notes
            .iter()
            .map(|n| (n.mark.as_str(), n.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("4", "Ngoài ra, Sở Khoa học và Công nghệ đang phối hợp."),
                ("5", "Gồm: Công văn số 346/UBND-NC.")
            ]
        );
        assert_eq!(mask, [false, false, true, true, true, false]);
        assert_eq!(
            lines[0].text,
            "hơn 30.000 tài khoản người dùng. Các việc: (1) Rà soát;"
        );
        assert_eq!(lines[1].text, "an ninh mạng. Đồng thời giao Công an tỉnh.");
    }

    #[test]
    fn numbered_line_without_mark_is_body() {
        let mut lines =
            lines_of("Tổng số 12 đơn vị đã hoàn thành\n5 đơn vị còn lại sẽ hoàn thành.");
        let table = vec![false; lines.len()];
        let (notes, _) = extract(&mut lines, &table);
        assert!(notes.is_empty());
    }
}
