//! Excel for analysts (`rust_xlsxwriter`): one workbook with the sheets `tasks`, `indicators`
//! and `documents` (the columns of the CSV files), set up to be read, not repaired: column
//! widths, a styled and frozen header row, an autofilter over every column, long text wrapped,
//! numbers as numbers and printed text as text (Excel turns no "6/2025" into a date).
//!
//! Rows are written in constant-memory mode (each finished row goes to an unnamed temporary
//! file), so a batch of any size fits in memory; the workbook is assembled by [`XlsxWriter::finish`].

use super::rows::{Cell, Table};
use crate::model::Document;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

/// Excel's last row (1,048,576 rows, the header included).
const MAX_ROWS: u32 = 1_048_576;
/// Excel's longest cell text, in characters.
const MAX_CELL_CHARS: usize = 32_767;

/// Builds the workbook document by document.
pub struct XlsxWriter {
    workbook: Workbook,
    /// The next free row of each sheet, in [`Table::ALL`] order.
    next_row: [u32; 3],
    wrap: Format,
}

/// What went wrong while writing the workbook.
#[derive(Debug, thiserror::Error)]
pub enum XlsxWriteError {
    /// More rows than a sheet holds.
    #[error("the {sheet} sheet is full (Excel holds {MAX_ROWS} rows): use --format csv")]
    SheetFull {
        /// The sheet's name.
        sheet: &'static str,
    },
    /// The writer's own error (a temporary file, the archive).
    #[error("{0}")]
    Xlsx(#[from] XlsxError),
}

impl XlsxWriter {
    /// A workbook with the three sheets and their header rows. Row data waits in unnamed
    /// temporary files in `tempdir` (the system's when `None`).
    pub fn new(tempdir: Option<&std::path::Path>) -> Result<XlsxWriter, XlsxWriteError> {
        let mut workbook = Workbook::new();
        if let Some(dir) = tempdir {
            workbook.set_tempdir(dir)?;
        }
        let header = Format::new()
            .set_bold()
            .set_font_color(Color::White)
            .set_background_color(Color::RGB(0x1F4E78))
            .set_border_bottom(FormatBorder::Thin)
            .set_align(FormatAlign::Top)
            .set_text_wrap();
        let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
        for table in Table::ALL {
            let sheet = workbook.add_worksheet_with_constant_memory()?;
            sheet.set_name(table.name())?;
            for (c, column) in table.columns().iter().enumerate() {
                let c = c as u16;
                sheet.set_column_width(c, column.width)?;
                sheet.write_string_with_format(0, c, column.name, &header)?;
            }
            sheet.set_freeze_panes(1, 0)?;
        }
        Ok(XlsxWriter {
            workbook,
            next_row: [1; 3],
            wrap,
        })
    }

    /// Adds one document's rows to each sheet.
    pub fn write_document(&mut self, doc: &Document) -> Result<(), XlsxWriteError> {
        for (k, table) in Table::ALL.into_iter().enumerate() {
            let rows = table.rows(doc);
            if self.next_row[k] as usize + rows.len() > MAX_ROWS as usize {
                return Err(XlsxWriteError::SheetFull {
                    sheet: table.name(),
                });
            }
            let columns = table.columns();
            let sheet = self.workbook.worksheet_from_index(k)?;
            for row in rows {
                let r = self.next_row[k];
                for (c, (cell, column)) in row.iter().zip(columns).enumerate() {
                    let c = c as u16;
                    match cell {
                        Cell::Text(s) if column.wrap => {
                            sheet.write_string_with_format(r, c, fit(s), &self.wrap)?
                        }
                        Cell::Text(s) => sheet.write_string(r, c, fit(s))?,
                        Cell::Number(x) => sheet.write_number(r, c, *x)?,
                        Cell::Empty => sheet,
                    };
                }
                self.next_row[k] += 1;
            }
        }
        Ok(())
    }

    /// Sets each sheet's autofilter over the rows written and writes the workbook.
    pub fn finish<W: std::io::Write + std::io::Seek + Send>(
        mut self,
        out: W,
    ) -> Result<(), XlsxWriteError> {
        for (k, table) in Table::ALL.into_iter().enumerate() {
            let sheet = self.workbook.worksheet_from_index(k)?;
            let last_col = table.columns().len() as u16 - 1;
            sheet.autofilter(0, 0, self.next_row[k] - 1, last_col)?;
        }
        self.workbook.save_to_writer(out)?;
        Ok(())
    }
}

/// Text as Excel can hold it: cut at its cell limit (the JSON keeps all of it).
fn fit(s: &str) -> &str {
    match s.char_indices().nth(MAX_CELL_CHARS) {
        Some((end, _)) => &s[..end],
        None => s,
    }
}

/// A workbook of `docs` in memory.
///
/// ```
/// let text = std::fs::read("fixtures/seeds/angiang-ubnd-kh181-nq03.txt").unwrap();
/// let doc = vanban::convert_bytes("kh181.txt", &text, &Default::default()).unwrap();
/// let bytes = vanban::export::xlsx::to_bytes(&[doc]).unwrap();
/// assert!(bytes.starts_with(b"PK")); // an xlsx file is a zip archive
/// ```
pub fn to_bytes(docs: &[Document]) -> Result<Vec<u8>, XlsxWriteError> {
    let mut writer = XlsxWriter::new(None)?;
    for doc in docs {
        writer.write_document(doc)?;
    }
    let mut out = std::io::Cursor::new(Vec::new());
    writer.finish(&mut out)?;
    Ok(out.into_inner())
}
