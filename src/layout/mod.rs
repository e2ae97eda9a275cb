//! layout: lines → blocks. Removes page numbers and running headers, lifts footnotes out of the
//! flow, marks table regions, joins wrapped lines into paragraphs, and places the typed grids
//! ingest read (joining a ruled table's fragments on consecutive pages into one grid).
//!
//! Input text comes from PDF extraction with hard line breaks, often a blank line after every
//! line, page numbers left in, and footnotes dropped in the middle of a paragraph.

mod footnotes;
mod join;
mod stamps;
mod tables;

use crate::ingest::{Grid, Line, LineStyle};
use crate::model::{Footnote, Span, Warning};

pub use join::{
    append_wrapped, ends_mid_phrase, is_authority_line, is_block_start, is_receipt_label,
    join_text, roman_value, split_marker, tidy_authority, to_roman, Marker, MarkerKind,
    BASIS_OPENINGS,
};
pub use stamps::{Stamp, StampKind};
pub use tables::{is_column_header, is_pipe_row};

/// What layout hands to parse.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Content lines: no blank lines, page numbers, running headers or footnote lines.
    pub lines: Vec<Line>,
    /// Paragraphs and tables over `lines`, in order, covering every line exactly once.
    pub blocks: Vec<Block>,
    pub footnotes: Vec<Footnote>,
    pub warnings: Vec<Warning>,
    /// For each of `lines`, whether a blank line stood before it in the source.
    pub after_blank: Vec<bool>,
    /// The tables ingest read as typed grids, in reading order, each `anchor` an index into
    /// `lines` (the grid stands before that line; `lines.len()` at the end). A table that goes
    /// on over the next pages is one grid, its `page_starts` marking where each page begins.
    /// No paragraph runs across a grid.
    pub grids: Vec<Grid>,
    /// Signature stamps lifted out of the flow, in order.
    pub stamps: Vec<Stamp>,
    /// The document's digital signatures as ingest read them (passed through).
    pub signatures: Vec<crate::model::Signature>,
    /// How each of `lines` is set, where ingest knew it (Word); empty otherwise.
    pub styles: Vec<LineStyle>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    pub kind: BlockKind,
    /// Index of the block's first and last line in `Layout::lines`.
    pub first: usize,
    pub last: usize,
    /// A paragraph's joined text; a table's lines joined by '\n'.
    pub text: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// Lines of a table in plain text (pipe-separated rows, or a column header and the rows
    /// under it), kept line by line for parse's table readers, which make a grid of them.
    Table,
}

impl Layout {
    /// The source span of lines `first..=last`.
    pub fn span(&self, first: usize, last: usize) -> Span {
        span_of(self.lines.get(first..=last).unwrap_or_default())
    }

    pub fn block_span(&self, block: &Block) -> Span {
        self.span(block.first, block.last)
    }

    /// How line `i` is set (all unknown where ingest did not say).
    pub fn style(&self, i: usize) -> LineStyle {
        self.styles.get(i).copied().unwrap_or_default()
    }
}

/// Span of a run of lines (page of the first line). No lines (a range that came out empty on
/// malformed input): the first line of the first page, rather than a panic.
pub fn span_of(lines: &[Line]) -> Span {
    let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
        return Span::lines(1, 1, 1);
    };
    let mut span = Span::lines(first.page, first.line, last.line.max(first.line));
    if let Some(b) = first.bbox {
        // Union of the boxes of the lines on the first page.
        let mut bb = b.0;
        for l in lines.iter().filter(|l| l.page == first.page) {
            if let Some(o) = l.bbox {
                bb[0] = bb[0].min(o.0[0]);
                bb[1] = bb[1].min(o.0[1]);
                bb[2] = bb[2].max(o.0[2]);
                bb[3] = bb[3].max(o.0[3]);
            }
        }
        span.bbox = Some(crate::model::BBox(bb));
    }
    span
}

/// Lays out the lines and places the grids (`Grid::anchor` indexes `lines`).
pub fn layout(lines: Vec<Line>, grids: Vec<Grid>) -> Layout {
    layout_styled(lines, Vec::new(), grids)
}

/// As `layout`, with how each line is set (`styles`: one per line, or empty), kept for the
/// lines that stay.
pub fn layout_styled(lines: Vec<Line>, styles: Vec<LineStyle>, grids: Vec<Grid>) -> Layout {
    let styles = (styles.len() == lines.len()).then_some(styles);
    let blank_breaks = blank_lines_separate_paragraphs(&lines);
    // Keep, for every content line, whether a blank line preceded it, and where it came from.
    let mut content: Vec<Line> = Vec::with_capacity(lines.len());
    let mut after_blank: Vec<bool> = Vec::with_capacity(lines.len());
    let mut origin: Vec<usize> = Vec::with_capacity(lines.len());
    let mut blank = false;
    for (i, line) in lines.into_iter().enumerate() {
        if line.text.trim().is_empty() {
            blank = true;
            continue;
        }
        content.push(line);
        after_blank.push(blank);
        origin.push(i);
        blank = false;
    }

    // Signature stamps are no part of the text.
    let (stamp_list, in_stamp) = stamps::find(&content);
    if !stamp_list.is_empty() {
        let mut k = 0;
        content.retain(|_| {
            k += 1;
            !in_stamp[k - 1]
        });
        let mut k = 0;
        after_blank.retain(|_| {
            k += 1;
            !in_stamp[k - 1]
        });
        let mut k = 0;
        origin.retain(|_| {
            k += 1;
            !in_stamp[k - 1]
        });
    }

    let in_table = tables::table_lines(&content);
    let keep = drop_page_furniture(&content, &in_table);
    let mut kept_lines = Vec::new();
    let mut kept_table = Vec::new();
    let mut kept_blank = Vec::new();
    let mut kept_origin = Vec::new();
    for (i, line) in content.into_iter().enumerate() {
        if keep[i] {
            kept_lines.push(line);
            kept_table.push(in_table[i]);
            kept_blank.push(after_blank[i]);
            kept_origin.push(origin[i]);
        }
    }

    let (footnote_list, is_footnote) = footnotes::extract(&mut kept_lines, &kept_table);
    let mut lines = Vec::new();
    let mut table = Vec::new();
    let mut blanks = Vec::new();
    let mut origins = Vec::new();
    for (i, line) in kept_lines.into_iter().enumerate() {
        if !is_footnote[i] {
            lines.push(line);
            table.push(kept_table[i]);
            blanks.push(kept_blank[i]);
            origins.push(kept_origin[i]);
        }
    }

    let styles: Vec<LineStyle> = styles
        .map(|s| origins.iter().map(|&o| s[o]).collect())
        .unwrap_or_default();
    let grids = place_grids(grids, &origins);
    // No paragraph runs across a grid, nor across lines the source sets apart (a centred
    // "Kính gửi" over a justified body paragraph, a bold title over a plain line).
    let mut break_before = vec![false; lines.len()];
    for g in &grids {
        if let Some(b) = break_before.get_mut(g.anchor) {
            *b = true;
        }
    }
    for (i, pair) in styles.windows(2).enumerate() {
        let (a, b) = (pair[0], pair[1]);
        let align_apart = a.align.is_some() && b.align.is_some() && a.align != b.align;
        let bold_apart = a.bold.is_some() && b.bold.is_some() && a.bold != b.bold;
        break_before[i + 1] |= align_apart || bold_apart;
    }
    let blocks = join::blocks(&lines, &table, &blanks, &break_before, blank_breaks);
    Layout {
        lines,
        blocks,
        footnotes: footnote_list,
        warnings: Vec::new(),
        after_blank: blanks,
        grids,
        stamps: stamp_list,
        signatures: Vec::new(),
        styles,
    }
}

/// Moves each grid's anchor from the input lines to the content lines (`origins[k]` is the
/// input index of content line k), and joins the fragments of a table cut by page breaks.
fn place_grids(mut grids: Vec<Grid>, origins: &[usize]) -> Vec<Grid> {
    for g in &mut grids {
        g.anchor = origins.partition_point(|&o| o < g.anchor);
    }
    let mut out: Vec<Grid> = Vec::with_capacity(grids.len());
    let mut last_page = 0;
    for g in grids {
        let page = last_page_of(&g);
        if let Some(prev) = out.last_mut() {
            if continues(prev, last_page, &g) {
                prev.append(g);
                last_page = page;
                continue;
            }
        }
        last_page = page;
        out.push(g);
    }
    out
}

/// The last page a grid's lines stand on.
fn last_page_of(g: &Grid) -> u32 {
    g.lines()
        .map(|l| l.page)
        .max()
        .unwrap_or(g.page)
        .max(g.page)
}

/// Whether `next` goes on with `prev` (which ends on `prev_last_page`): nothing stands between
/// them, it starts on the next page, and it has the same columns (widths).
fn continues(prev: &Grid, prev_last_page: u32, next: &Grid) -> bool {
    if next.anchor != prev.anchor
        || next.page != prev_last_page + 1
        || next.n_cols != prev.n_cols
        || next.origin != prev.origin
    {
        return false;
    }
    match (prev.columns.as_slice(), next.columns.as_slice()) {
        ([], []) => true,
        // The same column widths (a page may shift the whole table: another margin).
        (a, b) if a.len() == b.len() => {
            let width = (a[a.len() - 1] - a[0]).abs();
            let tolerance = (0.02 * width).max(4.0);
            a.iter()
                .zip(b)
                .all(|(x, y)| ((x - a[0]) - (y - b[0])).abs() <= tolerance)
        }
        _ => false,
    }
}

/// Blank lines mean "new paragraph" only where they are rare; text extracted from PDFs puts one
/// after nearly every line, and then they mean nothing.
fn blank_lines_separate_paragraphs(lines: &[Line]) -> bool {
    let blank = lines.iter().filter(|l| l.text.trim().is_empty()).count();
    let content = lines.len() - blank;
    content > 0 && blank * 10 < content * 3
}

/// Marks page numbers ("4", "- 4 -", "Trang 4") outside tables, and running headers or footers:
/// lines that open or close at least half of the pages (when pages are known).
fn drop_page_furniture(lines: &[Line], in_table: &[bool]) -> Vec<bool> {
    let mut keep = vec![true; lines.len()];
    for (i, line) in lines.iter().enumerate() {
        if !in_table[i] && (is_page_number(line.text.trim()) || is_rule(line.text.trim())) {
            keep[i] = false;
        }
    }
    let pages = lines.last().map(|l| l.page).unwrap_or(1);
    if pages >= 3 {
        use std::collections::HashMap;
        let mut edge_count: HashMap<String, u32> = HashMap::new();
        let mut p = 0;
        let mut i = 0;
        while i < lines.len() {
            let page = lines[i].page;
            let start = i;
            while i < lines.len() && lines[i].page == page {
                i += 1;
            }
            p += 1;
            let page_lines: Vec<usize> = (start..i).filter(|&k| keep[k]).collect();
            let mut edges = Vec::new();
            if let Some(&f) = page_lines.first() {
                edges.push(f);
            }
            if let Some(&l) = page_lines.last() {
                if page_lines.len() > 1 {
                    edges.push(l);
                }
            }
            for k in edges {
                *edge_count.entry(running_key(&lines[k].text)).or_default() += 1;
            }
        }
        let threshold = (p as u32).div_ceil(2).max(3);
        // Most documents have no running line: then no line is keyed.
        let running: std::collections::HashSet<String> = edge_count
            .into_iter()
            .filter(|(key, c)| *c >= threshold && key.chars().count() >= 3)
            .map(|(key, _)| key)
            .collect();
        if !running.is_empty() {
            for (k, line) in lines.iter().enumerate() {
                // (PDF lines, with their boxes, had theirs removed by position in ingest: an
                // attached letter's issuer and signer repeat at page edges too)
                if keep[k]
                    && !in_table[k]
                    && line.bbox.is_none()
                    && running.contains(&running_key(&line.text))
                    && !opens_header_block(lines, k)
                {
                    keep[k] = false;
                }
            }
        }
    }
    keep
}

/// Whether line `k` is the issuer line of a document header (an attached letter repeats its
/// issuer at the top of its page like a running header would): a number line or the tiêu ngữ
/// follows within a few lines of the same page.
fn opens_header_block(lines: &[Line], k: usize) -> bool {
    lines[k + 1..]
        .iter()
        .take(6)
        .take_while(|l| l.page == lines[k].page)
        .any(|l| {
            let f = crate::text::fold(l.text.trim());
            f.starts_with("so:")
                || f.starts_with("so :")
                || f.contains("cong hoa xa hoi chu nghia")
                || f.contains("doc lap - tu do")
        })
}

/// Running headers often carry the page number: compare them with digits blanked.
fn running_key(s: &str) -> String {
    crate::text::collapse_ws(s)
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// Decoration: the "*" under a Party header, rules of dashes or underscores under a title.
fn is_rule(t: &str) -> bool {
    t == "*" || (t.chars().count() >= 3 && t.chars().all(|c| "-_=~*.–—".contains(c)))
}

fn is_page_number(t: &str) -> bool {
    let core = t
        .strip_prefix("Trang ")
        .or_else(|| t.strip_prefix("trang "))
        .unwrap_or(t);
    let core = core.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    !core.is_empty() && core.len() <= 3 && core.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn lines_of(text: &str) -> Vec<Line> {
        text.lines()
            .enumerate()
            .map(|(i, t)| Line {
                text: t.to_string(),
                page: 1,
                line: i as u32 + 1,
                bbox: None,
            })
            .collect()
    }

    fn paragraphs(text: &str) -> Vec<String> {
        let l = layout(lines_of(text), Vec::new());
        l.blocks.iter().map(|b| b.text.clone()).collect()
    }

    #[test]
    fn an_empty_line_range_has_a_span_not_a_panic() {
        // Malformed input once led a caller to an empty range: `diff` died on it (exit 101).
        assert_eq!(span_of(&[]), Span::lines(1, 1, 1));
        let l = layout(lines_of("Một\nHai\nBa"), Vec::new());
        assert_eq!(l.span(2, 1), Span::lines(1, 1, 1));
        assert_eq!(l.span(5, 9), Span::lines(1, 1, 1));
        assert_eq!(l.span(1, 2), Span::lines(1, 2, 3));
    }

    #[test]
    fn page_numbers_go_and_paragraphs_join() {
        let text = "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.\n4\n\n4\n- Rà soát triển khai, ban hành theo thẩm quyền cơ chế, chính sách đặc thù thu\n\nhút, tuyển dụng nhân lực.";
        assert_eq!(
            paragraphs(text),
            [
                "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
                "- Rà soát triển khai, ban hành theo thẩm quyền cơ chế, chính sách đặc thù thu hút, tuyển dụng nhân lực."
            ]
        );
    }

    #[test]
    fn symbols_split_over_lines_are_glued() {
        let text = "triển khai Nghị quyết số 57-\nNQ/TW, Nghị quyết số 71/NQ-\nCP và Kế hoạch số 22/KH-\nUBND của tỉnh, kinh tế -\nxã hội.";
        assert_eq!(
            paragraphs(text),
            ["triển khai Nghị quyết số 57-NQ/TW, Nghị quyết số 71/NQ-CP và Kế hoạch số 22/KH-UBND của tỉnh, kinh tế - xã hội."]
        );
    }

    #[test]
    fn headings_and_short_titles_break() {
        let text = "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nNhằm thống nhất trong công tác chỉ đạo và tổ chức triển khai quyết liệt, hiệu\nquả, tạo sự chuyển biến rõ rệt.\n- Tiếp tục đẩy mạnh tuyên truyền phát triển kinh tế\n- xã hội của tỉnh.";
        assert_eq!(
            paragraphs(text),
            [
                "I. MỤC ĐÍCH, YÊU CẦU",
                "1. Mục đích",
                "Nhằm thống nhất trong công tác chỉ đạo và tổ chức triển khai quyết liệt, hiệu quả, tạo sự chuyển biến rõ rệt.",
                "- Tiếp tục đẩy mạnh tuyên truyền phát triển kinh tế - xã hội của tỉnh."
            ]
        );
    }

    #[test]
    fn lone_bullet_takes_the_next_line() {
        let text = "1. Nâng cao nhận thức\n\n-\n\nCác cấp uỷ, tổ chức đảng cần nhận thức.";
        assert_eq!(
            paragraphs(text),
            [
                "1. Nâng cao nhận thức",
                "- Các cấp uỷ, tổ chức đảng cần nhận thức."
            ]
        );
    }

    fn page_grid(page: u32, anchor: usize, left: f32) -> Grid {
        use crate::ingest::{Cell, GridOrigin};
        let mut g = Grid::new(GridOrigin::PdfRulings, 2, anchor);
        g.page = page;
        g.columns = vec![left, left + 100.0, left + 300.0];
        g.n_rows = 1;
        g.cells = (0..2)
            .map(|col| Cell {
                row: 0,
                col,
                row_span: 1,
                col_span: 1,
                lines: vec![Line {
                    text: format!("p{page} c{col}"),
                    page,
                    line: 1 + col,
                    bbox: None,
                }],
            })
            .collect();
        g
    }

    #[test]
    fn grids_are_placed_and_joined_across_pages() {
        let mut lines = lines_of("Bảng\n\nSau bảng\nKết thúc");
        for (k, l) in lines.iter_mut().enumerate() {
            l.page = if k < 2 { 1 } else { 3 };
        }
        // Before "Sau bảng" (input line 2, content line 1): pages 1 and 2 are one table, the
        // one on page 3 after a line of text is another; the blank line does not count.
        let grids = vec![
            page_grid(1, 2, 50.0),
            page_grid(2, 2, 51.0),
            page_grid(3, 3, 50.0),
        ];
        let l = layout(lines, grids);
        assert_eq!(l.grids.len(), 2);
        assert_eq!((l.grids[0].anchor, l.grids[0].n_rows), (1, 2));
        assert_eq!(l.grids[0].page_starts, [1]);
        assert_eq!(l.grids[1].anchor, 2);
        // No paragraph runs across a grid.
        let texts: Vec<&str> = l.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Bảng", "Sau bảng", "Kết thúc"]);
        // Columns of other widths are another table; the same widths shifted on the page (another
        // margin) are the same table.
        let mut other = page_grid(2, 1, 50.0);
        other.columns[1] += 40.0;
        let l = layout(lines_of("x"), vec![page_grid(1, 1, 50.0), other]);
        assert_eq!(l.grids.len(), 2);
        let l = layout(
            lines_of("x"),
            vec![page_grid(1, 1, 50.0), page_grid(2, 1, 77.0)],
        );
        assert_eq!(l.grids.len(), 1);
    }

    #[test]
    fn running_headers_are_removed_when_pages_are_known() {
        let mut lines = Vec::new();
        for (p, word) in (1..=4u32).zip(["một", "hai", "ba", "bốn"]) {
            for (k, t) in [
                format!("Kế hoạch 12/KH-UBND - trang {p}"),
                format!("Nội dung {word} của văn bản."),
            ]
            .into_iter()
            .enumerate()
            {
                lines.push(Line {
                    text: t,
                    page: p,
                    line: p * 10 + k as u32,
                    bbox: None,
                });
            }
        }
        let l = layout(lines, Vec::new());
        assert!(l.lines.iter().all(|l| !l.text.starts_with("Kế hoạch 12")));
        assert_eq!(l.lines.len(), 4);
    }
}
