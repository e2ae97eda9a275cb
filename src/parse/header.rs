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
    /// The date's day was printed (or handwritten) but could not be read: `date` holds only
    /// the month and year (or the year).
    pub day_unread: bool,
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
    // A unit in parentheses closes some symbols: "Số: 416/TTr-CAT(PC04)". A number written
    // by hand reads as junk ("Số: Ÿ20J/BTP-BTTP"): the symbol is still read.
    // Before 2020 the year came between: "Số: 256 /2004/QĐ-UB"; older symbols have dots and
    // dashes of any kind: "QĐ. BQL–VP".
    Regex::new(r"^(?:Số|SỐ|So|SO|S6|Sô|Sồ)\s*:?\s*([0-9oO]{0,5}|[^\s/:]{1,5}(?:\s[^\s/:]{1,3})?)\s*([/-])\s*((?:(?:19|20)[0-9][0-9]\s*/\s*)?[A-ZĐ][A-Za-zĐđ&]{0,6}(?:(?:[-/–]\s?|\.\s?)[A-ZĐ][A-Za-zĐđ0-9&]*)+(?:\s?[A-ZĐ]*\([A-ZĐ0-9][A-Za-zĐđ0-9&-]*\))?)").unwrap()
});
/// The place before ", ngày": the first run of one to five capitalized words (a capital, then
/// letters and dots) followed by a comma and "ngày" (any case). Returns the place's byte range
/// and the end of "ngày". What the regex
/// `(\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,4})\s*,\s*(?i:ngày)` finds, written out: its
/// Unicode classes cost more to compile than converting a small document.
fn place_date(text: &str) -> Option<(std::ops::Range<usize>, usize)> {
    // the end of a word starting at `i` (a capital, then letters and dots)
    let word_end = |i: usize| -> Option<usize> {
        let mut chars = text[i..].char_indices();
        let (_, first) = chars.next()?;
        if !first.is_uppercase() {
            return None;
        }
        Some(
            chars
                .find(|&(_, c)| !(c.is_alphabetic() || c == '.'))
                .map_or(text.len(), |(k, _)| i + k),
        )
    };
    let skip_space = |i: usize| {
        text[i..]
            .char_indices()
            .find(|&(_, c)| !c.is_whitespace())
            .map_or(text.len(), |(k, _)| i + k)
    };
    for (start, c) in text.char_indices() {
        if !c.is_uppercase() {
            continue;
        }
        // up to five words, each after white space
        let Some(mut end) = word_end(start) else {
            continue;
        };
        for _ in 0..4 {
            let next = skip_space(end);
            match (next > end).then(|| word_end(next)).flatten() {
                Some(e) => end = e,
                None => break,
            }
        }
        let comma = skip_space(end);
        if !text[comma..].starts_with(',') {
            continue;
        }
        let day = skip_space(comma + 1);
        let mut it = text[day..].chars();
        let ngay = ["nN", "gG", "àÀ", "yY"]
            .iter()
            .all(|alts| it.next().is_some_and(|c| alts.contains(c)));
        if ngay {
            return Some((start..end, day + "ngày".len()));
        }
    }
    None
}

/// "ngày … tháng … năm 2025" whose day (or month) OCR could not read: a handwritten or stamped
/// day ("ngày 4Ÿ tháng 11"), a stroke read as a letter ("tháng l2"). Returns the partial ISO
/// date (year and month where the month reads, else the year), whether the day was unread,
/// and the byte range. Digits OCR commonly confuses with letters are read as digits.
fn damaged_date(text: &str) -> Option<(String, bool, std::ops::Range<usize>)> {
    static DAMAGED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i:ngày|ngay)(.{0,8}?)(?i:tháng|thang)(.{0,8}?)(?i:năm|nam)\s*([0-9]{4})")
            .unwrap()
    });
    let c = DAMAGED.captures(text)?;
    let read = |s: &str| -> Option<u32> {
        let digits: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| match c {
                'l' | 'I' | '|' | ']' | '[' | '!' => '1',
                'O' | 'o' => '0',
                c => c,
            })
            .collect();
        (!digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let year: u32 = c[3].parse().ok()?;
    let month = read(&c[2]).filter(|m| (1..=12).contains(m));
    let day = read(&c[1]);
    let day_printed = c[1].chars().any(|c| !c.is_whitespace());
    let whole = c.get(0).unwrap().range();
    if let Some(iso) = day.and_then(|d| dates::iso(Some(d), month, year)) {
        return Some((iso, false, whole));
    }
    Some((dates::iso(None, month, year)?, day_printed, whole))
}

/// A line holding the header's date near its start, also one whose day OCR could not read
/// ("Lâm Đồng, ngày 4Ÿ tháng 11 năm 2025").
pub fn is_date_line(text: &str) -> bool {
    dates::find_date(text).is_some_and(|d| d.start < 60)
        || damaged_date(text).is_some_and(|(_, _, r)| r.start < 60)
}

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
    // "BẢN QUY ĐỊNH" (the regulation): the type after the article.
    if let Some(rest) = t.strip_prefix("BẢN ") {
        if let Some(found) = match_type(rest) {
            return Some(found);
        }
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
            // A mark OCR misread ("GIẢY MỜI", "KẺ HOẠCH"): the type as it is spelled.
            let printed = if super::known_names::same_but_tone_place(&printed, name) {
                printed
            } else {
                name.to_string()
            };
            let rest: String = t.chars().skip(n).collect::<String>().trim().to_string();
            let code = symbols::TYPE_CODES
                .iter()
                .find(|(c, _)| *c == code && !code.is_empty())
                .map(|(c, _)| *c);
            return Some((printed, code, rest));
        }
    }
    ocr_type_line(&t)
}

/// Whether a line is a type line only as OCR reads one (`ocr_type_line`): a dash before it
/// is then no list bullet.
pub fn is_ocr_type_line(line: &str) -> bool {
    let t = collapse_ws(line);
    is_upper(&t) && ocr_type_line(&t).is_some()
}

/// A type line as OCR reads the widely spaced capitals of a scan: its words run together
/// ("TỜTRÌNH") and rule marks or seal ink read as dashes around it ("- TỜTRÌNH - -"). Only a
/// line that is nothing but the type's name is taken this way.
fn ocr_type_line(t: &str) -> Option<(String, Option<&'static str>, String)> {
    let core = t.trim_matches(|c: char| c.is_whitespace() || "-–—_~.*•|'\"".contains(c));
    let squeezed: String = fold(core).chars().filter(|c| !c.is_whitespace()).collect();
    if squeezed.is_empty() || core.contains(char::is_lowercase) {
        return None;
    }
    symbols::TYPE_CODES
        .iter()
        .find(|(_, name)| {
            fold(name)
                .chars()
                .filter(|c| !c.is_whitespace())
                .eq(squeezed.chars())
        })
        .map(|(code, name)| (name.to_string(), Some(*code), String::new()))
}

/// A type's name in capitals opening a line whose next word is in lowercase ("QUYẾT ĐỊNH của
/// ỦY BAN …": older headings name the issuer after the type); the type as printed.
pub fn match_type_before_lowercase(line: &str) -> Option<&str> {
    let t = line.trim();
    let words: Vec<(usize, &str)> = t
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - t.as_ptr() as usize, w))
        .collect();
    (1..words.len().min(6)).rev().find_map(|k| {
        let (next_at, next) = words[k];
        let head = t[..next_at].trim_end();
        (next.starts_with(char::is_lowercase) && is_upper(head) && is_type_line_any_case(head))
            .then_some(head)
    })
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
    let chars = f.chars().count();
    // (a banner found is as long as itself: only one as long as the line can be the line, and
    // the edit distance is measured for it alone)
    BANNERS.iter().any(|(b, _)| {
        b.chars().count() == chars
            && find_banner(&f, b).is_some_and(|(pos, len)| pos == 0 && len == chars)
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

/// A banner that a narrow column wrapped: the line (folded, `f`) ends with its first words
/// ("… CỘNG HOÀ XÃ HỘI CHỦ") and the next (`next`) opens with the rest ("NGHĨA VIỆT NAM").
/// Returns where the banner starts in `f` (chars), the rest, and whether it is the Party's.
fn wrapped_banner(f: &str, next: &str) -> Option<(usize, &'static str, bool)> {
    let f = f.trim_end();
    let next = collapse_ws(next);
    BANNERS.iter().find_map(|&(banner, party)| {
        banner.match_indices(' ').find_map(|(cut, _)| {
            let (head, rest) = (&banner[..cut], &banner[cut + 1..]);
            let starts_word = f
                .strip_suffix(head)
                .is_some_and(|before| before.is_empty() || before.ends_with(' '));
            (head.len() >= 12 && starts_word && next.starts_with(rest))
                .then(|| (f.chars().count() - head.chars().count(), rest, party))
        })
    })
}

/// A line that is a piece of a banner the column wrapped and OCR read with an error or two:
/// its first three words or more ("CỘNG HÒA XÃ HỘI CHỦ") or its last three or more ("NI GHĨA
/// VIỆT NAM"). Returns whether the banner is the Party's.
fn banner_piece(f: &str) -> Option<bool> {
    let f = collapse_ws(f);
    let words = f.split(' ').count();
    if words < 3 {
        return None;
    }
    BANNERS.iter().find_map(|&(banner, party)| {
        let b: Vec<&str> = banner.split(' ').collect();
        (3..b.len()).find_map(|n| {
            let (head, tail) = (b[..n].join(" "), b[b.len() - n..].join(" "));
            let allowed = (f.chars().count() / 8).max(1);
            let close = |piece: &str| {
                piece.split(' ').count().abs_diff(words) <= 1
                    && strsim::levenshtein(&f, piece) <= allowed
            };
            (close(&head) || close(&tail)).then_some(party)
        })
    })
}

/// Reads the header lines (those above the type line). `base` is the index of the first.
pub fn read(lines: &[Line], base: usize) -> Header {
    let mut h = Header::default();
    let mut in_subject = false;
    // The rest of a banner wrapped at the end of the line above, to strip from this line.
    let mut wrapped_rest: Option<&str> = None;
    let mut skip_next = false;
    // Since the subject's first line, only the other column's lines (banners, place and
    // date) were read: a line of the subject's column still continues it.
    let mut subject_open = false;
    for (k, line) in lines.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        let at = base + k;
        let mut text = collapse_ws(&line.text);
        if let Some(rest) = wrapped_rest.take() {
            let cut = crate::text::byte_offset(&text, rest.chars().count());
            text = text[cut..].trim().to_string();
        }
        // OCR puts a place and its date on two lines when a handwritten day stands higher than
        // the print ("Lâm Đồng," / "ngày 2Ÿ tháng 11 năm 2025"): read them as one.
        if let Some(next) = lines.get(k + 1).filter(|_| text.ends_with(',')) {
            if crate::text::fold_starts_with(next.text.trim_start(), "ngay") {
                text.push(' ');
                text.push_str(&collapse_ws(&next.text));
                skip_next = true;
            }
        }
        if let Some(next) = lines.get(k + 1) {
            if let Some((pos, rest, party)) = wrapped_banner(&fold(&text), &fold(&next.text)) {
                h.party |= party;
                text = text[..crate::text::byte_offset(&text, pos)]
                    .trim()
                    .to_string();
                wrapped_rest = Some(rest);
            }
        }
        // A "V/v …" subject wraps onto the lines under it (read after the other column, they
        // open in lowercase).
        if in_subject
            || h.subject.is_some() && (subject_open || text.starts_with(char::is_lowercase))
        {
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
        if let Some(party) = banner_piece(&f) {
            h.party |= party;
            continue;
        }
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
            let before = (h.issuer_lines.len(), h.unknown.len(), h.number.is_some());
            read_item(&mut h, &text, at);
            in_subject = h.subject.as_ref().is_some_and(|s| s.1 == at);
            let other_column =
                before == (h.issuer_lines.len(), h.unknown.len(), h.number.is_some());
            subject_open = in_subject || subject_open && other_column;
        }
    }
    take_wrapped_year(&mut h, lines, base);
    h
}

/// A form's blank date wraps its year onto a line of its own ("Vũng Tàu, ngày   tháng   năm" /
/// "2007"), which the column split may place anywhere in the header: the lone year completes
/// the date.
fn take_wrapped_year(h: &mut Header, lines: &[Line], base: usize) {
    let Some((_, place_at)) = h.place else {
        return;
    };
    let open_year = lines
        .get(place_at - base)
        .is_some_and(|l| fold(l.text.trim_end()).ends_with(" nam"));
    if h.date.is_some() || !open_year {
        return;
    }
    let year_of = |t: &str| {
        (t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit()))
            .then(|| dates::iso(None, None, t.parse().ok()?))
            .flatten()
    };
    let lone_year =
        (h.unknown.iter().enumerate()).find_map(|(k, (t, _))| year_of(t).map(|iso| (k, iso)));
    if let Some((k, iso)) = lone_year {
        h.unknown.remove(k);
        h.date = Some((iso, place_at));
    }
}

/// Whether a folded line opens a công văn's subject: "v/v …", as OCR also reads it ("V/x",
/// "V/y", "V/ v": the second v is small and often misread, the slash never is).
pub fn opens_subject(folded: &str) -> bool {
    let Some(rest) = folded.strip_prefix("v/") else {
        return false;
    };
    let mut chars = rest.trim_start().chars();
    matches!(chars.next(), Some('v' | 'x' | 'y')) && chars.next().is_none_or(char::is_whitespace)
}

/// Whether a line (as printed) opens a công văn's subject (`opens_subject`); only its first
/// chars are folded.
pub fn is_subject_line(text: &str) -> bool {
    opens_subject(&fold(&text.chars().take(8).collect::<String>()))
}

/// A subject line with its marker spelled "V/v" where OCR misread it ("V/x kế hoạch …").
fn subject_as_printed(text: &str) -> String {
    let after_slash = &text[text.find('/').map_or(0, |i| i + 1)..];
    let rest = after_slash.trim_start();
    match rest.chars().next() {
        Some('x' | 'y' | 'X' | 'Y') => format!("V/v{}", &rest[1..]),
        Some('v') if rest.len() < after_slash.len() => format!("V/{rest}"),
        _ => text.to_string(),
    }
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
        && !is_date_line(text)
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
            let digits: String = c[1]
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| match c {
                    'o' | 'O' => '0',
                    'l' | 'I' => '1',
                    c => c,
                })
                .collect();
            let sep = &c[2];
            let sym: String = c[3].split_whitespace().collect();
            h.symbol = Some(sym.clone());
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
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
        let found = dates::find_date(text).map(|d| (d.iso, false, d.start..d.end));
        if let Some((iso, day_unread, d)) = found.or_else(|| damaged_date(text)) {
            let before = &text[..d.start];
            let place_date = place_date(&text[..d.end]).filter(|&(_, end)| end > d.start);
            if let Some((place, _)) = place_date {
                h.place = Some((spelled_place(&text[place]), at));
            } else if !before.trim().is_empty() {
                let place = before.trim().trim_end_matches(',').trim();
                if !place.is_empty() && place.chars().count() <= 40 {
                    h.place = Some((spelled_place(place), at));
                }
            }
            h.date = Some((iso, at));
            h.day_unread = day_unread;
            return;
        }
    }
    // A form or draft prints the place before a blank day ("Vũng Tàu, ngày    tháng    năm").
    if h.date.is_none() && h.place.is_none() {
        let blank_date =
            fold(text).contains("thang") && !text.contains(|c: char| c.is_ascii_digit());
        if let Some((place, _)) = place_date(text).filter(|_| blank_date) {
            h.place = Some((spelled_place(&text[place]), at));
            return;
        }
    }
    if is_subject_line(text) {
        h.subject = Some((subject_as_printed(text), at));
        return;
    }
    // A number line the reader damaged ("SỐ#F /TTR- CAT-PC04") is no body's name.
    let after_so = text.chars().nth(2);
    if crate::text::fold_starts_with(text, "so")
        && after_so.is_some_and(|c| !c.is_alphabetic() && c != ' ')
    {
        h.unknown.push((text.to_string(), at));
        return;
    }
    // The issuer stands above the number and the date: a capitalised line after the date is
    // the type or title of a document whose type is not an NĐ 30 one ("BẢN QUY ĐỊNH").
    if crate::text::is_mostly_upper(text) && h.date.is_none() {
        h.issuer_lines.push((issuer_line(text), at));
        return;
    }
    if h.date.is_none()
        && h.number.is_none()
        && is_body_line_any_case(text, !h.issuer_lines.is_empty())
    {
        // Printed in capitals through a capitals font whose name was lost (TCVN3 .VnTimeH):
        // the bytes say "ủy Ban Nhân Dân", the page showed "ỦY BAN NHÂN DÂN".
        h.issuer_lines.push((issuer_line(&text.to_uppercase()), at));
        return;
    }
    h.unknown.push((text.to_string(), at));
}

/// A place as printed, a province's name spelled right where OCR misread a mark ("Lâm Đông").
fn spelled_place(place: &str) -> String {
    let place = place.trim();
    super::known_names::province(place).map_or_else(|| place.to_string(), str::to_string)
}

/// An issuer's line without what OCR reads from specks around it (a quote before, dots after:
/// "ỦY BAN NHÂN DÂN..") and with its territory and the word its body's name opens with spelled
/// right ("CÔNG AN TĨNH LÂM ĐÒNG", "TỎ CÔNG TÁC"). A
/// closing comma or dash is kept: it says the name goes on.
fn issuer_line(text: &str) -> String {
    let t = text
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end_matches(|c: char| c.is_whitespace() || ".;:'\"`_~*".contains(c));
    let t = super::known_names::territory(t).unwrap_or_else(|| t.to_string());
    super::known_names::body_head(&t).unwrap_or(t)
}

/// A line that opens with a body's name in any case, or (`after_body`) continues one with a
/// territorial unit ("Tỉnh an giang").
pub fn is_body_line_any_case(text: &str, after_body: bool) -> bool {
    let mut chars = text.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let capitalised: String = first.to_uppercase().chain(chars).collect();
    let f = fold(text);
    crate::normalize::agencies::starts_with_agency(&capitalised)
        || after_body && TERRITORY.iter().any(|t| f.starts_with(t))
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
    fn place_date_finds_what_its_regex_finds() {
        let regex =
            Regex::new(r"(\p{Lu}[\p{L}.]*(?:\s+\p{Lu}[\p{L}.]*){0,4})\s*,\s*(?i:ngày)").unwrap();
        let mut texts: Vec<String> = [
            "Số: 07/KH-SXD An Giang, ngày 05 tháng 8 năm 2025",
            "TP. Hồ Chí Minh , NGÀY 1 tháng 2",
            "Tp.Hồ Chí Minh,ngày",
            "Một Hai Ba Bốn Năm Sáu, ngày 3",
            "UBND TỈNH LÂM ĐỒNG Lâm Đồng, Ngày 2",
            "xyzĐà Lạt, ngày",
            "An Giang ngày 5",
            "Hà Nội, ngay 5 (Hà Nội, ngày 6)",
            "Hà\u{a0}Nội\u{2003},\tnGàY",
            ", ngày",
            "",
        ]
        .map(String::from)
        .to_vec();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for dir in ["seeds", "own", "reference"] {
            for e in std::fs::read_dir(root.join(dir)).unwrap() {
                let text = std::fs::read_to_string(e.unwrap().path()).unwrap_or_default();
                texts.extend(
                    text.lines()
                        .filter(|l| fold(l).contains("ngay"))
                        .map(String::from),
                );
            }
        }
        for t in &texts {
            let want = regex
                .captures(t)
                .map(|c| (c.get(1).unwrap().range(), c.get(0).unwrap().end()));
            assert_eq!(place_date(t), want, "{t:?}");
        }
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
    fn issuer_of_a_capitals_font_read_as_lowercase() {
        let h = read(
            &lines_of("ủy Ban Nhân Dân\nthành phố cần thơ\nSố: 256 /2004/QĐ-UB\nTP.Cần Thơ, ngày 01 tháng 7 năm 2004"),
            0,
        );
        assert_eq!(
            issuer(&h.issuer_lines).0.as_deref(),
            Some("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ")
        );
    }

    #[test]
    fn banner_wrapped_by_a_narrow_column() {
        let h = read(
            &lines_of("UBND TỈNH BÀ RỊA – VŨNG TÀU CỘNG HOÀ XÃ HỘI CHỦ\nNGHĨA VIỆT NAM\nBQL CÁC KHU CÔNG NGHIỆP\nBÀ RỊA – VŨNG TÀU"),
            0,
        );
        assert_eq!(
            issuer(&h.issuer_lines),
            (
                Some("BQL CÁC KHU CÔNG NGHIỆP BÀ RỊA – VŨNG TÀU".into()),
                Some("UBND TỈNH BÀ RỊA – VŨNG TÀU".into())
            )
        );
    }

    #[test]
    fn ocr_header_with_a_wrapped_banner_and_an_unread_day() {
        let h = read(
            &lines_of("BỘ CÔNG AN\nCÔNG AN TĨNH LÂM ĐỒNG\nSố: 4l£' /TTr-CAT(PC04)\nCỘNG HÒA XÃ HỘI CHỦ\nNI GHĨA VIỆT NAM\nLâm Đông,\nngàys?Ÿ tháng ] l năm 2025"),
            0,
        );
        assert_eq!(
            issuer(&h.issuer_lines),
            (
                Some("CÔNG AN TỈNH LÂM ĐỒNG".into()),
                Some("BỘ CÔNG AN".into())
            )
        );
        assert_eq!(h.place.unwrap().0, "Lâm Đồng");
        assert_eq!(h.date.unwrap().0, "2025-11");
        assert!(h.day_unread);
        // A day OCR confused with letters is read.
        let h = read(&lines_of("Hà Nội, ngày l6 tháng O5 năm 2025"), 0);
        assert_eq!(h.date.unwrap().0, "2025-05-16");
        assert!(!h.day_unread);
        // A symbol closed by a unit in parentheses, with a space OCR put in.
        let h = read(&lines_of("Số: 511 /TTr-CA T(PC04)"), 0);
        assert_eq!(h.number.unwrap().0, "511/TTr-CAT(PC04)");
        // A handwritten number read as junk: the symbol is kept, the number is not made up.
        let h = read(&lines_of("Số: Ÿ20J/BTP-BTTP\nSô3f /TTr- CAT-PC04"), 0);
        assert_eq!((h.number, h.symbol.as_deref()), (None, Some("BTP-BTTP")));
        let h = read(&lines_of("Số: l2O/UBND-NC"), 0);
        assert_eq!(h.number.unwrap().0, "120/UBND-NC");
        // A subject's second line read after the other column.
        let h = read(&lines_of("Số: 12/UBND-NC\nV/v xem xét đề nghị của Ủy ban\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nLâm Đồng, ngày 46 tháng 9 năm 2025\nMTTQ Việt Nam tỉnh Lâm Đồng"), 0);
        assert_eq!(
            h.subject.unwrap().0,
            "V/v xem xét đề nghị của Ủy ban MTTQ Việt Nam tỉnh Lâm Đồng"
        );
        assert_eq!(h.date.unwrap().0, "2025-09");
    }

    #[test]
    fn a_damaged_number_line_is_no_issuer() {
        let h = read(
            &lines_of("BỘ CÔNG AN\nCÔNG AN TỈNH LÂM ĐỒNG\nSỐ#F /TTR- CAT-PC04"),
            0,
        );
        assert_eq!(
            issuer(&h.issuer_lines),
            (
                Some("CÔNG AN TỈNH LÂM ĐỒNG".into()),
                Some("BỘ CÔNG AN".into())
            )
        );
    }

    #[test]
    fn place_before_a_blank_day() {
        let h = read(
            &lines_of("Số :\t/QĐ. BQL–VP\nVũng Tàu , ngày\ttháng năm"),
            0,
        );
        assert_eq!(h.place.unwrap().0, "Vũng Tàu");
        assert_eq!(h.date, None);
    }

    #[test]
    fn a_blank_dates_year_wrapped_onto_its_own_line() {
        let text =
            "Số :\t/QĐ. BQL–VP\n2007\nĐộc lập – Tự do – Hạnh phúc\nVũng Tàu , ngày\ttháng năm";
        let h = read(&lines_of(text), 0);
        assert_eq!(h.place.unwrap().0, "Vũng Tàu");
        assert_eq!(h.date.unwrap().0, "2007");
        assert!(h.unknown.is_empty());
        // A lone year is no date's when the date line does not end open.
        let h = read(&lines_of("2007\nVũng Tàu , ngày\ttháng năm 2008"), 0);
        assert_eq!(h.date.unwrap().0, "2008");
        assert_eq!(h.unknown.len(), 1);
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
    fn a_working_group_under_its_ministry() {
        // OCR read the hỏi of "TỔ" as "TỎ": the name folds the same.
        let lines = vec![
            ("BỘ CÔNG AN".to_string(), 0),
            ("TỎ CÔNG TÁC LIÊN NGÀNH TW".to_string(), 1),
        ];
        assert_eq!(
            issuer(&lines),
            (
                Some("TỎ CÔNG TÁC LIÊN NGÀNH TW".to_string()),
                Some("BỘ CÔNG AN".to_string())
            )
        );
    }

    #[test]
    fn types() {
        assert_eq!(match_type("KẾ HOẠCH").unwrap().1, Some("KH"));
        assert_eq!(match_type("GIẢY MỜI").unwrap().0, "GIẤY MỜI");
        let (t, c, rest) = match_type("CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ").unwrap();
        assert_eq!(
            (t.as_str(), c, rest.as_str()),
            ("CHƯƠNG TRÌNH", Some("CTr"), "HÀNH ĐỘNG CỦA CHÍNH PHỦ")
        );
        assert_eq!(match_type("THÔNG TƯ LIÊN TỊCH").unwrap().1, Some("TTLT"));
        assert!(match_type("Kế hoạch").is_none());
        // OCR of a scan: words run together, rule marks read as dashes.
        let (t, c, rest) = match_type("-\tTỜTRÌNH - -").unwrap();
        assert_eq!(
            (t.as_str(), c, rest.as_str()),
            ("TỜ TRÌNH", Some("TTr"), "")
        );
        assert_eq!(match_type("GIẦY PHÉP SỬ DỤNG").unwrap().1, Some("GP"));
        assert!(match_type("- TỜTRÌNHUBND -").is_none());
        assert!(is_ocr_type_line("- TỜTRÌNH - -") && !is_ocr_type_line("- Tờ trình"));
        assert_eq!(
            match_type_before_lowercase("QUYẾT ĐỊNH của ỦY BAN NHÂN DÂN"),
            Some("QUYẾT ĐỊNH")
        );
        assert_eq!(match_type_before_lowercase("QUYẾT ĐỊNH CỦA ỦY BAN"), None);
        assert_eq!(match_type_before_lowercase("Quyết định của UBND"), None);
    }

    #[test]
    fn a_subject_opens_as_ocr_reads_it() {
        for line in [
            "v/v xem xet",
            "v/x ke hoach kiem tra",
            "v/ v to chuc",
            "v/y",
            "v/v",
        ] {
            assert!(opens_subject(line), "{line}");
        }
        for line in [
            "v. to chuc thuc hien",
            "v/vxyz",
            "vv xem xet",
            "v/a",
            "van ban",
        ] {
            assert!(!opens_subject(line), "{line}");
        }
        assert_eq!(subject_as_printed("V/ v tổ chức"), "V/v tổ chức");
        assert_eq!(subject_as_printed("V/v tổ chức"), "V/v tổ chức");
        assert_eq!(subject_as_printed("v/v tổ chức"), "v/v tổ chức");
        let h = read(&lines_of("SỞ CÔNG THƯƠNG\nSố:3036 /SCT-CN\nV/x kế hoạch kiềm tra công tác\nnghiệm thu hoàn thành công trình\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 0);
        assert_eq!(
            h.subject.unwrap().0,
            "V/v kế hoạch kiềm tra công tác nghiệm thu hoàn thành công trình"
        );
    }
}
