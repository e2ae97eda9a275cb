//! Real and made PDFs committed under fixtures/pdf, scored against their hand-read gold
//! (fixtures/gold, the format of examples/conformance/gold.rs): every fact must be right.
//! - fixtures/pdf/real: small real files of ../shared/real/pdf (born-digital, signed with
//!   e-office stamps, an attached letter with a header of its own, an appendix-only file);
//! - fixtures/pdf/legacy: .doc files in TCVN3/VNI printed to PDF (fixtures/pdf/src/make_legacy.py),
//!   with the legacy font names kept and through a substitute font;
//! - fixtures/pdf/made: plans with ruled appendix tables made by fixtures/pdf/src/make_plans.py.
//!
//! And the design check of issue 10: a made plan read from its PDF gives the tasks and
//! indicators of its text, cell by cell.

mod common;
#[path = "../examples/conformance/gold.rs"]
mod gold;

use serde_json::Value;

/// The gold files whose document is committed here, with the fixture path.
fn golds() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let dir = common::root().join("fixtures/gold");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort();
    for path in files {
        let gold: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let file = gold["file"].as_str().unwrap().to_string();
        let rel = if let Some(name) = file.strip_prefix("pdf/") {
            format!("pdf/real/{name}")
        } else if file.starts_with("legacy-") {
            format!("pdf/legacy/{file}")
        } else if let Some(name) = file.strip_prefix("plans/") {
            format!("pdf/made/{name}")
        } else {
            continue;
        };
        if common::root().join("fixtures").join(&rel).exists() {
            out.push((rel, gold));
        }
    }
    out
}

#[test]
fn committed_pdfs_match_their_gold() {
    let golds = golds();
    assert!(
        golds.len() >= 8,
        "{} gold files with a fixture",
        golds.len()
    );
    let mut wrong = Vec::new();
    for (rel, gold) in &golds {
        let doc = common::convert(rel);
        common::assert_valid(rel, &common::json(&doc));
        for c in gold::score(gold, &doc) {
            if !c.ok {
                wrong.push(format!(
                    "{rel}: {}: expected {} got {}",
                    c.fact, c.expected, c.got
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The cells of a document's table rows, as strings in a fixed order.
fn cells(doc: &vanban::Document) -> Vec<String> {
    let mut out = Vec::new();
    for t in doc.tasks.iter().filter(|t| t.origin == "table") {
        out.push(format!("{:?}", t.number));
        out.push(format!("{:?}", t.group));
        out.push(t.name.clone());
        out.push(t.lead.raw.clone());
        out.push(t.support.raw.clone());
        out.push(format!("{:?}", t.result.as_ref().map(|r| &r.raw)));
        out.push(t.deadline.raw.clone());
    }
    for i in doc.indicators.iter().filter(|i| i.origin == "table") {
        out.push(i.id.clone());
        out.push(format!("{:?}", i.group));
        out.push(i.name.clone());
        out.push(format!("{:?}", i.unit));
        out.push(i.target.raw.clone());
        out.push(i.owner.raw.clone());
    }
    out
}

#[test]
fn made_plan_pdfs_equal_their_text_cell_by_cell() {
    let mut equal = 0;
    let mut total = 0;
    for name in ["plan2-portrait-sans", "plan1-landscape-serif"] {
        let pdf = cells(&common::convert(&format!("pdf/made/{name}.pdf")));
        let text = cells(&common::convert(&format!("pdf/made/{name}.txt")));
        assert!(text.len() > 100, "{name}: {} cells in the text", text.len());
        total += text.len().max(pdf.len());
        equal += pdf.iter().zip(&text).filter(|(a, b)| a == b).count();
    }
    let share = equal as f64 / total as f64;
    eprintln!(
        "made PDFs: {equal} of {total} cells equal to the text's ({:.2} %)",
        100.0 * share
    );
    assert!(share >= 0.99, "{equal} of {total}");
}
