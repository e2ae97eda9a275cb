//! The serde types of the JSON contract (schema_version "1", see `schemas/vanban.schema.json`).
//!
//! Field names are English snake_case; values keep the document's own Vietnamese text. Every
//! normalized value sits beside the `raw` text it came from. Field order here is the order in the
//! output, so keep it stable: other tools diff our JSON byte for byte.

use serde::{Deserialize, Serialize};

pub const SCHEMA_VERSION: &str = "1";

/// One converted document: what `vanban convert` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub schema_version: String,
    pub source: Source,
    pub document: DocumentInfo,
    pub legal_bases: Vec<LegalBasis>,
    pub references: Vec<Reference>,
    /// Body paragraphs between the title (or legal bases) and the first heading, such as the
    /// enacting formula "Ủy ban nhân dân tỉnh … ban hành Kế hoạch … như sau:".
    pub preamble: Vec<String>,
    pub sections: Vec<Section>,
    /// Closing paragraphs after the last section ("Trên đây là Kế hoạch …").
    pub closing: Vec<String>,
    pub indicators: Vec<Indicator>,
    pub tasks: Vec<Task>,
    /// Every table of the document as read, cell by cell, whether or not it holds tasks or
    /// indicators (scoring and statistics tables too).
    #[serde(default)]
    pub tables: Vec<Table>,
    pub footnotes: Vec<Footnote>,
    pub warnings: Vec<Warning>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Text,
    Pdf,
    /// A page image (PNG, JPEG, TIFF), read by OCR.
    Image,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Source {
    pub path: String,
    pub sha256: String,
    pub format: Format,
    /// "utf-8", "utf-8-bom", "utf-16le", "utf-16be", later "tcvn3", "vni", "cp1258".
    pub encoding: String,
    pub pages: u32,
    /// Whether diacritic restoration changed anything.
    pub restored: bool,
    /// Word tokens restoration saw, changed, and changed with low confidence.
    pub restoration: Restoration,
    /// PDF and image inputs: how each page's text was obtained (its text layer or OCR).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages_detail: Vec<PageDetail>,
}

/// How one page's text was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PageText {
    /// The PDF's own text layer.
    #[serde(rename = "layer")]
    Layer,
    /// OCR of a page that had no usable text (a scan, an image).
    #[serde(rename = "ocr")]
    Ocr,
    /// OCR in place of a text layer that was unreadable or lacked Vietnamese diacritics.
    #[serde(rename = "ocr-replaced-layer")]
    OcrReplacedLayer,
    /// No text: a blank page, or a scan that was not OCR'd (`--ocr never`, OCR failed).
    #[serde(rename = "none")]
    None,
}

/// One page of `source.pages_detail`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PageDetail {
    /// 1-based.
    pub page: u32,
    pub text: PageText,
    /// Why the page was OCR'd, or why it has no text: "no_text", "stamp_only",
    /// "unreadable_layer", "layer_without_diacritics", "forced", "ocr_failed", "ocr_off",
    /// "ocr_unavailable"; null when its text layer was used as is.
    pub reason: Option<String>,
    /// How Vietnamese the page's text layer reads, 0–1 (see README, OCR); null without one.
    pub layer_score: Option<f64>,
    /// OCR: mean word confidence, 0–1.
    pub ocr_confidence: Option<f64>,
    /// OCR: the image read ("embedded": the page's own image; "rendered"; "file") and its
    /// resolution in pixels per inch.
    pub image: Option<String>,
    pub dpi: Option<u32>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Restoration {
    pub tokens: u64,
    pub restored: u64,
    pub low_confidence: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// The document type as printed: "KẾ HOẠCH", "NGHỊ QUYẾT", "CÔNG VĂN" for a "V/v" letter.
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    /// NĐ 30/2020 abbreviation of the type: "KH", "NQ", "QĐ"; null where the type has none.
    pub type_code: Option<String>,
    /// The full number and symbol, "181/KH-UBND", "57-NQ/TW"; null when the number is blank.
    pub number: Option<String>,
    /// The symbol without the number: "KH-UBND", "NQ/TW", also for drafts with a blank number.
    pub symbol: Option<String>,
    pub issuer: Issuer,
    pub place: Option<String>,
    /// ISO 8601, partial allowed: "2025-02-25", "2025-06", "2025".
    pub date: Option<String>,
    pub title: Option<String>,
    pub signer: Signer,
    pub recipients: Vec<String>,
    /// Where each metadata value was found, in a fixed field order.
    pub provenance: Vec<Provenance>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Issuer {
    pub name: Option<String>,
    /// The body directly above the issuer ("UBND TỈNH AN GIANG" above "VĂN PHÒNG").
    pub parent: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    /// The first authority prefix: "TM.", "KT.", "Q.", "TL.", "TUQ." (Party: "T/M", "K/T", "T/L").
    pub authority: Option<String>,
    /// What the first authority line signs for: "ỦY BAN NHÂN DÂN" in "TM. ỦY BAN NHÂN DÂN".
    pub on_behalf_of: Option<String>,
    pub position: Option<String>,
    pub name: Option<String>,
    /// Every authority line in order ("TM. ỦY BAN NHÂN DÂN", then "KT. CHỦ TỊCH").
    pub authorities: Vec<Authority>,
    /// A signature note such as "[đã ký]".
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Authority {
    pub authority: String,
    pub on_behalf_of: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Provenance {
    /// "issuer", "number", "date", "place", "type", "title", "signer".
    pub field: String,
    /// "header", "appendix_caption", "issuing_caption", "closing_sentence", "enacting_formula",
    /// "signature".
    pub source: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LegalBasis {
    pub text: String,
    /// Canonical symbols of the documents this basis cites.
    pub refs: Vec<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Canonical form: "57-NQ/TW", "03/NQ-CP", "107/2021/NĐ-CP", "64/2025/QH15".
    pub symbol: String,
    pub type_code: Option<String>,
    pub number: String,
    pub year: Option<u16>,
    pub issuer_code: Option<String>,
    /// ISO date as the text gives it next to the symbol.
    pub date: Option<String>,
    pub mentions: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// "PHỤ LỤC I", or an attached document ("CHƯƠNG TRÌNH HÀNH ĐỘNG … (Kèm theo …)").
    Appendix,
    /// "Phần I", "Phần thứ nhất".
    Part,
    /// "Chương I".
    Chapter,
    /// "Mục 1" (and "Tiểu mục").
    Section,
    /// "Điều 1."
    Article,
    /// "I.", "II-" (Party style).
    Roman,
    /// "A.", "B-" (Party style).
    UpperLetter,
    /// "1.", "1.1.", "2.1-".
    Arabic,
    /// "a)", "đ)".
    Letter,
    /// "- " (also "–", "•").
    Dash,
    /// "+ ".
    Plus,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// "IV", "1", "1.2", "a"; null for dashes, pluses and unnumbered appendices.
    pub label: Option<String>,
    pub kind: SectionKind,
    pub title: Option<String>,
    pub paragraphs: Vec<String>,
    pub children: Vec<Section>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Span {
    pub page: u32,
    pub line_start: u32,
    pub line_end: u32,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bbox: Option<BBox>,
}

impl Span {
    pub fn lines(page: u32, line_start: u32, line_end: u32) -> Span {
        Span {
            page,
            line_start,
            line_end,
            bbox: None,
        }
    }
}

/// A box on a PDF page in points, origin bottom left: [x0, y0, x1, y1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BBox(pub [f32; 4]);

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    /// "7.1" as printed in the TT column.
    pub id: String,
    /// The group row it sits under ("I"), if any.
    pub group: Option<String>,
    /// "2030", "2045" where the group or text states it.
    pub horizon: Option<String>,
    pub name: String,
    pub unit: Option<String>,
    pub target: Target,
    pub owner: AgencyList,
    /// "table" or "prose".
    pub origin: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Target {
    pub raw: String,
    /// ">=", ">", "<=", "<", "=", "range", "text".
    pub op: String,
    pub value: Option<f64>,
    pub max: Option<f64>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AgencyList {
    pub raw: String,
    /// Canonical names, in order, without repeats.
    pub agencies: Vec<String>,
    /// Each agency as printed and how it was resolved.
    pub resolved: Vec<AgencyRef>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgencyRef {
    /// As printed.
    pub text: String,
    /// Canonical name (data/agencies.tsv), or the printed name when the table has none.
    pub name: String,
    /// A group lead such as "Các sở, ban, ngành, địa phương".
    pub collective: bool,
    /// Why the name differs from the text: a merger, a successor named in parentheses.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub group: Option<String>,
    pub number: Option<u32>,
    pub name: String,
    pub lead: AgencyList,
    pub support: AgencyList,
    pub result: Option<RawText>,
    pub deadline: Deadline,
    /// Progress in a tracking table ("Tiến độ", "Kết quả hiện nay"), as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RawText>,
    /// "table" or "prose".
    pub origin: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RawText {
    pub raw: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deadline {
    pub raw: String,
    /// "month", "quarter", "year", "range", "recurring", "conditional", "text".
    pub kind: String,
    pub start: Option<String>,
    pub end: Option<String>,
    /// For a conditional deadline, what it waits for ("Thủ tướng Chính phủ ban hành Quyết định").
    pub condition: Option<String>,
}

/// A table as the document prints it: a ruled grid of a PDF, a Word table, pipe rows of text,
/// or the cells cut from text whose cells follow one another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Table {
    /// The page it starts on.
    pub page: u32,
    /// The short paragraph right above it on the same page ("Biểu mẫu 1: …"), if any.
    pub caption: Option<String>,
    /// What read it: "pdf_rulings", "word", "ocr", "pipe_rows", or "text_cut" (cells cut from
    /// text by their content: a reading, check it).
    pub origin: String,
    /// Rows from the top that are its header (repeated headers further down are in `cells`).
    pub header_rows: u32,
    pub n_rows: u32,
    pub n_cols: u32,
    /// Cells in row order; a merged cell appears once, at its top-left position, with its spans.
    pub cells: Vec<TableCell>,
    /// "tasks" or "indicators" when its rows are in `tasks` or `indicators`; null otherwise.
    pub interpreted_as: Option<String>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TableCell {
    pub row: u32,
    pub col: u32,
    pub row_span: u32,
    pub col_span: u32,
    /// The cell's lines joined, white space collapsed.
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    pub mark: String,
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Warning {
    /// Stable machine-readable code, e.g. "numbering_skip", "symbol_variant".
    pub code: String,
    pub message: String,
    pub span: Option<Span>,
}

impl Warning {
    pub fn new(code: &str, message: impl Into<String>, span: Option<Span>) -> Warning {
        Warning {
            code: code.to_string(),
            message: message.into(),
            span,
        }
    }
}
