//! Tokens of a line as the restorer sees them, the tone-placement convention, and case transfer.
//!
//! A line is split on white space into chunks; each chunk loses its leading and trailing
//! punctuation and what is left (the core) is classified. Only `Word` and `Mixed` cores can ever
//! be changed; everything else (numbers, dates, document symbols, URLs, acronyms) is kept as is.

use std::borrow::Cow;

use crate::text::base_char;
use unicode_normalization::char::{compose, decompose_canonical};
use unicode_normalization::UnicodeNormalization;

/// What the core of a chunk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Latin letters only (with or without Vietnamese marks).
    Word,
    /// Digits (with `.`/`,` inside): "2025", "1.000".
    Num,
    /// A document symbol, date or code: has `/` or `-` inside, or digits and letters with `/`.
    Symbol,
    /// Letters mixed with digits or OCR junk ("s6", "B¢", "nhi€ém"): damaged words, or codes.
    Mixed,
    /// Anything else: URLs, e-mail addresses, non-Latin script.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// Byte range of the core in the line.
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Punctuation right before the core (in the same chunk): NONE, COMMA or BREAK.
    pub before: u8,
    /// Punctuation right after the core (in the same chunk): NONE, COMMA or BREAK.
    pub after: u8,
}

/// No punctuation.
pub const NONE: u8 = 0;
/// Punctuation the model reads as a token: `,` `;` `:` and a dash standing alone.
pub const COMMA: u8 = 1;
/// Punctuation that ends the model's context: `.` `(` `“` and all else.
pub const BREAK: u8 = 2;

/// The class of a run of punctuation.
pub fn punct_class(p: &str) -> u8 {
    if p.is_empty() {
        NONE
    } else if p.chars().all(|c| matches!(c, ',' | ';' | ':' | '-' | '–')) {
        COMMA
    } else {
        BREAK
    }
}

/// Symbols OCR engines without Vietnamese put in place of marked letters ("B¢" = Bộ,
/// "nhi€ém" = nhiệm). Inside a chunk they count as part of the word.
pub fn is_junk_letter(c: char) -> bool {
    matches!(
        c,
        '¢' | '€' | '£' | '¥' | '©' | '®' | '§' | '&' | '@' | '°' | 'ø' | 'ß' | '¬' | '|' | '$'
    )
}

pub fn is_core_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || is_junk_letter(c)
    } else {
        is_latin_letter(c) || c.is_alphanumeric() || is_junk_letter(c)
    }
}

/// A Vietnamese (Latin) letter: its base is an ASCII letter.
pub fn is_latin_letter(c: char) -> bool {
    // (a char whose base is an ASCII letter is a letter: checked for every char in text.rs)
    base_char(c).is_ascii_alphabetic()
}

/// Splits a line into tokens. Never fails; tokens are in order and do not overlap.
pub fn tokenize(line: &str) -> Vec<Token> {
    line.split_whitespace()
        .map(|chunk| chunk_token(chunk, chunk.as_ptr() as usize - line.as_ptr() as usize))
        .collect()
}

/// `tokenize`, with the words joined by punctuation cut apart (`pieces`): the tokens
/// restoration reads.
pub fn tokenize_pieces(line: &str) -> Vec<Token> {
    line.split_whitespace()
        .flat_map(pieces)
        .map(|piece| chunk_token(piece, piece.as_ptr() as usize - line.as_ptr() as usize))
        .collect()
}

/// The pieces of a chunk (a run of non-white-space) that are read as words of their own:
/// words joined by punctuation whose space was lost ("quanh.Điều", "1.Pháp", "a)Được",
/// "bộ,hạnh", "hóa-Thông", "đồng/tháng") are cut after the punctuation, each piece keeping
/// its own (so the line's spacing is kept as written). A cut needs a letter or digit before
/// the punctuation and a letter after it; after `.` `!` `?` `…` a capital ("v.v", "gov.vn",
/// "2021.doc" stay whole); a lone `-` or `/` only between words of two letters or more, the
/// first with a small letter, in a chunk without digits ("57-NQ/TW", "HIV/AIDS", "e-mail"
/// stay whole). URLs and e-mail addresses are never cut, nor words with an apostrophe
/// ("don't").
pub fn pieces(chunk: &str) -> Pieces<'_> {
    Pieces { rest: chunk }
}

/// The iterator of `pieces`.
pub struct Pieces<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let cut = next_cut(self.rest).unwrap_or(self.rest.len());
        let (piece, rest) = self.rest.split_at(cut);
        self.rest = rest;
        Some(piece)
    }
}

/// Punctuation that may join two words whose space was lost.
fn joins_words(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '('
            | ')'
            | '['
            | ']'
            | '"'
            | '“'
            | '”'
            | '!'
            | '?'
            | '…'
            | '-'
            | '–'
            | '/'
    )
}

/// The byte offset in `s` where its first piece ends, if `s` is cut (see `pieces`).
fn next_cut(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    // most chunks are a word with punctuation at its ends at most (0xe2 leads the
    // punctuation of U+2000–U+2FFF: “ ” … –)
    let inner = |x: &u8| (*x < 0x80 && !x.is_ascii_alphanumeric()) || *x == 0xe2;
    let first_core = b.iter().position(|x| !inner(x))?;
    let last_core = b.iter().rposition(|x| !inner(x))?;
    if !b[first_core..last_core].iter().any(inner)
        || s.contains("://")
        || s.contains('@')
        || s.starts_with("www.")
    {
        return None;
    }
    let digits = b.iter().any(u8::is_ascii_digit);
    let mut prev: Option<char> = None; // the last core char before the current run
    let mut run_start = None;
    for (i, c) in s.char_indices() {
        if is_core_char(c) {
            if let (Some(p), Some(rs)) = (prev, run_start) {
                if cut_between(&s[..rs], p, &s[rs..i], &s[i..], digits) {
                    return Some(i);
                }
            }
            prev = Some(c);
            run_start = None;
        } else if prev.is_some() && run_start.is_none() {
            run_start = Some(i);
        }
    }
    None
}

/// Whether `run` (punctuation) joins two words: `left` is the piece before it (ending with
/// `last`), `right` the rest of the chunk after it.
fn cut_between(left: &str, last: char, run: &str, right: &str, digits: bool) -> bool {
    let Some(next) = right.chars().next() else {
        return false;
    };
    if !last.is_alphanumeric() || !is_latin_letter(next) || !run.chars().all(joins_words) {
        return false;
    }
    if run.contains(['-', '–', '/']) {
        let letters = |w: &str| w.chars().take_while(|c| is_latin_letter(*c)).count();
        let left_word = left
            .rsplit(|c: char| !is_latin_letter(c))
            .next()
            .unwrap_or("");
        return run.chars().count() == 1
            && !digits
            && left_word.chars().count() >= 2
            && left_word.chars().any(char::is_lowercase)
            && letters(right) >= 2;
    }
    if run.contains(['.', '!', '?', '…']) {
        return next.is_uppercase();
    }
    true
}

/// The token of one chunk of a line (a run of non-white-space starting at byte `at`): its
/// core, without the punctuation around it, or the punctuation standing alone (an empty token
/// carrying its class).
pub fn chunk_token(chunk: &str, at: usize) -> Token {
    let Some(lead) = chunk.find(is_core_char) else {
        return Token {
            start: at,
            end: at,
            kind: Kind::Other,
            before: punct_class(chunk),
            after: NONE,
        };
    };
    let trail = chunk
        .char_indices()
        .rev()
        .find(|&(_, c)| is_core_char(c))
        .map(|(k, c)| k + c.len_utf8())
        .unwrap_or(chunk.len());
    let core = &chunk[lead..trail];
    Token {
        start: at + lead,
        end: at + trail,
        kind: classify(core),
        before: punct_class(&chunk[..lead]),
        after: punct_class(&chunk[trail..]),
    }
}

/// Classifies the core of a chunk.
pub fn classify(core: &str) -> Kind {
    let mut letters = 0usize;
    let mut digits = 0usize;
    let mut junk = 0usize;
    let mut slash_dash = 0usize;
    let mut other = 0usize;
    for c in core.chars() {
        if is_latin_letter(c) {
            letters += 1;
        } else if c.is_ascii_digit() {
            digits += 1;
        } else if c == '/' || c == '-' || c == '–' {
            slash_dash += 1;
        } else if is_junk_letter(c) {
            junk += 1;
        } else if c == '.' || c == ',' {
            if letters > 0 {
                other += 1;
            }
        } else {
            other += 1;
        }
    }
    if core.contains("://")
        || core.starts_with("www.")
        || (core.contains('@') && core.contains('.'))
    {
        return Kind::Other;
    }
    if other > 0 {
        return Kind::Other;
    }
    if slash_dash > 0 {
        return Kind::Symbol;
    }
    if letters == 0 {
        return if digits > 0 && junk == 0 {
            Kind::Num
        } else {
            Kind::Other
        };
    }
    if digits == 0 && junk == 0 {
        Kind::Word
    } else {
        Kind::Mixed
    }
}

// --- tone marks ---------------------------------------------------------------------------

/// The five tone marks as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{309}', '\u{303}', '\u{323}'];

/// A letter split into its letter without tone mark and its tone (0 = none, 1..=5).
pub fn split_tone(c: char) -> (char, u8) {
    if c.is_ascii() {
        return (c, 0);
    }
    let mut parts: [char; 4] = ['\0'; 4];
    let mut n = 0;
    decompose_canonical(c, |d| {
        if n < 4 {
            parts[n] = d;
            n += 1;
        }
    });
    let mut tone = 0u8;
    let mut base = parts[0];
    for &p in &parts[1..n] {
        if let Some(k) = TONES.iter().position(|&t| t == p) {
            tone = k as u8 + 1;
        } else {
            base = compose(base, p).unwrap_or(base);
        }
    }
    if tone == 0 {
        (c, 0)
    } else {
        (base, tone)
    }
}

/// `c` (without tone) with tone `tone` (0 = none).
pub fn with_tone(c: char, tone: u8) -> char {
    if tone == 0 {
        return c;
    }
    let mut buf = [0u8; 8];
    let s: &str = c.encode_utf8(&mut buf);
    let mut t = String::with_capacity(8);
    t.push_str(s);
    t.push(TONES[(tone - 1) as usize]);
    let composed: String = t.nfc().collect();
    let mut it = composed.chars();
    match (it.next(), it.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// True when the word carries any Vietnamese mark (tone or vowel mark, or đ).
pub fn has_marks(s: &str) -> bool {
    s.chars().any(|c| !c.is_ascii() && base_char(c) != c)
}

/// The tone-placement convention used throughout: the "old" style, in which a syllable ending in
/// the open rhymes oa, oe, uy carries its tone on the first vowel ("hòa", "khỏe", "thủy"), as the
/// corpus mostly does (hòa 193 : hoà 18, thủy 79 : thuỷ 3). Syllables with a final consonant
/// are the same in both styles ("hoàn", "thuyết"), and "qu" is an onset ("quý").
/// Returns `None` when the syllable is already in that style.
pub fn to_convention(syl: &str) -> Option<String> {
    let chars: Vec<char> = syl.chars().collect();
    let n = chars.len();
    if n < 2 {
        return None;
    }
    let (a, ta) = split_tone(chars[n - 2]);
    let (b, tb) = split_tone(chars[n - 1]);
    if ta != 0 || tb == 0 {
        return None;
    }
    let la = a.to_lowercase().next().unwrap_or(a);
    let lb = b.to_lowercase().next().unwrap_or(b);
    let pair_ok = matches!((la, lb), ('o', 'a') | ('o', 'e') | ('u', 'y'));
    if !pair_ok {
        return None;
    }
    if la == 'u' && n >= 3 && matches!(chars[n - 3], 'q' | 'Q') {
        return None;
    }
    if la == 'o' && n >= 3 && matches!(chars[n - 3], 'q' | 'Q') {
        return None;
    }
    let mut out: Vec<char> = chars[..n - 2].to_vec();
    out.push(with_tone(a, tb));
    out.push(b);
    Some(out.into_iter().collect())
}

/// Lowercases one word, char by char (Vietnamese letters lowercase to one char).
pub fn lower(s: &str) -> String {
    s.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// Case pattern of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Case {
    Lower,
    Title,
    Upper,
}

pub fn case_of(s: &str) -> Case {
    let mut upper = 0;
    let mut letters = 0;
    let mut first_upper = None;
    for c in s.chars().filter(|&c| crate::text::is_letter(c)) {
        letters += 1;
        if c.is_uppercase() {
            upper += 1;
        }
        if first_upper.is_none() {
            first_upper = Some(c.is_uppercase());
        }
    }
    if letters >= 2 && upper * 2 > letters {
        Case::Upper
    } else if first_upper == Some(true) {
        Case::Title
    } else {
        Case::Lower
    }
}

/// `word` (lowercase) spelled in the case pattern of `like`: lower, Title or ALL CAPS (a word
/// mostly in capitals, as OCR prints "PiCH" for "ĐÍCH", counts as ALL CAPS).
pub fn apply_case(word: &str, like: &str) -> String {
    apply_case_of(word, case_of(like)).into_owned()
}

/// `word` (lowercase) spelled in `case` (lowercase: `word` itself, not a copy).
pub fn apply_case_of(word: &str, case: Case) -> Cow<'_, str> {
    match case {
        Case::Lower => Cow::Borrowed(word),
        Case::Upper => word
            .chars()
            .map(|c| c.to_uppercase().next().unwrap_or(c))
            .collect(),
        Case::Title => {
            let mut it = word.chars();
            match it.next() {
                Some(f) => f.to_uppercase().chain(it).collect(),
                None => Cow::Borrowed(""),
            }
        }
    }
}

/// The word tokens of a text in the tone convention: what restoration figures compare
/// (data/LEXICON.md), so that "hoà" against "hòa" is no error.
pub fn convention_words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        for t in tokenize(line) {
            if t.start < t.end {
                let w = &line[t.start..t.end];
                out.push(to_convention(w).unwrap_or_else(|| w.to_string()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_kinds() {
        let line = "Nghị quyết số 57-NQ/TW ngày 22/12/2024, “thực hiện” B¢ x3 UBND www.a.vn";
        let toks = tokenize(line);
        let cores: Vec<(&str, Kind)> = toks
            .iter()
            .map(|t| (&line[t.start..t.end], t.kind))
            .collect();
        assert_eq!(
            cores,
            vec![
                ("Nghị", Kind::Word),
                ("quyết", Kind::Word),
                ("số", Kind::Word),
                ("57-NQ/TW", Kind::Symbol),
                ("ngày", Kind::Word),
                ("22/12/2024", Kind::Symbol),
                ("thực", Kind::Word),
                ("hiện", Kind::Word),
                ("B¢", Kind::Mixed),
                ("x3", Kind::Mixed),
                ("UBND", Kind::Word),
                ("www.a.vn", Kind::Other),
            ]
        );
        assert_eq!(toks[5].after, COMMA);
        assert_eq!(toks[6].before, BREAK);
    }

    #[test]
    fn words_joined_by_punctuation_are_cut_apart() {
        fn cut(chunk: &str) -> Vec<&str> {
            pieces(chunk).collect()
        }
        assert_eq!(cut("quanh.Điều"), ["quanh.", "Điều"]);
        assert_eq!(cut("1.Phap"), ["1.", "Phap"]);
        assert_eq!(cut("(a)Duoc"), ["(a)", "Duoc"]);
        assert_eq!(cut("cong.(Dieu"), ["cong.(", "Dieu"]);
        assert_eq!(cut("bo,hanh,"), ["bo,", "hanh,"]);
        assert_eq!(cut("hoa-Thong"), ["hoa-", "Thong"]);
        assert_eq!(cut("dong/thang"), ["dong/", "thang"]);
        assert_eq!(cut("“Phap”"), ["“Phap”"]);
        // codes, names, file names, URLs, English
        for whole in [
            "57-NQ/TW",
            "ND-CP",
            "HIV/AIDS",
            "e-mail",
            "v.v.",
            "gov.vn",
            "2021.doc",
            "https://a.vn/X.Y",
            "www.Abc.Vn",
            "a.b@c.Vn",
            "don't",
            "1.000",
            "km/h",
        ] {
            assert_eq!(cut(whole), [whole], "{whole}");
        }
        assert_eq!(cut(""), Vec::<&str>::new());
    }

    #[test]
    fn tone_convention() {
        assert_eq!(to_convention("hoà").as_deref(), Some("hòa"));
        assert_eq!(to_convention("thuỷ").as_deref(), Some("thủy"));
        assert_eq!(to_convention("KHOẺ").as_deref(), Some("KHỎE"));
        assert_eq!(to_convention("hòa"), None);
        assert_eq!(to_convention("quý"), None);
        assert_eq!(to_convention("hoàn"), None);
        assert_eq!(split_tone('ộ'), ('ô', 5));
        assert_eq!(with_tone('ô', 5), 'ộ');
    }

    #[test]
    fn case_transfer() {
        assert_eq!(apply_case("kế", "KE"), "KẾ");
        assert_eq!(apply_case("của", "Ciia"), "Của");
        assert_eq!(apply_case("đích", "PiCH"), "ĐÍCH");
        assert_eq!(apply_case("hoạch", "hoach"), "hoạch");
    }
}
