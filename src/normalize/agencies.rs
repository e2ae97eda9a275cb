//! Agency lists of table cells and prose ("Sở Khoa học và Công nghệ, Sở Xây dựng"; "Ban Tuyên
//! giáo; các sở, ngành, địa phương"; "Sở Kế hoạch và Đầu tư (Sở Tài chính)") → agencies, each
//! mapped to a canonical name through the alias table in `data/agencies.tsv`.

use crate::model::{AgencyList, AgencyRef};
use crate::text::{collapse_ws, fold};
use std::collections::HashMap;
use std::sync::LazyLock;

const TABLE: &str = include_str!("../../data/agencies.tsv");

struct Alias {
    canonical: String,
    note: Option<String>,
}

/// Alias key: no diacritics, case or punctuation ("Sở KH&CN" and "SỞ KHCN" meet).
fn key(s: &str) -> String {
    let f = fold(s);
    let mut out = String::with_capacity(f.len());
    for w in f
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.replace("kh cn", "khcn")
        .replace("tt tt", "tttt")
        .replace("kh dt", "khdt")
}

static ALIASES: LazyLock<HashMap<String, Alias>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    for line in TABLE.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(alias), Some(canonical)) = (cols.next(), cols.next()) else {
            continue;
        };
        let note = cols
            .next()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        map.insert(
            key(alias),
            Alias {
                canonical: canonical.trim().to_string(),
                note,
            },
        );
    }
    map
});

/// Words that open an agency's name; a comma-separated piece that does not start with one is
/// part of a collective ("Các sở, ban, ngành, địa phương").
const HEADS: [&str; 50] = [
    "so",
    "ban",
    "bo",
    "ubnd",
    "uy ban",
    "van phong",
    "cong an",
    "cuc",
    "chi cuc",
    "trung tam",
    "ngan hang",
    "dai",
    "bao",
    "hoi",
    "lien hiep",
    "tinh uy",
    "thanh uy",
    "huyen uy",
    "dang uy",
    "mat tran",
    "vien",
    "truong",
    "hoc vien",
    "tong cuc",
    "cac",
    "tap doan",
    "doanh nghiep",
    "hiep hoi",
    "kho bac",
    "thanh tra",
    "toa an",
    "bao hiem",
    "phong",
    "vtv",
    "vov",
    "ttxvn",
    "doan",
    "chinh phu",
    "thu tuong",
    "quoc hoi",
    "tong cong ty",
    "cong ty",
    "ttg",
    "hdnd",
    "dang bo",
    "tinh doan",
    "thanh doan",
    "huyen doan",
    // "BQL CÁC KHU CÔNG NGHIỆP": Ban quản lý, abbreviated like UBND and HĐND.
    "bql",
    // "TỔ CÔNG TÁC LIÊN NGÀNH TW": a working group issuing under its own number.
    "to cong tac",
];

/// The words of a text that `starts_with_agency` reads: texts with the same head get the
/// same answer.
pub const AGENCY_HEAD_WORDS: usize = 8;

/// `s` up to the end of its first `words` words.
fn head_words(s: &str, words: usize) -> &str {
    let end = s
        .split_whitespace()
        .take(words)
        .last()
        .map_or(0, |w| w.as_ptr() as usize - s.as_ptr() as usize + w.len());
    &s[..end]
}

/// True when `s` opens with a word agency names start with (Sở, Ban, Bộ, UBND, …) or is a known alias.
/// The first words of the heads' and aliases' keys: a key that opens with another word is
/// neither. ("kh" and "tt" may be the start of a word `key` glues: "kh cn" → "khcn".)
static OPENING_WORDS: LazyLock<std::collections::HashSet<String>> = LazyLock::new(|| {
    let first = |k: &str| k.split(' ').next().unwrap_or("").to_string();
    let mut words: std::collections::HashSet<String> = HEADS.iter().map(|h| first(h)).collect();
    words.extend(ALIASES.keys().map(|k| first(k)));
    words.extend(["kh".to_string(), "tt".to_string()]);
    words
});

/// Whether the first word of `key(s)` can open a head or an alias; None when that word is not
/// short plain ASCII (then nothing is settled).
fn first_key_word_opens(s: &str) -> Option<bool> {
    let mut word = [0u8; 16];
    let mut len = 0;
    for c in s.chars().map(crate::text::fold_char) {
        if c.is_alphanumeric() {
            if !c.is_ascii() || len == word.len() {
                return None;
            }
            word[len] = c as u8;
            len += 1;
        } else if len > 0 {
            break;
        }
    }
    let word = std::str::from_utf8(&word[..len]).ok()?;
    Some(OPENING_WORDS.contains(word))
}

/// The full test on a head: its key opens with a head word or is a known alias.
fn head_opens_agency(head: &str) -> bool {
    let k = key(head);
    let opens_with =
        |h: &str| k.starts_with(h) && (k.len() == h.len() || k.as_bytes()[h.len()] == b' ');
    HEADS.iter().any(|h| opens_with(h)) || ALIASES.contains_key(&k)
}

pub fn starts_with_agency(s: &str) -> bool {
    // Capitalised: "bàn" (in "địa bàn") folds to "ban" but is no board.
    if !crate::text::starts_upper(s) {
        return false;
    }
    // Most texts are settled by their first word: no head or alias opens with it.
    if first_key_word_opens(s) == Some(false) {
        return false;
    }
    // Agency names open within a few words; aliases are short: only the head is keyed.
    let head = crate::text::collapsed(head_words(s, AGENCY_HEAD_WORDS));
    // The table segmenter asks this of every span of a row, and spans from one word share
    // their head.
    thread_local! {
        static MEMO: crate::hash::Memo<bool> = Default::default();
    }
    crate::hash::memoized(&MEMO, &head, || head_opens_agency(&head))
}

fn is_collective(s: &str) -> bool {
    let k = key(s);
    ALIASES
        .get(&k)
        .is_some_and(|a| a.note.as_deref() == Some("collective"))
        || (k.starts_with("cac ") && s.contains(','))
        || k.contains("nganh dia phuong")
}

/// Splits `s` at `sep` outside parentheses.
fn split_outside_parens(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c == sep && depth <= 0 => {
                out.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

fn clean(s: &str) -> &str {
    s.trim().trim_end_matches([';', ',', '.', ':']).trim()
}

/// The canonical name of one agency as printed, with a note where an alias or successor applied.
pub fn resolve(text: &str) -> AgencyRef {
    let text = clean(text);
    // "Sở Kế hoạch và Đầu tư (Sở Tài chính)": the parenthesis names the successor.
    let (base, paren) = match (text.find('('), text.rfind(')')) {
        (Some(a), Some(b)) if b > a && b == text.len() - 1 => {
            (text[..a].trim(), Some(text[a + 1..b].trim()))
        }
        _ => (text, None),
    };
    let collective = is_collective(base);
    let mut name = base.to_string();
    let mut note = None;
    if let Some(alias) = ALIASES.get(&key(base)) {
        name = alias.canonical.clone();
        note = alias.note.clone().filter(|n| n != "collective");
    }
    if let Some(p) = paren {
        // "(nay là Sở KH&CN)": the successor named after "nay là".
        let p = ["nay là ", "Nay là ", "nay thuộc ", "nay: "]
            .iter()
            .find_map(|prefix| p.strip_prefix(prefix))
            .unwrap_or(p)
            .trim();
        if starts_with_agency(p) {
            let successor = ALIASES
                .get(&key(p))
                .map(|a| a.canonical.clone())
                .unwrap_or_else(|| p.to_string());
            note = Some(format!("succeeded by {successor} (as printed)"));
            name = successor;
        } else {
            // "(để biết)", "(chủ trì)": keep it on the name as printed.
            name = format!("{name} ({p})");
        }
    }
    if let Some(first) = name.chars().next() {
        if first.is_lowercase() {
            name = first.to_uppercase().collect::<String>() + &name[first.len_utf8()..];
        }
    }
    AgencyRef {
        text: text.to_string(),
        name,
        collective,
        note,
    }
}

/// Splits a cell into agencies and resolves each.
pub fn parse_agencies(raw: &str) -> AgencyList {
    // Plans name the same few agencies cell after cell.
    thread_local! {
        static MEMO: crate::hash::Memo<AgencyList> = Default::default();
    }
    crate::hash::memoized(&MEMO, raw, || read_agencies(raw))
}

fn read_agencies(raw: &str) -> AgencyList {
    let raw = collapse_ws(raw);
    let mut pieces: Vec<String> = Vec::new();
    for part in split_outside_parens(&raw, ';') {
        let part = clean(part);
        if part.is_empty() {
            continue;
        }
        if is_collective(part) {
            pieces.push(part.to_string());
            continue;
        }
        let commas: Vec<&str> = split_outside_parens(part, ',');
        if commas.len() > 1 && commas.iter().all(|c| starts_with_agency(clean(c))) {
            pieces.extend(commas.iter().map(|c| clean(c).to_string()));
        } else if commas.len() > 1
            && commas
                .iter()
                .skip(1)
                .any(|c| is_collective(&format!("Các {}", clean(c))))
        {
            pieces.push(part.to_string());
        } else {
            pieces.extend(split_run_together(part));
        }
    }
    let resolved: Vec<AgencyRef> = pieces
        .iter()
        .map(|p| resolve(p))
        .filter(|r| !r.name.is_empty())
        .collect();
    let mut agencies: Vec<String> = Vec::new();
    for r in &resolved {
        if !agencies.contains(&r.name) {
            agencies.push(r.name.clone());
        }
    }
    AgencyList {
        raw,
        agencies,
        resolved,
    }
}

/// "Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ" (no separator) is two agencies when
/// both halves are known names.
/// The keys of the canonical names the aliases lead to.
static CANONICAL_KEYS: LazyLock<std::collections::HashSet<String>> =
    LazyLock::new(|| ALIASES.values().map(|v| key(&v.canonical)).collect());

fn split_run_together(part: &str) -> Vec<String> {
    for head in [" Bộ ", " Sở ", " Ban ", " Ủy ban "] {
        // Search after the first char, which may be wider than a byte ("Ủy ban …").
        let skip = part.chars().next().map(char::len_utf8).unwrap_or(0);
        if let Some(pos) = part[skip..].find(head).map(|p| p + skip) {
            let (a, b) = (part[..pos].trim(), part[pos..].trim());
            let known = |s: &str| {
                let k = key(s);
                ALIASES.contains_key(&k) || CANONICAL_KEYS.contains(&k)
            };
            if known(a) && known(b) {
                let mut out = vec![a.to_string()];
                out.extend(split_run_together(b));
                return out;
            }
        }
    }
    vec![part.to_string()]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first-word shortcut and the memo change no answer: every word-suffix of every line
    /// of real plans, and every alias and canonical name, against the full test.
    #[test]
    fn quick_answers_agree_with_the_full_test() {
        let texts = [
            include_str!("../../fixtures/seeds/angiang-ubnd-kh181-nq03.txt"),
            include_str!("../../fixtures/reference/nq03_NQ-CP_2025_full.txt"),
            TABLE,
        ];
        let mut checked = 0;
        for line in texts.iter().flat_map(|t| t.lines()) {
            for cell in line.split(['\t', '|']) {
                let words: Vec<&str> = cell.split_whitespace().collect();
                for i in 0..words.len() {
                    let s = words[i..].join(" ");
                    let head: Vec<&str> =
                        words[i..].iter().take(AGENCY_HEAD_WORDS).copied().collect();
                    let full = crate::text::starts_upper(&s) && head_opens_agency(&head.join(" "));
                    assert_eq!(starts_with_agency(&s), full, "{s:?}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000);
    }

    fn names(s: &str) -> Vec<String> {
        parse_agencies(s).agencies
    }

    #[test]
    fn lists() {
        assert_eq!(
            names("Sở Khoa học và Công nghệ, Sở Xây dựng"),
            ["Sở Khoa học và Công nghệ", "Sở Xây dựng"]
        );
        assert_eq!(
            names("Các Sở, ban, ngành, địa phương"),
            ["Các sở, ban, ngành, địa phương"]
        );
        assert_eq!(
            names(
                "Ban Tuyên giáo; các sở, ngành, địa phương; Trung tâm Báo chí và Truyền thông tỉnh"
            ),
            [
                "Ban Tuyên giáo và Dân vận Tỉnh ủy",
                "Các sở, ngành, địa phương",
                "Trung tâm Báo chí và Truyền thông tỉnh"
            ]
        );
        assert_eq!(names("Sở KHCN"), ["Sở Khoa học và Công nghệ"]);
        assert_eq!(
            names("Sở KH&CN (để biết)"),
            ["Sở Khoa học và Công nghệ (để biết)"]
        );
        let succ = parse_agencies("Sở Kế hoạch và Đầu tư (Sở Tài chính)");
        assert_eq!(succ.agencies, ["Sở Tài chính"]);
        assert!(succ.resolved[0]
            .note
            .as_deref()
            .unwrap()
            .contains("Sở Tài chính"));
        assert_eq!(
            names("Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ"),
            ["Bộ Khoa học và Công nghệ"],
            "two names run together, both now the same ministry"
        );
        let l = parse_agencies("Bộ Thông tin và Truyền thông Bộ Khoa học và Công nghệ");
        assert_eq!(l.resolved.len(), 2);
        assert_eq!(
            names("Sở Kế hoạch và Đầu tư; Cục Thống kê"),
            ["Sở Tài chính", "Cục Thống kê"]
        );
        assert!(parse_agencies("Các bộ, ngành, địa phương").resolved[0].collective);
        let now = parse_agencies("Sở TT&TT (nay là Sở KH&CN)");
        assert_eq!(now.agencies, ["Sở Khoa học và Công nghệ"]);
        assert!(now.resolved[0].note.is_some());
        assert_eq!(names("Tỉnh Đoàn"), ["Tỉnh Đoàn"]);
        assert!(starts_with_agency("Tỉnh Đoàn"));
        // Multi-byte first letters are sliced on char boundaries.
        assert_eq!(
            names("Ủy ban nhân dân tỉnh Bộ Tài chính"),
            ["Ủy ban nhân dân tỉnh", "Bộ Tài chính"]
        );
    }
}
