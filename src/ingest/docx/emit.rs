//! The read tree → what ingest hands on: lines (one per paragraph, or per line break within
//! one), typed grids for data tables, footnotes, and where each table paragraph stands.
//!
//! Offices lay the NĐ 30 header (issuer | quốc hiệu; number | place and date) and the closing
//! (Nơi nhận | signer) out as borderless tables. Those, and tables of one column, are layout:
//! their paragraphs become lines in reading order (row by row, cell by cell), the order in
//! which the header and closing readers take a PDF's two columns. Other tables are data and
//! become grids.

use super::body::{Block, NoteRef, Para, Row, Table, VMerge, NOTE_MARK};
use super::fonts::{self, FontKind, Fonts, Verdicts};
use super::numbering::Suffix;
use super::CellPlace;
use crate::ingest::{Cell, Grid, GridOrigin, Line, LineStyle};
use crate::model::{Footnote, Span};
use crate::text::fold;
use std::collections::{BTreeSet, HashMap};
use unicode_normalization::UnicodeNormalization;

pub(super) struct Output {
    pub lines: Vec<Line>,
    /// How each of `lines` is set.
    pub styles: Vec<LineStyle>,
    pub tables: Vec<Grid>,
    pub footnotes: Vec<Footnote>,
    pub cells: Vec<CellPlace>,
    /// Legacy encodings decoded ("tcvn3", "vni").
    pub legacy: BTreeSet<&'static str>,
    /// Highest page seen (rendered page breaks only).
    pub pages: u32,
}

pub(super) struct Emitter<'a> {
    fonts: &'a Fonts,
    verdicts: Verdicts,
    /// Whether the document records its rendered page breaks (pages are known).
    rendered: bool,
    notes: HashMap<NoteRef, Vec<Block>>,
    out: Output,
    /// Tables met so far (1-based numbering, layout tables included).
    tables_seen: u32,
    note_marks: (u32, u32),
}

impl<'a> Emitter<'a> {
    pub fn new(
        fonts: &'a Fonts,
        body: &[Block],
        notes: HashMap<NoteRef, Vec<Block>>,
        rendered: bool,
    ) -> Emitter<'a> {
        let mut verdicts = Verdicts::new(fonts);
        let mut observe = |p: &Para| {
            for (font, text) in font_runs(p) {
                verdicts.observe(fonts, font, &text);
            }
        };
        visit_paragraphs(body, &mut observe);
        for blocks in notes.values() {
            visit_paragraphs(blocks, &mut observe);
        }
        Emitter {
            fonts,
            verdicts,
            rendered,
            notes,
            out: Output {
                lines: Vec::new(),
                styles: Vec::new(),
                tables: Vec::new(),
                footnotes: Vec::new(),
                cells: Vec::new(),
                legacy: BTreeSet::new(),
                pages: 1,
            },
            tables_seen: 0,
            note_marks: (0, 0),
        }
    }

    pub fn finish(mut self, body: &[Block]) -> Output {
        self.blocks(body, None);
        self.out
    }

    fn page(&self, p: &Para) -> u32 {
        if self.rendered {
            p.page.0 + 1
        } else {
            1
        }
    }

    /// The paragraph's text as printed: list label, runs decoded, capitals applied; NFC.
    fn text(&mut self, p: &Para) -> String {
        printed(self.raw_text(p).0)
    }

    /// The paragraph's text before soft hyphens are dropped and it is normalized, with the
    /// byte range each run's text took in it and whether that run is bold.
    fn raw_text(&mut self, p: &Para) -> (String, Vec<(usize, usize, bool)>) {
        let mut s = String::new();
        let mut ranges = Vec::with_capacity(p.runs.len());
        if let Some((label, suffix)) = &p.label {
            s.push_str(label);
            if *suffix != Suffix::Nothing {
                s.push(' ');
            }
        }
        for (run, text) in merged_runs(p) {
            let start = s.len();
            let mut caps = run.caps;
            match self.fonts.kind(run.font) {
                FontKind::Text(_) => match self.verdicts.decide(self.fonts, run.font, &text) {
                    Some(enc) => {
                        fonts::decode(&text, enc, &mut s);
                        self.out.legacy.insert(enc.name());
                        caps |= fonts::typed_in_capitals(&s[start..]);
                    }
                    None => s.push_str(&text),
                },
                kind => s.extend(
                    text.chars()
                        .map(|c| fonts::symbol_char(c, kind).unwrap_or(c)),
                ),
            }
            if caps {
                let upper = s[start..].to_uppercase();
                s.truncate(start);
                s.push_str(&upper);
            }
            ranges.push((start, s.len(), run.bold));
        }
        (s, ranges)
    }

    fn blocks(&mut self, blocks: &[Block], place: Option<(u32, u32, u32)>) {
        for b in blocks {
            match b {
                Block::Para(p) => self.paragraph(p, place),
                Block::Table(t) => self.table(t),
            }
        }
    }

    fn paragraph(&mut self, p: &Para, place: Option<(u32, u32, u32)>) {
        let lines = self.paragraph_lines(p);
        if let Some((table, row, col)) = place {
            if !lines.is_empty() {
                self.out.cells.push(CellPlace {
                    paragraph: p.index,
                    table,
                    row,
                    col,
                });
            }
        }
        for (line, style) in lines {
            self.out.lines.push(line);
            self.out.styles.push(style);
        }
        self.blocks(&p.floating, place);
    }

    /// The lines of one paragraph, with how each is set (and its footnotes, recorded as it
    /// goes).
    fn paragraph_lines(&mut self, p: &Para) -> Vec<(Line, LineStyle)> {
        let page = self.page(p);
        self.out.pages = self.out.pages.max(page);
        let (raw, runs) = self.raw_text(p);
        let mut lines = Vec::new();
        let mut at = 0;
        for seg in raw.split('\n') {
            let (start, end) = (at, at + seg.len());
            at = end + 1;
            let text = printed(seg.to_string());
            let text = text.trim();
            if text.is_empty() {
                continue;
            }
            let style = LineStyle {
                bold: bold_over(&raw, &runs, start, end),
                align: p.align,
            };
            let line = Line {
                text: text.to_string(),
                page,
                line: p.index,
                bbox: None,
            };
            lines.push((line, style));
        }
        for r in &p.notes {
            self.note(*r, page, p.index);
        }
        lines
    }

    fn note(&mut self, r: NoteRef, page: u32, paragraph: u32) {
        let Some(blocks) = self.notes.get(&r).cloned() else {
            return;
        };
        let mark = match r {
            NoteRef::Foot(_) => {
                self.note_marks.0 += 1;
                self.note_marks.0.to_string()
            }
            NoteRef::End(_) => {
                self.note_marks.1 += 1;
                crate::layout::to_roman(self.note_marks.1).to_lowercase()
            }
        };
        let mut parts = Vec::new();
        visit_paragraphs(&blocks, &mut |p: &Para| parts.push(p.clone()));
        // The mark itself is the note's `mark`: `printed` takes it out of the text.
        let text: Vec<String> = parts
            .iter()
            .map(|p| crate::text::collapse_ws(&self.text(p)))
            .filter(|t| !t.is_empty())
            .collect();
        self.out.footnotes.push(Footnote {
            mark,
            text: text.join(" "),
            span: Span::lines(page, paragraph, paragraph),
        });
    }

    fn table(&mut self, t: &Table) {
        self.tables_seen += 1;
        let number = self.tables_seen;
        let shape = Shape::of(t);
        // The header and the closing: small tables holding their marks, read column by column
        // (issuer, number; quốc hiệu, date — recipients; signer), as the header and closing
        // readers expect.
        let marked = shape.cells.len() <= 4 && shape.n_cols <= 3 && self.holds_marks(t);
        if marked || shape.n_cols <= 1 || (!shape.ruled && shape.n_cols <= 3) {
            self.layout_table(t, &shape, number, marked);
            return;
        }
        let anchor = self.out.lines.len();
        let mut cells = Vec::new();
        let mut page = None;
        for (r, row) in shape.cells.iter().enumerate() {
            for c in row {
                let place = (number, r as u32 + 1, c.col + 1);
                // A cell's lines are its own: set them aside from the document's lines.
                let before = self.out.lines.len();
                let tables_before = self.out.tables.len();
                self.blocks(&t.rows[r].cells[c.source].blocks, Some(place));
                let lines: Vec<Line> = self.out.lines.drain(before..).collect();
                self.out.styles.truncate(before);
                // A table nested in a data cell keeps its text in the cell, row by row.
                let nested: Vec<Grid> = self.out.tables.drain(tables_before..).collect();
                let mut lines = lines;
                for g in nested {
                    lines.extend(g.cells.into_iter().flat_map(|c| c.lines));
                }
                if page.is_none() {
                    page = lines.first().map(|l| l.page);
                }
                cells.push(Cell {
                    row: r as u32,
                    col: c.col,
                    row_span: c.row_span,
                    col_span: c.col_span,
                    lines,
                });
            }
        }
        let header_rows = t.rows.iter().take_while(|r| r.header).count() as u32;
        self.out.tables.push(Grid {
            origin: GridOrigin::Word,
            n_rows: shape.cells.len() as u32,
            n_cols: shape.n_cols,
            cells,
            header_rows,
            ruled: shape.ruled,
            page: page.unwrap_or(1),
            bbox: None,
            columns: Vec::new(),
            // Word rows are whole on a page break: no row continues on the next page.
            page_starts: Vec::new(),
            anchor,
        });
    }

    /// The paragraphs of a layout table as lines: row by row, or, `by_column`, each band of
    /// rows with several cells column by column (a row of one cell, such as a title across
    /// the table, ends a band).
    fn layout_table(&mut self, t: &Table, shape: &Shape, number: u32, by_column: bool) {
        let emit = |e: &mut Self, r: usize, c: &Placed| {
            let place = (number, r as u32 + 1, c.col + 1);
            e.blocks(&t.rows[r].cells[c.source].blocks, Some(place));
        };
        let mut r = 0;
        while r < shape.cells.len() {
            if !by_column || shape.cells[r].len() <= 1 {
                for c in &shape.cells[r] {
                    emit(self, r, c);
                }
                r += 1;
                continue;
            }
            let band_end = (r..shape.cells.len())
                .find(|&k| shape.cells[k].len() <= 1)
                .unwrap_or(shape.cells.len());
            for col in 0..shape.n_cols {
                for k in r..band_end {
                    for c in shape.cells[k].iter().filter(|c| c.col == col) {
                        emit(self, k, c);
                    }
                }
            }
            r = band_end;
        }
    }

    /// Whether a table holds a mark of the header or the closing.
    fn holds_marks(&mut self, t: &Table) -> bool {
        let mut paragraphs = Vec::new();
        for row in &t.rows {
            visit_row(row, &mut |p: &Para| paragraphs.push(p.clone()));
        }
        paragraphs
            .iter()
            .any(|p| self.text(p).split('\n').any(is_header_or_closing))
    }
}

/// A paragraph's text as printed: soft hyphens left (in Unicode text) print nothing; Word writes
/// composed text, so only what is not (decoded legacy marks) is normalized.
fn printed(mut s: String) -> String {
    s.retain(|c| c != '\u{AD}');
    if s.contains(NOTE_MARK) {
        s = without_note_marks(&s);
    }
    match unicode_normalization::is_nfc_quick(s.chars()) {
        unicode_normalization::IsNormalized::Yes => s,
        _ => s.nfc().collect(),
    }
}

/// `s` without its note marks (a note's own in its text, a reference in the body) and the
/// brackets some documents print around them ("(4) Ngoài ra …", "an ninh mạng(5).").
fn without_note_marks(s: &str) -> String {
    ["(", "["]
        .iter()
        .zip([")", "]"])
        .fold(s.to_string(), |t, (open, close)| {
            t.replace(&format!("{open}{NOTE_MARK}{close}"), "")
        })
        .replace(NOTE_MARK, "")
}

/// Whether the letters and digits of `raw[start..end]` are all set in bold runs (`runs`: byte
/// ranges of `raw` and their boldness; a list label lies outside them). `None` without any.
fn bold_over(raw: &str, runs: &[(usize, usize, bool)], start: usize, end: usize) -> Option<bool> {
    let mut seen = false;
    for &(a, b, bold) in runs {
        let (a, b) = (a.max(start), b.min(end));
        if a >= b || !raw[a..b].chars().any(char::is_alphanumeric) {
            continue;
        }
        if !bold {
            return Some(false);
        }
        seen = true;
    }
    seen.then_some(true)
}

/// Text that belongs to the NĐ 30 header or closing blocks.
fn is_header_or_closing(text: &str) -> bool {
    let t = crate::text::collapse_ws(text);
    let f = fold(&t);
    [
        "cong hoa xa hoi chu nghia",
        "doc lap - tu do",
        "dang cong san viet nam",
        "so:",
        "noi nhan",
        "kinh gui",
    ]
    .iter()
    .any(|m| f.starts_with(m))
        || crate::layout::is_authority_line(&t)
}

/// A cell placed on the table's grid.
struct Placed {
    /// Index of the cell in its row's `cells`.
    source: usize,
    col: u32,
    row_span: u32,
    col_span: u32,
}

/// A table's cells on its grid, merges resolved; whether it draws its lines.
struct Shape {
    cells: Vec<Vec<Placed>>,
    n_cols: u32,
    ruled: bool,
}

impl Shape {
    fn of(t: &Table) -> Shape {
        let mut cells: Vec<Vec<Placed>> = Vec::with_capacity(t.rows.len());
        let mut n_cols = t.grid_cols;
        let mut drawn_cells = 0usize;
        let mut all_cells = 0usize;
        for (r, row) in t.rows.iter().enumerate() {
            let mut placed: Vec<Placed> = Vec::new();
            let mut col = row.before;
            for (i, cell) in row.cells.iter().enumerate() {
                all_cells += 1;
                if cell.borders.inside_drawn() || cell.borders.any_drawn() {
                    drawn_cells += 1;
                }
                let span = cell.span.max(1);
                if cell.hmerge_continue {
                    if let Some(last) = placed.last_mut() {
                        last.col_span += span;
                        col += span;
                        continue;
                    }
                }
                if cell.vmerge == VMerge::Continue && extend_above(&mut cells, r, col) {
                    col += span;
                    continue;
                }
                placed.push(Placed {
                    source: i,
                    col,
                    row_span: 1,
                    col_span: span,
                });
                col += span;
            }
            n_cols = n_cols.max(col + row.after);
            cells.push(placed);
        }
        let ruled = t.borders.any_drawn() || (all_cells > 0 && drawn_cells * 2 > all_cells);
        Shape {
            cells,
            n_cols,
            ruled,
        }
    }
}

/// Lengthens the cell above `row` that starts at `col` down by one row; false if none does.
fn extend_above(cells: &mut [Vec<Placed>], row: usize, col: u32) -> bool {
    for r in (0..row).rev() {
        if let Some(c) = cells[r].iter_mut().find(|c| c.col == col) {
            if r as u32 + c.row_span == row as u32 {
                c.row_span += 1;
                return true;
            }
            return false;
        }
    }
    false
}

/// Runs of one font joined (a word is often cut over several runs of the same font, and a
/// legacy reading needs whole words), with their caps setting.
fn merged_runs(p: &Para) -> Vec<(super::body::Run, String)> {
    let mut out: Vec<(super::body::Run, String)> = Vec::new();
    for r in &p.runs {
        match out.last_mut() {
            Some((last, text))
                if last.font == r.font && last.caps == r.caps && last.bold == r.bold =>
            {
                text.push_str(&r.text)
            }
            _ => out.push((r.clone(), r.text.clone())),
        }
    }
    out
}

/// The text of a paragraph by font, for the document-wide evidence.
fn font_runs(p: &Para) -> Vec<(super::fonts::FontId, String)> {
    let mut out: Vec<(super::fonts::FontId, String)> = Vec::new();
    for r in &p.runs {
        match out.last_mut() {
            Some((f, text)) if *f == r.font => text.push_str(&r.text),
            _ => out.push((r.font, r.text.clone())),
        }
    }
    out
}

/// Every paragraph of `blocks`, in tables and text boxes too.
fn visit_paragraphs(blocks: &[Block], f: &mut impl FnMut(&Para)) {
    for b in blocks {
        match b {
            Block::Para(p) => {
                f(p);
                visit_paragraphs(&p.floating, f);
            }
            Block::Table(t) => {
                for row in &t.rows {
                    visit_row(row, f);
                }
            }
        }
    }
}

fn visit_row(row: &Row, f: &mut impl FnMut(&Para)) {
    for cell in &row.cells {
        visit_paragraphs(&cell.blocks, f);
    }
}
