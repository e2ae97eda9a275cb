//! Hand-read facts of real documents ("gold") and how a converted document is scored against
//! them. Shared by `cargo run --example conformance` (the whole of `../shared/real/`) and the
//! conformance tests (the fixtures committed under `fixtures/`).
//!
//! A gold file, `fixtures/gold/<name>.gold.json`:
//! ```json
//! { "file": "pdf/x.pdf", "kind": "signed-pdf", "note": "what was hard to read",
//!   "facts": { "type": "THÔNG BÁO", "number": "542/TB-UBND", "issuer": "…",
//!              "issuer_parent": null, "place": "Quảng Ngãi", "date": "2024-11-06",
//!              "title": "…", "signer_chain": ["KT. CHỦ TỊCH"], "signer_position": "PHÓ CHỦ TỊCH",
//!              "signer_name": "…", "recipients": 7, "top_sections": ["I", "II"],
//!              "tasks": 60, "indicators": 0, "tables": 1,
//!              "signers": ["Phùng Tô Long", "Ủy ban nhân dân tỉnh Quảng Ngãi"] },
//!   "tasks": [ { "number": 1, "group": "I", "name": "…", "lead": "…", "support": "…",
//!                "deadline": "…" } ] }
//! ```
//! A fact that is absent is not checked; `null` means the document has none (a blank number).
//! `tasks` rows, when given, are compared cell by cell with the converted tasks in order: each
//! given cell is one fact; `indicators` rows likewise (cells id, group, name, unit, target,
//! owner).

use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use vanban::Document;

/// One compared fact.
pub struct Check {
    pub fact: String,
    pub expected: Value,
    pub got: Value,
    pub ok: bool,
}

/// The text as compared: NFC, white space collapsed, lowercase, no trailing punctuation.
pub fn norm(s: &str) -> String {
    let s: String = s.nfc().collect();
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    s.trim_end_matches(['.', ',', ';', ':'])
        .trim()
        .to_lowercase()
}

fn same(expected: &Value, got: &Value) -> bool {
    match (expected, got) {
        (Value::String(a), Value::String(b)) => norm(a) == norm(b),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => expected == got,
    }
}

fn opt(s: &Option<String>) -> Value {
    s.as_ref().map_or(Value::Null, |s| Value::String(s.clone()))
}

/// The value of one named fact in a converted document.
pub fn fact(doc: &Document, name: &str) -> Option<Value> {
    let d = &doc.document;
    Some(match name {
        "type" => opt(&d.doc_type),
        "type_code" => opt(&d.type_code),
        "number" => opt(&d.number),
        "symbol" => opt(&d.symbol),
        "issuer" => opt(&d.issuer.name),
        "issuer_parent" => opt(&d.issuer.parent),
        "place" => opt(&d.place),
        "date" => opt(&d.date),
        "title" => opt(&d.title),
        "signer_chain" => Value::Array(
            d.signer
                .authorities
                .iter()
                .map(|a| Value::String(format!("{} {}", a.authority, a.on_behalf_of)))
                .collect(),
        ),
        "signer_authority" => opt(&d.signer.authority),
        "signer_position" => opt(&d.signer.position),
        "signer_name" => opt(&d.signer.name),
        "recipients" => Value::from(d.recipients.len()),
        "top_sections" => Value::Array(
            doc.sections
                .iter()
                .map(|s| {
                    s.label
                        .as_ref()
                        .map_or(Value::Null, |l| Value::String(l.clone()))
                })
                .collect(),
        ),
        "tasks" => Value::from(doc.tasks.len()),
        "tables" => Value::from(doc.tables.len()),
        // Rows of tables only (prose tasks aside).
        "table_tasks" => Value::from(doc.tasks.iter().filter(|t| t.origin == "table").count()),
        "table_indicators" => Value::from(
            doc.indicators
                .iter()
                .filter(|t| t.origin == "table")
                .count(),
        ),
        // Who signed, by the file's digital signatures (certificates), in field order.
        "signers" => Value::Array(
            d.signatures
                .iter()
                .filter(|s| s.source == "certificate")
                .map(|s| opt(&s.signed_by))
                .collect(),
        ),
        "indicators" => Value::from(doc.indicators.len()),
        _ => return None,
    })
}

fn task_cell(doc: &Document, i: usize, cell: &str) -> Value {
    let Some(t) = doc.tasks.get(i) else {
        return Value::Null;
    };
    match cell {
        "number" => t.number.map_or(Value::Null, Value::from),
        "group" => opt(&t.group),
        "name" => Value::String(t.name.clone()),
        "lead" => Value::String(t.lead.raw.clone()),
        "support" => Value::String(t.support.raw.clone()),
        "deadline" => Value::String(t.deadline.raw.clone()),
        "result" => t
            .result
            .as_ref()
            .map_or(Value::Null, |r| Value::String(r.raw.clone())),
        _ => Value::Null,
    }
}

fn indicator_cell(doc: &Document, i: usize, cell: &str) -> Value {
    let Some(t) = doc.indicators.get(i) else {
        return Value::Null;
    };
    match cell {
        "id" => Value::String(t.id.clone()),
        "group" => opt(&t.group),
        "name" => Value::String(t.name.clone()),
        "unit" => opt(&t.unit),
        "target" => Value::String(t.target.raw.clone()),
        "owner" => Value::String(t.owner.raw.clone()),
        _ => Value::Null,
    }
}

/// Every check of one gold file against a converted document.
pub fn score(gold: &Value, doc: &Document) -> Vec<Check> {
    let mut checks = Vec::new();
    if let Some(facts) = gold["facts"].as_object() {
        for (name, expected) in facts {
            let got = fact(doc, name).unwrap_or(Value::String(format!("<unknown fact {name}>")));
            checks.push(Check {
                fact: name.clone(),
                ok: same(expected, &got),
                expected: expected.clone(),
                got,
            });
        }
    }
    if let Some(rows) = gold["tasks"].as_array() {
        for (i, row) in rows.iter().enumerate() {
            for (cell, expected) in row.as_object().into_iter().flatten() {
                let got = task_cell(doc, i, cell);
                checks.push(Check {
                    fact: format!("tasks[{i}].{cell}"),
                    ok: same(expected, &got),
                    expected: expected.clone(),
                    got,
                });
            }
        }
    }
    if let Some(rows) = gold["indicators"].as_array() {
        for (i, row) in rows.iter().enumerate() {
            for (cell, expected) in row.as_object().into_iter().flatten() {
                let got = indicator_cell(doc, i, cell);
                checks.push(Check {
                    fact: format!("indicators[{i}].{cell}"),
                    ok: same(expected, &got),
                    expected: expected.clone(),
                    got,
                });
            }
        }
    }
    checks
}
