//! The report as Markdown: summary, legend, and one table per heading; every match carries both
//! sides' lead agencies and deadlines.

use super::view::{MatchRow, Section, TaskView, UnmatchedRow, View};
use std::fmt::Write;

fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n).collect::<String>())
    }
}

fn or_none<'a>(s: &'a str, none: &'a str) -> &'a str {
    if s.trim().is_empty() {
        none
    } else {
        s
    }
}

fn heading<R>(out: &mut String, s: &Section<R>) {
    let _ = write!(out, "\n## {} ({})\n\n", s.title, s.rows.len());
}

fn task_line(t: &TaskView, n: usize) -> String {
    format!("**{}** {}", cell(&t.id), cell(&short(&t.name, n)))
}

fn match_row(v: &View, out: &mut String, m: &MatchRow) {
    let l = v.l;
    let mut other = task_line(&m.other, 160);
    if m.multi {
        let _ = write!(other, " ({} {})", m.parts.len(), l.tasks_count);
    }
    if !m.restates.is_empty() {
        let ids: Vec<&str> = m.restates.iter().map(|s| s.id.as_str()).collect();
        let _ = write!(other, "<br>{}: {}", l.restates, ids.join(", "));
    }
    let base: Vec<String> = m
        .parts
        .iter()
        .map(|p| {
            let mut s = format!("{} ({})", task_line(&p.base, 120), p.score);
            if let (Some(c), true) = (&p.clause, m.multi) {
                let _ = write!(s, "<br>← «{}»", cell(&short(c, 90)));
            }
            s
        })
        .collect();
    let first = &m.parts[0].base;
    // Both sides' values and the verdict, in one cell.
    let compared = |other: &str, base: &str, verdict: &str| {
        format!(
            "{}: {}<br>{}: {}<br>→ {verdict}",
            l.other,
            cell(or_none(other, l.none)),
            l.base,
            cell(or_none(base, l.none))
        )
    };
    let lead = compared(&m.other.lead, &first.lead, &m.lead_verdict);
    let deadline = compared(&m.other.deadline, &first.deadline, &m.deadline_verdict);
    let weak = if m.weak { " ⚠" } else { "" };
    let _ = writeln!(
        out,
        "| {other} | {} | {}{weak} | {lead} | {deadline} |",
        base.join("<br>"),
        m.score
    );
}

fn unmatched_rows(v: &View, out: &mut String, s: &Section<UnmatchedRow>, restates: bool) {
    let l = v.l;
    heading(out, s);
    let last = if restates { l.restates } else { l.closest };
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {last} |\n|---|---|---|---|---|",
        l.id, l.task, l.lead, l.deadline
    );
    for u in &s.rows {
        let closest = if restates {
            u.restates
                .iter()
                .map(|s| format!("**{}** {} ({})", s.id, cell(&short(&s.text, 90)), s.score))
                .collect::<Vec<_>>()
                .join("<br>")
        } else if u.closest_id.is_empty() {
            l.none.to_string()
        } else {
            format!(
                "**{}** {} ({})",
                cell(&u.closest_id),
                cell(&short(&u.closest_name, 90)),
                u.closest_score
            )
        };
        let _ = writeln!(
            out,
            "| {}{} | {} | {} | {} | {closest} |",
            cell(&u.task.id),
            if u.star { " ★" } else { "" },
            cell(&short(&u.task.name, 160)),
            cell(or_none(&u.task.lead, l.none)),
            cell(or_none(&u.task.deadline, l.none)),
        );
    }
}

pub fn render(v: &View) -> String {
    let l = v.l;
    let mut out = String::new();
    let _ = write!(
        out,
        "# {}\n\n- **{}**: {}\n- **{}**: {}\n\n## {}\n\n| | |\n|---|---|\n",
        l.title,
        l.base,
        cell(&v.base_doc),
        l.other,
        cell(&v.other_doc),
        l.summary
    );
    for row in &v.summary {
        let indent = if row.sub { "… " } else { "" };
        let _ = writeln!(out, "| {indent}{} | {} |", row.label, row.value);
    }
    let _ = write!(out, "\n## {}\n\n", l.legend);
    for line in &v.legend {
        let _ = writeln!(out, "- {line}");
    }
    heading(&mut out, &v.matches);
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
        l.other_task, l.base_task, l.score, l.lead, l.deadline
    );
    for m in &v.matches.rows {
        match_row(v, &mut out, m);
    }
    unmatched_rows(v, &mut out, &v.not_taken_up, false);
    unmatched_rows(v, &mut out, &v.restated, true);
    unmatched_rows(v, &mut out, &v.local_additions, false);
    heading(&mut out, &v.indicators);
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
        l.id, l.indicator, l.base_target, l.other_target, l.comparison
    );
    for i in &v.indicators.rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} {} | {} {} | {} |",
            cell(&i.other_id),
            cell(&short(&i.other_name, 100)),
            cell(&i.base_target),
            cell(&i.base_unit),
            cell(&i.other_target),
            cell(&i.other_unit),
            i.comparison
        );
    }
    out
}
