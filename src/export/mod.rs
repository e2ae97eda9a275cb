//! Exporters: each turns the one [`Document`] model into an output format. None reads the input
//! again, and none knows another.
//!
//! - JSON and JSON Lines: [`crate::to_json`], [`crate::to_json_line`] (the contract).
//! - [`markdown`] and [`text`]: the document to read or to index, in reading order
//!   ([`reading`]).
//! - [`csv`] and [`xlsx`]: the task, indicator and document tables of a batch ([`rows`]).

pub mod csv;
pub mod markdown;
pub mod reading;
pub mod rows;
pub mod text;
pub mod xlsx;

use crate::model::Document;

/// An output format of `vanban convert` (its variants are the `--format` values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// One pretty-printed JSON document per input.
    #[default]
    Json,
    /// JSON Lines: one document per line, every input in one stream.
    Jsonl,
    /// tasks.csv, indicators.csv and documents.csv (UTF-8 with BOM, for Excel): needs -o DIR.
    Csv,
    /// One workbook with the sheets tasks, indicators and documents for every input.
    Xlsx,
    /// Markdown per input: header, headings, tables.
    Md,
    /// Plain text per input, in reading order, diacritics restored.
    Text,
}

impl Format {
    /// The file extension of the format's files.
    ///
    /// ```
    /// use vanban::export::Format;
    /// assert_eq!(Format::Text.extension(), "txt");
    /// assert_eq!(Format::from_extension("MD"), Some(Format::Md));
    /// ```
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Md => "md",
            Format::Text => "txt",
        }
    }

    /// The format whose files carry this extension (any case).
    pub fn from_extension(ext: &str) -> Option<Format> {
        let ext = ext.to_ascii_lowercase();
        [
            Format::Json,
            Format::Jsonl,
            Format::Csv,
            Format::Xlsx,
            Format::Md,
            Format::Text,
        ]
        .into_iter()
        .find(|f| f.extension() == ext || (ext == "markdown" && *f == Format::Md))
    }

    /// Whether each input gets a file of its own (JSON, Markdown, text) rather than a share of a
    /// combined output (JSON Lines, CSV, Excel).
    pub fn is_per_document(self) -> bool {
        matches!(self, Format::Json | Format::Md | Format::Text)
    }

    /// One document in a text format: JSON, one JSON line, Markdown or plain text. `None` for the
    /// table formats, which a batch writes whole.
    ///
    /// ```
    /// use vanban::export::Format;
    /// let text = std::fs::read("fixtures/seeds/haugiang-ubnd-kh-nq03.txt").unwrap();
    /// let doc = vanban::convert_bytes("plan.txt", &text, &Default::default()).unwrap();
    /// let line = Format::Jsonl.render(&doc).unwrap();
    /// assert_eq!(line.matches('\n').count(), 1);
    /// assert!(Format::Csv.render(&doc).is_none());
    /// ```
    pub fn render(self, doc: &Document) -> Option<String> {
        match self {
            Format::Json => Some(crate::to_json(doc)),
            Format::Jsonl => Some(crate::to_json_line(doc)),
            Format::Md => Some(markdown::render(doc)),
            Format::Text => Some(text::render(doc)),
            Format::Csv | Format::Xlsx => None,
        }
    }
}
