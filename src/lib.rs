//! vanban: Vietnamese government documents (plain text, PDF, OCR output) to structured JSON.
//!
//! The pipeline runs one way, one module per stage:
//! `ingest` (bytes → lines) → `restore` (diacritics) → `layout` (lines → blocks) →
//! `parse` (blocks → Document) → `normalize` (symbols, dates, agencies), then JSON.

pub mod batch;
pub mod csv;
pub mod diff;
pub mod error;
pub mod hash;
pub mod ingest;
pub mod layout;
pub mod model;
pub mod normalize;
pub mod parse;
pub mod restore;
pub mod schema;
pub mod text;

use std::path::Path;

pub use error::{Error, Result};
pub use model::Document;
pub use restore::RestoreMode;

#[derive(Debug, Clone, Copy, Default)]
pub struct ConvertOptions {
    pub restore: RestoreMode,
    /// Text encoding: auto-detected (UTF-8/16, else TCVN3, VNI or cp1258) unless set.
    pub encoding: ingest::Encoding,
    /// When scanned pages and images are OCR'd (`--ocr auto|always|never`), within what budget.
    pub ocr: ingest::ocr::OcrOptions,
}

/// Converts one document held in memory. `path` is recorded in `source.path` and used to
/// recognise the format by its extension.
pub fn convert_bytes(path: &str, bytes: &[u8], options: &ConvertOptions) -> Result<Document> {
    let ingested = ingest::ingest_with_ocr(bytes, path, options.encoding, &options.ocr)?;
    let (lines, stats) = restore::restore_lines(ingested.lines, options.restore);
    let layout = layout::layout(lines);
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
    Ok(document)
}

/// Reads and converts one file.
pub fn convert_file(path: &Path, options: &ConvertOptions) -> Result<Document> {
    let bytes = std::fs::read(path)?;
    convert_bytes(&path.to_string_lossy(), &bytes, options)
}

/// A document for comparison: its JSON as `vanban convert` wrote it (`.json`), or any input
/// converted now.
pub fn load_document(path: &Path, options: &ConvertOptions) -> Result<Document> {
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        let text = std::fs::read_to_string(path)?;
        return serde_json::from_str(&text)
            .map_err(|e| Error::Unsupported(format!("not a vanban document JSON: {e}")));
    }
    convert_file(path, options)
}

/// The JSON text of a document: pretty-printed, with a final newline, byte-identical for
/// identical input.
pub fn to_json(document: &Document) -> String {
    let mut s = serde_json::to_string_pretty(document).expect("the model always serializes");
    s.push('\n');
    s
}

/// One line of JSON Lines.
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
