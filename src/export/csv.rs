//! CSV for analysts (the `csv` crate): `tasks.csv`, `indicators.csv` and `documents.csv`, UTF-8
//! with a byte-order mark so Excel shows Vietnamese, CRLF records, every row with every column.
//! A text cell that a spreadsheet would take for a formula is written with a leading apostrophe.

use super::rows::{Cell, Table};
use crate::model::Document;
use std::io::Write;

/// Written once at the start of each file, so Excel reads the file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// Writes one table's rows, document after document.
pub struct CsvWriter<W: Write> {
    table: Table,
    inner: csv::Writer<W>,
}

impl<W: Write> CsvWriter<W> {
    /// Starts a file: the byte-order mark and the header row.
    pub fn new(mut out: W, table: Table) -> csv::Result<CsvWriter<W>> {
        out.write_all(BOM.as_bytes())?;
        let mut writer = CsvWriter::appending(out, table);
        writer
            .inner
            .write_record(table.columns().iter().map(|c| c.name))?;
        Ok(writer)
    }

    /// Continues a file that already has its header.
    pub fn appending(out: W, table: Table) -> CsvWriter<W> {
        let inner = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        CsvWriter { table, inner }
    }

    /// The rows of one document.
    pub fn write_document(&mut self, doc: &Document) -> csv::Result<()> {
        for row in self.table.rows(doc) {
            self.inner.write_record(row.iter().map(spreadsheet_safe))?;
        }
        Ok(())
    }

    /// Flushes and hands back the output.
    pub fn into_inner(self) -> std::io::Result<W> {
        self.inner.into_inner().map_err(|e| e.into_error())
    }
}

/// The cell as CSV writes it, with a text that starts like a formula ("=" as an indicator's
/// operator, "- Bộ …" as a lead agency printed with its dash, "+", "@", a tab or a carriage
/// return) written after an apostrophe: Excel and LibreOffice would otherwise compute it
/// (`#NAME?`, or an attacker's formula from a crafted document — OWASP's CSV injection). Numbers
/// are numbers and keep their sign; the JSON and the workbook keep every text as it is.
fn spreadsheet_safe(cell: &Cell) -> String {
    let text = cell.to_text();
    match cell {
        Cell::Text(s) if s.starts_with(['=', '+', '-', '@', '\t', '\r']) => format!("'{text}"),
        _ => text,
    }
}

/// One table of `docs` as CSV text.
///
/// ```
/// use vanban::export::{csv::table_to_string, rows::Table};
/// let text = std::fs::read("fixtures/seeds/haugiang-ubnd-kh-nq03.txt").unwrap();
/// let doc = vanban::convert_bytes("plan.txt", &text, &Default::default()).unwrap();
/// let csv = table_to_string(&[doc], Table::Documents);
/// assert!(csv.starts_with("\u{feff}source,document_number,"));
/// assert_eq!(csv.lines().count(), 2);
/// ```
pub fn table_to_string(docs: &[Document], table: Table) -> String {
    let mut writer = CsvWriter::new(Vec::new(), table).expect("writing to memory");
    for doc in docs {
        writer.write_document(doc).expect("writing to memory");
    }
    String::from_utf8(writer.into_inner().expect("writing to memory")).expect("CSV of UTF-8 text")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_reads_as_a_formula_is_written_after_an_apostrophe() {
        for formula in [
            "=",
            "=HYPERLINK(\"x\")",
            "- Bộ KH&CN",
            "+84",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            let written = spreadsheet_safe(&Cell::Text(formula.to_string()));
            assert_eq!(written, format!("'{formula}"));
        }
    }

    #[test]
    fn numbers_and_plain_text_are_written_as_they_are() {
        assert_eq!(spreadsheet_safe(&Cell::Number(-5.0)), "-5");
        assert_eq!(spreadsheet_safe(&Cell::Number(0.7)), "0.7");
        for text in [">=", "Sở Tài chính", "2025-12-31", ""] {
            assert_eq!(spreadsheet_safe(&Cell::Text(text.to_string())), text);
        }
        assert_eq!(spreadsheet_safe(&Cell::Empty), "");
    }
}
