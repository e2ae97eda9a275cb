//! Fonts that draw pre-Unicode Vietnamese bytes (TCVN3, VNI) whatever their name says: a .doc
//! set in .VnTime printed to PDF through a substitute font, or a subset font renamed
//! ("ABCDEF+Arial"), keeps the legacy bytes and a Unicode mapping that reads them as Latin-1
//! ("NghÞ ®Þnh" for "Nghị định"). Fonts named as legacy ones are decoded at load; the others are
//! judged here by all the text they show in the document: where every character maps back to a
//! byte and those bytes read as Vietnamese in a legacy encoding far better than the text reads
//! as it is, the font's glyphs are decoded again through that encoding.

use super::interp::{Interpreter, PageContent};
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
            if let Some((x1, base)) = *last {
                if g.x0 - x1 > 0.15 * g.size || (g.base - base).abs() > 0.3 * g.size {
                    t.push(' ');
                }
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
}

#[cfg(test)]
mod tests {
    use super::*;

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
