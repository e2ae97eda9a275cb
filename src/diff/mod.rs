//! diff: a plan against the plan it implements. Which of BASE's tasks OTHER takes up, by whom and
//! by when; which of OTHER's tasks restate BASE's body rather than a task; OTHER's local
//! additions; how BASE's targets were localized.
//!
//! Tasks are aligned by the similarity of their restored, normalized text (syllables and
//! syllable pairs weighted by rarity, without the domain's boilerplate and without the words
//! that localization changes: "Thủ tướng Chính phủ" → "UBND tỉnh", "Bộ" → "Sở"), helped by
//! agency correspondence (Bộ Khoa học và Công nghệ ↔ Sở Khoa học và Công nghệ; a central task led
//! by localities ↔ any provincial lead) and the pillar both sit under. A table row takes the
//! best free BASE task; a bullet of prose takes, clause by clause, every BASE task it takes up
//! (see `align`).

mod align;
mod clauses;
mod indicators;
mod items;
mod report;
mod similarity;
mod verdicts;

pub use align::{CLAUSE, HEAD, MERGE, OBJECT, RESTATES, SHARED, THRESHOLD};
pub use items::{solutions, task_items, Solution};
pub use report::{render_html, render_markdown, render_xlsx, Lang};

use crate::model::Document;
use serde::{Deserialize, Serialize};

/// The version of the diff report's JSON contract.
pub const DIFF_SCHEMA_VERSION: &str = "1";

/// Matches below this score are marked weak: worth a second look.
pub const WEAK: f64 = 0.45;

/// OTHER (a plan) against BASE (the plan it implements).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DiffReport {
    /// Always `DIFF_SCHEMA_VERSION` ("1").
    #[schemars(extend("const" = "1"))]
    pub schema_version: String,
    /// The plan implemented.
    pub base: DocRef,
    /// The plan implementing it.
    pub other: DocRef,
    /// The counts.
    pub summary: Summary,
    /// Tasks matched, not taken up, restating BASE's body, added.
    pub tasks: TaskDiff,
    /// Indicators matched, not taken up, added, with their targets compared.
    pub indicators: IndicatorDiff,
}

/// Which document a side is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DocRef {
    /// Its `source.path`.
    pub path: String,
    /// Its number ("181/KH-UBND").
    pub number: Option<String>,
    /// Its title.
    pub title: Option<String>,
    /// Its issuer.
    pub issuer: Option<String>,
    /// Its date, ISO.
    pub date: Option<String>,
}

/// The counts of a comparison. Each list of `tasks` has its count here.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    /// Tasks in BASE.
    pub base_tasks: usize,
    /// Tasks in OTHER.
    pub other_tasks: usize,
    /// BASE tasks OTHER takes up.
    pub taken_up: usize,
    /// BASE tasks OTHER does not take up (`tasks.not_taken_up`).
    pub not_taken_up: usize,
    /// Of those not taken up, the ones BASE gives to localities (lead or co-operating), which a
    /// province is expected to take up.
    pub not_taken_up_local_role: usize,
    /// OTHER tasks that take up at least one BASE task (`tasks.matches`).
    pub other_matched: usize,
    /// Of those, the ones that take up several BASE tasks.
    pub multi_task: usize,
    /// OTHER tasks that take up no BASE task but restate a solution of BASE's body
    /// (`tasks.restated`).
    pub restated: usize,
    /// OTHER tasks with no counterpart in BASE (`tasks.local_additions`).
    pub local_additions: usize,
    /// Matches below the weak threshold.
    pub weak_matches: usize,
    /// Matches whose lead changed (not only localized).
    pub changed_leads: usize,
    /// Matches whose deadline is the same.
    pub deadlines_same: usize,
    /// Matches whose deadline OTHER moved earlier.
    pub deadlines_earlier: usize,
    /// Matches whose deadline OTHER moved later.
    pub deadlines_later: usize,
    /// Indicators matched.
    pub indicators_matched: usize,
    /// Matched indicators whose target OTHER raised.
    pub targets_raised: usize,
    /// Matched indicators whose target OTHER lowered.
    pub targets_lowered: usize,
    /// Matched indicators whose target OTHER kept.
    pub targets_same: usize,
}

/// A task as the report shows it: identified by the group and number its document prints (or,
/// for a bullet, the labels of its section path).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TaskRef {
    /// Group and number as printed ("I.5"), or a bullet's section path ("II.1.-5").
    pub id: String,
    /// The group (pillar) it sits under.
    pub group: Option<String>,
    /// Its number.
    pub number: Option<u32>,
    /// What to do.
    pub name: String,
    /// Lead agencies, canonical names.
    pub lead: Vec<String>,
    /// Supporting agencies, canonical names.
    pub support: Vec<String>,
    /// The deadline as printed.
    pub deadline: String,
    /// The deadline's kind as `convert` reads it ("month", "recurring", …; empty for none).
    pub deadline_kind: String,
    /// The deadline's start, ISO.
    pub deadline_start: Option<String>,
    /// The deadline's end, ISO.
    pub deadline_end: Option<String>,
}

/// One BASE task an OTHER task takes up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MatchPart {
    /// The BASE task's id.
    pub base_id: String,
    /// How alike they are, 0 to 1.
    pub score: f64,
    /// The clause of OTHER's text that takes it up; null when the whole text does.
    pub clause: Option<String>,
}

/// A solution of BASE's body (its "NHIỆM VỤ CỤ THỂ", lettered items) that an OTHER task restates.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct SolutionRef {
    /// Its section path in BASE ("II.1.p").
    pub id: String,
    /// Its text.
    pub text: String,
    /// How alike they are, 0 to 1.
    pub score: f64,
}

/// An OTHER task and the BASE task(s) it takes up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TaskMatch {
    /// The OTHER task.
    pub other: TaskRef,
    /// The BASE tasks it takes up, best first (several for a bullet that takes up several).
    #[schemars(length(min = 1))]
    pub base: Vec<TaskRef>,
    /// The best part's score, 0 to 1.
    pub score: f64,
    /// Whether the score is below the weak threshold.
    pub weak: bool,
    /// Against the first BASE task: "same", "localized" (Bộ X → Sở X, localities → a provincial
    /// body), "changed", "not_stated" (OTHER names no lead), "unknown".
    #[schemars(extend("enum" = ["same", "localized", "changed", "not_stated", "unknown"]))]
    pub lead: String,
    /// Against the first BASE task: "same" (also both "Thường xuyên"), "earlier", "later",
    /// "different" (recurring against dated), "conditional" ("Sau khi …"), "not_stated",
    /// "unknown".
    #[schemars(extend("enum" = ["same", "earlier", "later", "different", "conditional", "not_stated", "unknown"]))]
    pub deadline: String,
    /// One per BASE task, in the order of `base`.
    #[schemars(length(min = 1))]
    pub parts: Vec<MatchPart>,
    /// Solutions of BASE's body it restates.
    pub restates: Vec<SolutionRef>,
}

impl TaskMatch {
    /// What the HTML report's filter searches, without diacritics: both sides' ids, texts,
    /// agencies and deadlines.
    pub fn search_text(&self) -> String {
        let mut s = task_search_text(&self.other);
        for b in &self.base {
            s.push(' ');
            s.push_str(&task_search_text(b));
        }
        s
    }
}

fn task_search_text(t: &TaskRef) -> String {
    let text = format!(
        "{} {} {} {} {}",
        t.id,
        t.name,
        t.lead.join(" "),
        t.support.join(" "),
        t.deadline
    );
    crate::text::fold(&text)
}

/// A task without a counterpart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unmatched {
    /// The task.
    pub task: TaskRef,
    /// For BASE tasks: localities lead or co-operate.
    pub local_role: bool,
    /// The closest task on the other side, when there is one: its id.
    pub closest: Option<String>,
    /// The closest task's text.
    pub closest_name: Option<String>,
    /// The closest task's score (0 when there is none).
    pub closest_score: f64,
    /// For OTHER tasks: the solutions of BASE's body they restate.
    pub restates: Vec<SolutionRef>,
}

impl Unmatched {
    /// What the HTML report's filter searches, without diacritics.
    pub fn search_text(&self) -> String {
        let mut s = task_search_text(&self.task);
        for r in &self.restates {
            s.push(' ');
            s.push_str(&crate::text::fold(&format!("{} {}", r.id, r.text)));
        }
        s
    }
}

/// How the tasks correspond. Every OTHER task is in exactly one of `matches`, `restated` and
/// `local_additions`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TaskDiff {
    /// OTHER tasks with the BASE tasks they take up.
    pub matches: Vec<TaskMatch>,
    /// BASE tasks no OTHER task takes up.
    pub not_taken_up: Vec<Unmatched>,
    /// OTHER tasks that take up no BASE task but restate BASE's body.
    pub restated: Vec<Unmatched>,
    /// OTHER tasks with no counterpart in BASE.
    pub local_additions: Vec<Unmatched>,
}

/// An indicator as the report shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IndicatorRef {
    /// Its number as printed.
    pub id: String,
    /// What is measured.
    pub name: String,
    /// Its unit.
    pub unit: Option<String>,
    /// The target as printed.
    pub target: String,
    /// The target's operator (">=", "range", "text", …).
    pub op: String,
    /// The target's number.
    pub value: Option<f64>,
}

/// A BASE indicator and the OTHER indicator that localizes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IndicatorMatch {
    /// The BASE indicator.
    pub base: IndicatorRef,
    /// The OTHER indicator.
    pub other: IndicatorRef,
    /// How alike they are, 0 to 1.
    pub score: f64,
    /// "same", "raised", "lowered" ("> 60" is above "≥ 60"), "localized_same",
    /// "localized_raised", "localized_lowered", "not_comparable".
    #[schemars(extend("enum" = ["same", "raised", "lowered", "localized_same", "localized_raised", "localized_lowered", "not_comparable"]))]
    pub comparison: String,
    /// How the targets compare, in words.
    pub note: String,
}

impl IndicatorMatch {
    /// What the HTML report's filter searches, without diacritics: ids, names, targets, units.
    pub fn search_text(&self) -> String {
        let side = |i: &IndicatorRef| {
            format!(
                "{} {} {} {}",
                i.id,
                i.name,
                i.target,
                i.unit.as_deref().unwrap_or_default()
            )
        };
        crate::text::fold(&format!("{} {}", side(&self.other), side(&self.base)))
    }
}

/// How the indicators correspond.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IndicatorDiff {
    /// Matched pairs.
    pub matches: Vec<IndicatorMatch>,
    /// BASE indicators OTHER does not take up.
    pub not_taken_up: Vec<IndicatorRef>,
    /// OTHER indicators with no BASE counterpart.
    pub local_additions: Vec<IndicatorRef>,
}

/// The score `diff` gives OTHER task `other_id` against BASE task number `base_number` (the
/// best of its whole text and its clauses): for tuning and for explaining a match.
pub fn pair_score(
    base: &Document,
    other: &Document,
    other_id: &str,
    base_number: u32,
) -> Option<f64> {
    with_pair(base, other, other_id, base_number, |s, i, j| {
        round(s.best_score(i, j))
    })
}

/// Why OTHER task `other_id` does or does not take up BASE task `base_number`: the scores and
/// gates, clause by clause (for tuning; see `examples/diff_scores.rs`).
pub fn explain_pair(
    base: &Document,
    other: &Document,
    other_id: &str,
    base_number: u32,
) -> Option<String> {
    with_pair(base, other, other_id, base_number, |s, i, j| {
        format!("{other_id}: {}\n{}", s.other_name(i), s.explain(i, j))
    })
}

/// `f` of the scorer and the positions of OTHER task `other_id` and BASE task `base_number`.
fn with_pair<T>(
    base: &Document,
    other: &Document,
    other_id: &str,
    base_number: u32,
    f: impl FnOnce(&align::Scorer, usize, usize) -> T,
) -> Option<T> {
    let bt = task_items(base);
    let ot = task_items(other);
    let sol = solutions(base);
    let scorer = align::Scorer::new(&bt, &ot, &sol);
    let i = ot.iter().position(|t| t.id == other_id)?;
    let j = bt.iter().position(|t| t.number == Some(base_number))?;
    Some(f(&scorer, i, j))
}

/// Aligns OTHER's tasks and indicators to BASE's.
///
/// ```
/// let read = |p: &str| vanban::convert_file(std::path::Path::new(p), &Default::default()).unwrap();
/// let base = read("fixtures/reference/nq03_NQ-CP_2025_full.txt");
/// let other = read("fixtures/seeds/haugiang-ubnd-kh-nq03.txt");
/// let report = vanban::diff::diff(&base, &other);
/// assert_eq!(report.summary.taken_up + report.summary.not_taken_up, report.summary.base_tasks);
/// // A bullet of prose may take up several central tasks, each through one of its clauses.
/// assert!(report.tasks.matches.iter().any(|m| m.base.len() > 1));
/// let page = vanban::diff::render_html(&report, vanban::diff::Lang::Vi);
/// assert!(page.contains("Đối chiếu kế hoạch"));
/// ```
pub fn diff(base: &Document, other: &Document) -> DiffReport {
    let base_tasks = task_items(base);
    let other_tasks = task_items(other);
    let base_solutions = solutions(base);
    let scorer = align::Scorer::new(&base_tasks, &other_tasks, &base_solutions);
    let prose = other_tasks.iter().all(|t| t.number.is_none());
    let alignment = if prose {
        align::align_prose(&scorer)
    } else {
        align::align_table(&scorer)
    };
    let mut summary = Summary {
        base_tasks: base_tasks.len(),
        other_tasks: other_tasks.len(),
        ..Summary::default()
    };
    let sides = Sides {
        base: &base_tasks,
        other: &other_tasks,
        solutions: &base_solutions,
        scorer: &scorer,
    };
    let tasks = sides.task_diff(&alignment, &mut summary);
    let indicators = indicators::diff_indicators(base, other, &mut summary);
    DiffReport {
        schema_version: DIFF_SCHEMA_VERSION.into(),
        base: doc_ref(base),
        other: doc_ref(other),
        summary,
        tasks,
        indicators,
    }
}

/// Both sides' tasks and what the alignment needs to describe them.
struct Sides<'a> {
    base: &'a [TaskRef],
    other: &'a [TaskRef],
    solutions: &'a [Solution],
    scorer: &'a align::Scorer<'a>,
}

impl Sides<'_> {
    fn task_diff(&self, alignment: &align::Alignment, summary: &mut Summary) -> TaskDiff {
        let assigned = &alignment.parts;
        let mut diff = TaskDiff {
            matches: Vec::new(),
            not_taken_up: Vec::new(),
            restated: Vec::new(),
            local_additions: Vec::new(),
        };
        for (i, parts) in assigned.iter().enumerate() {
            let restates = self.restates(i);
            if parts.is_empty() {
                let unmatched = self.unmatched_other(i, restates);
                if unmatched.restates.is_empty() {
                    diff.local_additions.push(unmatched);
                } else {
                    diff.restated.push(unmatched);
                }
            } else {
                diff.matches
                    .push(self.task_match(i, parts, restates, summary));
            }
        }
        let mut taken = vec![false; self.base.len()];
        for p in assigned.iter().flatten() {
            taken[p.base] = true;
        }
        diff.not_taken_up = (0..self.base.len())
            .filter(|&j| !taken[j])
            .map(|j| self.unmatched_base(j, alignment.closest_other[j]))
            .collect();
        summary.taken_up = taken.iter().filter(|&&t| t).count();
        summary.not_taken_up = diff.not_taken_up.len();
        summary.not_taken_up_local_role = diff.not_taken_up.iter().filter(|u| u.local_role).count();
        summary.other_matched = diff.matches.len();
        summary.multi_task = diff.matches.iter().filter(|m| m.base.len() > 1).count();
        summary.restated = diff.restated.len();
        summary.local_additions = diff.local_additions.len();
        diff
    }

    fn restates(&self, i: usize) -> Vec<SolutionRef> {
        self.scorer
            .restates(i)
            .into_iter()
            .map(|r| SolutionRef {
                id: self.solutions[r.solution].id.clone(),
                text: self.solutions[r.solution].text.clone(),
                score: round(r.score),
            })
            .collect()
    }

    fn task_match(
        &self,
        i: usize,
        parts: &[align::Part],
        restates: Vec<SolutionRef>,
        summary: &mut Summary,
    ) -> TaskMatch {
        let o = &self.other[i];
        let base: Vec<TaskRef> = parts.iter().map(|p| self.base[p.base].clone()).collect();
        let score = parts.iter().map(|p| p.score).fold(0.0, f64::max);
        let (_, lead) = verdicts::agency_score(&base[0].lead, &o.lead);
        let deadline = verdicts::deadline_change(&base[0], o);
        summary.changed_leads += (lead == "changed") as usize;
        match deadline {
            "same" => summary.deadlines_same += 1,
            "earlier" => summary.deadlines_earlier += 1,
            "later" => summary.deadlines_later += 1,
            _ => {}
        }
        let weak = score < WEAK;
        summary.weak_matches += weak as usize;
        TaskMatch {
            other: o.clone(),
            parts: parts
                .iter()
                .map(|p| MatchPart {
                    base_id: self.base[p.base].id.clone(),
                    score: round(p.score),
                    clause: p.clause.clone(),
                })
                .collect(),
            base,
            score: round(score),
            weak,
            lead: lead.to_string(),
            deadline: deadline.to_string(),
            restates,
        }
    }

    fn unmatched_other(&self, i: usize, restates: Vec<SolutionRef>) -> Unmatched {
        let closest = (0..self.base.len())
            .map(|j| (j, self.scorer.best_score(i, j)))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        Unmatched {
            task: self.other[i].clone(),
            local_role: false,
            closest: closest.map(|(j, _)| self.base[j].id.clone()),
            closest_name: closest.map(|(j, _)| self.base[j].name.clone()),
            closest_score: round(closest.map_or(0.0, |c| c.1)),
            restates,
        }
    }

    fn unmatched_base(&self, j: usize, closest: Option<(usize, f64)>) -> Unmatched {
        let b = &self.base[j];
        Unmatched {
            task: b.clone(),
            local_role: b
                .lead
                .iter()
                .chain(&b.support)
                .any(|a| verdicts::is_locality(a)),
            closest: closest.map(|(i, _)| self.other[i].id.clone()),
            closest_name: closest.map(|(i, _)| self.other[i].name.clone()),
            closest_score: round(closest.map_or(0.0, |c| c.1)),
            restates: Vec::new(),
        }
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn doc_ref(d: &Document) -> DocRef {
    DocRef {
        path: d.source.path.clone(),
        number: d.document.number.clone(),
        title: d.document.title.clone(),
        issuer: d.document.issuer.name.clone(),
        date: d.document.date.clone(),
    }
}
