//! Footnotes: PDF extraction drops a page's footnote where the page ends, often in the middle of
//! a paragraph ("… tinh thần “5 rõ, 3 dám”1 và …" / … / "1 5 rõ: “rõ người, …”"). A line that
//! opens with a small number which a nearby earlier line carries as a mark glued to a word is a
//! footnote; it runs to the first line that ends a sentence.

use crate::ingest::Line;
use crate::model::Footnote;
use regex::Regex;
use std::sync::LazyLock;

static FOOTNOTE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,2})\s+(\S.*)$").unwrap());
/// A mark glued after a letter, closing quote or punctuation, then a space, punctuation or end.
static MARK: LazyLock<Regex> = LazyLock::new(|| {
    // One `\p{L}` (a class of 700 ranges, costly to compile) with its optional punctuation.
    Regex::new(r"(?:\p{L}[.;:,]?|[”\u{22}’)\]])([0-9]{1,2})(?:[\s,.;:)]|$)").unwrap()
});

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
        let Some(c) = FOOTNOTE_LINE.captures(lines[i].text.trim()) else {
            i += 1;
            continue;
        };
        let mark = c[1].to_string();
        let Some((j, at)) = find_mark(lines, table, &is_footnote, i, &mark) else {
            i += 1;
            continue;
        };
        // The footnote's extent.
        let mut end = i;
        while end < lines.len() - 1
            && end - i + 1 < MAX_LINES
            && !ends_sentence(&lines[end].text)
            && !table[end + 1]
        {
            end += 1;
        }
        let mut text = crate::text::collapse_ws(&c[2]);
        for line in &lines[i + 1..=end] {
            text.push(' ');
            text.push_str(&crate::text::collapse_ws(&line.text));
        }
        // Remove the mark from the body.
        lines[j].text.replace_range(at..at + mark.len(), "");
        notes.push(Footnote {
            mark,
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
            let m = c.get(1).unwrap();
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

    #[test]
    fn numbered_line_without_mark_is_body() {
        let mut lines =
            lines_of("Tổng số 12 đơn vị đã hoàn thành\n5 đơn vị còn lại sẽ hoàn thành.");
        let table = vec![false; lines.len()];
        let (notes, _) = extract(&mut lines, &table);
        assert!(notes.is_empty());
    }
}
