//! Scores conversion against hand-read gold facts: every `fixtures/gold/*.gold.json` whose file
//! exists under the real-documents folder (or, for documents made for the project, under
//! `fixtures/`) is converted and compared, and the totals are printed
//! per kind of document (facts right / facts checked).
//!
//! `cargo run --release --example conformance -- [REAL_DIR] [--gold DIR] [--made DIR] [--kind K] [-v]`
//! REAL_DIR defaults to `../shared/real`; `-v` lists every wrong fact; `--kind K` (repeatable)
//! scores only documents of those kinds. Gold files of documents
//! made here (synthetic legacy PDFs, office-suite PDFs of plans) name them under `--made DIR`
//! (default `target/made`), where their make scripts write them (see fixtures/pdf/src). A Word
//! file's gold also scores its PDF as an office suite prints it, `--made DIR/office/NAME.pdf`
//! where present (`fixtures/pdf/src/make_office_pdfs.sh`), under the kind `office-pdf`: the
//! same facts read through the PDF reader; and its scan, `--made DIR/scan/NAME.pdf`
//! (`fixtures/ocr/make_office_scans.sh`), under the kind `made-scan`: the same facts read
//! through OCR. `--kind office-pdf` or `--kind made-scan` scores those alone.

#[path = "gold.rs"]
mod gold;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn main() {
    let mut real = PathBuf::from("../shared/real");
    let mut gold_dir = PathBuf::from("fixtures/gold");
    let mut made = PathBuf::from("target/made");
    let mut verbose = false;
    let mut kinds: Vec<String> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-v" => verbose = true,
            "--gold" => gold_dir = args.next().expect("--gold DIR").into(),
            "--made" => made = args.next().expect("--made DIR").into(),
            "--kind" => kinds.push(args.next().expect("--kind K")),
            _ => real = a.into(),
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&gold_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", gold_dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    files.sort();
    let mut totals = Totals::new();
    for gold_path in files {
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&gold_path).expect("read gold"))
                .unwrap_or_else(|e| panic!("{}: {e}", gold_path.display()));
        // Documents made for the project live in the repository ("fixtures/…"), real ones in
        // REAL_DIR, made ones that are not committed under --made.
        let name = gold["file"].as_str().expect("gold.file");
        let file = if name.starts_with("fixtures/") {
            PathBuf::from(name)
        } else {
            Some(real.join(name))
                .filter(|f| f.exists())
                .unwrap_or_else(|| made.join(name))
        };
        let kind = gold["kind"].as_str().unwrap_or("?").to_string();
        let wanted = |k: &str| kinds.is_empty() || kinds.iter().any(|w| w == k);
        if !file.exists() {
            if wanted(&kind) {
                eprintln!("skipped (not found): {}", file.display());
            }
            continue;
        }
        if wanted(&kind) {
            score_file(&gold, &file, &kind, verbose, &mut totals);
        }
        if !WORD_KINDS.contains(&kind.as_str()) {
            continue;
        }
        for (folder, made_kind) in MADE_FROM_WORD {
            let made_pdf = file
                .file_stem()
                .map(|stem| made.join(folder).join(stem).with_extension("pdf"));
            if let Some(pdf) = made_pdf.filter(|p| wanted(made_kind) && p.exists()) {
                score_file(&gold, &pdf, made_kind, verbose, &mut totals);
            }
        }
    }
    println!(
        "\n| kind | files | converted | facts right / checked | % |\n|---|---:|---:|---:|---:|"
    );
    let (mut r, mut c) = (0, 0);
    for (kind, (right, checked, files, conv)) in &totals {
        r += right;
        c += checked;
        println!(
            "| {kind} | {files} | {conv} | {right} / {checked} | {:.1} |",
            100.0 * *right as f64 / (*checked).max(1) as f64
        );
    }
    println!(
        "| all | | | {r} / {c} | {:.1} |",
        100.0 * r as f64 / c.max(1) as f64
    );
}

/// Kinds of Word files, whose office-suite PDFs are scored with the same gold.
const WORD_KINDS: [&str; 3] = ["docx", "doc", "rtf"];

/// Documents made from a Word file, scored with its gold: (folder under `--made`, kind). The
/// office suite's PDF (`fixtures/pdf/src/make_office_pdfs.sh`), and that PDF scanned and
/// degraded as scanners degrade pages (`fixtures/ocr/make_office_scans.sh`): the OCR path on
/// documents with a full gold and no handwriting.
const MADE_FROM_WORD: [(&str, &str); 2] = [("office", "office-pdf"), ("scan", "made-scan")];

/// kind → (facts right, facts checked, files, files converted)
type Totals = BTreeMap<String, (usize, usize, usize, usize)>;

/// Converts `file`, scores it against `gold` under `kind` and prints its line.
fn score_file(
    gold: &serde_json::Value,
    file: &Path,
    kind: &str,
    verbose: bool,
    totals: &mut Totals,
) {
    let entry = totals.entry(kind.to_string()).or_default();
    entry.2 += 1;
    let rows = |key: &str| {
        gold[key].as_array().map_or(0, |r| {
            r.iter()
                .map(|r| r.as_object().map_or(0, |o| o.len()))
                .sum::<usize>()
        })
    };
    let n_facts =
        gold["facts"].as_object().map_or(0, |f| f.len()) + rows("tasks") + rows("indicators");
    let doc = match vanban::convert_file(file, &Default::default()) {
        Ok(d) => d,
        Err(e) => {
            entry.1 += n_facts;
            println!(
                "{:>3}/{:<3} {kind:<14} {}: FAILED: {e}",
                0,
                n_facts,
                file.display()
            );
            return;
        }
    };
    entry.3 += 1;
    let checks = gold::score(gold, &doc);
    let right = checks.iter().filter(|c| c.ok).count();
    entry.0 += right;
    entry.1 += checks.len();
    println!(
        "{right:>3}/{:<3} {kind:<14} {}",
        checks.len(),
        file.display()
    );
    if verbose {
        for c in checks.iter().filter(|c| !c.ok) {
            println!("        {}: expected {} got {}", c.fact, c.expected, c.got);
        }
    }
}
