//! The tables analysts open: one row per task, per indicator and per document, with typed cells,
//! written alike to CSV and to Excel. Text stays as the document printed it (`raw` columns:
//! "≥ 0,7", "6/2025"); the normalized values sit in columns of their own, numbers as numbers.

use crate::model::{AgencyList, Document, Span};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text, kept as printed.
    Text(String),
    /// A number (a normalized value, a count, a page or line).
    Number(f64),
    /// Nothing.
    Empty,
}

impl Cell {
    /// The cell as CSV writes it: numbers in their shortest exact form ("30", "0.7").
    pub fn to_text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(x) => format_number(*x),
            Cell::Empty => String::new(),
        }
    }
}

fn format_number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A column: its header and the width an analyst needs to read it (in characters).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Column {
    /// The header.
    pub name: &'static str,
    /// The spreadsheet column width, in characters.
    pub width: f64,
    /// Long text, wrapped in a spreadsheet.
    pub wrap: bool,
}

const fn col(name: &'static str, width: f64) -> Column {
    Column {
        name,
        width,
        wrap: false,
    }
}

const fn long(name: &'static str, width: f64) -> Column {
    Column {
        name,
        width,
        wrap: true,
    }
}

/// The three tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    /// `tasks.csv`, sheet "tasks": a row per task.
    Tasks,
    /// `indicators.csv`, sheet "indicators": a row per indicator.
    Indicators,
    /// `documents.csv`, sheet "documents": a row per document (also those without tasks).
    Documents,
}

impl Table {
    /// The three, in the order of the workbook's sheets.
    pub const ALL: [Table; 3] = [Table::Tasks, Table::Indicators, Table::Documents];

    /// The file stem and sheet name: "tasks", "indicators", "documents".
    pub fn name(self) -> &'static str {
        match self {
            Table::Tasks => "tasks",
            Table::Indicators => "indicators",
            Table::Documents => "documents",
        }
    }

    /// Its columns, in order.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Tasks => &TASK_COLUMNS,
            Table::Indicators => &INDICATOR_COLUMNS,
            Table::Documents => &DOCUMENT_COLUMNS,
        }
    }

    /// The rows one document adds to this table.
    pub fn rows(self, doc: &Document) -> Vec<Vec<Cell>> {
        match self {
            Table::Tasks => task_rows(doc),
            Table::Indicators => indicator_rows(doc),
            Table::Documents => vec![document_row(doc)],
        }
    }
}

/// The columns every row starts with: which document it comes from.
const DOC_KEY: [Column; 4] = [
    col("source", 40.0),
    col("document_number", 16.0),
    col("document_date", 12.0),
    long("document_title", 40.0),
];

/// The columns of the task table.
pub const TASK_COLUMNS: [Column; 22] = [
    DOC_KEY[0],
    DOC_KEY[1],
    DOC_KEY[2],
    DOC_KEY[3],
    col("group", 7.0),
    col("number", 7.0),
    long("name", 60.0),
    long("lead", 28.0),
    long("lead_agencies", 28.0),
    long("support", 28.0),
    long("support_agencies", 28.0),
    long("result", 30.0),
    col("deadline", 16.0),
    col("deadline_kind", 12.0),
    col("deadline_start", 12.0),
    col("deadline_end", 12.0),
    long("deadline_condition", 24.0),
    long("status", 24.0),
    col("origin", 8.0),
    col("page", 6.0),
    col("line_start", 9.0),
    col("line_end", 9.0),
];

/// The columns of the indicator table.
pub const INDICATOR_COLUMNS: [Column; 20] = [
    DOC_KEY[0],
    DOC_KEY[1],
    DOC_KEY[2],
    DOC_KEY[3],
    col("id", 7.0),
    col("group", 7.0),
    col("horizon", 8.0),
    long("name", 60.0),
    col("unit", 12.0),
    col("target", 16.0),
    col("target_op", 9.0),
    col("target_value", 12.0),
    col("target_max", 12.0),
    long("target_text", 24.0),
    long("owner", 28.0),
    long("owner_agencies", 28.0),
    col("origin", 8.0),
    col("page", 6.0),
    col("line_start", 9.0),
    col("line_end", 9.0),
];

/// The columns of the document table.
pub const DOCUMENT_COLUMNS: [Column; 17] = [
    DOC_KEY[0],
    DOC_KEY[1],
    DOC_KEY[2],
    DOC_KEY[3],
    col("type", 14.0),
    col("type_code", 9.0),
    long("issuer", 28.0),
    col("place", 14.0),
    col("signer", 20.0),
    col("signer_position", 20.0),
    col("format", 8.0),
    col("encoding", 10.0),
    col("pages", 7.0),
    col("restored", 9.0),
    col("tasks", 7.0),
    col("indicators", 10.0),
    col("warnings", 9.0),
];

fn text(s: &str) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s.to_string())
    }
}

fn opt_text(s: &Option<String>) -> Cell {
    s.as_deref().map_or(Cell::Empty, text)
}

fn opt_number<T: Into<f64> + Copy>(v: Option<T>) -> Cell {
    v.map_or(Cell::Empty, |x| Cell::Number(x.into()))
}

fn count(n: usize) -> Cell {
    Cell::Number(n as f64)
}

fn agencies(a: &AgencyList) -> Cell {
    text(&a.agencies.join("; "))
}

fn span(s: &Span) -> [Cell; 3] {
    [
        Cell::Number(s.page.into()),
        Cell::Number(s.line_start.into()),
        Cell::Number(s.line_end.into()),
    ]
}

fn doc_key(doc: &Document) -> [Cell; 4] {
    let d = &doc.document;
    [
        text(&doc.source.path),
        opt_text(&d.number),
        opt_text(&d.date),
        opt_text(&d.title),
    ]
}

fn task_rows(doc: &Document) -> Vec<Vec<Cell>> {
    doc.tasks
        .iter()
        .map(|t| {
            let mut row = doc_key(doc).to_vec();
            row.extend([
                opt_text(&t.group),
                opt_number(t.number),
                text(&t.name),
                text(&t.lead.raw),
                agencies(&t.lead),
                text(&t.support.raw),
                agencies(&t.support),
                t.result.as_ref().map_or(Cell::Empty, |r| text(&r.raw)),
                text(&t.deadline.raw),
                text(&t.deadline.kind),
                opt_text(&t.deadline.start),
                opt_text(&t.deadline.end),
                opt_text(&t.deadline.condition),
                t.status.as_ref().map_or(Cell::Empty, |r| text(&r.raw)),
                text(&t.origin),
            ]);
            row.extend(span(&t.span));
            row
        })
        .collect()
}

fn indicator_rows(doc: &Document) -> Vec<Vec<Cell>> {
    doc.indicators
        .iter()
        .map(|i| {
            let mut row = doc_key(doc).to_vec();
            row.extend([
                text(&i.id),
                opt_text(&i.group),
                opt_text(&i.horizon),
                text(&i.name),
                opt_text(&i.unit),
                text(&i.target.raw),
                text(&i.target.op),
                opt_number(i.target.value),
                opt_number(i.target.max),
                opt_text(&i.target.text),
                text(&i.owner.raw),
                agencies(&i.owner),
                text(&i.origin),
            ]);
            row.extend(span(&i.span));
            row
        })
        .collect()
}

fn document_row(doc: &Document) -> Vec<Cell> {
    let d = &doc.document;
    let mut row = doc_key(doc).to_vec();
    let format = serde_json::to_value(doc.source.format)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    row.extend([
        opt_text(&d.doc_type),
        opt_text(&d.type_code),
        opt_text(&d.issuer.name),
        opt_text(&d.place),
        opt_text(&d.signer.name),
        opt_text(&d.signer.position),
        text(&format),
        text(&doc.source.encoding),
        Cell::Number(doc.source.pages.into()),
        text(if doc.source.restored { "yes" } else { "no" }),
        count(doc.tasks.len()),
        count(doc.indicators.len()),
        count(doc.warnings.len()),
    ]);
    row
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_their_shortest_form() {
        assert_eq!(Cell::Number(30.0).to_text(), "30");
        assert_eq!(Cell::Number(0.7).to_text(), "0.7");
        assert_eq!(Cell::Number(-2.5).to_text(), "-2.5");
    }
}
