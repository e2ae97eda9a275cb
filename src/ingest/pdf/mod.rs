//! PDF input: a content-stream interpreter on top of `lopdf`, and lines in reading order with
//! their page and box.
//!
//! `extract_pages` gives the page-level data (words with boxes, lines, ruling segments) for
//! table detection; `ingest_pdf` turns it into the `Ingested` lines the pipeline reads, with
//! running headers, footers and page numbers removed.
//!
//! Hostile input: lopdf parses under `catch_unwind`; decoded streams, operators, glyphs and
//! Form XObject nesting are bounded (see [`Limits`]); every failure is an `Error::Pdf` naming
//! the reason.

mod cmap;
mod encoding;
mod font;
mod interp;
mod legacy_fonts;
mod lexer;
mod lines;
mod objects;
mod sig;
mod table;

pub use interp::ImageDraw;
pub use table::{page_tables, PageCell, PageTable};

use crate::error::{Error, Result};
use crate::ingest::{Ingested, Line};
use crate::model::{BBox, Format};
use interp::{Appearance, Interpreter, Matrix};
use lopdf::{Document, LoadOptions, Object};
use objects::{get, numbers};
use std::collections::HashMap;

/// Bounds on the work one document may cause.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest decoded size of one stream (content, form, CMap, object stream).
    pub max_stream: usize,
    /// Largest decoded content in total (pages and forms, counted each time they are drawn).
    pub max_total_decoded: usize,
    /// Content operators in the whole document.
    pub max_ops: u64,
    /// Glyphs on one page.
    pub max_glyphs_per_page: usize,
    /// Form XObjects inside Form XObjects.
    pub max_form_depth: usize,
    /// Pages read.
    pub max_pages: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_stream: 64 << 20,
            max_total_decoded: 512 << 20,
            max_ops: 50_000_000,
            max_glyphs_per_page: 2_000_000,
            max_form_depth: 12,
            max_pages: 20_000,
        }
    }
}

/// A straight ruling segment (horizontal or vertical), page coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Line width in points (0 for the edges of a filled cell).
    pub width: f32,
}

impl Rule {
    fn new(p: (f32, f32), q: (f32, f32), width: f32) -> Rule {
        // Snap to the axis it runs along and order the ends.
        if (p.1 - q.1).abs() <= (p.0 - q.0).abs() {
            let y = (p.1 + q.1) / 2.0;
            Rule {
                x0: p.0.min(q.0),
                y0: y,
                x1: p.0.max(q.0),
                y1: y,
                width,
            }
        } else {
            let x = (p.0 + q.0) / 2.0;
            Rule {
                x0: x,
                y0: p.1.min(q.1),
                x1: x,
                y1: p.1.max(q.1),
                width,
            }
        }
    }

    pub fn is_horizontal(&self) -> bool {
        self.y0 == self.y1
    }

    pub fn len(&self) -> f32 {
        (self.x1 - self.x0) + (self.y1 - self.y0)
    }
}

/// A word with its box (page coordinates, origin bottom left).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub bbox: BBox,
    /// Left and right in the word's reading frame (= bbox x for upright text).
    pub x0: f32,
    pub x1: f32,
    /// Baseline in the reading frame (= y for upright text).
    pub baseline: f32,
    pub font_size: f32,
    /// Quarter turns counter-clockwise of the baseline (0 for upright text).
    pub dir: u8,
    /// Drawn with text render mode 3 or 7 (the OCR layer of a scanned page).
    pub invisible: bool,
}

/// A line in reading order: a row of text, or the part of a row in one column. In a ruled
/// table, one visual row with its cells separated by '\t'.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfLine {
    pub text: String,
    pub bbox: BBox,
    pub baseline: f32,
    pub font_size: f32,
    pub dir: u8,
    pub words: Vec<Word>,
}

/// One page as read.
#[derive(Debug, Clone)]
pub struct PdfPage {
    /// 1-based.
    pub number: u32,
    /// The page as displayed (after /Rotate), in points.
    pub width: f32,
    pub height: f32,
    /// Words in reading order.
    pub words: Vec<Word>,
    /// Lines in reading order (before running headers and footers are removed).
    pub lines: Vec<PdfLine>,
    pub rules: Vec<Rule>,
    /// Image XObjects drawn.
    pub images: usize,
    /// Where each image XObject was drawn (OCR reads a scanned page from its own image).
    pub image_draws: Vec<ImageDraw>,
    /// Glyphs whose code had no Unicode text.
    pub unmapped_glyphs: usize,
}

/// The parsed file (OCR reads page images from it).
pub(crate) fn load(bytes: &[u8], limits: &Limits) -> Result<Document> {
    let options = LoadOptions {
        max_decompressed_size: Some(limits.max_stream),
        ..LoadOptions::default()
    };
    let loaded = std::panic::catch_unwind(|| Document::load_mem_with_options(bytes, options));
    let doc = match loaded {
        Err(_) => return Err(Error::Pdf("malformed file (the PDF parser failed)".into())),
        Ok(Err(e)) => {
            let msg = e.to_string();
            if msg.to_ascii_lowercase().contains("password")
                || msg.to_ascii_lowercase().contains("decrypt")
            {
                return Err(Error::Pdf("encrypted; needs a password".into()));
            }
            return Err(Error::Pdf(format!("cannot read the file: {msg}")));
        }
        Ok(Ok(doc)) => doc,
    };
    if doc.trailer.has(b"Encrypt") {
        // lopdf decrypts files whose user password is empty; an Encrypt entry left means it
        // could not.
        return Err(Error::Pdf("encrypted; needs a password".into()));
    }
    Ok(doc)
}

/// An inherited page attribute (MediaBox, CropBox, Rotate, Resources), walking up /Parent.
fn inherited<'a>(doc: &'a Document, page: &'a lopdf::Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut node = page;
    for _ in 0..64 {
        if let Some(v) = get(doc, node, key) {
            return Some(v);
        }
        node = get(doc, node, b"Parent")?.as_dict().ok()?;
    }
    None
}

/// The pages' objects in order, at most `limits.max_pages`. Not `Document::get_pages`: it
/// collects lopdf's page iterator, whose size hint sums the `/Count` of the page-tree nodes
/// still to visit as the file states it, so a node claiming 2³¹ pages made it reserve 32 GiB
/// (an abort) and larger claims overflowed. Walked here without the hint, the pages counted
/// are only those the tree holds (lopdf's walk takes at most as many steps as the file has
/// objects).
fn page_ids(doc: &Document, limits: &Limits) -> Result<Vec<lopdf::ObjectId>> {
    let mut walk = doc.page_iter();
    let pages: Vec<lopdf::ObjectId> = std::iter::from_fn(|| walk.next())
        .take(limits.max_pages.saturating_add(1))
        .collect();
    if pages.is_empty() {
        return Err(Error::Pdf("no pages".into()));
    }
    if pages.len() > limits.max_pages {
        return Err(Error::Pdf(format!("more than {} pages", limits.max_pages)));
    }
    Ok(pages)
}

/// Annotation flags (PDF 32000-1, 12.5.3): not shown on screen.
const ANNOT_HIDDEN: i64 = 1 << 1;
const ANNOT_NO_VIEW: i64 = 1 << 5;

/// The normal appearances of a page's visible annotations, in /Annots order: the e-office
/// stamps (the number and day stamped onto the signed document, the signature stamp) are
/// signature widgets' appearances. Hidden and no-view annotations, and pop-ups, stay out.
fn appearances<'d>(doc: &'d Document, page: &'d lopdf::Dictionary) -> Vec<Appearance<'d>> {
    let Some(Object::Array(annots)) = get(doc, page, b"Annots") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for a in annots.iter().take(10_000) {
        let id = a.as_reference().ok();
        let Some(annot) = objects::deref(doc, a).and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        let flags = get(doc, annot, b"F")
            .and_then(|o| o.as_i64().ok())
            .unwrap_or(0);
        let subtype = get(doc, annot, b"Subtype").and_then(objects::name_of);
        if flags & (ANNOT_HIDDEN | ANNOT_NO_VIEW) != 0 || subtype == Some(b"Popup".as_slice()) {
            continue;
        }
        let rect = get(doc, annot, b"Rect").map(|o| numbers(doc, o));
        let Some(rect) = rect.filter(|r| r.len() == 4) else {
            continue;
        };
        let Some(ap) = get(doc, annot, b"AP").and_then(|o| o.as_dict().ok()) else {
            continue;
        };
        // /N is the appearance, or a dictionary of them by state (/AS names the one shown).
        let Ok(normal) = ap.get(b"N") else { continue };
        let (stream, form_id) = match objects::deref(doc, normal) {
            Some(Object::Dictionary(states)) => {
                let Some(state) = get(doc, annot, b"AS").and_then(objects::name_of) else {
                    continue;
                };
                let Ok(entry) = states.get(state) else {
                    continue;
                };
                (objects::deref(doc, entry), entry.as_reference().ok())
            }
            other => (other, normal.as_reference().ok()),
        };
        if let Some(stream @ Object::Stream(_)) = stream {
            out.push(Appearance {
                stream,
                id: form_id.or(id),
                rect: [rect[0], rect[1], rect[2], rect[3]],
            });
        }
    }
    out
}

/// Reads every page: words, lines and rulings.
pub fn extract_pages(bytes: &[u8]) -> Result<Vec<PdfPage>> {
    extract_pages_with(bytes, &Limits::default())
}

pub fn extract_pages_with(bytes: &[u8], limits: &Limits) -> Result<Vec<PdfPage>> {
    let doc = load(bytes, limits)?;
    read_pages_guarded(&doc, limits)
}

/// The pages and the digital signatures of a PDF, from one parse (OCR's reader decides per
/// page between text layer and OCR before building `Ingested`).
pub fn extract_pages_and_signatures(
    bytes: &[u8],
) -> Result<(Vec<PdfPage>, Vec<crate::model::Signature>)> {
    let limits = Limits::default();
    let doc = load(bytes, &limits)?;
    let pages = read_pages_guarded(&doc, &limits)?;
    let signatures =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sig::signatures(&doc)))
            .unwrap_or_default();
    Ok((pages, signatures))
}

fn read_pages_guarded(doc: &Document, limits: &Limits) -> Result<Vec<PdfPage>> {
    // The interpreter and layout are ours and bounded, but a panic in them must still become
    // an error rather than take the batch down.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| read_pages(doc, limits)))
        .unwrap_or_else(|_| {
            Err(Error::Pdf(
                "internal error while reading the page content".into(),
            ))
        })
}

fn read_pages(doc: &Document, limits: &Limits) -> Result<Vec<PdfPage>> {
    let pages = page_ids(doc, limits)?;
    let mut interp = Interpreter::new(doc, limits);
    let mut read = Vec::with_capacity(pages.len());
    for (number, id) in (1..).zip(pages) {
        let Ok(page) = doc.get_dictionary(id) else {
            continue;
        };
        let mut mbox = inherited(doc, page, b"MediaBox")
            .map(|o| numbers(doc, o))
            .filter(|v| v.len() == 4)
            .unwrap_or_else(|| vec![0.0, 0.0, 612.0, 792.0]);
        if let Some(c) = inherited(doc, page, b"CropBox").map(|o| numbers(doc, o)) {
            if c.len() == 4 {
                mbox = c;
            }
        }
        let (llx, lly) = (mbox[0].min(mbox[2]), mbox[1].min(mbox[3]));
        let (urx, ury) = (mbox[0].max(mbox[2]), mbox[1].max(mbox[3]));
        let rotate = inherited(doc, page, b"Rotate")
            .and_then(objects::num)
            .map(|r| ((r as i64 % 360 + 360) % 360) as i32)
            .unwrap_or(0);
        let (w, h) = (urx - llx, ury - lly);
        let (ctm, width, height) = match rotate {
            90 => (Matrix([0.0, -1.0, 1.0, 0.0, -lly, urx]), h, w),
            180 => (Matrix([-1.0, 0.0, 0.0, -1.0, urx, ury]), w, h),
            270 => (Matrix([0.0, 1.0, -1.0, 0.0, ury, -llx]), h, w),
            _ => (Matrix([1.0, 0.0, 0.0, 1.0, -llx, -lly]), w, h),
        };
        let mut resources = Vec::new();
        if let Ok((direct, ids)) = doc.get_page_resources(id) {
            resources.extend(direct);
            for rid in ids {
                if let Ok(d) = doc.get_dictionary(rid) {
                    resources.push(d);
                }
            }
        }
        let mut content = Vec::new();
        let streams: Vec<&Object> = match page.get(b"Contents") {
            Ok(c) => match objects::deref(doc, c) {
                Some(Object::Array(a)) => a.iter().filter_map(|o| objects::deref(doc, o)).collect(),
                Some(o) => vec![o],
                None => vec![],
            },
            Err(_) => vec![],
        };
        for s in streams {
            if let Object::Stream(st) = s {
                match st.get_plain_content_with_limit(limits.max_stream) {
                    Ok(bytes) => {
                        if content.len() + bytes.len() > limits.max_stream {
                            return Err(Error::Pdf(format!(
                                "page {number}: content larger than {} MiB",
                                limits.max_stream >> 20
                            )));
                        }
                        content.extend_from_slice(&bytes);
                        content.push(b'\n');
                    }
                    Err(lopdf::Error::Decompress(
                        lopdf::DecompressError::MemoryLimitExceeded { .. },
                    )) => {
                        return Err(Error::Pdf(format!(
                            "page {number}: a content stream decompresses to more than {} MiB",
                            limits.max_stream >> 20
                        )));
                    }
                    Err(_) => {}
                }
            }
        }
        let appearances = appearances(doc, page);
        let pc = interp.run_page(&content, resources, ctm, width * height, &appearances)?;
        read.push((number, width, height, pc));
    }
    // Fonts whose text is legacy bytes read as Latin-1 are known only from all their text.
    let contents: Vec<interp::PageContent> =
        read.iter_mut().map(|r| std::mem::take(&mut r.3)).collect();
    let legacy = legacy_fonts::detect(&contents, &interp);
    let mut out = Vec::with_capacity(read.len());
    for ((number, width, height, _), mut pc) in read.into_iter().zip(contents) {
        legacy_fonts::redecode(&mut pc, &legacy);
        let (words, lines) = lines::build(&pc, &pc.rules);
        out.push(PdfPage {
            number,
            width,
            height,
            words,
            lines,
            rules: pc.rules,
            images: pc.images,
            image_draws: pc.image_draws,
            unmapped_glyphs: pc.unmapped,
        });
    }
    Ok(out)
}

/// A word read from elsewhere than the content stream (OCR of the page image), placed in
/// page coordinates (points, origin bottom left, upright).
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedWord {
    pub text: String,
    pub x0: f32,
    pub x1: f32,
    pub bottom: f32,
    pub top: f32,
    pub baseline: f32,
    pub font_size: f32,
    /// Words of one line as the reader segmented it are separated by spaces; other words only
    /// by their distance.
    pub line: u32,
}

/// A page made of placed words and rulings: the same words, lines in reading order (two-column
/// header and closing) and ruled-table cells as a page read from its content.
pub fn page_from_words(
    number: u32,
    (width, height): (f32, f32),
    words: &[PlacedWord],
    rules: Vec<Rule>,
) -> PdfPage {
    let mut pc = interp::PageContent::default();
    for (i, w) in words.iter().enumerate() {
        pc.push_glyph(&w.text, w.x0, w.x1, w.baseline, w);
        // Every word ends at a word break, also where the reader's boxes touch or overlap and
        // where two of its lines meet on one row: its words are never run together.
        let at = match words.get(i + 1) {
            Some(next) if next.line == w.line => (w.x1 + next.x0) / 2.0,
            _ => w.x1,
        };
        pc.push_glyph(" ", at, at, w.baseline, w);
    }
    let (words, lines) = lines::build(&pc, &rules);
    PdfPage {
        number,
        width,
        height,
        words,
        lines,
        rules,
        images: 0,
        image_draws: Vec::new(),
        unmapped_glyphs: 0,
    }
}

/// Digits replaced by '#', white space collapsed: the key running headers repeat under.
fn repetition_key(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect();
    crate::text::collapse_ws(&s)
}

fn is_page_number(s: &str) -> bool {
    let t = crate::text::collapse_ws(s);
    let f = crate::text::fold(&t);
    let core = f.trim_matches(|c: char| {
        c == '-' || c == '–' || c == ' ' || c == '.' || c == '(' || c == ')'
    });
    let core = core.strip_prefix("trang").map(str::trim).unwrap_or(core);
    // "3", "- 3 -", "Trang 3", "3/12"
    let mut parts = core.split('/');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    !first.is_empty()
        && first.len() <= 4
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest.len() <= 1
        && rest
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Indices (page, line) of running headers, footers and page numbers: lines at the top or the
/// bottom of a page, apart from the text, that are page numbers or repeat (digits aside) at the
/// same height on at least half of the pages (two at least).
fn running_lines(pages: &[PdfPage]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Candidates: up to two lines at each edge, separated from the body by a gap.
    let mut cands: Vec<(usize, usize, String, f32)> = Vec::new();
    for (pi, p) in pages.iter().enumerate() {
        let upright: Vec<usize> = (0..p.lines.len())
            .filter(|&i| p.lines[i].dir == 0)
            .collect();
        if upright.len() < 2 {
            continue;
        }
        let mut by_y = upright.clone();
        by_y.sort_by(|&a, &b| p.lines[b].bbox.0[3].total_cmp(&p.lines[a].bbox.0[3]));
        let edge = |seq: &[usize], top: bool| -> Vec<usize> {
            let mut picked = Vec::new();
            for k in 0..seq.len().min(2) {
                let l = &p.lines[seq[k]];
                let Some(&next) = seq.get(k + 1) else { break };
                let n = &p.lines[next];
                let gap = if top {
                    l.bbox.0[1] - n.bbox.0[3]
                } else {
                    n.bbox.0[1] - l.bbox.0[3]
                };
                // Same row as the next line (a multi-column row): not a header line.
                if gap < 0.0 {
                    break;
                }
                picked.push(seq[k]);
                if gap > 0.8 * l.font_size {
                    return picked;
                }
            }
            // No clear separation within two lines: nothing here is a running line.
            Vec::new()
        };
        let top = edge(&by_y, true);
        let mut rev = by_y.clone();
        rev.reverse();
        let bottom = edge(&rev, false);
        for i in top.into_iter().chain(bottom) {
            let l = &p.lines[i];
            if is_page_number(&l.text) {
                out.push((pi, i));
            } else {
                cands.push((
                    pi,
                    i,
                    repetition_key(&l.text),
                    (l.bbox.0[1] + l.bbox.0[3]) / 2.0,
                ));
            }
        }
    }
    let mut groups: HashMap<&str, Vec<(usize, usize, f32)>> = HashMap::new();
    for (pi, i, key, y) in &cands {
        groups.entry(key.as_str()).or_default().push((*pi, *i, *y));
    }
    let need = (pages.len() as f32 / 2.0).ceil().max(2.0) as usize;
    for (_, members) in groups {
        // Same height within a few points (a running header does not move).
        let mut ys: Vec<f32> = members.iter().map(|m| m.2).collect();
        ys.sort_by(f32::total_cmp);
        let median = ys[ys.len() / 2];
        let same: Vec<&(usize, usize, f32)> = members
            .iter()
            .filter(|m| (m.2 - median).abs() < 6.0)
            .collect();
        let distinct_pages = {
            let mut p: Vec<usize> = same.iter().map(|m| m.0).collect();
            p.dedup();
            p.len()
        };
        if distinct_pages >= need {
            out.extend(same.iter().map(|m| (m.0, m.1)));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The lines, tables and signatures of a PDF for the pipeline.
pub fn ingest_pdf(bytes: &[u8]) -> Result<Ingested> {
    let limits = Limits::default();
    let doc = load(bytes, &limits)?;
    let pages = read_pages_guarded(&doc, &limits)?;
    let mut ingested = to_ingested(&pages)?;
    ingested.signatures =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| sig::signatures(&doc)))
            .unwrap_or_default();
    Ok(ingested)
}

/// `Ingested` from extracted pages: running headers and footers removed, a page and a box on
/// every line, ruled tables as typed grids placed where they stand in reading order.
pub fn to_ingested(pages: &[PdfPage]) -> Result<Ingested> {
    let any_text = pages
        .iter()
        .any(|p| p.words.iter().any(|w| !w.text.trim().is_empty()));
    if !any_text {
        let images: usize = pages.iter().map(|p| p.images).sum();
        let unmapped: usize = pages.iter().map(|p| p.unmapped_glyphs).sum();
        return Err(Error::Pdf(if unmapped > 0 {
            format!("no text layer: {unmapped} glyphs without Unicode mapping; OCR it first")
        } else if images > 0 {
            "no text layer; OCR it first (the pages hold only images)".into()
        } else {
            "no text layer; OCR it first".into()
        }));
    }
    let drop = running_lines(pages);
    let mut lines = Vec::new();
    let mut grids = Vec::new();
    for (pi, p) in pages.iter().enumerate() {
        let mut n = 0u32;
        let tables = table::page_tables(p);
        // Which table holds each word of each line.
        let mut holder: HashMap<(usize, usize), usize> = HashMap::new();
        for (ti, t) in tables.iter().enumerate() {
            for &w in &t.taken {
                holder.insert(w, ti);
            }
        }
        let mut emitted = vec![false; tables.len()];
        for (li, l) in p.lines.iter().enumerate() {
            if drop.binary_search(&(pi, li)).is_ok() {
                continue;
            }
            let mut rest: Vec<&str> = Vec::new();
            for (wi, w) in l.words.iter().enumerate() {
                match holder.get(&(li, wi)) {
                    // A table stands where its first word is read.
                    Some(&ti) => {
                        if !emitted[ti] {
                            emitted[ti] = true;
                            grids.push(tables[ti].to_grid(p.number, n + 1, lines.len()));
                            n += tables[ti].line_count() as u32;
                        }
                    }
                    None => rest.push(&w.text),
                }
            }
            if rest.is_empty() {
                continue;
            }
            let text = if rest.len() == l.words.len() {
                l.text.clone()
            } else {
                // Words of the line outside the table's cells (beside an open table edge).
                rest.join(" ")
            };
            n += 1;
            lines.push(Line {
                text,
                page: p.number,
                line: n,
                bbox: Some(l.bbox),
            });
        }
        // A table whose every line was page furniture (never in practice) still comes out.
        for (ti, t) in tables.iter().enumerate() {
            if !emitted[ti] {
                grids.push(t.to_grid(p.number, n + 1, lines.len()));
                n += t.line_count() as u32;
            }
        }
    }
    Ok(Ingested {
        signatures: Vec::new(),
        lines,
        tables: grids,
        footnotes: Vec::new(),
        cell_places: Vec::new(),
        format: Format::Pdf,
        encoding: "pdf".into(),
        pages: pages.len() as u32,
        ..Ingested::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for s in ["3", "- 3 -", "Trang 3", "3/12", " 12 "] {
            assert!(is_page_number(s), "{s}");
        }
        for s in ["3.1", "Điều 3", "a", "12345"] {
            assert!(!is_page_number(s), "{s}");
        }
    }
}
