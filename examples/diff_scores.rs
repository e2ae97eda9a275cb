//! Measures `vanban diff` against the hand-checked alignments in fixtures/diff, or prints the
//! score of given (OTHER task, BASE task) pairs.
//!
//! `cargo run --release --example diff_scores` — precision and recall on An Giang's table plan,
//! the development plans and Hậu Giang's headings 1–4 (tuned on). `-- --held-out` adds the
//! held-out headings 5–7: score them once a rule is fixed, not while choosing it (they are not
//! printed otherwise, so they are not seen by accident while tuning).
//! `cargo run --release --example diff_scores -- --explain` — the same, with each missed or
//! wrong pair's scores and gates, clause by clause (An Giang, Sở Xây dựng and headings 1–4;
//! the held-out headings 5–7 print their figures only).
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

fn show(
    name: &str,
    r: &vanban::diff::DiffReport,
    lines: &[&diff_gold::GoldLine],
    explain: Option<(&vanban::Document, &vanban::Document)>,
    detail: bool,
) {
    let s = diff_gold::score(r, lines);
    println!("{name:<28} {s}");
    if !detail {
        return;
    }
    for (kind, pairs) in [("missed", &s.missed), ("wrong ", &s.wrong)] {
        for (o, b) in pairs {
            println!("    {kind} {o} → {b}");
            if let Some((base, other)) = explain {
                let why = vanban::diff::explain_pair(base, other, o, *b).unwrap_or_default();
                println!("{}", why.trim_end().replace('\n', "\n      "));
            }
        }
    }
}

/// The bullets the report leaves without a central task, each with what the report says of it
/// (restates which solutions of BASE's body, or local) and the gold's kind (`body`, `local`,
/// or a kind with tasks when a pair was missed); then how many of the gold's `body` and `local`
/// bullets the report calls the same (restating BASE's body or a local addition).
fn show_unmatched(r: &vanban::diff::DiffReport, lines: &[&diff_gold::GoldLine]) {
    let unmatched = r.tasks.restated.iter().chain(&r.tasks.local_additions);
    for u in unmatched {
        if let Some(l) = lines.iter().find(|l| l.other_id == u.task.id) {
            let said = if u.restates.is_empty() {
                "local".to_string()
            } else {
                let ids: Vec<&str> = u.restates.iter().map(|s| s.id.as_str()).collect();
                format!("restates {}", ids.join(","))
            };
            println!("    unmatched {} (gold {}): {said}", u.task.id, l.kind);
        }
    }
    let said_kind = |id: &str| {
        if r.tasks.restated.iter().any(|u| u.task.id == id) {
            "body"
        } else if r.tasks.local_additions.iter().any(|u| u.task.id == id) {
            "local"
        } else {
            "matched"
        }
    };
    let unmatched_gold: Vec<_> = lines
        .iter()
        .filter(|l| l.kind == "body" || l.kind == "local")
        .collect();
    let agree = unmatched_gold
        .iter()
        .filter(|l| said_kind(&l.other_id) == l.kind)
        .count();
    println!(
        "    body/local bullets called the same: {agree} of {}",
        unmatched_gold.len()
    );
}

/// `--explain`: each missed or wrong pair with its scores and gates, clause by clause, on An
/// Giang and the tuned half only (the held-out half is scored, never read).
fn measure(explain: bool, held_out: bool) {
    let base = fixture("reference/nq03_NQ-CP_2025_full.txt");
    let gold = root().join("fixtures/diff");
    let table = diff_gold::table_gold(&gold.join("kh181_vs_nq03.gold.tsv"));
    let angiang = fixture("seeds/angiang-ubnd-kh181-nq03.txt");
    let r = vanban::diff::diff(&base, &angiang);
    let why = explain.then_some((&base, &angiang));
    show(
        "An Giang (table)",
        &r,
        &table.iter().collect::<Vec<_>>(),
        why,
        true,
    );
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
    // Two more plans of An Giang written as prose (a department's and the provincial office's,
    // implementing 71/NQ-CP), read against 03/NQ-CP: development sets for the prose path, with
    // the most localized wording.
    for (file, plan, name) in [
        (
            "sxd_angiang_vs_nq03.gold.tsv",
            "seeds/angiang-sxd-kh-nq71.txt",
            "Sở Xây dựng AG (dev)",
        ),
        (
            "vpubnd_angiang_vs_nq03.gold.tsv",
            "seeds/angiang-vpubnd-kh-nq71.txt",
            "Văn phòng UBND AG (dev)",
        ),
    ] {
        let lines = diff_gold::prose_gold(&gold.join(file));
        let other = fixture(plan);
        let r = vanban::diff::diff(&base, &other);
        let why = explain.then_some((&base, &other));
        let lines: Vec<_> = lines.iter().collect();
        show(name, &r, &lines, why, true);
        show_unmatched(&r, &lines);
    }
    let prose = diff_gold::prose_gold(&gold.join("haugiang_vs_nq03.gold.tsv"));
    let haugiang = fixture("seeds/haugiang-ubnd-kh-nq03.txt");
    let r = vanban::diff::diff(&base, &haugiang);
    for (half, name) in [
        ("tune", "Hậu Giang 1–4 (tuned on)"),
        ("hold", "Hậu Giang 5–7 (held out)"),
    ] {
        if half == "hold" && !held_out {
            println!("{name:<28} not scored (--held-out)");
            continue;
        }
        let lines: Vec<_> = prose.iter().filter(|l| l.half == half).collect();
        let why = (explain && half == "tune").then_some((&base, &haugiang));
        // The held-out half: its figures only, never which pairs it misses.
        let detail = half == "tune";
        show(name, &r, &lines, why, detail);
        if detail {
            show_unmatched(&r, &lines);
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
    if args.iter().all(|a| a == "--explain" || a == "--held-out") {
        let has = |flag: &str| args.iter().any(|a| a == flag);
        return measure(has("--explain"), has("--held-out"));
    }
    let (base, other) = (load(Path::new(&args[0])), load(Path::new(&args[1])));
    for pair in &args[2..] {
        let (o, b) = pair.split_once(':').expect("OTHER_ID:BASE_NUMBER");
        let b: u32 = b.parse().expect("a BASE task number");
        println!(
            "{pair}: {:?}\n{}",
            vanban::diff::pair_score(&base, &other, o, b),
            vanban::diff::explain_pair(&base, &other, o, b).unwrap_or_default()
        );
    }
}
