//! Fonts: how a shown string splits into codes, the text of each code (ToUnicode first, then the
//! legacy Vietnamese tables for .VnTime/VNI fonts, then the encoding), and each glyph's width.

use super::cmap::CMap;
use super::encoding::{base_char, glyph_text, BaseEncoding};
use super::objects::{deref, get, name_of, num, stream_bytes};
use crate::ingest::legacy::{self, LegacyEncoding};
use lopdf::{Dictionary, Document, Object};
use std::collections::HashMap;

#[derive(Debug)]
pub struct Font {
    pub base_font: String,
    /// Type0 (composite) font: codes of one or more bytes, widths by CID.
    composite: bool,
    to_unicode: Option<CMap>,
    /// A composite font's encoding CMap when embedded (not Identity).
    encoding_cmap: Option<CMap>,
    /// Predefined UCS-2/UTF-16 encodings (Uni…-UCS2-H): codes are Unicode.
    unicode_codes: bool,
    /// A simple font's code → text through its encoding and /Differences.
    simple: Vec<Option<String>>,
    /// Simple fonts: widths by code (already in text-space units per unit of font size).
    widths: Vec<Option<f32>>,
    missing_width: f32,
    cid_widths: HashMap<u32, f32>,
    default_width: f32,
    pub legacy: Option<LegacyEncoding>,
    /// Which font of the document it is (1-based, 0 for none): glyphs carry it, so that a
    /// font's text can be judged as a whole.
    pub id: u32,
    /// Ascent and descent per unit of font size.
    pub ascent: f32,
    pub descent: f32,
    /// Type3: the vertical scale of the font matrix relative to 1/1000.
    pub size_scale: f32,
}

/// One glyph of a shown string.
pub struct Glyph<'t> {
    pub code: u32,
    /// The code was one byte (word spacing applies to a one-byte 32).
    pub single_byte: bool,
    pub text: &'t str,
    /// Horizontal displacement per unit of font size.
    pub width: f32,
}

fn standard_width(base: &str) -> (f32, f32) {
    // (space width, other glyphs) for the standard 14 fonts when a file gives no /Widths.
    let b = base.to_ascii_lowercase();
    if b.contains("courier") {
        (0.6, 0.6)
    } else if b.contains("helvetica") || b.contains("arial") {
        (0.278, 0.556)
    } else {
        (0.25, 0.5)
    }
}

impl Font {
    /// A stand-in when a font cannot be read: WinAnsi text, average widths.
    pub fn fallback() -> Font {
        let simple = (0..256u32)
            .map(|c| base_char(BaseEncoding::WinAnsi, c as u8).map(String::from))
            .collect();
        Font {
            base_font: String::new(),
            composite: false,
            to_unicode: None,
            encoding_cmap: None,
            unicode_codes: false,
            simple,
            widths: Vec::new(),
            missing_width: 0.5,
            cid_widths: HashMap::new(),
            default_width: 1.0,
            legacy: None,
            id: 0,
            ascent: 0.8,
            descent: -0.2,
            size_scale: 1.0,
        }
    }

    pub fn load(doc: &Document, dict: &Dictionary, limit: usize) -> Font {
        let mut font = Font::fallback();
        font.base_font = get(doc, dict, b"BaseFont")
            .and_then(name_of)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let subtype = get(doc, dict, b"Subtype")
            .and_then(name_of)
            .unwrap_or(b"Type1");
        font.legacy = LegacyEncoding::from_font_name(&font.base_font);
        if let Some(s) = get(doc, dict, b"ToUnicode").and_then(|o| stream_bytes(o, limit)) {
            let mut cmap = CMap::parse(&s);
            // Word 2010 maps the letters Ư/ư of its subset fonts to U+01A2/U+01A3 (Ƣ/ƣ, "OI"),
            // letters no Vietnamese text has.
            for t in cmap.unicode.values_mut() {
                if t.contains(['\u{1A2}', '\u{1A3}']) {
                    *t = t
                        .replace('\u{1A2}', "\u{1AF}")
                        .replace('\u{1A3}', "\u{1B0}");
                }
            }
            if !cmap.unicode.is_empty() {
                font.to_unicode = Some(cmap);
            }
        }
        let mut descriptor = get(doc, dict, b"FontDescriptor").and_then(|o| o.as_dict().ok());
        if subtype == b"Type0" {
            font.composite = true;
            font.simple.clear();
            match get(doc, dict, b"Encoding") {
                Some(Object::Name(n)) => {
                    let n = String::from_utf8_lossy(n);
                    font.unicode_codes = n.contains("UCS2") || n.contains("UTF16");
                }
                Some(o @ Object::Stream(_)) => {
                    if let Some(s) = stream_bytes(o, limit) {
                        font.encoding_cmap = Some(CMap::parse(&s));
                    }
                }
                _ => {}
            }
            let descendant = get(doc, dict, b"DescendantFonts")
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| deref(doc, o))
                .and_then(|o| o.as_dict().ok());
            if let Some(d) = descendant {
                if font.base_font.is_empty() {
                    if let Some(n) = get(doc, d, b"BaseFont").and_then(name_of) {
                        font.base_font = String::from_utf8_lossy(n).into_owned();
                    }
                }
                font.default_width = get(doc, d, b"DW").and_then(num).unwrap_or(1000.0) / 1000.0;
                if let Some(w) = get(doc, d, b"W").and_then(|o| o.as_array().ok()) {
                    font.cid_widths = cid_widths(doc, w);
                }
                descriptor = descriptor
                    .or_else(|| get(doc, d, b"FontDescriptor").and_then(|o| o.as_dict().ok()));
            }
        } else {
            let scale = if subtype == b"Type3" {
                let m = get(doc, dict, b"FontMatrix")
                    .and_then(|o| o.as_array().ok())
                    .map(|a| {
                        a.iter()
                            .filter_map(|o| deref(doc, o).and_then(num))
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                let sx = m.first().copied().unwrap_or(0.001);
                let sy = m.get(3).copied().unwrap_or(0.001);
                font.size_scale = (sy / 0.001).abs().clamp(0.01, 100.0);
                sx
            } else {
                0.001
            };
            font.simple = simple_encoding(doc, dict, subtype, descriptor);
            let first = get(doc, dict, b"FirstChar")
                .and_then(num)
                .unwrap_or(0.0)
                .max(0.0) as usize;
            if let Some(w) = get(doc, dict, b"Widths").and_then(|o| o.as_array().ok()) {
                let mut widths = vec![None; 256];
                for (i, o) in w.iter().enumerate() {
                    if first + i < 256 {
                        widths[first + i] = deref(doc, o).and_then(num).map(|v| v * scale);
                    }
                }
                font.widths = widths;
                font.missing_width = descriptor
                    .and_then(|d| get(doc, d, b"MissingWidth"))
                    .and_then(num)
                    .map(|v| v * scale)
                    .unwrap_or(0.0);
            } else {
                let (space, other) = standard_width(&font.base_font);
                let mut widths = vec![Some(other); 256];
                widths[32] = Some(space);
                font.widths = widths;
                font.missing_width = other;
            }
        }
        if let Some(d) = descriptor {
            let a = get(doc, d, b"Ascent").and_then(num).unwrap_or(800.0) / 1000.0;
            let dsc = get(doc, d, b"Descent").and_then(num).unwrap_or(-200.0) / 1000.0;
            if (0.4..=1.3).contains(&a) {
                font.ascent = a;
            }
            if (-0.6..=0.0).contains(&dsc) {
                font.descent = dsc;
            }
        }
        font
    }

    /// Calls `f` for each glyph of a shown string. `scratch` holds decoded text between calls.
    pub fn glyphs(&self, bytes: &[u8], scratch: &mut String, mut f: impl FnMut(Glyph<'_>)) {
        let mut i = 0;
        while i < bytes.len() {
            let (code, len) = if self.composite {
                match (&self.encoding_cmap, &self.to_unicode) {
                    (Some(c), _) if !c.codespace.is_empty() => c.next_code(&bytes[i..], 2),
                    _ => {
                        if bytes.len() - i >= 2 {
                            (u32::from(bytes[i]) << 8 | u32::from(bytes[i + 1]), 2)
                        } else {
                            (u32::from(bytes[i]), 1)
                        }
                    }
                }
            } else {
                (u32::from(bytes[i]), 1)
            };
            i += len;
            scratch.clear();
            self.text_of(code, scratch);
            let width = self.width_of(code);
            f(Glyph {
                code,
                single_byte: len == 1,
                text: scratch,
                width,
            });
        }
    }

    /// Whether the font is composite (codes of several bytes).
    pub fn is_composite(&self) -> bool {
        self.composite
    }

    fn text_of(&self, code: u32, out: &mut String) {
        if let (Some(enc), false) = (self.legacy, self.composite) {
            // The legacy byte: the code itself, unless a Unicode mapping says which byte the
            // glyph was (a re-encoded subset maps its own codes to the bytes read as Latin-1).
            let mapped = self
                .to_unicode
                .as_ref()
                .and_then(|c| c.unicode.get(&code))
                .and_then(|t| {
                    let mut chars = t.chars();
                    let c = chars.next()?;
                    chars.next().is_none().then_some(c)
                })
                .and_then(|c| {
                    legacy::byte_of_char(c).or_else(|| c.is_whitespace().then_some(b' '))
                });
            legacy::push_byte(enc, mapped.unwrap_or(code as u8), out);
            return;
        }
        if let Some(t) = self.to_unicode.as_ref().and_then(|c| c.unicode.get(&code)) {
            if !t.is_empty() && !t.starts_with('\0') {
                out.push_str(t);
                return;
            }
        }
        if self.composite {
            if self.unicode_codes {
                if let Some(c) = char::from_u32(code) {
                    out.push(c);
                }
            }
            return;
        }
        if let Some(Some(t)) = self.simple.get(code as usize) {
            out.push_str(t);
        }
    }

    fn width_of(&self, code: u32) -> f32 {
        if self.composite {
            let cid = match &self.encoding_cmap {
                Some(c) if !c.codespace.is_empty() => c.cid(code).unwrap_or(code),
                _ => code,
            };
            return self
                .cid_widths
                .get(&cid)
                .copied()
                .unwrap_or(self.default_width);
        }
        match self.widths.get(code as usize) {
            Some(Some(w)) => *w,
            _ => self.missing_width,
        }
    }
}

fn cid_widths(doc: &Document, w: &[Object]) -> HashMap<u32, f32> {
    let mut out = HashMap::new();
    let mut i = 0;
    let items: Vec<&Object> = w.iter().filter_map(|o| deref(doc, o)).collect();
    while i < items.len() && out.len() < 1 << 17 {
        let Some(first) = num(items[i]) else {
            i += 1;
            continue;
        };
        let first = first.max(0.0) as u32;
        match items.get(i + 1) {
            Some(Object::Array(ws)) => {
                for (k, o) in ws.iter().enumerate() {
                    if let Some(v) = deref(doc, o).and_then(num) {
                        out.insert(first + k as u32, v / 1000.0);
                    }
                }
                i += 2;
            }
            Some(o) => {
                let last = num(o).unwrap_or(0.0).max(0.0) as u32;
                let v = items.get(i + 2).and_then(|o| num(o)).unwrap_or(1000.0) / 1000.0;
                if last >= first && last - first < 1 << 16 {
                    for c in first..=last {
                        out.insert(c, v);
                    }
                }
                i += 3;
            }
            None => break,
        }
    }
    out
}

fn simple_encoding(
    doc: &Document,
    dict: &Dictionary,
    subtype: &[u8],
    descriptor: Option<&Dictionary>,
) -> Vec<Option<String>> {
    let symbolic = descriptor
        .and_then(|d| get(doc, d, b"Flags"))
        .and_then(num)
        .is_some_and(|f| (f as i64) & 4 != 0);
    let default = if subtype == b"TrueType" || symbolic {
        BaseEncoding::WinAnsi
    } else {
        BaseEncoding::Standard
    };
    let parse_base = |n: &[u8]| match n {
        b"WinAnsiEncoding" => BaseEncoding::WinAnsi,
        b"MacRomanEncoding" => BaseEncoding::MacRoman,
        _ => BaseEncoding::Standard,
    };
    let mut base = default;
    let mut differences: Option<&Vec<Object>> = None;
    match get(doc, dict, b"Encoding") {
        Some(Object::Name(n)) => base = parse_base(n),
        Some(Object::Dictionary(d)) => {
            if let Some(n) = get(doc, d, b"BaseEncoding").and_then(name_of) {
                base = parse_base(n);
            }
            differences = get(doc, d, b"Differences").and_then(|o| o.as_array().ok());
        }
        _ => {}
    }
    let mut table: Vec<Option<String>> = (0..256u32)
        .map(|c| base_char(base, c as u8).map(String::from))
        .collect();
    if let Some(diffs) = differences {
        let mut code = 0usize;
        for o in diffs {
            match deref(doc, o) {
                Some(Object::Integer(n)) => code = (*n).clamp(0, 255) as usize,
                Some(Object::Real(n)) => code = n.clamp(0.0, 255.0) as usize,
                Some(Object::Name(name)) => {
                    if code < 256 {
                        // An unknown name (g12, cid34) keeps nothing rather than a wrong letter.
                        table[code] = glyph_text(name);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    table
}
