//! The report as every renderer shows it: rows of text in the reader's language, scores as
//! percentages, verdicts as words, each heading with the count the summary gives it.

use super::labels::{Labels, Verdict};
use crate::diff::{DiffReport, IndicatorMatch, SolutionRef, TaskMatch, TaskRef, Unmatched};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct View {
    pub l: &'static Labels,
    pub base_doc: String,
    pub other_doc: String,
    pub summary: Vec<SummaryRow>,
    pub legend: Vec<&'static str>,
    pub matches: Section<MatchRow>,
    pub not_taken_up: Section<UnmatchedRow>,
    pub restated: Section<UnmatchedRow>,
    pub local_additions: Section<UnmatchedRow>,
    pub indicators: Section<IndicatorRow>,
}

/// A heading of the report: its anchor, title and rows. The summary shows `rows.len()` under
/// the same title.
#[derive(Debug, Serialize)]
pub struct Section<R> {
    pub id: &'static str,
    pub title: &'static str,
    pub rows: Vec<R>,
}

#[derive(Debug, Serialize)]
pub struct SummaryRow {
    pub label: String,
    pub value: String,
    /// The anchor of the heading this row counts, if any.
    pub section: Option<&'static str>,
    /// A "trong đó" (of which) line under the one before.
    pub sub: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct TaskView {
    pub id: String,
    pub name: String,
    pub lead: String,
    pub support: String,
    pub deadline: String,
}

#[derive(Debug, Serialize)]
pub struct PartView {
    pub base: TaskView,
    pub score: String,
    pub clause: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SolutionView {
    pub id: String,
    pub text: String,
    pub score: String,
}

#[derive(Debug, Serialize)]
pub struct MatchRow {
    pub other: TaskView,
    pub parts: Vec<PartView>,
    pub score: String,
    pub weak: bool,
    pub multi: bool,
    pub lead_verdict: String,
    pub lead_changed: bool,
    pub deadline_verdict: String,
    pub restates: Vec<SolutionView>,
    pub search: String,
}

#[derive(Debug, Serialize)]
pub struct UnmatchedRow {
    pub task: TaskView,
    pub star: bool,
    pub closest_id: String,
    pub closest_name: String,
    pub closest_score: String,
    pub restates: Vec<SolutionView>,
    pub search: String,
}

#[derive(Debug, Serialize)]
pub struct IndicatorRow {
    pub other_id: String,
    pub other_name: String,
    pub other_target: String,
    pub other_unit: String,
    pub base_id: String,
    pub base_name: String,
    pub base_target: String,
    pub base_unit: String,
    pub comparison: String,
    pub note: String,
    pub search: String,
}

/// 0.724 → "72%".
pub fn percent(score: f64) -> String {
    format!("{}%", (score * 100.0).round() as i64)
}

fn task_view(t: &TaskRef) -> TaskView {
    TaskView {
        id: t.id.clone(),
        name: t.name.clone(),
        lead: t.lead.join("; "),
        support: t.support.join("; "),
        deadline: t.deadline.clone(),
    }
}

fn solution_view(s: &SolutionRef) -> SolutionView {
    SolutionView {
        id: s.id.clone(),
        text: s.text.clone(),
        score: percent(s.score),
    }
}

fn doc_line(d: &crate::diff::DocRef) -> String {
    let mut s = d.number.clone().unwrap_or_else(|| d.path.clone());
    if let Some(t) = &d.title {
        s.push_str(" — ");
        s.push_str(t);
    }
    if let Some(i) = &d.issuer {
        s.push_str(&format!(" ({i})"));
    }
    s
}

fn match_row(l: &Labels, m: &TaskMatch) -> MatchRow {
    let parts = m
        .base
        .iter()
        .zip(&m.parts)
        .map(|(b, p)| PartView {
            base: task_view(b),
            score: percent(p.score),
            clause: p.clause.clone(),
        })
        .collect();
    MatchRow {
        other: task_view(&m.other),
        parts,
        score: percent(m.score),
        weak: m.weak,
        multi: m.base.len() > 1,
        lead_verdict: l.verdict(Verdict::Lead, &m.lead).to_string(),
        lead_changed: m.lead == "changed",
        deadline_verdict: l.verdict(Verdict::Deadline, &m.deadline).to_string(),
        restates: m.restates.iter().map(solution_view).collect(),
        search: m.search_text(),
    }
}

fn unmatched_row(u: &Unmatched) -> UnmatchedRow {
    UnmatchedRow {
        task: task_view(&u.task),
        star: u.local_role,
        closest_id: u.closest.clone().unwrap_or_default(),
        closest_name: u.closest_name.clone().unwrap_or_default(),
        closest_score: percent(u.closest_score),
        restates: u.restates.iter().map(solution_view).collect(),
        search: u.search_text(),
    }
}

fn indicator_row(l: &Labels, m: &IndicatorMatch) -> IndicatorRow {
    IndicatorRow {
        other_id: m.other.id.clone(),
        other_name: m.other.name.clone(),
        other_target: m.other.target.clone(),
        other_unit: m.other.unit.clone().unwrap_or_default(),
        base_id: m.base.id.clone(),
        base_name: m.base.name.clone(),
        base_target: m.base.target.clone(),
        base_unit: m.base.unit.clone().unwrap_or_default(),
        comparison: l.verdict(Verdict::Target, &m.comparison).to_string(),
        note: m.note.clone(),
        search: m.search_text(),
    }
}

impl View {
    pub fn new(r: &DiffReport, l: &'static Labels) -> View {
        let mut not_taken_up: Vec<&Unmatched> = r.tasks.not_taken_up.iter().collect();
        // The ones a province is expected to take up first.
        not_taken_up.sort_by_key(|u| !u.local_role);
        let mut view = View {
            l,
            base_doc: doc_line(&r.base),
            other_doc: doc_line(&r.other),
            summary: Vec::new(),
            legend: vec![
                l.legend_score,
                l.legend_weak,
                l.legend_multi,
                l.legend_changed,
                l.legend_local_role,
                l.legend_restated,
                l.legend_lead,
                l.legend_deadline,
                l.legend_targets,
            ],
            matches: Section {
                id: "matches",
                title: l.matches,
                rows: r.tasks.matches.iter().map(|m| match_row(l, m)).collect(),
            },
            not_taken_up: Section {
                id: "notup",
                title: l.not_taken_up,
                rows: not_taken_up.into_iter().map(unmatched_row).collect(),
            },
            restated: Section {
                id: "restated",
                title: l.restated,
                rows: r.tasks.restated.iter().map(unmatched_row).collect(),
            },
            local_additions: Section {
                id: "local",
                title: l.local_additions,
                rows: r.tasks.local_additions.iter().map(unmatched_row).collect(),
            },
            indicators: Section {
                id: "indicators",
                title: l.indicators,
                rows: r
                    .indicators
                    .matches
                    .iter()
                    .map(|m| indicator_row(l, m))
                    .collect(),
            },
        };
        view.summary = view.summary_rows(r);
        view
    }

    /// The summary: totals, then one line per heading with the heading's own count.
    fn summary_rows(&self, r: &DiffReport) -> Vec<SummaryRow> {
        let s = &r.summary;
        let l = self.l;
        let row =
            |label: &str, value: String, section: Option<&'static str>, sub: bool| SummaryRow {
                label: label.to_string(),
                value,
                section,
                sub,
            };
        let count = |n: usize| n.to_string();
        vec![
            row(l.base_tasks, count(s.base_tasks), None, false),
            row(l.other_tasks, count(s.other_tasks), None, false),
            row(
                l.taken_up,
                format!("{} {} {}", s.taken_up, l.of, s.base_tasks),
                None,
                false,
            ),
            row(
                l.matches,
                count(self.matches.rows.len()),
                Some(self.matches.id),
                false,
            ),
            row(l.multi_task, count(s.multi_task), None, true),
            row(l.weak, count(s.weak_matches), None, true),
            row(
                l.not_taken_up,
                count(self.not_taken_up.rows.len()),
                Some(self.not_taken_up.id),
                false,
            ),
            row(l.local_role, count(s.not_taken_up_local_role), None, true),
            row(
                l.restated,
                count(self.restated.rows.len()),
                Some(self.restated.id),
                false,
            ),
            row(
                l.local_additions,
                count(self.local_additions.rows.len()),
                Some(self.local_additions.id),
                false,
            ),
            row(l.changed_leads, count(s.changed_leads), None, false),
            row(
                l.deadlines,
                format!(
                    "{} / {} / {}",
                    s.deadlines_same, s.deadlines_earlier, s.deadlines_later
                ),
                None,
                false,
            ),
            row(
                l.indicators,
                count(self.indicators.rows.len()),
                Some(self.indicators.id),
                false,
            ),
            row(
                l.targets,
                format!(
                    "{} / {} / {}",
                    s.targets_raised, s.targets_lowered, s.targets_same
                ),
                None,
                true,
            ),
        ]
    }
}
