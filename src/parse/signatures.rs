//! Signature stamps read as signature metadata: who signed ("Ký bởi:", or the organisation a
//! stamp prints above its e-mail), the organisation ("Cơ quan:"), the e-mail and the time; and
//! the document's own number and day where an e-office stamp prints them ("Số: 666/TTr-SNV;
//! 22/12/2025; 18:56:39; +07:00").

use crate::layout::Stamp;
use crate::model::Signature;
use crate::text::{collapse_ws, fold};
use regex::Regex;
use std::sync::LazyLock;

static DATE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:\b([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})|\b([0-9]{4})-([0-9]{2})-([0-9]{2}))[\s;,T]*([0-9]{1,2}):([0-9]{2}):([0-9]{2})\b(?:\s*;?\s*([+-][0-9]{2}):?([0-9]{2}))?",
    )
    .unwrap()
});
static ZONE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s|;)([+-][0-9]{2}):?([0-9]{2})\s*;?$").unwrap());
static TIME_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,2}):([0-9]{2}):([0-9]{2})").unwrap());
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}").unwrap());
static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:Số|SỐ|So)\s*:\s*([^;\s]+)\s*;").unwrap());
static DATE_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})\b").unwrap());

/// What one stamp says.
#[derive(Debug, Default, PartialEq)]
pub struct StampFacts {
    pub signature: Signature,
    /// The document's number and symbol, when the stamp prints it.
    pub number: Option<String>,
    /// The day of signing (ISO date).
    pub date: Option<String>,
}

/// HTML entities some signing tools leave in the text they stamp ("CCHC&amp;VTLT").
fn unescape(s: &str) -> String {
    s.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

/// Which label a line opens with, and its value.
fn labelled(text: &str) -> Option<(&'static str, String)> {
    const LABELS: [(&str, &str); 8] = [
        ("ky boi", "signed_by"),
        ("nguoi ky", "signed_by"),
        ("co quan", "organization"),
        ("email", "email"),
        ("thoi gian ky", "time"),
        ("gio ky", "time"),
        ("ngay ky", "time"),
        ("chuc vu", "position"),
    ];
    let f = fold(text);
    LABELS.iter().find_map(|(l, field)| {
        let rest = f.strip_prefix(l)?;
        rest.trim_start().strip_prefix(':')?;
        let colon = text.find(':')?;
        Some((*field, text[colon + 1..].trim().to_string()))
    })
}

fn two(s: &str) -> String {
    format!("{:0>2}", s)
}

/// Reads one stamp.
pub fn read_stamp(stamp: &Stamp) -> StampFacts {
    let mut facts = StampFacts::default();
    let mut fields: Vec<(&str, String)> = Vec::new();
    let mut loose: Vec<String> = Vec::new();
    for line in &stamp.lines {
        let text = unescape(&collapse_ws(&line.text));
        if let Some((field, value)) = labelled(&text) {
            fields.push((field, value));
            continue;
        }
        match fields.last_mut() {
            // A label's value wrapped onto the next line (not another item of the stamp).
            Some((field, value))
                if !EMAIL.is_match(&text)
                    && !DATE_TIME.is_match(&text)
                    && (*field != "time" || TIME_ONLY.is_match(&text) || ZONE.is_match(&text)) =>
            {
                value.push(' ');
                value.push_str(&text);
            }
            _ => loose.push(text),
        }
    }
    let all: String = fields
        .iter()
        .map(|(_, v)| v.as_str())
        .chain(loose.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ; ");
    let sig = &mut facts.signature;
    sig.source = "stamp".into();
    for (field, value) in &fields {
        let value = value.trim().to_string();
        if value.is_empty() {
            continue;
        }
        match *field {
            "signed_by" => sig.signed_by = Some(value),
            "organization" => sig.organization = Some(value),
            "email" => sig.email = Some(value),
            _ => {}
        }
    }
    if sig.email.is_none() {
        sig.email = EMAIL.find(&all).map(|m| m.as_str().to_string());
    }
    // The organisation a stamp prints above its e-mail or time, without a label.
    let named: Vec<&str> = loose
        .iter()
        .map(String::as_str)
        .take_while(|t| !EMAIL.is_match(t) && !DATE_TIME.is_match(t) && !NUMBER.is_match(t))
        .collect();
    if sig.organization.is_none() && sig.signed_by.is_none() && !named.is_empty() {
        sig.organization = Some(named.join(" "));
    }
    if let Some(c) = DATE_TIME.captures(&all) {
        let (d, m, y) = match (c.get(1), c.get(4)) {
            (Some(d), _) => (d.as_str(), &c[2], &c[3]),
            _ => (&c[6], &c[5], &c[4]),
        };
        let date = format!("{y}-{}-{}", two(m), two(d));
        let zone = c
            .get(10)
            .map(|h| format!("{}:{}", h.as_str(), &c[11]))
            .or_else(|| {
                let rest = &all[c.get(0).unwrap().end()..];
                ZONE.captures(rest.split(" ; ").next().unwrap_or(""))
                    .or_else(|| loose.iter().find_map(|l| ZONE.captures(l)))
                    .map(|z| format!("{}:{}", &z[1], &z[2]))
            })
            .unwrap_or_default();
        sig.time = Some(format!("{date}T{}:{}:{}{zone}", two(&c[7]), &c[8], &c[9]));
        facts.date = Some(date);
    } else if let Some(c) = DATE_ONLY.captures(&all) {
        // "Thời gian ký: 13/11/2025" with its time on a line of its own.
        let date = format!("{}-{}-{}", &c[3], two(&c[2]), two(&c[1]));
        let time = TIME_ONLY
            .captures(all[c.get(0).unwrap().end()..].trim_start_matches([' ', ';']))
            .map(|t| format!("T{}:{}:{}", two(&t[1]), &t[2], &t[3]))
            .unwrap_or_default();
        sig.time = Some(format!("{date}{time}"));
        facts.date = Some(date);
    }
    if let Some(first) = stamp.lines.first() {
        let text = unescape(&collapse_ws(&first.text));
        if let Some(c) = NUMBER.captures(&text) {
            facts.number = Some(c[1].to_string());
        }
        let last = stamp.lines.last().unwrap_or(first);
        sig.span = Some(crate::model::Span::lines(first.page, first.line, last.line));
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::tests::lines_of;

    fn stamp(text: &str) -> StampFacts {
        read_stamp(&Stamp {
            kind: crate::layout::StampKind::Signature,
            lines: lines_of(text),
        })
    }

    #[test]
    fn stamp_forms() {
        let s = stamp(
            "TRUNG TÂM CÔNG\nBÁO VÀ TIN HỌC\nttcbth@quangngai.gov.vn\n06.11.2024 09:27:05\n+07:00",
        );
        assert_eq!(
            s.signature.organization.as_deref(),
            Some("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC")
        );
        assert_eq!(
            s.signature.email.as_deref(),
            Some("ttcbth@quangngai.gov.vn")
        );
        assert_eq!(
            s.signature.time.as_deref(),
            Some("2024-11-06T09:27:05+07:00")
        );
        let s = stamp("Ký bởi: ỦY BAN NHÂN\nDÂN TỈNH LÂM ĐỒNG\nCơ quan: ỦY BAN NHÂN\nDÂN TỈNH LÂM ĐỒNG\nThời gian ký: 13/11/2025\n15:53:50");
        assert_eq!(
            s.signature.signed_by.as_deref(),
            Some("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")
        );
        assert_eq!(
            s.signature.organization.as_deref(),
            Some("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")
        );
        assert_eq!(s.signature.time.as_deref(), Some("2025-11-13T15:53:50"));
        let s = stamp("Số: 2775/SNV-CCHC&amp;VTLT; 10/11/2025; 10:59:46;");
        assert_eq!(s.number.as_deref(), Some("2775/SNV-CCHC&VTLT"));
        assert_eq!(s.date.as_deref(), Some("2025-11-10"));
        let s = stamp("Số: 666/TTr-SNV; 22/12/2025; 18:56:39; +07:00");
        assert_eq!(
            s.signature.time.as_deref(),
            Some("2025-12-22T18:56:39+07:00")
        );
        let s = stamp("SAO Y\nBộ Công an\nThời gian ký: 2025-10-01T17:08:18+07:00");
        assert_eq!(
            s.signature.time.as_deref(),
            Some("2025-10-01T17:08:18+07:00")
        );
    }
}
