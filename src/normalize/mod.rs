//! normalize: document symbols, dates, and (with the tables) agencies, deadlines and targets.
//! Parse keeps text as printed; this stage adds the normalized values beside it.

pub mod agencies;
pub mod dates;
pub mod deadlines;
pub mod symbols;
pub mod targets;

use crate::model::{Document, Reference, Section, Span, Warning};
use std::collections::HashMap;

/// Fills `legal_bases[].refs` and `references` from every cited symbol, and flags variant
/// spellings. The document's own number is not a reference.
pub fn normalize(document: &mut Document) {
    let own = document
        .document
        .number
        .as_deref()
        .and_then(|n| symbols::find_symbols(n).into_iter().next())
        .map(|s| s.key());
    let mut refs = References::default();
    let mut warnings = Vec::new();

    if let Some(title) = document.document.title.clone() {
        refs.scan(&title, None, &mut warnings);
    }
    for basis in &mut document.legal_bases {
        basis.refs = refs.scan(&basis.text, Some(basis.span), &mut warnings);
    }
    for p in &document.preamble {
        refs.scan(p, None, &mut warnings);
    }
    fn walk(s: &Section, refs: &mut References, warnings: &mut Vec<Warning>) {
        if let Some(t) = &s.title {
            refs.scan(t, Some(s.span), warnings);
        }
        for p in &s.paragraphs {
            refs.scan(p, Some(s.span), warnings);
        }
        for c in &s.children {
            walk(c, refs, warnings);
        }
    }
    for s in &document.sections {
        walk(s, &mut refs, &mut warnings);
    }
    for p in &document.closing {
        refs.scan(p, None, &mut warnings);
    }
    for t in &document.tasks {
        refs.scan(&t.name, Some(t.span), &mut warnings);
        if let Some(r) = &t.result {
            refs.scan(&r.raw, Some(t.span), &mut warnings);
        }
        refs.scan(&t.deadline.raw, Some(t.span), &mut warnings);
    }
    for i in &document.indicators {
        refs.scan(&i.name, Some(i.span), &mut warnings);
        refs.scan(&i.target.raw, Some(i.span), &mut warnings);
    }
    for f in &document.footnotes {
        refs.scan(&f.text, Some(f.span), &mut warnings);
    }
    document.references = refs
        .list
        .into_iter()
        .filter(|r| own.as_deref() != Some(refs.keys[&r.symbol].as_str()))
        .collect();
    document.warnings.extend(warnings);
}

#[derive(Default)]
struct References {
    list: Vec<Reference>,
    index: HashMap<String, usize>,
    /// canonical symbol → key
    keys: HashMap<String, String>,
}

impl References {
    /// Records the symbols of `text`; returns their canonical forms, in order, without repeats.
    fn scan(&mut self, text: &str, span: Option<Span>, warnings: &mut Vec<Warning>) -> Vec<String> {
        let mut found = Vec::new();
        // Which references `found` holds: a paragraph may cite thousands.
        let mut seen = std::collections::HashSet::new();
        let all = symbols::find_symbols(text);
        for (k, sym) in all.iter().enumerate() {
            if let Some(v) = &sym.variant_of {
                warnings.push(Warning::new(
                    "symbol_variant",
                    format!("\"{v}\" read as {}", sym.canonical),
                    span,
                ));
            }
            // A date stated right after the symbol (possibly after "của <issuer>"), before the
            // next symbol or the end of the clause.
            let next = all.get(k + 1).map(|n| n.start).unwrap_or(text.len());
            let after = &text[sym.end..next];
            let date = dates::find_date(&after[..date_window(after)]).map(|d| d.iso);
            let key = sym.key();
            let i = match self.index.get(&key) {
                Some(&i) => i,
                None => {
                    self.list.push(Reference {
                        symbol: sym.canonical.clone(),
                        type_code: sym.type_code.clone(),
                        number: sym.number.clone(),
                        year: sym.year,
                        issuer_code: sym.issuer_code.clone(),
                        date: None,
                        mentions: 0,
                    });
                    self.keys.insert(sym.canonical.clone(), key.clone());
                    self.index.insert(key, self.list.len() - 1);
                    self.list.len() - 1
                }
            };
            let r = &mut self.list[i];
            r.mentions += 1;
            if r.date.is_none() {
                if let Some(d) = date {
                    if r.year.is_none() {
                        r.year = d[..4].parse().ok();
                    }
                    r.date = Some(d);
                }
            }
            if seen.insert(i) {
                found.push(r.symbol.clone());
            }
        }
        found
    }
}

/// How much of the text after a symbol may hold its date: up to the end of the clause, and
/// only across a short "của <issuer>" phrase (the date itself then fits in the window).
fn date_window(after: &str) -> usize {
    let stop = after.find(['.', ';', '(']).unwrap_or(after.len());
    let mut end = stop.min(130);
    while !after.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_window_stops_on_char_boundaries() {
        // Any cut must land between characters, whatever the byte lengths around it.
        let s = " ngày 09 tháng 01 năm 2001 của Chính phủ về ban hành Chương trình hành động của Chính phủ thực hiện";
        for k in 0..s.len() {
            if s.is_char_boundary(k) {
                let w = date_window(&s[k..]);
                assert!(s[k..].is_char_boundary(w));
            }
        }
        assert_eq!(date_window(" ngày 1/2/2025; sau"), " ngày 1/2/2025".len());
    }
}
