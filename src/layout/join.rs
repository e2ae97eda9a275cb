//! Paragraph joining and the line-start markers (headings, bullets, fixed openings) that decide it.

use super::{Block, BlockKind};
use crate::ingest::Line;
use crate::text::{fold, is_upper, starts_upper};
use regex::Regex;
use std::sync::LazyLock;

/// The numbering or bullet a line opens with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub kind: MarkerKind,
    /// "IV", "1.2", "a", "thứ nhất"; empty for bullets and an unnumbered appendix.
    pub label: String,
    /// Byte offset in the trimmed line where the text after the marker starts.
    pub rest: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MarkerKind {
    Appendix,
    Part,
    Chapter,
    Section,
    Article,
    Roman,
    UpperLetter,
    /// Decimal numbering; the depth is the number of components ("1" → 1, "2.1" → 2).
    Arabic(u8),
    Letter,
    Dash,
    Plus,
}

static APPENDIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:PHỤ LỤC SỐ|Phụ lục số|PHỤ LỤC|Phụ lục)(?:\s+([IVXLC]{1,6}|[0-9]{1,3}|[A-Z]))?\s*[.:\-–]?\s*").unwrap()
});
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:Phần|PHẦN)\s+(thứ\s+\p{Ll}+|THỨ\s+\p{Lu}+|[IVXLC]{1,6}|[0-9]{1,3})\b\s*[.:\-–]?\s*",
    )
    .unwrap()
});
static CHAPTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Chương|CHƯƠNG)\s+([IVXLC]{1,6}|[0-9]{1,3})\b\s*[.:\-–]?\s*").unwrap()
});
static MUC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:Tiểu mục|TIỂU MỤC|Mục|MỤC)\s+([0-9]{1,3})\b\s*[.:\-–]?\s*").unwrap()
});
static ARTICLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Điều|ĐIỀU)\s+([0-9]{1,3}[a-z]?)\s*[.:]\s*").unwrap());
static ROMAN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([IVX]{1,7})\s*[.\-–]\s*").unwrap());
static UPPER_LETTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-HĐ])\s*[.\-–]\s+").unwrap());
static ARABIC_DOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,3}(?:\.[0-9]{1,3})*)\.\s*").unwrap());
static ARABIC_BARE_DECIMAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,3}(?:\.[0-9]{1,3})+)\s+").unwrap());
static ARABIC_PAREN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,3}(?:\.[0-9]{1,3})*)\s*(?:\)|[-–]\s)\s*").unwrap());
static LETTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([a-eg-ik-vxyđ])\)\s*").unwrap());
static LETTER_DOT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([a-eg-ik-vxyđ])\.\s+").unwrap());
static BULLET: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^([-–—−•+])\s*").unwrap());

/// Value of a well-formed Roman numeral (I … MMM), `None` for anything else ("IIV", "VV").
pub fn roman_value(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    let digit = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        'D' => Some(500),
        'M' => Some(1000),
        _ => None,
    };
    let vals: Option<Vec<u32>> = s.chars().map(digit).collect();
    let vals = vals?;
    let mut total = 0;
    for (i, &v) in vals.iter().enumerate() {
        if vals.get(i + 1).is_some_and(|&n| n > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let total = u32::try_from(total).ok()?;
    (to_roman(total) == s).then_some(total)
}

pub fn to_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut s = String::new();
    for (v, r) in TABLE {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// The heading number or bullet a (trimmed) line opens with, if any.
pub fn split_marker(line: &str) -> Option<Marker> {
    let t = line.trim_start();
    let lead = line.len() - t.len();
    let make = |kind, label: &str, end: usize| {
        Some(Marker {
            kind,
            label: label.to_string(),
            rest: lead + end,
        })
    };
    let first = t.chars().next()?;
    // (each heading word is looked for as written before its regex runs: a `\b` in the regex
    // makes it search the whole line, byte by byte, on any line opening with that letter)
    let opens = |words: &[&str]| words.iter().any(|w| t.starts_with(w));
    if first == 'P' {
        if let Some(c) = opens(&["PHỤ LỤC", "Phụ lục"])
            .then(|| APPENDIX.captures(t))
            .flatten()
        {
            // Only a caption line: "PHỤ LỤC I" alone or followed by a capitalised title.
            let rest = &t[c.get(0).unwrap().end()..];
            if rest.is_empty() || is_upper(rest) {
                let label = c.get(1).map(|m| m.as_str()).unwrap_or("");
                return make(MarkerKind::Appendix, label, c.get(0).unwrap().end());
            }
        }
        if let Some(c) = opens(&["Phần", "PHẦN"]).then(|| PART.captures(t)).flatten() {
            return make(MarkerKind::Part, &c[1], c.get(0).unwrap().end());
        }
    }
    if first == 'C' {
        if let Some(c) = opens(&["Chương", "CHƯƠNG"])
            .then(|| CHAPTER.captures(t))
            .flatten()
        {
            return make(MarkerKind::Chapter, &c[1], c.get(0).unwrap().end());
        }
    }
    if first == 'M' || first == 'T' {
        if let Some(c) = opens(&["Tiểu mục", "TIỂU MỤC", "Mục", "MỤC"])
            .then(|| MUC.captures(t))
            .flatten()
        {
            return make(MarkerKind::Section, &c[1], c.get(0).unwrap().end());
        }
    }
    if first == 'Đ' {
        if let Some(c) = opens(&["Điều", "ĐIỀU"])
            .then(|| ARTICLE.captures(t))
            .flatten()
        {
            return make(MarkerKind::Article, &c[1], c.get(0).unwrap().end());
        }
    }
    // (each pattern is tried only where its first char can open it: most lines open with none)
    if let Some(c) = matches!(first, 'I' | 'V' | 'X')
        .then(|| ROMAN.captures(t))
        .flatten()
    {
        let end = c.get(0).unwrap().end();
        let rest = &t[end..];
        if roman_value(&c[1]).is_some() && starts_title(rest) {
            return make(MarkerKind::Roman, &c[1], end);
        }
    }
    if let Some(c) = matches!(first, 'A'..='H' | 'Đ')
        .then(|| UPPER_LETTER.captures(t))
        .flatten()
    {
        let end = c.get(0).unwrap().end();
        if starts_upper(&t[end..]) {
            return make(MarkerKind::UpperLetter, &c[1], end);
        }
    }
    if first.is_ascii_digit() {
        for (re, needs_upper) in [
            (&*ARABIC_DOT, false),
            (&*ARABIC_PAREN, false),
            (&*ARABIC_BARE_DECIMAL, true),
        ] {
            if let Some(c) = re.captures(t) {
                let end = c.get(0).unwrap().end();
                let rest = &t[end..];
                let ok = if needs_upper {
                    starts_upper(rest)
                } else {
                    starts_title(rest)
                };
                if ok {
                    let depth = c[1].split('.').count().min(9) as u8;
                    return make(MarkerKind::Arabic(depth), &c[1], end);
                }
            }
        }
        return None;
    }
    let small_letter = matches!(first, 'a'..='e' | 'g'..='i' | 'k'..='v' | 'x' | 'y' | 'đ');
    if let Some(c) = small_letter.then(|| LETTER.captures(t)).flatten() {
        let end = c.get(0).unwrap().end();
        if !t[end..].is_empty() {
            return make(MarkerKind::Letter, &c[1], end);
        }
    }
    if let Some(c) = small_letter.then(|| LETTER_DOT.captures(t)).flatten() {
        let end = c.get(0).unwrap().end();
        if starts_upper(&t[end..]) {
            return make(MarkerKind::Letter, &c[1], end);
        }
    }
    if let Some(c) = "-–—−•+"
        .contains(first)
        .then(|| BULLET.captures(t))
        .flatten()
    {
        let end = c.get(0).unwrap().end();
        let rest = &t[end..];
        let spaced = end > c.get(1).unwrap().end();
        // "-Text" without a space is a bullet only before a capital; "-NQ/TW" never is.
        let word = rest.split_whitespace().next().unwrap_or("");
        let symbol_tail = word.contains('/') && !word.contains(' ');
        if !rest.is_empty() && (spaced || (starts_upper(rest) && !symbol_tail)) {
            let kind = if &c[1] == "+" {
                MarkerKind::Plus
            } else {
                MarkerKind::Dash
            };
            return make(kind, "", end);
        }
    }
    None
}

/// Text after a number that can be a heading's: not another number ("1.000 người"), not empty.
fn starts_title(rest: &str) -> bool {
    match rest.chars().next() {
        None => false,
        Some(c) => !c.is_ascii_digit() && c != '/' && c != ',' && c != '%',
    }
}

/// How a legal basis opens ("Căn cứ …", "Thực hiện …", "Theo đề nghị …"), folded.
pub const BASIS_OPENINGS: [&str; 6] = [
    "can cu ",
    "thuc hien ",
    "theo de nghi",
    "xet de nghi",
    "theo de xuat",
    "tren co so ",
];

/// Openings that always start a block (besides headings and bullets): legal bases, the enacting
/// formula, recipients, closing sentence, captions, signing authorities.
pub fn is_block_start(line: &str) -> bool {
    let t = line.trim_start();
    if !starts_upper(t) && !t.starts_with('(') && !t.starts_with('[') {
        return false;
    }
    // The openings start with one of these letters; others need no folding.
    let first = crate::text::base_char(t.chars().next().unwrap_or(' '));
    if !"CcTtXxNnKkQq([".contains(first) {
        return is_authority_line(t) || (t.contains(" ban hành ") && is_enacting(t));
    }
    let f = fold(&t.chars().take(40).collect::<String>());
    const OPENINGS: [&str; 8] = [
        "kinh gui",
        "tren day la ",
        "quyet nghi",
        "quyet dinh:",
        "(kem theo",
        "(ban hanh kem theo",
        "[da ky]",
        "(da ky)",
    ];
    if BASIS_OPENINGS
        .iter()
        .chain(&OPENINGS)
        .any(|o| f.starts_with(o))
        || is_receipt_label(t)
    {
        return true;
    }
    if is_authority_line(t) {
        return true;
    }
    t.contains(" ban hành ") && is_enacting(t)
}

/// "<Body> ban hành Kế hoạch …": a capitalised subject of at most 90 chars without . ; : before
/// "ban hành" and a kind of document.
fn is_enacting(t: &str) -> bool {
    ENACTING
        .captures(t)
        .is_some_and(|c| c[1].chars().count() <= 90)
}

/// The subject is bounded in code, not by `{0,90}`: a bounded repetition of a Unicode class
/// compiles to an automaton 90 times its size (a millisecond at start-up). The lazy `*?` finds
/// the first "ban hành" that opens a kind, as `{0,90}?` would, and any later one is further.
static ENACTING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}([^.;:]*?)\sban hành\s(?:Kế hoạch|Chương trình|Quyết định|Hướng dẫn|Kết luận|Nghị quyết|Chỉ thị|Thông báo|Đề án|Phương án)").unwrap()
});

static AUTHORITY: LazyLock<Regex> = LazyLock::new(|| {
    // OCR reads the dot as a comma ("KT, GIÁM ĐỐC") or puts a stray mark on it ("KT.̂"); older
    // typing puts a space before it ("TM . UBND").
    Regex::new(
        r"^(TM ?[.,]|KT ?[.,]|Q\.|TL ?[.,]|TUQ ?[.,]|T/M\.?|K/T\.?|T/L\.?|T/U\.?)\p{M}*\s*\p{Lu}",
    )
    .unwrap()
});

/// An authority prefix typed with a space before its dot ("TM . UBND …", older typing) as
/// written today ("TM. UBND …").
pub fn tidy_authority(line: &str) -> String {
    for p in ["TM", "KT", "TL", "TUQ"] {
        if let Some(rest) = line.strip_prefix(p).and_then(|r| r.strip_prefix(" .")) {
            return format!("{p}.{rest}");
        }
    }
    line.to_string()
}

/// "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC", Party "T/M BAN THƯỜNG VỤ"; one stray lowercase letter
/// (OCR: "KT. GIAM DbOC") is tolerated.
pub fn is_authority_line(line: &str) -> bool {
    let t = line.trim();
    if !AUTHORITY.is_match(t) {
        return false;
    }
    let lower = t.chars().filter(|c| c.is_lowercase()).count();
    let letters = t.chars().filter(|c| crate::text::is_letter(*c)).count();
    lower <= 1 && letters >= 4
}

/// "Nơi nhận", also with the word "nhận" misread by OCR when a colon follows ("Nơi nhìn:").
pub fn is_receipt_label(line: &str) -> bool {
    let t = line.trim_start();
    if !t.starts_with(['N', 'n']) {
        return false;
    }
    // Run together and misread by OCR, alone on its line ("Nơitì"): "Nơi" keeps its horn.
    if let Some(rest) = t.strip_prefix("Nơi") {
        let rest = rest.trim_end().trim_end_matches(':');
        if (1..=3).contains(&rest.chars().count()) && rest.chars().all(crate::text::is_letter) {
            return true;
        }
    }
    let f = fold(&t.chars().take(16).collect::<String>());
    let Some(rest) = f.strip_prefix("noi nh") else {
        return false;
    };
    let word: String = rest
        .chars()
        .take_while(|c| crate::text::is_letter(*c))
        .collect();
    // The label alone on its line is one too, the colon lost ("Nơi nhậm").
    let after = rest[word.len()..].trim();
    word == "an" || (word.chars().count() <= 3 && (after.starts_with(':') || after.is_empty()))
}

fn ends_sentence(s: &str) -> bool {
    let t = s
        .trim_end()
        .trim_end_matches(['”', '"', '’', '\'', ')', '»']);
    t.ends_with(['.', ';', ':', '!', '?', '…'])
}

/// Joins content lines into blocks. `table[i]` marks lines of table regions; `after_blank[i]`
/// says a blank line came before line i, which counts only where `blank_breaks`;
/// `break_before[i]` says no block runs on into line i (a grid stands before it, or the source
/// sets it apart).
pub(super) fn blocks(
    lines: &[Line],
    table: &[bool],
    after_blank: &[bool],
    break_before: &[bool],
    blank_breaks: bool,
) -> Vec<Block> {
    let width = typical_width(lines, table);
    // Each line's marker, worked out once: the joining rule asks for it twice.
    let markers: Vec<Option<Marker>> = lines
        .iter()
        .zip(table)
        .map(|(l, &t)| if t { None } else { split_marker(l.text.trim()) })
        .collect();
    let mut out: Vec<Block> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if table[i] {
            let start = i;
            i += 1;
            while i < lines.len() && table[i] && !break_before[i] {
                i += 1;
            }
            let text = lines[start..i]
                .iter()
                .map(|l| crate::text::collapsed(&l.text))
                .collect::<Vec<_>>()
                .join("\n");
            out.push(Block {
                kind: BlockKind::Table,
                first: start,
                last: i - 1,
                text,
            });
            continue;
        }
        let start = i;
        let mut text = crate::text::collapse_ws(&lines[i].text);
        i += 1;
        while i < lines.len() && !table[i] && !break_before[i] {
            let prev = lines[i - 1].text.trim();
            let next = lines[i].text.trim();
            let markers = (&markers[i - 1], &markers[i]);
            if breaks_between(prev, next, markers, width, blank_breaks && after_blank[i]) {
                break;
            }
            append_wrapped(&mut text, &crate::text::collapsed(next));
            i += 1;
        }
        out.push(Block {
            kind: BlockKind::Paragraph,
            first: start,
            last: i - 1,
            text,
        });
    }
    out
}

/// The usual length of a full line: the 90th percentile of line lengths, in chars.
fn typical_width(lines: &[Line], table: &[bool]) -> usize {
    let mut lens: Vec<usize> = lines
        .iter()
        .zip(table)
        .filter(|(_, &t)| !t)
        .map(|(l, _)| l.text.trim().chars().count())
        .collect();
    if lens.is_empty() {
        return 80;
    }
    lens.sort_unstable();
    lens[(lens.len() * 9 / 10).min(lens.len() - 1)].max(20)
}

/// A bullet printed alone on its line, its text on the next one.
fn is_lone_bullet(s: &str) -> bool {
    matches!(s.trim(), "-" | "–" | "+" | "•")
}

fn breaks_between(
    prev: &str,
    next: &str,
    (prev_marker, next_marker): (&Option<Marker>, &Option<Marker>),
    width: usize,
    blank_before: bool,
) -> bool {
    if is_lone_bullet(prev) {
        return false;
    }
    if blank_before || is_lone_bullet(next) {
        return true;
    }
    if let Some(m) = next_marker {
        // "- xã hội" after "kinh tế" is the compound "kinh tế - xã hội" wrapped, not a bullet.
        let continuation = matches!(m.kind, MarkerKind::Dash | MarkerKind::Plus)
            && !starts_upper(&next[m.rest..])
            && !ends_sentence(prev)
            && !prev.ends_with(',');
        // "… (gọi tắt là" / "766). Tham dự …": a number inside a parenthesis the line above
        // opened is the sentence's, not a heading's.
        let in_parenthesis = prev.matches('(').count() > prev.matches(')').count()
            && !ends_sentence(prev)
            && next[..m.rest].contains(|c: char| c.is_ascii_digit());
        if !continuation && !in_parenthesis {
            return true;
        }
    }
    if is_block_start(next) || is_block_start_after(prev) {
        return true;
    }
    let next_opens = next
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "“\"‘(«[".contains(c));
    if ends_sentence(prev) && next_opens {
        return true;
    }
    // An all-capitals line (a heading) ends where ordinary text starts.
    if is_upper(prev) && !is_upper(next) {
        return true;
    }
    // A numbered heading that stops short of the margin ends with its line.
    let numbered = prev_marker
        .as_ref()
        .is_some_and(|m| !matches!(m.kind, MarkerKind::Dash | MarkerKind::Plus));
    let len = prev.chars().count() * 100;
    let next_capital = next.chars().next().is_some_and(char::is_uppercase);
    if numbered
        && len < width * 85
        && next_capital
        && !ends_mid_phrase(prev)
        && !ends_before_place_name(prev)
    {
        return true;
    }
    // A short line followed by a capital is the end of a title or paragraph.
    let short = len < width * 65;
    short && next_opens && !prev.ends_with(',') && !prev.ends_with([' ', '-'])
}

/// Words a phrase cannot end on: a line or cell ending with one was cut mid-phrase
/// ("… chỉ đạo của" / "Đảng …"). Function words only: "số", "năm", "tỉnh" end phrases often
/// ("chuyển đổi số", "hằng năm", "Công an tỉnh").
pub fn ends_mid_phrase(line: &str) -> bool {
    const DANGLING: [&str; 33] = [
        "của", "và", "các", "về", "cho", "với", "trong", "để", "từ", "tại", "theo", "những", "là",
        "đến", "bằng", "hoặc", "nhằm", "như", "được", "mọi", "sự", "việc", "vào", "trên", "giữa",
        "qua", "một", "bộ", "sở", "ban", "ủy", "hoặc", "cùng",
    ];
    let t = line.trim_end();
    if t.ends_with([',', '-', '(', '/']) {
        return true;
    }
    let last = t.rsplit(' ').next().unwrap_or("");
    // Lowered into a small buffer, not a String: tables ask this of every span of a row, and
    // a word longer than the buffer is none of these.
    let mut buf = [0u8; 16];
    let mut len = 0;
    for c in last.chars().flat_map(char::to_lowercase) {
        if len + c.len_utf8() > buf.len() {
            return false;
        }
        len += c.encode_utf8(&mut buf[len..]).len();
    }
    DANGLING.iter().any(|d| d.as_bytes() == &buf[..len])
}

/// A line ending with a place word before a capitalised line names the place on the next line
/// ("… sáng tạo tỉnh" / "An Giang …").
fn ends_before_place_name(line: &str) -> bool {
    const PLACE: [&str; 7] = [
        "tỉnh",
        "huyện",
        "xã",
        "thành phố",
        "quận",
        "phường",
        "thị xã",
    ];
    let t = line.trim_end().to_lowercase();
    PLACE.iter().any(|p| t.ends_with(&format!(" {p}")))
}

/// Lines after which a new block always starts: "Nơi nhận:" and captions that stand alone.
fn is_block_start_after(prev: &str) -> bool {
    is_receipt_label(prev) && prev.trim_end().ends_with(':')
}

/// The text of wrapped lines joined as one paragraph.
pub fn join_text(lines: &[Line]) -> String {
    let mut text = String::new();
    for l in lines {
        append_wrapped(&mut text, &crate::text::collapsed(&l.text));
    }
    text
}

pub use crate::text::append_wrapped;

#[cfg(test)]
mod tests {

    #[test]
    fn enacting_bounds_its_subject_as_the_bounded_regex_did() {
        let bounded = Regex::new(r"^\p{Lu}[^.;:]{0,90}?\sban hành\s(?:Kế hoạch|Chương trình|Quyết định|Hướng dẫn|Kết luận|Nghị quyết|Chỉ thị|Thông báo|Đề án|Phương án)").unwrap();
        let mut texts = vec![
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện".to_string(),
            "Sở Nội vụ ban hành kèm theo Quyết định; ban hành Kế hoạch".to_string(),
            "sở ban hành Kế hoạch".to_string(),
            "UBND tỉnh ban hành Thông báo ban hành Kế hoạch".to_string(),
            "UBND tỉnh. ban hành Kế hoạch".to_string(),
            "Ủy ban ban hành văn bản, ban hành Chỉ thị".to_string(),
        ];
        // Subjects of 85 to 95 chars: the bound at 90, with and without a nearer "ban hành".
        for n in 85..=95 {
            let subject = "a".repeat(n - 1);
            texts.push(format!("Ủ{subject} ban hành Kế hoạch"));
            texts.push(format!("Ủ{subject} ban hành Đề án ban hành Kế hoạch"));
            texts.push(format!("Ủ ban hành văn bản {subject} ban hành Kế hoạch"));
        }
        for t in &texts {
            assert_eq!(is_enacting(t), bounded.is_match(t), "{t}");
        }
        assert!(texts.iter().any(|t| is_enacting(t)) && texts.iter().any(|t| !is_enacting(t)));
    }
    use super::*;

    fn kind(s: &str) -> Option<(MarkerKind, String)> {
        split_marker(s).map(|m| (m.kind, m.label))
    }

    #[test]
    fn markers() {
        use MarkerKind::*;
        assert_eq!(kind("I. MỤC ĐÍCH"), Some((Roman, "I".into())));
        assert_eq!(kind("IV- TỔ CHỨC THỰC HIỆN"), Some((Roman, "IV".into())));
        assert_eq!(kind("1. Mục đích"), Some((Arabic(1), "1".into())));
        assert_eq!(kind("2.1. Nội dung"), Some((Arabic(2), "2.1".into())));
        assert_eq!(kind("2.1- Nội dung"), Some((Arabic(2), "2.1".into())));
        assert_eq!(kind("1.2 Nội dung"), Some((Arabic(2), "1.2".into())));
        assert_eq!(kind("đ) Cụ thể hóa"), Some((Letter, "đ".into())));
        assert_eq!(kind("- Tiếp tục"), Some((Dash, "".into())));
        assert_eq!(kind("+ Sở Tài chính"), Some((Plus, "".into())));
        assert_eq!(kind("Điều 3. Hiệu lực"), Some((Article, "3".into())));
        assert_eq!(kind("Chương II"), Some((Chapter, "II".into())));
        assert_eq!(kind("Phần thứ nhất"), Some((Part, "thứ nhất".into())));
        assert_eq!(kind("PHỤ LỤC I"), Some((Appendix, "I".into())));
        assert_eq!(kind("PHỤ LỤC 2"), Some((Appendix, "2".into())));
        assert_eq!(kind("B. NHIỆM VỤ"), Some((UpperLetter, "B".into())));
        assert_eq!(kind("Mục 2. Tổ chức"), Some((Section, "2".into())));
        // Not headings.
        assert_eq!(kind("1.000 người"), None);
        assert_eq!(kind("2025. Các cơ quan"), None);
        assert_eq!(kind("1 Tiềm lực"), None);
        assert_eq!(kind("f) sai"), None);
        assert_eq!(kind("-NQ/TW của Bộ"), None);
        assert_eq!(kind("Phụ lục I kèm theo Kế hoạch này."), None);
        assert_eq!(kind("Mục tiêu chung"), None);
        assert_eq!(kind("IIV. sai"), None);
    }

    #[test]
    fn receipt_labels_as_ocr_reads_them() {
        for l in ["Nơi nhận:", "Nơi nhìn:", "Nơi nhậm", "Nơitì", "Nơinh:"] {
            assert!(is_receipt_label(l), "{l}");
        }
        for l in ["Nơi làm việc", "Nơi đây là", "Nội dung:", "Nơitiếp"] {
            assert!(!is_receipt_label(l), "{l}");
        }
    }

    #[test]
    fn roman_numerals() {
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("IIII"), None);
        assert_eq!(to_roman(49), "XLIX");
    }

    #[test]
    fn block_starts() {
        assert!(is_block_start("Căn cứ Nghị quyết số 57-NQ/TW"));
        assert!(is_block_start("Thực hiện Kế hoạch số 22/KH-UBND"));
        assert!(is_block_start("Nơi nhận:"));
        assert!(is_block_start("Nơi nhìn: PHÓ GIÁM ĐỐC"));
        assert!(is_authority_line("KT. GIAM DbOC"));
        assert!(is_authority_line("KT, GIÁM ĐỐC"));
        assert!(is_authority_line("KT.\u{302} GIÁM ĐỐC"));
        assert!(is_block_start(
            "(Ban hành kèm theo Quyết định số 318/QĐ-UBND)"
        ));
        assert!(is_block_start("TM. ỦY BAN NHÂN DÂN"));
        assert!(is_block_start(
            "Văn phòng Ủy ban nhân dân (UBND) tỉnh ban hành Kế hoạch triển khai"
        ));
        assert!(!is_block_start("thực hiện các nhiệm vụ"));
        assert!(!is_block_start(
            "Kế hoạch số 676/KH-UBND ngày 30/5/2025 của Ủy ban nhân dân"
        ));
    }

    #[test]
    fn a_number_closing_a_parenthesis_opened_above_is_no_heading() {
        let with_markers = |prev: &str, next: &str| {
            let m = (split_marker(prev), split_marker(next));
            breaks_between(prev, next, (&m.0, &m.1), 60, false)
        };
        let prev = "thủ tục hành chính, dịch vụ công theo thời gian thực trên môi trường điện tử (gọi tắt là";
        assert!(!with_markers(
            prev,
            "766). Tham dự buổi làm việc có lãnh đạo các sở"
        ));
        assert!(!with_markers(
            prev,
            "766. . Tham dự buổi làm việc có lãnh đạo các sở"
        ));
        // Closed, or ended with a sentence: the next numbered line is a heading.
        assert!(with_markers(
            "trên môi trường điện tử (gọi tắt là 766).",
            "1. Các sở, ban, ngành thuộc tỉnh"
        ));
        assert!(with_markers(
            "nội dung sau (chi tiết tại Phụ lục):",
            "1. Mục tiêu"
        ));
    }
}
