//! vanban: Vietnamese government documents (plain text, PDF, OCR output) to structured JSON,
//! Markdown, text, CSV and Excel, and plans compared with the plans they implement.
//!
//! ```
//! let bytes = std::fs::read("fixtures/seeds/angiang-ubnd-kh181-nq03.txt").unwrap();
//! let doc = vanban::convert_bytes("kh181.txt", &bytes, &vanban::ConvertOptions::default()).unwrap();
//! assert_eq!(doc.document.number.as_deref(), Some("181/KH-UBND"));
//! assert!(doc.tasks.iter().any(|t| t.lead.agencies.contains(&"Sở Nội vụ".to_string())));
//! let json = vanban::to_json(&doc); // the contract: schemas/vanban.schema.json
//! # assert!(json.starts_with('{'));
//! ```
//!
//! The public surface:
//! - [`convert_bytes`], [`convert_file`], [`load_document`]: a document in, a [`Document`]
//!   ([`model`], the JSON contract) out; [`to_json`] and [`to_json_line`] write it.
//! - [`export`]: the Document as Markdown, plain text, CSV and Excel.
//! - [`batch`]: many inputs converted in parallel, in input order, with atomic outputs.
//! - [`diff`]: a plan against the plan it implements.
//! - [`restore`]: diacritics put back in stripped or OCR-damaged text.
//! - [`schema`]: the JSON Schemas, generated from the model types.
//!
//! The pipeline runs one way, one module per stage: `ingest` (bytes → lines and grids) →
//! `restore` (diacritics) → `layout` (lines → blocks) → `parse` (blocks → Document) →
//! `normalize` (symbols, dates, agencies). The stage modules other than `restore` are internal:
//! public for the project's own tests, examples and benchmarks, hidden from the documentation,
//! and free to change.

#![warn(missing_docs)]

pub mod batch;
/// The command line as a library function, for the `vanban` binary and `python -m vanban`;
/// not an API of its own (its arguments are the command line's).
#[doc(hidden)]
pub mod cli;
pub mod diff;
pub mod error;
pub mod export;
pub mod model;
pub mod restore;
pub mod schema;

#[doc(hidden)]
pub mod hash;
#[doc(hidden)]
pub mod ingest;
#[doc(hidden)]
pub mod layout;
#[doc(hidden)]
pub mod normalize;
#[doc(hidden)]
pub mod parse;
#[doc(hidden)]
pub mod text;

use std::path::Path;

pub use error::{Error, Result};
pub use ingest::Encoding;
pub use model::Document;
pub use restore::RestoreMode;

/// The version of the library and of the `vanban` command (`vanban --version`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// How to convert.
#[derive(Debug, Clone, Default)]
pub struct ConvertOptions {
    /// Whether to restore diacritics: where the text needs it (default), always, or never.
    pub restore: RestoreMode,
    /// The restoration lexicon: `None` for the one embedded in the binary (opened only when a
    /// document needs it), or a restorer of a lexicon file (`restore::Restorer::open`).
    pub restorer: Option<restore::Restorer>,
    /// Text encoding: auto-detected (UTF-8/16, else TCVN3, VNI or cp1258) unless set.
    pub encoding: ingest::Encoding,
    /// When scanned pages and images are OCR'd (`--ocr auto|always|never`), within what budget.
    pub ocr: ingest::ocr::OcrOptions,
}

/// Converts one document held in memory. `path` is recorded in `source.path`; the format is told
/// from the bytes (a name ending in `.pdf` that holds no PDF is an error).
///
/// ```
/// use vanban::{convert_bytes, ConvertOptions, Error};
/// let text = "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 12/KH-UBND\nKẾ HOẠCH\nTriển khai Nghị quyết số 57-NQ/TW\n";
/// let doc = convert_bytes("plan.txt", text.as_bytes(), &ConvertOptions::default()).unwrap();
/// assert_eq!(doc.document.number.as_deref(), Some("12/KH-UBND"));
/// assert!(doc.references.iter().any(|r| r.symbol == "57-NQ/TW"));
/// // Bad input is an error that names the reason.
/// let e = convert_bytes("empty.txt", b"", &ConvertOptions::default()).unwrap_err();
/// assert!(matches!(e, Error::Empty));
/// ```
pub fn convert_bytes(path: &str, bytes: &[u8], options: &ConvertOptions) -> Result<Document> {
    let mut ingested = ingest::ingest_with_ocr(bytes, path, options.encoding, &options.ocr)?;
    let stats = restore_ingested_text(&mut ingested, options.restore, options.restorer.as_ref());
    let mut layout = layout::layout_styled(
        std::mem::take(&mut ingested.lines),
        std::mem::take(&mut ingested.styles),
        std::mem::take(&mut ingested.tables),
    );
    // Notes a Word file keeps apart, in their place among those layout found in the text.
    layout.footnotes.append(&mut ingested.footnotes);
    layout
        .footnotes
        .sort_by_key(|f| (f.span.page, f.span.line_start));
    layout.signatures = std::mem::take(&mut ingested.signatures);
    let source = model::Source {
        path: path.to_string(),
        sha256: sha256_hex(bytes),
        format: ingested.format,
        encoding: ingested.encoding,
        pages: ingested.pages,
        restored: stats.restored > 0,
        restoration: model::Restoration {
            tokens: stats.tokens,
            restored: stats.restored,
            low_confidence: stats.low_confidence,
        },
        pages_detail: ingested.pages_detail,
    };
    let mut document = parse::parse(&layout, source);
    // What the reader noticed about pages comes before what parsing found in them.
    let mut warnings = ingested.warnings;
    warnings.append(&mut document.warnings);
    document.warnings = warnings;
    normalize::normalize(&mut document);
    ingest::docx::place_spans(&mut document, &ingested.cell_places);
    Ok(document)
}

/// The restoration `convert` applies to what a reader returned before parsing it: diacritics
/// (lines and table cells together), then the repair of Tesseract-Vietnamese's tone confusions
/// on OCR'd pages. Public for the measurements of `examples/ocr_eval.rs`.
pub fn restore_ingested_text(
    ingested: &mut ingest::Ingested,
    mode: RestoreMode,
    restorer: Option<&restore::Restorer>,
) -> restore::RestoreStats {
    let mut stats = restore_ingested(ingested, mode, restorer);
    stats.restored += repair_ocr_tones(ingested, mode);
    stats
}

/// Restores diacritics in the lines and in the lines of every table cell, read together in
/// reading order (each table before the line it is anchored to): the per-document decision and
/// the context of each word are those of the whole text.
fn restore_ingested(
    ingested: &mut ingest::Ingested,
    mode: RestoreMode,
    restorer: Option<&restore::Restorer>,
) -> restore::RestoreStats {
    if mode == RestoreMode::Never {
        return restore::RestoreStats::default();
    }
    if ingested.tables.is_empty() {
        let (lines, stats) =
            restore::restore_lines(std::mem::take(&mut ingested.lines), mode, restorer);
        ingested.lines = lines;
        return stats;
    }
    // All lines in reading order, then each back where it came from.
    let mut all = Vec::with_capacity(ingested.lines.len());
    let mut grids = ingested.tables.iter().peekable();
    for i in 0..=ingested.lines.len() {
        while let Some(g) = grids.next_if(|g| g.anchor <= i) {
            all.extend(g.lines().cloned());
        }
        if let Some(l) = ingested.lines.get(i) {
            all.push(l.clone());
        }
    }
    let (restored, stats) = restore::restore_lines(all, mode, restorer);
    let mut restored = restored.into_iter();
    let mut grids = ingested.tables.iter_mut().peekable();
    for i in 0..=ingested.lines.len() {
        while let Some(g) = grids.next_if(|g| g.anchor <= i) {
            for (l, r) in g.lines_mut().zip(restored.by_ref()) {
                *l = r;
            }
        }
        if let Some(l) = ingested.lines.get_mut(i) {
            if let Some(r) = restored.next() {
                *l = r;
            }
        }
    }
    stats
}

/// Repairs Tesseract-Vietnamese's tone confusions on the pages it read (lines and table
/// cells); text layers are left to `restore_ingested`. Returns the words changed.
fn repair_ocr_tones(ingested: &mut ingest::Ingested, mode: RestoreMode) -> u64 {
    use model::PageText;
    if mode == RestoreMode::Never {
        return 0;
    }
    let ocr_pages: Vec<u32> = ingested
        .pages_detail
        .iter()
        .filter(|d| matches!(d.text, PageText::Ocr | PageText::OcrReplacedLayer))
        .map(|d| d.page)
        .collect();
    if ocr_pages.is_empty() {
        return 0;
    }
    let mut lines: Vec<&mut ingest::Line> = ingested
        .lines
        .iter_mut()
        .filter(|l| ocr_pages.contains(&l.page))
        .collect();
    let mut changed = restore::repair_ocr_tones(&mut lines);
    for g in ingested
        .tables
        .iter_mut()
        .filter(|g| ocr_pages.contains(&g.page))
    {
        let mut cells: Vec<&mut ingest::Line> = g.lines_mut().collect();
        changed += restore::repair_ocr_tones(&mut cells);
    }
    changed
}

/// Reads and converts one file.
///
/// ```
/// let doc = vanban::convert_file(
///     std::path::Path::new("fixtures/pdf/kh-vpubnd-portrait.pdf"),
///     &Default::default(),
/// )
/// .unwrap();
/// assert_eq!(doc.source.format, vanban::model::Format::Pdf);
/// ```
pub fn convert_file(path: &Path, options: &ConvertOptions) -> Result<Document> {
    let bytes = std::fs::read(path)?;
    convert_bytes(&path.to_string_lossy(), &bytes, options)
}

/// A document for comparison: its JSON as `vanban convert` wrote it (`.json`), or any input
/// converted now.
pub fn load_document(path: &Path, options: &ConvertOptions) -> Result<Document> {
    let bytes = std::fs::read(path)?;
    load_document_bytes(&path.to_string_lossy(), &bytes, options)
}

/// As [`load_document`], for bytes in memory (standard input): a vanban JSON document is told
/// from its bytes (a JSON object), anything else is converted.
///
/// ```
/// use vanban::{load_document_bytes, to_json};
/// let text = std::fs::read("fixtures/seeds/haugiang-ubnd-kh-nq03.txt").unwrap();
/// let doc = load_document_bytes("plan.txt", &text, &Default::default()).unwrap();
/// let again = load_document_bytes("plan.json", to_json(&doc).as_bytes(), &Default::default());
/// assert_eq!(again.unwrap(), doc);
/// ```
pub fn load_document_bytes(name: &str, bytes: &[u8], options: &ConvertOptions) -> Result<Document> {
    let first = bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(bytes)
        .iter()
        .find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'{') {
        return serde_json::from_slice(bytes)
            .map_err(|e| Error::Unsupported(format!("not a vanban document JSON: {e}")));
    }
    convert_bytes(name, bytes, options)
}

/// The JSON text of a document: pretty-printed, with a final newline, byte-identical for
/// identical input.
pub fn to_json(document: &Document) -> String {
    let mut s = serde_json::to_string_pretty(document).expect("the model always serializes");
    s.push('\n');
    s
}

/// One line of JSON Lines: the document on one line, with a final newline.
///
/// ```
/// let text = std::fs::read("fixtures/seeds/haugiang-ubnd-kh-nq03.txt").unwrap();
/// let doc = vanban::convert_bytes("plan.txt", &text, &Default::default()).unwrap();
/// let line = vanban::to_json_line(&doc);
/// assert!(line.ends_with("}\n") && !line.trim_end().contains('\n'));
/// ```
pub fn to_json_line(document: &Document) -> String {
    let mut s = serde_json::to_string(document).expect("the model always serializes");
    s.push('\n');
    s
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(64);
    for b in digest.iter() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use ingest::{Cell, Grid, GridOrigin, Ingested, Line};

    fn line(text: &str, line: u32) -> Line {
        Line {
            text: text.into(),
            page: 1,
            line,
            bbox: None,
        }
    }

    #[test]
    fn restoration_reads_table_cells_in_place() {
        let mut grid = Grid::new(GridOrigin::PdfRulings, 1, 1);
        grid.n_rows = 1;
        grid.cells.push(Cell {
            row: 0,
            col: 0,
            row_span: 1,
            col_span: 1,
            lines: vec![line("Xay dung ke hoach chuyen doi so cua tinh", 2)],
        });
        let mut ingested = Ingested {
            signatures: Vec::new(),
            lines: vec![
                line("Uy ban nhan dan tinh ban hanh ke hoach thuc hien", 1),
                line("Cac so, ban, nganh to chuc thuc hien ke hoach nay", 3),
            ],
            tables: vec![grid],
            footnotes: Vec::new(),
            cell_places: Vec::new(),
            format: model::Format::Text,
            encoding: "utf-8".into(),
            pages: 1,
            ..Ingested::default()
        };
        let stats = restore_ingested(&mut ingested, RestoreMode::Always, None);
        assert!(stats.restored > 0);
        let cell = &ingested.tables[0].cells[0].lines[0].text;
        assert_eq!(cell, "Xây dựng kế hoạch chuyển đổi số của tỉnh");
        assert!(
            ingested.lines[1].text.starts_with("Các sở"),
            "{:?}",
            ingested.lines
        );
        // Never: nothing changes.
        let before = ingested.clone();
        restore_ingested(&mut ingested, RestoreMode::Never, None);
        assert_eq!(before.lines, ingested.lines);
    }

    #[test]
    fn tone_confusions_are_repaired_on_ocr_pages_only() {
        let detail = |page, text| model::PageDetail {
            page,
            text,
            reason: None,
            layer_score: None,
            ocr_confidence: None,
            image: None,
            dpi: None,
        };
        let said = "Kế từ ngày ký, các tố chức thực hiện.";
        let mut ingested = Ingested {
            lines: vec![
                line(said, 1),
                Line {
                    page: 2,
                    ..line(said, 1)
                },
            ],
            pages_detail: vec![
                detail(1, model::PageText::Layer),
                detail(2, model::PageText::Ocr),
            ],
            ..Ingested::default()
        };
        assert_eq!(repair_ocr_tones(&mut ingested, RestoreMode::Never), 0);
        assert_eq!(repair_ocr_tones(&mut ingested, RestoreMode::Auto), 2);
        assert_eq!(ingested.lines[0].text, said);
        assert_eq!(
            ingested.lines[1].text,
            "Kể từ ngày ký, các tổ chức thực hiện."
        );
    }
}
