//! CSV for analysts: `tasks.csv` and `indicators.csv`, one row per task or indicator with the
//! document's file, number and title, UTF-8 with a byte-order mark so Excel shows Vietnamese.

use crate::model::{AgencyList, Document, Span};

/// Written once at the start of each file.
pub const BOM: &str = "\u{feff}";

pub const TASK_COLUMNS: [&str; 22] = [
    "source",
    "document_number",
    "document_date",
    "document_title",
    "group",
    "number",
    "name",
    "lead",
    "lead_agencies",
    "support",
    "support_agencies",
    "result",
    "deadline",
    "deadline_kind",
    "deadline_start",
    "deadline_end",
    "deadline_condition",
    "status",
    "origin",
    "page",
    "line_start",
    "line_end",
];

pub const INDICATOR_COLUMNS: [&str; 20] = [
    "source",
    "document_number",
    "document_date",
    "document_title",
    "id",
    "group",
    "horizon",
    "name",
    "unit",
    "target",
    "target_op",
    "target_value",
    "target_max",
    "target_text",
    "owner",
    "owner_agencies",
    "origin",
    "page",
    "line_start",
    "line_end",
];

/// One CSV field: quoted when it holds a comma, quote, line break or outer space.
fn field(out: &mut String, s: &str) {
    let needs = s.contains([',', '"', '\n', '\r']) || s.starts_with(' ') || s.ends_with(' ');
    if needs {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn row(out: &mut String, fields: &[String]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, f);
    }
    out.push_str("\r\n");
}

pub fn header(columns: &[&str]) -> String {
    let mut out = String::new();
    row(
        &mut out,
        &columns.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
    );
    out
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

fn agencies(a: &AgencyList) -> String {
    a.agencies.join("; ")
}

fn span(s: &Span) -> [String; 3] {
    [
        s.page.to_string(),
        s.line_start.to_string(),
        s.line_end.to_string(),
    ]
}

fn number(v: Option<f64>) -> String {
    v.map(|x| {
        if x.fract() == 0.0 && x.abs() < 1e15 {
            format!("{}", x as i64)
        } else {
            format!("{x}")
        }
    })
    .unwrap_or_default()
}

/// The task rows of one document (no header).
pub fn task_rows(doc: &Document) -> String {
    let mut out = String::new();
    let d = &doc.document;
    for t in &doc.tasks {
        let [page, a, b] = span(&t.span);
        row(
            &mut out,
            &[
                doc.source.path.clone(),
                opt(&d.number),
                opt(&d.date),
                opt(&d.title),
                opt(&t.group),
                opt(&t.number),
                t.name.clone(),
                t.lead.raw.clone(),
                agencies(&t.lead),
                t.support.raw.clone(),
                agencies(&t.support),
                t.result.as_ref().map(|r| r.raw.clone()).unwrap_or_default(),
                t.deadline.raw.clone(),
                t.deadline.kind.clone(),
                opt(&t.deadline.start),
                opt(&t.deadline.end),
                opt(&t.deadline.condition),
                t.status.as_ref().map(|r| r.raw.clone()).unwrap_or_default(),
                t.origin.clone(),
                page,
                a,
                b,
            ],
        );
    }
    out
}

/// The indicator rows of one document (no header).
pub fn indicator_rows(doc: &Document) -> String {
    let mut out = String::new();
    let d = &doc.document;
    for i in &doc.indicators {
        let [page, a, b] = span(&i.span);
        row(
            &mut out,
            &[
                doc.source.path.clone(),
                opt(&d.number),
                opt(&d.date),
                opt(&d.title),
                i.id.clone(),
                opt(&i.group),
                opt(&i.horizon),
                i.name.clone(),
                opt(&i.unit),
                i.target.raw.clone(),
                i.target.op.clone(),
                number(i.target.value),
                number(i.target.max),
                opt(&i.target.text),
                i.owner.raw.clone(),
                agencies(&i.owner),
                i.origin.clone(),
                page,
                a,
                b,
            ],
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        let mut s = String::new();
        row(
            &mut s,
            &[
                "a, b".into(),
                "say \"x\"".into(),
                "plain".into(),
                "two\nlines".into(),
            ],
        );
        assert_eq!(s, "\"a, b\",\"say \"\"x\"\"\",plain,\"two\nlines\"\r\n");
    }
}
