//! Word `.docx` input, read directly: the zip package (`zip`), its XML as a stream of events
//! (`quick-xml`), styles and automatic numbering rendered as printed, runs in legacy fonts
//! decoded by their bytes, tables as typed grids (layout tables as lines), footnotes.
//!
//! Provenance: Word has no lines; a line's number is its paragraph's (1-based over every
//! paragraph of the document in order, table cells and text boxes included), and its page is
//! the one Word last rendered it on where the file records its rendered page breaks and they
//! add up to the page count Word saved (1 otherwise).
//! Paragraphs in tables are placed by [`CellPlace`].
//!
//! Hostile input: entries and the total decompressed are bounded ([`Limits`]), XML with a DTD
//! or an undefined entity is refused, nesting is bounded; every failure is an `Error::Word`
//! naming the part and the reason.

mod body;
mod emit;
mod fonts;
mod numbering;
mod package;
mod styles;
mod xml;

use crate::error::{Error, Result};
use crate::ingest::Ingested;
use crate::model::Format;
use body::{NoteRef, Reader};
use std::collections::HashMap;

/// Bounds on what one file may make the reader decompress.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest uncompressed part (the main document of a 300-page report is ~10 MiB).
    pub max_part: usize,
    /// Largest uncompressed total over the parts read.
    pub max_total: usize,
    /// Entries in the zip's directory.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_part: 128 << 20,
            max_total: 256 << 20,
            max_entries: 50_000,
        }
    }
}

/// Where a paragraph of a table stands: 1-based table (in document order, layout tables
/// included), row and column of its cell on the table's grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellPlace {
    pub paragraph: u32,
    pub table: u32,
    pub row: u32,
    pub col: u32,
}

pub fn ingest_docx(bytes: &[u8]) -> Result<Ingested> {
    ingest_docx_with(bytes, &Limits::default())
}

pub fn ingest_docx_with(bytes: &[u8], limits: &Limits) -> Result<Ingested> {
    // The readers are bounded and return errors, but a panic in them must still become an
    // error rather than take a batch down.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read(bytes, limits))).unwrap_or_else(
        |_| {
            Err(Error::Word(
                "internal error while reading the document".into(),
            ))
        },
    )
}

fn read(bytes: &[u8], limits: &Limits) -> Result<Ingested> {
    let mut package = package::Package::open(bytes, limits)?;
    let parts = package.parts()?;
    let styles = match &parts.styles {
        Some(p) => match package.read(p)? {
            Some(b) => styles::Styles::read(&b, p)?,
            None => styles::Styles::default(),
        },
        None => styles::Styles::default(),
    };
    let numbering = match &parts.numbering {
        Some(p) => match package.read(p)? {
            Some(b) => Some(numbering::Numbering::read(&b, p, &styles)?),
            None => None,
        },
        None => None,
    };
    let document = package
        .read(&parts.document)?
        .ok_or_else(|| Error::Word(format!("missing part {}", parts.document)))?;
    let mut reader = Reader::new(&styles, numbering);
    let body = reader.document(&mut xml::Xml::new(&document, &parts.document))?;
    drop(document);
    let mut notes = HashMap::new();
    for (part, foot) in [(&parts.footnotes, true), (&parts.endnotes, false)] {
        let Some(p) = part else { continue };
        let Some(b) = package.read(p)? else { continue };
        for (id, blocks) in reader.notes(&mut xml::Xml::new(&b, p))? {
            let key = if foot {
                NoteRef::Foot(id)
            } else {
                NoteRef::End(id)
            };
            notes.insert(key, blocks);
        }
    }
    let saved_pages = match &parts.app {
        Some(p) => package.read(p)?.and_then(|b| app_pages(&b, p)),
        None => None,
    };
    // Word records the page breaks of its last layout, but not always all of them (a document
    // saved before Word paginated it to the end): they are trusted where they add up to the
    // page count Word saved.
    let rendered_pages = reader.rendered_breaks() + 1;
    let rendered = reader.rendered_breaks() > 0
        && saved_pages.is_some_and(|saved| saved.abs_diff(rendered_pages) <= 1);
    let out = emit::Emitter::new(&reader.fonts, &body, notes, rendered).finish(&body);
    if out.lines.iter().all(|l| l.text.trim().is_empty()) && out.tables.is_empty() {
        return Err(Error::NoText);
    }
    let pages = if rendered {
        out.pages
    } else {
        saved_pages.unwrap_or(1).max(1)
    };
    let encoding = if out.legacy.is_empty() {
        "utf-8".to_string()
    } else {
        out.legacy.iter().copied().collect::<Vec<_>>().join("+")
    };
    Ok(Ingested {
        lines: out.lines,
        styles: out.styles,
        tables: out.tables,
        footnotes: out.footnotes,
        cell_places: out.cells,
        signatures: Vec::new(),
        format: Format::Docx,
        encoding,
        pages,
        ..Ingested::default()
    })
}

/// `<Pages>` of `docProps/app.xml`, when Word wrote it (other writers copy a stale count:
/// LibreOffice keeps what the .doc or .rtf it converted said, "99" for some RTF).
fn app_pages(bytes: &[u8], part: &str) -> Option<u32> {
    let mut x = xml::Xml::new(bytes, part);
    let mut pages = None;
    let mut by_word = false;
    loop {
        match x.next().ok()? {
            ev @ xml::Ev::Open { empty: false, .. } if ev.is(xml::Ns::App, b"Pages") => {
                pages = x.text().ok()?.trim().parse().ok().filter(|&n: &u32| n > 0);
            }
            ev @ xml::Ev::Open { empty: false, .. } if ev.is(xml::Ns::App, b"Application") => {
                by_word = x.text().ok()?.trim().starts_with("Microsoft");
            }
            xml::Ev::Eof => return pages.filter(|_| by_word),
            _ => {}
        }
    }
}

/// Fills the table, row and cell of every span that lies within one table (one row, one
/// cell) from the places of the paragraphs it covers.
pub fn place_spans(document: &mut crate::model::Document, cells: &[CellPlace]) {
    if cells.is_empty() {
        return;
    }
    let by_paragraph: HashMap<u32, &CellPlace> = cells.iter().map(|c| (c.paragraph, c)).collect();
    document.for_each_span(|span| {
        let (Some(a), Some(b)) = (
            by_paragraph.get(&span.line_start),
            by_paragraph.get(&span.line_end),
        ) else {
            return;
        };
        if a.table != b.table {
            return;
        }
        span.table = Some(a.table);
        if a.row == b.row {
            span.row = Some(a.row);
            if a.col == b.col {
                span.cell = Some(a.col);
            }
        }
    });
}
