//! The typed table every ingest backend hands on beside its lines: a grid of cells with row and
//! column spans, each cell holding its own lines with provenance. PDF ruling lines, Word tables,
//! OCR'd ruled tables and pipe rows all end in this type, and `parse` interprets a grid once,
//! whatever made it (group rows, sub-rows, repeated header rows, rows continuing across pages).
//!
//! A backend never joins cells into text for a later stage to split again.

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
}

/// One cell: its top-left position in the grid, how far it spans, and its lines in reading
/// order (a Word cell's paragraphs, a PDF cell's visual lines).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// 0-based row and column of the cell's top-left corner.
    pub row: u32,
    pub col: u32,
    /// At least 1. A group row "I | Đến năm 2030" merged across the table has `col_span` equal
    /// to the grid's column count.
    pub row_span: u32,
    pub col_span: u32,
    pub lines: Vec<Line>,
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
    /// Where the table stands in reading order: before `Ingested::lines[anchor]` (the lines'
    /// length for a table at the end).
    pub anchor: usize,
}

impl Grid {
    /// The cell covering `(row, col)`, if any.
    pub fn cell_at(&self, row: u32, col: u32) -> Option<&Cell> {
        self.cells.iter().find(|c| {
            row >= c.row && row < c.row + c.row_span && col >= c.col && col < c.col + c.col_span
        })
    }

    /// The cells whose top-left corner lies on `row`, left to right.
    pub fn row_cells(&self, row: u32) -> impl Iterator<Item = &Cell> {
        self.cells.iter().filter(move |c| c.row == row)
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
            anchor: 0,
        };
        assert_eq!(grid.cell_at(0, 2).unwrap().lines[0].text, "I. Đến năm 2030");
        assert_eq!(grid.cell_at(2, 0).unwrap().lines[0].text, "1");
        assert!(grid.cell_at(2, 2).is_none());
        assert_eq!(grid.row_cells(1).count(), 2);
    }
}
