//! Word's automatic numbering (`numbering.xml`), rendered as printed: "I.", "1.", "1.2.", "a)",
//! "-". A list (`w:num`) points at an abstract definition of up to nine levels (start value,
//! number format, level text such as "%1.%2."); lists sharing a definition share its counters
//! unless they override a level's start, as in Word.

use super::styles::Styles;
use super::xml::{attr, attr_u32, on_off, Ev, Ns, Xml};
use crate::error::Result;
use std::collections::{HashMap, HashSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Decimal,
    DecimalZero,
    UpperRoman,
    LowerRoman,
    UpperLetter,
    LowerLetter,
    Bullet,
    None,
}

impl Format {
    fn parse(s: &str) -> Format {
        match s {
            "decimalZero" => Format::DecimalZero,
            "upperRoman" => Format::UpperRoman,
            "lowerRoman" => Format::LowerRoman,
            "upperLetter" => Format::UpperLetter,
            "lowerLetter" => Format::LowerLetter,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            // decimal, and the forms this reader does not draw (ordinals, enclosed digits, …):
            // their value as a number.
            _ => Format::Decimal,
        }
    }
}

/// What follows the number: a tab (the default), a space, or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Suffix {
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Clone, PartialEq)]
struct Level {
    start: u32,
    format: Format,
    text: String,
    /// `w:lvlRestart`: restart after a use of a level above this number (1-based); 0: never.
    restart: Option<u32>,
    suffix: Suffix,
    /// `w:isLgl`: every number in the text as a decimal.
    legal: bool,
    /// The bullet's font, to read Symbol/Wingdings bullets.
    font: Option<String>,
}

impl Default for Level {
    fn default() -> Level {
        Level {
            start: 1,
            format: Format::Decimal,
            text: String::new(),
            restart: None,
            suffix: Suffix::Tab,
            legal: false,
            font: None,
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: [Option<Level>; 9],
    /// `w:numStyleLink`: the definition lives with the list of this numbering style.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: u32,
    start_override: [Option<u32>; 9],
    level_override: [Option<Level>; 9],
}

/// The list definitions of a document and the running counters.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<u32, Abstract>,
    nums: HashMap<u32, Num>,
    /// Counters per abstract definition, and whether each level was used since its reset.
    counters: HashMap<u32, ([u32; 9], [bool; 9])>,
    /// Lists whose start overrides were applied.
    started: HashSet<(u32, usize)>,
    /// Numbering-style links resolved to the abstract definition they stand for.
    links: HashMap<u32, u32>,
}

/// Most levels a list has.
const LEVELS: usize = 9;

impl Numbering {
    pub fn read(bytes: &[u8], part: &str, styles: &Styles) -> Result<Numbering> {
        let mut xml = Xml::new(bytes, part);
        let mut n = Numbering::default();
        loop {
            match xml.next()? {
                Ev::Open {
                    ns: Ns::W,
                    start,
                    empty: false,
                } => match start.local_name().as_ref() {
                    b"numbering" => {}
                    b"abstractNum" => {
                        let id = attr_u32(&start, b"abstractNumId").unwrap_or(u32::MAX);
                        let a = read_abstract(&mut xml)?;
                        n.abstracts.insert(id, a);
                    }
                    b"num" => {
                        let id = attr_u32(&start, b"numId").unwrap_or(u32::MAX);
                        let num = read_num(&mut xml)?;
                        n.nums.insert(id, num);
                    }
                    _ => xml.skip()?,
                },
                Ev::Eof => break,
                _ => {}
            }
        }
        // An abstract definition that links to a numbering style takes that style's list's
        // definition.
        for (&id, a) in &n.abstracts {
            let Some(link) = &a.style_link else { continue };
            let target = styles
                .numbering
                .get(link)
                .and_then(|r| r.num_id)
                .and_then(|num| n.nums.get(&num))
                .map(|num| num.abstract_id);
            if let Some(t) = target.filter(|t| *t != id) {
                n.links.insert(id, t);
            }
        }
        Ok(n)
    }

    fn level(&self, num: &Num, abstract_id: u32, ilvl: usize) -> Option<Level> {
        if let Some(l) = &num.level_override[ilvl] {
            return Some(l.clone());
        }
        self.abstracts.get(&abstract_id)?.levels[ilvl].clone()
    }

    /// The label of the next paragraph of list `num_id` at level `ilvl`, and what follows
    /// it; `None` for no list (numId 0, unknown lists, format "none" with empty text).
    pub fn next_label(&mut self, num_id: u32, ilvl: u32) -> Option<(String, Suffix)> {
        let ilvl = (ilvl as usize).min(LEVELS - 1);
        let num = self.nums.get(&num_id)?.clone();
        let mut abstract_id = num.abstract_id;
        if let Some(&linked) = self.links.get(&abstract_id) {
            abstract_id = linked;
        }
        let level = self.level(&num, abstract_id, ilvl)?;
        let levels: Vec<Option<Level>> = (0..LEVELS)
            .map(|l| self.level(&num, abstract_id, l))
            .collect();
        let (counts, used) = self
            .counters
            .entry(abstract_id)
            .or_insert(([0; LEVELS], [false; LEVELS]));
        let overridden =
            num.start_override[ilvl].filter(|_| !self.started.contains(&(num_id, ilvl)));
        if let Some(start) = overridden {
            self.started.insert((num_id, ilvl));
            counts[ilvl] = start;
        } else if !used[ilvl] {
            counts[ilvl] = level.start;
        } else {
            counts[ilvl] += 1;
        }
        used[ilvl] = true;
        // Deeper levels start again (unless their lvlRestart says otherwise).
        for (d, lv) in levels.iter().enumerate().skip(ilvl + 1) {
            let restart = lv.as_ref().and_then(|l| l.restart);
            let restarts = match restart {
                Some(0) => false,
                Some(r) => ilvl < r as usize,
                None => true,
            };
            if restarts {
                used[d] = false;
            }
        }
        let mut text = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%' {
                if let Some(d) = chars.peek().and_then(|d| d.to_digit(10)) {
                    chars.next();
                    let l = (d as usize).saturating_sub(1).min(LEVELS - 1);
                    let value = if used[l] {
                        counts[l]
                    } else {
                        levels[l].as_ref().map_or(1, |x| x.start)
                    };
                    let format = match &levels[l] {
                        _ if level.legal => Format::Decimal,
                        Some(x) => x.format,
                        None => Format::Decimal,
                    };
                    text.push_str(&format_number(value, format));
                    continue;
                }
            }
            text.push(c);
        }
        if level.format == Format::Bullet {
            text = bullet(&text, level.font.as_deref());
        }
        (!text.is_empty()).then_some((text, level.suffix))
    }
}

fn read_abstract(xml: &mut Xml) -> Result<Abstract> {
    let mut a = Abstract::default();
    xml.each_child(|xml, start, empty| {
        match start.local_name().as_ref() {
            b"lvl" if !empty => {
                let i = attr_u32(start, b"ilvl").unwrap_or(0) as usize;
                let level = read_level(xml)?;
                if i < LEVELS {
                    a.levels[i] = Some(level);
                }
                return Ok(true);
            }
            b"numStyleLink" => a.style_link = attr(start, b"val"),
            _ => {}
        }
        Ok(false)
    })?;
    Ok(a)
}

fn read_level(xml: &mut Xml) -> Result<Level> {
    let mut l = Level::default();
    xml.each_child(|xml, start, empty| {
        match start.local_name().as_ref() {
            b"start" => l.start = attr_u32(start, b"val").unwrap_or(1),
            b"numFmt" => l.format = Format::parse(&attr(start, b"val").unwrap_or_default()),
            b"lvlText" => l.text = attr(start, b"val").unwrap_or_default(),
            b"lvlRestart" => l.restart = attr_u32(start, b"val"),
            b"isLgl" => l.legal = on_off(start),
            b"suff" => {
                l.suffix = match attr(start, b"val").as_deref() {
                    Some("space") => Suffix::Space,
                    Some("nothing") => Suffix::Nothing,
                    _ => Suffix::Tab,
                }
            }
            b"rPr" if !empty => {
                l.font = super::styles::read_run_props(xml)?.font;
                return Ok(true);
            }
            _ => {}
        }
        Ok(false)
    })?;
    Ok(l)
}

fn read_num(xml: &mut Xml) -> Result<Num> {
    let mut n = Num::default();
    xml.each_child(|xml, start, empty| {
        match start.local_name().as_ref() {
            b"abstractNumId" => n.abstract_id = attr_u32(start, b"val").unwrap_or(u32::MAX),
            b"lvlOverride" if !empty => {
                let i = (attr_u32(start, b"ilvl").unwrap_or(0) as usize).min(LEVELS - 1);
                xml.each_child(|xml, start, empty| {
                    match start.local_name().as_ref() {
                        b"startOverride" => n.start_override[i] = attr_u32(start, b"val"),
                        b"lvl" if !empty => {
                            n.level_override[i] = Some(read_level(xml)?);
                            return Ok(true);
                        }
                        _ => {}
                    }
                    Ok(false)
                })?;
                return Ok(true);
            }
            _ => {}
        }
        Ok(false)
    })?;
    Ok(n)
}

/// A counter value in a list format.
fn format_number(n: u32, format: Format) -> String {
    match format {
        Format::Decimal | Format::Bullet => n.to_string(),
        Format::DecimalZero => format!("{n:02}"),
        Format::UpperRoman => crate::layout::to_roman(n),
        Format::LowerRoman => crate::layout::to_roman(n).to_lowercase(),
        Format::UpperLetter => letters(n).to_uppercase(),
        Format::LowerLetter => letters(n),
        Format::None => String::new(),
    }
}

/// Word's letter numbering: a … z, then aa … zz, aaa …: the letter repeated.
fn letters(n: u32) -> String {
    if n == 0 {
        return String::new();
    }
    let i = (n - 1) % 26;
    let times = ((n - 1) / 26 + 1).min(64) as usize;
    let c = (b'a' + i as u8) as char;
    std::iter::repeat_n(c, times).collect()
}

/// A bullet as printed. Bullets in the Symbol and Wingdings fonts are stored as private-use
/// code points (U+F0xx) or as the font's own byte; they print as a bullet.
fn bullet(text: &str, font: Option<&str>) -> String {
    let symbolic = font.is_some_and(|f| {
        let f = f.to_ascii_lowercase();
        f.starts_with("symbol") || f.starts_with("wingdings") || f.starts_with("webdings")
    });
    let t = text.trim();
    match t {
        "-" | "–" | "—" | "+" | "*" | "•" | "◦" | "▪" | "■" | "□" | "○" | "●" | "‒"
            if !symbolic =>
        {
            t.to_string()
        }
        _ if !symbolic && !t.chars().any(|c| ('\u{F000}'..='\u{F0FF}').contains(&c)) => {
            t.to_string()
        }
        _ => match t.chars().next().map(|c| (c as u32) & 0xFF) {
            // Symbol's minus and dash print as a dash.
            Some(0x2D) => "-".to_string(),
            _ => "•".to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NUMBERING: &str = r#"<?xml version="1.0"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
 <w:abstractNum w:abstractNumId="0">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/><w:suff w:val="space"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%4."/></w:lvl>
 </w:abstractNum>
 <w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#xF0B7;"/><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr></w:lvl>
 </w:abstractNum>
 <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
 <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
 <w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="1"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
</w:numbering>"#;

    fn numbering() -> Numbering {
        Numbering::read(NUMBERING.as_bytes(), "numbering.xml", &Styles::default()).unwrap()
    }

    fn label(n: &mut Numbering, num: u32, ilvl: u32) -> String {
        n.next_label(num, ilvl).unwrap().0
    }

    #[test]
    fn levels_count_and_restart() {
        let mut n = numbering();
        assert_eq!(label(&mut n, 1, 0), "I.");
        assert_eq!(label(&mut n, 1, 1), "1.");
        assert_eq!(label(&mut n, 1, 2), "a)");
        assert_eq!(label(&mut n, 1, 2), "b)");
        assert_eq!(label(&mut n, 1, 1), "2.");
        assert_eq!(label(&mut n, 1, 2), "a)");
        assert_eq!(label(&mut n, 1, 3), "2.1.");
        assert_eq!(label(&mut n, 1, 0), "II.");
        assert_eq!(label(&mut n, 1, 1), "1.");
        assert_eq!(n.next_label(1, 1).unwrap().1, Suffix::Space);
    }

    #[test]
    fn a_start_override_restarts_the_shared_list_once() {
        let mut n = numbering();
        assert_eq!(label(&mut n, 1, 1), "1.");
        assert_eq!(label(&mut n, 3, 1), "5.");
        assert_eq!(label(&mut n, 3, 1), "6.");
        // The other list of the same definition continues the shared counter.
        assert_eq!(label(&mut n, 1, 1), "7.");
    }

    #[test]
    fn symbol_bullets_print_as_bullets() {
        let mut n = numbering();
        assert_eq!(label(&mut n, 2, 0), "•");
        assert!(n.next_label(99, 0).is_none());
    }

    #[test]
    fn letters_repeat_after_z() {
        assert_eq!(letters(1), "a");
        assert_eq!(letters(26), "z");
        assert_eq!(letters(27), "aa");
        assert_eq!(letters(28), "bb");
    }
}
