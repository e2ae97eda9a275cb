//! The header block of NĐ 30/2020 (ô 1–5): issuing body and its parent, quốc hiệu and tiêu ngữ,
//! number and symbol, place and date, document type. Read line by line, because the two header
//! columns are often run together on one line by text extraction.

use crate::ingest::Line;
use crate::normalize::{dates, symbols};
use crate::text::{collapse_ws, fold, is_upper};
use regex::Regex;
use std::sync::LazyLock;

#[derive(Debug, Default, Clone)]
pub struct Header {
    pub issuer_lines: Vec<(String, usize)>,
    pub number: Option<(String, usize)>,
    pub symbol: Option<String>,
    pub place: Option<(String, usize)>,
    pub date: Option<(String, usize)>,
    /// "V/v …" subject line of a công văn.
    pub subject: Option<(String, usize)>,
    pub party: bool,
    /// Lines of the header zone nothing above recognised (kept, with a warning).
    pub unknown: Vec<(String, usize)>,
}

/// Folded forms of the quốc hiệu, tiêu ngữ and Party banner, which may share a line with the
/// issuer's name.
const BANNERS: [(&str, bool); 3] = [
    ("cong hoa xa hoi chu nghia viet nam", false),
    ("doc lap - tu do - hanh phuc", false),
    ("dang cong san viet nam", true),
];

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    // "Số: 03/NQ-CP", "Số:        /KH-VPUBND", Party "Số 57-NQ/TW", OCR "S6: o7 /KH-SXD".
    // Before 2020 the year came between: "Số: 256 /2004/QĐ-UB"; older symbols have dots and
    // dashes of any kind: "QĐ. BQL–VP".
    Regex::new(r"^(?:Số|SỐ|So|SO|S6|Sô|Sồ)\s*:?\s*([0-9oO]{0,5})\s*([/-])\s*((?:(?:19|20)\d\d\s*/\s*)?[A-ZĐ][A-Za-zĐđ&]{0,6}(?:(?:[-/–]|\.\s?)[A-ZĐ][A-Za-zĐđ0-9&]*)+)").unwrap()
});
static PLACE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,4})\s*,\s*(?i:ngày)").unwrap()
});

/// Words that open the second line of a body's name rather than a new body: "ỦY BAN NHÂN DÂN" /
/// "TỈNH AN GIANG" is one name.
const TERRITORY: [&str; 9] = [
    "tinh ",
    "thanh pho ",
    "huyen ",
    "quan ",
    "thi xa ",
    "xa ",
    "phuong ",
    "thi tran ",
    "dac khu ",
];

/// Document types by folded name, longest first so "thông tư liên tịch" wins over "thông tư".
pub fn match_type(line: &str) -> Option<(String, Option<&'static str>, String)> {
    let t = collapse_ws(line);
    if !is_upper(&t) {
        return None;
    }
    let f = fold(&t);
    let mut names: Vec<(&str, &str)> = symbols::TYPE_CODES
        .iter()
        .map(|(c, n)| (*c, *n))
        .chain([("", "CÔNG VĂN")])
        .collect();
    names.sort_by_key(|(_, n)| std::cmp::Reverse(n.len()));
    for (code, name) in names {
        let fname = fold(name);
        if f == fname || f.starts_with(&format!("{fname} ")) {
            let n = name.chars().count();
            let printed: String = t.chars().take(n).collect();
            let rest: String = t.chars().skip(n).collect::<String>().trim().to_string();
            let code = symbols::TYPE_CODES
                .iter()
                .find(|(c, _)| *c == code && !code.is_empty())
                .map(|(c, _)| *c);
            return Some((printed, code, rest));
        }
    }
    None
}

/// A line that is exactly a document type's name, in any case ("Nghị định", "Quyết định").
pub fn is_type_line_any_case(line: &str) -> bool {
    let f = fold(&collapse_ws(line));
    symbols::TYPE_CODES
        .iter()
        .map(|(_, n)| *n)
        .chain(["CÔNG VĂN"])
        .any(|n| fold(n) == f)
}

pub fn is_banner(line: &str) -> bool {
    // Banners are 20–40 letters long and capitalised or in title case: most lines are not.
    let len = line.trim().chars().count();
    if !(18..=45).contains(&len) {
        return false;
    }
    let f = fold(&collapse_ws(line));
    BANNERS.iter().any(|(b, _)| {
        find_banner(&f, b).is_some_and(|(pos, len)| pos == 0 && len == f.chars().count())
    })
}

/// Where `banner` stands in the folded line `f` (char position and length): exactly, or, for
/// OCR'd text, as the line's start or end within a small edit distance ("pec lap - tu do -
/// hanh phuc" for "doc lap - tu do - hanh phuc").
fn find_banner(f: &str, banner: &str) -> Option<(usize, usize)> {
    if let Some(pos) = f.find(banner) {
        return Some((f[..pos].chars().count(), banner.chars().count()));
    }
    let chars: Vec<char> = f.chars().collect();
    let n = banner.chars().count();
    if chars.len() < n {
        return None;
    }
    let allowed = n / 9;
    let close = |s: &[char]| strsim::levenshtein(&s.iter().collect::<String>(), banner) <= allowed;
    if close(&chars[chars.len() - n..]) {
        return Some((chars.len() - n, n));
    }
    if close(&chars[..n]) {
        return Some((0, n));
    }
    None
}

/// Reads the header lines (those above the type line). `base` is the index of the first.
pub fn read(lines: &[Line], base: usize) -> Header {
    let mut h = Header::default();
    let mut in_subject = false;
    for (k, line) in lines.iter().enumerate() {
        let at = base + k;
        let mut text = collapse_ws(&line.text);
        // A "V/v …" subject wraps onto the lines under it (read after the other column, they
        // open in lowercase).
        if in_subject || h.subject.is_some() && text.starts_with(char::is_lowercase) {
            if let Some((subject, _)) = &mut h.subject {
                if is_subject_continuation(&text) {
                    subject.push(' ');
                    subject.push_str(&text);
                    continue;
                }
            }
            in_subject = false;
        }
        // Split off the banners: what stands before one is the issuer column.
        let f = fold(&text);
        for (banner, party) in BANNERS {
            if let Some((pos, len)) = find_banner(&f, banner) {
                h.party |= party;
                let byte_pos = crate::text::byte_offset(&text, pos);
                let after = crate::text::byte_offset(&text, pos + len);
                let rest = text[after..].trim().to_string();
                text = text[..byte_pos].trim().to_string();
                if !rest.is_empty() {
                    read_item(&mut h, &rest, at);
                }
                break;
            }
        }
        if !text.is_empty() {
            read_item(&mut h, &text, at);
            in_subject = h.subject.as_ref().is_some_and(|s| s.1 == at);
        }
    }
    h
}

/// A line that continues a "V/v" subject: ordinary text, not another header item or opening.
pub fn is_subject_continuation(text: &str) -> bool {
    let f = fold(text);
    !text.is_empty()
        && !is_upper(text)
        // The tiêu ngữ of the other column, read after the subject.
        && !BANNERS.iter().any(|(b, _)| find_banner(&f, b).is_some())
        && !f.starts_with("kinh gui")
        && !f.starts_with("so:")
        && dates::find_date(text).is_none()
        && !crate::layout::is_block_start(text)
        && crate::layout::split_marker(text).is_none()
}

fn read_item(h: &mut Header, text: &str, at: usize) {
    let text = text.trim();
    if text.is_empty() || text.chars().all(|c| "*-_=~. ".contains(c)) {
        return;
    }
    if h.number.is_none() && h.symbol.is_none() {
        if let Some(c) = NUMBER.captures(text) {
            let digits = c[1].replace(['o', 'O'], "0");
            let sep = &c[2];
            let sym: String = c[3].split_whitespace().collect();
            h.symbol = Some(sym.clone());
            if !digits.is_empty() {
                h.number = Some((format!("{digits}{sep}{sym}"), at));
            }
            let rest = text[c.get(0).unwrap().end()..].trim();
            if !rest.is_empty() {
                read_item(h, rest, at);
            }
            return;
        }
    }
    if h.date.is_none() {
        if let Some(d) = dates::find_date(text) {
            let before = &text[..d.start];
            let place_date = PLACE_DATE
                .captures(&text[..d.end])
                .filter(|c| c.get(0).unwrap().end() > d.start);
            if let Some(c) = place_date {
                h.place = Some((c[1].trim().to_string(), at));
            } else if !before.trim().is_empty() {
                let place = before.trim().trim_end_matches(',').trim();
                if !place.is_empty() && place.chars().count() <= 40 {
                    h.place = Some((place.to_string(), at));
                }
            }
            h.date = Some((d.iso, at));
            return;
        }
    }
    if crate::text::fold_starts_with(text, "v/v") {
        h.subject = Some((text.to_string(), at));
        return;
    }
    // The issuer stands above the number and the date: a capitalised line after the date is
    // the type or title of a document whose type is not an NĐ 30 one ("BẢN QUY ĐỊNH").
    if crate::text::is_mostly_upper(text) && h.date.is_none() {
        h.issuer_lines.push((text.to_string(), at));
        return;
    }
    h.unknown.push((text.to_string(), at));
}

/// (name, parent) of the issuer from its header lines: the last body is the issuer, the one
/// above it its parent. A body's name wraps over several lines: a line continues the one above
/// when it opens with a territorial unit ("TỈNH HẬU GIANG"), when the line above ends inside a
/// phrase ("CỤC ĐỔI MỚI SÁNG TẠO," / "CHUYỂN ĐỔI XANH VÀ" / "KHUYẾN CÔNG"), or when it does not
/// open with a body's name ("TRUNG TÂM XÚC TIẾN ĐẦU TƯ" / "THƯƠNG MẠI VÀ DU LỊCH").
pub fn issuer(lines: &[(String, usize)]) -> (Option<String>, Option<String>) {
    let mut bodies: Vec<String> = Vec::new();
    for (text, _) in lines {
        let f = fold(text);
        let after_open_phrase = bodies.last().is_some_and(|last| {
            let l = fold(last);
            l.ends_with(',') || l.ends_with(" va") || l.ends_with('-')
        });
        let continues = TERRITORY.iter().any(|t| f.starts_with(t))
            || after_open_phrase
            || !crate::normalize::agencies::starts_with_agency(text);
        match bodies.last_mut() {
            Some(last) if continues => {
                last.push(' ');
                last.push_str(text);
            }
            _ => bodies.push(text.clone()),
        }
    }
    match bodies.len() {
        0 => (None, None),
        1 => (bodies.pop(), None),
        _ => {
            let name = bodies.pop();
            (name, Some(bodies.join(" / ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::lines_of;

    #[test]
    fn two_columns_run_together() {
        let lines = lines_of("UBND TỈNH AN GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ XÂY DỰNG Độc lập - Tự do - Hạnh phúc\nSố: 07/KH-SXD An Giang, ngày 05 tháng 8 năm 2025");
        let h = read(&lines, 0);
        assert_eq!(
            issuer(&h.issuer_lines),
            (
                Some("SỞ XÂY DỰNG".into()),
                Some("UBND TỈNH AN GIANG".into())
            )
        );
        assert_eq!(h.number.unwrap().0, "07/KH-SXD");
        assert_eq!(h.place.unwrap().0, "An Giang");
        assert_eq!(h.date.unwrap().0, "2025-08-05");
    }

    #[test]
    fn ocr_damaged_motto_still_splits_the_columns() {
        let h = read(&lines_of("UBND TỈNH AN GIANG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nSỞ XÂY DỰNG Péc lập - Tự do - Hạnh phúc"), 0);
        assert_eq!(
            issuer(&h.issuer_lines),
            (
                Some("SỞ XÂY DỰNG".into()),
                Some("UBND TỈNH AN GIANG".into())
            )
        );
        assert!(h.unknown.is_empty());
    }

    #[test]
    fn draft_number_and_party_form() {
        let h = read(
            &lines_of("Số:        /KH-VPUBND An Giang, ngày     tháng 6 năm 2025"),
            0,
        );
        assert_eq!(h.number, None);
        assert_eq!(h.symbol.as_deref(), Some("KH-VPUBND"));
        assert_eq!(h.date.unwrap().0, "2025-06");
        let p = read(&lines_of("BAN CHẤP HÀNH TRUNG ƯƠNG\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 57-NQ/TW\nHà Nội, ngày 22 tháng 12 năm 2024"), 0);
        assert!(p.party);
        assert_eq!(p.number.unwrap().0, "57-NQ/TW");
        assert_eq!(p.place.unwrap().0, "Hà Nội");
        assert_eq!(
            issuer(&p.issuer_lines).0.as_deref(),
            Some("BAN CHẤP HÀNH TRUNG ƯƠNG")
        );
    }

    #[test]
    fn subject_over_two_lines() {
        let h = read(&lines_of("SỞ KHOA HỌC VÀ CÔNG NGHỆ\nSố: 512/SKHCN-VP\nV/v triển khai thực hiện Nghị quyết số\n57-NQ/TW và Nghị quyết số 03/NQ-CP\nĐồng Tháp, ngày 15/8/2025"), 0);
        assert_eq!(
            h.subject.unwrap().0,
            "V/v triển khai thực hiện Nghị quyết số 57-NQ/TW và Nghị quyết số 03/NQ-CP"
        );
        assert_eq!(h.date.unwrap().0, "2025-08-15");
    }

    #[test]
    fn issuer_names_wrap_over_lines() {
        let h = read(
            &lines_of("BỘ CÔNG THƯƠNG\nCỤC ĐỔI MỚI SÁNG TẠO,\nCHUYỂN ĐỔI XANH VÀ\nKHUYẾN CÔNG"),
            0,
        );
        assert_eq!(
            issuer(&h.issuer_lines),
            (
                Some("CỤC ĐỔI MỚI SÁNG TẠO, CHUYỂN ĐỔI XANH VÀ KHUYẾN CÔNG".into()),
                Some("BỘ CÔNG THƯƠNG".into())
            )
        );
        let h = read(
            &lines_of("UBND TỈNH LÂM ĐỒNG\nTRUNG TÂM XÚC TIẾN ĐẦU TƯ\nTHƯƠNG MẠI VÀ DU LỊCH"),
            0,
        );
        assert_eq!(
            issuer(&h.issuer_lines),
            (
                Some("TRUNG TÂM XÚC TIẾN ĐẦU TƯ THƯƠNG MẠI VÀ DU LỊCH".into()),
                Some("UBND TỈNH LÂM ĐỒNG".into())
            )
        );
        // A subject does not run on into the tiêu ngữ of the other column.
        let h = read(
            &lines_of("SỞ TƯ PHÁP\nV/v trình hồ sơ phê chuẩn kết quả\nĐại hội Đoàn Luật sư\nĐộc lập - Tự do - Hạnh phúc\nBình Thuận, ngày 16 tháng 5 năm 2025"),
            0,
        );
        assert_eq!(
            h.subject.unwrap().0,
            "V/v trình hồ sơ phê chuẩn kết quả Đại hội Đoàn Luật sư"
        );
    }

    #[test]
    fn older_numbers_with_the_year() {
        let h = read(&lines_of("Số: 256 /2004/QĐ-UB"), 0);
        assert_eq!(h.number.unwrap().0, "256/2004/QĐ-UB");
        let h = read(&lines_of("Số :          /QĐ. BQL–VP"), 0);
        assert_eq!((h.number, h.symbol.as_deref()), (None, Some("QĐ.BQL–VP")));
    }

    #[test]
    fn territorial_second_line_is_one_name() {
        let h = read(&lines_of("ỦY BAN NHÂN DÂN\nTỈNH HẬU GIANG"), 0);
        assert_eq!(
            issuer(&h.issuer_lines),
            (Some("ỦY BAN NHÂN DÂN TỈNH HẬU GIANG".into()), None)
        );
    }

    #[test]
    fn types() {
        assert_eq!(match_type("KẾ HOẠCH").unwrap().1, Some("KH"));
        let (t, c, rest) = match_type("CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ").unwrap();
        assert_eq!(
            (t.as_str(), c, rest.as_str()),
            ("CHƯƠNG TRÌNH", Some("CTr"), "HÀNH ĐỘNG CỦA CHÍNH PHỦ")
        );
        assert_eq!(match_type("THÔNG TƯ LIÊN TỊCH").unwrap().1, Some("TTLT"));
        assert!(match_type("Kế hoạch").is_none());
    }
}
