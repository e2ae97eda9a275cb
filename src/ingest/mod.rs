//! ingest: bytes → lines with provenance. Decoding (UTF-8/16, BOM, line ends, NFC) for text;
//! PDF goes through its own interpreter and ends in the same `Line` type.

mod text;

use crate::error::Result;
use crate::model::{BBox, Format};

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
#[derive(Debug, Clone)]
pub struct Ingested {
    pub lines: Vec<Line>,
    pub format: Format,
    pub encoding: String,
    pub pages: u32,
}

/// Sniffs the format and decodes. `name` is only used to prefer a format by extension.
pub fn ingest(bytes: &[u8], name: &str) -> Result<Ingested> {
    let looks_pdf = bytes.starts_with(b"%PDF-") || name.to_ascii_lowercase().ends_with(".pdf");
    if looks_pdf {
        return Err(crate::error::Error::Unsupported(
            "PDF input is not implemented yet (issue: PDF input through lopdf)".into(),
        ));
    }
    decode_text(bytes)
}
