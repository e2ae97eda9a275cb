//! Plain text in reading order, diacritics restored: what an archivist indexes for search.
//! Headings keep their numbers ("IV. NHIỆM VỤ, GIẢI PHÁP", "a) …"), table rows become lines of
//! tab-separated cells, and the closing block follows as the document prints it.

use super::reading::{self, Block};
use crate::model::{Document, Section};

/// The document as plain text, one paragraph per line, blank lines between blocks.
///
/// ```
/// let text = std::fs::read("fixtures/seeds/angiang-ubnd-kh181-nq03.txt").unwrap();
/// let doc = vanban::convert_bytes("kh181.txt", &text, &Default::default()).unwrap();
/// let plain = vanban::export::text::render(&doc);
/// assert!(plain.contains("KẾ HOẠCH\n"));
/// assert!(plain.contains("IV. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU\n"));
/// ```
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    for block in reading::blocks(doc) {
        if !out.is_empty() {
            out.push('\n');
        }
        render_block(&block, &mut out);
    }
    out
}

fn line(out: &mut String, text: &str) {
    out.push_str(text);
    out.push('\n');
}

fn render_block(block: &Block, out: &mut String) {
    match block {
        Block::Header(d) => {
            for name in [&d.issuer.parent, &d.issuer.name].into_iter().flatten() {
                line(out, name);
            }
            if let Some(n) = &d.number {
                line(out, &format!("Số: {n}"));
            }
            if let Some(p) = reading::place_and_date(d) {
                line(out, &p);
            }
        }
        Block::Title(d) => {
            for t in [&d.doc_type, &d.title].into_iter().flatten() {
                line(out, t);
            }
        }
        Block::LegalBasis(b) => line(out, &b.text),
        Block::Paragraph(p) => line(out, p),
        Block::Section { section, .. } => render_section(section, out),
        Block::Table(t) => {
            let (header, rows) = reading::grid_rows(t);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            if header.iter().any(|h| !h.is_empty()) {
                line(out, &header.join("\t"));
            }
            table_rows(rows, out);
        }
        Block::Tasks(rows) => table(reading::task_table(rows), out),
        Block::Indicators(rows) => table(reading::indicator_table(rows), out),
        Block::Recipients(r) => {
            line(out, "Nơi nhận:");
            for name in r.iter() {
                line(out, &format!("- {name}"));
            }
        }
        Block::Signature(s) => {
            for a in &s.authorities {
                line(out, &format!("{} {}", a.authority, a.on_behalf_of));
            }
            let parts = [&s.position, &s.other_position, &s.note, &s.name];
            for part in parts.into_iter().flatten() {
                line(out, part);
            }
        }
        Block::SignedBy(signatures) => {
            for s in signatures.iter() {
                line(out, &reading::signed_by_line(s));
            }
        }
        Block::Footnotes(notes) => {
            for f in notes.iter() {
                line(out, &format!("({}) {}", f.mark, f.text));
            }
        }
    }
}

/// "IV. TITLE" then the paragraphs; a section without a title runs its first paragraph in.
fn render_section(s: &Section, out: &mut String) {
    let marker = reading::marker(s);
    let mut paragraphs = s.paragraphs.iter().map(String::as_str);
    let head = match s.title.as_deref().filter(|t| !t.is_empty()) {
        Some(t) => Some(t),
        None => paragraphs.next(),
    };
    match (marker.is_empty(), head) {
        (false, Some(h)) => line(out, &format!("{marker} {h}")),
        (false, None) => line(out, &marker),
        (true, Some(h)) => line(out, h),
        (true, None) => {}
    }
    for p in paragraphs {
        line(out, p);
    }
}

fn table((header, rows): (Vec<&str>, Vec<Vec<String>>), out: &mut String) {
    line(out, &header.join("\t"));
    table_rows(rows, out);
}

/// One line per row, cells separated by tabs (a cell's own tabs and line breaks become spaces).
fn table_rows(rows: Vec<Vec<String>>, out: &mut String) {
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| c.replace(['\t', '\n'], " ")).collect();
        line(out, &cells.join("\t"));
    }
}
