//! How Vietnamese a decoded text layer reads, without a lexicon: the share of its words that
//! are possible Vietnamese syllables (spelling, tone marks, case), the share of them that carry
//! Vietnamese marks, and the share of characters no Vietnamese text holds.
//!
//! Three kinds of layer are told apart from a readable one: a broken font map (Ghostscript's
//! "&Ӝ1* HOÀ XÃ", a phone-scan font read as Latin-1 "CØNG HOÀXÃ HØI": letters of other
//! alphabets), an OCR layer made without Vietnamese ("uY BAN NgAN nAN TINH": few words with
//! marks, many impossible spellings), and diacritics stripped ("CONG HOA XA HOI": possible
//! spellings, no marks). Vietnamese running text has marks on about seven syllables in ten.

use crate::restore::lexicon::syllable_shape;
use crate::restore::token::{has_marks, split_tone};
use crate::text::{base_char, fold};

/// Counts over a page's text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Readability {
    /// Words counted: letters only, two or more, acronyms aside.
    pub words: u32,
    /// Words that are possible Vietnamese syllables.
    pub valid: u32,
    /// Valid words with a Vietnamese mark (tone, vowel mark or đ).
    pub marked: u32,
    /// Characters other than white space.
    pub chars: u32,
    /// Characters no Vietnamese text holds (letters of other alphabets, stray symbols).
    pub foreign: u32,
}

/// What a text layer is, as far as its text tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// No characters at all.
    Empty,
    /// Vietnamese with its marks (or too few words to tell, and nothing foreign).
    Readable,
    /// Possible spellings but (almost) no marks: stripped, or OCR'd without Vietnamese.
    WithoutDiacritics,
    /// Characters of other alphabets or impossible spellings: a broken font map or OCR junk.
    Unreadable,
}

/// Fewer counted words than this say nothing about the spelling of a page.
const MIN_WORDS: u32 = 8;
/// Foreign characters above this share: a broken encoding (one per 50 characters).
const MAX_FOREIGN: f32 = 0.02;
// The two shares were set between what clean text and English-model OCR of it give, in pages
// of 300 words of the restorer's training pairs (fixtures/restore/ocr-train, 33 pairs): clean
// text has 98–100 % valid spellings and 77–95 % marked words; its OCR 59–86 % and 3–35 %.
/// Below this share of valid spellings the words are not Vietnamese.
const MIN_VALID: f32 = 0.9;
/// Below this share of marked words the text lost its diacritics.
const MIN_MARKED: f32 = 0.5;

impl Readability {
    /// Measures `text` (a page's words, any white space between them).
    pub fn of(text: &str) -> Readability {
        let mut r = Readability::default();
        r.add(text);
        r
    }

    /// Adds the counts of `text`.
    pub fn add(&mut self, text: &str) {
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            self.chars += 1;
            if !allowed_char(c) {
                self.foreign += 1;
            }
        }
        for chunk in text.split_whitespace() {
            let core = chunk.trim_matches(|c: char| !c.is_alphanumeric());
            // Numbers, symbols ("57-NQ/TW"), codes: no evidence either way.
            if core.chars().count() < 2
                || core.chars().any(|c| c.is_ascii_digit())
                || core.contains(['/', '-', '.', '@', '_'])
            {
                continue;
            }
            if !core.chars().all(char::is_alphabetic) {
                // Letters mixed with symbols ("B¢", "nhi€ém"): an OCR word that lost its marks.
                if core.chars().any(char::is_alphabetic) {
                    self.words += 1;
                }
                continue;
            }
            let valid = is_syllable(core);
            if !valid && is_acronym(core) {
                continue;
            }
            self.words += 1;
            if valid {
                self.valid += 1;
                if has_marks(core) {
                    self.marked += 1;
                }
            }
        }
    }

    /// Counts `n` glyphs that had no text (a font without a Unicode map) as unreadable
    /// characters: the text they stand for is lost from the layer.
    pub fn add_unmapped(&mut self, n: usize) {
        self.chars += n as u32;
        self.foreign += n as u32;
    }

    pub fn valid_share(&self) -> f32 {
        self.valid as f32 / self.words.max(1) as f32
    }

    pub fn marked_share(&self) -> f32 {
        self.marked as f32 / self.words.max(1) as f32
    }

    pub fn foreign_share(&self) -> f32 {
        self.foreign as f32 / self.chars.max(1) as f32
    }

    /// One figure for reports: valid marked words count fully, valid unmarked ones half
    /// (a stripped text scores about 0.5, readable Vietnamese 0.8–0.9, junk near 0).
    pub fn score(&self) -> f32 {
        if self.words == 0 {
            return if self.foreign_share() > MAX_FOREIGN {
                0.0
            } else {
                1.0
            };
        }
        let s = (self.marked as f32 + 0.5 * (self.valid - self.marked) as f32) / self.words as f32;
        s * (1.0 - self.foreign_share()).max(0.0)
    }

    pub fn verdict(&self) -> Verdict {
        if self.chars == 0 {
            return Verdict::Empty;
        }
        if self.foreign_share() > MAX_FOREIGN {
            return Verdict::Unreadable;
        }
        if self.words < MIN_WORDS {
            return Verdict::Readable;
        }
        if self.marked_share() < MIN_MARKED {
            return Verdict::WithoutDiacritics;
        }
        if self.valid_share() < MIN_VALID {
            return Verdict::Unreadable;
        }
        Verdict::Readable
    }
}

/// A letter of the Vietnamese alphabet (with f, j, w, z of loanwords and names), any case.
fn is_vietnamese_letter(c: char) -> bool {
    if c.is_ascii_alphabetic() || c == 'đ' || c == 'Đ' {
        return true;
    }
    let (toneless, _) = split_tone(c);
    matches!(
        toneless.to_lowercase().next().unwrap_or(toneless),
        'a' | 'ă' | 'â' | 'e' | 'ê' | 'i' | 'o' | 'ô' | 'ơ' | 'u' | 'ư' | 'y'
    ) && base_char(c) != c
}

/// Characters Vietnamese documents are written with.
fn allowed_char(c: char) -> bool {
    if c.is_ascii_graphic() || c.is_numeric() || is_vietnamese_letter(c) {
        return true;
    }
    matches!(
        c,
        '“' | '”'
            | '‘'
            | '’'
            | '–'
            | '—'
            | '…'
            | '•'
            | '·'
            | '°'
            | '§'
            | '×'
            | '÷'
            | '≤'
            | '≥'
            | '±'
            | '≈'
            | '«'
            | '»'
            | '№'
            | '‰'
            | '→'
            | '←'
            | '▪'
            | '■'
            | '□'
            | '●'
            | '○'
            | '✓'
            | '√'
            | '€'
            | '\u{a0}'
            | '\u{ad}'
            | '\u{200b}'
            | '\u{feff}'
    )
}

/// Whether a word of letters only could be a written Vietnamese syllable: its letters, one tone
/// mark at most, on a possible spelling (onset, vowels, final), a stop final (p, t, c, ch) only
/// with the sắc or nặng tone, and one case pattern (lower, Capitalized or CAPITALS).
pub fn is_syllable(word: &str) -> bool {
    if !word.chars().all(is_vietnamese_letter) {
        return false;
    }
    let mut chars = word.chars();
    let first = chars.next().unwrap_or(' ');
    let rest_upper = chars.clone().all(|c| !c.is_lowercase());
    let rest_lower = chars.all(|c| !c.is_uppercase());
    if !(rest_lower || (first.is_uppercase() && rest_upper)) {
        return false;
    }
    let mut tone = 0u8;
    for c in word.chars() {
        let (_, t) = split_tone(c);
        if t != 0 {
            if tone != 0 {
                return false;
            }
            tone = t;
        }
    }
    if word.chars().skip(1).any(|c| c == 'đ' || c == 'Đ') {
        return false;
    }
    let folded = fold(word);
    if !syllable_shape(&folded) {
        return false;
    }
    // Tones: 1 huyền, 2 sắc, 3 hỏi, 4 ngã, 5 nặng.
    let stop = folded.ends_with(['p', 't', 'c']) || folded.ends_with("ch");
    !stop || tone == 2 || tone == 5
}

/// Capitals that are no syllable (UBND, HĐND, KH): names of bodies and document types.
fn is_acronym(word: &str) -> bool {
    word.chars().count() <= 6
        && word
            .chars()
            .all(|c| c.is_uppercase() && is_vietnamese_letter(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllables() {
        for w in [
            "cộng", "Hòa", "NGHĨA", "thực", "hiện", "quyết", "gì", "giữ", "Đồng", "ấp", "anh",
            "khuya", "nghiêng", "xã",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "thuc", "viet", "NgAN", "QăP", "hƣớng", "Ӝ", "HQI", "chirc", "thwe", "cáả", "bĐ",
            "LAMDONG", "with",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
    }

    #[test]
    fn kinds_of_layer() {
        let clean = "Ủy ban nhân dân tỉnh Lâm Đồng ban hành Kế hoạch thực hiện Nghị quyết số \
                     57-NQ/TW của Bộ Chính trị về đột phá phát triển khoa học, công nghệ";
        assert_eq!(Readability::of(clean).verdict(), Verdict::Readable);
        let stripped = crate::text::strip_diacritics(clean);
        assert_eq!(
            Readability::of(&stripped).verdict(),
            Verdict::WithoutDiacritics
        );
        // Ghostscript's broken map (from the Lào Cai letter's first lines).
        let gs = "UBND 7ӌ1+ LÀO CAI &Ӝ1* HOÀ XÃ +Ӝ, &+Ӫ 1*+Ƭ$ 9,ӊ7 1$0 6Ӣ &Ð1* 7+ѬѪ1*";
        assert_eq!(Readability::of(gs).verdict(), Verdict::Unreadable);
        // An OCR layer made with the English model.
        let eng = "uY BAN NgAN nAN TINH LAMDONG CONG HOA xA HQI cnu Ncnin vtpr xlrvr \
                   T6 chirc thwe hién Nghi quyét s6 ciia Chinh phi vé sira ddi bo sung";
        assert_ne!(Readability::of(eng).verdict(), Verdict::Readable);
        assert_eq!(Readability::of("").verdict(), Verdict::Empty);
        // A page of figures: nothing against it.
        assert_eq!(
            Readability::of("1 2025 3.450 57-NQ/TW 12,5%").verdict(),
            Verdict::Readable
        );
    }
}
