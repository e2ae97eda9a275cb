//! `styles.xml`: what paragraphs and runs inherit — the font a run is set in (for legacy
//! decoding), bold and capitals, a paragraph style's list numbering, a table style's borders.
//! Styles are resolved through their `basedOn` chains once, when read.

use super::xml::{attr, attr_u32, on_off, Ev, Ns, Xml};
use crate::error::Result;
use crate::ingest::Align;
use std::collections::HashMap;

/// Run properties that matter to the text: the font (legacy encodings are fonts), capitals
/// (`w:caps` prints lowercase as capitals) and hidden text. `None`: inherited.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct RunProps {
    pub font: Option<String>,
    pub bold: Option<bool>,
    pub caps: Option<bool>,
    pub hidden: Option<bool>,
    /// The character style (`w:rStyle`), for direct run properties.
    pub style: Option<String>,
}

impl RunProps {
    /// These properties over `base`.
    pub fn over(&self, base: &RunProps) -> RunProps {
        RunProps {
            font: self.font.clone().or_else(|| base.font.clone()),
            bold: self.bold.or(base.bold),
            caps: self.caps.or(base.caps),
            hidden: self.hidden.or(base.hidden),
            style: self.style.clone().or_else(|| base.style.clone()),
        }
    }
}

/// A list reference: `w:numPr` (numId 0 switches an inherited list off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct NumRef {
    pub num_id: Option<u32>,
    pub ilvl: Option<u32>,
}

/// Which table borders are drawn: each side set, cleared, or inherited.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Borders {
    pub sides: [Option<bool>; 6],
}

impl Borders {
    pub fn over(&self, base: &Borders) -> Borders {
        let mut sides = base.sides;
        for (s, own) in sides.iter_mut().zip(self.sides) {
            if own.is_some() {
                *s = own;
            }
        }
        Borders { sides }
    }

    pub fn any_drawn(&self) -> bool {
        self.sides.contains(&Some(true))
    }

    /// Whether the lines between cells are drawn (insideH or insideV).
    pub fn inside_drawn(&self) -> bool {
        self.sides[4] == Some(true) || self.sides[5] == Some(true)
    }
}

/// Reads the children of a `w:tblBorders` or `w:tcBorders` element.
pub(super) fn read_borders(xml: &mut Xml) -> Result<Borders> {
    let mut b = Borders::default();
    xml.each_child(|_, start, _| {
        let side = match start.local_name().as_ref() {
            b"top" => 0,
            b"left" | b"start" => 1,
            b"bottom" => 2,
            b"right" | b"end" => 3,
            b"insideH" => 4,
            b"insideV" => 5,
            _ => return Ok(false),
        };
        let val = attr(start, b"val").unwrap_or_default();
        b.sides[side] = Some(!matches!(val.as_str(), "none" | "nil" | ""));
        Ok(false)
    })?;
    Ok(b)
}

/// Reads the children of a `w:rPr` element.
pub(super) fn read_run_props(xml: &mut Xml) -> Result<RunProps> {
    let mut p = RunProps::default();
    xml.each_child(|_, start, _| {
        match start.local_name().as_ref() {
            b"rFonts" => {
                // Text beyond ASCII is set in the hAnsi font; a theme font is a modern one.
                p.font = attr(start, b"hAnsi")
                    .or_else(|| attr(start, b"ascii"))
                    .or_else(|| {
                        attr(start, b"hAnsiTheme")
                            .or_else(|| attr(start, b"asciiTheme"))
                            .map(|t| format!("+{t}"))
                    })
                    .or(p.font.take());
            }
            b"b" => p.bold = Some(on_off(start)),
            b"caps" => p.caps = Some(on_off(start)),
            b"vanish" | b"specVanish" => p.hidden = Some(on_off(start)),
            b"rStyle" => p.style = attr(start, b"val"),
            _ => {}
        }
        Ok(false)
    })?;
    Ok(p)
}

/// A paragraph's alignment from its `w:jc` element (left and right as written, whatever the
/// text's direction: Vietnamese runs left to right).
pub(super) fn read_align(jc: &quick_xml::events::BytesStart) -> Option<Align> {
    Some(match attr(jc, b"val")?.as_str() {
        "left" | "start" => Align::Left,
        "center" => Align::Center,
        "right" | "end" => Align::Right,
        "both" | "distribute" | "thaiDistribute" | "highKashida" | "lowKashida"
        | "mediumKashida" => Align::Justify,
        _ => return None,
    })
}

/// Reads the children of a `w:numPr` element.
pub(super) fn read_num_ref(xml: &mut Xml) -> Result<NumRef> {
    let mut r = NumRef {
        num_id: None,
        ilvl: None,
    };
    xml.each_child(|_, start, _| {
        match start.local_name().as_ref() {
            b"numId" => r.num_id = attr_u32(start, b"val"),
            b"ilvl" => r.ilvl = attr_u32(start, b"val"),
            _ => {}
        }
        Ok(false)
    })?;
    Ok(r)
}

#[derive(Debug, Clone, Default)]
struct RawStyle {
    based_on: Option<String>,
    run: RunProps,
    num: Option<NumRef>,
    align: Option<Align>,
    borders: Option<Borders>,
}

/// A paragraph style with its chain resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct ParaStyle {
    pub run: RunProps,
    pub num: Option<NumRef>,
    pub align: Option<Align>,
}

#[derive(Debug, Clone, Default)]
pub(super) struct Styles {
    pub paragraph: HashMap<String, ParaStyle>,
    pub character: HashMap<String, RunProps>,
    pub table: HashMap<String, Borders>,
    /// Numbering styles (`w:numStyleLink` targets): their list.
    pub numbering: HashMap<String, NumRef>,
    /// The default paragraph style's id.
    pub default_paragraph: Option<String>,
    pub default_table: Option<String>,
    /// `w:docDefaults` run properties.
    pub defaults: RunProps,
}

/// Longest `basedOn` chain followed (cycles end there too).
const MAX_CHAIN: usize = 32;

impl Styles {
    pub fn read(bytes: &[u8], part: &str) -> Result<Styles> {
        let mut xml = Xml::new(bytes, part);
        let mut styles = Styles::default();
        let mut raw: HashMap<(u8, String), RawStyle> = HashMap::new();
        loop {
            match xml.next()? {
                Ev::Open {
                    ns: Ns::W,
                    start,
                    empty: false,
                } => match start.local_name().as_ref() {
                    b"rPrDefault" | b"docDefaults" | b"styles" => {}
                    b"rPr" => styles.defaults = read_run_props(&mut xml)?,
                    b"style" => {
                        let kind = match attr(&start, b"type").as_deref() {
                            Some("character") => 1,
                            Some("table") => 2,
                            Some("numbering") => 3,
                            _ => 0,
                        };
                        let id = attr(&start, b"styleId").unwrap_or_default();
                        if attr(&start, b"default").is_some_and(|d| d == "1" || d == "true") {
                            match kind {
                                0 => styles.default_paragraph = Some(id.clone()),
                                2 => styles.default_table = Some(id.clone()),
                                _ => {}
                            }
                        }
                        let style = read_style(&mut xml)?;
                        raw.insert((kind, id), style);
                    }
                    _ => xml.skip()?,
                },
                Ev::Eof => break,
                _ => {}
            }
        }
        styles.resolve(&raw);
        Ok(styles)
    }

    fn resolve(&mut self, raw: &HashMap<(u8, String), RawStyle>) {
        let chain = |kind: u8, id: &str| -> Vec<&RawStyle> {
            let mut out = Vec::new();
            let mut at = Some(id.to_string());
            while let Some(id) = at {
                if out.len() >= MAX_CHAIN {
                    break;
                }
                let Some(s) = raw.get(&(kind, id)) else { break };
                out.push(s);
                at = s.based_on.clone();
            }
            out
        };
        for (kind, id) in raw.keys() {
            let links = chain(*kind, id);
            match kind {
                0 => {
                    let mut p = ParaStyle::default();
                    for s in links.iter().rev() {
                        p.run = s.run.over(&p.run);
                        if s.num.is_some() {
                            p.num = s.num;
                        }
                        if s.align.is_some() {
                            p.align = s.align;
                        }
                    }
                    self.paragraph.insert(id.clone(), p);
                }
                1 => {
                    let mut r = RunProps::default();
                    for s in links.iter().rev() {
                        r = s.run.over(&r);
                    }
                    self.character.insert(id.clone(), r);
                }
                2 => {
                    let mut b = Borders::default();
                    for s in links.iter().rev() {
                        if let Some(own) = &s.borders {
                            b = own.over(&b);
                        }
                    }
                    self.table.insert(id.clone(), b);
                }
                _ => {
                    if let Some(n) = links.iter().find_map(|s| s.num) {
                        self.numbering.insert(id.clone(), n);
                    }
                }
            }
        }
    }

    /// A paragraph style, or the default paragraph style.
    pub fn paragraph(&self, id: Option<&str>) -> Option<&ParaStyle> {
        id.and_then(|id| self.paragraph.get(id)).or_else(|| {
            self.default_paragraph
                .as_deref()
                .and_then(|d| self.paragraph.get(d))
        })
    }

    /// The borders a table style draws (the default table style when none is named).
    pub fn table_borders(&self, id: Option<&str>) -> Borders {
        id.or(self.default_table.as_deref())
            .and_then(|id| self.table.get(id))
            .copied()
            .unwrap_or_default()
    }
}

/// Reads the children of a `w:style`.
fn read_style(xml: &mut Xml) -> Result<RawStyle> {
    let mut s = RawStyle::default();
    xml.each_child(|xml, start, empty| {
        match start.local_name().as_ref() {
            b"basedOn" => s.based_on = attr(start, b"val"),
            b"rPr" if !empty => {
                s.run = read_run_props(xml)?;
                return Ok(true);
            }
            // Only the list reference and the alignment of a paragraph style matter here.
            b"pPr" if !empty => {
                xml.each_child(|xml, start, empty| {
                    match start.local_name().as_ref() {
                        b"numPr" if !empty => {
                            s.num = Some(read_num_ref(xml)?);
                            return Ok(true);
                        }
                        b"jc" => s.align = read_align(start),
                        _ => {}
                    }
                    Ok(false)
                })?;
                return Ok(true);
            }
            b"tblPr" if !empty => {
                xml.each_child(|xml, start, empty| {
                    if start.local_name().as_ref() == b"tblBorders" && !empty {
                        s.borders = Some(read_borders(xml)?);
                        return Ok(true);
                    }
                    Ok(false)
                })?;
                return Ok(true);
            }
            _ => {}
        }
        Ok(false)
    })?;
    Ok(s)
}
