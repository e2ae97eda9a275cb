//! Deadlines ("Thời gian hoàn thành", "Thời hạn", "Tiến độ") as printed → kind and ISO bounds:
//! "6/2025" month; "Quý II/2025" quarter; "2025" year; "2025-2030" range; "Thường xuyên",
//! "Hằng năm", "2025 và những năm tiếp theo" recurring; "Sau khi …", "Trình … sau khi …"
//! conditional (the condition kept); anything else text.

use crate::model::Deadline;
use crate::text::{collapse_ws, fold};
use regex::Regex;
use std::sync::LazyLock;

static MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:tháng|Tháng|THÁNG)\s*)?([0-9]{1,2})\s*/\s*(20[0-9]{2})$").unwrap()
});
static QUARTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[Qq]uý|QUÝ)\s+(IV|I{1,3}|[1-4])\s*/\s*(?:năm\s*)?(20[0-9]{2})$").unwrap()
});
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:(?:[Nn]ăm|NĂM)\s+)?(20[0-9]{2})$").unwrap());
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:[Gg]iai đoạn|[Nn]ăm)\s+)?(?:([0-9]{1,2})/)?(20[0-9]{2})\s*(?:-|–|đến)\s*(?:([0-9]{1,2})/)?(20[0-9]{2})$")
        .unwrap()
});
static ONWARD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:[Nn]ăm|[Tt]ừ năm|[Tt]ừ)\s+)?(20[0-9]{2})\s*(?:,\s*)?(?:và|trở đi|và các năm tiếp theo|và những năm tiếp theo)").unwrap()
});

const RECURRING: [&str; 7] = [
    "thuong xuyen",
    "nhiem vu thuong xuyen",
    "hang nam",
    "hang quy",
    "hang thang",
    "dinh ky",
    "lien tuc",
];
const CONDITIONAL_OPENINGS: [&str; 5] =
    ["sau khi ", "trinh ", "khi ", "truong hop ", "ngay sau khi "];
/// The words of a text that `head_may_be_deadline` reads: the longest phrase above has four,
/// and the forms with a year have it within six.
pub const DEADLINE_HEAD_WORDS: usize = 6;

fn quarter_months(q: &str) -> Option<(u32, u32)> {
    let n = match q {
        "I" | "1" => 1,
        "II" | "2" => 2,
        "III" | "3" => 3,
        "IV" | "4" => 4,
        _ => return None,
    };
    Some((3 * n - 2, 3 * n))
}

fn deadline(raw: &str, kind: &str, start: Option<String>, end: Option<String>) -> Deadline {
    Deadline {
        raw: raw.to_string(),
        kind: kind.to_string(),
        start,
        end,
        condition: None,
    }
}

pub fn parse_deadline(raw: &str) -> Deadline {
    let raw = collapse_ws(raw);
    let t = raw.trim_end_matches(['.', ';', ',']).trim();
    if let Some(c) = MONTH.captures(t) {
        let m: u32 = c[1].parse().unwrap_or(0);
        if (1..=12).contains(&m) {
            let iso = format!("{}-{m:02}", &c[2]);
            return deadline(&raw, "month", Some(iso.clone()), Some(iso));
        }
    }
    if let Some(c) = QUARTER.captures(t) {
        if let Some((a, b)) = quarter_months(&c[1]) {
            let y = &c[2];
            return deadline(
                &raw,
                "quarter",
                Some(format!("{y}-{a:02}")),
                Some(format!("{y}-{b:02}")),
            );
        }
    }
    if let Some(c) = YEAR.captures(t) {
        return deadline(&raw, "year", Some(c[1].to_string()), Some(c[1].to_string()));
    }
    if let Some(c) = RANGE.captures(t) {
        let bound = |m: Option<regex::Match>, y: &str| match m
            .and_then(|m| m.as_str().parse::<u32>().ok())
        {
            Some(mo) if (1..=12).contains(&mo) => format!("{y}-{mo:02}"),
            _ => y.to_string(),
        };
        return deadline(
            &raw,
            "range",
            Some(bound(c.get(1), &c[2])),
            Some(bound(c.get(3), &c[4])),
        );
    }
    let f = fold(t);
    if let Some(c) = ONWARD.captures(t) {
        return deadline(&raw, "recurring", Some(c[1].to_string()), None);
    }
    if RECURRING.iter().any(|r| f.starts_with(r)) {
        return deadline(&raw, "recurring", None, None);
    }
    // "Sau khi …", "Trình UBND tỉnh ban hành sau khi Thủ tướng Chính phủ ban hành Quyết định":
    // the cell opens with the condition or with what is to be done by then.
    let opens = CONDITIONAL_OPENINGS.iter().any(|o| f.starts_with(o));
    if let Some(pos) = f.find("sau khi ").filter(|_| opens) {
        let at = crate::text::byte_offset(t, f[..pos].chars().count() + "sau khi ".len());
        let mut d = deadline(&raw, "conditional", None, None);
        d.condition = Some(t[at..].trim().to_string());
        return d;
    }
    deadline(&raw, "text", None, None)
}

/// True when a cell (or the end of one) reads as a deadline of a known form, not free text.
pub fn is_deadline(s: &str) -> bool {
    // Tables ask this of every span of a row: most are settled by the head without parsing.
    head_may_be_deadline(s) && {
        let d = parse_deadline(s);
        d.kind != "text" && !s.trim().is_empty()
    }
}

/// The words `long_deadline` reads: more than twice the most of any form that must match a
/// whole text ("Giai đoạn 5/2025 đến 6/2030" has five words, "Quý IV / năm 2025" five), and
/// more than the longest form that opens one ("Từ năm 2025, và những năm tiếp theo": eight).
pub const DEADLINE_LONG_WORDS: usize = 16;

/// What the first `DEADLINE_LONG_WORDS` words of a long text say of `is_deadline`, for it and
/// for every text made by appending to it (a table span growing token by token).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LongDeadline {
    /// The text has no more than `DEADLINE_LONG_WORDS` words: its head is not fixed yet.
    Short,
    /// `is_deadline` is this for the text and every text that starts with it.
    Settled(bool),
    /// It opens as a condition ("Trình …", "Khi …") whose "sau khi" may come later: the whole
    /// text decides (and once it holds, it holds for every longer text).
    Open,
}

/// `is_deadline` of a long text read from its head, in time bounded by the head (a table asks
/// it of every span of a row: reading each span whole is quadratic in a long row). No form
/// that must match the whole text fits in so many words; the forms that open a text (a year
/// then "và …", a recurring phrase, a conditional opening) are read in its first words.
pub fn long_deadline(s: &str) -> LongDeadline {
    let mut words = s.split_whitespace();
    let Some(last) = words.nth(DEADLINE_LONG_WORDS - 1) else {
        return LongDeadline::Short;
    };
    if words.next().is_none() {
        // (the last word may still grow)
        return LongDeadline::Short;
    }
    let head = &s[..last.as_ptr() as usize - s.as_ptr() as usize + last.len()];
    if !head_may_be_deadline(head) {
        return LongDeadline::Settled(false);
    }
    if parse_deadline(head).kind != "text" {
        return LongDeadline::Settled(true);
    }
    let t = collapse_ws(head);
    let f = fold(t.trim());
    if CONDITIONAL_OPENINGS.iter().any(|o| f.starts_with(o)) {
        LongDeadline::Open
    } else {
        LongDeadline::Settled(false)
    }
}

/// A text can be a deadline only if its first `DEADLINE_HEAD_WORDS` words allow it: every
/// form but the recurring and conditional ones holds a year "20dd" there ("QUÝ II / năm 2025"
/// is the longest way to it); those two open with one of a few phrases. False settles
/// `is_deadline` for every text with this head.
pub fn head_may_be_deadline(s: &str) -> bool {
    // A year inside one of the first words, read as bytes: words are cut at ASCII white
    // space only, which may read past the first words (more texts go on to be parsed), never
    // fewer.
    let b = s.as_bytes();
    let mut words = 0;
    let mut in_word = false;
    for (i, &x) in b.iter().enumerate() {
        if x.is_ascii_whitespace() || x == 0x0b {
            if in_word {
                words += 1;
                if words == DEADLINE_HEAD_WORDS {
                    break;
                }
            }
            in_word = false;
            continue;
        }
        in_word = true;
        if x == b'2'
            && b.get(i + 1) == Some(&b'0')
            && b.get(i + 2).is_some_and(u8::is_ascii_digit)
            && b.get(i + 3).is_some_and(u8::is_ascii_digit)
        {
            return true;
        }
    }
    // Most texts are settled by their first letter.
    let first = s.trim_start().chars().next().map(crate::text::fold_char);
    let phrases = || RECURRING.iter().chain(&CONDITIONAL_OPENINGS);
    if !first.is_some_and(|f| phrases().any(|r| r.starts_with(f))) {
        return false;
    }
    let head = crate::text::collapsed(s.trim_start());
    phrases().any(|r| crate::text::fold_starts_with(&head, r.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `is_deadline` settles most texts by their head: it must agree with parsing them.
    #[test]
    fn quick_answer_agrees_with_parsing() {
        let forms = [
            "6/2025",
            "Tháng 10/2025",
            "Quý II/2025",
            "QUÝ II / năm 2025",
            "Năm 2025",
            "2025",
            "2025-2030",
            "Giai đoạn 2025 - 2030",
            "Từ năm 2025 và những năm tiếp theo",
            "Thường xuyên",
            "Nhiệm vụ thường xuyên",
            "Hằng năm",
            "hàng quý",
            "Định kỳ",
            "Liên tục",
            "Sau khi Thủ tướng ban hành",
            "Trình UBND tỉnh sau khi có hướng dẫn",
            "Khi có yêu cầu",
            "Trường hợp cần thiết",
            "Ngày sau khi ký",
            "13/2025",
            "Quý V/2025",
            "năm 1999",
        ];
        let fillers = [
            "",
            "Sở Xây dựng",
            "Xây dựng cơ sở dữ liệu",
            "20",
            "x 2025",
            "\u{a0}2025",
        ];
        for f in forms {
            for pre in fillers {
                for post in fillers {
                    for s in [
                        format!("{pre} {f} {post}"),
                        format!("{f}{post}"),
                        format!("{pre}{f}"),
                        format!("  {f}\t{post}."),
                        format!("{pre}\u{a0}{f}"),
                    ] {
                        let parsed = parse_deadline(&s).kind != "text" && !s.trim().is_empty();
                        assert_eq!(is_deadline(&s), parsed, "{s:?}");
                    }
                }
            }
        }
    }

    /// `long_deadline` agrees with `is_deadline` on long texts and on every text grown from
    /// them word by word; `Open` only where the rest decides.
    #[test]
    fn long_deadline_agrees_with_is_deadline() {
        let openings = [
            "Từ năm 2025, và những năm tiếp theo",
            "2025 và các năm sau",
            "Thường xuyên",
            "Hằng năm",
            "Trình UBND tỉnh",
            "Trình UBND tỉnh sau khi có hướng dẫn",
            "Sau khi Thủ tướng ban hành",
            "Khi có yêu cầu",
            "Tháng 6/2025",
            "Quý II / năm 2025",
            "Giai đoạn 2025 - 2030",
            "Sở Xây dựng chủ trì, 2025",
            "Xây\u{a0}dựng\u{a0}2025\u{a0}cơ",
        ];
        let tail = "các sở ngành địa phương tổ chức triển khai thực hiện sau khi có văn bản \
                    hướng dẫn, báo cáo kết quả 2025 và những năm tiếp theo";
        let mut checked = 0;
        for o in openings {
            let words: Vec<&str> = tail.split(' ').collect();
            let mut settled: Option<LongDeadline> = None;
            let mut held = false;
            for k in 0..=words.len() {
                let s = format!("{o} {}", words[..k].join(" "));
                let want = is_deadline(&s);
                match long_deadline(&s) {
                    LongDeadline::Short => assert!(settled.is_none(), "{s:?}"),
                    LongDeadline::Settled(v) => {
                        assert_eq!(v, want, "{s:?}");
                        assert!(settled.is_none_or(|x| x == LongDeadline::Settled(v)));
                        settled = Some(LongDeadline::Settled(v));
                        checked += 1;
                    }
                    LongDeadline::Open => {
                        // once it holds, it holds for every longer text
                        assert!(!held || want, "{s:?}");
                        held |= want;
                        assert!(settled.is_none_or(|x| x == LongDeadline::Open));
                        settled = Some(LongDeadline::Open);
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100);
    }

    fn d(s: &str) -> (String, Option<String>, Option<String>) {
        let x = parse_deadline(s);
        (x.kind, x.start, x.end)
    }

    #[test]
    fn forms() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(d("6/2025"), ("month".into(), s("2025-06"), s("2025-06")));
        assert_eq!(d("06/2025"), ("month".into(), s("2025-06"), s("2025-06")));
        assert_eq!(
            d("Tháng 10/2025"),
            ("month".into(), s("2025-10"), s("2025-10"))
        );
        assert_eq!(
            d("Quý II/2025"),
            ("quarter".into(), s("2025-04"), s("2025-06"))
        );
        assert_eq!(d("2025"), ("year".into(), s("2025"), s("2025")));
        assert_eq!(d("Năm 2025"), ("year".into(), s("2025"), s("2025")));
        assert_eq!(d("2025-2030"), ("range".into(), s("2025"), s("2030")));
        assert_eq!(d("2025 - 2026"), ("range".into(), s("2025"), s("2026")));
        assert_eq!(d("Thường xuyên"), ("recurring".into(), None, None));
        assert_eq!(d("Nhiệm vụ thường xuyên"), ("recurring".into(), None, None));
        assert_eq!(d("Hằng năm"), ("recurring".into(), None, None));
        assert_eq!(d("Hàng năm"), ("recurring".into(), None, None));
        assert_eq!(
            d("2025 và những năm tiếp theo"),
            ("recurring".into(), s("2025"), None)
        );
        let c = parse_deadline(
            "Trình UBND tỉnh ban hành sau khi Thủ tướng Chính phủ ban hành Quyết định",
        );
        assert_eq!(c.kind, "conditional");
        assert_eq!(
            c.condition.as_deref(),
            Some("Thủ tướng Chính phủ ban hành Quyết định")
        );
        assert_eq!(d("13/2025").0, "text");
        // A condition must open the cell: text that merely contains one is not a deadline.
        assert_eq!(d("phẩm cuối cùng Sau khi Bộ ban hành").0, "text");
        assert_eq!(d("Theo tiến độ dự án").0, "text");
    }
}
