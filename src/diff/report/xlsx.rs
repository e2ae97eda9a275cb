//! The report as an Excel workbook: a summary sheet, then one sheet per heading with one row
//! per pair (a bullet that takes up three BASE tasks gives three rows, each with its matching
//! passage), styled headers, fitting column widths, a frozen header row and autofilters.

use super::labels::{Labels, Verdict};
use super::view::View;
use crate::diff::{verdicts, DiffReport, TaskRef, Unmatched};
use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

/// A column: its header and width in characters (long texts wrap).
type Column<'a> = (&'a str, f64);

const ID: f64 = 11.0;
const TEXT: f64 = 60.0;
const AGENCY: f64 = 28.0;
const DEADLINE: f64 = 16.0;
const SCORE: f64 = 11.0;
const VERDICT: f64 = 16.0;

/// A cell value: text, or a share shown as a percentage.
enum Cell {
    Text(String),
    Share(f64),
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

struct Styles {
    header: Format,
    wrap: Format,
    percent: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xDCE6F1))
                .set_border(FormatBorder::Thin),
            wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
            percent: Format::new()
                .set_num_format("0%")
                .set_align(FormatAlign::Top),
        }
    }
}

/// The height of one line of text, in points.
const LINE_HEIGHT: f64 = 15.0;
/// A row shows at most this many lines; the rest is in the cell.
const MAX_LINES: usize = 8;

/// The lines the row's longest cell wraps to in its column.
fn lines(row: &[Cell], columns: &[Column]) -> usize {
    row.iter()
        .zip(columns)
        .map(|(cell, (_, width))| match cell {
            // A character is about one unit of column width; a little margin for word breaks.
            Cell::Text(s) => (s.chars().count() as f64 * 1.1 / width).ceil() as usize,
            Cell::Share(_) => 1,
        })
        .max()
        .unwrap_or(1)
        .clamp(1, MAX_LINES)
}

/// Writes a sheet: styled header row, frozen, with an autofilter over the rows.
fn sheet(
    ws: &mut Worksheet,
    name: &str,
    columns: &[Column],
    rows: &[Vec<Cell>],
    st: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(name)?;
    ws.set_row_height(0, 2.0 * LINE_HEIGHT)?;
    for (c, (header, width)) in columns.iter().enumerate() {
        let c = c as u16;
        ws.set_column_width(c, *width)?;
        ws.write_string_with_format(0, c, *header, &st.header)?;
    }
    for (r, row) in rows.iter().enumerate() {
        let r = r as u32 + 1;
        // Wrapped text needs a row tall enough: not every reader fits rows on opening.
        ws.set_row_height(r, LINE_HEIGHT * lines(row, columns) as f64)?;
        for (c, cell) in row.iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Text(s) => ws.write_string_with_format(r, c, s, &st.wrap)?,
                Cell::Share(x) => ws.write_number_with_format(r, c, *x, &st.percent)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    ws.autofilter(0, 0, rows.len() as u32, columns.len() as u16 - 1)?;
    Ok(())
}

fn summary_rows(v: &View) -> Vec<Vec<Cell>> {
    v.summary
        .iter()
        .map(|row| {
            let label = if row.sub {
                format!("   {}", row.label)
            } else {
                row.label.clone()
            };
            vec![text(label), text(&row.value)]
        })
        .chain(
            v.legend
                .iter()
                .map(|line| vec![text(v.l.legend), text(*line)]),
        )
        .collect()
}

fn match_rows(l: &Labels, r: &DiffReport) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    for m in &r.tasks.matches {
        let restates: Vec<&str> = m.restates.iter().map(|s| s.id.as_str()).collect();
        for (b, p) in m.base.iter().zip(&m.parts) {
            let (_, lead) = verdicts::agency_score(&b.lead, &m.other.lead);
            let deadline = verdicts::deadline_change(b, &m.other);
            rows.push(vec![
                text(&m.other.id),
                text(&m.other.name),
                text(m.other.lead.join("; ")),
                text(&m.other.deadline),
                text(m.base.len().to_string()),
                text(&b.id),
                text(&b.name),
                text(b.lead.join("; ")),
                text(b.support.join("; ")),
                text(&b.deadline),
                Cell::Share(p.score),
                text(p.clause.clone().unwrap_or_default()),
                text(l.verdict(Verdict::Lead, lead)),
                text(l.verdict(Verdict::Deadline, deadline)),
                text(restates.join(", ")),
                text(if m.weak { l.yes } else { "" }),
            ]);
        }
    }
    rows
}

fn task_cells(t: &TaskRef) -> Vec<Cell> {
    vec![
        text(&t.id),
        text(&t.name),
        text(t.lead.join("; ")),
        text(t.support.join("; ")),
        text(&t.deadline),
    ]
}

fn unmatched_rows(l: &Labels, list: &[Unmatched], star: bool) -> Vec<Vec<Cell>> {
    list.iter()
        .map(|u| {
            let mut row = task_cells(&u.task);
            if star {
                row.push(text(if u.local_role { l.yes } else { "" }));
            }
            row.push(text(u.closest.clone().unwrap_or_default()));
            row.push(text(u.closest_name.clone().unwrap_or_default()));
            row.push(Cell::Share(u.closest_score));
            row
        })
        .collect()
}

fn restated_rows(list: &[Unmatched]) -> Vec<Vec<Cell>> {
    list.iter()
        .flat_map(|u| {
            u.restates.iter().map(move |s| {
                vec![
                    text(&u.task.id),
                    text(&u.task.name),
                    text(&s.id),
                    text(&s.text),
                    Cell::Share(s.score),
                ]
            })
        })
        .collect()
}

fn indicator_rows(l: &Labels, r: &DiffReport) -> Vec<Vec<Cell>> {
    r.indicators
        .matches
        .iter()
        .map(|m| {
            vec![
                text(&m.other.id),
                text(&m.other.name),
                text(&m.other.target),
                text(m.other.unit.clone().unwrap_or_default()),
                text(&m.base.id),
                text(&m.base.name),
                text(&m.base.target),
                text(m.base.unit.clone().unwrap_or_default()),
                text(l.verdict(Verdict::Target, &m.comparison)),
                text(&m.note),
            ]
        })
        .collect()
}

pub fn render(r: &DiffReport, v: &View) -> Result<Vec<u8>, XlsxError> {
    let l = v.l;
    let st = Styles::new();
    let mut wb = Workbook::new();
    // A fixed creation time: the same report gives the same bytes.
    wb.set_properties(
        &DocProperties::new()
            .set_title(l.title)
            .set_creation_datetime(&ExcelDateTime::from_ymd(2025, 1, 1)?),
    );
    let task_columns = |extra: &[Column<'static>]| -> Vec<Column<'static>> {
        let mut c: Vec<Column> = vec![
            (l.id, ID),
            (l.task, TEXT),
            (l.lead, AGENCY),
            (l.support, AGENCY),
            (l.deadline, DEADLINE),
        ];
        c.extend_from_slice(extra);
        c
    };
    let closest: [Column; 3] = [(l.closest, ID), (l.closest, TEXT), (l.score, SCORE)];
    sheet(
        wb.add_worksheet(),
        l.sheet_summary,
        &[(l.summary, TEXT), ("", 90.0)],
        &summary_rows(v),
        &st,
    )?;
    sheet(
        wb.add_worksheet(),
        l.sheet_matches,
        &[
            (l.id, ID),
            (l.other_task, TEXT),
            (l.lead, AGENCY),
            (l.deadline, DEADLINE),
            (l.n_base_tasks, SCORE),
            (l.id, ID),
            (l.base_task, TEXT),
            (l.lead, AGENCY),
            (l.support, AGENCY),
            (l.deadline, DEADLINE),
            (l.score, SCORE),
            (l.clause, TEXT),
            (l.lead_verdict, VERDICT),
            (l.deadline_verdict, VERDICT),
            (l.restates, ID),
            (l.weak_flag, VERDICT),
        ],
        &match_rows(l, r),
        &st,
    )?;
    let mut with_star = vec![(l.local_role_flag, VERDICT)];
    with_star.extend_from_slice(&closest);
    sheet(
        wb.add_worksheet(),
        l.sheet_not_taken_up,
        &task_columns(&with_star),
        &unmatched_rows(l, &r.tasks.not_taken_up, true),
        &st,
    )?;
    sheet(
        wb.add_worksheet(),
        l.sheet_restated,
        &[
            (l.id, ID),
            (l.task, TEXT),
            (l.solution, ID),
            (l.solution, TEXT),
            (l.score, SCORE),
        ],
        &restated_rows(&r.tasks.restated),
        &st,
    )?;
    sheet(
        wb.add_worksheet(),
        l.sheet_local,
        &task_columns(&closest),
        &unmatched_rows(l, &r.tasks.local_additions, false),
        &st,
    )?;
    sheet(
        wb.add_worksheet(),
        l.sheet_indicators,
        &[
            (l.id, ID),
            (l.indicator, TEXT),
            (l.other_target, DEADLINE),
            (l.unit, DEADLINE),
            (l.id, ID),
            (l.indicator, TEXT),
            (l.base_target, DEADLINE),
            (l.unit, DEADLINE),
            (l.comparison, VERDICT),
            (l.note, AGENCY),
        ],
        &indicator_rows(l, r),
        &st,
    )?;
    wb.save_to_buffer()
}
