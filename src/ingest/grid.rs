//! The typed table every table reader hands on: a grid of cells with row and column spans, each
//! cell holding its own lines with provenance. PDF ruling lines, Word tables, OCR'd ruled tables,
//! pipe rows and the cells cut from interleaved text all end in this type, and `parse` interprets
//! a grid once, whatever made it (`parse::tables::interpret`: group rows, sub-rows, repeated
//! header rows, rows continuing across pages).
//!
//! A reader never joins cells into text for a later stage to split again.

use super::Line;
use crate::model::BBox;

/// Which reader made a grid. Interpretation does not depend on it; warnings and provenance do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GridOrigin {
    /// Cells drawn by a PDF page's ruling lines.
    PdfRulings,
    /// A Word table (`w:tbl`).
    Word,
    /// Ruling lines found in a scanned page image.
    Ocr,
    /// Pipe-separated or Markdown rows of plain text.
    PipeRows,
    /// Cells cut from text whose cells follow one another over several lines (text extracted
    /// from a PDF without rulings): the cut is a reading, not the source's own structure.
    TextCut,
}

impl GridOrigin {
    /// The name the JSON gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            GridOrigin::PdfRulings => "pdf_rulings",
            GridOrigin::Word => "word",
            GridOrigin::Ocr => "ocr",
            GridOrigin::PipeRows => "pipe_rows",
            GridOrigin::TextCut => "text_cut",
        }
    }
}

/// One cell: its top-left position in the grid, how far it spans, and its lines in reading
/// order (a Word cell's paragraphs, a PDF cell's visual lines).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// 0-based row and column of the cell's top-left corner.
    pub row: u32,
    pub col: u32,
    /// At least 1. A group row "I | Đến năm 2030" merged across the table has `col_span` equal
    /// to the grid's column count (or one less, after its number).
    pub row_span: u32,
    pub col_span: u32,
    pub lines: Vec<Line>,
}

impl Cell {
    /// The cell's text: its lines joined as wrapped text (a symbol cut at a line end, "57-" /
    /// "NQ/TW", is whole again), white space collapsed.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for l in &self.lines {
            let t = crate::text::collapsed(&l.text);
            if !t.is_empty() {
                crate::text::append_wrapped(&mut text, &t);
            }
        }
        text
    }

    /// Whether the cell covers grid position `(row, col)`.
    pub fn covers(&self, row: u32, col: u32) -> bool {
        row >= self.row
            && row < self.row + self.row_span
            && col >= self.col
            && col < self.col + self.col_span
    }
}

/// A table as read from the source, not yet interpreted.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    pub origin: GridOrigin,
    pub n_rows: u32,
    pub n_cols: u32,
    /// Cells ordered by (row, col); every grid position is covered by at most one cell.
    /// Positions no cell covers are empty.
    pub cells: Vec<Cell>,
    /// Rows the source itself marks as header rows (Word's "repeat as header row"); parse also
    /// recognises headers by their words.
    pub header_rows: u32,
    /// Whether the source draws the table's borders. Word lays the NĐ 30 header and the closing
    /// out as borderless tables: those are read as text, not as data tables.
    pub ruled: bool,
    /// First page and the table's box on it (PDF, OCR).
    pub page: u32,
    pub bbox: Option<BBox>,
    /// The x positions of the column boundaries on the page (`n_cols + 1` of them, left to
    /// right) where the reader knows them (PDF, OCR); empty otherwise. Fragments of one table
    /// on consecutive pages share them.
    pub columns: Vec<f32>,
    /// Rows that open a new page of the table (its continuation after a page break), ascending.
    /// The rows before each one end a page: a row cut by the break goes on in the row here.
    pub page_starts: Vec<u32>,
    /// Where the table stands in reading order: before `Ingested::lines[anchor]` (the lines'
    /// length for a table at the end).
    pub anchor: usize,
}

impl Grid {
    /// An empty grid of `n_cols` columns made by `origin`, anchored before line `anchor`.
    pub fn new(origin: GridOrigin, n_cols: u32, anchor: usize) -> Grid {
        Grid {
            origin,
            n_rows: 0,
            n_cols,
            cells: Vec::new(),
            header_rows: 0,
            ruled: true,
            page: 1,
            bbox: None,
            columns: Vec::new(),
            page_starts: Vec::new(),
            anchor,
        }
    }

    /// The cell covering `(row, col)`, if any.
    pub fn cell_at(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cell_index_at(row, col).map(|i| &self.cells[i])
    }

    /// The index in `cells` of the cell covering `(row, col)`, if any.
    pub fn cell_index_at(&self, row: u32, col: u32) -> Option<usize> {
        // Cells are ordered by row: those that start below `row` cannot cover it.
        let end = self.cells.partition_point(|c| c.row <= row);
        (0..end).rev().find(|&i| self.cells[i].covers(row, col))
    }

    /// The cells whose top-left corner lies on `row`, left to right.
    pub fn row_cells(&self, row: u32) -> impl Iterator<Item = &Cell> {
        let start = self.cells.partition_point(|c| c.row < row);
        self.cells[start..].iter().take_while(move |c| c.row == row)
    }

    /// Adds a row of cells `(col, col_span, lines)` below the others (each one row high).
    pub fn push_row(&mut self, cells: Vec<(u32, u32, Vec<Line>)>) {
        let row = self.n_rows;
        for (col, col_span, lines) in cells {
            self.cells.push(Cell {
                row,
                col,
                row_span: 1,
                col_span: col_span.max(1),
                lines,
            });
        }
        self.n_rows += 1;
    }

    /// Appends the rows of `next`, the same table's continuation on a later page: its rows
    /// follow this grid's, its first row opens a page.
    pub fn append(&mut self, next: Grid) {
        let offset = self.n_rows;
        if next.n_rows > 0 {
            self.page_starts.push(offset);
        }
        self.page_starts
            .extend(next.page_starts.iter().map(|r| r + offset));
        self.cells.extend(next.cells.into_iter().map(|mut c| {
            c.row += offset;
            c
        }));
        self.n_rows += next.n_rows;
        self.n_cols = self.n_cols.max(next.n_cols);
    }

    /// Whether `row` opens a new page of the table.
    pub fn opens_page(&self, row: u32) -> bool {
        self.page_starts.binary_search(&row).is_ok()
    }

    /// Every line of every cell, in the cells' order.
    pub fn lines(&self) -> impl Iterator<Item = &Line> {
        self.cells.iter().flat_map(|c| c.lines.iter())
    }

    /// As `lines`, for changing them in place (diacritic restoration).
    pub fn lines_mut(&mut self) -> impl Iterator<Item = &mut Line> {
        self.cells.iter_mut().flat_map(|c| c.lines.iter_mut())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, row_span: u32, col_span: u32, text: &str) -> Cell {
        Cell {
            row,
            col,
            row_span,
            col_span,
            lines: vec![Line {
                text: text.into(),
                page: 1,
                line: 1,
                bbox: None,
            }],
        }
    }

    #[test]
    fn spans_cover_their_positions() {
        let grid = Grid {
            origin: GridOrigin::Word,
            n_rows: 3,
            n_cols: 3,
            cells: vec![
                cell(0, 0, 1, 3, "I. Đến năm 2030"),
                cell(1, 0, 2, 1, "1"),
                cell(1, 1, 1, 2, "Nhiệm vụ"),
                cell(2, 1, 1, 1, "Sở"),
            ],
            header_rows: 0,
            ruled: true,
            page: 1,
            bbox: None,
            columns: Vec::new(),
            page_starts: Vec::new(),
            anchor: 0,
        };
        assert_eq!(grid.cell_at(0, 2).unwrap().lines[0].text, "I. Đến năm 2030");
        assert_eq!(grid.cell_at(2, 0).unwrap().lines[0].text, "1");
        assert!(grid.cell_at(2, 2).is_none());
        assert_eq!(grid.row_cells(1).count(), 2);
    }
}
