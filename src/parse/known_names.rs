//! Names whose spelling is fixed: the provinces, the positions that sign documents, and the
//! ranks of the armed forces. A header or closing read by OCR often has one of their marks
//! wrong ("CÔNG AN TĨNH LÂM ĐÒNG", "GIÁM ĐÓC", "Lâm Đông"); compared without marks (and, for
//! positions, without the spaces OCR puts inside words: "BỘ TRƯỞN G"), they are recognised and
//! written as they are spelled. A text that matches none is left as it is.

use crate::text::fold;

/// The provinces and centrally-run cities, before and after the 2025 merger.
const PROVINCES: &[&str] = &[
    "An Giang",
    "Bà Rịa - Vũng Tàu",
    "Bạc Liêu",
    "Bắc Giang",
    "Bắc Kạn",
    "Bắc Ninh",
    "Bến Tre",
    "Bình Dương",
    "Bình Định",
    "Bình Phước",
    "Bình Thuận",
    "Cà Mau",
    "Cao Bằng",
    "Cần Thơ",
    "Đà Nẵng",
    "Đắk Lắk",
    "Đắk Nông",
    "Điện Biên",
    "Đồng Nai",
    "Đồng Tháp",
    "Gia Lai",
    "Hà Giang",
    "Hà Nam",
    "Hà Nội",
    "Hà Tĩnh",
    "Hải Dương",
    "Hải Phòng",
    "Hậu Giang",
    "Hòa Bình",
    "Hưng Yên",
    "Khánh Hòa",
    "Kiên Giang",
    "Kon Tum",
    "Lai Châu",
    "Lâm Đồng",
    "Lạng Sơn",
    "Lào Cai",
    "Long An",
    "Nam Định",
    "Nghệ An",
    "Ninh Bình",
    "Ninh Thuận",
    "Phú Thọ",
    "Phú Yên",
    "Quảng Bình",
    "Quảng Nam",
    "Quảng Ngãi",
    "Quảng Ninh",
    "Quảng Trị",
    "Sóc Trăng",
    "Sơn La",
    "Tây Ninh",
    "Thái Bình",
    "Thái Nguyên",
    "Thanh Hóa",
    "Thừa Thiên Huế",
    "Huế",
    "Tiền Giang",
    "Hồ Chí Minh",
    "Trà Vinh",
    "Tuyên Quang",
    "Vĩnh Long",
    "Vĩnh Phúc",
    "Yên Bái",
];

/// Positions and the bodies an authority line signs for (ô 7 of NĐ 30).
const POSITIONS: &[&str] = &[
    "CHỦ TỊCH",
    "PHÓ CHỦ TỊCH",
    "GIÁM ĐỐC",
    "PHÓ GIÁM ĐỐC",
    "TỔNG GIÁM ĐỐC",
    "PHÓ TỔNG GIÁM ĐỐC",
    "CỤC TRƯỞNG",
    "PHÓ CỤC TRƯỞNG",
    "TỔNG CỤC TRƯỞNG",
    "PHÓ TỔNG CỤC TRƯỞNG",
    "VỤ TRƯỞNG",
    "PHÓ VỤ TRƯỞNG",
    "BỘ TRƯỞNG",
    "THỨ TRƯỞNG",
    "THỦ TƯỚNG",
    "PHÓ THỦ TƯỚNG",
    "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG",
    "CHÁNH THANH TRA",
    "PHÓ CHÁNH THANH TRA",
    "TRƯỞNG BAN",
    "PHÓ TRƯỞNG BAN",
    "TRƯỞNG PHÒNG",
    "PHÓ TRƯỞNG PHÒNG",
    "VIỆN TRƯỞNG",
    "PHÓ VIỆN TRƯỞNG",
    "HIỆU TRƯỞNG",
    "PHÓ HIỆU TRƯỞNG",
    "CHỦ NHIỆM",
    "PHÓ CHỦ NHIỆM",
    "BÍ THƯ",
    "PHÓ BÍ THƯ",
    "TRƯỞNG ĐOÀN",
    "TỔ TRƯỞNG",
    "PHÓ TỔ TRƯỞNG",
    "CHÁNH ÁN",
    "TỔNG THƯ KÝ",
    "ỦY BAN NHÂN DÂN",
    "HỘI ĐỒNG NHÂN DÂN",
    "BAN THƯỜNG VỤ",
    "BAN CHẤP HÀNH",
    "CHÍNH PHỦ",
];

/// The words a body's name opens with in an issuer line, as spelled ("TỎ CÔNG TÁC" read for
/// "TỔ CÔNG TÁC"). Folded, none is another of them, and no issuer line opens with another
/// word of the same letters ("SỐ", "TỜ" open other lines).
const BODY_HEADS: &[&str] = &[
    "ỦY BAN",
    "HỘI ĐỒNG",
    "TỔNG CỤC",
    "CHI CỤC",
    "CỤC",
    "SỞ",
    "BỘ",
    "TỔ",
    "BAN",
    "VỤ",
    "VIỆN",
    "TRUNG TÂM",
    "CÔNG AN",
    "VĂN PHÒNG",
    "THANH TRA",
    "KHO BẠC",
    "BỆNH VIỆN",
    "ĐẢNG ỦY",
];

/// Ranks of the army and the police, which Công an and Quân đội signers print before their
/// name ("Thiếu tướng Trương Minh Đương").
const RANKS: &[&str] = &[
    "Đại tướng",
    "Thượng tướng",
    "Trung tướng",
    "Thiếu tướng",
    "Đại tá",
    "Thượng tá",
    "Trung tá",
    "Thiếu tá",
    "Đại úy",
    "Thượng úy",
    "Trung úy",
    "Thiếu úy",
];

/// Whether two spellings differ only in where a tone mark sits on a vowel pair ("Hòa" and
/// "Hoà"): both are right, and the printed one is kept.
pub fn same_but_tone_place(a: &str, b: &str) -> bool {
    use crate::restore::token::split_tone;
    let parts = |s: &str| -> (String, Vec<u8>) {
        let mut base = String::new();
        let mut tones = Vec::new();
        for c in s.chars().flat_map(char::to_lowercase) {
            let (b, t) = split_tone(c);
            base.push(b);
            if t != 0 {
                tones.push(t);
            }
        }
        (base, tones)
    };
    parts(a) == parts(b)
}

/// The province a place name names, spelled right ("Lâm Đông" → "Lâm Đồng"); `None` when it
/// is none, or already spelled right.
pub fn province(name: &str) -> Option<&'static str> {
    let f = squeeze(&fold(name));
    let known = PROVINCES.iter().find(|p| squeeze(&fold(p)) == f)?;
    (!same_but_tone_place(&crate::text::collapse_ws(name), known)).then_some(*known)
}

/// Folded text without spaces or the dashes that OCR spaces out.
fn squeeze(f: &str) -> String {
    f.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '–')
        .collect()
}

/// The text with its opening words replaced by the known position they spell ("GIÁM ĐÓC" →
/// "GIÁM ĐỐC", "CỤC TRƯƠNG CỤC X" → "CỤC TRƯỞNG CỤC X", "BỘ TRƯỞN G" → "BỘ TRƯỞNG"): the
/// longest position whose letters open the text and end at one of its word ends.
pub fn position(text: &str) -> Option<String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    // A position with one letter misread is respelled, not recognised as one elsewhere.
    let (n, p) = opening_position(&words).or_else(|| one_letter_off(&words))?;
    let mut fixed = p.to_string();
    for w in &words[n..] {
        fixed.push(' ');
        fixed.push_str(w);
    }
    let same = fixed == words.join(" ");
    (!same).then_some(fixed)
}

/// Whether the text opens with a known position, however spelled ("PHÓ CHỦ TỊCH UBND TỈNH").
pub fn opens_with_position(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    opening_position(&words).is_some()
}

/// The longest known position whose letters open `words` and end at one of their ends: how
/// many words it takes, and its spelling.
fn opening_position(words: &[&str]) -> Option<(usize, &'static str)> {
    let mut best: Option<(usize, &str)> = None;
    for p in POSITIONS {
        let want = squeeze(&fold(p));
        let mut got = String::new();
        for (k, w) in words.iter().enumerate() {
            got.push_str(&squeeze(&fold(w)));
            if got.len() >= want.len() {
                if got == want && best.is_none_or(|(_, b)| b.len() < p.len()) {
                    best = Some((k + 1, p));
                }
                break;
            }
        }
    }
    best
}

/// The one position of at least eight letters that the text's opening words spell but for one
/// letter misread ("THÔ CHỦ TỊCH": a P read as a T), and the words it takes; none where two
/// positions are that close (a "TỔ TRƯỞNG" is not taken for a "BỘ TRƯỞNG": it matches itself).
fn one_letter_off(words: &[&str]) -> Option<(usize, &'static str)> {
    let mut found: Option<(usize, &'static str)> = None;
    for p in POSITIONS {
        let want: Vec<char> = squeeze(&fold(p)).chars().collect();
        if want.len() < 8 {
            continue;
        }
        let mut got: Vec<char> = Vec::new();
        for (k, w) in words.iter().enumerate() {
            got.extend(squeeze(&fold(w)).chars());
            if got.len() >= want.len() {
                let off = got.iter().zip(&want).filter(|(a, b)| a != b).count();
                if got.len() == want.len() && off == 1 {
                    if found.is_some() {
                        return None;
                    }
                    found = Some((k + 1, *p));
                }
                break;
            }
        }
    }
    found
}

/// A rank opening a signer's line, and the rest: ("Thiếu tướng", "Trương Minh Đương") from
/// "Thiếu tướng Trương Minh Đương" or its OCR reading "Thiêu tướng …".
pub fn split_rank(text: &str) -> Option<(&'static str, &str)> {
    let t = text.trim();
    let mut words = t.split_whitespace();
    let (first, second) = (words.next()?, words.next()?);
    let rank = RANKS
        .iter()
        .find(|r| fold(r) == fold(&format!("{first} {second}")))?;
    // `second` is a slice of `t`: the rest starts after it.
    let after = second.as_ptr() as usize - t.as_ptr() as usize + second.len();
    Some((rank, t[after..].trim()))
}

/// An issuer's line (in capitals) with the word its body's name opens with spelled right
/// ("TỎ CÔNG TÁC LIÊN NGÀNH TW" → "TỔ CÔNG TÁC LIÊN NGÀNH TW"); `None` when it opens with
/// no such word or already spells it.
pub fn body_head(line: &str) -> Option<String> {
    if !crate::text::is_upper(line) {
        return None;
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    for head in BODY_HEADS {
        let n = head.split_whitespace().count();
        let Some(opening) = words.get(..n).map(|w| w.join(" ")) else {
            continue;
        };
        if fold(&opening) != fold(head) {
            continue;
        }
        if same_but_tone_place(&opening, head) {
            return None;
        }
        let rest = &words[n..];
        return Some(
            std::iter::once(*head)
                .chain(rest.iter().copied())
                .collect::<Vec<_>>()
                .join(" "),
        );
    }
    None
}

/// The issuer's territory line with the unit word and the province spelled right
/// ("CÔNG AN TĨNH LÂM ĐÒNG" → "CÔNG AN TỈNH LÂM ĐỒNG"): only where a word read as "tinh"
/// (any marks) is followed by a province's name.
pub fn territory(line: &str) -> Option<String> {
    let words: Vec<&str> = line.split_whitespace().collect();
    let upper = crate::text::is_upper(line);
    for i in 0..words.len() {
        if fold(words[i]) != "tinh" {
            continue;
        }
        for n in (1..=4).rev() {
            let Some(name) = words.get(i + 1..i + 1 + n) else {
                continue;
            };
            let name = name.join(" ");
            let f = squeeze(&fold(&name));
            let Some(known) = PROVINCES.iter().find(|p| squeeze(&fold(p)) == f) else {
                continue;
            };
            let known = if same_but_tone_place(&name, known) {
                name
            } else if upper {
                known.to_uppercase()
            } else {
                known.to_string()
            };
            let unit = if upper { "TỈNH" } else { "tỉnh" };
            let unit = if words[i] == "Tỉnh" { "Tỉnh" } else { unit };
            let mut out: Vec<String> = words[..i].iter().map(|w| w.to_string()).collect();
            out.push(unit.to_string());
            out.push(known);
            out.extend(words[i + 1 + n..].iter().map(|w| w.to_string()));
            let out = out.join(" ");
            return (out != words.join(" ")).then_some(out);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provinces_spelled_right() {
        assert_eq!(province("Lâm Đông"), Some("Lâm Đồng"));
        assert_eq!(province("Lâm Đồng"), None);
        assert_eq!(province("Khánh Hoà"), None);
        assert_eq!(province("Đông Hà"), None);
        assert_eq!(
            territory("CÔNG AN TĨNH LÂM ĐÒNG").as_deref(),
            Some("CÔNG AN TỈNH LÂM ĐỒNG")
        );
        assert_eq!(territory("UBND TỈNH HÀ TĨNH"), None);
        assert_eq!(
            territory("SỞ Y TẾ TỈNH HÀ TỊNH").as_deref(),
            Some("SỞ Y TẾ TỈNH HÀ TĨNH")
        );
        // "tĩnh" not followed by a province is some other word.
        assert_eq!(territory("TRUNG TÂM TĨNH ĐIỆN"), None);
    }

    #[test]
    fn positions_spelled_right() {
        assert_eq!(position("GIÁM ĐÓC").as_deref(), Some("GIÁM ĐỐC"));
        assert_eq!(position("PHÔ CHỦ TỊCH").as_deref(), Some("PHÓ CHỦ TỊCH"));
        assert_eq!(position("BỘ TRƯỞN G").as_deref(), Some("BỘ TRƯỞNG"));
        // One letter misread, where no other position is as close.
        assert_eq!(position("THÔ CHỦ TỊCH").as_deref(), Some("PHÓ CHỦ TỊCH"));
        assert_eq!(position("TỔ TRƯỞNG"), None);
        assert_eq!(position("THÔ TRƯỞNG").as_deref(), Some("THỨ TRƯỞNG"));
        // As close to "BỘ TRƯỞNG" as to "TỔ TRƯỞNG": left alone.
        assert_eq!(position("XỘ TRƯỞNG"), None);
        assert_eq!(
            position("CỤC TRƯƠNG CỤC BỔ TRỢ TƯ PHÁP").as_deref(),
            Some("CỤC TRƯỞNG CỤC BỔ TRỢ TƯ PHÁP")
        );
        assert_eq!(position("PHÓ GIÁM ĐỐC"), None);
        // A word that only starts like a position is not one.
        assert_eq!(position("CHỦ TỊCHX"), None);
        assert_eq!(position("GIÁM SÁT VIÊN"), None);
    }

    #[test]
    fn body_heads_spelled_right() {
        assert_eq!(
            body_head("TỎ CÔNG TÁC LIÊN NGÀNH TW").as_deref(),
            Some("TỔ CÔNG TÁC LIÊN NGÀNH TW")
        );
        assert_eq!(body_head("BỘ CÔNG AN"), None);
        assert_eq!(body_head("UỶ BAN NHÂN DÂN"), None);
        assert_eq!(
            body_head("ỦY BẠN NHÂN DÂN").as_deref(),
            Some("ỦY BAN NHÂN DÂN")
        );
        assert_eq!(body_head("CỤC BỔ TRỢ TƯ PHÁP"), None);
        // Not in capitals, or another word: left alone.
        assert_eq!(body_head("Tỏ công tác"), None);
        assert_eq!(body_head("TỈNH ỦY LÂM ĐỒNG"), None);
    }

    #[test]
    fn ranks_before_names() {
        assert_eq!(
            split_rank("Thiêu tướng Trương Minh Đương"),
            Some(("Thiếu tướng", "Trương Minh Đương"))
        );
        assert_eq!(
            split_rank("Đại tá Nguyễn Văn A"),
            Some(("Đại tá", "Nguyễn Văn A"))
        );
        assert_eq!(split_rank("Trương Minh Đương"), None);
    }
}
