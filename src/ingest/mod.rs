//! ingest: bytes → lines with provenance. Decoding (UTF-8/16, BOM, line ends, NFC) for text;
//! PDF goes through its own interpreter and ends in the same `Line` type.

pub mod grid;
pub mod legacy;
pub mod ocr;
pub mod pdf;
mod text;

use crate::error::Result;
use crate::model::{BBox, Format, PageDetail, Warning};

pub use grid::{Cell, Grid, GridOrigin};
pub use legacy::{Encoding, LegacyEncoding};
pub use text::{decode_text, MAX_LINE_BYTES};

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

/// What ingest hands to the next stage.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    pub lines: Vec<Line>,
    /// Tables read as typed grids, in reading order (each placed by its `anchor`).
    pub tables: Vec<Grid>,
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
