//! The tables of a document: each table block of text is read as a grid (`tables::
//! read_text_table`), each grid layout placed is taken as it is, and every grid goes through the
//! one interpreter (`tables::interpret`); every table is kept in `Document::tables`, read as
//! tasks or indicators or not.

use super::tables::{self, Interpretation, TableKind};
use crate::ingest::Grid;
use crate::layout::{BlockKind, Layout};
use crate::model::{Table, TableCell};

/// Longest caption taken from the paragraph above a table, in chars.
const CAPTION_CHARS: usize = 300;

pub(super) struct TableReader<'a> {
    layout: &'a Layout,
    pub rows: tables::Parsed,
    pub tables: Vec<Table>,
    /// Which of the layout's grids were read.
    done: Vec<bool>,
}

impl<'a> TableReader<'a> {
    pub fn new(layout: &'a Layout) -> Self {
        TableReader {
            layout,
            rows: tables::Parsed::default(),
            tables: Vec::new(),
            done: vec![false; layout.grids.len()],
        }
    }

    /// The table block on lines `first..=last`: false when it is no table (a header of task
    /// columns with no rows under it, a cut that finds none): its lines then stay a paragraph.
    pub fn text_table(&mut self, first: usize, last: usize) -> bool {
        let layout = self.layout;
        let input = tables::TableInput {
            lines: &layout.lines[first..=last],
            after_blank: &layout.after_blank[first..=last],
            first,
        };
        let span = |a: usize, b: usize| layout.span(a, b.min(layout.lines.len() - 1));
        let Some((grid, mut warnings)) = tables::read_text_table(&input, &span) else {
            return false;
        };
        let interpretation = tables::interpret(&grid).filter(has_rows);
        // Pipe rows are a table whatever they hold; a cut that gives no rows is no table.
        if interpretation.is_none() && grid.origin != crate::ingest::GridOrigin::PipeRows {
            return false;
        }
        self.rows.warnings.append(&mut warnings);
        self.record(&grid, interpretation);
        true
    }

    /// Grid `index` of the layout (once: later calls do nothing).
    pub fn grid(&mut self, index: usize) {
        if std::mem::replace(&mut self.done[index], true) {
            return;
        }
        let grid = &self.layout.grids[index];
        let interpretation = tables::interpret(grid).filter(has_rows);
        self.record(grid, interpretation);
    }

    fn record(&mut self, grid: &Grid, interpretation: Option<Interpretation>) {
        let (interpreted_as, header_rows) = match interpretation {
            Some(mut i) => {
                self.rows.indicators.append(&mut i.rows.indicators);
                self.rows.tasks.append(&mut i.rows.tasks);
                self.rows.warnings.append(&mut i.rows.warnings);
                let kind = match i.kind {
                    TableKind::Tasks => "tasks",
                    TableKind::Indicators => "indicators",
                };
                (Some(kind.to_string()), i.header_rows)
            }
            None => (None, tables::header_rows(grid)),
        };
        let mut lines: Vec<crate::ingest::Line> = grid.lines().cloned().collect();
        lines.sort_by_key(|l| (l.page, l.line));
        let mut span = if lines.is_empty() {
            crate::model::Span::lines(grid.page.max(1), 1, 1)
        } else {
            crate::layout::span_of(&lines)
        };
        if grid.bbox.is_some() {
            span.bbox = grid.bbox;
        }
        self.tables.push(Table {
            page: lines.first().map_or(grid.page, |l| l.page),
            caption: self.caption(grid.anchor, span.page),
            origin: grid.origin.as_str().to_string(),
            header_rows,
            n_rows: grid.n_rows,
            n_cols: grid.n_cols,
            cells: grid
                .cells
                .iter()
                .map(|c| TableCell {
                    row: c.row,
                    col: c.col,
                    row_span: c.row_span,
                    col_span: c.col_span,
                    text: c.text(),
                })
                .collect(),
            interpreted_as,
            span,
        });
    }

    /// The short paragraph ending right before line `at`, on `page`.
    fn caption(&self, at: usize, page: u32) -> Option<String> {
        let layout = self.layout;
        let b = layout
            .blocks
            .iter()
            .find(|b| b.last + 1 == at && b.kind == BlockKind::Paragraph)?;
        (layout.lines[b.last].page == page && b.text.chars().count() <= CAPTION_CHARS)
            .then(|| b.text.clone())
    }
}

fn has_rows(i: &Interpretation) -> bool {
    !i.rows.tasks.is_empty() || !i.rows.indicators.is_empty()
}
