//! Document symbols ("số, ký hiệu"): state form `03/NQ-CP`, `107/2021/NĐ-CP`, laws `64/2025/QH15`,
//! Party form `57-NQ/TW`; found in text, parsed, and put in canonical form. A Government symbol
//! written in Party form (`03-NQ/CP`) or the reverse is mapped to its issuer's form and flagged.

use regex::Regex;
use std::sync::LazyLock;

/// NĐ 30/2020 Phụ lục III type abbreviations, the legal normative types met in citations, and
/// Party types, with the document type each stands for; and the licence ("GIẤY PHÉP", symbol
/// "…/GP-UBND"), which NĐ 30 does not list but provinces issue under their own number.
pub const TYPE_CODES: [(&str, &str); 38] = [
    ("NQ", "NGHỊ QUYẾT"),
    ("QĐ", "QUYẾT ĐỊNH"),
    ("CT", "CHỈ THỊ"),
    ("QC", "QUY CHẾ"),
    ("QyĐ", "QUY ĐỊNH"),
    ("TC", "THÔNG CÁO"),
    ("TB", "THÔNG BÁO"),
    ("HD", "HƯỚNG DẪN"),
    ("CTr", "CHƯƠNG TRÌNH"),
    ("KH", "KẾ HOẠCH"),
    ("PA", "PHƯƠNG ÁN"),
    ("ĐA", "ĐỀ ÁN"),
    ("DA", "DỰ ÁN"),
    ("BC", "BÁO CÁO"),
    ("BB", "BIÊN BẢN"),
    ("TTr", "TỜ TRÌNH"),
    ("HĐ", "HỢP ĐỒNG"),
    ("CĐ", "CÔNG ĐIỆN"),
    ("BGN", "BẢN GHI NHỚ"),
    ("BTT", "BẢN THỎA THUẬN"),
    ("GUQ", "GIẤY ỦY QUYỀN"),
    ("GM", "GIẤY MỜI"),
    ("GGT", "GIẤY GIỚI THIỆU"),
    ("GNP", "GIẤY NGHỈ PHÉP"),
    ("GP", "GIẤY PHÉP"),
    ("PG", "PHIẾU GỬI"),
    ("PC", "PHIẾU CHUYỂN"),
    ("PB", "PHIẾU BÁO"),
    ("SY", "BẢN SAO Y"),
    ("TrS", "BẢN TRÍCH SAO"),
    ("SL", "BẢN SAO LỤC"),
    ("NĐ", "NGHỊ ĐỊNH"),
    ("TT", "THÔNG TƯ"),
    ("TTLT", "THÔNG TƯ LIÊN TỊCH"),
    ("KL", "KẾT LUẬN"),
    ("CV", "CÔNG VĂN"),
    ("PL", "PHÁP LỆNH"),
    ("L", "LUẬT"),
];

pub fn is_type_code(code: &str) -> bool {
    TYPE_CODES.iter().any(|(c, _)| *c == code)
}

/// The document type an abbreviation stands for ("KH" → "KẾ HOẠCH").
pub fn type_name(code: &str) -> Option<&'static str> {
    TYPE_CODES.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The abbreviation of a document type name, compared without diacritics or case.
pub fn type_code_of(name: &str) -> Option<&'static str> {
    let f = crate::text::fold(&crate::text::collapse_ws(name));
    TYPE_CODES
        .iter()
        .find(|(_, n)| crate::text::fold(n) == f)
        .map(|(c, _)| *c)
}

/// Issuers of Party documents: the Central Committee and its offices, provincial, district and
/// commune Party committees, Party delegations.
fn is_party_issuer(code: &str) -> bool {
    const PARTY: [&str; 12] = [
        "TW", "TU", "HU", "QU", "ĐU", "ĐUK", "VPTW", "BTGTW", "BTCTW", "BCSĐ", "ĐĐ", "TUQĐ",
    ];
    let head = code.split('-').next().unwrap_or(code);
    PARTY.contains(&head)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolForm {
    /// `n/[year/]TYPE-ISSUER`
    State,
    /// `n-TYPE/ISSUER`
    Party,
    /// `n/year/QHnn`
    Law,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub canonical: String,
    pub number: String,
    pub year: Option<u16>,
    pub type_code: Option<String>,
    pub issuer_code: Option<String>,
    pub form: SymbolForm,
    /// The text had another form (Party form for a state issuer, or the reverse).
    pub variant_of: Option<String>,
    /// Byte range in the searched text.
    pub start: usize,
    pub end: usize,
}

impl Symbol {
    /// Key under which two mentions are the same document: canonical form without leading zeros.
    pub fn key(&self) -> String {
        let trimmed = self.number.trim_start_matches('0');
        let number = if trimmed.is_empty() { "0" } else { trimmed };
        format!("{number}{}", &self.canonical[self.number.len()..])
    }
}

const CODE: &str = r"[A-ZĐ][A-Za-zĐđ0-9&]*";

static SYMBOL: LazyLock<Regex> = LazyLock::new(|| {
    let law = r"(?P<ln>[0-9]{1,4})\s?/\s?(?P<ly>[0-9]{4})\s?/\s?(?P<li>(?:UBTV)?QH[0-9]{2})";
    let state = format!(
        r"(?P<sn>[0-9]{{1,5}})\s?/\s?(?:(?P<sy>[0-9]{{4}})\s?/\s?)?(?P<st>[A-ZĐ][A-Za-zĐđ&]{{0,6}})-(?P<si>{CODE}(?:-{CODE})*)"
    );
    let party = format!(
        r"(?P<pn>[0-9]{{1,5}})\s?-\s?(?P<pt>[A-ZĐ][A-Za-zĐđ]{{0,4}})\s?/\s?(?P<pi>{CODE}(?:-{CODE})*)"
    );
    // No \b: a Unicode word boundary keeps the regex off its fast engines; the boundary is
    // checked on the match instead.
    Regex::new(&format!(r"(?:{law}|{state}|{party})")).unwrap()
});

/// Every document symbol in `text`, left to right.
pub fn find_symbols(text: &str) -> Vec<Symbol> {
    // (every form has a slash: "57-NQ/TW", "03/NQ-CP", "25/2004/QH11")
    if !text.contains('/') {
        return Vec::new();
    }
    SYMBOL
        .captures_iter(text)
        .filter_map(|c| {
            let m = c.get(0).unwrap();
            let (start, end) = (m.start(), m.end());
            let glued_before = text[..start]
                .chars()
                .next_back()
                .is_some_and(|ch| ch.is_alphanumeric());
            let glued_after = text[end..]
                .chars()
                .next()
                .is_some_and(|ch| ch.is_alphanumeric());
            if glued_before || glued_after {
                return None;
            }
            if let Some(n) = c.name("ln") {
                let year = c["ly"].parse().ok();
                let issuer = c["li"].to_string();
                return Some(Symbol {
                    canonical: format!("{}/{}/{}", n.as_str(), &c["ly"], issuer),
                    number: n.as_str().to_string(),
                    year,
                    type_code: None,
                    issuer_code: Some(issuer),
                    form: SymbolForm::Law,
                    variant_of: None,
                    start,
                    end,
                });
            }
            if let Some(n) = c.name("sn") {
                let ty = &c["st"];
                let issuer = &c["si"];
                let year = c.name("sy").map(|y| y.as_str());
                return Some(state_or_party(
                    n.as_str(),
                    year,
                    ty,
                    issuer,
                    SymbolForm::State,
                    m.as_str(),
                    start,
                    end,
                ));
            }
            let n = c.name("pn")?;
            // "2025-2030/…" style ranges are not symbols: a Party type is a known code.
            let ty = &c["pt"];
            if !is_type_code(ty) {
                return None;
            }
            Some(state_or_party(
                n.as_str(),
                None,
                ty,
                &c["pi"],
                SymbolForm::Party,
                m.as_str(),
                start,
                end,
            ))
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn state_or_party(
    number: &str,
    year: Option<&str>,
    ty: &str,
    issuer: &str,
    written: SymbolForm,
    text: &str,
    start: usize,
    end: usize,
) -> Symbol {
    let party_issuer = is_party_issuer(issuer);
    let form = match (written, party_issuer) {
        (SymbolForm::Party, false) if year.is_none() => SymbolForm::State,
        (SymbolForm::State, true) if year.is_none() && is_type_code(ty) => SymbolForm::Party,
        (w, _) => w,
    };
    // A công văn's symbol names the issuer and unit, not a type: "83/BKHCN-BTTTT-VP".
    let (type_code, issuer_code) = if is_type_code(ty) {
        (Some(ty.to_string()), issuer.to_string())
    } else {
        (None, format!("{ty}-{issuer}"))
    };
    let canonical = match form {
        SymbolForm::Party => format!("{number}-{ty}/{issuer}"),
        _ => match year {
            Some(y) => format!("{number}/{y}/{ty}-{issuer}"),
            None => format!("{number}/{ty}-{issuer}"),
        },
    };
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let variant_of = (form != written).then_some(compact);
    Symbol {
        canonical,
        number: number.to_string(),
        year: year.and_then(|y| y.parse().ok()),
        type_code,
        issuer_code: Some(issuer_code),
        form,
        variant_of,
        start,
        end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> Vec<String> {
        find_symbols(s).into_iter().map(|s| s.canonical).collect()
    }

    #[test]
    fn forms() {
        assert_eq!(
            canon("Nghị quyết số 57-NQ/TW, Nghị quyết số 03/NQ-CP và Nghị định 107/2021/NĐ-CP"),
            ["57-NQ/TW", "03/NQ-CP", "107/2021/NĐ-CP"]
        );
        assert_eq!(canon("Luật số 64/2025/QH15"), ["64/2025/QH15"]);
        assert_eq!(
            canon("Tờ trình số 04/TTr-BKHCN-BTTTT"),
            ["04/TTr-BKHCN-BTTTT"]
        );
        assert_eq!(canon("Quyết định 519 /QĐ-UBND"), ["519/QĐ-UBND"]);
        assert_eq!(canon("Chương trình số 32-CTr/TU"), ["32-CTr/TU"]);
        let cv = &find_symbols("công văn số 83/BKHCN-BTTTT-VP")[0];
        assert_eq!(cv.type_code, None);
        assert_eq!(cv.issuer_code.as_deref(), Some("BKHCN-BTTTT-VP"));
    }

    #[test]
    fn variants_are_mapped_and_flagged() {
        let s = &find_symbols("Nghị quyết số 03-NQ/CP")[0];
        assert_eq!(s.canonical, "03/NQ-CP");
        assert_eq!(s.variant_of.as_deref(), Some("03-NQ/CP"));
        let p = &find_symbols("Nghị quyết 57/NQ-TW")[0];
        assert_eq!(p.canonical, "57-NQ/TW");
        assert!(find_symbols("giai đoạn 2021-2025/năm").is_empty());
        assert_eq!(find_symbols("57-NQ/TW")[0].variant_of, None);
    }

    #[test]
    fn key_ignores_leading_zeros() {
        let a = &find_symbols("3/NQ-CP")[0];
        let b = &find_symbols("03/NQ-CP")[0];
        assert_eq!(a.key(), b.key());
    }
}
