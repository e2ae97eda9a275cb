//! Plain-text decoding: BOM sniffing, UTF-8 / UTF-16, line ends, form feeds as page breaks, NFC.

use super::{Ingested, Line};
use crate::error::{Error, Result};
use crate::model::Format;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Longest line accepted. Real documents stay far below (a long paragraph is a few KiB); a file
/// with one multi-megabyte line is a data dump, and refusing it keeps every later stage linear.
pub const MAX_LINE_BYTES: usize = 1 << 20;

pub fn decode_text(bytes: &[u8]) -> Result<Ingested> {
    let (mut lines, encoding) = decoded(bytes)?;
    // Trailing blank lines (and a trailing form feed, which opens no page) hold nothing.
    while lines.last().is_some_and(|l| l.text.trim().is_empty()) {
        lines.pop();
    }
    let pages = lines.last().map(|l| l.page).unwrap_or(1);
    Ok(Ingested {
        signatures: Vec::new(),
        lines,
        tables: Vec::new(),
        footnotes: Vec::new(),
        cell_places: Vec::new(),
        format: Format::Text,
        encoding: encoding.to_string(),
        pages,
        ..Ingested::default()
    })
}

/// The lines of a text as `decode_text` reads them, its trailing blank or whitespace-only lines
/// kept: `vanban restore` gives back the input's line structure.
pub fn decode_lines(bytes: &[u8]) -> Result<Vec<Line>> {
    decoded(bytes).map(|(lines, _)| lines)
}

/// The text's lines, every one, and its encoding; an error for an input of no text.
fn decoded(bytes: &[u8]) -> Result<(Vec<Line>, &'static str)> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    let (text, encoding) = to_string(bytes)?;
    let lines = split_lines(&text)?;
    if lines.iter().all(|l| l.text.trim().is_empty()) {
        return Err(Error::NoText);
    }
    Ok((lines, encoding))
}

fn to_string(bytes: &[u8]) -> Result<(String, &'static str)> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest, 3).map(|s| (s, "utf-8-bom"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true).map(|s| (s, "utf-16le"));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false).map(|s| (s, "utf-16be"));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        // UTF-16 without a BOM: text in the Latin range has a NUL in every other byte.
        if let Some(little_endian) = utf16_without_bom(bytes) {
            let name = if little_endian {
                "utf-16le"
            } else {
                "utf-16be"
            };
            return utf16(bytes, little_endian).map(|s| (s, name));
        }
        return Err(Error::Binary { offset });
    }
    let text = match utf8(bytes, 0) {
        Ok(text) => text,
        // Not UTF-8: a pre-Unicode Vietnamese encoding when the bytes read as one.
        Err(e) => return super::legacy::detect_and_decode(bytes).ok_or(e),
    };
    check_controls(&text)?;
    Ok((text, "utf-8"))
}

fn utf8(bytes: &[u8], base: usize) -> Result<String> {
    // Validation runs over every byte of every file: the SIMD validator first (Vietnamese is
    // mostly multi-byte, where the standard one is slow), the standard one for the error's
    // offset.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let offset = base + e.valid_up_to();
            let high = bytes.iter().filter(|&&b| b >= 0x80).count();
            let hint = if high > 0 && bytes.len() / high.max(1) < 20 {
                " (looks like a legacy 8-bit encoding such as TCVN3, VNI or Windows-1258)"
            } else {
                ""
            };
            Err(Error::InvalidUtf8 { offset, hint })
        }
    }
}

/// UTF-16 through `encoding_rs` (SIMD-fast), refusing malformed input with its byte offset.
fn utf16(bytes: &[u8], little_endian: bool) -> Result<String> {
    use encoding_rs::{DecoderResult, UTF_16BE, UTF_16LE};
    if !bytes.len().is_multiple_of(2) {
        return Err(Error::InvalidUtf16 {
            detail: format!("odd number of bytes ({})", bytes.len()),
        });
    }
    let encoding = if little_endian { UTF_16LE } else { UTF_16BE };
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .ok_or_else(|| Error::InvalidUtf16 {
            detail: "too large".into(),
        })?;
    let mut out = String::with_capacity(capacity);
    let (result, read) = decoder.decode_to_string_without_replacement(bytes, &mut out, true);
    if let DecoderResult::Malformed(bad, after) = result {
        let offset = read - bad as usize - after as usize;
        let unit = &bytes[offset..offset + 2];
        let unit = if little_endian {
            u16::from_le_bytes([unit[0], unit[1]])
        } else {
            u16::from_be_bytes([unit[0], unit[1]])
        };
        return Err(Error::InvalidUtf16 {
            detail: format!("unpaired surrogate {unit:#06x} at byte offset {offset}"),
        });
    }
    if let Some(nul) = out.find('\0') {
        return Err(Error::Binary {
            offset: out[..nul].encode_utf16().count() * 2,
        });
    }
    Ok(out)
}

/// `Some(true)` for little endian when NULs sit at odd offsets in most pairs of the first KiB.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let head = &bytes[..bytes.len().min(1024)];
    let pairs = head.len() / 2;
    let odd_zero = head
        .chunks_exact(2)
        .filter(|c| c[1] == 0 && c[0] != 0)
        .count();
    let even_zero = head
        .chunks_exact(2)
        .filter(|c| c[0] == 0 && c[1] != 0)
        .count();
    if odd_zero * 10 >= pairs * 6 {
        Some(true)
    } else if even_zero * 10 >= pairs * 6 {
        Some(false)
    } else {
        None
    }
}

/// Valid UTF-8 can still be binary (an executable's string table): refuse text whose share of
/// control characters no document has.
fn check_controls(text: &str) -> Result<()> {
    let mut controls = 0usize;
    let mut total = 0usize;
    let mut first = None;
    // Read as bytes (this runs over every file): control chars (Unicode Cc) are the bytes
    // 0x00-0x1f and 0x7f, and U+0080-U+009F, encoded 0xc2 0x80-0x9f.
    let bytes = text.as_bytes();
    let starts_control = |i: usize, b: u8| {
        (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x0b))
            || b == 0x7f
            || (b == 0xc2 && bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)))
    };
    // Most files hold no control char at all: settled in one quick pass, each byte with the
    // one after it, without early exit or short-circuit (the compiler vectorises it).
    let control_at = |b: u8, next: u8| {
        let low = (b < 0x20) & !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c | 0x0b);
        low | (b == 0x7f) | ((b == 0xc2) & (0x80..=0x9f).contains(&next))
    };
    let found = bytes
        .iter()
        .zip(&bytes[1.min(bytes.len())..])
        .fold(false, |found, (&b, &next)| found | control_at(b, next))
        | bytes.last().is_some_and(|&b| control_at(b, 0));
    if !found {
        return Ok(());
    }
    for (i, &b) in bytes.iter().enumerate() {
        if b & 0xc0 == 0x80 {
            continue;
        }
        if total == 1 << 16 {
            break;
        }
        total += 1;
        if starts_control(i, b) {
            controls += 1;
            first.get_or_insert(i);
        }
    }
    if controls * 100 > total.max(1) {
        return Err(Error::Binary {
            offset: first.unwrap_or(0),
        });
    }
    Ok(())
}

fn split_lines(text: &str) -> Result<Vec<Line>> {
    let mut lines = Vec::new();
    let mut page = 1u32;
    let mut number = 0u32;
    let mut rest = text;
    while !rest.is_empty() {
        // (a byte search: line ends are ASCII, and a char-set search decodes every char)
        let end = rest
            .bytes()
            .position(|b| b == b'\n' || b == b'\r')
            .unwrap_or(rest.len());
        let raw = &rest[..end];
        let mut next = &rest[end..];
        if next.starts_with("\r\n") {
            next = &next[2..];
        } else if !next.is_empty() {
            next = &next[1..];
        }
        number += 1;
        if raw.len() > MAX_LINE_BYTES {
            return Err(Error::LineTooLong {
                line: number as usize,
                bytes: raw.len(),
                limit: MAX_LINE_BYTES,
            });
        }
        // A form feed starts a new page; pdftotext puts it at the head of the page's first line.
        let mut pieces = raw.split('\x0c');
        let first = pieces.next().unwrap_or("");
        let mut text_of_line = clean(first);
        for piece in pieces {
            page += 1;
            if !text_of_line.trim().is_empty() {
                lines.push(Line {
                    text: std::mem::take(&mut text_of_line),
                    page: page - 1,
                    line: number,
                    bbox: None,
                });
            }
            text_of_line = clean(piece);
        }
        lines.push(Line {
            text: text_of_line,
            page,
            line: number,
            bbox: None,
        });
        rest = next;
    }
    Ok(lines)
}

/// NFC, and the invisible characters PDF extraction leaves behind made plain.
/// Chars that are NFC whatever stands around them (quick check Yes, combining class 0) and
/// that `clean` keeps as they are: most lines of Vietnamese text are made of these only, and
/// need no further look (tested against the Unicode tables below). `all_plainly_clean` reads
/// the same chars from the bytes; this, their definition, checks it.
#[cfg(test)]
fn plainly_clean(c: char) -> bool {
    matches!(c as u32,
        0..=0x9f | 0xa1..=0xac | 0xae..=0x2ff | 0x1ea0..=0x1ef9 | 0x2010..=0x2027 | 0x2030..=0x205e)
}

/// `s.chars().all(plainly_clean)`, read from the UTF-8 bytes without decoding the chars (this
/// runs over every line of every text).
fn all_plainly_clean(s: &str) -> bool {
    let b = s.as_bytes();
    let at = |i: usize| b.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < b.len() {
        let x = b[i];
        if x < 0x80 {
            i += 1;
            continue;
        }
        let clean = match x {
            // U+0080–U+00BF but U+00A0 and U+00AD; U+00C0–U+02FF
            0xc2 => !matches!(at(i + 1), 0xa0 | 0xad),
            0xc3..=0xcb => true,
            // U+1EA0–U+1EF9
            0xe1 => match at(i + 1) {
                0xba => at(i + 2) >= 0xa0,
                0xbb => at(i + 2) <= 0xb9,
                _ => false,
            },
            // U+2010–U+2027, U+2030–U+205E
            0xe2 => match at(i + 1) {
                0x80 => matches!(at(i + 2), 0x90..=0xa7 | 0xb0..=0xbf),
                0x81 => at(i + 2) <= 0x9e,
                _ => false,
            },
            _ => false,
        };
        if !clean {
            return false;
        }
        i += if x < 0xe0 { 2 } else { 3 };
    }
    true
}

fn clean(s: &str) -> String {
    if all_plainly_clean(s) {
        return s.to_string();
    }
    let needs_nfc = is_nfc_quick(s.chars()) != IsNormalized::Yes;
    let odd = |c: char| {
        matches!(
            c,
            '\u{a0}' | '\u{ad}' | '\u{200b}' | '\u{feff}' | '\u{2009}'
        )
    };
    if !needs_nfc && !s.chars().any(odd) {
        return s.to_string();
    }
    let mapped = s.chars().filter_map(|c| match c {
        '\u{a0}' | '\u{2009}' => Some(' '),
        '\u{ad}' | '\u{200b}' | '\u{feff}' => None,
        c => Some(c),
    });
    if needs_nfc {
        mapped.collect::<String>().nfc().collect()
    } else {
        mapped.collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plainly_clean_chars_need_no_normalization_or_mapping() {
        for c in (0..=0x10ffffu32)
            .filter_map(char::from_u32)
            .filter(|&c| plainly_clean(c))
        {
            let s = c.to_string();
            assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "{c:?}");
            assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0);
            assert!(!matches!(
                c,
                '\u{a0}' | '\u{ad}' | '\u{200b}' | '\u{feff}' | '\u{2009}'
            ));
        }
    }

    #[test]
    fn plainly_clean_text_read_from_bytes_as_from_chars() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("Sở {c}b"), format!("ế{c}")] {
                assert_eq!(
                    all_plainly_clean(&s),
                    s.chars().all(plainly_clean),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn control_bytes_are_the_control_chars() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let text = format!("{c}{}", "a".repeat(10));
            let flagged = check_controls(&text).is_err();
            let expected = c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0c' | '\x0b');
            assert_eq!(flagged, expected, "{c:?}");
        }
    }

    fn texts(i: &Ingested) -> Vec<&str> {
        i.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn trailing_blank_lines_are_kept_for_line_structure_only() {
        let bytes = "Điều 1\n\n  \n\n".as_bytes();
        let kept: Vec<String> = decode_lines(bytes)
            .unwrap()
            .into_iter()
            .map(|l| l.text)
            .collect();
        assert_eq!(kept, ["Điều 1", "", "  ", ""]);
        assert_eq!(texts(&decode_text(bytes).unwrap()), ["Điều 1"]);
        assert_eq!(decode_text("a\n\x0c".as_bytes()).unwrap().pages, 1);
        assert!(matches!(decode_lines(b" \n\n"), Err(Error::NoText)));
    }

    #[test]
    fn utf8_bom_crlf_and_cr() {
        let i = decode_text("\u{feff}KẾ HOẠCH\r\nSố 1\rcuối".as_bytes()).unwrap();
        assert_eq!(i.encoding, "utf-8-bom");
        assert_eq!(texts(&i), ["KẾ HOẠCH", "Số 1", "cuối"]);
        assert_eq!(i.lines[2].line, 3);
    }

    #[test]
    fn utf16_both_orders_with_and_without_bom() {
        let s = "Kế hoạch số 181/KH-UBND\nngày 25";
        let le: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let be: Vec<u8> = s.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        for (bytes, enc) in [
            ([&[0xFF, 0xFE][..], &le].concat(), "utf-16le"),
            ([&[0xFE, 0xFF][..], &be].concat(), "utf-16be"),
            (le.clone(), "utf-16le"),
            (be.clone(), "utf-16be"),
        ] {
            let i = decode_text(&bytes).unwrap();
            assert_eq!(i.encoding, enc);
            assert_eq!(texts(&i), ["Kế hoạch số 181/KH-UBND", "ngày 25"]);
        }
    }

    #[test]
    fn malformed_utf16_names_the_surrogate_and_its_offset() {
        let mut le: Vec<u8> = "Kế hoạch"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let offset = le.len();
        le.extend_from_slice(&0xD800u16.to_le_bytes());
        le.extend("ab".encode_utf16().flat_map(|u| u.to_le_bytes()));
        let bytes = [&[0xFF, 0xFE][..], &le].concat();
        let e = decode_text(&bytes).unwrap_err().to_string();
        assert!(
            e.contains(&format!(
                "unpaired surrogate 0xd800 at byte offset {offset}"
            )),
            "{e}"
        );
        let e = decode_text(&[0xFF, 0xFE, 0x41]).unwrap_err().to_string();
        assert!(e.contains("odd number of bytes"), "{e}");
    }

    #[test]
    fn nfd_becomes_nfc() {
        let nfd: String = "Nghị quyết".nfd().collect();
        assert_ne!(nfd, "Nghị quyết");
        let i = decode_text(nfd.as_bytes()).unwrap();
        assert_eq!(i.lines[0].text, "Nghị quyết");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let mut bytes = "Kế hoạch ".as_bytes().to_vec();
        let at = bytes.len();
        bytes.push(0xC3);
        bytes.push(0x28);
        match decode_text(&bytes) {
            Err(Error::InvalidUtf8 { offset, .. }) => assert_eq!(offset, at),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn binary_empty_and_blank_are_errors() {
        assert!(matches!(decode_text(b""), Err(Error::Empty)));
        assert!(matches!(
            decode_text(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x03\x00"),
            Err(Error::Binary { .. })
        ));
        assert!(matches!(decode_text(b" \n\t\n"), Err(Error::NoText)));
    }

    #[test]
    fn too_long_line_is_refused() {
        let long = vec![b'a'; MAX_LINE_BYTES + 1];
        assert!(matches!(
            decode_text(&long),
            Err(Error::LineTooLong { line: 1, .. })
        ));
    }

    #[test]
    fn form_feeds_count_pages() {
        let i = decode_text(b"one\n\x0ctwo\nthree\x0cfour\n\x0c").unwrap();
        let pages: Vec<(u32, &str)> = i.lines.iter().map(|l| (l.page, l.text.as_str())).collect();
        assert_eq!(pages, [(1, "one"), (2, "two"), (2, "three"), (3, "four")]);
        assert_eq!(i.pages, 3);
    }
}
