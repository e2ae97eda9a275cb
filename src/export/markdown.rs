//! The document as Markdown (CommonMark with GFM tables): the header block, the title, the
//! section tree as headings (bullets as list items), tasks and indicators as tables, then the
//! closing, recipients, signature and footnotes.

use super::reading::{self, Block};
use crate::model::{Document, Section, SectionKind};

/// The document as Markdown.
///
/// ```
/// let text = std::fs::read("fixtures/seeds/angiang-ubnd-kh181-nq03.txt").unwrap();
/// let doc = vanban::convert_bytes("kh181.txt", &text, &Default::default()).unwrap();
/// let md = vanban::export::markdown::render(&doc);
/// assert!(md.contains("\n# KẾ HOẠCH\n"));
/// assert!(md.contains("\n## IV. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU\n"));
/// assert!(md.contains("| TT | Tên nhiệm vụ | Cơ quan chủ trì |"));
/// ```
pub fn render(doc: &Document) -> String {
    let mut out = String::new();
    let mut previous_was_item = false;
    for block in reading::blocks(doc) {
        let is_item = matches!(block, Block::Section { section, .. } if is_bullet(section));
        // Consecutive list items form one list; anything else is its own paragraph.
        let continues_list = is_item && previous_was_item;
        if !out.is_empty() && !continues_list {
            out.push('\n');
        }
        render_block(&block, &mut out);
        previous_was_item = is_item;
    }
    out
}

fn render_block(block: &Block, out: &mut String) {
    match block {
        Block::Header(d) => {
            let mut lines = Vec::new();
            for name in [&d.issuer.parent, &d.issuer.name].into_iter().flatten() {
                lines.push(format!("**{}**", inline(name)));
            }
            if let Some(n) = &d.number {
                lines.push(format!("Số: {}", inline(n)));
            }
            if let Some(p) = reading::place_and_date(d) {
                lines.push(format!("*{}*", inline(&p)));
            }
            // Hard line breaks keep the header's lines apart.
            out.push_str(&lines.join("  \n"));
            out.push('\n');
        }
        Block::Title(d) => {
            if let Some(t) = &d.doc_type {
                out.push_str(&format!("# {}\n", inline(t)));
            }
            if let Some(t) = &d.title {
                if d.doc_type.is_some() {
                    out.push('\n');
                }
                out.push_str(&format!("**{}**\n", inline(t)));
            }
        }
        Block::LegalBasis(b) => out.push_str(&format!("*{}*\n", inline(&b.text))),
        Block::Paragraph(p) => paragraph(p, out),
        Block::Section { depth, section } => render_section(*depth, section, out),
        Block::Table(t) => {
            let (header, rows) = reading::grid_rows(t);
            table((header.iter().map(String::as_str).collect(), rows), out)
        }
        Block::Tasks(rows) => table(reading::task_table(rows), out),
        Block::Indicators(rows) => table(reading::indicator_table(rows), out),
        Block::Recipients(r) => {
            out.push_str("**Nơi nhận:**\n\n");
            for name in r.iter() {
                out.push_str(&format!("- {}\n", inline(name)));
            }
        }
        Block::Signature(s) => {
            let mut lines: Vec<String> = s
                .authorities
                .iter()
                .map(|a| format!("**{} {}**", inline(&a.authority), inline(&a.on_behalf_of)))
                .collect();
            for p in [&s.position, &s.other_position].into_iter().flatten() {
                lines.push(format!("**{}**", inline(p)));
            }
            if let Some(n) = &s.note {
                lines.push(format!("*{}*", inline(n)));
            }
            if let Some(n) = &s.name {
                lines.push(format!("**{}**", inline(n)));
            }
            out.push_str(&lines.join("  \n"));
            out.push('\n');
        }
        Block::SignedBy(signatures) => {
            let lines: Vec<String> = signatures
                .iter()
                .map(|s| format!("*{}*", inline(&reading::signed_by_line(s))))
                .collect();
            out.push_str(&lines.join("  \n"));
            out.push('\n');
        }
        Block::Footnotes(notes) => {
            for f in notes.iter() {
                out.push_str(&format!(
                    "[^{}]: {}\n",
                    footnote_label(&f.mark),
                    inline(&f.text)
                ));
            }
        }
    }
}

fn is_bullet(s: &Section) -> bool {
    matches!(s.kind, SectionKind::Dash | SectionKind::Plus)
}

/// A heading for a titled section (`##` for the top level, as deep as Markdown goes), a list
/// item for a bullet, a paragraph led by its bold number otherwise.
fn render_section(depth: usize, s: &Section, out: &mut String) {
    let marker = reading::marker(s);
    let title = s.title.as_deref().filter(|t| !t.is_empty());
    let mut paragraphs = s.paragraphs.iter().map(String::as_str);
    if is_bullet(s) {
        let text = title.or_else(|| paragraphs.next()).unwrap_or("");
        out.push_str(&format!("- {}\n", line_start(text)));
        for p in paragraphs {
            out.push_str(&format!("\n  {}\n", line_start(p)));
        }
        return;
    }
    let level = depth + 2;
    match title {
        Some(t) if level <= 6 => {
            let head = [marker.as_str(), t].join(" ");
            out.push_str(&format!("{} {}\n", "#".repeat(level), inline(head.trim())));
        }
        Some(t) => {
            let head = [marker.as_str(), t].join(" ");
            out.push_str(&format!("**{}**\n", inline(head.trim())));
        }
        None => {
            let first = paragraphs.next().unwrap_or("");
            let lead = if marker.is_empty() {
                String::new()
            } else {
                format!("**{}** ", inline(&marker))
            };
            let first = if lead.is_empty() {
                line_start(first)
            } else {
                inline(first)
            };
            out.push_str(&format!("{lead}{first}\n"));
        }
    }
    for p in paragraphs {
        out.push('\n');
        paragraph(p, out);
    }
}

fn paragraph(text: &str, out: &mut String) {
    // A paragraph's own line breaks (a table kept as lines) stay line breaks.
    let lines: Vec<String> = text.lines().map(line_start).collect();
    out.push_str(&lines.join("  \n"));
    out.push('\n');
}

fn table((header, rows): (Vec<&str>, Vec<Vec<String>>), out: &mut String) {
    let header: Vec<String> = header.iter().map(|h| cell(h)).collect();
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(header.len())));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
}

fn cell(text: &str) -> String {
    inline(&text.replace(['\n', '\r'], " "))
}

/// Footnote labels may not hold spaces or brackets.
fn footnote_label(mark: &str) -> String {
    let label: String = mark
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '[' | ']' | '^'))
        .collect();
    if label.is_empty() {
        "note".into()
    } else {
        label
    }
}

/// Text as literal Markdown inside a line: the characters that would start emphasis, links,
/// code or HTML are escaped.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text as literal Markdown at the start of a line: also a start that would open a heading, a
/// list or a thematic break is escaped.
pub fn line_start(text: &str) -> String {
    escape_line_start(inline(text))
}

fn escape_line_start(s: String) -> String {
    let first = s.chars().next();
    let opens_block = match first {
        Some('#' | '-' | '+' | '=' | '~') => true,
        Some(c) if c.is_ascii_digit() => {
            let digits = s.chars().take_while(char::is_ascii_digit).count();
            matches!(s[digits..].chars().next(), Some('.' | ')'))
                && s[digits + 1..].starts_with([' ', '\t'])
        }
        _ => false,
    };
    if !opens_block {
        return s;
    }
    if first.is_some_and(|c| c.is_ascii_digit()) {
        // "1. text" would become a list: escape the punctuation after the number.
        let digits = s.chars().take_while(char::is_ascii_digit).count();
        format!("{}\\{}", &s[..digits], &s[digits..])
    } else {
        format!("\\{s}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_is_literal() {
        assert_eq!(inline("a*b_c [x](y) <b>"), "a\\*b\\_c \\[x\\](y) \\<b\\>");
        assert_eq!(line_start("# not a heading"), "\\# not a heading");
        assert_eq!(line_start("- not an item"), "\\- not an item");
        assert_eq!(line_start("2025. not an item"), "2025\\. not an item");
        assert_eq!(line_start("2025 là năm"), "2025 là năm");
        assert_eq!(line_start("≥ 30% GDP"), "≥ 30% GDP");
        // Inside a line (a heading's text) nothing opens a block.
        assert_eq!(inline("1. Mục đích"), "1. Mục đích");
    }

    #[test]
    fn table_cells_keep_pipes_and_lines() {
        assert_eq!(cell("a | b\nc"), "a \\| b c");
    }
}
