//! The closing block: recipients ("Nơi nhận:" list, ô 9b; "Kính gửi:", ô 9a) and the signature
//! (authority lines, position, name, ô 7). Text extraction interleaves the two columns line by
//! line, so each line is classified on its own.

use super::known_names;
use crate::layout::is_authority_line;
use crate::model::{Authority, Signer};
use crate::text::{collapse_ws, fold, is_upper};

#[derive(Debug, Default)]
pub struct Closing {
    pub recipients: Vec<String>,
    pub signer: Signer,
    /// Line indexes (into the layout's lines) of the signature lines read.
    pub signer_lines: Vec<usize>,
    /// Lines that fit nothing: kept, and reported.
    pub unknown: Vec<(String, usize)>,
}

/// "Lê Kỳ Quang", "Nguyễn Ngọc Lân": 2–6 capitalised words, no digits or punctuation.
pub fn is_person_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && s.chars().count() <= 50
        && words.iter().all(|w| {
            let mut cs = w.chars();
            // A name's syllables have two letters or more: capitals alone ("Ấ Ạ Ầ") are what
            // OCR reads from a seal.
            cs.next().is_some_and(|c| c.is_uppercase())
                && cs.clone().count() >= 1
                && cs.all(|c| c.is_lowercase())
        })
}

pub(super) fn is_signed_note(s: &str) -> bool {
    let f = fold(s);
    let core = f.trim_matches(|c: char| "[]() ".contains(c));
    core == "da ky"
        || core.starts_with("ky boi")
        || core == "(da ky)"
        // A form's instruction where the signature goes: "(Ký tên, đóng dấu)".
        || f.starts_with("(ky ten")
        || f.starts_with("(ky, ")
}

/// The columns of a line typed with tabs or runs of five spaces or more between them ("Nơi nhận:\t\tCHỦ
/// TỊCH", "- Sở, Ban ngành TP      Võ Thanh Tòng"), as old Word files and text extraction
/// lay the two columns of the closing out; a line without such a gap is one column.
pub(super) fn column_parts(text: &str) -> Vec<&str> {
    // (most lines have no gap wider than one space: no tab, no two blanks side by side; found
    // by a byte search, without decoding every char of every line)
    let b = text.as_bytes();
    let blank_after_blank = b.windows(2).any(|w| w[0] == b' ' && w[1] == b' ');
    if !b.contains(&b'\t') && !text.contains('\u{a0}') && !blank_after_blank {
        let part = text.trim();
        return if part.is_empty() { vec![] } else { vec![part] };
    }
    let mut parts = Vec::new();
    let mut start = 0;
    let mut gap: Option<(usize, usize)> = None;
    fn cut<'t>(parts: &mut Vec<&'t str>, text: &'t str, a: usize, b: usize) {
        let part = text[a..b].trim();
        if !part.is_empty() {
            parts.push(part);
        }
    }
    for (i, c) in text.char_indices() {
        if matches!(c, ' ' | '\t' | '\u{a0}') {
            let (from, width) = gap.unwrap_or((i, 0));
            gap = Some((from, width + if c == '\t' { 5 } else { 1 }));
            continue;
        }
        if let Some((from, width)) = gap.take() {
            // (OCR and text extraction leave two or three spaces between words.)
            if width >= 5 {
                cut(&mut parts, text, start, from);
                start = i;
            }
        }
    }
    cut(&mut parts, text, start, text.len());
    parts
}

/// Reads lines (`(text, index)`) of the closing block.
pub fn read(lines: &[(String, usize)]) -> Closing {
    let mut c = Closing::default();
    let mut last_was_recipient = false;
    // Lines to read; a line carrying two columns puts its second part back in front.
    let mut queue: std::collections::VecDeque<(String, usize)> = lines
        .iter()
        .flat_map(|(t, at)| column_parts(t).into_iter().map(|p| (collapse_ws(p), *at)))
        .collect();
    // Since "Nơi nhận": a list's dash may be read by OCR as another stroke ("~ Như trên;").
    let mut after_label = false;
    // The office line read last (the position or the other office) and where it stands.
    let mut last_office: Option<(Office, usize)> = None;
    while let Some((mut text, at)) = queue.pop_front() {
        let f = fold(&text);
        if crate::layout::is_receipt_label(&text) || f.starts_with("kinh gui") {
            after_label = true;
            // What follows the label is another column's line ("Nơi nhận: PHÓ GIÁM ĐỐC").
            last_was_recipient = false;
            text = match text.split_once(':') {
                Some((_, rest)) => rest.trim().to_string(),
                None => text
                    .split_whitespace()
                    .skip(2)
                    .collect::<Vec<_>>()
                    .join(" "),
            };
        }
        if text.is_empty() {
            continue;
        }
        let first = text.chars().next().unwrap();
        let ocr_dash = after_label && "~=ˆ¬·".contains(first);
        if "-–+•".contains(first) || ocr_dash {
            let item = text[first.len_utf8()..].trim();
            // "- Như Điều 3; PHÓ CHỦ TỊCH": the signature column run onto a recipient line.
            let (item, tail) = split_signature_tail(item);
            if !item.is_empty() {
                c.recipients.push(item.to_string());
            }
            if let Some(tail) = tail {
                queue.push_front((tail.to_string(), at));
            }
            last_was_recipient = true;
            continue;
        }
        // What OCR reads from a seal, a signature's strokes or specks beside the signature
        // block ("; GIÁM ĐÓC", "_GIÁM ĐỐC", "TL. BỘ TRƯỞN G ;") is trimmed off its ends.
        let text = trim_specks(&text);
        if text.is_empty() {
            continue;
        }
        if is_authority_line(&text) {
            let (auth, who) = split_authority(&text);
            let who = known_names::position(&who).unwrap_or(who);
            c.signer.authorities.push(Authority {
                authority: auth,
                on_behalf_of: who,
            });
            c.signer_lines.push(at);
            last_was_recipient = false;
            continue;
        }
        if is_signed_note(&text) {
            c.signer.note = Some(text.clone());
            c.signer_lines.push(at);
            continue;
        }
        if is_upper(&text) && reads_as_words(&text) {
            let line = known_names::position(&text).unwrap_or(text.clone());
            read_office(&mut c.signer, &mut last_office, line, at);
            c.signer_lines.push(at);
            last_was_recipient = false;
            continue;
        }
        if c.signer.name.is_none() && is_person_name(&text) {
            c.signer.name = Some(text.clone());
            c.signer_lines.push(at);
            continue;
        }
        // "Thiếu tướng Trương Minh Đương": a rank before the name.
        if let Some((rank, name)) = known_names::split_rank(&text)
            .filter(|(_, name)| c.signer.name.is_none() && is_person_name(name))
        {
            c.signer.name = Some(name.to_string());
            c.signer.rank = Some(rank.to_string());
            c.signer_lines.push(at);
            continue;
        }
        // A recipient wrapped onto the next line ("- VPCP: BTCN, các PCN, Trợ lý TTg," / "các Vụ, …").
        if last_was_recipient && first.is_lowercase() {
            if let Some(prev) = c.recipients.last_mut() {
                prev.push(' ');
                prev.push_str(&text);
                continue;
            }
        }
        c.unknown.push((text, at));
    }
    c.recipients = c.recipients.iter().map(|r| clean_recipient(r)).collect();
    c.recipients.retain(|r| !r.is_empty());
    if let Some(a) = c.signer.authorities.first() {
        c.signer.authority = Some(a.authority.clone());
        c.signer.on_behalf_of = Some(a.on_behalf_of.clone());
    }
    c
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Office {
    Position,
    Other,
}

/// Reads a capitalised line of the signature that is not an authority: the signer's
/// position, another office under it, or either wrapped onto this line.
fn read_office(signer: &mut Signer, last: &mut Option<(Office, usize)>, line: String, at: usize) {
    let opens = known_names::opens_with_position(&line);
    let before_name = signer.name.is_none();
    let first_opens = signer
        .position
        .as_deref()
        .is_some_and(known_names::opens_with_position);
    let office = match *last {
        // "GIÁM ĐỐC SỞ" / "KHOA HỌC VÀ CÔNG NGHỆ": an office wrapped onto the next line.
        Some((office, previous)) if before_name && !opens && previous + 1 == at => {
            let text = match office {
                Office::Position => signer.position.as_mut(),
                Office::Other => signer.other_position.as_mut(),
            };
            if let Some(text) = text {
                text.push(' ');
                text.push_str(&line);
            }
            office
        }
        // "PHÓ TRƯỞNG BAN" / "PHÓ CHỦ TỊCH UBND TỈNH": the signer's other office, not a better
        // reading of the first (a seal's words may stand between them).
        _ if before_name && first_opens && opens && signer.other_position.is_none() => {
            signer.other_position = Some(line);
            Office::Other
        }
        // Otherwise the last capitalised line is the position ("PHÓ CHỦ TỊCH").
        _ => {
            signer.position = Some(line);
            Office::Position
        }
    };
    *last = Some((office, at));
}

/// The line without the specks OCR reads around it: anything but a letter or digit before
/// its first letter, and stray marks after its last word.
fn trim_specks(text: &str) -> String {
    text.trim_start_matches(|c: char| !c.is_alphanumeric() && !"-–+•[(".contains(c))
        .trim_end_matches(|c: char| c.is_whitespace() || ";:,_~*'\"`^<>?!=|".contains(c))
        .to_string()
}

/// Capitals that read as words (a position): two words of two letters or more, most of them
/// shaped like Vietnamese syllables. Not what OCR reads from a seal ("Ấ Ạ Ầ", "TT ES.K").
fn reads_as_words(text: &str) -> bool {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| fold(w).chars().filter(|c| c.is_alphabetic()).collect())
        .filter(|w: &String| w.chars().count() >= 2)
        .collect();
    let syllables = words
        .iter()
        .filter(|w| crate::restore::lexicon::syllable_shape(w))
        .count();
    words.len() >= 2 && 2 * syllables > words.len()
}

/// Splits a signature line off the end of a recipient: after the item's closing ";" or ".",
/// capitals of two words or more ("PHÓ CHỦ TỊCH", "KT. CHỦ TỊCH") or a person's name.
fn split_signature_tail(item: &str) -> (&str, Option<&str>) {
    if let Some(pos) = item.rfind([';', '.']) {
        // After a separator, not an abbreviation's dot ("TT.HĐND, UBND TP"); positions have no
        // commas.
        let tail = item[pos + 1..].trim();
        if !item[pos + 1..].starts_with(char::is_whitespace) || tail.contains(',') {
            return (item, None);
        }
        let words = tail.split_whitespace().count();
        let signature = (is_upper(tail)
            && words >= 2
            && tail.chars().filter(|c| c.is_alphabetic()).count() >= 4)
            || is_person_name(tail);
        if !tail.is_empty() && signature {
            return (item[..pos + 1].trim(), Some(tail));
        }
    }
    (item, None)
}

fn split_authority(text: &str) -> (String, String) {
    // "KT, GIÁM ĐỐC" and "KT.̂ GIÁM ĐỐC" (OCR): the prefix with its dot.
    let mut t = crate::layout::tidy_authority(text.trim());
    if let Some(i) = t.find([',', '.']).filter(|&i| i <= 3) {
        let marks = t[i + 1..]
            .chars()
            .take_while(|c| ('\u{300}'..='\u{36f}').contains(c))
            .map(char::len_utf8)
            .sum::<usize>();
        t.replace_range(i..i + 1 + marks, ".");
    }
    // One stray lowercase letter OCR glued to a word of capitals ("GIÁMp ĐỐC").
    let t = t
        .split(' ')
        .map(|w| match w.char_indices().next_back() {
            Some((k, c))
                if c.is_lowercase() && w[..k].chars().filter(|c| c.is_uppercase()).count() >= 2 =>
            {
                &w[..k]
            }
            _ => w,
        })
        .collect::<Vec<_>>()
        .join(" ");
    let t = t.as_str();
    for p in [
        "TUQ.", "TM.", "KT.", "TL.", "Q.", "T/M", "K/T", "T/L", "T/U",
    ] {
        if let Some(rest) = t.strip_prefix(p) {
            // Party forms are also written with a dot: "T/M. BAN THƯỜNG VỤ".
            let rest = if p.contains('/') {
                rest.strip_prefix('.').unwrap_or(rest)
            } else {
                rest
            };
            return (p.to_string(), rest.trim().to_string());
        }
    }
    (String::new(), t.to_string())
}

/// "Sở KH&CN (để biết);" → "Sở KH&CN (để biết)".
fn clean_recipient(s: &str) -> String {
    s.trim()
        .trim_end_matches([';', ',', '.'])
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<(String, usize)> {
        s.lines()
            .enumerate()
            .map(|(i, l)| (l.to_string(), i))
            .collect()
    }

    #[test]
    fn columns_are_cut_at_tabs_and_wide_gaps_only() {
        assert_eq!(
            column_parts("Nơi nhận:\t\tCHỦ TỊCH"),
            ["Nơi nhận:", "CHỦ TỊCH"]
        );
        assert_eq!(
            column_parts("  - Sở, Ban ngành TP      Võ Thanh Tòng "),
            ["- Sở, Ban ngành TP", "Võ Thanh Tòng"]
        );
        assert_eq!(column_parts("- Bộ   Nội vụ;"), ["- Bộ   Nội vụ;"]);
        assert!(column_parts(" \t ").is_empty());
    }

    #[test]
    fn a_second_office_under_the_position_is_kept_apart() {
        let c = read(&lines(
            "Nơi nhận:\tTM. BAN CHỈ ĐẠO\n- Văn phòng Chính phủ;\tPHÓ TRƯỞNG BAN\n- Lưu: VT.\tPHÓ CHỦ TỊCH UBND TỈNH\nNguyễn Ngọc Phúc",
        ));
        assert_eq!(c.signer.position.as_deref(), Some("PHÓ TRƯỞNG BAN"));
        assert_eq!(
            c.signer.other_position.as_deref(),
            Some("PHÓ CHỦ TỊCH UBND TỈNH")
        );
        assert_eq!(c.signer.name.as_deref(), Some("Nguyễn Ngọc Phúc"));
        // A line under the position that opens with none is the position wrapped.
        let c = read(&lines(
            "GIÁM ĐỐC SỞ\nKHOA HỌC VÀ CÔNG NGHỆ\nNguyễn Văn Hùng",
        ));
        assert_eq!(
            c.signer.position.as_deref(),
            Some("GIÁM ĐỐC SỞ KHOA HỌC VÀ CÔNG NGHỆ")
        );
        assert_eq!(c.signer.other_position, None);
        // A seal's words read between the two offices; the second wrapped (OCR of a scan).
        let c = read(&lines(
            "KT, TỔ TRƯỞNG\nPHÓ TÔ TRƯỞNG THƯỜNG TRỰC\n; z ,TRƯỚI Ề\n`PHÓ CỮC TRƯỞNG\nCUC CẢNH SÁT ĐTTP VỀ MA TÚY\nĐại tá Bùi Duy Hưng",
        ));
        assert_eq!(
            c.signer.position.as_deref(),
            Some("PHÓ TỔ TRƯỞNG THƯỜNG TRỰC")
        );
        assert_eq!(
            c.signer.other_position.as_deref(),
            Some("PHÓ CỤC TRƯỞNG CUC CẢNH SÁT ĐTTP VỀ MA TÚY")
        );
        assert_eq!(c.signer.name.as_deref(), Some("Bùi Duy Hưng"));
    }

    #[test]
    fn interleaved_columns() {
        let c = read(&lines(
            "Nơi nhận:\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n- Sở KH&CN (để biết);\n- GĐ (để b/c), các PGĐ Sở;\n- Các phòng, đơn vị Sở;\n- Lưu: VT, ntnam.\nNguyễn Ngọc Lân",
        ));
        assert_eq!(
            c.recipients,
            [
                "Sở KH&CN (để biết)",
                "GĐ (để b/c), các PGĐ Sở",
                "Các phòng, đơn vị Sở",
                "Lưu: VT, ntnam"
            ]
        );
        assert_eq!(c.signer.authority.as_deref(), Some("KT."));
        assert_eq!(c.signer.on_behalf_of.as_deref(), Some("GIÁM ĐỐC"));
        assert_eq!(c.signer.position.as_deref(), Some("PHÓ GIÁM ĐỐC"));
        assert_eq!(c.signer.name.as_deref(), Some("Nguyễn Ngọc Lân"));
        assert!(c.unknown.is_empty());
    }

    #[test]
    fn two_authorities_note_and_wrapped_recipient() {
        let c = read(&lines(
            "Nơi nhận:\n- VPCP: BTCN, các PCN, Trợ lý TTg,\ncác Vụ, Cục, đơn vị trực thuộc, Công báo;\n- Lưu: VT, KGVX (2b).\nTM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\n[đã ký]\nNguyễn Hòa Bình",
        ));
        assert_eq!(c.recipients.len(), 2);
        assert_eq!(
            c.recipients[0],
            "VPCP: BTCN, các PCN, Trợ lý TTg, các Vụ, Cục, đơn vị trực thuộc, Công báo"
        );
        assert_eq!(c.signer.authorities.len(), 2);
        assert_eq!(c.signer.authorities[1].on_behalf_of, "THỦ TƯỚNG");
        assert_eq!(c.signer.position.as_deref(), Some("PHÓ THỦ TƯỚNG"));
        assert_eq!(c.signer.note.as_deref(), Some("[đã ký]"));
        assert_eq!(c.signer.name.as_deref(), Some("Nguyễn Hòa Bình"));
    }

    #[test]
    fn signature_run_onto_recipient_lines() {
        let c = read(&lines(
            "Nơi nhận: KT. CHỦ TỊCH\n- Như Điều 3; PHÓ CHỦ TỊCH\n- Lưu: VT, KGVX.\nTrần Văn Bình",
        ));
        assert_eq!(c.recipients, ["Như Điều 3", "Lưu: VT, KGVX"]);
        assert_eq!(c.signer.position.as_deref(), Some("PHÓ CHỦ TỊCH"));
        assert_eq!(c.signer.authority.as_deref(), Some("KT."));
        assert_eq!(c.signer.name.as_deref(), Some("Trần Văn Bình"));
    }

    #[test]
    fn party_prefixes_with_a_dot_and_three_levels() {
        let c = read(&lines(
            "Nơi nhận:\n- Như trên;\n- Lưu: VP.\nT/M. BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nLê Văn Hòa",
        ));
        assert_eq!(c.signer.authority.as_deref(), Some("T/M"));
        assert_eq!(c.signer.on_behalf_of.as_deref(), Some("BAN THƯỜNG VỤ"));
        assert_eq!(c.signer.position.as_deref(), Some("PHÓ BÍ THƯ"));
        assert_eq!(c.signer.name.as_deref(), Some("Lê Văn Hòa"));
        let c = read(&lines(
            "Nơi nhận:\n- Như trên;\nTL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nPhùng Tô Long",
        ));
        let chain: Vec<String> = c
            .signer
            .authorities
            .iter()
            .map(|a| format!("{} {}", a.authority, a.on_behalf_of))
            .collect();
        assert_eq!(chain, ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"]);
        assert_eq!(c.signer.position.as_deref(), Some("PHÓ CHÁNH VĂN PHÒNG"));
    }

    #[test]
    fn ocr_read_closing() {
        // Specks of a seal and a signature around the lines, a dash read as "~" or "=", a
        // position with a mark misread, a rank before the name, a comma for the dot.
        let c = read(&lines(
            "Nơi nhận:\n~ Như kính gửi;\n= Đ/c Giám đốc Công an tỉnh;\n- Lưu: VT, PC06.\n4\n_GIÁM ĐÓC\nẤ Ạ Ầ\nThiêu tướng Trương Minh Đương",
        ));
        assert_eq!(c.recipients.len(), 3);
        assert_eq!(c.signer.position.as_deref(), Some("GIÁM ĐỐC"));
        assert_eq!(c.signer.name.as_deref(), Some("Trương Minh Đương"));
        assert_eq!(c.signer.rank.as_deref(), Some("Thiếu tướng"));
        let c = read(&lines(
            "Nơi nhận:\n- Như trên;\nKT, GIÁMp ĐÓC\nPHO GIÁM ĐÓC\nTT ES.K\nNguyễn Đức Vũ",
        ));
        assert_eq!(c.signer.authority.as_deref(), Some("KT."));
        assert_eq!(c.signer.on_behalf_of.as_deref(), Some("GIÁM ĐỐC"));
        assert_eq!(c.signer.position.as_deref(), Some("PHÓ GIÁM ĐỐC"));
        assert_eq!(c.signer.name.as_deref(), Some("Nguyễn Đức Vũ"));
    }

    #[test]
    fn receipt_label_run_into_position() {
        let c = read(&lines(
            "KT. GIÁM ĐỐC\nNơi nhận: PHÓ GIÁM ĐỐC\n- Sở KH&CN (để biết);",
        ));
        assert_eq!(c.signer.position.as_deref(), Some("PHÓ GIÁM ĐỐC"));
        assert_eq!(c.recipients, ["Sở KH&CN (để biết)"]);
        assert_eq!(c.signer.name, None);
    }
}
