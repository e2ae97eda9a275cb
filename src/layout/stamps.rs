//! Signature stamps: the text a digital signature leaves on the page ("Ký bởi: …", "Cơ quan: …",
//! "Thời gian ký: 13/11/2025 15:53:50", an e-mail address, "06.11.2024 09:27:05" / "+07:00",
//! or one line "Số: 666/TTr-SNV; 22/12/2025; 18:56:39; +07:00"). Text extraction often reads it
//! before the header. Its lines are lifted out of the flow (they are no header, title or body)
//! and kept for parse, which reads them as signature metadata.
//!
//! A stamp is found from an anchor — a signing label ("Ký bởi:", "Thời gian ký:") or a date with
//! a time to the second — and grows over the lines next to it that are stamp lines too (labels,
//! times, an e-mail, a time zone) or the wrapped values of its labels; the organisation lines a
//! stamp prints above its e-mail are taken where the page geometry shows them in the stamp's
//! column (or, without geometry, when they open the document).

use crate::ingest::Line;
use crate::text::{fold, fold_char};
use regex::Regex;
use std::sync::LazyLock;

/// The lines of one stamp, in reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamp {
    pub kind: StampKind,
    pub lines: Vec<Line>,
}

/// What a stamp says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StampKind {
    /// A digital signature's stamp: who signed and when (or an e-office stamp's number).
    Signature,
    /// A receiving office's incoming-mail stamp ("ĐẾN Số: 9639 Ngày: 19/05/2025 Chuyển: …"):
    /// its number and date are the receiver's, not the document's.
    Incoming,
}

/// Labels a stamp prints, folded, with whether they name the signing itself (an anchor).
const LABELS: [(&str, bool); 8] = [
    ("ky boi", true),
    ("nguoi ky", true),
    ("thoi gian ky", true),
    ("gio ky", true),
    ("ngay ky", true),
    ("co quan", false),
    ("email", false),
    ("chuc vu", false),
];

/// A date followed by a time to the second ("22/12/2025; 18:56:39", "06.11.2024 09:27:05",
/// "2025-10-01T17:08:18").
static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\b[0-9]{1,2}[./-][0-9]{1,2}[./-][0-9]{4}|\b[0-9]{4}-[0-9]{2}-[0-9]{2})[\s;,T]*[0-9]{1,2}:[0-9]{2}:[0-9]{2}\b",
    )
    .unwrap()
});
/// A line that is only a time zone or a time: "+07:00", "GMT+7", "15:53:50".
static ZONE_OR_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:(?:GMT|UTC)?\s*[+-][0-9]{1,2}(?::?[0-9]{2})?|[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\s*[+-][0-9]{2}:?[0-9]{2})?)$",
    )
    .unwrap()
});
/// A whole line that is an e-mail address (with or without its label).
static EMAIL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:e-?mail\s*:\s*)?[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$").unwrap()
});

/// The most lines one stamp holds.
const MAX_LINES: usize = 12;
/// Longest line of a stamp, in chars (a stamp's column is narrow).
const MAX_CHARS: usize = 90;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    /// A signing label or a date-time: a stamp for sure.
    Anchor,
    /// A stamp line that does not make a stamp on its own: another label, an e-mail, a zone.
    Part,
    Other,
}

fn label_of(text: &str) -> Option<bool> {
    let f = fold(text);
    LABELS.iter().find_map(|(l, anchor)| {
        let rest = f.strip_prefix(l)?;
        rest.trim_start().starts_with(':').then_some(*anchor)
    })
}

fn kind(text: &str) -> Kind {
    let t = text.trim();
    if t.is_empty() || t.chars().count() > MAX_CHARS {
        return Kind::Other;
    }
    // Every stamp line holds a colon (a label, a time), a sign (a zone) or an at (an e-mail):
    // most lines are told apart by these bytes, before any folding or regex.
    let has = |c: u8| t.as_bytes().contains(&c);
    let colon = has(b':');
    if colon {
        match label_of(t) {
            Some(true) => return Kind::Anchor,
            Some(false) => return Kind::Part,
            None => {}
        }
        if DATE_TIME.is_match(t) {
            return Kind::Anchor;
        }
    }
    if (colon || has(b'+') || has(b'-')) && ZONE_OR_TIME.is_match(t)
        || has(b'@') && EMAIL_LINE.is_match(t)
    {
        return Kind::Part;
    }
    Kind::Other
}

/// A short line that may be a wrapped stamp value or an organisation's name in a stamp.
fn is_value_line(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    (1..=8).contains(&words)
        && t.chars().count() <= 50
        && crate::text::starts_upper(t)
        && !is_header_item(t)
}

/// A header line of the document itself: its number, its place and date, a banner.
fn is_header_item(text: &str) -> bool {
    let f = fold(text);
    f.starts_with("so:")
        || f.starts_with("so ") && f[3..].starts_with(|c: char| c.is_ascii_digit())
        || (f.contains("ngay") && f.contains("thang"))
        || f.starts_with("cong hoa")
        || f.starts_with("doc lap")
}

/// Whether line `l` stands in the column of the stamp lines `block` (page geometry): it overlaps
/// them horizontally and lies within two of its heights of one of them. `None` without boxes.
fn in_column(l: &Line, block: &[&Line]) -> Option<bool> {
    let b = l.bbox?;
    let mut any = false;
    for o in block {
        let Some(ob) = o.bbox else { continue };
        if o.page != l.page {
            continue;
        }
        any = true;
        let overlap = b.0[2].min(ob.0[2]) - b.0[0].max(ob.0[0]);
        let width = (b.0[2] - b.0[0]).max(1.0);
        let height = (b.0[3] - b.0[1]).max(1.0);
        let gap = (b.0[1] - ob.0[3]).max(ob.0[1] - b.0[3]).max(0.0);
        if overlap >= 0.5 * width.min(ob.0[2] - ob.0[0]) && gap <= 2.0 * height {
            return Some(true);
        }
    }
    any.then_some(false)
}

/// "ĐẾN", "CÔNG VĂN ĐẾN", "ĐẾN Số: 9639": the line an incoming-mail stamp opens with.
fn opens_incoming(text: &str) -> bool {
    let t = text.trim();
    // (every opening starts with one of these letters: the other lines, most of a document,
    // are not folded whole)
    let first = t.chars().next().map(fold_char);
    if !matches!(first, Some('c' | 'v' | 'd')) {
        return false;
    }
    let f = fold(t);
    let rest = f
        .strip_prefix("cong van den")
        .or_else(|| f.strip_prefix("van ban den"))
        .or_else(|| f.strip_prefix("den"));
    let Some(rest) = rest else { return false };
    let rest = rest.trim_start_matches([':', ' ']);
    // In capitals, as stamps print it ("Đến năm 2030" is a group title).
    let capitals = t.chars().take(3).all(|c| !c.is_lowercase());
    capitals && (rest.is_empty() || rest.starts_with("so"))
}

/// A line of an incoming-mail stamp after its first: its number, date, time, forwarding and
/// filing labels.
fn incoming_part(text: &str) -> bool {
    let t = text.trim();
    let f = fold(t);
    const LABELS: [&str; 8] = [
        "so va ky hieu hs",
        "so va ky hieu",
        "luu ho so so",
        "luu ho so",
        "chuyen",
        "ngay",
        "gio",
        "so",
    ];
    let label = LABELS.iter().find(|l| {
        f.strip_prefix(**l).is_some_and(|r| {
            let r = r.trim_start();
            r.is_empty() || r.starts_with(':') || r.starts_with(|c: char| c.is_ascii_digit())
        })
    });
    let Some(label) = label else { return false };
    // A receiving number has no symbol ("Số: 9639"), unlike a document's ("Số: 5/KH-UBND").
    t.chars().count() <= 60 && !(*label == "so" && t.contains('/'))
}

/// Incoming-mail stamps: an opening line and the stamp's items under it (and the receiving
/// office's name above it, in its column or at the top of the document).
fn find_incoming(lines: &[Line], taken: &mut [bool], stamps: &mut Vec<Stamp>) {
    let n = lines.len();
    let mut i = 0;
    while i < n {
        if taken[i] || !opens_incoming(&lines[i].text) {
            i += 1;
            continue;
        }
        let (mut a, mut b) = (i, i);
        while b + 1 < n && b + 1 - a < MAX_LINES && !taken[b + 1] {
            let block: Vec<&Line> = lines[a..=b].iter().collect();
            let next = &lines[b + 1];
            if !incoming_part(&next.text) || in_column(next, &block) == Some(false) {
                break;
            }
            b += 1;
        }
        if a > 0 && !taken[a - 1] {
            let prev = &lines[a - 1];
            let block: Vec<&Line> = lines[a..=b].iter().collect();
            let beside = in_column(prev, &block).unwrap_or(a == 1);
            if beside && is_value_line(&prev.text) && crate::text::is_upper(&prev.text) {
                a -= 1;
            }
        }
        // An opening line alone is no stamp ("ĐẾN" as a word of a title stands with others).
        if b > i || fold(lines[i].text.trim()).contains("so") {
            for t in &mut taken[a..=b] {
                *t = true;
            }
            stamps.push(Stamp {
                kind: StampKind::Incoming,
                lines: lines[a..=b].to_vec(),
            });
        }
        i = b + 1;
    }
}

/// Finds the stamps among `lines`; returns them and, for each line, whether it is a stamp's.
pub(super) fn find(lines: &[Line]) -> (Vec<Stamp>, Vec<bool>) {
    let n = lines.len();
    let kinds: Vec<Kind> = lines.iter().map(|l| kind(&l.text)).collect();
    let mut taken = vec![false; n];
    let mut stamps = Vec::new();
    let mut i = 0;
    while i < n {
        if kinds[i] != Kind::Anchor || taken[i] {
            i += 1;
            continue;
        }
        let (mut a, mut b) = (i, i);
        // Down: stamp lines, and wrapped values of the labels (in the stamp's column).
        while b + 1 < n && b + 1 - a < MAX_LINES {
            let next = &lines[b + 1];
            let block: Vec<&Line> = lines[a..=b].iter().collect();
            let ok = match kinds[b + 1] {
                Kind::Anchor | Kind::Part => in_column(next, &block) != Some(false),
                Kind::Other => {
                    is_value_line(&next.text)
                        && in_column(next, &block).unwrap_or(label_of(&lines[b].text).is_some())
                        // a value line leads on to more of the stamp, or ends it in its column
                        && (in_column(next, &block) == Some(true)
                            || (b + 2 < n && kinds[b + 2] != Kind::Other))
                }
            };
            if !ok {
                break;
            }
            b += 1;
        }
        // Up: stamp lines, and the organisation a stamp prints above its e-mail or time.
        while a > 0 && b + 1 - a < MAX_LINES && !taken[a - 1] {
            let prev = &lines[a - 1];
            let block: Vec<&Line> = lines[a..=b].iter().collect();
            let ok = match kinds[a - 1] {
                Kind::Anchor | Kind::Part => in_column(prev, &block) != Some(false),
                Kind::Other => {
                    is_value_line(&prev.text)
                        && in_column(prev, &block).unwrap_or_else(|| {
                            // Without geometry: only lines that open the document.
                            (0..a).all(|k| is_value_line(&lines[k].text)) && a <= 3
                        })
                }
            };
            if !ok {
                break;
            }
            a -= 1;
        }
        for t in &mut taken[a..=b] {
            *t = true;
        }
        stamps.push(Stamp {
            kind: StampKind::Signature,
            lines: lines[a..=b].to_vec(),
        });
        i = b + 1;
    }
    find_incoming(lines, &mut taken, &mut stamps);
    stamps.sort_by_key(|s| (s.lines[0].page, s.lines[0].line));
    (stamps, taken)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::lines_of;

    fn texts(s: &Stamp) -> Vec<&str> {
        s.lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn stamps_before_the_header_are_lifted() {
        let lines = lines_of("TRUNG TÂM CÔNG\nBÁO VÀ TIN HỌC\nttcbth@quangngai.gov.vn\n06.11.2024 09:27:05\n+07:00\nỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
        let (stamps, taken) = find(&lines);
        assert_eq!(stamps.len(), 1);
        assert_eq!(texts(&stamps[0])[0], "TRUNG TÂM CÔNG");
        assert_eq!(taken.iter().filter(|&&t| t).count(), 5);
        let lines = lines_of("Ký bởi: ỦY BAN NHÂN\nDÂN TỈNH LÂM ĐỒNG\nCơ quan: ỦY BAN NHÂN\nDÂN TỈNH LÂM ĐỒNG\nThời gian ký: 13/11/2025\n15:53:50\nỦY BAN NHÂN DÂN");
        let (stamps, _) = find(&lines);
        assert_eq!(stamps[0].lines.len(), 6);
        let (stamps, _) = find(&lines_of(
            "Số: 666/TTr-SNV; 22/12/2025; 18:56:39; +07:00\nPhụ lục\nTỔNG HỢP Ý KIẾN",
        ));
        assert_eq!(
            texts(&stamps[0]),
            ["Số: 666/TTr-SNV; 22/12/2025; 18:56:39; +07:00"]
        );
    }

    #[test]
    fn incoming_mail_stamps_are_lifted() {
        let lines = lines_of("VP.UBND TỈNH BÌNH THUẬN\nĐẾN Số: 9639\nNgày: 19/05/2025\nChuyển:\nSố và ký hiệu HS:\nUBND TỈNH BÌNH THUẬN\nSỞ TƯ PHÁP\nSố: 788/STP-HCBT\nBình Thuận, ngày 16 tháng 5 năm 2025");
        let (stamps, taken) = find(&lines);
        assert_eq!(stamps.len(), 1);
        assert_eq!(stamps[0].kind, StampKind::Incoming);
        assert_eq!(
            taken,
            [true, true, true, true, true, false, false, false, false]
        );
        // A group title opening with "Đến" is no stamp.
        let (stamps, _) = find(&lines_of("Đến năm 2030\nSố doanh nghiệp: 120"));
        assert!(stamps.is_empty());
    }

    #[test]
    fn body_text_is_no_stamp() {
        let (stamps, _) = find(&lines_of(
            "Thời gian: 14 giờ 30 phút, ngày 12 tháng 01 năm 2026 (Thứ Hai).\nCơ quan chủ trì: Sở Nội vụ\nLiên hệ: dangkyhop@chinhphu.vn trước 14 giờ",
        ));
        assert!(stamps.is_empty());
    }
}
