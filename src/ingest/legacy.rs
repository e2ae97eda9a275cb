//! Pre-Unicode Vietnamese 8-bit encodings: TCVN3 (ABC, the ".Vn" fonts), VNI (VNI-Windows, the
//! "VNI-" fonts) and Windows-1258, decoded to NFC Unicode, and told apart by byte statistics.
//!
//! The tables below are written from the public definitions of the character sets (TCVN
//! 5712:1993 VN3, the VNI-Windows font layout, Microsoft code page 1258); they are facts about
//! which byte draws which letter, not copied from any other converter.

use unicode_normalization::UnicodeNormalization;

/// A legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LegacyEncoding {
    /// TCVN3 / ABC, lowercase fonts (.VnTime, .VnArial): capitals Ă Â Ê Ô Ơ Ư Đ only.
    Tcvn3,
    /// TCVN3 capitals fonts (.VnTimeH, .VnArialH): the same bytes drawn as capitals.
    Tcvn3Upper,
    /// VNI-Windows: base letter followed by a diacritic byte.
    Vni,
    /// Windows-1258: precomposed base letters plus combining tone marks.
    Cp1258,
}

impl LegacyEncoding {
    /// The name recorded in `source.encoding`.
    pub fn name(self) -> &'static str {
        match self {
            LegacyEncoding::Tcvn3 | LegacyEncoding::Tcvn3Upper => "tcvn3",
            LegacyEncoding::Vni => "vni",
            LegacyEncoding::Cp1258 => "cp1258",
        }
    }

    /// The encoding a PDF font's BaseFont name implies: ".VnTime", ".VnTimeH", "VNI-Times",
    /// with or without a subset prefix ("ABCDEF+") or a style suffix (",Bold").
    pub fn from_font_name(name: &str) -> Option<LegacyEncoding> {
        let name = match name.split_once('+') {
            Some((prefix, rest)) if prefix.len() == 6 => rest,
            _ => name,
        };
        let family = name.split([',', '-']).collect::<Vec<_>>();
        if name.starts_with(".Vn")
            || name.starts_with("_Vn")
            || name.starts_with("Vn") && is_vn_family(name)
        {
            // The capitals fonts end their family name in "H": .VnTimeH, .VnArialH, .VnAvantH.
            let fam = family[0].trim_start_matches(['.', '_']);
            let fam = fam.trim_end_matches("Bold").trim_end_matches("Italic");
            return Some(if fam.len() > 3 && fam.ends_with('H') {
                LegacyEncoding::Tcvn3Upper
            } else {
                LegacyEncoding::Tcvn3
            });
        }
        let upper = name.to_ascii_uppercase();
        if upper.starts_with("VNI-") || upper.starts_with("VNI_") || upper.starts_with("VNITIMES") {
            return Some(LegacyEncoding::Vni);
        }
        None
    }
}

fn is_vn_family(name: &str) -> bool {
    // "VnTime" without the leading dot (some producers drop it); not "Vnexpress…".
    [
        "VnTime",
        "VnArial",
        "VnAvant",
        "VnCourier",
        "VnHelvet",
        "VnClarendon",
        "VnCentury",
    ]
    .iter()
    .any(|f| name.starts_with(f))
}

/// The encoding chosen on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8/16 when valid, else a legacy encoding detected by byte statistics.
    #[default]
    Auto,
    Utf8,
    Tcvn3,
    Vni,
    Cp1258,
}

impl std::str::FromStr for Encoding {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "auto" => Ok(Encoding::Auto),
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "tcvn3" | "tcvn" | "abc" => Ok(Encoding::Tcvn3),
            "vni" => Ok(Encoding::Vni),
            "cp1258" | "windows-1258" => Ok(Encoding::Cp1258),
            other => Err(format!(
                "unknown encoding {other:?} (expected auto, utf-8, tcvn3, vni or cp1258)"
            )),
        }
    }
}

impl Encoding {
    pub fn legacy(self) -> Option<LegacyEncoding> {
        match self {
            Encoding::Tcvn3 => Some(LegacyEncoding::Tcvn3),
            Encoding::Vni => Some(LegacyEncoding::Vni),
            Encoding::Cp1258 => Some(LegacyEncoding::Cp1258),
            Encoding::Auto | Encoding::Utf8 => None,
        }
    }
}

/// Windows-1252 for 0x80–0x9F (the bytes the legacy fonts leave to Windows).
const CP1252_80: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// TCVN3 (ABC) 0xA1–0xFF; `\0` where the set leaves the Latin-1 character.
const TCVN3_A1: [char; 95] = [
    // A1..A7: capitals with a modifier
    'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ', //
    // A8..AE: the same in lowercase
    'ă', 'â', 'ê', 'ô', 'ơ', 'ư', 'đ', //
    // AF..B4: unassigned
    '\0', '\0', '\0', '\0', '\0', '\0', //
    // B5..B9: à ả ã á ạ
    'à', 'ả', 'ã', 'á', 'ạ', //
    // BA, BB..BE: ằ ẳ ẵ ắ
    '\0', 'ằ', 'ẳ', 'ẵ', 'ắ', //
    // BF..C5: unassigned
    '\0', '\0', '\0', '\0', '\0', '\0', '\0', //
    // C6: ặ; C7..CB: ầ ẩ ẫ ấ ậ
    'ặ', 'ầ', 'ẩ', 'ẫ', 'ấ', 'ậ', //
    // CC: è, CD unassigned, CE..D1: ẻ ẽ é ẹ
    'è', '\0', 'ẻ', 'ẽ', 'é', 'ẹ', //
    // D2..D6: ề ể ễ ế ệ
    'ề', 'ể', 'ễ', 'ế', 'ệ', //
    // D7, D8: ì ỉ; D9..DB unassigned; DC..DE: ĩ í ị
    'ì', 'ỉ', '\0', '\0', '\0', 'ĩ', 'í', 'ị', //
    // DF: ò; E0 unassigned; E1..E4: ỏ õ ó ọ
    'ò', '\0', 'ỏ', 'õ', 'ó', 'ọ', //
    // E5..E9: ồ ổ ỗ ố ộ
    'ồ', 'ổ', 'ỗ', 'ố', 'ộ', //
    // EA..EE: ờ ở ỡ ớ ợ
    'ờ', 'ở', 'ỡ', 'ớ', 'ợ', //
    // EF: ù; F0 unassigned; F1..F4: ủ ũ ú ụ
    'ù', '\0', 'ủ', 'ũ', 'ú', 'ụ', //
    // F5..F9: ừ ử ữ ứ ự
    'ừ', 'ử', 'ữ', 'ứ', 'ự', //
    // FA..FE: ỳ ỷ ỹ ý ỵ; FF unassigned
    'ỳ', 'ỷ', 'ỹ', 'ý', 'ỵ', '\0',
];

/// The byte a PDF font's Unicode mapping stood for, where the font draws legacy bytes but its
/// mapping reads them as Windows-1252/Latin-1 characters (the usual case for .VnTime and VNI
/// fonts printed to PDF), or as the odd symbols some tools give the TCVN3 glyphs: U+2212
/// (minus) for 0xAD "ư", U+2219 (bullet operator) for 0xB7 "ã". `None` for any other character.
pub fn byte_of_char(c: char) -> Option<u8> {
    let u = c as u32;
    if u < 0x80 || (0xA0..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    match c {
        '\u{2212}' => Some(0xAD),
        '\u{2219}' => Some(0xB7),
        _ => CP1252_80
            .iter()
            .position(|&x| x == c)
            .map(|i| 0x80 + i as u8),
    }
}

/// One byte of TCVN3 as a char (the lowercase fonts).
pub fn tcvn3_char(b: u8) -> char {
    match b {
        0x00..=0x7F => b as char,
        0x80..=0x9F => CP1252_80[(b - 0x80) as usize],
        0xA0 => '\u{a0}',
        _ => match TCVN3_A1[(b - 0xA1) as usize] {
            '\0' => b as char,
            c => c,
        },
    }
}

/// VNI-Windows: what one byte means. Marks are returned as combining characters (one or two),
/// to be composed with the letter before them.
pub fn vni_str(b: u8) -> &'static str {
    match b {
        // lowercase diacritic bytes
        0xF9 => "\u{301}",        // ù acute
        0xF8 => "\u{300}",        // ø grave
        0xFB => "\u{309}",        // û hook above
        0xF5 => "\u{303}",        // õ tilde
        0xEF => "\u{323}",        // ï dot below
        0xE2 => "\u{302}",        // â circumflex
        0xE1 => "\u{302}\u{301}", // á circumflex + acute
        0xE0 => "\u{302}\u{300}", // à circumflex + grave
        0xE5 => "\u{302}\u{309}", // å circumflex + hook
        0xE3 => "\u{302}\u{303}", // ã circumflex + tilde
        0xE4 => "\u{302}\u{323}", // ä circumflex + dot
        0xEA => "\u{306}",        // ê breve
        0xE9 => "\u{306}\u{301}", // é breve + acute
        0xE8 => "\u{306}\u{300}", // è breve + grave
        0xFA => "\u{306}\u{309}", // ú breve + hook
        0xFC => "\u{306}\u{303}", // ü breve + tilde
        0xEB => "\u{306}\u{323}", // ë breve + dot
        // lowercase single-byte letters
        0xF4 => "ơ",
        0xF6 => "ư",
        0xF1 => "đ",
        0xED => "í",
        0xEC => "ì",
        0xE6 => "ỉ",
        0xF3 => "ĩ",
        0xF2 => "ị",
        0xEE => "ỵ",
        // capitals: the same layout 0x20 lower
        0xD9 => "\u{301}",
        0xD8 => "\u{300}",
        0xDB => "\u{309}",
        0xD5 => "\u{303}",
        0xCF => "\u{323}",
        0xC2 => "\u{302}",
        0xC1 => "\u{302}\u{301}",
        0xC0 => "\u{302}\u{300}",
        0xC5 => "\u{302}\u{309}",
        0xC3 => "\u{302}\u{303}",
        0xC4 => "\u{302}\u{323}",
        0xCA => "\u{306}",
        0xC9 => "\u{306}\u{301}",
        0xC8 => "\u{306}\u{300}",
        0xDA => "\u{306}\u{309}",
        0xDC => "\u{306}\u{303}",
        0xCB => "\u{306}\u{323}",
        0xD4 => "Ơ",
        0xD6 => "Ư",
        0xD1 => "Đ",
        0xCD => "Í",
        0xCC => "Ì",
        0xC6 => "Ỉ",
        0xD3 => "Ĩ",
        0xD2 => "Ị",
        0xCE => "Ỵ",
        _ => "",
    }
}

/// One byte of Windows-1258 (base letters and combining tone marks), from `encoding_rs`'s
/// table (the WHATWG one), read once.
fn cp1258_char(b: u8) -> char {
    static TABLE: std::sync::OnceLock<[char; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|b| {
            let byte = [b as u8];
            let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(&byte);
            text.chars().next().unwrap_or('\u{fffd}')
        })
    })[b as usize]
}

/// Appends the text of one byte (without normalization).
pub fn push_byte(enc: LegacyEncoding, b: u8, out: &mut String) {
    match enc {
        LegacyEncoding::Tcvn3 => out.push(tcvn3_char(b)),
        LegacyEncoding::Tcvn3Upper => out.extend(tcvn3_char(b).to_uppercase()),
        LegacyEncoding::Vni => {
            let s = vni_str(b);
            if s.is_empty() {
                if (0x80..=0x9F).contains(&b) {
                    out.push(CP1252_80[(b - 0x80) as usize]);
                } else {
                    out.push(b as char);
                }
            } else {
                out.push_str(s);
            }
        }
        LegacyEncoding::Cp1258 => out.push(cp1258_char(b)),
    }
}

/// Decodes a whole byte string to NFC Unicode.
pub fn decode(enc: LegacyEncoding, bytes: &[u8]) -> String {
    if enc == LegacyEncoding::Cp1258 {
        let (text, _) = encoding_rs::WINDOWS_1258.decode_without_bom_handling(bytes);
        return text.nfc().collect();
    }
    let mut raw = String::with_capacity(bytes.len() + bytes.len() / 4);
    for &b in bytes {
        push_byte(enc, b, &mut raw);
    }
    raw.nfc().collect()
}

/// Tone marks (one per syllable at most).
fn is_tone(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

fn is_vietnamese_letter(c: char) -> bool {
    if c.is_ascii_alphabetic() {
        return true;
    }
    let mut ok = true;
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        if base.is_none() {
            base = Some(d);
        } else if !matches!(
            d,
            '\u{300}'
                | '\u{301}'
                | '\u{302}'
                | '\u{303}'
                | '\u{306}'
                | '\u{309}'
                | '\u{31B}'
                | '\u{323}'
        ) {
            ok = false;
        }
    });
    match base {
        Some('đ' | 'Đ') => true,
        Some(b) if b.is_ascii_alphabetic() && b != c => ok,
        _ => false,
    }
}

/// How Vietnamese a decoded text looks: (words that are well-formed Vietnamese with a
/// non-ASCII letter, words with a non-ASCII character that are not).
pub fn plausibility(text: &str) -> (usize, usize) {
    let mut good = 0;
    let mut bad = 0;
    for word in text.split(|c: char| c.is_whitespace() || ",.;:()[]\"'!?-/".contains(c)) {
        if word.is_ascii() || word.is_empty() {
            continue;
        }
        let letters_ok = word.chars().all(is_vietnamese_letter);
        let tones = word.nfd().filter(|&c| is_tone(c)).count();
        let stray_marks = word.chars().any(|c| ('\u{300}'..='\u{36f}').contains(&c));
        if letters_ok && tones <= 1 && !stray_marks && word.chars().count() <= 7 {
            good += 1;
        } else {
            bad += 1;
        }
    }
    (good, bad)
}

/// Which legacy encoding (if any) the bytes are in, judged by how Vietnamese each decoding
/// looks. `None` when the bytes are ASCII or no decoding reads as Vietnamese.
pub fn detect_legacy(bytes: &[u8]) -> Option<LegacyEncoding> {
    let sample = &bytes[..bytes.len().min(256 * 1024)];
    if sample.is_ascii() {
        return None;
    }
    let mut best: Option<(LegacyEncoding, i64, usize)> = None;
    for enc in [
        LegacyEncoding::Tcvn3,
        LegacyEncoding::Vni,
        LegacyEncoding::Cp1258,
    ] {
        let (good, bad) = plausibility(&decode(enc, sample));
        let score = good as i64 - 3 * bad as i64;
        if best.is_none_or(|(_, s, _)| score > s) {
            best = Some((enc, score, good));
        }
    }
    let (enc, score, good) = best?;
    // At least a few Vietnamese words, and far more good words than bad ones.
    (good >= 3 && score > 0 && score * 2 >= good as i64).then_some(enc)
}

/// Detects and decodes; for the text ingest's fallback when UTF-8 fails.
pub fn detect_and_decode(bytes: &[u8]) -> Option<(String, &'static str)> {
    let enc = detect_legacy(bytes)?;
    Some((decode(enc, bytes), enc.name()))
}

/// Encodes Unicode text to TCVN3 (for tests and fixtures). Characters without a TCVN3 byte are
/// kept when ASCII and dropped otherwise.
pub fn encode_tcvn3(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        if let Some(i) = TCVN3_A1.iter().position(|&t| t == c) {
            out.push(0xA1 + i as u8);
        }
    }
    out
}

/// Encodes Unicode text to VNI-Windows (for tests and fixtures).
pub fn encode_vni(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() * 2);
    for c in text.nfc() {
        if c.is_ascii() {
            out.push(c as u8);
            continue;
        }
        // Single-byte letters first (ơ ư đ and the i/y forms).
        if let Some(b) = (0x80..=0xFFu8).find(|&b| {
            let s = vni_str(b);
            s.chars().count() == 1
                && !s.starts_with(|m: char| ('\u{300}'..='\u{36f}').contains(&m))
                && s.starts_with(c)
        }) {
            out.push(b);
            continue;
        }
        let d: String = c.nfd().collect();
        let mut chars = d.chars();
        let Some(base) = chars.next() else { continue };
        // VNI writes the vowel mark (circumflex, breve) before the tone; NFD puts a dot below
        // first.
        let mut marks: Vec<char> = chars.collect();
        marks.sort_by_key(|&m| !matches!(m, '\u{302}' | '\u{306}' | '\u{31B}'));
        let marks: String = marks.into_iter().collect();
        let upper = base.is_uppercase();
        // ơ/ư with a tone: the single-byte letter, then the tone.
        let (base_bytes, marks) = match marks.strip_prefix('\u{31B}') {
            Some(rest) => (
                vec![match (base, upper) {
                    ('o', _) => 0xF4,
                    ('O', _) => 0xD4,
                    ('u', _) => 0xF6,
                    _ => 0xD6,
                }],
                rest.to_string(),
            ),
            None => (vec![base as u8], marks),
        };
        if !base.is_ascii() {
            continue;
        }
        out.extend(base_bytes);
        if marks.is_empty() {
            continue;
        }
        let lower_range = 0xE0..=0xFFu8;
        let upper_range = 0xC0..=0xDFu8;
        let range: Vec<u8> = if upper {
            upper_range.collect()
        } else {
            lower_range.collect()
        };
        if let Some(&b) = range.iter().find(|&&b| vni_str(b) == marks) {
            out.push(b);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tcvn3_decodes_the_national_motto() {
        // "Cộng hòa xã hội chủ nghĩa Việt Nam" / "Độc lập - Tự do - Hạnh phúc" in TCVN3 bytes.
        let bytes = b"C\xe9ng h\xdfa x\xb7 h\xe9i ch\xf1 ngh\xdca Vi\xd6t Nam / \xa7\xe9c l\xcbp - T\xf9 do - H\xb9nh ph\xf3c";
        assert_eq!(
            decode(LegacyEncoding::Tcvn3, bytes),
            "Cộng hòa xã hội chủ nghĩa Việt Nam / Độc lập - Tự do - Hạnh phúc"
        );
        assert_eq!(
            decode(LegacyEncoding::Tcvn3Upper, b"k\xd5 ho\xb9ch"),
            "KẾ HOẠCH"
        );
    }

    #[test]
    fn vni_composes_marks() {
        let bytes = b"Co\xe4ng ho\xf8a xa\xf5 ho\xe4i chu\xfb ngh\xf3a Vie\xe4t Nam - \xd1o\xe4c la\xe4p - T\xf6\xef do";
        assert_eq!(
            decode(LegacyEncoding::Vni, bytes),
            "Cộng hòa xã hội chủ nghĩa Việt Nam - Độc lập - Tự do"
        );
        assert_eq!(
            decode(LegacyEncoding::Vni, b"NGH\xd3A VIE\xc4T"),
            "NGHĨA VIỆT"
        );
    }

    #[test]
    fn cp1258_table_is_windows_1258() {
        for (byte, c) in [
            (0x41, 'A'),
            (0x80, '€'),
            (0xC3, 'Ă'),
            (0xCC, '\u{300}'),
            (0xD0, 'Đ'),
            (0xD2, '\u{309}'),
            (0xDE, '\u{303}'),
            (0xEC, '\u{301}'),
            (0xF2, '\u{323}'),
            (0xFD, 'ư'),
            (0xFE, '₫'),
        ] {
            assert_eq!(cp1258_char(byte), c, "{byte:#x}");
            let mut s = String::new();
            push_byte(LegacyEncoding::Cp1258, byte, &mut s);
            assert_eq!(s, c.to_string());
        }
    }

    #[test]
    fn cp1258_composes_tone_marks() {
        // "Nghị quyết" = N g h i + dot below, q u y e-circumflex + acute t
        let bytes = b"Nghi\xf2 quy\xea\xect \xd0a\xccng";
        assert_eq!(decode(LegacyEncoding::Cp1258, bytes), "Nghị quyết Đàng");
    }

    #[test]
    fn round_trips_through_the_encoders() {
        let text = "Ủy ban nhân dân tỉnh An Giang ban hành Kế hoạch thực hiện Nghị quyết số 57-NQ/TW về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; ĐỘC LẬP Ự Ở ỡ";
        let lower_only: String = text.to_string();
        let t = encode_tcvn3(&lower_only);
        // TCVN3 has no precomposed capitals with tones: those letters are lost, the rest kept.
        let back = decode(LegacyEncoding::Tcvn3, &t);
        assert!(back.starts_with("y ban nhân dân tỉnh An Giang"), "{back}");
        let v = encode_vni(text);
        assert_eq!(decode(LegacyEncoding::Vni, &v), text);
    }

    #[test]
    fn detection_picks_the_right_table() {
        let text = "Căn cứ Nghị quyết số 57-NQ/TW ngày 22 tháng 12 năm 2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia; Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện như sau.";
        assert_eq!(
            detect_legacy(&encode_tcvn3(text)),
            Some(LegacyEncoding::Tcvn3)
        );
        assert_eq!(detect_legacy(&encode_vni(text)), Some(LegacyEncoding::Vni));
        assert_eq!(detect_legacy(b"plain ascii text"), None);
        // Latin-1 French is none of them.
        assert_eq!(
            detect_legacy(
                b"Le syst\xe8me \xe9l\xe8ve les \xe9l\xe8ves fran\xe7ais \xe0 l'\xe9cole"
            ),
            None
        );
    }

    #[test]
    fn font_names() {
        use LegacyEncoding::*;
        assert_eq!(LegacyEncoding::from_font_name(".VnTime"), Some(Tcvn3));
        assert_eq!(
            LegacyEncoding::from_font_name("ABCDEF+.VnTimeH"),
            Some(Tcvn3Upper)
        );
        assert_eq!(
            LegacyEncoding::from_font_name(".VnArialH,Bold"),
            Some(Tcvn3Upper)
        );
        assert_eq!(LegacyEncoding::from_font_name(".VnTime,Bold"), Some(Tcvn3));
        assert_eq!(LegacyEncoding::from_font_name("VNI-Times"), Some(Vni));
        assert_eq!(LegacyEncoding::from_font_name("VNI-Helve-Bold"), Some(Vni));
        assert_eq!(LegacyEncoding::from_font_name("TimesNewRomanPSMT"), None);
        assert_eq!(
            LegacyEncoding::from_font_name("BAAAAA+LiberationSerif"),
            None
        );
    }
}
