//! Fonts and what their characters mean. Text typed in a pre-Unicode Vietnamese font (.VnTime,
//! VNI-Times, …) is stored as the font's bytes, one Latin-1 character each ("NghÞ ®Þnh" for
//! "Nghị định"); symbol fonts store private-use code points. A font's name alone proves
//! nothing (many Unicode documents keep .VnTime as a name, and real legacy text sits in fonts
//! named "VNSTCVN3", "VnSouthern(Ds)" or " "), so each run of text in one font is decided from
//! its bytes: decoded where a legacy reading is clearly more Vietnamese than the text as
//! stored; where a run is too short to tell, by what its font's other runs in the document
//! showed.

use crate::ingest::legacy::{self, LegacyEncoding};
use std::collections::HashMap;

/// An interned font name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(super) struct FontId(pub u16);

impl FontId {
    /// No font named (the document's defaults name none either).
    pub const NONE: FontId = FontId(0);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FontKind {
    /// A text font; the legacy encoding its name suggests, if any.
    Text(Option<LegacyEncoding>),
    /// Symbol: Greek letters and mathematical signs in private-use code points.
    Symbol,
    /// Wingdings and the like: pictographs, mostly bullets and boxes.
    Dingbats,
}

#[derive(Debug, Clone)]
pub(super) struct Fonts {
    names: Vec<String>,
    kinds: Vec<FontKind>,
    index: HashMap<String, FontId>,
}

impl Default for Fonts {
    fn default() -> Fonts {
        Fonts {
            names: vec![String::new()],
            kinds: vec![FontKind::Text(None)],
            index: HashMap::new(),
        }
    }
}

/// Most distinct fonts interned; further names share the last id (a real document has tens).
const MAX_FONTS: usize = 4096;

impl Fonts {
    pub fn intern(&mut self, name: Option<&str>) -> FontId {
        let Some(name) = name else {
            return FontId::NONE;
        };
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        if self.names.len() >= MAX_FONTS {
            return FontId((MAX_FONTS - 1) as u16);
        }
        let id = FontId(self.names.len() as u16);
        self.names.push(name.to_string());
        self.kinds.push(kind_of(name));
        self.index.insert(name.to_string(), id);
        id
    }

    pub fn kind(&self, id: FontId) -> FontKind {
        self.kinds[id.0 as usize]
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }
}

/// What a font's name says about its characters.
pub(super) fn kind_of(name: &str) -> FontKind {
    let lower = name.trim().to_ascii_lowercase();
    if lower.starts_with("symbol") {
        return FontKind::Symbol;
    }
    if ["wingdings", "webdings", "zapfdingbats", "monotype sorts"]
        .iter()
        .any(|d| lower.starts_with(d))
    {
        return FontKind::Dingbats;
    }
    // "VnTimeH(Ds)", ".VnTime (Vietnamese)": the family before a parenthesis.
    let family = name.split('(').next().unwrap_or(name).trim();
    if let Some(enc) = LegacyEncoding::from_font_name(family) {
        return FontKind::Text(Some(enc));
    }
    let upper = family.to_ascii_uppercase();
    let hint = if upper.contains("TCVN") || upper.starts_with("VN") && upper.ends_with('3') {
        Some(LegacyEncoding::Tcvn3)
    } else if upper.contains("VNI") {
        Some(LegacyEncoding::Vni)
    } else {
        None
    };
    FontKind::Text(hint)
}

/// The byte a stored character stands for in a legacy font: Latin-1 characters and
/// Windows-1252's extra punctuation are their byte; symbol-font private-use code points
/// (U+F020–U+F0FF) theirs.
fn byte_of(c: char) -> Option<u8> {
    let u = c as u32;
    match u {
        0..=0xFF => Some(u as u8),
        0xF020..=0xF0FF => Some((u - 0xF000) as u8),
        _ => CP1252_EXTRA
            .iter()
            .position(|&x| x == c)
            .map(|i| 0x80 + i as u8),
    }
}

/// Windows-1252 0x80–0x9F as Unicode (where Word stores those bytes).
const CP1252_EXTRA: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// Whether a run's text could be a legacy font's bytes: every letter stands for a byte, and
/// some byte is beyond ASCII. A letter beyond Latin-1 ("ạ", "ư") proves Unicode; spaces and
/// punctuation beyond it (a six-per-em space, "–") prove nothing.
fn could_be_bytes(text: &str) -> bool {
    let mut high = false;
    for c in text.chars() {
        match byte_of(c) {
            Some(b) => high |= b >= 0x80 && !CP1252_EXTRA.contains(&c),
            None if c.is_alphanumeric() => return false,
            None => {}
        }
    }
    high
}

/// Decodes a run's characters as the bytes of a legacy font. Characters that stand for no
/// byte are kept.
pub(super) fn decode(text: &str, enc: LegacyEncoding, out: &mut String) {
    for c in text.chars() {
        match byte_of(c) {
            // Typographic punctuation decodes to itself in every legacy font.
            Some(_) if CP1252_EXTRA.contains(&c) => out.push(c),
            Some(b) => legacy::push_byte(enc, b, out),
            None => out.push(c),
        }
    }
}

/// How Vietnamese a text reads: its words beyond ASCII count 1 when they are well-formed
/// Vietnamese syllables, −3 otherwise. Well-formed: letters of the Vietnamese alphabet, marks
/// only on vowels, at most one tone, and — for text as stored (`as_stored`) — no capital after
/// a small letter. Legacy bytes read as Latin-1 break these rules ("ChÝnh", "phñ", "tr÷",
/// "Ñoäc") where a looser test of letters and marks alone passes most of their words. Decoded
/// text is not held to the capitals rule: typed in a capitals font, "HO¹CH" decodes to
/// "HOạCH", which prints "HOẠCH".
fn vietnamese_score(text: &str, as_stored: bool) -> i64 {
    use unicode_normalization::UnicodeNormalization;
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    const VOWEL_MARKS: [char; 3] = ['\u{302}', '\u{306}', '\u{31B}'];
    let mut score = 0i64;
    // Words end at spaces and punctuation; a legacy byte that Latin-1 shows as a sign ("¸",
    // "÷", "«") stays inside its word.
    let separator = |c: char| {
        c.is_whitespace() || (c.is_ascii_punctuation() && c != '\'') || "–—“”‘’…•".contains(c)
    };
    for word in text.split(separator) {
        if word.is_ascii() {
            continue;
        }
        let (mut tones, mut letters) = (0, 0);
        let mut prev: Option<char> = None;
        let mut lower_seen = false;
        let mut ok = true;
        for c in word.nfd() {
            if is_mark(c) {
                let on_vowel = prev.is_some_and(|p| "aeiouyAEIOUY".contains(p));
                ok &= on_vowel && (TONES.contains(&c) || VOWEL_MARKS.contains(&c));
                tones += usize::from(TONES.contains(&c));
                continue;
            }
            letters += 1;
            ok &= c.is_ascii_alphanumeric() || c == 'đ' || c == 'Đ';
            ok &= !(as_stored && c.is_uppercase() && lower_seen);
            lower_seen |= c.is_lowercase();
            prev = Some(c);
        }
        ok &= tones <= 1 && letters <= 7 && is_syllable(word);
        score += if ok { 1 } else { -3 };
    }
    score
}

/// Whether a word spells a Vietnamese syllable: an onset, a vowel nucleus and a coda from the
/// language's inventories, tones aside ("chiếc": ch + iê + c). Legacy bytes read in the wrong
/// encoding give letters that all exist but no syllable ("chieác", "chieỏc").
fn is_syllable(word: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    const ONSETS: [&str; 28] = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "đ", "g",
        "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ];
    // "k": minority place names ("Đắk Lắk").
    const CODAS: [&str; 10] = ["ng", "nh", "ch", "c", "m", "n", "p", "t", "k", ""];
    const NUCLEI: [&str; 54] = [
        "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu",
        "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "ua", "uâ", "uê",
        "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê", "iêu", "yêu", "oai", "oao", "oay",
        "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
    ];
    let base: String = word
        .nfd()
        .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .nfc()
        .flat_map(char::to_lowercase)
        .collect();
    ONSETS.iter().any(|onset| {
        let Some(rest) = base.strip_prefix(onset) else {
            return false;
        };
        CODAS.iter().any(|coda| {
            rest.strip_suffix(coda)
                .is_some_and(|nucleus| NUCLEI.contains(&nucleus) && rhyme_allowed(nucleus, coda))
        })
    })
}

/// The rhymes Vietnamese spells, as far as they tell legacy encodings apart: a nucleus ending
/// in a glide ("ai", "ao", "êu", "ươi"; "uy" aside) or in an open "-a" ("ia", "ua", "ưa") takes no
/// final consonant; "ă" and "â" always take one; "-nh" and "-ch" close only a, ê, i, y ("anh",
/// "ênh", "ích"; no "ânh"); "ơ" takes neither "-c" nor "-ng" ("ơc", "ơng" do not exist).
fn rhyme_allowed(nucleus: &str, coda: &str) -> bool {
    let open_only = nucleus.chars().count() >= 2
        && nucleus != "uy"
        && (nucleus.ends_with(['i', 'y', 'o', 'u'])
            || matches!(nucleus, "ia" | "ua" | "ưa" | "uya"));
    if open_only {
        return coda.is_empty();
    }
    if matches!(nucleus, "ă" | "â" | "oă" | "uâ") && coda.is_empty() {
        return false;
    }
    if matches!(coda, "nh" | "ch") && !nucleus.ends_with(['a', 'ê', 'i', 'y']) {
        return false;
    }
    !(nucleus.ends_with('ơ') && nucleus != "ươ" && matches!(coda, "c" | "ng" | "nh" | "ch"))
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36F}').contains(&c)
}

/// How much more Vietnamese the text reads decoded in `enc` than as stored.
fn gain(text: &str, enc: LegacyEncoding) -> i64 {
    let mut decoded = String::with_capacity(text.len() + 8);
    decode(text, enc, &mut decoded);
    vietnamese_score(&decoded, false) - vietnamese_score(text, true)
}

/// Whether decoded text was typed in a capitals font: a capital after a small letter in a word
/// ("HOạCH"), which Vietnamese spelling never has. Such a run prints in capitals.
pub(super) fn typed_in_capitals(decoded: &str) -> bool {
    decoded.split_whitespace().any(|w| {
        let mut lower_seen = false;
        w.chars().any(|c| {
            let after_lower = c.is_uppercase() && lower_seen;
            lower_seen |= c.is_lowercase();
            after_lower
        })
    })
}

/// The best legacy reading of a text and its gain; `None` when the text cannot be bytes.
pub(super) fn evidence(text: &str, hint: Option<LegacyEncoding>) -> Option<(LegacyEncoding, i64)> {
    if !could_be_bytes(text) {
        return None;
    }
    let mut candidates = vec![LegacyEncoding::Tcvn3, LegacyEncoding::Vni];
    if let Some(h) = hint {
        // The hinted reading first: it wins ties.
        candidates.retain(|&c| {
            c != h && !(h == LegacyEncoding::Tcvn3Upper && c == LegacyEncoding::Tcvn3)
        });
        candidates.insert(0, h);
    }
    let mut best: Option<(LegacyEncoding, i64)> = None;
    for enc in candidates {
        let g = gain(text, enc);
        if best.is_none_or(|(_, b)| g > b) {
            best = Some((enc, g));
        }
    }
    best
}

/// Gains of at least this many words decide a run on its own.
const DECISIVE: i64 = 2;

/// How the runs of each font read across the document.
#[derive(Debug, Default)]
pub(super) struct Verdicts {
    /// Per font: the summed gain of each legacy reading (TCVN3, TCVN3 capitals, VNI).
    totals: Vec<[i64; 3]>,
}

fn slot(enc: LegacyEncoding) -> usize {
    match enc {
        LegacyEncoding::Tcvn3 | LegacyEncoding::Cp1258 => 0,
        LegacyEncoding::Tcvn3Upper => 1,
        LegacyEncoding::Vni => 2,
    }
}

const SLOTS: [LegacyEncoding; 3] = [
    LegacyEncoding::Tcvn3,
    LegacyEncoding::Tcvn3Upper,
    LegacyEncoding::Vni,
];

impl Verdicts {
    pub fn new(fonts: &Fonts) -> Verdicts {
        Verdicts {
            totals: vec![[0; 3]; fonts.len()],
        }
    }

    /// Counts one run of text in `font` as evidence for the font.
    pub fn observe(&mut self, fonts: &Fonts, font: FontId, text: &str) {
        let FontKind::Text(hint) = fonts.kind(font) else {
            return;
        };
        if let Some((enc, g)) = evidence(text, hint) {
            self.totals[font.0 as usize][slot(enc)] += g;
        }
    }

    /// How to read a run of text in `font`: `Some(encoding)` to decode it.
    pub fn decide(&self, fonts: &Fonts, font: FontId, text: &str) -> Option<LegacyEncoding> {
        let FontKind::Text(hint) = fonts.kind(font) else {
            return None;
        };
        let (enc, g) = evidence(text, hint)?;
        if g >= DECISIVE {
            return Some(enc);
        }
        if g <= -DECISIVE {
            return None;
        }
        // Too short to tell: the font's reading across the document, where it has one and it
        // does not make this text read worse.
        let totals = &self.totals[font.0 as usize];
        let (best, &total) = totals.iter().enumerate().max_by_key(|(_, t)| **t)?;
        if total >= DECISIVE {
            let font_reading = SLOTS[best];
            if font_reading == enc || gain(text, font_reading) >= 0 {
                return Some(font_reading);
            }
            return (g >= 0).then_some(enc);
        }
        (g > 0).then_some(enc)
    }
}

/// A symbol-font character as Unicode (Adobe Symbol encoding for the signs documents use).
pub(super) fn symbol_char(c: char, kind: FontKind) -> Option<char> {
    let b = match c as u32 {
        u @ 0xF020..=0xF0FF => (u - 0xF000) as u8,
        u @ 0x20..=0xFF => u as u8,
        _ => return None,
    };
    Some(match kind {
        FontKind::Symbol => match b {
            0x2D => '−',
            0xA3 => '≤',
            0xA5 => '∞',
            0xB0 => '°',
            0xB1 => '±',
            0xB3 => '≥',
            0xB4 => '×',
            0xB7 => '•',
            0xB8 => '÷',
            0xB9 => '≠',
            0xBB => '≈',
            0xAE => '→',
            0xAC => '←',
            0xD6 => '√',
            0xE5 => '∑',
            0x20..=0x7F => b as char,
            _ => '•',
        },
        FontKind::Dingbats => match b {
            0xA8 | 0x6F | 0x71 => '□',
            0xFC => '✓',
            0xFB => '✗',
            0xFE => '☑',
            0xFD => '☒',
            0xD8 => '➢',
            0xE0 | 0xE8 => '→',
            _ => '•',
        },
        FontKind::Text(_) => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, hint: Option<LegacyEncoding>) -> Option<String> {
        let (enc, g) = evidence(text, hint)?;
        (g >= DECISIVE).then(|| {
            let mut s = String::new();
            decode(text, enc, &mut s);
            unicode_normalization::UnicodeNormalization::nfc(s.as_str()).collect()
        })
    }

    #[test]
    fn legacy_bytes_are_decoded_whatever_the_font_is_called() {
        assert_eq!(
            read("NghÞ ®Þnh cña ChÝnh phñ", None).unwrap(),
            "Nghị định của Chính phủ"
        );
        assert_eq!(
            read("Ñoäc laäp – Töï do – Haïnh phuùc", None).unwrap(),
            "Độc lập – Tự do – Hạnh phúc"
        );
        // TCVN3's "ư" is byte 0xAD, which Word stores as a soft hyphen.
        assert_eq!(
            read("Bé tr\u{AD}ëng Bé Tµi chÝnh", None).unwrap(),
            "Bộ trưởng Bộ Tài chính"
        );
        // Unicode spaces between legacy words do not make the run Unicode.
        assert_eq!(
            read("ChÝnh phñ Sè\u{2006} 94", None).unwrap(),
            "Chính phủ Số\u{2006} 94"
        );
    }

    #[test]
    fn unicode_text_is_left_alone_even_under_a_legacy_font_name() {
        // Vietnamese beyond Latin-1 cannot be bytes.
        assert!(evidence("Nghị định của Chính phủ", Some(LegacyEncoding::Tcvn3)).is_none());
        // Latin-1-only Vietnamese words read no better decoded.
        assert_eq!(read("Bình Thuận", Some(LegacyEncoding::Tcvn3)), None);
        assert_eq!(read("Hà Nội", None), None);
        assert_eq!(read("25°C, 3 ½ giờ", Some(LegacyEncoding::Vni)), None);
    }

    #[test]
    fn syllables_are_spelled_from_onset_nucleus_and_coda() {
        for w in [
            "chiếc", "Nghị", "quyết", "Đắk", "người", "khuyến", "gì", "giữa", "Ủy", "ĐỊNH",
            "huỳnh", "được", "mười", "khuya", "ân", "lớn", "thích", "ăn",
        ] {
            assert!(is_syllable(w), "{w}");
        }
        for w in [
            "chieác", "chieỏc", "Thầnh", "boọ", "coọng", "maùng", "mơc", "phñ", "tr÷",
        ] {
            assert!(!is_syllable(w), "{w}");
        }
        // VNI bytes that read as letters everywhere are told from TCVN3 by their syllables.
        assert_eq!(
            evidence("chieác", None).map(|e| e.0),
            Some(LegacyEncoding::Vni)
        );
    }

    #[test]
    fn font_names_hint_their_encoding() {
        assert_eq!(
            kind_of(".VnTimeH"),
            FontKind::Text(Some(LegacyEncoding::Tcvn3Upper))
        );
        assert_eq!(
            kind_of("VnTimeH(Ds)"),
            FontKind::Text(Some(LegacyEncoding::Tcvn3Upper))
        );
        assert_eq!(
            kind_of("VNI-Helve"),
            FontKind::Text(Some(LegacyEncoding::Vni))
        );
        assert_eq!(
            kind_of("VNSTCVN3"),
            FontKind::Text(Some(LegacyEncoding::Tcvn3))
        );
        assert_eq!(kind_of("Times New Roman"), FontKind::Text(None));
        assert_eq!(kind_of("Wingdings"), FontKind::Dingbats);
        assert_eq!(symbol_char('\u{F0B3}', FontKind::Symbol), Some('≥'));
    }

    #[test]
    fn short_runs_follow_their_font() {
        let mut fonts = Fonts::default();
        let f = fonts.intern(Some("VNSTCVN3"));
        let mut v = Verdicts::new(&fonts);
        v.observe(&fonts, f, "NghÞ ®Þnh cña ChÝnh phñ vÒ viÖc ban hµnh");
        // "Tõ" reads as well stored ("Tõ") as decoded ("Từ"): the font decides.
        assert_eq!(evidence("Tõ", None).map(|e| e.1), Some(0));
        assert_eq!(v.decide(&fonts, f, "Tõ"), Some(LegacyEncoding::Tcvn3));
        let plain = fonts.intern(Some("Times New Roman"));
        let v = Verdicts::new(&fonts);
        assert_eq!(v.decide(&fonts, plain, "Tõ"), None);
    }
}
