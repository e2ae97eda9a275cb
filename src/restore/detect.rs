//! Whether a document may need restoring, read from its letters alone, before any lexicon is
//! opened: most documents are correct Vietnamese and pass through untouched at the cost of one
//! scan of their words.
//!
//! Per line, each word is read by `syllable::shape`: a syllable with its marks, one without
//! marks (correct, or stripped), a word no syllable can be (OCR damage: "hién", "nhi€ém"), or
//! a word of another shape. A document is restored as a whole when, over the document, the
//! unmarked syllables outnumber the marked ones, or impossible words are frequent; otherwise
//! only its lines that are plainly stripped (no marked word, three or more that could have lost
//! theirs, more than words of other shapes) or wrecked (impossible words, at least two and as
//! many as marked ones) are. Correct Vietnamese carries marks on about seven syllables in
//! eight, and an impossible word in a thousand (glued words, "kilôgam"); stripped text carries
//! none, and tesseract's English model prints an impossible word in eight.

use super::syllable::{letters_shape, shape, Shape};
use super::token::{self, Kind};

/// What the words of a text say about its marks.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Evidence {
    /// Word tokens: letters, or letters mixed with digits or junk (what restoration counts).
    pub tokens: u64,
    /// Syllables with marks.
    pub marked: u64,
    /// Words without marks that have the letters of a syllable.
    pub plain: u64,
    /// Words with marks no syllable carries, and letters mixed with OCR junk ("B¢").
    pub impossible: u64,
    /// Words of no Vietnamese shape.
    pub foreign: u64,
    /// Words ending in a file name's extension or a domain's ("phu_luc.doc", "gov.vn").
    pub file_names: u64,
}

impl Evidence {
    fn add(&mut self, o: &Evidence) {
        self.tokens += o.tokens;
        self.marked += o.marked;
        self.plain += o.plain;
        self.impossible += o.impossible;
        self.foreign += o.foreign;
        self.file_names += o.file_names;
    }

    /// A line that looks stripped of its marks.
    /// (A line naming a file, "Phu luc kem theo Thong tu so 11.doc", is a name: it stays as
    /// written in a correct document.)
    fn stripped_line(&self) -> bool {
        self.marked == 0 && self.plain >= 3 && self.plain > self.foreign && self.file_names == 0
    }

    /// A line that looks wrecked by OCR: impossible words, as many as correct marked ones.
    fn wrecked_line(&self) -> bool {
        self.impossible >= 2 && self.impossible >= self.marked
    }

    /// Text stripped of its marks, or OCR output that lost most of them: the unmarked syllables
    /// outnumber the marked ones (in correct text they are one in seven: at most one in five
    /// in every document of the legal corpus; tesseract's English model leaves them five in
    /// six), and the words of no Vietnamese shape (in a text of another language, its short
    /// words that happen to spell a syllable — "to", "an", "man" — are fewer than its others).
    fn stripped_doc(&self) -> bool {
        self.plain >= 2 && self.plain > self.marked && self.plain > self.foreign
    }

    /// OCR output with misplaced marks: impossible words are one in sixteen or more (correct
    /// legal text: at most one in thirty, glued words and loanwords; tesseract's English
    /// model: one in eleven to one in five).
    fn damaged_doc(&self) -> bool {
        self.impossible >= 3 && self.impossible * 16 >= self.tokens
    }
}

/// The evidence of one line.
pub fn line_evidence(line: &str) -> Evidence {
    let b = line.as_bytes();
    let mut e = Evidence::default();
    let mut i = 0;
    // chunks as `str::split_whitespace` cuts them
    while i < b.len() {
        let w = white_space(b, i);
        if w > 0 {
            i += w;
            continue;
        }
        let start = i;
        // (a char of U+2000–U+2FFF, where `token::pieces` may cut, is noted on the way)
        let mut has_e2 = false;
        while i < b.len() {
            let x = b[i];
            // (most bytes can start no white space: one test)
            if x > b' ' && !matches!(x, 0xc2 | 0xe1..=0xe3) {
                i += 1;
                continue;
            }
            if white_space(b, i) > 0 {
                break;
            }
            has_e2 |= x == 0xe2;
            i += 1;
        }
        let chunk = &line[start..i];
        match letters_only_shape(chunk, has_e2) {
            Some(shape) => e.add_word(chunk, shape),
            // (words joined by punctuation, "quanh.Điều", are read apart as restoration reads
            // them)
            None => token::pieces(chunk).for_each(|piece| e.add_chunk(piece)),
        }
    }
    e
}

/// The shape of a chunk made of letters only, most chunks of any text: one piece, its own
/// core, no file name, so `add_chunk` would read it as this word. `None` for any other chunk
/// (and for one holding a char of U+2000–U+2FFF, where `token::pieces` may cut: `has_e2`, the
/// chunk holds the byte 0xe2 that starts them).
#[inline]
fn letters_only_shape(chunk: &str, has_e2: bool) -> Option<Shape> {
    if has_e2 {
        return None;
    }
    letters_shape(chunk)
}

/// The length of the white space (`char::is_whitespace`) starting at byte `i` of UTF-8 text,
/// 0 if none: decided from the bytes, without decoding the chars around it.
#[inline]
fn white_space(b: &[u8], i: usize) -> usize {
    let at = |k: usize| b.get(i + k).copied().unwrap_or(0);
    match b[i] {
        b' ' | 0x09..=0x0d => 1,
        // U+0085, U+00A0
        0xc2 if matches!(at(1), 0x85 | 0xa0) => 2,
        // U+1680
        0xe1 if at(1) == 0x9a && at(2) == 0x80 => 3,
        // U+2000–U+200A, U+2028, U+2029, U+202F, U+205F
        0xe2 if at(1) == 0x80 && matches!(at(2), 0x80..=0x8a | 0xa8 | 0xa9 | 0xaf) => 3,
        0xe2 if at(1) == 0x81 && at(2) == 0x9f => 3,
        // U+3000
        0xe3 if at(1) == 0x80 && at(2) == 0x80 => 3,
        _ => 0,
    }
}

impl Evidence {
    /// Counts one chunk (a run of non-white-space): its core, without the punctuation around
    /// it, read as `token::chunk_token` reads it.
    fn add_chunk(&mut self, chunk: &str) {
        let core = trim_core(chunk);
        if core.is_empty() {
            return;
        }
        if file_name(core) {
            self.file_names += 1;
        }
        // (most cores are letters only: read once, as `token::classify` would call them Word)
        let shape = match letters_shape(core) {
            Some(s) => s,
            None => match token::classify(core) {
                Kind::Word => shape(core),
                Kind::Mixed => {
                    self.tokens += 1;
                    if alternatives(core) {
                        self.foreign += 1;
                        return;
                    }
                    // (OCR junk for a letter: "B¢", "nhi€ém"; but "KH&CN", "R&D" are names,
                    // "FILE|DIR" a choice)
                    let name = !core.chars().any(char::is_lowercase);
                    if core
                        .chars()
                        .any(|c| token::is_junk_letter(c) && !(matches!(c, '&' | '|') && name))
                    {
                        self.impossible += 1;
                    }
                    return;
                }
                _ => return,
            },
        };
        self.add_word(core, shape);
    }

    /// Counts one word of `shape`.
    fn add_word(&mut self, core: &str, shape: Shape) {
        self.tokens += 1;
        // (a single letter is a label: "điểm a", "khoản đ")
        let single = core.len() == 1 || (core.len() <= 4 && core.chars().nth(1).is_none());
        if single {
            return;
        }
        match shape {
            Shape::Marked => self.marked += 1,
            Shape::Plain => self.plain += 1,
            Shape::Impossible => self.impossible += 1,
            Shape::Foreign => self.foreign += 1,
        }
    }
}

/// A word of a file name: one ending in a file's or a domain's extension (a letter or digit, a
/// dot, then two to four small ASCII letters: "2021.doc", "gov.vn"; not "Nam.Điều", "v.v",
/// "TP.HCM"), or words joined by an underscore ("Quy che_Thuc hien").
fn file_name(core: &str) -> bool {
    // (searched as bytes: most words hold neither, and this runs on every word of every text)
    let b = core.as_bytes();
    let extension = b.iter().rposition(|&c| c == b'.').is_some_and(|dot| {
        let (stem, ext) = (&core[..dot], &b[dot + 1..]);
        (2..=4).contains(&ext.len())
            && ext.iter().all(u8::is_ascii_lowercase)
            && stem.chars().next_back().is_some_and(char::is_alphanumeric)
    });
    let joined = b.contains(&b'_')
        && core
            .split('_')
            .all(|w| w.chars().next().is_some_and(char::is_alphanumeric));
    extension || joined
}

/// Extensions of the files a document names ("Phu luc so 3_Tieu chi binh chon.doc": the
/// attachments of a legal-code page), not of domains: a line of prose may end in one ("xem tại
/// www.angiang.gov.vn").
const DOCUMENT_EXTENSIONS: &[&str] = &[
    "doc", "docx", "xls", "xlsx", "pdf", "rtf", "odt", "ods", "ppt", "pptx", "zip", "rar", "txt",
];

/// A line naming a file: its last word ends in a document's extension. A file name is an
/// identifier, written as the file is named, and mostly without marks: in the legal-code
/// corpus, 16 460 of the 18 398 words of such lines are unmarked (2 411 lines of the pages
/// of `corpus-extra/` outside the test set).
pub(crate) fn names_a_file(line: &str) -> bool {
    let Some(last) = line.split_whitespace().next_back().map(trim_core) else {
        return false;
    };
    file_name(last)
        && last
            .rsplit_once('.')
            .is_some_and(|(_, ext)| DOCUMENT_EXTENSIONS.contains(&ext))
}

/// Words of two letters or more joined by bars ("json|csv|md"): a choice written in a
/// command's syntax. Tesseract's bar stands for one letter ("|à", "ho|"), leaving a piece of
/// one letter or none.
fn alternatives(core: &str) -> bool {
    core.is_ascii()
        && core.contains('|')
        && core
            .split('|')
            .all(|piece| piece.len() >= 2 && piece.bytes().all(|b| b.is_ascii_alphabetic()))
}

/// A chunk without the punctuation at its ends (`token::is_core_char`), ASCII ends tested as
/// bytes.
#[inline]
fn trim_core(chunk: &str) -> &str {
    let core_byte = |c: u8| c.is_ascii_alphanumeric() || token::is_junk_letter(c as char);
    let b = chunk.as_bytes();
    let mut s = 0;
    while s < b.len() {
        if b[s] < 0x80 {
            if core_byte(b[s]) {
                break;
            }
            s += 1;
        } else {
            let c = chunk[s..].chars().next().unwrap_or(' ');
            if token::is_core_char(c) {
                break;
            }
            s += c.len_utf8();
        }
    }
    let mut e = b.len();
    while e > s {
        if b[e - 1] < 0x80 {
            if core_byte(b[e - 1]) {
                break;
            }
            e -= 1;
        } else {
            let c = chunk[s..e].chars().next_back().unwrap_or(' ');
            if token::is_core_char(c) {
                break;
            }
            e -= c.len_utf8();
        }
    }
    &chunk[s..e]
}

/// What auto mode restores in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing: correct Vietnamese (or another language).
    Nothing,
    /// These lines only (indexes, ascending): plainly stripped or wrecked lines in a document
    /// that is otherwise correct.
    Lines(Vec<usize>),
    /// The document is stripped of its marks or OCR output: every line is considered.
    Document,
}

/// What auto mode restores in `lines`, and the word tokens counted (what restoration reports).
pub fn assess(lines: &[&str]) -> (Verdict, u64) {
    let mut total = Evidence::default();
    let mut candidates = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let e = line_evidence(line);
        if e.stripped_line() || e.wrecked_line() {
            candidates.push(i);
        }
        total.add(&e);
    }
    let verdict = if total.stripped_doc() || total.damaged_doc() {
        Verdict::Document
    } else if candidates.is_empty() {
        Verdict::Nothing
    } else {
        Verdict::Lines(candidates)
    };
    (verdict, total.tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_needs_nothing() {
        let lines = [
            "KẾ HOẠCH",
            "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
            "- Hai chiến sĩ khiêng hoa đi trước;",
            "Than đá khác",
            "Every input is converted; see README.md (https://example.com).",
        ];
        assert_eq!(assess(&lines), (Verdict::Nothing, 27));
    }

    #[test]
    fn chunks_and_cores_as_the_tokenizer_cuts_them() {
        for line in [
            "  a\u{a0}b\u{2003}c  d\te\u{3000}f\u{85}g\u{1680}h\u{2029}i\u{205f}j",
            "“Nghị quyết”  số\u{202f}57-NQ/TW, (ủy ban) …",
            "ổ ứ ệ \u{1ea0}",
            "quanh.Điều 1.Phap a)Duoc bo,hanh www.a.vn",
            "",
            "   ",
        ] {
            let mut e = Evidence::default();
            let mut n = 0;
            for chunk in line.split_whitespace().flat_map(token::pieces) {
                e.add_chunk(chunk);
                let t = token::chunk_token(chunk, 0);
                n += matches!(t.kind, Kind::Word | Kind::Mixed) as u64;
                assert_eq!(trim_core(chunk), &chunk[t.start..t.end], "{chunk:?}");
            }
            assert_eq!(line_evidence(line), e, "{line:?}");
            assert_eq!(e.tokens, n, "{line:?}");
        }
    }

    #[test]
    fn file_names_read_from_bytes_as_from_chars() {
        // the reading of `file_name` before it searched bytes
        let by_chars = |core: &str| {
            let extension = core.rsplit_once('.').is_some_and(|(stem, ext)| {
                (2..=4).contains(&ext.len())
                    && ext.bytes().all(|b| b.is_ascii_lowercase())
                    && stem.chars().next_back().is_some_and(char::is_alphanumeric)
            });
            let joined = core.split('_').count() > 1
                && core
                    .split('_')
                    .all(|w| w.chars().next().is_some_and(char::is_alphanumeric));
            extension || joined
        };
        for core in [
            "2021.doc",
            "gov.vn",
            "Nam.Điều",
            "v.v",
            "TP.HCM",
            "11.docx",
            "a.b.pdf",
            "x.",
            ".vn",
            "đ.vn",
            "ả.com",
            "Quy_che",
            "che_Thuc",
            "_x",
            "x_",
            "a__b",
            "ý_kiến",
            "trong",
            "quyết",
            "",
            ".",
            "_",
            "file.tar.gz",
            "x.vnn5",
        ] {
            assert_eq!(file_name(core), by_chars(core), "{core:?}");
        }
    }

    #[test]
    fn another_language_is_not_stripped_vietnamese() {
        // short English words spell syllables ("to", "an", "the", "man"), fewer than the others
        let lines = [
            "vanban man [-o DIR] writes the manual pages to a folder.",
            "Convert an input to the format you ask for, one document at a time.",
            "See the design notes in the repository for the schema of the output.",
            "vanban convert <INPUT|->... [-o FILE|DIR] [--format json|jsonl|csv|md|text]",
        ];
        assert_eq!(assess(&lines).0, Verdict::Nothing);
    }

    #[test]
    fn lines_naming_a_file() {
        for line in [
            "Phu luc so 3_Tieu chi binh chon san pham cong nghiep nong thon tieu bieu.doc",
            "Mau so 01.docx",
            "Giay chung nhan_nhan vien bao ve.doc;",
        ] {
            assert!(names_a_file(line), "{line:?}");
        }
        for line in [
            "Xem tai lieu tai www.angiang.gov.vn",
            "Gui ve dia chi vanthu@angiang.gov.vn",
            "Phu luc so 3 kem theo Thong tu nay",
            "Mau so 01.Dieu 5",
            "",
        ] {
            assert!(!names_a_file(line), "{line:?}");
        }
    }

    #[test]
    fn stripped_and_ocr_text_may() {
        assert_eq!(
            assess(&["Thuc hien Nghi quyet so 57-NQ/TW"]).0,
            Verdict::Document
        );
        // a stripped line in a clean document
        let lines = [
            "Căn cứ Luật Tổ chức chính quyền địa phương",
            "Mau so don de nghi",
            "Căn cứ Luật Ngân sách nhà nước",
        ];
        assert_eq!(assess(&lines).0, Verdict::Lines(vec![1]));
        // but a file name is a name
        let lines = [
            "Căn cứ Luật Tổ chức chính quyền địa phương",
            "Phu luc kem theo Thong tu so 11-2016-TT-BNN da sua doi nam 2021.doc",
            "Quy che_Thuc hien nep song van minh trong viec cuoi",
            "Xem tai lieu tai www.angiang.gov.vn",
            "Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015;",
            "Căn cứ Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư;",
            "Theo đề nghị của Giám đốc Sở Nông nghiệp và Phát triển nông thôn.",
        ];
        assert_eq!(assess(&lines).0, Verdict::Nothing);
        // tesseract's English model on Vietnamese
        assert_eq!(
            assess(&["Trién khai thwe hién nhiém vu B¢ Tai chinh"]).0,
            Verdict::Document
        );
    }
}
