//! Measures `vanban diff` against the hand-checked alignments in fixtures/diff, or prints the
//! score of given (OTHER task, BASE task) pairs.
//!
//! `cargo run --release --example diff_scores` — precision and recall on An Giang's table plan
//! and on both halves of Hậu Giang's prose plan (headings 1–4 tuned on, 5–7 held out).
//! `cargo run --release --example diff_scores -- BASE OTHER II.3.-1:43 …` — pair scores.

#[path = "../tests/diff_gold/mod.rs"]
mod diff_gold;

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load(path: &Path) -> vanban::Document {
    vanban::load_document(path, &vanban::ConvertOptions::default())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture(rel: &str) -> vanban::Document {
    load(&root().join("fixtures").join(rel))
}

fn show(name: &str, r: &vanban::diff::DiffReport, lines: &[&diff_gold::GoldLine]) {
    let s = diff_gold::score(r, lines);
    println!("{name:<28} {s}");
    for (o, b) in &s.missed {
        println!("    missed {o} → {b}");
    }
    for (o, b) in &s.wrong {
        println!("    wrong  {o} → {b}");
    }
}

fn measure() {
    let base = fixture("reference/nq03_NQ-CP_2025_full.txt");
    let gold = root().join("fixtures/diff");
    let table = diff_gold::table_gold(&gold.join("kh181_vs_nq03.gold.tsv"));
    let r = vanban::diff::diff(&base, &fixture("seeds/angiang-ubnd-kh181-nq03.txt"));
    show("An Giang (table)", &r, &table.iter().collect::<Vec<_>>());
    let local: Vec<&str> = r
        .tasks
        .local_additions
        .iter()
        .map(|u| u.task.id.as_str())
        .collect();
    let restated: Vec<&str> = r
        .tasks
        .restated
        .iter()
        .map(|u| u.task.id.as_str())
        .collect();
    println!("    local additions {local:?}; restating BASE's body {restated:?}");
    let prose = diff_gold::prose_gold(&gold.join("haugiang_vs_nq03.gold.tsv"));
    let r = vanban::diff::diff(&base, &fixture("seeds/haugiang-ubnd-kh-nq03.txt"));
    for (half, name) in [
        ("tune", "Hậu Giang 1–4 (tuned on)"),
        ("hold", "Hậu Giang 5–7 (held out)"),
    ] {
        let lines: Vec<_> = prose.iter().filter(|l| l.half == half).collect();
        show(name, &r, &lines);
        for u in r.tasks.restated.iter().chain(&r.tasks.local_additions) {
            if let Some(l) = lines.iter().find(|l| l.other_id == u.task.id) {
                let said = if u.restates.is_empty() {
                    "local".to_string()
                } else {
                    format!(
                        "restates {}",
                        u.restates
                            .iter()
                            .map(|s| s.id.as_str())
                            .collect::<Vec<_>>()
                            .join(",")
                    )
                };
                println!("    unmatched {} (gold {}): {said}", u.task.id, l.kind);
            }
        }
        let (p, r_) = diff_gold::restated_score(&r, &lines);
        println!(
            "{:<28} restated solutions: precision {p:.3} recall {r_:.3}",
            ""
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.is_empty() {
        return measure();
    }
    let (base, other) = (load(Path::new(&args[0])), load(Path::new(&args[1])));
    for pair in &args[2..] {
        let (o, b) = pair.split_once(':').expect("OTHER_ID:BASE_NUMBER");
        let b: u32 = b.parse().expect("a BASE task number");
        println!(
            "{pair}: {:?}",
            vanban::diff::pair_score(&base, &other, o, b)
        );
    }
}
