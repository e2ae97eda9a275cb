//! The serde types of the JSON contract (schema_version "1", see `schemas/vanban.schema.json`).
//!
//! Field names are English snake_case; values keep the document's own Vietnamese text. Every
//! normalized value sits beside the `raw` text it came from. Field order here is the order in the
//! output, so keep it stable: other tools diff our JSON byte for byte.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The version of the JSON contract this build writes.
pub const SCHEMA_VERSION: &str = "1";

/// One converted document: what `vanban convert` writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(transform = fields_added_later)]
pub struct Document {
    /// Always `SCHEMA_VERSION` ("1").
    #[schemars(extend("const" = "1"))]
    pub schema_version: String,
    /// The input: its path, checksum, format, encoding, pages and restoration.
    pub source: Source,
    /// Metadata of the document: type, number, issuer, place, date, title, signer, recipients.
    pub document: DocumentInfo,
    /// The "Căn cứ …", "Thực hiện …", "Theo đề nghị …" paragraphs with the symbols they cite.
    pub legal_bases: Vec<LegalBasis>,
    /// Every document symbol cited, once each, in canonical form.
    pub references: Vec<Reference>,
    /// Body paragraphs between the title (or legal bases) and the first heading, such as the
    /// enacting formula "Ủy ban nhân dân tỉnh … ban hành Kế hoạch … như sau:".
    pub preamble: Vec<String>,
    /// The section tree, in document order.
    pub sections: Vec<Section>,
    /// Closing paragraphs after the last section ("Trên đây là Kế hoạch …").
    pub closing: Vec<String>,
    /// Indicators (targets) from tables and prose.
    pub indicators: Vec<Indicator>,
    /// Tasks from tables and prose.
    pub tasks: Vec<Task>,
    /// Every table of the document as read, cell by cell, whether or not it holds tasks or
    /// indicators (scoring and statistics tables too). Added after schema_version 1 was first
    /// published: absent in older output.
    #[serde(default)]
    pub tables: Vec<Table>,
    /// Footnotes, lifted out of the paragraph they interrupt.
    pub footnotes: Vec<Footnote>,
    /// Anomalies met while reading: nothing is dropped, each is said here.
    pub warnings: Vec<Warning>,
}

/// Fields added to schema_version "1" after it was published: always written, but a document
/// written before may lack them, so the schema does not require them.
const ADDED_LATER: [&str; 2] = ["tables", "signatures"];

fn fields_added_later(schema: &mut schemars::Schema) {
    if let Some(serde_json::Value::Array(required)) = schema.get_mut("required") {
        required.retain(|f| !ADDED_LATER.iter().any(|a| f == a));
    }
}

/// The kind of input a document was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    /// Plain text (UTF-8, UTF-16 or a legacy Vietnamese encoding).
    Text,
    /// A PDF, read from its content streams (or its OCR text layer).
    Pdf,
    /// Word 2007+ (`.docx`), read directly.
    Docx,
    /// Word 97–2003 (`.doc`), converted to `.docx` by LibreOffice, then read.
    Doc,
    /// Rich Text Format, converted to `.docx` by LibreOffice, then read.
    Rtf,
    /// A page image (PNG, JPEG, TIFF), read by OCR.
    Image,
}

/// Where a document came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Source {
    /// The input's path as given (`<stdin>` for standard input).
    pub path: String,
    /// SHA-256 of the input's bytes, lowercase hex.
    #[schemars(regex(pattern = r"^[0-9a-f]{64}$"))]
    pub sha256: String,
    /// The input's format, told from its bytes.
    pub format: Format,
    /// "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "tcvn3", "vni", "cp1258", "pdf"; for Word
    /// input "utf-8", or the legacy encodings of the runs decoded ("tcvn3", "vni", "tcvn3+vni").
    pub encoding: String,
    /// Pages: form feeds + 1 in text, the page count of a PDF; for Word, as Word last laid it
    /// out (1 where the file does not say).
    #[schemars(range(min = 1))]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PageDetail {
    /// 1-based.
    pub page: u32,
    /// Where the page's text came from.
    pub text: PageText,
    /// Why the page was OCR'd, or why it has no text; null when its text layer was used as it
    /// is.
    pub reason: Option<PageReason>,
    /// How Vietnamese the page's text layer reads, 0–1 (valid marked syllables count fully,
    /// valid unmarked ones half); null without a layer.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub layer_score: Option<f64>,
    /// OCR: Tesseract's mean word confidence, 0–1.
    #[schemars(range(min = 0.0, max = 1.0))]
    pub ocr_confidence: Option<f64>,
    /// OCR: the image read.
    pub image: Option<PageImageKind>,
    /// OCR: the image's resolution in pixels per inch.
    pub dpi: Option<u32>,
}

/// Why a page was OCR'd, or has no text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum PageReason {
    /// No text on the page, but images.
    NoText,
    /// A scan whose only text is an overlay (a signature stamp, an e-office line).
    StampOnly,
    /// The text layer is not Vietnamese: a broken font map, or OCR junk.
    UnreadableLayer,
    /// A scan's text layer without Vietnamese diacritics (OCR'd without Vietnamese).
    LayerWithoutDiacritics,
    /// `--ocr always`.
    Forced,
    /// OCR was tried and failed (see the warnings).
    OcrFailed,
    /// The page needed OCR but it is off (`--ocr never`).
    OcrOff,
    /// The page needed OCR but Tesseract is not installed.
    OcrUnavailable,
}

/// The image OCR read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PageImageKind {
    /// The page's own image, decoded from the PDF at its native resolution.
    Embedded,
    /// The page rendered (pdftoppm).
    Rendered,
    /// An image file given as input.
    File,
}

/// What diacritic restoration did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Restoration {
    /// Word tokens restoration saw.
    pub tokens: u64,
    /// Tokens it changed.
    pub restored: u64,
    /// Tokens it changed with a confidence below the threshold.
    pub low_confidence: u64,
}

/// A document's metadata, from its header, closing and attachments.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[schemars(transform = fields_added_later)]
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
    /// The issuing body and the body above it.
    pub issuer: Issuer,
    /// The place in the date line ("An Giang" in "An Giang, ngày …").
    pub place: Option<String>,
    /// ISO 8601, partial allowed: "2025-02-25", "2025-06", "2025".
    #[schemars(regex(pattern = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"))]
    pub date: Option<String>,
    /// The title (the summary under the type: "Triển khai thực hiện …").
    pub title: Option<String>,
    /// Who signs, and for whom.
    pub signer: Signer,
    /// The "Nơi nhận" list, one entry per recipient.
    pub recipients: Vec<String>,
    /// Who signed the file and when: its digital signatures (the PDF's signature fields, read
    /// from their certificates) and the signature stamps printed on its pages that none of them
    /// accounts for, in that order. Added after schema_version 1 was first published: absent in
    /// older output.
    #[serde(default)]
    pub signatures: Vec<Signature>,
    /// Where each metadata value was found, in a fixed field order.
    pub provenance: Vec<Provenance>,
}

/// The issuing body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Issuer {
    /// Its name as printed (or canonical, where the header is missing).
    pub name: Option<String>,
    /// The body directly above the issuer ("UBND TỈNH AN GIANG" above "VĂN PHÒNG").
    pub parent: Option<String>,
}

/// The signature block.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Signer {
    /// The first authority prefix: "TM.", "KT.", "Q.", "TL.", "TUQ." (Party: "T/M", "K/T", "T/L").
    pub authority: Option<String>,
    /// What the first authority line signs for: "ỦY BAN NHÂN DÂN" in "TM. ỦY BAN NHÂN DÂN".
    pub on_behalf_of: Option<String>,
    /// The signer's position ("CHỦ TỊCH", "PHÓ GIÁM ĐỐC").
    pub position: Option<String>,
    /// Another office of the signer printed under the position: a steering committee's "PHÓ
    /// TRƯỞNG BAN" signs as "PHÓ CHỦ TỊCH UBND TỈNH" too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_position: Option<String>,
    /// The signer's name.
    pub name: Option<String>,
    /// Every authority line in order ("TM. ỦY BAN NHÂN DÂN", then "KT. CHỦ TỊCH").
    pub authorities: Vec<Authority>,
    /// A signature note such as "[đã ký]".
    pub note: Option<String>,
    /// A rank of the army or the police printed before the name ("Thiếu tướng").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<String>,
}

/// One signature of the document: a digital signature of the file, or a signature stamp's text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Signature {
    /// The signer, a person or a body ("Phùng Tô Long", "SỞ NỘI VỤ"): the certificate's common
    /// name, or the stamp's "Ký bởi".
    pub signed_by: Option<String>,
    /// The signer's organisation ("VĂN PHÒNG, ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI").
    pub organization: Option<String>,
    /// The signer's e-mail address.
    pub email: Option<String>,
    /// When it was signed, ISO 8601 with the offset where known: "2024-11-06T09:27:05+07:00".
    pub time: Option<String>,
    /// "certificate" (a digital signature of the file) or "stamp" (the text of a signature
    /// stamp on a page).
    #[schemars(extend("enum" = ["certificate", "stamp"]))]
    pub source: String,
    /// Where a stamp stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

/// One authority line of the signature ("KT. CHỦ TỊCH").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Authority {
    /// The prefix: "TM.", "KT.", "Q.", "TL.", "TUQ." (Party: "T/M", "K/T", "T/L").
    pub authority: String,
    /// What it signs for ("ỦY BAN NHÂN DÂN", "CHỦ TỊCH").
    pub on_behalf_of: String,
}

/// Where one metadata value was found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Provenance {
    /// "issuer", "number", "date", "place", "type", "title", "signer".
    #[schemars(extend("enum" = ["issuer", "number", "date", "place", "type", "title", "signer"]))]
    pub field: String,
    /// "header", "appendix_caption", "issuing_caption", "closing_sentence", "enacting_formula",
    /// "signature", "signature_stamp" (an e-office stamp's number and day), "title" (a web
    /// copy's title line).
    #[schemars(extend("enum" = ["header", "appendix_caption", "issuing_caption", "closing_sentence", "enacting_formula", "signature", "signature_stamp", "title"]))]
    pub source: String,
    /// The lines it was read from.
    pub span: Span,
}

/// One legal basis paragraph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LegalBasis {
    /// The paragraph as printed.
    pub text: String,
    /// Canonical symbols of the documents this basis cites.
    pub refs: Vec<String>,
    /// Where it is.
    pub span: Span,
}

/// A document symbol the text cites.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Reference {
    /// Canonical form: "57-NQ/TW", "03/NQ-CP", "107/2021/NĐ-CP", "64/2025/QH15".
    pub symbol: String,
    /// The type's abbreviation in the symbol ("NQ", "NĐ", "QĐ"), if any.
    pub type_code: Option<String>,
    /// The number part ("57", "03", "107").
    pub number: String,
    /// The year in the symbol or next to it.
    pub year: Option<u16>,
    /// The issuer's code in the symbol ("TW", "CP", "UBND").
    pub issuer_code: Option<String>,
    /// ISO date as the text gives it next to the symbol.
    #[schemars(regex(pattern = r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"))]
    pub date: Option<String>,
    /// How many times the text cites it.
    #[schemars(range(min = 1))]
    pub mentions: u32,
}

/// How a section is numbered, which fixes its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
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

/// One section of the tree: a heading, its text, its sub-sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Section {
    /// "IV", "1", "1.2", "a"; null for dashes, pluses and unnumbered appendices.
    pub label: Option<String>,
    /// How it is numbered.
    pub kind: SectionKind,
    /// The heading's text after the number, if any (bullets and lettered items often have none: their text is in `paragraphs`).
    pub title: Option<String>,
    /// The text of the section before its first child, a paragraph per entry.
    pub paragraphs: Vec<String>,
    /// Sub-sections, in order.
    pub children: Vec<Section>,
    /// Where it is: its first line to its last.
    pub span: Span,
}

/// Where something is in the source. For Word input (docx, doc, rtf) lines are paragraphs:
/// `line_start`/`line_end` count every paragraph of the document in order (table cells and text
/// boxes included), and `page` is the page Word last rendered it on where the file records its
/// page breaks and they add up to Word's page count (1 otherwise).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Span {
    /// 1-based page (page 1 for text without form feeds).
    #[schemars(range(min = 1))]
    pub page: u32,
    /// First line: 1-based line number in a text, line order on a PDF page.
    #[schemars(range(min = 1))]
    pub line_start: u32,
    /// Last line, likewise.
    #[schemars(range(min = 1))]
    pub line_end: u32,
    /// For PDF, the box on the page.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bbox: Option<BBox>,
    /// Word input: the table holding the whole span (1-based, in document order, layout tables
    /// such as the header and the closing included).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(range(min = 1))]
    pub table: Option<u32>,
    /// Word input: the row of that table holding the whole span (1-based).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(range(min = 1))]
    pub row: Option<u32>,
    /// Word input: the grid column (1-based) of the cell holding the whole span.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    #[schemars(range(min = 1))]
    pub cell: Option<u32>,
}

impl Span {
    /// A span of lines without a box.
    pub fn lines(page: u32, line_start: u32, line_end: u32) -> Span {
        Span {
            page,
            line_start,
            line_end,
            bbox: None,
            table: None,
            row: None,
            cell: None,
        }
    }
}

impl Document {
    /// Calls `f` on every span of the document (metadata provenance, bases, sections,
    /// indicators, tasks, tables, footnotes, warnings).
    pub fn for_each_span(&mut self, mut f: impl FnMut(&mut Span)) {
        fn sections(list: &mut [Section], f: &mut impl FnMut(&mut Span)) {
            for s in list {
                f(&mut s.span);
                sections(&mut s.children, f);
            }
        }
        self.document
            .provenance
            .iter_mut()
            .for_each(|p| f(&mut p.span));
        self.legal_bases.iter_mut().for_each(|b| f(&mut b.span));
        sections(&mut self.sections, &mut f);
        self.indicators.iter_mut().for_each(|i| f(&mut i.span));
        self.tasks.iter_mut().for_each(|t| f(&mut t.span));
        self.tables.iter_mut().for_each(|t| f(&mut t.span));
        self.footnotes.iter_mut().for_each(|n| f(&mut n.span));
        self.warnings
            .iter_mut()
            .filter_map(|w| w.span.as_mut())
            .for_each(f);
    }
}

/// A box on a PDF page in points, origin bottom left: [x0, y0, x1, y1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct BBox(pub [f32; 4]);

/// An indicator: a measurable target ("Tỷ lệ … đạt ≥ 80%").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Indicator {
    /// "7.1" as printed in the TT column.
    pub id: String,
    /// The group row it sits under ("I"), if any.
    pub group: Option<String>,
    /// "2030", "2045" where the group or text states it.
    pub horizon: Option<String>,
    /// What is measured, as printed.
    pub name: String,
    /// The unit column or phrase ("%", "% GRDP", "Người/vạn dân").
    pub unit: Option<String>,
    /// The target, as printed and normalized.
    pub target: Target,
    /// The agencies in charge of it.
    pub owner: AgencyList,
    /// "table" or "prose".
    #[schemars(extend("enum" = ["table", "prose"]))]
    pub origin: String,
    /// Where it is.
    pub span: Span,
}

/// A target value: the printed text beside its reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Target {
    /// As printed ("≥ 80", "> 0,7", "16 - 18").
    pub raw: String,
    /// ">=", ">", "<=", "<", "=", "range", "text".
    #[schemars(extend("enum" = [">=", ">", "<=", "<", "=", "range", "text"]))]
    pub op: String,
    /// The number (the lower bound of a range).
    pub value: Option<f64>,
    /// The upper bound of a range.
    pub max: Option<f64>,
    /// A target that is not a number ("Tiên tiến, hiện đại").
    pub text: Option<String>,
}

/// A list of agencies as printed, and read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AgencyList {
    /// The cell or phrase as printed.
    pub raw: String,
    /// Canonical names, in order, without repeats.
    pub agencies: Vec<String>,
    /// Each agency as printed and how it was resolved.
    pub resolved: Vec<AgencyRef>,
}

/// One agency of a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
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

/// A task: what to do, who leads and supports, by when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Task {
    /// The group row it sits under ("I"), if any.
    pub group: Option<String>,
    /// Its number in the table or list, if printed.
    pub number: Option<u32>,
    /// What to do, as printed.
    pub name: String,
    /// The lead agencies ("Cơ quan chủ trì").
    pub lead: AgencyList,
    /// The supporting agencies ("Cơ quan phối hợp").
    pub support: AgencyList,
    /// The expected product ("Sản phẩm", "Kết quả"), where a column gives it.
    pub result: Option<RawText>,
    /// By when ("Thời gian hoàn thành"), as printed and read.
    pub deadline: Deadline,
    /// Progress in a tracking table ("Tiến độ", "Kết quả hiện nay"), as printed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RawText>,
    /// "table" or "prose".
    #[schemars(extend("enum" = ["table", "prose"]))]
    pub origin: String,
    /// Where it is.
    pub span: Span,
}

/// Text as printed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RawText {
    /// The text.
    pub raw: String,
}

/// A deadline: the printed text beside its reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Deadline {
    /// As printed ("6/2025", "Quý II/2025", "Thường xuyên").
    pub raw: String,
    /// "month", "quarter", "year", "range", "recurring", "conditional", "text".
    #[schemars(extend("enum" = ["month", "quarter", "year", "range", "recurring", "conditional", "text"]))]
    pub kind: String,
    /// Its start, ISO (partial allowed), where it has one.
    pub start: Option<String>,
    /// Its end, ISO (partial allowed): the date by which it is due.
    pub end: Option<String>,
    /// For a conditional deadline, what it waits for ("Thủ tướng Chính phủ ban hành Quyết định").
    pub condition: Option<String>,
}

/// A table as the document prints it: a ruled grid of a PDF, a Word table, pipe rows of text,
/// or the cells cut from text whose cells follow one another.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Table {
    /// The page it starts on.
    #[schemars(range(min = 1))]
    pub page: u32,
    /// The short paragraph right above it on the same page ("Biểu mẫu 1: …"), if any.
    pub caption: Option<String>,
    /// What read it: "pdf_rulings", "word", "ocr", "pipe_rows", or "text_cut" (cells cut from
    /// text by their content: a reading, check it).
    #[schemars(extend("enum" = ["pdf_rulings", "word", "ocr", "pipe_rows", "text_cut"]))]
    pub origin: String,
    /// Rows from the top that are its header (repeated headers further down are in `cells`).
    pub header_rows: u32,
    /// Rows, the header's included.
    pub n_rows: u32,
    /// Columns.
    pub n_cols: u32,
    /// Cells in row order; a merged cell appears once, at its top-left position, with its spans.
    pub cells: Vec<TableCell>,
    /// "tasks" or "indicators" when its rows are in `tasks` or `indicators`; null otherwise.
    #[schemars(extend("enum" = ["tasks", "indicators", null]))]
    pub interpreted_as: Option<String>,
    /// Where it is.
    pub span: Span,
}

/// One cell of a table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TableCell {
    /// Its row, from 0.
    pub row: u32,
    /// Its column, from 0.
    pub col: u32,
    /// Rows it covers (1 unless merged).
    #[schemars(range(min = 1))]
    pub row_span: u32,
    /// Columns it covers (1 unless merged).
    #[schemars(range(min = 1))]
    pub col_span: u32,
    /// The cell's lines joined, white space collapsed.
    pub text: String,
}

/// A footnote.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Footnote {
    /// Its mark as printed ("1", "*").
    pub mark: String,
    /// Its text.
    pub text: String,
    /// Where it is.
    pub span: Span,
}

/// An anomaly: the content stays in the output; this says what was odd.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Warning {
    /// Stable machine-readable code, e.g. "numbering_skip", "symbol_variant".
    #[schemars(regex(pattern = r"^[a-z_]+$"))]
    pub code: String,
    /// What was odd, in words.
    pub message: String,
    /// Where, when it has a place.
    pub span: Option<Span>,
}

impl Warning {
    /// A warning with its code, message and place.
    pub fn new(code: &str, message: impl Into<String>, span: Option<Span>) -> Warning {
        Warning {
            code: code.to_string(),
            message: message.into(),
            span,
        }
    }
}
