//! Simple-font encodings (WinAnsi, MacRoman, Standard) and glyph names → Unicode: the names of
//! those encodings, the Vietnamese letters (composed from their parts: "Ohornacute" → "ớ"),
//! "uniXXXX"/"uXXXX[XX]", ligatures ("f_i") and suffixed variants ("a.sc").

use unicode_normalization::UnicodeNormalization;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    WinAnsi,
    MacRoman,
    Standard,
}

const WIN_80: [char; 32] = [
    '€', '\u{fffd}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{fffd}', 'Ž',
    '\u{fffd}', '\u{fffd}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{fffd}',
    'ž', 'Ÿ',
];

const MAC_80: [char; 128] = [
    'Ä', 'Å', 'Ç', 'É', 'Ñ', 'Ö', 'Ü', 'á', 'à', 'â', 'ä', 'ã', 'å', 'ç', 'é', 'è', //
    'ê', 'ë', 'í', 'ì', 'î', 'ï', 'ñ', 'ó', 'ò', 'ô', 'ö', 'õ', 'ú', 'ù', 'û', 'ü', //
    '†', '°', '¢', '£', '§', '•', '¶', 'ß', '®', '©', '™', '´', '¨', '≠', 'Æ', 'Ø', //
    '∞', '±', '≤', '≥', '¥', 'µ', '∂', '∑', '∏', 'π', '∫', 'ª', 'º', 'Ω', 'æ', 'ø', //
    '¿', '¡', '¬', '√', 'ƒ', '≈', '∆', '«', '»', '…', '\u{a0}', 'À', 'Ã', 'Õ', 'Œ', 'œ', //
    '–', '—', '“', '”', '‘', '’', '÷', '◊', 'ÿ', 'Ÿ', '⁄', '¤', '‹', '›', 'ﬁ', 'ﬂ', //
    '‡', '·', '‚', '„', '‰', 'Â', 'Ê', 'Á', 'Ë', 'È', 'Í', 'Î', 'Ï', 'Ì', 'Ó', 'Ô', //
    '\u{fffd}', 'Ò', 'Ú', 'Û', 'Ù', 'ı', 'ˆ', '˜', '¯', '˘', '˙', '˚', '¸', '˝', '˛', 'ˇ',
];

/// StandardEncoding above 0x7F (0 where undefined).
fn standard_high(code: u8) -> Option<char> {
    Some(match code {
        0xA1 => '¡',
        0xA2 => '¢',
        0xA3 => '£',
        0xA4 => '⁄',
        0xA5 => '¥',
        0xA6 => 'ƒ',
        0xA7 => '§',
        0xA8 => '¤',
        0xA9 => '\'',
        0xAA => '“',
        0xAB => '«',
        0xAC => '‹',
        0xAD => '›',
        0xAE => 'ﬁ',
        0xAF => 'ﬂ',
        0xB1 => '–',
        0xB2 => '†',
        0xB3 => '‡',
        0xB4 => '·',
        0xB6 => '¶',
        0xB7 => '•',
        0xB8 => '‚',
        0xB9 => '„',
        0xBA => '”',
        0xBB => '»',
        0xBC => '…',
        0xBD => '‰',
        0xBF => '¿',
        0xC1 => '`',
        0xC2 => '´',
        0xC3 => 'ˆ',
        0xC4 => '˜',
        0xC5 => '¯',
        0xC6 => '˘',
        0xC7 => '˙',
        0xC8 => '¨',
        0xCA => '˚',
        0xCB => '¸',
        0xCD => '˝',
        0xCE => '˛',
        0xCF => 'ˇ',
        0xD0 => '—',
        0xE1 => 'Æ',
        0xE3 => 'ª',
        0xE8 => 'Ł',
        0xE9 => 'Ø',
        0xEA => 'Œ',
        0xEB => 'º',
        0xF1 => 'æ',
        0xF5 => 'ı',
        0xF8 => 'ł',
        0xF9 => 'ø',
        0xFA => 'œ',
        0xFB => 'ß',
        _ => return None,
    })
}

/// The character a base encoding gives a code.
pub fn base_char(enc: BaseEncoding, code: u8) -> Option<char> {
    match (enc, code) {
        (_, 0..=0x1F) => None,
        (BaseEncoding::Standard, 0x27) => Some('’'),
        (BaseEncoding::Standard, 0x60) => Some('‘'),
        (_, 0x20..=0x7E) => Some(code as char),
        (BaseEncoding::Standard, _) => standard_high(code),
        (BaseEncoding::WinAnsi, 0x7F) => Some('•'),
        (BaseEncoding::WinAnsi, 0x80..=0x9F) => {
            Some(WIN_80[(code - 0x80) as usize]).filter(|&c| c != '\u{fffd}')
        }
        (BaseEncoding::WinAnsi, 0xA0) => Some(' '),
        (BaseEncoding::WinAnsi, 0xAD) => Some('-'),
        (BaseEncoding::WinAnsi, _) => char::from_u32(code as u32),
        (BaseEncoding::MacRoman, 0x80..=0xFF) => {
            Some(MAC_80[(code - 0x80) as usize]).filter(|&c| c != '\u{fffd}')
        }
        (BaseEncoding::MacRoman, _) => None,
    }
}

/// Names whose Unicode value cannot be composed from their parts.
const NAMES: &[(&str, char)] = &[
    ("space", ' '),
    ("exclam", '!'),
    ("quotedbl", '"'),
    ("numbersign", '#'),
    ("dollar", '$'),
    ("percent", '%'),
    ("ampersand", '&'),
    ("quotesingle", '\''),
    ("parenleft", '('),
    ("parenright", ')'),
    ("asterisk", '*'),
    ("plus", '+'),
    ("comma", ','),
    ("hyphen", '-'),
    ("period", '.'),
    ("slash", '/'),
    ("zero", '0'),
    ("one", '1'),
    ("two", '2'),
    ("three", '3'),
    ("four", '4'),
    ("five", '5'),
    ("six", '6'),
    ("seven", '7'),
    ("eight", '8'),
    ("nine", '9'),
    ("colon", ':'),
    ("semicolon", ';'),
    ("less", '<'),
    ("equal", '='),
    ("greater", '>'),
    ("question", '?'),
    ("at", '@'),
    ("bracketleft", '['),
    ("backslash", '\\'),
    ("bracketright", ']'),
    ("asciicircum", '^'),
    ("underscore", '_'),
    ("grave", '`'),
    ("braceleft", '{'),
    ("bar", '|'),
    ("braceright", '}'),
    ("asciitilde", '~'),
    ("Euro", '€'),
    ("quotesinglbase", '‚'),
    ("florin", 'ƒ'),
    ("quotedblbase", '„'),
    ("ellipsis", '…'),
    ("dagger", '†'),
    ("daggerdbl", '‡'),
    ("circumflex", 'ˆ'),
    ("perthousand", '‰'),
    ("guilsinglleft", '‹'),
    ("OE", 'Œ'),
    ("oe", 'œ'),
    ("quoteleft", '‘'),
    ("quoteright", '’'),
    ("quotedblleft", '“'),
    ("quotedblright", '”'),
    ("bullet", '•'),
    ("endash", '–'),
    ("emdash", '—'),
    ("tilde", '˜'),
    ("trademark", '™'),
    ("guilsinglright", '›'),
    ("nbspace", ' '),
    ("nonbreakingspace", ' '),
    ("exclamdown", '¡'),
    ("cent", '¢'),
    ("sterling", '£'),
    ("currency", '¤'),
    ("yen", '¥'),
    ("brokenbar", '¦'),
    ("section", '§'),
    ("dieresis", '¨'),
    ("copyright", '©'),
    ("ordfeminine", 'ª'),
    ("guillemotleft", '«'),
    ("logicalnot", '¬'),
    ("sfthyphen", '-'),
    ("registered", '®'),
    ("macron", '¯'),
    ("degree", '°'),
    ("plusminus", '±'),
    ("twosuperior", '²'),
    ("threesuperior", '³'),
    ("acute", '´'),
    ("mu", 'µ'),
    ("paragraph", '¶'),
    ("periodcentered", '·'),
    ("middot", '·'),
    ("cedilla", '¸'),
    ("onesuperior", '¹'),
    ("ordmasculine", 'º'),
    ("guillemotright", '»'),
    ("onequarter", '¼'),
    ("onehalf", '½'),
    ("threequarters", '¾'),
    ("questiondown", '¿'),
    ("AE", 'Æ'),
    ("ae", 'æ'),
    ("Eth", 'Ð'),
    ("eth", 'ð'),
    ("multiply", '×'),
    ("divide", '÷'),
    ("Oslash", 'Ø'),
    ("oslash", 'ø'),
    ("Thorn", 'Þ'),
    ("thorn", 'þ'),
    ("germandbls", 'ß'),
    ("Dcroat", 'Đ'),
    ("dcroat", 'đ'),
    ("Dstroke", 'Đ'),
    ("dstroke", 'đ'),
    ("dotlessi", 'ı'),
    ("Lslash", 'Ł'),
    ("lslash", 'ł'),
    ("fraction", '⁄'),
    ("minus", '−'),
    ("fi", 'ﬁ'),
    ("fl", 'ﬂ'),
    ("dong", '₫'),
    ("lessequal", '≤'),
    ("greaterequal", '≥'),
    ("notequal", '≠'),
    ("approxequal", '≈'),
    ("infinity", '∞'),
    ("arrowright", '→'),
    ("arrowleft", '←'),
    ("ring", '˚'),
    ("caron", 'ˇ'),
    ("breve", '˘'),
    ("dotaccent", '˙'),
    ("hungarumlaut", '˝'),
    ("ogonek", '˛'),
    ("gravecomb", '\u{300}'),
    ("acutecomb", '\u{301}'),
    ("tildecomb", '\u{303}'),
    ("hookabovecomb", '\u{309}'),
    ("dotbelowcomb", '\u{323}'),
    ("numero", '№'),
    ("estimated", '℮'),
    ("commaaccent", '\u{326}'),
];

/// Combining parts of composed glyph names, longest first so "hookabove" wins over "hook".
const PARTS: &[(&str, char)] = &[
    ("circumflex", '\u{302}'),
    ("hookabove", '\u{309}'),
    ("dotaccent", '\u{307}'),
    ("dotbelow", '\u{323}'),
    ("dieresis", '\u{308}'),
    ("cedilla", '\u{327}'),
    ("ogonek", '\u{328}'),
    ("macron", '\u{304}'),
    ("breve", '\u{306}'),
    ("caron", '\u{30C}'),
    ("grave", '\u{300}'),
    ("acute", '\u{301}'),
    ("tilde", '\u{303}'),
    ("horn", '\u{31B}'),
    ("ring", '\u{30A}'),
];

/// The text of a glyph name, or `None` when the name means nothing known.
pub fn glyph_text(name: &[u8]) -> Option<String> {
    let name = std::str::from_utf8(name).ok()?;
    // Variants: "a.sc", "one.oldstyle" → the base name.
    let name = name.split('.').next().filter(|s| !s.is_empty())?;
    if name.contains('_') {
        let mut out = String::new();
        for part in name.split('_') {
            out.push_str(&glyph_text(part.as_bytes())?);
        }
        return Some(out);
    }
    if name.len() == 1 && name.as_bytes()[0].is_ascii_alphabetic() {
        return Some(name.to_string());
    }
    if let Some(&(_, c)) = NAMES.iter().find(|(n, _)| *n == name) {
        return Some(c.to_string());
    }
    if let Some(hex) = name.strip_prefix("uni") {
        // uniXXXX, possibly several in a row (ligatures).
        if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            let units: Vec<u16> = (0..hex.len() / 4)
                .filter_map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).ok())
                .collect();
            return String::from_utf16(&units).ok();
        }
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return u32::from_str_radix(hex, 16)
                .ok()
                .and_then(char::from_u32)
                .map(String::from);
        }
    }
    // A letter and its marks: "Acircumflexacute", "ohorndotbelow", "Ygrave".
    let (base, mut rest) = name.split_at(1);
    if !base.as_bytes()[0].is_ascii_alphabetic() || rest.is_empty() {
        return None;
    }
    let mut composed = base.to_string();
    while !rest.is_empty() {
        let (part, mark) = PARTS.iter().find(|(p, _)| rest.starts_with(p))?;
        composed.push(*mark);
        rest = &rest[part.len()..];
    }
    Some(composed.nfc().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(glyph_text(b"A").as_deref(), Some("A"));
        assert_eq!(glyph_text(b"ohornacute").as_deref(), Some("ớ"));
        assert_eq!(glyph_text(b"Acircumflexdotbelow").as_deref(), Some("Ậ"));
        assert_eq!(glyph_text(b"uhorn").as_deref(), Some("ư"));
        assert_eq!(glyph_text(b"dcroat").as_deref(), Some("đ"));
        assert_eq!(glyph_text(b"Ytilde").as_deref(), Some("Ỹ"));
        assert_eq!(glyph_text(b"uni1EA1").as_deref(), Some("ạ"));
        assert_eq!(glyph_text(b"u1EF9").as_deref(), Some("ỹ"));
        assert_eq!(glyph_text(b"f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_text(b"a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_text(b"quoteright").as_deref(), Some("’"));
        assert_eq!(glyph_text(b"g123"), None);
        assert_eq!(glyph_text(b".notdef"), None);
    }

    #[test]
    fn encodings() {
        assert_eq!(base_char(BaseEncoding::WinAnsi, 0x93), Some('“'));
        assert_eq!(base_char(BaseEncoding::WinAnsi, 0xE0), Some('à'));
        assert_eq!(base_char(BaseEncoding::MacRoman, 0x8E), Some('é'));
        assert_eq!(base_char(BaseEncoding::Standard, 0x27), Some('’'));
        assert_eq!(base_char(BaseEncoding::Standard, 0xE0), None);
    }
}
