//! A document in reading order, as typed blocks the text and Markdown exporters both render:
//! the header, the title, legal bases, the preamble, the section tree with each table placed
//! after the section it sits in, the closing, recipients, signature and footnotes. Everything
//! comes from the [`Document`]: no exporter reads the input again.

use crate::model::{
    Document, DocumentInfo, Footnote, Indicator, LegalBasis, Section, SectionKind, Signature,
    Signer, Span, Table, Task,
};

/// One block of the document, in reading order.
#[derive(Debug, Clone)]
pub enum Block<'a> {
    /// Issuer, number, place and date.
    Header(&'a DocumentInfo),
    /// The type ("KẾ HOẠCH") and the title.
    Title(&'a DocumentInfo),
    /// A "Căn cứ …" paragraph.
    LegalBasis(&'a LegalBasis),
    /// A paragraph of the preamble or the closing.
    Paragraph(&'a str),
    /// A section's heading and text; `depth` 0 for the top level. Its children follow.
    Section {
        /// 0 for a top-level section.
        depth: usize,
        /// The section (its children come as blocks of their own).
        section: &'a Section,
    },
    /// A table as the document prints it (its grid), where it stood.
    Table(&'a Table),
    /// Rows of a task table, where the table stood: for a document that holds its tasks but
    /// not its grids (the JSON of an older version).
    Tasks(Vec<&'a Task>),
    /// Rows of an indicator table, likewise.
    Indicators(Vec<&'a Indicator>),
    /// The "Nơi nhận" list.
    Recipients(&'a [String]),
    /// The signature block.
    Signature(&'a Signer),
    /// Who signed the file and when: digital signatures and signature stamps.
    SignedBy(&'a [Signature]),
    /// The footnotes, at the end.
    Footnotes(&'a [Footnote]),
}

/// The blocks of `doc`, in reading order.
///
/// ```
/// use vanban::export::reading::{blocks, Block};
/// let text = std::fs::read("fixtures/seeds/angiang-ubnd-kh181-nq03.txt").unwrap();
/// let doc = vanban::convert_bytes("kh181.txt", &text, &Default::default()).unwrap();
/// let tables = blocks(&doc).iter().filter(|b| matches!(b, Block::Table(_))).count();
/// assert_eq!(tables, doc.tables.len());
/// ```
pub fn blocks(doc: &Document) -> Vec<Block<'_>> {
    let d = &doc.document;
    let mut out = Vec::new();
    if d.issuer.name.is_some() || d.number.is_some() || d.date.is_some() || d.place.is_some() {
        out.push(Block::Header(d));
    }
    if d.doc_type.is_some() || d.title.is_some() {
        out.push(Block::Title(d));
    }
    out.extend(doc.legal_bases.iter().map(Block::LegalBasis));
    out.extend(doc.preamble.iter().map(|p| Block::Paragraph(p)));

    let sections = flatten(&doc.sections);
    let appendices = first_appendix(doc, &sections);
    let mut tables = Tables::of(doc, &sections);
    tables.emit_anchored(None, &mut out);
    for (k, (depth, section)) in sections.iter().enumerate() {
        if Some(k) == appendices {
            closing_block(doc, &mut out);
        }
        out.push(Block::Section {
            depth: *depth,
            section,
        });
        tables.emit_anchored(Some(k), &mut out);
    }
    if appendices.is_none() {
        closing_block(doc, &mut out);
    }
    if !doc.footnotes.is_empty() {
        out.push(Block::Footnotes(&doc.footnotes));
    }
    out
}

/// The closing paragraphs, recipients and signature, which stand between the body and the
/// appendices.
fn closing_block<'a>(doc: &'a Document, out: &mut Vec<Block<'a>>) {
    let d = &doc.document;
    out.extend(doc.closing.iter().map(|p| Block::Paragraph(p)));
    if !d.recipients.is_empty() {
        out.push(Block::Recipients(&d.recipients));
    }
    let s = &d.signer;
    if s.name.is_some() || s.position.is_some() || !s.authorities.is_empty() {
        out.push(Block::Signature(s));
    }
    if !d.signatures.is_empty() {
        out.push(Block::SignedBy(&d.signatures));
    }
}

/// One signature as a line: "Ký số: SỞ NỘI VỤ (ỦY BAN NHÂN DÂN TỈNH …), 2024-11-06T09:27:05+07:00".
pub fn signed_by_line(s: &Signature) -> String {
    let who = s.signed_by.as_deref().unwrap_or("?");
    let mut line = match s.source.as_str() {
        "certificate" => format!("Ký số: {who}"),
        _ => format!("Dấu ký số: {who}"),
    };
    if let Some(org) = &s.organization {
        line.push_str(&format!(" ({org})"));
    }
    if let Some(email) = &s.email {
        line.push_str(&format!(" <{email}>"));
    }
    if let Some(time) = &s.time {
        line.push_str(&format!(", {time}"));
    }
    line
}

/// The first top-level appendix after the signature (after the body, when the signature's
/// place is unknown): where the closing block goes.
fn first_appendix(doc: &Document, sections: &[(usize, &Section)]) -> Option<usize> {
    let signed_at = doc
        .document
        .provenance
        .iter()
        .find(|p| p.field == "signer")
        .map(|p| start(&p.span));
    sections.iter().position(|(depth, s)| {
        *depth == 0
            && s.kind == SectionKind::Appendix
            && signed_at.is_none_or(|at| start(&s.span) > at)
    })
}

/// Sections depth-first with their depth.
fn flatten(sections: &[Section]) -> Vec<(usize, &Section)> {
    fn go<'a>(sections: &'a [Section], depth: usize, out: &mut Vec<(usize, &'a Section)>) {
        for s in sections {
            out.push((depth, s));
            go(&s.children, depth + 1, out);
        }
    }
    let mut out = Vec::new();
    go(sections, 0, &mut out);
    out
}

fn start(span: &Span) -> (u32, u32) {
    (span.page, span.line_start)
}

/// The section a table belongs after: the last one that starts before it (a section's span
/// names only its first page, so containment cannot be read from spans across pages).
fn anchor(sections: &[(usize, &Section)], span: &Span) -> Option<usize> {
    let at = start(span);
    sections
        .partition_point(|(_, s)| start(&s.span) <= at)
        .checked_sub(1)
}

/// The tables, each with the section it follows: the document's grids, or, where it has none,
/// its table rows grouped into runs that share an anchor.
struct Tables<'a> {
    runs: Vec<(Option<usize>, Block<'a>)>,
}

impl<'a> Tables<'a> {
    fn of(doc: &'a Document, sections: &[(usize, &Section)]) -> Tables<'a> {
        let mut runs: Vec<(Option<usize>, Block<'a>)> = doc
            .tables
            .iter()
            .map(|t| (anchor(sections, &t.span), Block::Table(t)))
            .collect();
        if !runs.is_empty() {
            runs.sort_by_key(|(a, block)| (a.map_or(0, |k| k + 1), first_start(block)));
            return Tables { runs };
        }
        for t in doc.tasks.iter().filter(|t| t.origin == "table") {
            let at = anchor(sections, &t.span);
            match runs.last_mut() {
                Some((a, Block::Tasks(rows))) if *a == at => rows.push(t),
                _ => runs.push((at, Block::Tasks(vec![t]))),
            }
        }
        for i in doc.indicators.iter().filter(|i| i.origin == "table") {
            let at = anchor(sections, &i.span);
            match runs.last_mut() {
                Some((a, Block::Indicators(rows))) if *a == at => rows.push(i),
                _ => runs.push((at, Block::Indicators(vec![i]))),
            }
        }
        // Tables under one anchor in the order they start.
        runs.sort_by_key(|(a, block)| (a.map_or(0, |k| k + 1), first_start(block)));
        Tables { runs }
    }

    fn emit_anchored(&mut self, at: Option<usize>, out: &mut Vec<Block<'a>>) {
        let key = |a: &Option<usize>| a.map_or(0, |k| k + 1);
        let n = self
            .runs
            .iter()
            .take_while(|(a, _)| key(a) <= key(&at))
            .count();
        out.extend(self.runs.drain(..n).map(|(_, b)| b));
    }
}

fn first_start(block: &Block) -> (u32, u32) {
    match block {
        Block::Tasks(rows) => rows.first().map_or((0, 0), |t| start(&t.span)),
        Block::Indicators(rows) => rows.first().map_or((0, 0), |i| start(&i.span)),
        Block::Table(t) => start(&t.span),
        _ => (0, 0),
    }
}

/// How a section's number is printed before its title: "I.", "1.", "a)", "-", "Điều 1.".
pub fn marker(section: &Section) -> String {
    let label = section.label.as_deref().unwrap_or("");
    match section.kind {
        SectionKind::Appendix if label.is_empty() => String::new(),
        SectionKind::Appendix => format!("PHỤ LỤC {label}"),
        SectionKind::Part => format!("Phần {label}"),
        SectionKind::Chapter => format!("Chương {label}"),
        SectionKind::Section => format!("Mục {label}"),
        SectionKind::Article => format!("Điều {label}."),
        SectionKind::Roman | SectionKind::UpperLetter | SectionKind::Arabic => format!("{label}."),
        SectionKind::Letter => format!("{label})"),
        SectionKind::Dash => "-".into(),
        SectionKind::Plus => "+".into(),
    }
}

/// The header's date line as NĐ 30/2020 prints it: "An Giang, ngày 25 tháng 02 năm 2025".
pub fn place_and_date(d: &DocumentInfo) -> Option<String> {
    let date = d.date.as_deref().map(|iso| {
        let parts: Vec<&str> = iso.split('-').collect();
        match parts.as_slice() {
            [y, m, day] => format!("ngày {day} tháng {m} năm {y}"),
            [y, m] => format!("tháng {m} năm {y}"),
            _ => format!("năm {iso}"),
        }
    });
    match (d.place.as_deref(), date) {
        (Some(p), Some(date)) => Some(format!("{p}, {date}")),
        (Some(p), None) => Some(p.to_string()),
        (None, Some(date)) => Some(date),
        (None, None) => None,
    }
}

/// The column headers and cells of task rows, as a table prints them (Vietnamese headers): a
/// row with the group's label where a group begins, then each task under its own number.
pub fn task_table(rows: &[&Task]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let with_status = rows.iter().any(|t| t.status.is_some());
    let mut header = vec![
        "TT",
        "Nhiệm vụ",
        "Chủ trì",
        "Phối hợp",
        "Kết quả",
        "Thời hạn",
    ];
    if with_status {
        header.push("Tiến độ");
    }
    let mut cells = Vec::new();
    let mut group = None;
    for t in rows {
        if t.group.is_some() && t.group != group {
            group = t.group.clone();
            let mut row = vec![String::new(); header.len()];
            row[0] = group.clone().unwrap_or_default();
            cells.push(row);
        }
        let mut row = vec![
            t.number.map(|n| n.to_string()).unwrap_or_default(),
            t.name.clone(),
            t.lead.raw.clone(),
            t.support.raw.clone(),
            t.result.as_ref().map(|r| r.raw.clone()).unwrap_or_default(),
            t.deadline.raw.clone(),
        ];
        if with_status {
            row.push(t.status.as_ref().map(|r| r.raw.clone()).unwrap_or_default());
        }
        cells.push(row);
    }
    (header, cells)
}

/// The column headers and cells of indicator rows.
pub fn indicator_table(rows: &[&Indicator]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let header = vec!["TT", "Chỉ tiêu", "Đơn vị", "Mục tiêu", "Cơ quan chủ trì"];
    let cells = rows
        .iter()
        .map(|i| {
            vec![
                i.id.clone(),
                i.name.clone(),
                i.unit.clone().unwrap_or_default(),
                i.target.raw.clone(),
                i.owner.raw.clone(),
            ]
        })
        .collect();
    (header, cells)
}

/// A table's cells as rows of text: the header (its levels joined per column, a spanning
/// header repeated over the columns it spans) and the body rows (a merged cell's text at its
/// top-left position, the positions it covers left empty).
pub fn grid_rows(table: &Table) -> (Vec<String>, Vec<Vec<String>>) {
    let n_cols = table.n_cols as usize;
    let header_rows = table.header_rows as usize;
    let mut header: Vec<Vec<String>> = vec![Vec::new(); n_cols];
    let mut body =
        vec![vec![String::new(); n_cols]; (table.n_rows as usize).saturating_sub(header_rows)];
    for c in &table.cells {
        let (row, col) = (c.row as usize, c.col as usize);
        if row < header_rows {
            let end = (col + c.col_span.max(1) as usize).min(n_cols);
            for levels in &mut header[col.min(end)..end] {
                if !c.text.is_empty() && levels.last() != Some(&c.text) {
                    levels.push(c.text.clone());
                }
            }
        } else if let Some(cell) = body.get_mut(row - header_rows).and_then(|r| r.get_mut(col)) {
            *cell = c.text.clone();
        }
    }
    (
        header
            .into_iter()
            .map(|levels| levels.join(" / "))
            .collect(),
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TableCell;

    fn cell(row: u32, col: u32, col_span: u32, text: &str) -> TableCell {
        TableCell {
            row,
            col,
            row_span: 1,
            col_span,
            text: text.into(),
        }
    }

    #[test]
    fn header_levels_join_and_merged_cells_stay_once() {
        let table = Table {
            page: 1,
            caption: None,
            origin: "pdf_rulings".into(),
            header_rows: 2,
            n_rows: 4,
            n_cols: 3,
            cells: vec![
                cell(0, 0, 1, "TT"),
                cell(0, 1, 2, "Thời gian"),
                cell(1, 1, 1, "Bắt đầu"),
                cell(1, 2, 1, "Kết thúc"),
                cell(2, 0, 1, "I"),
                cell(2, 1, 2, "Nhóm nhiệm vụ"),
                cell(3, 0, 1, "1"),
                cell(3, 1, 1, "2025"),
                cell(3, 2, 1, "2030"),
            ],
            interpreted_as: None,
            span: Span::lines(1, 1, 4),
        };
        let (header, body) = grid_rows(&table);
        assert_eq!(
            header,
            ["TT", "Thời gian / Bắt đầu", "Thời gian / Kết thúc"]
        );
        assert_eq!(body, [["I", "Nhóm nhiệm vụ", ""], ["1", "2025", "2030"]]);
    }
}
