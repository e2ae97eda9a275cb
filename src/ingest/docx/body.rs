//! `document.xml` (and the notes parts) read in one streaming pass into a small tree: paragraphs
//! with their runs (text and font), list labels and note references; tables with rows, cells,
//! spans and merges. Deleted text, field codes and the fallback copies of drawings are left
//! out; text boxes are read after the paragraph that anchors them.

use super::fonts::{FontId, Fonts};
use super::numbering::{Numbering, Suffix};
use super::styles::{
    read_align, read_borders, read_num_ref, read_run_props, Borders, NumRef, RunProps, Styles,
};
use super::xml::{attr, attr_u32, on_off, Ev, Ns, Xml};
use crate::error::Result;
use crate::ingest::Align;
use quick_xml::events::BytesStart;

/// A run of text in one font.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Run {
    /// The characters as stored: '\n' for a line break, '\t' for a tab, U+00AD for a soft
    /// hyphen (byte 0xAD, the letter "ư" in TCVN3).
    pub text: String,
    pub font: FontId,
    /// Printed in capitals (`w:caps`).
    pub caps: bool,
    pub bold: bool,
}

/// A footnote or endnote reference, by the note's id in its part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum NoteRef {
    Foot(i64),
    End(i64),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Para {
    /// 1-based, in document order over every `w:p` (body, cells, text boxes).
    pub index: u32,
    /// The list label as printed ("1.", "a)", "•") and what follows it.
    pub label: Option<(String, Suffix)>,
    pub runs: Vec<Run>,
    /// Rendered page breaks (`w:lastRenderedPageBreak`) and explicit ones (page-break runs,
    /// page-break-before, section breaks) before the paragraph's first text.
    pub page: (u32, u32),
    pub notes: Vec<NoteRef>,
    /// Paragraphs and tables of text boxes anchored in this paragraph.
    pub floating: Vec<Block>,
    /// `w:jc`, the paragraph's own or its style's.
    pub align: Option<Align>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum VMerge {
    #[default]
    None,
    Restart,
    Continue,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct TCell {
    pub span: u32,
    pub vmerge: VMerge,
    /// `w:hMerge` continue: the legacy way of merging across columns.
    pub hmerge_continue: bool,
    pub borders: Borders,
    pub blocks: Vec<Block>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Row {
    pub cells: Vec<TCell>,
    /// Repeated as a header row on every page (`w:tblHeader`).
    pub header: bool,
    /// Grid columns skipped before the first cell and after the last.
    pub before: u32,
    pub after: u32,
    /// Rendered page breaks before the row, and the most any of its cells reached.
    breaks: (u32, u32),
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Table {
    pub rows: Vec<Row>,
    /// Columns of `w:tblGrid`.
    pub grid_cols: u32,
    /// The borders the table draws (its style's, overridden by its own).
    pub borders: Borders,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Block {
    Para(Para),
    Table(Table),
}

/// Stands for a note's mark in the note's own text.
pub(super) const NOTE_MARK: &str = "\u{FFFC}";

/// Tables, text boxes and content controls nested deeper than this are refused: real documents
/// nest a few.
const MAX_NESTING: usize = 64;

/// The reading state shared by the body and the notes.
pub(super) struct Reader<'s> {
    pub styles: &'s Styles,
    pub numbering: Option<Numbering>,
    pub fonts: Fonts,
    paragraphs: u32,
    rendered_breaks: u32,
    explicit_breaks: u32,
    nesting: usize,
}

/// Elements whose content is never text: skipped wherever they occur.
fn skipped(ns: Ns, local: &[u8]) -> bool {
    match ns {
        Ns::W => matches!(
            local,
            b"del"
                | b"moveFrom"
                | b"delText"
                | b"delInstrText"
                | b"instrText"
                | b"sectPr"
                | b"sdtPr"
                | b"sdtEndPr"
                | b"customXmlPr"
                | b"rPr"
                | b"pPr"
                | b"tblPr"
                | b"trPr"
                | b"tcPr"
                | b"tblPrEx"
                | b"tblGrid"
                | b"footnotePr"
                | b"endnotePr"
        ),
        Ns::Mc => local == b"Fallback",
        _ => false,
    }
}

impl<'s> Reader<'s> {
    pub fn new(styles: &'s Styles, numbering: Option<Numbering>) -> Reader<'s> {
        Reader {
            styles,
            numbering,
            fonts: Fonts::default(),
            paragraphs: 0,
            rendered_breaks: 0,
            explicit_breaks: 0,
            nesting: 0,
        }
    }

    /// Rendered page breaks seen so far (0 when the document records none).
    pub fn rendered_breaks(&self) -> u32 {
        self.rendered_breaks
    }

    /// The body of `document.xml`.
    pub fn document(&mut self, xml: &mut Xml) -> Result<Vec<Block>> {
        loop {
            match xml.next()? {
                Ev::Open {
                    ns: Ns::W,
                    start,
                    empty: false,
                } if start.local_name().as_ref() == b"body" => {
                    let mut out = Vec::new();
                    self.blocks(xml, &mut out)?;
                    return Ok(out);
                }
                Ev::Eof => return Err(xml.error("no w:body element")),
                _ => {}
            }
        }
    }

    /// The notes of a footnotes or endnotes part: `(id, blocks)`, separators left out.
    pub fn notes(&mut self, xml: &mut Xml) -> Result<Vec<(i64, Vec<Block>)>> {
        let mut out = Vec::new();
        loop {
            match xml.next()? {
                Ev::Open {
                    ns: Ns::W,
                    start,
                    empty: false,
                } if matches!(start.local_name().as_ref(), b"footnote" | b"endnote") => {
                    let id = attr(&start, b"id").and_then(|v| v.parse().ok());
                    let separator = attr(&start, b"type").is_some_and(|t| t != "normal");
                    let mut blocks = Vec::new();
                    self.blocks(xml, &mut blocks)?;
                    if let (Some(id), false) = (id, separator) {
                        out.push((id, blocks));
                    }
                }
                Ev::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    /// Block content (paragraphs and tables) up to the end of the element just opened.
    /// One level deeper into tables, text boxes or content controls.
    fn nest(&mut self, xml: &Xml) -> Result<()> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(xml.error(format_args!(
                "tables, text boxes or content controls nested more than {MAX_NESTING} deep"
            )));
        }
        Ok(())
    }

    fn blocks(&mut self, xml: &mut Xml, out: &mut Vec<Block>) -> Result<()> {
        self.nest(xml)?;
        loop {
            match xml.next()? {
                Ev::Open { ns, start, empty } => self.block(xml, ns, &start, empty, out)?,
                Ev::Close | Ev::Eof => break,
                Ev::Text(_) => {}
            }
        }
        self.nesting -= 1;
        Ok(())
    }

    /// One element of block content, read to its end: a paragraph, a table, or a container
    /// whose content counts (content controls, custom XML, insertions).
    fn block(
        &mut self,
        xml: &mut Xml,
        ns: Ns,
        start: &BytesStart,
        empty: bool,
        out: &mut Vec<Block>,
    ) -> Result<()> {
        match (ns, start.local_name().as_ref(), empty) {
            (Ns::W, b"p", true) => {
                self.paragraphs += 1;
                out.push(Block::Para(Para {
                    index: self.paragraphs,
                    page: self.page(),
                    ..Para::default()
                }));
            }
            (Ns::W, b"p", false) => out.push(Block::Para(self.paragraph(xml)?)),
            (Ns::W, b"tbl", false) => out.push(Block::Table(self.table(xml)?)),
            (Ns::Mc, b"AlternateContent", false) => {
                self.alternate(xml, |r, xml| r.blocks(xml, out))?
            }
            (_, _, true) => {}
            (ns, l, false) if skipped(ns, l) => xml.skip()?,
            _ => self.blocks(xml, out)?,
        }
        Ok(())
    }

    /// `mc:AlternateContent`: the first choice is read, the other choices and the fallback
    /// (copies of the same content for older readers) are skipped.
    fn alternate(
        &mut self,
        xml: &mut Xml,
        mut read: impl FnMut(&mut Self, &mut Xml) -> Result<()>,
    ) -> Result<()> {
        let mut chosen = false;
        loop {
            match xml.next()? {
                Ev::Open {
                    ns: Ns::Mc,
                    start,
                    empty: false,
                } if start.local_name().as_ref() == b"Choice" && !chosen => {
                    chosen = true;
                    read(self, xml)?;
                }
                Ev::Open { empty: false, .. } => xml.skip()?,
                Ev::Close | Ev::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn page(&self) -> (u32, u32) {
        (self.rendered_breaks, self.explicit_breaks)
    }

    fn paragraph(&mut self, xml: &mut Xml) -> Result<Para> {
        self.paragraphs += 1;
        let mut para = Para {
            index: self.paragraphs,
            page: self.page(),
            ..Para::default()
        };
        let mut style: Option<String> = None;
        let mut direct_num: Option<NumRef> = None;
        let mut started = false;
        let mut break_after = false;
        let mut ctx = RunContext::default();
        loop {
            match xml.next()? {
                Ev::Open {
                    ns: Ns::W,
                    start,
                    empty: false,
                } if start.local_name().as_ref() == b"pPr" => {
                    let p = read_para_props(xml)?;
                    style = p.style;
                    direct_num = p.num;
                    if p.page_break_before {
                        self.explicit_breaks += 1;
                        para.page = self.page();
                    }
                    break_after = p.section_break;
                    let base = self.styles.paragraph(style.as_deref());
                    ctx.para_run = base.map(|s| s.run.clone()).unwrap_or_default();
                    para.align = p.align.or(base.and_then(|s| s.align));
                }
                ev @ Ev::Open { .. } => {
                    self.inline(xml, ev, &mut para, &mut ctx, &mut started)?;
                }
                Ev::Close | Ev::Eof => break,
                Ev::Text(_) => {}
            }
        }
        para.label = self.label(style.as_deref(), direct_num);
        if para.align.is_none() {
            // Word's default alignment is left.
            para.align = Some(
                self.styles
                    .paragraph(style.as_deref())
                    .and_then(|s| s.align)
                    .unwrap_or(Align::Left),
            );
        }
        if break_after {
            self.explicit_breaks += 1;
        }
        Ok(para)
    }

    /// The list label of a paragraph: its own `w:numPr`, else its style's.
    fn label(&mut self, style: Option<&str>, direct: Option<NumRef>) -> Option<(String, Suffix)> {
        let from_style = self.styles.paragraph(style).and_then(|s| s.num);
        let num_id = direct
            .and_then(|d| d.num_id)
            .or(from_style.and_then(|s| s.num_id))?;
        let ilvl = direct
            .and_then(|d| d.ilvl)
            .or(from_style.and_then(|s| s.ilvl))
            .unwrap_or(0);
        if num_id == 0 {
            return None;
        }
        self.numbering.as_mut()?.next_label(num_id, ilvl)
    }

    /// One element of paragraph content: runs, and the containers runs sit in.
    fn inline(
        &mut self,
        xml: &mut Xml,
        ev: Ev,
        para: &mut Para,
        ctx: &mut RunContext,
        started: &mut bool,
    ) -> Result<()> {
        let Ev::Open { ns, start, empty } = ev else {
            return Ok(());
        };
        let local = start.local_name();
        match (ns, local.as_ref(), empty) {
            (_, _, true) => {}
            (Ns::W, b"r", false) => self.run(xml, para, ctx, started)?,
            (Ns::Math, b"t", false) => {
                let text = xml.text()?;
                let plain = RunLook {
                    font: FontId::NONE,
                    caps: false,
                    bold: false,
                    hidden: false,
                };
                self.push_text(para, &text, plain, started);
            }
            (Ns::Mc, b"AlternateContent", false) => {
                self.alternate(xml, |r, xml| r.inline_children(xml, para, ctx, started))?
            }
            (ns, l, false) if skipped(ns, l) => xml.skip()?,
            // Hyperlinks, fields, smart tags, content controls, insertions, equations.
            _ => self.inline_children(xml, para, ctx, started)?,
        }
        Ok(())
    }

    fn inline_children(
        &mut self,
        xml: &mut Xml,
        para: &mut Para,
        ctx: &mut RunContext,
        started: &mut bool,
    ) -> Result<()> {
        self.nest(xml)?;
        loop {
            match xml.next()? {
                ev @ Ev::Open { .. } => self.inline(xml, ev, para, ctx, started)?,
                Ev::Close | Ev::Eof => break,
                Ev::Text(_) => {}
            }
        }
        self.nesting -= 1;
        Ok(())
    }

    fn push_text(&mut self, para: &mut Para, text: &str, look: RunLook, started: &mut bool) {
        let RunLook {
            font, caps, bold, ..
        } = look;
        if text.is_empty() {
            return;
        }
        if !*started && !text.trim().is_empty() {
            *started = true;
            para.page = self.page();
        }
        match para.runs.last_mut() {
            Some(r) if r.font == font && r.caps == caps && r.bold == bold => r.text.push_str(text),
            _ => para.runs.push(Run {
                text: text.to_string(),
                font,
                caps,
                bold,
            }),
        }
    }

    fn run(
        &mut self,
        xml: &mut Xml,
        para: &mut Para,
        ctx: &mut RunContext,
        started: &mut bool,
    ) -> Result<()> {
        let mut props = ctx.para_run.clone();
        let mut look: Option<RunLook> = None;
        loop {
            let ev = xml.next()?;
            let Ev::Open { ns, start, empty } = ev else {
                match ev {
                    Ev::Close | Ev::Eof => return Ok(()),
                    _ => continue,
                }
            };
            if ns == Ns::W && start.local_name().as_ref() == b"rPr" && !empty {
                let direct = read_run_props(xml)?;
                let char_style = direct
                    .style
                    .as_deref()
                    .and_then(|s| self.styles.character.get(s))
                    .cloned()
                    .unwrap_or_default();
                props = direct.over(&char_style.over(&props));
                continue;
            }
            // The run's properties come first; its content takes them as they stand.
            let look = *look.get_or_insert_with(|| {
                let eff = props.over(&self.styles.defaults);
                RunLook {
                    font: self.fonts.intern(eff.font.as_deref()),
                    caps: eff.caps == Some(true),
                    bold: eff.bold == Some(true),
                    hidden: eff.hidden == Some(true),
                }
            });
            if ns == Ns::W && self.run_item(xml, &start, empty, look, para, started)? {
                continue;
            }
            if !empty {
                match (ns, start.local_name().as_ref()) {
                    (ns, l) if skipped(ns, l) => xml.skip()?,
                    // Drawings, pictures, objects: only their text boxes hold text.
                    _ => self.floating(xml, &mut para.floating)?,
                }
            }
        }
    }

    /// One WordprocessingML element of a run: text, a tab or break, a symbol, a note reference,
    /// a rendered page break. Returns whether it was read to its end.
    fn run_item(
        &mut self,
        xml: &mut Xml,
        start: &BytesStart,
        empty: bool,
        look: RunLook,
        para: &mut Para,
        started: &mut bool,
    ) -> Result<bool> {
        let mut text = |r: &mut Self, s: &str| {
            if !look.hidden {
                r.push_text(para, s, look, started);
            }
        };
        match start.local_name().as_ref() {
            b"t" if !empty => {
                let t = xml.text()?;
                text(self, &t);
                return Ok(true);
            }
            b"tab" | b"ptab" => text(self, "\t"),
            b"br" => {
                if attr(start, b"type").is_some_and(|t| t == "page") {
                    self.explicit_breaks += 1;
                }
                text(self, "\n");
            }
            b"cr" => text(self, "\n"),
            b"softHyphen" => text(self, "\u{AD}"),
            b"noBreakHyphen" => text(self, "-"),
            b"sym" => {
                let code = attr(start, b"char")
                    .and_then(|c| u32::from_str_radix(c.trim(), 16).ok())
                    .and_then(char::from_u32);
                if let (Some(c), false) = (code, look.hidden) {
                    let font = self.fonts.intern(attr(start, b"font").as_deref());
                    let symbol = RunLook {
                        font,
                        caps: false,
                        ..look
                    };
                    self.push_text(para, &c.to_string(), symbol, started);
                }
            }
            b"lastRenderedPageBreak" => self.rendered_breaks += 1,
            // A note's own mark, printed where the note's text has it.
            b"footnoteRef" | b"endnoteRef" => text(self, NOTE_MARK),
            // A note's mark in the body: dropped with the brackets printed around it when
            // the text is emitted ("an ninh mạng(5).").
            b"footnoteReference" | b"endnoteReference" => {
                text(self, NOTE_MARK);
                let foot = start.local_name().as_ref() == b"footnoteReference";
                if let Some(id) = attr(start, b"id").and_then(|v| v.parse().ok()) {
                    para.notes.push(if foot {
                        NoteRef::Foot(id)
                    } else {
                        NoteRef::End(id)
                    });
                }
            }
            _ => return Ok(false),
        }
        Ok(empty)
    }

    /// Walks a drawing or other run content for text boxes (`w:txbxContent`), whose blocks are
    /// kept after the anchoring paragraph.
    fn floating(&mut self, xml: &mut Xml, out: &mut Vec<Block>) -> Result<()> {
        let mut depth = 1usize;
        loop {
            match xml.next()? {
                Ev::Open {
                    ns: Ns::W,
                    start,
                    empty: false,
                } if start.local_name().as_ref() == b"txbxContent" => self.blocks(xml, out)?,
                Ev::Open {
                    ns: Ns::Mc,
                    start,
                    empty: false,
                } if start.local_name().as_ref() == b"Fallback" => xml.skip()?,
                Ev::Open { empty: false, .. } => depth += 1,
                Ev::Close => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Ev::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    fn table(&mut self, xml: &mut Xml) -> Result<Table> {
        self.nest(xml)?;
        let mut table = Table::default();
        let mut style: Option<String> = None;
        let mut own: Option<Borders> = None;
        self.rows(xml, &mut table, &mut style, &mut own)?;
        let base = self.styles.table_borders(style.as_deref());
        table.borders = own.map_or(base, |o| o.over(&base));
        self.nesting -= 1;
        Ok(table)
    }

    fn rows(
        &mut self,
        xml: &mut Xml,
        table: &mut Table,
        style: &mut Option<String>,
        own: &mut Option<Borders>,
    ) -> Result<()> {
        loop {
            match xml.next()? {
                Ev::Open { ns, start, empty } => {
                    let local = start.local_name();
                    match (ns, local.as_ref(), empty) {
                        (Ns::W, b"tblPr", false) => xml.each_child(|xml, start, empty| {
                            match start.local_name().as_ref() {
                                b"tblStyle" => *style = attr(start, b"val"),
                                b"tblBorders" if !empty => {
                                    *own = Some(read_borders(xml)?);
                                    return Ok(true);
                                }
                                _ => {}
                            }
                            Ok(false)
                        })?,
                        (Ns::W, b"tblGrid", false) => xml.each_child(|_, start, _| {
                            if start.local_name().as_ref() == b"gridCol" {
                                table.grid_cols += 1;
                            }
                            Ok(false)
                        })?,
                        (Ns::W, b"tr", false) => {
                            let row = self.row(xml)?;
                            table.rows.push(row);
                        }
                        (_, _, true) => {}
                        (ns, l, false) if skipped(ns, l) => xml.skip()?,
                        // Rows wrapped in content controls or custom XML.
                        _ => self.rows(xml, table, style, own)?,
                    }
                }
                Ev::Close | Ev::Eof => return Ok(()),
                Ev::Text(_) => {}
            }
        }
    }

    fn row(&mut self, xml: &mut Xml) -> Result<Row> {
        let mut row = Row {
            breaks: (self.rendered_breaks, self.rendered_breaks),
            ..Row::default()
        };
        self.row_content(xml, &mut row)?;
        Ok(row)
    }

    fn row_content(&mut self, xml: &mut Xml, row: &mut Row) -> Result<()> {
        loop {
            match xml.next()? {
                Ev::Open { ns, start, empty } => {
                    let local = start.local_name();
                    match (ns, local.as_ref(), empty) {
                        (Ns::W, b"trPr", false) => xml.each_child(|_, start, _| {
                            match start.local_name().as_ref() {
                                b"tblHeader" => row.header = on_off(start),
                                b"gridBefore" => row.before = attr_u32(start, b"val").unwrap_or(0),
                                b"gridAfter" => row.after = attr_u32(start, b"val").unwrap_or(0),
                                _ => {}
                            }
                            Ok(false)
                        })?,
                        (Ns::W, b"tc", false) => {
                            // Each cell of a row that runs onto the next page records that
                            // page break: the row counts it once.
                            let (row_start, most) = row.breaks;
                            self.rendered_breaks = row_start;
                            let cell = self.cell(xml)?;
                            row.breaks.1 = most.max(self.rendered_breaks);
                            self.rendered_breaks = row.breaks.1;
                            row.cells.push(cell);
                        }
                        (_, _, true) => {}
                        (ns, l, false) if skipped(ns, l) => xml.skip()?,
                        _ => self.row_content(xml, row)?,
                    }
                }
                Ev::Close | Ev::Eof => return Ok(()),
                Ev::Text(_) => {}
            }
        }
    }

    fn cell(&mut self, xml: &mut Xml) -> Result<TCell> {
        let mut cell = TCell {
            span: 1,
            ..TCell::default()
        };
        // The cell's properties come first; the rest is block content.
        let mut blocks = Vec::new();
        loop {
            match xml.next()? {
                Ev::Open {
                    ns: Ns::W,
                    start,
                    empty: false,
                } if start.local_name().as_ref() == b"tcPr" => read_cell_props(xml, &mut cell)?,
                Ev::Open { ns, start, empty } => self.block(xml, ns, &start, empty, &mut blocks)?,
                Ev::Close | Ev::Eof => break,
                Ev::Text(_) => {}
            }
        }
        cell.blocks = blocks;
        Ok(cell)
    }
}

/// What runs of one paragraph inherit from it.
#[derive(Default)]
struct RunContext {
    para_run: RunProps,
}

/// How a run's text is set: its font, in capitals, bold, hidden.
#[derive(Clone, Copy)]
struct RunLook {
    font: FontId,
    caps: bool,
    bold: bool,
    hidden: bool,
}

#[derive(Default)]
struct ParaProps {
    style: Option<String>,
    num: Option<NumRef>,
    page_break_before: bool,
    align: Option<Align>,
    /// A section break ends the paragraph (`w:sectPr` in its properties); counted as an
    /// explicit page break, as most are.
    section_break: bool,
}

fn read_para_props(xml: &mut Xml) -> Result<ParaProps> {
    let mut p = ParaProps::default();
    xml.each_child(|xml, start, empty| {
        match start.local_name().as_ref() {
            b"pStyle" => p.style = attr(start, b"val"),
            b"numPr" if !empty => {
                p.num = Some(read_num_ref(xml)?);
                return Ok(true);
            }
            b"pageBreakBefore" => p.page_break_before = on_off(start),
            b"jc" => p.align = read_align(start),
            b"sectPr" => p.section_break = true,
            _ => {}
        }
        Ok(false)
    })?;
    Ok(p)
}

fn read_cell_props(xml: &mut Xml, cell: &mut TCell) -> Result<()> {
    xml.each_child(|xml, start, empty| {
        match start.local_name().as_ref() {
            b"gridSpan" => cell.span = attr_u32(start, b"val").unwrap_or(1).clamp(1, 1000),
            b"vMerge" => {
                cell.vmerge = match attr(start, b"val").as_deref() {
                    Some("restart") => VMerge::Restart,
                    _ => VMerge::Continue,
                }
            }
            b"hMerge" => {
                cell.hmerge_continue = !matches!(attr(start, b"val").as_deref(), Some("restart"))
            }
            b"tcBorders" if !empty => {
                cell.borders = read_borders(xml)?;
                return Ok(true);
            }
            _ => {}
        }
        Ok(false)
    })
}
