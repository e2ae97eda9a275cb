//! The closing block: recipients ("Nơi nhận:" list, ô 9b; "Kính gửi:", ô 9a) and the signature
//! (authority lines, position, name, ô 7). Text extraction interleaves the two columns line by
//! line, so each line is classified on its own.

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
            cs.next().is_some_and(|c| c.is_uppercase()) && cs.all(|c| c.is_lowercase())
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
    while let Some((mut text, at)) = queue.pop_front() {
        let f = fold(&text);
        if crate::layout::is_receipt_label(&text) || f.starts_with("kinh gui") {
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
        if "-–+•".contains(first) {
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
        if is_authority_line(&text) {
            let (auth, who) = split_authority(&text);
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
        if is_upper(&text) && text.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
            // The last capitalised line is the position ("PHÓ CHỦ TỊCH").
            c.signer.position = Some(text.clone());
            c.signer_lines.push(at);
            last_was_recipient = false;
            continue;
        }
        if c.signer.name.is_none() && is_person_name(&text) {
            c.signer.name = Some(text.clone());
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
    let t = crate::layout::tidy_authority(text.trim());
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
    fn receipt_label_run_into_position() {
        let c = read(&lines(
            "KT. GIÁM ĐỐC\nNơi nhận: PHÓ GIÁM ĐỐC\n- Sở KH&CN (để biết);",
        ));
        assert_eq!(c.signer.position.as_deref(), Some("PHÓ GIÁM ĐỐC"));
        assert_eq!(c.recipients, ["Sở KH&CN (để biết)"]);
        assert_eq!(c.signer.name, None);
    }
}
