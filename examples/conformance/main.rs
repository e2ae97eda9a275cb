//! Scores conversion against hand-read gold facts: every `fixtures/gold/*.gold.json` whose file
//! exists under the real-documents folder is converted and compared, and the totals are printed
//! per kind of document (facts right / facts checked).
//!
//! `cargo run --release --example conformance -- [REAL_DIR] [--gold DIR] [--made DIR] [-v]`
//! REAL_DIR defaults to `../shared/real`; `-v` lists every wrong fact. Gold files of documents
//! made here (synthetic legacy PDFs, office-suite PDFs of plans) name them under `--made DIR`
//! (default `target/made`), where their make scripts write them (see fixtures/pdf/src).

#[path = "gold.rs"]
mod gold;

use std::collections::BTreeMap;
use std::path::PathBuf;

fn main() {
    let mut real = PathBuf::from("../shared/real");
    let mut gold_dir = PathBuf::from("fixtures/gold");
    let mut made = PathBuf::from("target/made");
    let mut verbose = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "-v" => verbose = true,
            "--gold" => gold_dir = args.next().expect("--gold DIR").into(),
            "--made" => made = args.next().expect("--made DIR").into(),
            _ => real = a.into(),
        }
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&gold_dir)
        .unwrap_or_else(|e| panic!("{}: {e}", gold_dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    files.sort();
    // kind → (right, checked, files, converted)
    let mut totals: BTreeMap<String, (usize, usize, usize, usize)> = BTreeMap::new();
    for gold_path in files {
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&gold_path).expect("read gold"))
                .unwrap_or_else(|e| panic!("{}: {e}", gold_path.display()));
        let name = gold["file"].as_str().expect("gold.file");
        let file = Some(real.join(name))
            .filter(|f| f.exists())
            .unwrap_or_else(|| made.join(name));
        let kind = gold["kind"].as_str().unwrap_or("?").to_string();
        if !file.exists() {
            eprintln!("skipped (not found): {}", file.display());
            continue;
        }
        let entry = totals.entry(kind.clone()).or_default();
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
        let doc = match vanban::convert_file(&file, &Default::default()) {
            Ok(d) => d,
            Err(e) => {
                entry.1 += n_facts;
                println!(
                    "{:>3}/{:<3} {kind:<14} {}: FAILED: {e}",
                    0,
                    n_facts,
                    file.display()
                );
                continue;
            }
        };
        entry.3 += 1;
        let checks = gold::score(&gold, &doc);
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
