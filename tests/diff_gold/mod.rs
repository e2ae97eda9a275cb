//! The hand-checked alignments of fixtures/diff (see its README) and precision and recall of a
//! report against them. Shared by tests/diff.rs and examples/diff_scores.rs.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;
use vanban::diff::DiffReport;

/// (OTHER task id, BASE task number).
pub type Pair = (String, u32);

/// One line of a gold file: the OTHER task, the BASE tasks it takes up, the solutions of BASE's
/// body it restates, its kind and (for prose) its half.
#[derive(Debug, Clone)]
pub struct GoldLine {
    pub other_id: String,
    pub base: Vec<u32>,
    pub body: Vec<String>,
    pub kind: String,
    pub half: String,
}

fn numbers(field: &str) -> Vec<u32> {
    field
        .split(',')
        .map(str::trim)
        .filter(|b| !b.is_empty())
        .map(|b| b.parse().expect("a task number"))
        .collect()
}

/// `kh181_vs_nq03.gold.tsv`: other_group, other_number, base_numbers, kind, note.
pub fn table_gold(path: &Path) -> Vec<GoldLine> {
    let text = std::fs::read_to_string(path).expect("gold file");
    text.lines()
        .skip(1)
        .map(|line| {
            let c: Vec<&str> = line.split('\t').collect();
            GoldLine {
                other_id: format!("{}.{}", c[0], c[1]),
                base: numbers(c[2]),
                body: Vec::new(),
                kind: c[3].to_string(),
                half: String::new(),
            }
        })
        .collect()
}

/// `haugiang_vs_nq03.gold.tsv`: other_id, half, base_numbers, body, kind, note.
pub fn prose_gold(path: &Path) -> Vec<GoldLine> {
    let text = std::fs::read_to_string(path).expect("gold file");
    text.lines()
        .skip(1)
        .map(|line| {
            let c: Vec<&str> = line.split('\t').collect();
            GoldLine {
                other_id: c[0].to_string(),
                half: c[1].to_string(),
                base: numbers(c[2]),
                body: c[3]
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect(),
                kind: c[4].to_string(),
            }
        })
        .collect()
}

pub fn gold_pairs(lines: &[&GoldLine]) -> BTreeSet<Pair> {
    lines
        .iter()
        .flat_map(|l| l.base.iter().map(|&b| (l.other_id.clone(), b)))
        .collect()
}

/// The report's (OTHER, BASE) pairs for the OTHER tasks in `ids`.
pub fn predicted(r: &DiffReport, ids: &BTreeSet<String>) -> BTreeSet<Pair> {
    r.tasks
        .matches
        .iter()
        .filter(|m| ids.contains(&m.other.id))
        .flat_map(|m| {
            m.base
                .iter()
                .map(move |b| (m.other.id.clone(), b.number.expect("a numbered BASE task")))
        })
        .collect()
}

/// Precision and recall of `r` on the gold lines.
#[derive(Debug, Clone)]
pub struct Score {
    pub precision: f64,
    pub recall: f64,
    pub correct: usize,
    pub predicted: usize,
    pub gold: usize,
    pub missed: Vec<Pair>,
    pub wrong: Vec<Pair>,
}

pub fn score(r: &DiffReport, lines: &[&GoldLine]) -> Score {
    let ids: BTreeSet<String> = lines.iter().map(|l| l.other_id.clone()).collect();
    let (g, p) = (gold_pairs(lines), predicted(r, &ids));
    let correct = g.intersection(&p).count();
    Score {
        precision: correct as f64 / p.len().max(1) as f64,
        recall: correct as f64 / g.len().max(1) as f64,
        correct,
        predicted: p.len(),
        gold: g.len(),
        missed: g.difference(&p).cloned().collect(),
        wrong: p.difference(&g).cloned().collect(),
    }
}

impl std::fmt::Display for Score {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(
            f,
            "precision {:.3} recall {:.3} ({} correct of {} predicted, {} gold)",
            self.precision, self.recall, self.correct, self.predicted, self.gold
        )
    }
}

/// The report's (OTHER task, solution of BASE's body) pairs: what each OTHER task restates.
pub fn restated_pairs(r: &DiffReport) -> BTreeSet<(String, String)> {
    let matched = r.tasks.matches.iter().map(|m| (&m.other, &m.restates));
    let unmatched = r
        .tasks
        .restated
        .iter()
        .chain(&r.tasks.local_additions)
        .map(|u| (&u.task, &u.restates));
    matched
        .chain(unmatched)
        .flat_map(|(t, list)| list.iter().map(move |s| (t.id.clone(), s.id.clone())))
        .collect()
}

/// Precision and recall of the solutions the report says each OTHER task restates.
pub fn restated_score(r: &DiffReport, lines: &[&GoldLine]) -> (f64, f64) {
    let gold: BTreeSet<(String, String)> = lines
        .iter()
        .flat_map(|l| l.body.iter().map(move |b| (l.other_id.clone(), b.clone())))
        .collect();
    let ids: BTreeSet<&String> = lines.iter().map(|l| &l.other_id).collect();
    let found: BTreeSet<(String, String)> = restated_pairs(r)
        .into_iter()
        .filter(|(o, _)| ids.contains(o))
        .collect();
    let correct = gold.intersection(&found).count() as f64;
    (
        correct / found.len().max(1) as f64,
        correct / gold.len().max(1) as f64,
    )
}
