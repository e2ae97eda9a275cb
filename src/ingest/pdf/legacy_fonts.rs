//! Fonts that draw pre-Unicode Vietnamese bytes (TCVN3, VNI) whatever their name says: a .doc
//! set in .VnTime printed to PDF through a substitute font, or a subset font renamed
//! ("ABCDEF+Arial"), keeps the legacy bytes and a Unicode mapping that reads them as Latin-1
//! ("NghÞ ®Þnh" for "Nghị định"). Fonts named as legacy ones are decoded at load; the others are
//! judged here by all the text they show in the document: where every character maps back to a
//! byte and those bytes read as Vietnamese in a legacy encoding far better than the text reads
//! as it is, the font's glyphs are decoded again through that encoding.

use super::interp::{Interpreter, PageContent, PlacedGlyph};
use crate::ingest::legacy::{self, LegacyEncoding};
use std::collections::HashMap;

/// Text judged per font, at most.
const SAMPLE: usize = 64 * 1024;

/// The legacy encoding of each font (by id) whose text reads as one.
pub fn detect(pages: &[PageContent], interp: &Interpreter) -> HashMap<u32, LegacyEncoding> {
    // Each font's text, a space where its glyphs stand apart (words are often placed, not
    // spaced).
    let mut texts: HashMap<u32, (String, Option<(f32, f32)>)> = HashMap::new();
    for p in pages {
        for g in &p.glyphs {
            let Some(font) = interp.font_by_id(g.font) else {
                continue;
            };
            if font.legacy.is_some() || font.is_composite() {
                continue;
            }
            let (t, last) = texts.entry(g.font).or_default();
            if t.len() >= SAMPLE {
                continue;
            }
            if last.is_some_and(|end| stands_apart(end, g)) {
                t.push(' ');
            }
            t.push_str(p.glyph_text(g));
            *last = Some((g.x1, g.base));
        }
    }
    let mut out = HashMap::new();
    for (font, (text, _)) in texts {
        if let Some(enc) = judge(&text) {
            out.insert(font, enc);
        }
    }
    out
}

/// Whether glyph `g` stands apart from the one before it, which ended at `(x1, baseline)`: a
/// gap wider than a thin space, or another line (words are often placed, not spaced).
fn stands_apart((x1, base): (f32, f32), g: &PlacedGlyph) -> bool {
    g.x0 - x1 > 0.15 * g.size || (g.base - base).abs() > 0.3 * g.size
}

/// The byte a character of a legacy font's text stands for (white space of any width as a
/// space).
fn byte_of(c: char) -> Option<u8> {
    legacy::byte_of_char(c).or_else(|| c.is_whitespace().then_some(b' '))
}

/// The legacy encoding `text` (a font's text as its mapping reads it) is in, if any.
fn judge(text: &str) -> Option<LegacyEncoding> {
    let bytes: Option<Vec<u8>> = text.chars().map(byte_of).collect();
    let bytes = bytes?;
    let enc = legacy::detect_legacy(&bytes)?;
    let (good, bad) = legacy::plausibility(&legacy::decode(enc, &bytes));
    let (good0, bad0) = legacy::plausibility(text);
    (good as i64 - 3 * bad as i64 > good0 as i64 - 3 * bad0 as i64).then_some(enc)
}

/// Decodes again, in place, the text of the glyphs drawn with the fonts of `fonts`.
pub fn redecode(page: &mut PageContent, fonts: &HashMap<u32, LegacyEncoding>) {
    if fonts.is_empty() || !page.glyphs.iter().any(|g| fonts.contains_key(&g.font)) {
        return;
    }
    let old = std::mem::take(&mut page.text);
    let mut text = String::with_capacity(old.len());
    for g in &mut page.glyphs {
        let t = &old[g.start as usize..g.end as usize];
        let start = text.len() as u32;
        match fonts.get(&g.font) {
            Some(&enc) => {
                for c in t.chars() {
                    match byte_of(c) {
                        Some(b) => legacy::push_byte(enc, b, &mut text),
                        None => text.push(c),
                    }
                }
            }
            None => text.push_str(t),
        }
        g.start = start;
        g.end = text.len() as u32;
    }
    page.text = text;
    restore_capitals(page, fonts);
}

/// TCVN3 has capitals only for Ă Â Ê Ô Ơ Ư Đ: a word in capitals is set in a capitals font
/// (.VnTimeH) whose lowercase codes draw capitals. Once that font's name is lost, such a word
/// reads "QUYếT ĐịNH"; a word whose letters are capitals except for accented lowercase ones
/// (which TCVN3 could not encode as capitals) is put back in capitals. Uppercasing a Vietnamese
/// letter keeps its UTF-8 length, so the glyphs' offsets stay valid.
fn restore_capitals(page: &mut PageContent, fonts: &HashMap<u32, LegacyEncoding>) {
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut last: Option<(f32, f32)> = None;
    for g in &page.glyphs {
        let in_tcvn3 = fonts.get(&g.font) == Some(&LegacyEncoding::Tcvn3);
        let joined = last.is_some_and(|end| !stands_apart(end, g));
        let (start, end) = (g.start as usize, g.end as usize);
        match words.last_mut() {
            Some(w) if joined && in_tcvn3 && w.1 == start => w.1 = end,
            _ if in_tcvn3 => words.push((start, end)),
            _ => {}
        }
        last = in_tcvn3.then_some((g.x1, g.base));
    }
    for (start, end) in words {
        let text = &page.text[start..end];
        let mut fixes: Vec<(usize, String)> = Vec::new();
        for word in text.split(|c: char| !c.is_alphabetic()) {
            if !is_capitals_word(word) {
                continue;
            }
            let upper = word.to_uppercase();
            if upper.len() == word.len() {
                fixes.push((
                    start + (word.as_ptr() as usize - text.as_ptr() as usize),
                    upper,
                ));
            }
        }
        for (at, upper) in fixes {
            page.text.replace_range(at..at + upper.len(), &upper);
        }
    }
}

/// "QUYếT", "ĐịNH": at least two capitals, no plain lowercase letter, some accented lowercase.
fn is_capitals_word(word: &str) -> bool {
    let capitals = word.chars().filter(|c| c.is_uppercase()).count();
    let plain_lower = word.chars().any(|c| c.is_ascii_lowercase());
    let accented_lower = word.chars().any(|c| c.is_lowercase() && !c.is_ascii());
    capitals >= 2 && !plain_lower && accented_lower
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_words_of_a_lost_capitals_font() {
        assert!(is_capitals_word("QUYếT"));
        assert!(is_capitals_word("ĐịNH"));
        assert!(is_capitals_word("THàNH"));
        assert!(!is_capitals_word("Quyết"));
        assert!(!is_capitals_word("ủy"));
        assert!(!is_capitals_word("Đà"));
        assert!(!is_capitals_word("QUYẾT"));
    }

    #[test]
    fn latin1_reading_of_tcvn3_is_told() {
        // "Nghị định của Chính phủ số 29 … Căn cứ Luật Tổ chức Chính phủ ngày 30 tháng 9 năm
        // 1992", as a .VnTime text printed through a Latin-1 font, "ư" as U+2212.
        let t = "NghÞ ®Þnh cña ChÝnh phñ sè 29/1998/N§-CP ngµy 11 th¸ng 5 n¨m 1998 C¨n cø LuËt Tæ chøc ChÝnh phñ Th\u{2212}êng vô";
        assert_eq!(judge(t), Some(LegacyEncoding::Tcvn3));
        // Vietnamese already, and French: left alone.
        assert_eq!(judge("Nghị định của Chính phủ"), None);
        assert_eq!(judge("Tôi có sách và bút mới, ông bà đã về nhà"), None);
        assert_eq!(judge("Le café de la gare à côté de l'église"), None);
    }
}
