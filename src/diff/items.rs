//! What a plan offers to align: its task table, or, when it has none, the bullets of its task
//! sections; and a central plan's body — the solutions ("NHIỆM VỤ CỤ THỂ", lettered items)
//! that its task table carries out.

use super::TaskRef;
use crate::model::{Document, Section, SectionKind, Task};

/// One solution of a plan's body: "II.1.p" and its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// Its section path ("II.1.p").
    pub id: String,
    /// Its title, paragraphs and listed parts as one text.
    pub text: String,
}

fn is_task_section(s: &Section) -> bool {
    let f = crate::text::fold(s.title.as_deref().unwrap_or(""));
    f.contains("nhiem vu") || f.contains("giai phap")
}

fn table_ref(t: &Task) -> TaskRef {
    TaskRef {
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
        deadline_kind: t.deadline.kind.clone(),
        deadline_start: t.deadline.start.clone(),
        deadline_end: t.deadline.end.clone(),
    }
}

/// The items of a document to align: its table tasks, or, when it has none, the bullets and
/// lettered items of its task sections ("NHIỆM VỤ, GIẢI PHÁP").
pub fn task_items(doc: &Document) -> Vec<TaskRef> {
    let table: Vec<TaskRef> = doc
        .tasks
        .iter()
        .filter(|t| t.origin == "table")
        .map(table_ref)
        .collect();
    if !table.is_empty() {
        return table;
    }
    let mut out = Vec::new();
    for s in &doc.sections {
        if s.kind != SectionKind::Appendix && is_task_section(s) {
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
                    name: text,
                    ..Default::default()
                });
            }
        } else {
            bullets(c, path, pillar, out);
        }
        path.pop();
    }
}

/// The solutions of a plan whose tasks are a table: the items of its task sections, at any
/// depth (03/NQ-CP's sit in the programme it attaches). A lettered item keeps its listed
/// parts ("đ) Sửa đổi Luật … để: - …; - …") as one solution. None for a plan of bullets:
/// its bullets are its tasks.
pub fn solutions(doc: &Document) -> Vec<Solution> {
    if !doc.tasks.iter().any(|t| t.origin == "table") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for s in &doc.sections {
        find_solutions(s, &mut Vec::new(), &mut out);
    }
    out
}

fn find_solutions(s: &Section, path: &mut Vec<String>, out: &mut Vec<Solution>) {
    path.extend(s.label.iter().cloned());
    if s.kind != SectionKind::Appendix && is_task_section(s) {
        collect_solutions(s, path, out);
    } else {
        for c in &s.children {
            find_solutions(c, path, out);
        }
    }
    if s.label.is_some() {
        path.pop();
    }
}

fn collect_solutions(s: &Section, path: &mut Vec<String>, out: &mut Vec<Solution>) {
    for (k, c) in s.children.iter().enumerate() {
        path.push(c.label.clone().unwrap_or_else(|| format!("-{}", k + 1)));
        if c.children.is_empty() || c.kind == SectionKind::Letter {
            let text = section_text(c);
            if !text.is_empty() {
                out.push(Solution {
                    id: path.join("."),
                    text,
                });
            }
        } else {
            collect_solutions(c, path, out);
        }
        path.pop();
    }
}

/// A section's title, paragraphs and those of its children, as one text.
fn section_text(s: &Section) -> String {
    let mut parts: Vec<&str> = s.title.iter().map(String::as_str).collect();
    parts.extend(s.paragraphs.iter().map(String::as_str));
    let mut text = parts.join(" ");
    for c in &s.children {
        let child = section_text(c);
        if !child.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&child);
        }
    }
    text.trim().to_string()
}
