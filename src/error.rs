//! Errors of the library: each names the reason; the batch adds the file path.

use thiserror::Error;

/// Why a document could not be converted.
#[derive(Debug, Error)]
pub enum Error {
    /// The input has no bytes.
    #[error("empty file")]
    Empty,
    /// A NUL byte or a share of control characters no text has.
    #[error("binary data, not text (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first offending byte.
        offset: usize,
    },
    /// Not UTF-8, and not one of the legacy encodings either.
    #[error("invalid UTF-8 at byte offset {offset}{hint}")]
    InvalidUtf8 {
        /// Byte offset of the first invalid sequence.
        offset: usize,
        /// What the bytes look like instead, when that can be told.
        hint: &'static str,
    },
    /// Malformed UTF-16.
    #[error("invalid UTF-16 ({detail})")]
    InvalidUtf16 {
        /// What is wrong, and where.
        detail: String,
    },
    /// A line longer than any document's: a data dump, refused to keep every stage linear.
    #[error("line {line} is {bytes} bytes long (limit {limit}): not a document's text")]
    LineTooLong {
        /// 1-based line number.
        line: usize,
        /// Its length.
        bytes: usize,
        /// The longest line accepted.
        limit: usize,
    },
    /// Only white space.
    #[error("no text: the file holds only white space")]
    NoText,
    /// A PDF that cannot be read (damaged, encrypted with a password, no text layer).
    #[error("PDF: {0}")]
    Pdf(String),
    /// A Word file (.docx, or .doc/.rtf through LibreOffice) that cannot be read.
    #[error("Word: {0}")]
    Word(String),
    /// OCR of a scanned page or an image failed, or is not available (the reason names the
    /// packages to install).
    #[error("OCR: {0}")]
    Ocr(String),
    /// A format or content vanban does not read.
    #[error("{0}")]
    Unsupported(String),
    /// The input cannot be read.
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
}

/// A result with [`enum@Error`].
pub type Result<T> = std::result::Result<T, Error>;
