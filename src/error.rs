//! Errors of the library: each names the reason; the batch adds the file path.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum Error {
    #[error("empty file")]
    Empty,
    #[error("binary data, not text (NUL byte at offset {offset})")]
    Binary { offset: usize },
    #[error("invalid UTF-8 at byte offset {offset}{hint}")]
    InvalidUtf8 { offset: usize, hint: &'static str },
    #[error("invalid UTF-16 ({detail})")]
    InvalidUtf16 { detail: String },
    #[error("line {line} is {bytes} bytes long (limit {limit}): not a document's text")]
    LineTooLong {
        line: usize,
        bytes: usize,
        limit: usize,
    },
    #[error("no text: the file holds only white space")]
    NoText,
    #[error("PDF: {0}")]
    Pdf(String),
    #[error("OCR: {0}")]
    Ocr(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("cannot read: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, Error>;
