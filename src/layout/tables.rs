//! Table regions. Their lines are not joined into paragraphs (cells of one row are interleaved
//! over several lines) but handed on line by line for the table parser.
//!
//! Two forms: pipe-separated rows ("1. | Xây dựng … | Bộ Nội vụ | 6/2025"), and extracted text
//! under a column header ("TT Chỉ tiêu Đơn vị Kết quả …"), which runs to the next appendix
//! caption, the closing, or a top-level heading in capitals.

use super::join::{is_authority_line, split_marker, MarkerKind};
use crate::ingest::Line;
use crate::text::{fold, is_upper};

/// Words of column headers; a header row starts with "TT"/"STT" and names at least one.
const COLUMN_WORDS: [&str; 12] = [
    "chi tieu",
    "nhiem vu",
    "noi dung",
    "co quan",
    "don vi",
    "chu tri",
    "phoi hop",
    "thoi gian",
    "thoi han",
    "tien do",
    "ket qua",
    "san pham",
];

pub fn is_pipe_row(text: &str) -> bool {
    let t = text.trim();
    let cells = t.split('|').filter(|c| !c.trim().is_empty()).count();
    t.contains('|') && cells >= 2
}

pub fn is_column_header(text: &str) -> bool {
    let t = text.trim_start();
    if !t.starts_with(['T', 't', 'S', 's']) {
        return false;
    }
    let t = t.trim_end();
    // (the opening is compared before the whole line is folded: many lines open with T or S)
    let opens = ["tt ", "stt "]
        .iter()
        .any(|o| crate::text::fold_starts_with(t, o))
        || crate::text::fold_eq(t, "tt")
        || crate::text::fold_eq(t, "stt");
    opens && {
        let f = fold(t);
        COLUMN_WORDS.iter().any(|w| f.contains(w))
    }
}

fn ends_text_table(text: &str) -> bool {
    let t = text.trim();
    if super::join::is_receipt_label(t) || is_authority_line(t) {
        return true;
    }
    match split_marker(t) {
        Some(m) if m.kind == MarkerKind::Appendix => true,
        Some(m) if m.kind == MarkerKind::Roman => {
            // "V. KINH PHÍ" ends the table; a group row "I. Nâng cao …" does not.
            let rest = &t[m.rest..];
            t[..m.rest].contains('.') && is_upper(rest)
        }
        _ => false,
    }
}

pub(super) fn table_lines(lines: &[Line]) -> Vec<bool> {
    let n = lines.len();
    let mut table = vec![false; n];
    // Pipe tables: runs of pipe rows, with stray wrapped lines between two rows kept inside.
    let pipe: Vec<bool> = lines.iter().map(|l| is_pipe_row(&l.text)).collect();
    let mut i = 0;
    while i < n {
        if !pipe[i] {
            i += 1;
            continue;
        }
        let start = i;
        let mut rows = 0;
        let mut end = i;
        while i < n {
            if pipe[i] {
                rows += 1;
                end = i;
                i += 1;
            } else if i + 1 < n && pipe[i + 1] && !is_column_header(&lines[i + 1].text) {
                i += 1;
            } else {
                break;
            }
        }
        if rows >= 2 {
            for t in &mut table[start..=end] {
                *t = true;
            }
        }
        i = end + 1;
    }
    // Text tables under a column header.
    let mut i = 0;
    while i < n {
        if table[i] || !is_column_header(&lines[i].text) {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < n && !table[i] && !ends_text_table(&lines[i].text) {
            i += 1;
        }
        for t in &mut table[start..i] {
            *t = true;
        }
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::lines_of;

    #[test]
    fn text_table_runs_to_the_next_appendix() {
        let lines = lines_of(
            "PHỤ LỤC I\nDANH MỤC CÁC CHỈ TIÊU\nTT Chỉ tiêu Đơn vị Kết quả Cơ quan chủ trì\ntheo dõi\nI Đến năm 2030\n1 Tiềm lực Thứ bậc\n7\nChỉ tiêu về\nPHỤ LỤC 2\nDANH MỤC",
        );
        let t = table_lines(&lines);
        assert_eq!(
            t,
            [false, false, true, true, true, true, true, true, false, false]
        );
    }

    #[test]
    fn pipe_rows_with_a_wrapped_line() {
        let lines = lines_of("Trước\nTT | Tên | Chủ trì\n1. | Xây dựng | Bộ A\ncông bố kết quả.\n2. | Ban hành | Bộ B\nSau đó là đoạn văn.");
        assert_eq!(table_lines(&lines), [false, true, true, true, true, false]);
    }
}
