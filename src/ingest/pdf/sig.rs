//! The digital signatures of a PDF: each signature field's value (/FT /Sig, /V) gives the time
//! (/M) and holds a CMS SignedData (/Contents) whose signer certificate names who signed
//! (common name, organisation, unit, e-mail). Read without checking the signature: this says
//! who the file claims signed it and when, for archivists to see and search.
//!
//! The DER reader is small and bounded: it only walks the structure down to the names.

use super::objects::{deref, get};
use crate::model::Signature;
use lopdf::{Document, Object};

/// Signature fields read, at most (each signing adds one).
const MAX_FIELDS: usize = 64;

/// The signatures of the document, in the order of its form fields.
pub fn signatures(doc: &Document) -> Vec<Signature> {
    let Some(root) = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
    else {
        return Vec::new();
    };
    let Some(Object::Array(fields)) = get(doc, root, b"AcroForm")
        .and_then(|o| o.as_dict().ok())
        .and_then(|f| get(doc, f, b"Fields"))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut stack: Vec<&Object> = fields.iter().rev().collect();
    let mut seen = 0;
    while let Some(o) = stack.pop() {
        seen += 1;
        if seen > 10_000 || out.len() >= MAX_FIELDS {
            break;
        }
        let Some(field) = deref(doc, o).and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        if let Some(Object::Array(kids)) = get(doc, field, b"Kids") {
            stack.extend(kids.iter().rev());
        }
        let is_sig = get(doc, field, b"FT").and_then(|o| o.as_name().ok()) == Some(b"Sig");
        let Some(value) = get(doc, field, b"V").and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        if !is_sig && get(doc, value, b"Type").and_then(|o| o.as_name().ok()) != Some(b"Sig") {
            continue;
        }
        let mut sig = Signature {
            source: "certificate".into(),
            ..Signature::default()
        };
        if let Some(Object::String(m, _)) = get(doc, value, b"M") {
            sig.time = pdf_date(m);
        }
        if let Some(Object::String(der, _)) = get(doc, value, b"Contents") {
            if let Some(subject) = signer_subject(der) {
                sig.signed_by = subject.common_name;
                sig.organization = match (subject.unit, subject.organization) {
                    (Some(u), Some(o)) if u != o => Some(format!("{u}, {o}")),
                    (u, o) => o.or(u),
                };
                sig.email = subject.email;
            }
        }
        if sig.signed_by.is_none() && sig.time.is_none() {
            continue;
        }
        out.push(sig);
    }
    out
}

/// A PDF date "D:20241106084906+07'00'" as ISO 8601 "2024-11-06T08:49:06+07:00".
fn pdf_date(raw: &[u8]) -> Option<String> {
    let s = String::from_utf8_lossy(raw);
    let s = s.trim().trim_start_matches("D:");
    let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
    if digits.len() < 8 {
        return None;
    }
    let part = |a: usize, b: usize| digits.get(a..b).unwrap_or("00").to_string();
    let mut out = format!("{}-{}-{}", &digits[0..4], &digits[4..6], &digits[6..8]);
    if digits.len() >= 12 {
        out.push_str(&format!(
            "T{}:{}:{}",
            part(8, 10),
            part(10, 12),
            part(12, 14)
        ));
        let zone = &s[digits.len()..];
        let mut z = zone.chars();
        match z.next() {
            Some('Z') => out.push('Z'),
            Some(sign @ ('+' | '-')) => {
                let rest: String = z.filter(|c| c.is_ascii_digit()).collect();
                if rest.len() >= 2 {
                    out.push_str(&format!(
                        "{sign}{}:{}",
                        &rest[..2],
                        rest.get(2..4).unwrap_or("00")
                    ));
                }
            }
            _ => {}
        }
    }
    Some(out)
}

/// One DER element: its tag and its content.
#[derive(Clone, Copy)]
struct Der<'a> {
    tag: u8,
    body: &'a [u8],
}

impl<'a> Der<'a> {
    /// The element at the start of `data`, and what follows it.
    fn read(data: &'a [u8]) -> Option<(Der<'a>, &'a [u8])> {
        let (&tag, rest) = data.split_first()?;
        let (&first, mut rest) = rest.split_first()?;
        let len = if first < 0x80 {
            first as usize
        } else {
            let n = (first & 0x7F) as usize;
            if n == 0 || n > 4 || rest.len() < n {
                return None;
            }
            let len = rest[..n].iter().fold(0usize, |a, &b| a << 8 | b as usize);
            rest = &rest[n..];
            len
        };
        if rest.len() < len {
            return None;
        }
        Some((
            Der {
                tag,
                body: &rest[..len],
            },
            &rest[len..],
        ))
    }

    /// The elements a constructed element holds.
    fn children(&self) -> Vec<Der<'a>> {
        let mut out = Vec::new();
        let mut data = self.body;
        while !data.is_empty() && out.len() < 4096 {
            match Der::read(data) {
                Some((d, rest)) => {
                    out.push(d);
                    data = rest;
                }
                None => break,
            }
        }
        out
    }
}

#[derive(Default, Debug, PartialEq)]
struct Subject {
    common_name: Option<String>,
    organization: Option<String>,
    unit: Option<String>,
    email: Option<String>,
}

const OID_CN: &[u8] = &[0x55, 0x04, 0x03];
const OID_O: &[u8] = &[0x55, 0x04, 0x0A];
const OID_OU: &[u8] = &[0x55, 0x04, 0x0B];
const OID_EMAIL: &[u8] = &[0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x01];

/// A directory string's text (UTF8String, PrintableString, IA5String, T61, BMPString).
fn string_of(d: &Der) -> Option<String> {
    match d.tag {
        0x0C | 0x13 | 0x16 => Some(String::from_utf8_lossy(d.body).into_owned()),
        0x14 => Some(d.body.iter().map(|&b| b as char).collect()),
        0x1E => {
            let units: Vec<u16> = d
                .body
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        _ => None,
    }
}

/// An X.509 Name (SEQUENCE OF SET OF {OID, value}).
fn read_name(name: &Der) -> Subject {
    let mut s = Subject::default();
    for rdn in name.children() {
        for atv in rdn.children() {
            let parts = atv.children();
            let (Some(oid), Some(value)) = (parts.first(), parts.get(1)) else {
                continue;
            };
            let Some(text) = string_of(value) else {
                continue;
            };
            let text = crate::text::collapse_ws(&text);
            let slot = match oid.body {
                OID_CN => &mut s.common_name,
                OID_O => &mut s.organization,
                OID_OU => &mut s.unit,
                OID_EMAIL => &mut s.email,
                _ => continue,
            };
            slot.get_or_insert(text);
        }
    }
    s
}

/// The subject of the certificate that signed a CMS SignedData (the one whose issuer and
/// serial number the first SignerInfo names; else the one no other certificate was issued by).
fn signer_subject(der: &[u8]) -> Option<Subject> {
    let (content_info, _) = Der::read(der)?;
    let ci = content_info.children();
    // ContentInfo { contentType, [0] EXPLICIT SignedData }
    let signed_data = ci.get(1)?.children().into_iter().next()?;
    let sd = signed_data.children();
    // SignedData { version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls,
    // signerInfos }
    let certs: Vec<Der> = sd
        .iter()
        .find(|d| d.tag == 0xA0)
        .map(|c| c.children())
        .unwrap_or_default();
    // Each certificate: (issuer, serial, subject) from its TBSCertificate.
    let parsed: Vec<(Der, Der, Der)> = certs
        .iter()
        .filter_map(|c| {
            let tbs = c.children().into_iter().next()?.children();
            let skip = usize::from(tbs.first()?.tag == 0xA0);
            let serial = *tbs.get(skip)?;
            let issuer = *tbs.get(skip + 2)?;
            let subject = *tbs.get(skip + 4)?;
            Some((issuer, serial, subject))
        })
        .collect();
    let signer_info = sd
        .iter()
        .rev()
        .find(|d| d.tag == 0x31)
        .and_then(|set| set.children().into_iter().next());
    if let Some(si) = signer_info {
        // SignerInfo { version, sid (IssuerAndSerialNumber), … }
        if let Some(sid) = si.children().get(1) {
            let ids = sid.children();
            if let (Some(issuer), Some(serial)) = (ids.first(), ids.get(1)) {
                if let Some(c) = parsed
                    .iter()
                    .find(|c| c.1.body == serial.body && c.0.body == issuer.body)
                {
                    return Some(read_name(&c.2));
                }
            }
        }
    }
    // A leaf: a certificate whose subject issued none of the others.
    parsed
        .iter()
        .find(|c| !parsed.iter().any(|o| o.0.body == c.2.body))
        .map(|c| read_name(&c.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates() {
        assert_eq!(
            pdf_date(b"D:20241106084906+07'00'").as_deref(),
            Some("2024-11-06T08:49:06+07:00")
        );
        assert_eq!(pdf_date(b"D:20250101").as_deref(), Some("2025-01-01"));
        assert_eq!(pdf_date(b"garbage"), None);
    }

    /// DER of one element.
    fn der(tag: u8, body: &[u8]) -> Vec<u8> {
        let mut v = vec![tag];
        if body.len() < 0x80 {
            v.push(body.len() as u8);
        } else {
            v.push(0x82);
            v.extend_from_slice(&(body.len() as u16).to_be_bytes());
        }
        v.extend_from_slice(body);
        v
    }

    fn name(cn: &str, o: &str) -> Vec<u8> {
        let atv = |oid: &[u8], s: &str| {
            der(
                0x31,
                &der(0x30, &[der(0x06, oid), der(0x0C, s.as_bytes())].concat()),
            )
        };
        der(0x30, &[atv(OID_CN, cn), atv(OID_O, o)].concat())
    }

    #[test]
    fn signer_from_a_signed_data() {
        // Two certificates (the CA's and the signer's), the SignerInfo naming the signer's.
        let cert = |serial: u8, issuer: &[u8], subject: &[u8]| {
            let tbs = [
                der(0xA0, &der(0x02, &[2])),
                der(0x02, &[serial]),
                der(0x30, &[]),
                issuer.to_vec(),
                der(0x30, &[]),
                subject.to_vec(),
            ]
            .concat();
            der(0x30, &der(0x30, &tbs))
        };
        let ca = name("VNPT Certification Authority", "VNPT Group");
        let me = name("Phùng Tô Long", "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI");
        let certs = der(0xA0, &[cert(1, &ca, &ca), cert(7, &ca, &me)].concat());
        let sid = der(0x30, &[ca.clone(), der(0x02, &[7])].concat());
        let signer_infos = der(0x31, &der(0x30, &[der(0x02, &[1]), sid].concat()));
        let sd = der(
            0x30,
            &[
                der(0x02, &[1]),
                der(0x31, &[]),
                der(0x30, &[]),
                certs,
                signer_infos,
            ]
            .concat(),
        );
        let ci = der(0x30, &[der(0x06, &[1, 2]), der(0xA0, &sd)].concat());
        let s = signer_subject(&ci).unwrap();
        assert_eq!(s.common_name.as_deref(), Some("Phùng Tô Long"));
        assert_eq!(
            s.organization.as_deref(),
            Some("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI")
        );
        // Truncated input: no panic, no signer.
        assert!(signer_subject(&ci[..ci.len() / 2]).is_none());
    }
}
