//! What the letters of a word say, before any lexicon is read: a Vietnamese syllable with its
//! marks, one whose marks were lost, a word no Vietnamese syllable can be (marks no syllable
//! carries: "hién", "quyét", "nhi€ém"), or a word of another shape ("documents", "README").
//!
//! A syllable is onset + nucleus (one to three vowels, with their vowel marks) + coda, with at
//! most one tone; a stop coda (c, ch, p, t) takes only the acute or the dot below. The nuclei
//! are those of the Vietnamese writing system (Đoàn Thiện Thuật, *Ngữ âm tiếng Việt*), with
//! whether they take a coda.

use std::sync::LazyLock;

use unicode_normalization::char::decompose_canonical;

/// What a word is, by its letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// A Vietnamese syllable carrying marks (a tone, a vowel mark or đ).
    Marked,
    /// No marks, and the letters of a Vietnamese syllable: correct ("trong", "cho") or stripped.
    Plain,
    /// Marks that no Vietnamese syllable carries (two tones, a mark on a consonant, a vowel
    /// cluster without its hat): OCR damage, or a word of another language with accents.
    Impossible,
    /// No marks, and letters no Vietnamese syllable has ("documents", "the" is Plain).
    Foreign,
}

// Letter codes: ASCII lowercase letters stand for themselves; the vowels with a vowel mark and
// đ take these (uppercase ASCII, unused otherwise).
const A_BREVE: u8 = b'A'; // ă
const A_HAT: u8 = b'B'; // â
const E_HAT: u8 = b'E'; // ê
const O_HAT: u8 = b'O'; // ô
const O_HORN: u8 = b'P'; // ơ
const U_HORN: u8 = b'U'; // ư
const D_BAR: u8 = b'D'; // đ

/// The code and tone (0 none, 1 grave, 2 acute, 3 hook, 4 tilde, 5 dot) of a Vietnamese letter
/// of the Latin blocks, packed `code | tone << 8`; 0 for any other char. Indexed like
/// `text::base_char`'s table: U+00C0–U+024F, then U+1E00–U+1EFF.
static LETTERS: LazyLock<Vec<u16>> = LazyLock::new(|| {
    (0xC0u32..0x250)
        .chain(0x1E00..0x1F00)
        .map(|u| char::from_u32(u).map_or(0, letter_of))
        .collect()
});

fn letter_of(c: char) -> u16 {
    if c == 'đ' || c == 'Đ' {
        return D_BAR as u16;
    }
    let mut parts = ['\0'; 4];
    let mut n = 0;
    decompose_canonical(c, |d| {
        if n < 4 {
            parts[n] = d;
            n += 1;
        }
    });
    let base = parts[0].to_ascii_lowercase();
    if n < 2 || !base.is_ascii_lowercase() {
        return 0;
    }
    let (mut code, mut tone) = (base as u8, 0u16);
    for &m in &parts[1..n] {
        match (m, code) {
            ('\u{306}', b'a') => code = A_BREVE,
            ('\u{302}', b'a') => code = A_HAT,
            ('\u{302}', b'e') => code = E_HAT,
            ('\u{302}', b'o') => code = O_HAT,
            ('\u{31B}', b'o') => code = O_HORN,
            ('\u{31B}', b'u') => code = U_HORN,
            ('\u{300}', _) if tone == 0 => tone = 1,
            ('\u{301}', _) if tone == 0 => tone = 2,
            ('\u{309}', _) if tone == 0 => tone = 3,
            ('\u{303}', _) if tone == 0 => tone = 4,
            ('\u{323}', _) if tone == 0 => tone = 5,
            _ => return 0,
        }
    }
    if tone > 0 && !is_vowel(code) {
        return 0;
    }
    code as u16 | tone << 8
}

fn is_vowel(c: u8) -> bool {
    matches!(
        c,
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y' | A_BREVE | A_HAT | E_HAT | O_HAT | O_HORN | U_HORN
    )
}

/// The base letter of a code.
fn base(c: u8) -> u8 {
    match c {
        A_BREVE | A_HAT => b'a',
        E_HAT => b'e',
        O_HAT | O_HORN => b'o',
        U_HORN => b'u',
        D_BAR => b'd',
        _ => c,
    }
}

const OPEN: u8 = 1;
const CLOSED: u8 = 2;

/// Whether a nucleus (letter codes) exists without a coda (OPEN), with one (CLOSED); 0: never.
fn nucleus(n: &[u8]) -> u8 {
    const BOTH: u8 = OPEN | CLOSED;
    match n {
        b"a" | b"e" | b"E" | b"i" | b"o" | b"O" | b"P" | b"u" | b"U" | b"y" => BOTH,
        b"oa" | b"oe" | b"uE" | b"uy" | b"UP" => BOTH,
        b"A" | b"B" | b"iE" | b"yE" | b"uO" | b"oA" | b"uB" | b"oo" | b"uyE" => CLOSED,
        b"ai" | b"ao" | b"au" | b"ay" | b"Bu" | b"By" | b"eo" | b"Eu" | b"ia" | b"iu" | b"oi"
        | b"Oi" | b"Pi" | b"ua" | b"ui" | b"uP" | b"Ua" | b"Ui" | b"Uu" => OPEN,
        b"oai" | b"oay" | b"oao" | b"oeo" | b"uBy" | b"uOi" | b"UPi" | b"UPu" | b"iEu" | b"yEu"
        | b"uya" | b"uyu" => OPEN,
        _ => 0,
    }
}

/// `nucleus` for letters whose marks may have been lost: the nuclei with these base letters.
fn plain_nucleus(n: &[u8]) -> u8 {
    match n {
        b"a" | b"e" | b"i" | b"o" | b"oa" | b"oe" | b"u" | b"ua" | b"ue" | b"uo" | b"uy" | b"y" => {
            OPEN | CLOSED
        }
        b"ie" | b"oo" | b"uye" | b"ye" => CLOSED,
        b"ai" | b"ao" | b"au" | b"ay" | b"eo" | b"eu" | b"ia" | b"ieu" | b"iu" | b"oai"
        | b"oao" | b"oay" | b"oeo" | b"oi" | b"uay" | b"ui" | b"uoi" | b"uou" | b"uu" | b"uya"
        | b"uyu" | b"yeu" => OPEN,
        _ => 0,
    }
}

/// The shape of a word: its letters only (callers pass the core of a token, no digits or
/// punctuation; anything else is Foreign or Impossible).
pub fn shape(word: &str) -> Shape {
    letters_shape(word).unwrap_or_else(|| {
        if word.chars().any(|c| !c.is_ascii() && c.is_alphabetic()) {
            Shape::Impossible
        } else {
            Shape::Foreign
        }
    })
}

/// The shape of a word of Latin letters; `None` when some char is not one (a digit, a mark of
/// punctuation, OCR junk, another script).
pub fn letters_shape(word: &str) -> Option<Shape> {
    let bytes = word.as_bytes();
    if bytes.is_ascii() {
        // (most words without marks: no table)
        if !bytes.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        if bytes.len() > 12 {
            return Some(Shape::Foreign);
        }
        let mut codes = [0u8; 12];
        for (c, b) in codes.iter_mut().zip(bytes) {
            *c = b.to_ascii_lowercase();
        }
        return Some(if valid_plain(&codes[..bytes.len()]) {
            Shape::Plain
        } else {
            Shape::Foreign
        });
    }
    let table = &*LETTERS;
    let mut codes = [0u8; 12];
    let mut n = 0;
    let mut tones = 0;
    let mut tone = 0u16;
    // a Latin letter with marks no Vietnamese letter has ("ç", "ñ", "ï")
    let mut alien = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (code, t) = if b < 0x80 {
            i += 1;
            if !b.is_ascii_alphabetic() {
                return None;
            }
            (b.to_ascii_lowercase(), 0)
        } else {
            // the Vietnamese letters are two bytes (U+00C0–U+01B0) or three (U+1EA0–U+1EF9)
            let (u, len) = match b {
                0xc3..=0xc8 => (((b as u32 & 0x1f) << 6) | (bytes[i + 1] as u32 & 0x3f), 2),
                0xe1 => (
                    ((b as u32 & 0x0f) << 12)
                        | ((bytes[i + 1] as u32 & 0x3f) << 6)
                        | (bytes[i + 2] as u32 & 0x3f),
                    3,
                ),
                _ => {
                    let c = word[i..].chars().next().unwrap_or(' ');
                    (c as u32, c.len_utf8())
                }
            };
            i += len;
            let c = char::from_u32(u).unwrap_or(' ');
            let packed = if (0xC0..0x250).contains(&u) {
                table[(u - 0xC0) as usize]
            } else if (0x1E00..0x1F00).contains(&u) {
                table[(0x250 - 0xC0 + u - 0x1E00) as usize]
            } else {
                0
            };
            if packed == 0 {
                if !super::token::is_latin_letter(c) {
                    return None;
                }
                alien = true;
                continue;
            }
            ((packed & 0xff) as u8, packed >> 8)
        };
        if t > 0 {
            tones += 1;
            tone = t;
        }
        if n < codes.len() {
            codes[n] = code;
        }
        n += 1;
    }
    // (the word has a non-ASCII letter: marked, or alien)
    let marked = true;
    if alien || n > codes.len() {
        return Some(Shape::Impossible);
    }
    let codes = &codes[..n];
    if tones > 1 {
        return Some(Shape::Impossible);
    }
    let valid = if marked {
        valid_marked(codes, tone)
    } else {
        valid_plain(codes)
    };
    if !valid && marked && tones == 0 && n >= 2 && !has_lowercase(word) {
        // capitals with a vowel mark or Đ but no tone: an abbreviation ("NĐ", "HĐND", "LPƯNC")
        return Some(Shape::Foreign);
    }
    Some(match (valid, marked) {
        (true, true) => Shape::Marked,
        (true, false) => Shape::Plain,
        (false, true) => Shape::Impossible,
        (false, false) => Shape::Foreign,
    })
}

fn has_lowercase(word: &str) -> bool {
    word.chars().any(|c| c.is_lowercase())
}

/// The length of the onset at the start of letter codes: ngh, ng, nh, ch, gh, gi, kh, ph, qu,
/// th, tr, a single consonant, or none.
fn onset_len(c: &[u8]) -> usize {
    match c {
        [b'n', b'g', b'h', ..] => 3,
        [b'n', b'g' | b'h', ..]
        | [b'c' | b'g' | b'k' | b'p' | b't', b'h', ..]
        | [b'g', b'i', ..]
        | [b'q', b'u', ..]
        | [b't', b'r', ..] => 2,
        [D_BAR | b'b' | b'c' | b'd' | b'g' | b'h' | b'k' | b'l' | b'm' | b'n' | b'p' | b'r'
        | b's' | b't' | b'v' | b'x', ..] => 1,
        _ => 0,
    }
}

/// Splits letter codes into onset, nucleus and coda (`None`: no vowel after the onset, or a
/// mark where none can be). "gi" before a vowel and "qu" are onsets ("giữ", "quốc"); "gìn" is
/// g + i + n.
fn split(codes: &[u8]) -> Option<(&[u8], &[u8], &[u8])> {
    let mut k = onset_len(codes);
    if codes.starts_with(b"gi") && !codes.get(2).is_some_and(|&c| is_vowel(c)) {
        k = 1; // "gìn" = g + i + n
    }
    let (onset, rest) = codes.split_at(k);
    let nv = rest.iter().take_while(|&&c| is_vowel(c)).count();
    if nv == 0 || nv > 3 {
        return None;
    }
    let (nucl, coda) = rest.split_at(nv);
    Some((onset, nucl, coda))
}

/// The codas of Vietnamese ("k" too: the names of the Central Highlands, "Đắk Lắk").
fn coda_ok(coda: &[u8], last_vowel: u8) -> bool {
    match coda {
        b"" | b"c" | b"m" | b"n" | b"ng" | b"p" | b"t" | b"k" => true,
        // ch and nh follow a, ê, i, y only ("ách", "ếch", "ích", "oanh", "huých")
        b"ch" | b"nh" => matches!(last_vowel, b'a' | b'e' | E_HAT | b'i' | b'y'),
        _ => false,
    }
}

fn valid_marked(codes: &[u8], tone: u16) -> bool {
    let Some((onset, nucl, coda)) = split(codes) else {
        return false;
    };
    if onset
        .iter()
        .chain(coda)
        .any(|&c| c != D_BAR && !c.is_ascii_lowercase())
    {
        return false;
    }
    if codes[1..].contains(&D_BAR) {
        return false;
    }
    let flags = nucleus(nucl);
    let last = *nucl.last().unwrap_or(&0);
    let stop = matches!(coda, b"c" | b"ch" | b"p" | b"t" | b"k");
    coda_ok(coda, last)
        && flags & if coda.is_empty() { OPEN } else { CLOSED } != 0
        && (!stop || tone == 2 || tone == 5)
}

fn valid_plain(codes: &[u8]) -> bool {
    let Some((_, nucl, coda)) = split(codes) else {
        return false;
    };
    let mut b = [0u8; 3];
    for (x, &c) in b.iter_mut().zip(nucl) {
        *x = base(c);
    }
    let flags = plain_nucleus(&b[..nucl.len()]);
    coda_ok(coda, *nucl.last().unwrap_or(&0))
        && flags & if coda.is_empty() { OPEN } else { CLOSED } != 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_syllables() {
        for w in [
            "người", "nghiêng", "khuyến", "quốc", "quyết", "giữ", "giếng", "gìn", "gì", "hòa",
            "hoà", "khỏe", "thủy", "rượu", "khuỷu", "ngoẹo", "Đắk", "Lắk", "ĐỒNG", "Ủy", "ơn",
            "ăn", "ấy", "thuở", "huých", "tuổi", "nhiều", "yêu",
        ] {
            assert_eq!(shape(w), Shape::Marked, "{w}");
        }
        for w in [
            "trong", "cho", "theo", "Hai", "xoong", "oanh", "khuya", "nhieu", "nguoi", "quyet",
            "UBND",
        ] {
            let want = if w == "UBND" {
                Shape::Foreign
            } else {
                Shape::Plain
            };
            assert_eq!(shape(w), want, "{w}");
        }
    }

    #[test]
    fn impossible_and_foreign() {
        // marks OCR puts where no syllable has them
        for w in ["hién", "quyét", "cáć", "ñam", "àá", "câc", "đđ", "naïve"] {
            assert_eq!(shape(w), Shape::Impossible, "{w}");
        }
        for w in [
            "documents",
            "README",
            "input",
            "every",
            "strength",
            "q",
            "NĐ",
            "HĐND",
        ] {
            assert_eq!(shape(w), Shape::Foreign, "{w}");
        }
    }
}
