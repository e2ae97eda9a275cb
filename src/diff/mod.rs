//! diff: a plan against the plan it implements. Which of BASE's tasks OTHER takes up, by whom and
//! by when; OTHER's local additions; how BASE's targets were localized.
//!
//! Tasks are aligned by the similarity of their restored, normalized text (syllables and
//! syllable pairs weighted by rarity, without the domain's boilerplate and without the words
//! that localization changes: "Thủ tướng Chính phủ" → "UBND tỉnh", "Bộ" → "Sở"), helped by
//! agency correspondence (Bộ Khoa học và Công nghệ ↔ Sở Khoa học và Công nghệ; a central task led
//! by localities ↔ any provincial lead) and the pillar both sit under. Each OTHER task takes the
//! best free BASE task (one-to-one preferred); a strong second BASE task is merged in.

mod report;
mod similarity;

pub use report::{render_html, render_markdown};

use crate::model::{Document, Indicator, Section, SectionKind, Task};
use serde::{Deserialize, Serialize};
use similarity::{Corpus, Vector};

/// The version of the diff report's JSON contract.
pub const DIFF_SCHEMA_VERSION: &str = "1";

/// Matches below this score are not matches; below `WEAK` they are marked weak.
pub const THRESHOLD: f64 = 0.30;
/// Matches scoring below this are marked weak.
pub const WEAK: f64 = 0.45;
/// A second BASE task joins a match from this score (and 90% of the first's).
pub const MERGE: f64 = 0.75;
/// An OTHER task may share an already-taken BASE task from this score.
pub const SHARED: f64 = 0.6;

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
    /// Tasks matched, not taken up, added.
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

/// The counts of a comparison.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Summary {
    /// Tasks in BASE.
    pub base_tasks: usize,
    /// Tasks in OTHER.
    pub other_tasks: usize,
    /// BASE tasks OTHER takes up.
    pub taken_up: usize,
    /// BASE tasks OTHER does not take up.
    pub not_taken_up: usize,
    /// Of those not taken up, the ones BASE gives to localities (lead or co-operating), which a
    /// province is expected to take up.
    pub not_taken_up_local_role: usize,
    /// OTHER tasks that take up no BASE task.
    pub local_additions: usize,
    /// Matches below the weak threshold.
    pub weak_matches: usize,
    /// Matches whose lead changed (not only localized).
    pub changed_leads: usize,
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TaskRef {
    /// Group and number as printed ("I.5"), or a bullet's section path.
    pub id: String,
    /// The group it sits under.
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
    /// The deadline's end, ISO.
    pub deadline_end: Option<String>,
}

/// An OTHER task and the BASE task(s) it takes up.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TaskMatch {
    /// The OTHER task.
    pub other: TaskRef,
    /// The BASE task(s) it takes up, best first.
    #[schemars(length(min = 1))]
    pub base: Vec<TaskRef>,
    /// How alike they are, 0 to 1.
    pub score: f64,
    /// Whether the score is below the weak threshold.
    pub weak: bool,
    /// "same", "localized" (Bộ X → Sở X, localities → a provincial body), "changed".
    #[schemars(extend("enum" = ["same", "localized", "changed", "unknown"]))]
    pub lead: String,
    /// "same", "earlier", "later", "unknown".
    #[schemars(extend("enum" = ["same", "earlier", "later", "unknown"]))]
    pub deadline: String,
}

impl TaskMatch {
    /// What the HTML report's text filter searches: both sides' ids and names, lowercase.
    pub fn search_text(&self) -> String {
        let base: Vec<String> = self
            .base
            .iter()
            .map(|b| format!("{} {}", b.id, b.name))
            .collect();
        format!("{} {} {}", self.other.id, self.other.name, base.join(" ")).to_lowercase()
    }
}

/// A task without a counterpart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Unmatched {
    /// The task.
    pub task: TaskRef,
    /// For BASE tasks: localities lead or co-operate.
    pub local_role: bool,
    /// The closest task on the other side, when there is one, and its score.
    pub closest: Option<String>,
    /// The closest task's score (0 when there is none).
    pub closest_score: f64,
}

/// How the tasks correspond.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct TaskDiff {
    /// OTHER tasks with the BASE tasks they take up.
    pub matches: Vec<TaskMatch>,
    /// BASE tasks no OTHER task takes up.
    pub not_taken_up: Vec<Unmatched>,
    /// OTHER tasks that take up no BASE task.
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
    /// "same", "raised", "lowered", "localized_same", "localized_raised", "localized_lowered",
    /// "not_comparable".
    #[schemars(extend("enum" = ["same", "raised", "lowered", "localized_same", "localized_raised", "localized_lowered", "not_comparable"]))]
    pub comparison: String,
    /// How the targets compare, in words.
    pub note: String,
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

/// The items of a document to align: its table tasks, or, when it has none, the bullets and
/// lettered items of its task sections ("NHIỆM VỤ, GIẢI PHÁP").
pub fn task_items(doc: &Document) -> Vec<TaskRef> {
    let table: Vec<&Task> = doc.tasks.iter().filter(|t| t.origin == "table").collect();
    if !table.is_empty() {
        return table
            .iter()
            .map(|t| TaskRef {
                id: format!(
                    "{}.{}",
                    t.group.as_deref().unwrap_or("-"),
                    t.number.map(|n| n.to_string()).unwrap_or_default()
                ),
                group: t.group.clone(),
                number: t.number,
                name: t.name.clone(),
                lead: t.lead.agencies.clone(),
                support: t.support.agencies.clone(),
                deadline: t.deadline.raw.clone(),
                deadline_end: t.deadline.end.clone(),
            })
            .collect();
    }
    let mut out = Vec::new();
    for s in &doc.sections {
        let f = crate::text::fold(s.title.as_deref().unwrap_or(""));
        if s.kind != SectionKind::Appendix && (f.contains("nhiem vu") || f.contains("giai phap")) {
            bullets(s, &mut s.label.iter().cloned().collect(), None, &mut out);
        }
    }
    out
}

/// Leaves and clauses under a task section; the pillar is the first numbered level below it.
fn bullets(s: &Section, path: &mut Vec<String>, pillar: Option<String>, out: &mut Vec<TaskRef>) {
    for (k, c) in s.children.iter().enumerate() {
        let label = c.label.clone().unwrap_or_else(|| format!("-{}", k + 1));
        path.push(label.clone());
        let pillar = pillar.clone().or_else(|| {
            (c.kind == SectionKind::Arabic)
                .then(|| crate::layout::to_roman(label.parse().unwrap_or(0)))
        });
        if c.children.is_empty() {
            let text = c.paragraphs.join(" ");
            if !text.trim().is_empty() {
                out.push(TaskRef {
                    id: path.join("."),
                    group: pillar.clone(),
                    number: None,
                    name: text,
                    lead: Vec::new(),
                    support: Vec::new(),
                    deadline: String::new(),
                    deadline_end: None,
                });
            }
        } else {
            bullets(c, path, pillar, out);
        }
        path.pop();
    }
}

/// Canonical names of the bodies that stand for "localities" in a central plan.
fn is_locality(name: &str) -> bool {
    let f = crate::text::fold(name);
    f.contains("dia phuong")
        || f.contains("ubnd")
        || f.contains("uy ban nhan dan")
        || f.contains("cac tinh")
}

/// Bộ X ↔ Sở X; a central task led by localities ↔ any provincial body.
fn agency_score(base: &[String], other: &[String]) -> (f64, &'static str) {
    if base.is_empty() || other.is_empty() {
        return (0.0, "unknown");
    }
    let key = |s: &str| {
        let f = crate::text::fold(s);
        f.replacen("bo ", "", 1).replacen("so ", "", 1)
    };
    let same = base.iter().any(|b| {
        other
            .iter()
            .any(|o| crate::text::fold(b) == crate::text::fold(o))
    });
    if same {
        return (1.0, "same");
    }
    let localized = base.iter().any(|b| other.iter().any(|o| key(b) == key(o)))
        || base.iter().any(|b| is_locality(b));
    if localized {
        (0.8, "localized")
    } else {
        (0.0, "changed")
    }
}

fn deadline_change(base: &TaskRef, other: &TaskRef) -> String {
    match (&base.deadline_end, &other.deadline_end) {
        (Some(b), Some(o)) => {
            // Compare as far as both are precise: "2025" against "2025-06" is the same year.
            let n = b.len().min(o.len());
            match o[..n].cmp(&b[..n]) {
                std::cmp::Ordering::Less => "earlier".into(),
                std::cmp::Ordering::Greater => "later".into(),
                std::cmp::Ordering::Equal => "same".into(),
            }
        }
        _ => "unknown".into(),
    }
}

/// The score `diff` gives OTHER task `other_id` against BASE task number `base_number`, and
/// its parts (text, agency, group): for tuning and for explaining a match.
pub fn pair_score(
    base: &Document,
    other: &Document,
    other_id: &str,
    base_number: u32,
) -> Option<(f64, f64, f64, f64)> {
    let bt = task_items(base);
    let ot = task_items(other);
    let corpus = Corpus::new(bt.iter().chain(&ot).map(|t| t.name.as_str()));
    let o = ot.iter().find(|t| t.id == other_id)?;
    let b = bt.iter().find(|t| t.number == Some(base_number))?;
    let (text, agency, group) = pair_parts(&corpus, b, o);
    Some((
        round(combine(text, agency, group)),
        round(text),
        agency,
        group,
    ))
}

fn pair_parts(corpus: &Corpus, b: &TaskRef, o: &TaskRef) -> (f64, f64, f64) {
    let text = corpus.vector(&b.name).cosine(&corpus.vector(&o.name));
    let (agency, _) = agency_score(&b.lead, &o.lead);
    let group = match (&b.group, &o.group) {
        (Some(x), Some(y)) if x == y => 1.0,
        _ => 0.0,
    };
    (text, agency, group)
}

fn combine(text: f64, agency: f64, group: f64) -> f64 {
    0.80 * text + 0.12 * agency + 0.08 * group
}

/// Aligns OTHER's tasks and indicators to BASE's.
///
/// ```
/// let read = |p: &str| vanban::convert_file(std::path::Path::new(p), &Default::default()).unwrap();
/// let base = read("fixtures/reference/nq03_NQ-CP_2025_full.txt");
/// let other = read("fixtures/seeds/angiang-ubnd-kh181-nq03.txt");
/// let report = vanban::diff::diff(&base, &other);
/// assert!(report.summary.taken_up > 10);
/// assert_eq!(report.summary.taken_up + report.summary.not_taken_up, report.summary.base_tasks);
/// ```
pub fn diff(base: &Document, other: &Document) -> DiffReport {
    let base_tasks = task_items(base);
    let other_tasks = task_items(other);
    let corpus = Corpus::new(
        base_tasks
            .iter()
            .chain(&other_tasks)
            .map(|t| t.name.as_str()),
    );
    let bv: Vec<Vector> = base_tasks.iter().map(|t| corpus.vector(&t.name)).collect();
    let ov: Vec<Vector> = other_tasks.iter().map(|t| corpus.vector(&t.name)).collect();

    // All pair scores.
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in other_tasks.iter().enumerate() {
        for (j, b) in base_tasks.iter().enumerate() {
            let text = bv[j].cosine(&ov[i]);
            if text < 0.12 {
                continue;
            }
            let (agency, _) = agency_score(&b.lead, &o.lead);
            let group = match (&b.group, &o.group) {
                (Some(x), Some(y)) if x == y => 1.0,
                _ => 0.0,
            };
            let score = combine(text, agency, group);
            pairs.push((score, i, j));
        }
    }
    // Deterministic order: by score, then by position.
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut base_taken = vec![false; base_tasks.len()];
    let mut assigned: Vec<Vec<(usize, f64)>> = vec![Vec::new(); other_tasks.len()];
    for &(score, i, j) in &pairs {
        if score < THRESHOLD || base_taken[j] {
            continue;
        }
        // One-to-one first; a further BASE task merged in only when nearly as strong as the
        // first and strong in itself.
        let merge = assigned[i].first().is_some_and(|&(_, first)| {
            score >= MERGE && score >= 0.9 * first && assigned[i].len() < 3
        });
        if assigned[i].is_empty() || merge {
            assigned[i].push((j, score));
            base_taken[j] = true;
        }
    }
    // A BASE task a province splits in two: an OTHER task left without a match takes a BASE
    // task already taken when it scores as a strong match against it.
    for &(score, i, j) in &pairs {
        if score >= SHARED && assigned[i].is_empty() {
            assigned[i].push((j, score));
        }
    }

    let mut summary = Summary {
        base_tasks: base_tasks.len(),
        other_tasks: other_tasks.len(),
        ..Summary::default()
    };
    let best_for_other =
        |i: usize| -> Option<(usize, f64)> { pairs.iter().find(|p| p.1 == i).map(|p| (p.2, p.0)) };
    let best_for_base =
        |j: usize| -> Option<(usize, f64)> { pairs.iter().find(|p| p.2 == j).map(|p| (p.1, p.0)) };
    let mut matches = Vec::new();
    let mut local_additions = Vec::new();
    for (i, o) in other_tasks.iter().enumerate() {
        if assigned[i].is_empty() {
            let closest = best_for_other(i);
            local_additions.push(Unmatched {
                task: o.clone(),
                local_role: false,
                closest: closest.map(|(j, _)| base_tasks[j].id.clone()),
                closest_score: closest.map(|c| c.1).unwrap_or(0.0),
            });
            continue;
        }
        let bases: Vec<TaskRef> = assigned[i]
            .iter()
            .map(|&(j, _)| base_tasks[j].clone())
            .collect();
        let score = assigned[i][0].1;
        let (_, lead) = agency_score(&bases[0].lead, &o.lead);
        let deadline = deadline_change(&bases[0], o);
        if lead == "changed" {
            summary.changed_leads += 1;
        }
        match deadline.as_str() {
            "earlier" => summary.deadlines_earlier += 1,
            "later" => summary.deadlines_later += 1,
            _ => {}
        }
        let weak = score < WEAK;
        summary.weak_matches += weak as usize;
        matches.push(TaskMatch {
            other: o.clone(),
            base: bases,
            score: round(score),
            weak,
            lead: lead.to_string(),
            deadline,
        });
    }
    let mut not_taken_up = Vec::new();
    for (j, b) in base_tasks.iter().enumerate() {
        if base_taken[j] {
            continue;
        }
        let local_role = b.lead.iter().chain(&b.support).any(|a| is_locality(a));
        let closest = best_for_base(j);
        not_taken_up.push(Unmatched {
            task: b.clone(),
            local_role,
            closest: closest.map(|(i, _)| other_tasks[i].id.clone()),
            closest_score: round(closest.map(|c| c.1).unwrap_or(0.0)),
        });
    }
    summary.taken_up = base_taken.iter().filter(|&&t| t).count();
    summary.not_taken_up = not_taken_up.len();
    summary.not_taken_up_local_role = not_taken_up.iter().filter(|u| u.local_role).count();
    summary.local_additions = local_additions.len();

    let indicators = diff_indicators(base, other, &mut summary);
    DiffReport {
        schema_version: DIFF_SCHEMA_VERSION.into(),
        base: doc_ref(base),
        other: doc_ref(other),
        summary,
        tasks: TaskDiff {
            matches,
            not_taken_up,
            local_additions,
        },
        indicators,
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

fn indicator_ref(i: &Indicator) -> IndicatorRef {
    IndicatorRef {
        id: i.id.clone(),
        name: i.name.clone(),
        unit: i.unit.clone(),
        target: i.target.raw.clone(),
        op: i.target.op.clone(),
        value: i.target.value,
    }
}

/// "% GDP" in a national plan is "% GRDP" in a province's.
fn unit_key(u: &Option<String>) -> (String, bool) {
    let f = crate::text::fold(&u.clone().unwrap_or_default()).replace(' ', "");
    if f.contains("grdp") {
        (f.replace("grdp", "gdp"), true)
    } else {
        (f, false)
    }
}

fn compare_targets(b: &Indicator, o: &Indicator) -> (String, String) {
    let (bu, _) = unit_key(&b.unit);
    let (ou, localized_unit) = unit_key(&o.unit);
    let localized = localized_unit || bu != ou && !bu.is_empty() && !ou.is_empty();
    if bu != ou && !(bu.is_empty() || ou.is_empty()) {
        return (
            "not_comparable".into(),
            format!("units differ: {:?} vs {:?}", b.unit, o.unit),
        );
    }
    let (Some(bv), Some(ov)) = (b.target.value, o.target.value) else {
        return ("not_comparable".into(), "a target is text".into());
    };
    // For ranks ("≤ 30") a smaller number is the higher ambition.
    let lower_is_better = matches!(b.target.op.as_str(), "<=" | "<");
    let cmp = ov.total_cmp(&bv);
    let word = match (cmp, lower_is_better) {
        (std::cmp::Ordering::Equal, _) => "same",
        (std::cmp::Ordering::Greater, false) | (std::cmp::Ordering::Less, true) => "raised",
        _ => "lowered",
    };
    let prefix = if localized { "localized_" } else { "" };
    (
        format!("{prefix}{word}"),
        format!(
            "{} {} → {} {}",
            b.target.raw,
            b.unit.clone().unwrap_or_default(),
            o.target.raw,
            o.unit.clone().unwrap_or_default()
        ),
    )
}

fn diff_indicators(base: &Document, other: &Document, summary: &mut Summary) -> IndicatorDiff {
    let corpus = Corpus::new(
        base.indicators
            .iter()
            .chain(&other.indicators)
            .map(|i| i.name.as_str()),
    );
    let mut pairs: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in other.indicators.iter().enumerate() {
        let ov = corpus.vector(&o.name);
        for (j, b) in base.indicators.iter().enumerate() {
            let text = corpus.vector(&b.name).cosine(&ov);
            let (bu, _) = unit_key(&b.unit);
            let (ou, _) = unit_key(&o.unit);
            let unit = if bu == ou { 0.15 } else { 0.0 };
            let horizon = if b.horizon == o.horizon && b.horizon.is_some() {
                0.05
            } else {
                0.0
            };
            let score = 0.8 * text + unit + horizon;
            if score >= 0.35 {
                pairs.push((score, i, j));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut bt = vec![false; base.indicators.len()];
    let mut ot = vec![false; other.indicators.len()];
    let mut matches = Vec::new();
    for (score, i, j) in pairs {
        if bt[j] || ot[i] {
            continue;
        }
        bt[j] = true;
        ot[i] = true;
        let (comparison, note) = compare_targets(&base.indicators[j], &other.indicators[i]);
        if comparison.ends_with("raised") {
            summary.targets_raised += 1;
        } else if comparison.ends_with("lowered") {
            summary.targets_lowered += 1;
        } else if comparison.ends_with("same") {
            summary.targets_same += 1;
        }
        matches.push(IndicatorMatch {
            base: indicator_ref(&base.indicators[j]),
            other: indicator_ref(&other.indicators[i]),
            score: round(score),
            comparison,
            note,
        });
    }
    matches.sort_by_key(|m| {
        other
            .indicators
            .iter()
            .position(|i| i.id == m.other.id && i.name == m.other.name)
    });
    summary.indicators_matched = matches.len();
    IndicatorDiff {
        matches,
        not_taken_up: base
            .indicators
            .iter()
            .zip(&bt)
            .filter(|(_, &t)| !t)
            .map(|(i, _)| indicator_ref(i))
            .collect(),
        local_additions: other
            .indicators
            .iter()
            .zip(&ot)
            .filter(|(_, &t)| !t)
            .map(|(i, _)| indicator_ref(i))
            .collect(),
    }
}
