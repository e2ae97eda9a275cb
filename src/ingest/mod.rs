//! ingest: bytes → lines with provenance. Decoding (UTF-8/16, BOM, line ends, NFC) for text;
//! PDF goes through its own interpreter and Word files through their own reader (`.doc` and
//! `.rtf` converted to `.docx` by LibreOffice first); all end in the same `Line` type.

pub mod docx;
pub mod grid;
pub mod legacy;
pub mod ocr;
pub mod office;
pub mod pdf;
mod text;

use crate::error::Result;
use crate::model::{BBox, Format, PageDetail, Warning};

pub use docx::CellPlace;
pub use grid::{Cell, Grid, GridOrigin};
pub use legacy::{Encoding, LegacyEncoding};
pub use text::{decode_lines, decode_text, MAX_LINE_BYTES};

/// One line of the input, as the later stages see it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// NFC text without the line end. Leading/trailing white space is kept: layout reads indents.
    pub text: String,
    /// 1-based page: form feeds in text, the page in a PDF.
    pub page: u32,
    /// 1-based line number in the source (counting blank lines), or the line's order on a PDF page.
    pub line: u32,
    pub bbox: Option<BBox>,
}

/// How a line is set, where the reader knows it (Word); `None`: not known (text, PDF, OCR).
/// Evidence for parse: a centred bold paragraph under the type line is the title's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LineStyle {
    /// Whether every letter and digit of the line is bold (a list label aside).
    pub bold: Option<bool>,
    pub align: Option<Align>,
}

/// A paragraph's alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    Justify,
}

/// What ingest hands to the next stage.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    pub lines: Vec<Line>,
    /// How each of `lines` is set: one per line, or none where the reader does not know
    /// (text, PDF, OCR).
    pub styles: Vec<LineStyle>,
    /// Tables read as typed grids, in reading order (each placed by its `anchor`).
    pub tables: Vec<Grid>,
    /// Footnotes the source keeps apart from its text (Word); layout finds those of text and
    /// PDF in the lines.
    pub footnotes: Vec<crate::model::Footnote>,
    /// Word: where each paragraph of a table stands, to place spans in tables.
    pub cell_places: Vec<CellPlace>,
    /// The file's digital signatures (PDF signature fields), in field order.
    pub signatures: Vec<crate::model::Signature>,
    pub format: Format,
    pub encoding: String,
    pub pages: u32,
    /// PDF and images: how each page's text was obtained (text layer or OCR).
    pub pages_detail: Vec<PageDetail>,
    /// What the reader noticed (a page OCR could not read, ...): passed on to the document.
    pub warnings: Vec<Warning>,
}

/// Sniffs the format and decodes. `name` is only used to prefer a format by extension.
/// Text in a legacy 8-bit encoding is detected (as `ingest_with(…, Encoding::Auto)`).
pub fn ingest(bytes: &[u8], name: &str) -> Result<Ingested> {
    ingest_with(bytes, name, Encoding::Auto)
}

/// As `ingest`, with the text encoding chosen (`--encoding auto|utf-8|tcvn3|vni|cp1258`).
/// PDFs ignore the choice: their fonts say how their bytes read.
pub fn ingest_with(bytes: &[u8], name: &str, encoding: Encoding) -> Result<Ingested> {
    ingest_with_ocr(bytes, name, encoding, &ocr::OcrOptions::default())
}

/// As `ingest_with`, with OCR's options: when scanned pages and images are OCR'd (`--ocr`).
pub fn ingest_with_ocr(
    bytes: &[u8],
    name: &str,
    encoding: Encoding,
    ocr_options: &ocr::OcrOptions,
) -> Result<Ingested> {
    if ocr::is_image(bytes) {
        return ocr::ingest_image(bytes, name, ocr_options);
    }
    // Signing tools may put a few bytes before "%PDF-" (poppler reads up to 1 KiB of them):
    // a .pdf name, or binary bytes before the marker, say it is one.
    let marker = bytes[..bytes.len().min(1024)]
        .windows(5)
        .position(|w| w == b"%PDF-");
    let looks_pdf = marker.is_some_and(|at| {
        at == 0
            || name.to_ascii_lowercase().ends_with(".pdf")
            || bytes[..at]
                .iter()
                .any(|&b| b < 0x20 && !b"\t\r\n\x0c".contains(&b))
    });
    if looks_pdf {
        return ocr::ingest_pdf(bytes, name, ocr_options);
    }
    if let Some(kind) = word_kind(bytes, name)? {
        return match kind {
            Format::Docx => docx::ingest_docx(bytes),
            other => {
                let converted = office::to_docx(bytes, other)?;
                let mut ingested = docx::ingest_docx(&converted)?;
                ingested.format = other;
                Ok(ingested)
            }
        };
    }
    if name.to_ascii_lowercase().ends_with(".pdf") {
        return Err(crate::error::Error::Pdf(
            "not a PDF file (no %PDF- header)".into(),
        ));
    }
    match encoding.legacy() {
        Some(enc) => {
            if bytes.is_empty() {
                return Err(crate::error::Error::Empty);
            }
            let text = legacy::decode(enc, bytes);
            let mut ingested = decode_text(text.as_bytes())?;
            ingested.encoding = enc.name().to_string();
            Ok(ingested)
        }
        None => {
            let ingested = decode_text(bytes)?;
            if encoding == Encoding::Utf8 && !ingested.encoding.starts_with("utf") {
                // Explicit UTF-8: no legacy fallback.
                return Err(crate::error::Error::InvalidUtf8 {
                    offset: std::str::from_utf8(bytes)
                        .err()
                        .map_or(0, |e| e.valid_up_to()),
                    hint: " (legacy encodings are only tried with --encoding auto)",
                });
            }
            Ok(ingested)
        }
    }
}

/// The Word format of a file by its first bytes: a zip (`.docx`), an OLE2 compound file
/// (`.doc`), `{\rtf` (RTF). A name ending in `.doc` whose content is HTML or XML (Word saves
/// both under that name) goes to LibreOffice as well. `None`: not a Word file.
fn word_kind(bytes: &[u8], name: &str) -> Result<Option<Format>> {
    let lower = name.to_ascii_lowercase();
    let ext = lower.rsplit_once('.').map_or("", |(_, e)| e);
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Ok(Some(Format::Docx));
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Ok(Some(Format::Doc));
    }
    let head = &bytes[..bytes.len().min(64)];
    let text_start = head
        .iter()
        .position(|b| !b" \t\r\n".contains(b))
        .map_or(&[][..], |i| &head[i..]);
    let text_start = text_start
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(text_start);
    if text_start.starts_with(b"{\\rtf") {
        return Ok(Some(Format::Rtf));
    }
    match ext {
        "doc" | "dot" if text_start.starts_with(b"<") => Ok(Some(Format::Doc)),
        "docx" | "docm" | "dotx" => Err(crate::error::Error::Word(
            "not a Word .docx file: not a zip archive".into(),
        )),
        "doc" | "dot" => Err(crate::error::Error::Word(
            "not a Word .doc file (no Word 97–2003 signature)".into(),
        )),
        "rtf" => Err(crate::error::Error::Word(
            "not an RTF file (it does not start with {\\rtf)".into(),
        )),
        _ => Ok(None),
    }
}
