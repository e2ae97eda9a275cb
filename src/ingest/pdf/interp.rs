//! The content-stream interpreter: text and graphics state, text showing with glyph widths,
//! Form XObjects, marked content with /ActualText, and the straight lines of paths (the rulings
//! tables are drawn with).

use super::font::Font;
use super::lexer::{Lexer, Operand, Token};
use super::objects::{deref, get, numbers, stream_bytes};
use super::{Limits, Rule};
use crate::error::{Error, Result};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// An affine matrix [a b c d e f]: x' = a x + c y + e, y' = b x + d y + f.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix(pub [f32; 6]);

impl Matrix {
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// self × other (apply self first, then other).
    pub fn then(&self, o: &Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [oa, ob, oc, od, oe, of] = o.0;
        Matrix([
            a * oa + b * oc,
            a * ob + b * od,
            c * oa + d * oc,
            c * ob + d * od,
            e * oa + f * oc + oe,
            e * ob + f * od + of,
        ])
    }

    pub fn apply(&self, x: f32, y: f32) -> (f32, f32) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    fn from_operands(ops: &[Operand]) -> Option<Matrix> {
        if ops.len() < 6 {
            return None;
        }
        let mut m = [0f32; 6];
        for (i, o) in ops[ops.len() - 6..].iter().enumerate() {
            m[i] = o.num()?;
        }
        Some(Matrix(m))
    }

    fn from_numbers(v: &[f32]) -> Option<Matrix> {
        (v.len() == 6 && v.iter().all(|x| x.is_finite()))
            .then(|| Matrix([v[0], v[1], v[2], v[3], v[4], v[5]]))
    }
}

/// One glyph placed on the page, in the frame where its text runs left to right: `dir` is the
/// number of quarter turns counter-clockwise of its baseline (0 for ordinary text).
#[derive(Debug, Clone, Copy)]
pub struct PlacedGlyph {
    pub x0: f32,
    pub x1: f32,
    pub base: f32,
    pub top: f32,
    pub bottom: f32,
    pub size: f32,
    pub dir: u8,
    pub invisible: bool,
    /// Its font (`Font::id`).
    pub font: u32,
    /// The glyph's text in the page's text buffer.
    pub start: u32,
    pub end: u32,
}

/// What the interpreter collects from one page.
#[derive(Debug, Default)]
pub struct PageContent {
    pub text: String,
    pub glyphs: Vec<PlacedGlyph>,
    pub rules: Vec<Rule>,
    pub images: usize,
    /// Image XObjects drawn, with the matrix each was drawn with (for OCR of scanned pages).
    pub image_draws: Vec<ImageDraw>,
    /// Glyphs shown whose code had no text (unmapped).
    pub unmapped: usize,
}

/// An image XObject drawn on a page: the unit square of the image maps to the page through
/// `ctm` (page coordinates, /Rotate applied).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ImageDraw {
    pub id: ObjectId,
    pub ctm: [f32; 6],
}

impl PageContent {
    pub fn glyph_text(&self, g: &PlacedGlyph) -> &str {
        &self.text[g.start as usize..g.end as usize]
    }

    /// Adds an upright glyph (a whole word read by OCR, or the space between two).
    pub fn push_glyph(
        &mut self,
        text: &str,
        x0: f32,
        x1: f32,
        base: f32,
        box_of: &super::PlacedWord,
    ) {
        let start = self.text.len() as u32;
        self.text.push_str(text);
        self.glyphs.push(PlacedGlyph {
            x0,
            x1,
            base,
            top: box_of.top,
            bottom: box_of.bottom,
            size: box_of.font_size,
            dir: 0,
            invisible: false,
            // No PDF font (ids start at 1): OCR'd text needs no legacy decoding.
            font: 0,
            start,
            end: self.text.len() as u32,
        });
    }
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    line_width: f32,
    fill_white: bool,
    font: Option<Rc<Font>>,
    font_size: f32,
    char_spacing: f32,
    word_spacing: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
    render: i32,
}

/// Resources in force: the innermost dictionary first.
type Resources<'a> = Vec<&'a Dictionary>;

/// The normal appearance of a visible annotation: its form XObject, and the annotation's /Rect.
pub struct Appearance<'d> {
    pub stream: &'d Object,
    pub id: Option<ObjectId>,
    pub rect: [f32; 4],
}

/// The matrix that maps a form's box, as its `matrix` transforms it, onto `rect`.
fn fit_to_rect(matrix: &Matrix, bbox: &[f32], rect: &[f32; 4]) -> Matrix {
    let corners = [
        (bbox[0], bbox[1]),
        (bbox[0], bbox[3]),
        (bbox[2], bbox[1]),
        (bbox[2], bbox[3]),
    ]
    .map(|(x, y)| matrix.apply(x, y));
    let (x0, x1) = corners
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), c| (a.min(c.0), b.max(c.0)));
    let (y0, y1) = corners
        .iter()
        .fold((f32::MAX, f32::MIN), |(a, b), c| (a.min(c.1), b.max(c.1)));
    let (rx0, rx1) = (rect[0].min(rect[2]), rect[0].max(rect[2]));
    let (ry0, ry1) = (rect[1].min(rect[3]), rect[1].max(rect[3]));
    let sx = if x1 - x0 > 1e-3 {
        (rx1 - rx0) / (x1 - x0)
    } else {
        1.0
    };
    let sy = if y1 - y0 > 1e-3 {
        (ry1 - ry0) / (y1 - y0)
    } else {
        1.0
    };
    Matrix([sx, 0.0, 0.0, sy, rx0 - sx * x0, ry0 - sy * y0])
}

pub struct Interpreter<'d> {
    doc: &'d Document,
    limits: &'d Limits,
    fonts: HashMap<FontKey, Rc<Font>>,
    /// The same fonts by id (`Font::id` - 1).
    font_list: Vec<Rc<Font>>,
    /// Operators run so far in the whole document.
    pub ops: u64,
    /// Bytes of content decoded so far in the whole document.
    pub decoded: u64,
}

#[derive(Hash, PartialEq, Eq, Clone, Copy)]
enum FontKey {
    Ref(ObjectId),
    Ptr(usize),
}

struct PageRun<'d> {
    out: PageContent,
    gs: GState,
    stack: Vec<GState>,
    skipped_q: usize,
    tm: Matrix,
    tlm: Matrix,
    /// Device-space subpaths under construction: points and whether closed.
    path: Vec<(Vec<(f32, f32)>, bool)>,
    /// Marked-content stack: Some((first glyph, text)) for spans with /ActualText.
    marked: Vec<Option<(usize, String)>>,
    forms: Vec<ObjectId>,
    page_area: f32,
    scratch: String,
    _d: std::marker::PhantomData<&'d ()>,
}

/// Quarter turn of a direction vector: 0 right, 1 up, 2 left, 3 down.
fn quarter(dx: f32, dy: f32) -> u8 {
    if dx.abs() >= dy.abs() {
        if dx >= 0.0 {
            0
        } else {
            2
        }
    } else if dy >= 0.0 {
        1
    } else {
        3
    }
}

/// Page coordinates → the frame of direction `dir`.
pub fn to_frame(dir: u8, x: f32, y: f32) -> (f32, f32) {
    match dir {
        1 => (y, -x),
        2 => (-x, -y),
        3 => (-y, x),
        _ => (x, y),
    }
}

/// The frame of direction `dir` → page coordinates.
pub fn from_frame(dir: u8, x: f32, y: f32) -> (f32, f32) {
    match dir {
        1 => (-y, x),
        2 => (-x, -y),
        3 => (y, -x),
        _ => (x, y),
    }
}

fn pdf_text_string(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = rest
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
            .collect();
        return String::from_utf16_lossy(&units);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    // PDFDocEncoding: Latin-1 for the letters that matter here.
    bytes.iter().map(|&b| b as char).collect()
}

impl<'d> Interpreter<'d> {
    pub fn new(doc: &'d Document, limits: &'d Limits) -> Self {
        Interpreter {
            doc,
            limits,
            fonts: HashMap::new(),
            font_list: Vec::new(),
            ops: 0,
            decoded: 0,
        }
    }

    /// Runs a page's content with its resources under the initial matrix `ctm`, then draws the
    /// appearances of its visible annotations (e-office stamps: the number and day stamped onto
    /// a signed document, the signature stamp's text) where they stand on the page.
    pub fn run_page(
        &mut self,
        content: &[u8],
        resources: Resources<'d>,
        ctm: Matrix,
        page_area: f32,
        appearances: &[Appearance<'d>],
    ) -> Result<PageContent> {
        let gs = GState {
            ctm,
            line_width: 1.0,
            fill_white: false,
            font: None,
            font_size: 0.0,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render: 0,
        };
        let mut run = PageRun {
            out: PageContent::default(),
            gs,
            stack: Vec::new(),
            skipped_q: 0,
            tm: Matrix::IDENTITY,
            tlm: Matrix::IDENTITY,
            path: Vec::new(),
            marked: Vec::new(),
            forms: Vec::new(),
            page_area,
            scratch: String::new(),
            _d: std::marker::PhantomData,
        };
        let initial = run.gs.clone();
        self.count_decoded(content.len())?;
        self.exec(&mut run, content, &resources, 0)?;
        for ap in appearances {
            // Each appearance in a fresh graphics state: its box (the form's /BBox under its
            // /Matrix) fitted to the annotation's /Rect (PDF 32000-1, 12.5.5).
            run.gs = initial.clone();
            run.stack.clear();
            run.tm = Matrix::IDENTITY;
            run.tlm = Matrix::IDENTITY;
            run.path.clear();
            let Object::Stream(stream) = ap.stream else {
                continue;
            };
            let form_matrix = get(self.doc, &stream.dict, b"Matrix")
                .map(|o| numbers(self.doc, o))
                .and_then(|v| Matrix::from_numbers(&v))
                .unwrap_or(Matrix::IDENTITY);
            let bbox = get(self.doc, &stream.dict, b"BBox")
                .map(|o| numbers(self.doc, o))
                .filter(|v| v.len() == 4)
                .unwrap_or_else(|| vec![0.0, 0.0, 1.0, 1.0]);
            let fit = fit_to_rect(&form_matrix, &bbox, &ap.rect);
            run.gs.ctm = fit.then(&initial.ctm);
            self.draw_form(&mut run, ap.stream, stream, ap.id, &Vec::new(), 0)?;
        }
        Ok(run.out)
    }

    /// The font of a glyph (by `PlacedGlyph::font`).
    pub fn font_by_id(&self, id: u32) -> Option<&Font> {
        self.font_list
            .get((id as usize).checked_sub(1)?)
            .map(|f| &**f)
    }

    fn count_decoded(&mut self, n: usize) -> Result<()> {
        self.decoded += n as u64;
        if self.decoded > self.limits.max_total_decoded as u64 {
            return Err(Error::Pdf(format!(
                "more than {} MiB of decompressed content; refusing",
                self.limits.max_total_decoded >> 20
            )));
        }
        Ok(())
    }

    fn font(&mut self, resources: &Resources<'d>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        for res in resources {
            let Some(fonts) = get(doc, res, b"Font").and_then(|o| o.as_dict().ok()) else {
                continue;
            };
            let Ok(entry) = fonts.get(name) else { continue };
            let key = match entry {
                Object::Reference(id) => FontKey::Ref(*id),
                other => FontKey::Ptr(other as *const Object as usize),
            };
            if let Some(f) = self.fonts.get(&key) {
                return Some(f.clone());
            }
            let mut font = match deref(doc, entry).and_then(|o| o.as_dict().ok()) {
                Some(d) => Font::load(doc, d, self.limits.max_stream),
                None => Font::fallback(),
            };
            font.id = self.fonts.len() as u32 + 1;
            let font = Rc::new(font);
            self.font_list.push(font.clone());
            self.fonts.insert(key, font.clone());
            return Some(font);
        }
        None
    }

    fn exec(
        &mut self,
        run: &mut PageRun<'d>,
        content: &[u8],
        resources: &Resources<'d>,
        depth: usize,
    ) -> Result<()> {
        let mut lx = Lexer::new(content);
        let mut args: Vec<Operand> = Vec::with_capacity(8);
        while let Some(tok) = lx.next_token() {
            let op = match tok {
                Token::Operand(o) => {
                    if args.len() < 64 {
                        args.push(o);
                    }
                    continue;
                }
                Token::Stray => continue,
                Token::Op(op) => op,
            };
            self.ops += 1;
            if self.ops > self.limits.max_ops {
                return Err(Error::Pdf(format!(
                    "more than {} content operators; refusing",
                    self.limits.max_ops
                )));
            }
            self.op(run, op, &args, resources, depth, &mut lx)?;
            args.clear();
            if run.out.glyphs.len() > self.limits.max_glyphs_per_page {
                return Err(Error::Pdf(format!(
                    "more than {} glyphs on one page; refusing",
                    self.limits.max_glyphs_per_page
                )));
            }
        }
        Ok(())
    }

    fn op(
        &mut self,
        run: &mut PageRun<'d>,
        op: &[u8],
        a: &[Operand],
        resources: &Resources<'d>,
        depth: usize,
        lx: &mut Lexer,
    ) -> Result<()> {
        let n = |i: usize| a.get(i).and_then(Operand::num);
        let last = |k: usize| -> Option<Vec<f32>> {
            if a.len() < k {
                return None;
            }
            a[a.len() - k..].iter().map(Operand::num).collect()
        };
        match op {
            // graphics state
            b"q" => {
                if run.stack.len() < 512 {
                    run.stack.push(run.gs.clone());
                } else {
                    run.skipped_q += 1;
                }
            }
            b"Q" => {
                if run.skipped_q > 0 {
                    run.skipped_q -= 1;
                } else if let Some(g) = run.stack.pop() {
                    run.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = Matrix::from_operands(a) {
                    run.gs.ctm = m.then(&run.gs.ctm);
                }
            }
            b"w" => {
                if let Some(v) = n(0) {
                    run.gs.line_width = v;
                }
            }
            b"g" => run.gs.fill_white = n(0).is_some_and(|v| v >= 0.95),
            b"rg" => run.gs.fill_white = last(3).is_some_and(|v| v.iter().all(|&c| c >= 0.95)),
            b"k" => run.gs.fill_white = last(4).is_some_and(|v| v.iter().all(|&c| c <= 0.05)),
            b"sc" | b"scn" => {
                let v: Vec<f32> = a.iter().filter_map(Operand::num).collect();
                run.gs.fill_white = match v.len() {
                    1 | 3 => v.iter().all(|&c| c >= 0.95),
                    4 => v.iter().all(|&c| c <= 0.05),
                    _ => false,
                };
            }
            b"cs" => run.gs.fill_white = false,
            // text objects and state
            b"BT" => {
                run.tm = Matrix::IDENTITY;
                run.tlm = Matrix::IDENTITY;
            }
            b"ET" => {}
            b"Tf" => {
                if let (Some(Operand::Name(name)), Some(size)) = (a.first(), n(1)) {
                    run.gs.font = self.font(resources, name);
                    run.gs.font_size = size;
                }
            }
            b"Tc" => run.gs.char_spacing = n(0).unwrap_or(0.0),
            b"Tw" => run.gs.word_spacing = n(0).unwrap_or(0.0),
            b"Tz" => run.gs.hscale = n(0).unwrap_or(100.0) / 100.0,
            b"TL" => run.gs.leading = n(0).unwrap_or(0.0),
            b"Ts" => run.gs.rise = n(0).unwrap_or(0.0),
            b"Tr" => run.gs.render = n(0).unwrap_or(0.0) as i32,
            b"Td" => {
                if let Some(v) = last(2) {
                    run.next_line(v[0], v[1]);
                }
            }
            b"TD" => {
                if let Some(v) = last(2) {
                    run.gs.leading = -v[1];
                    run.next_line(v[0], v[1]);
                }
            }
            b"Tm" => {
                if let Some(m) = Matrix::from_operands(a) {
                    run.tm = m;
                    run.tlm = m;
                }
            }
            b"T*" => {
                let l = run.gs.leading;
                run.next_line(0.0, -l);
            }
            b"Tj" => {
                if let Some(Operand::Str(s)) = a.last() {
                    run.show(s);
                }
            }
            b"'" => {
                let l = run.gs.leading;
                run.next_line(0.0, -l);
                if let Some(Operand::Str(s)) = a.last() {
                    run.show(s);
                }
            }
            b"\"" => {
                if a.len() >= 3 {
                    run.gs.word_spacing = n(a.len() - 3).unwrap_or(run.gs.word_spacing);
                    run.gs.char_spacing = n(a.len() - 2).unwrap_or(run.gs.char_spacing);
                }
                let l = run.gs.leading;
                run.next_line(0.0, -l);
                if let Some(Operand::Str(s)) = a.last() {
                    run.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = a.last() {
                    for item in items {
                        match item {
                            Operand::Str(s) => run.show(s),
                            Operand::Num(adj) if adj.is_finite() => {
                                let tx = -adj / 1000.0 * run.gs.font_size * run.gs.hscale;
                                run.advance(tx);
                            }
                            _ => {}
                        }
                    }
                }
            }
            // marked content
            b"BMC" => run.marked.push(None),
            b"BDC" => {
                let actual = match a.last() {
                    Some(d @ Operand::Dict(_)) => match d.dict_get(b"ActualText") {
                        Some(Operand::Str(s)) => Some(pdf_text_string(s)),
                        _ => None,
                    },
                    Some(Operand::Name(name)) => self.property_actual_text(resources, name),
                    _ => None,
                };
                run.marked.push(actual.map(|t| (run.out.glyphs.len(), t)));
            }
            b"EMC" => {
                if let Some(Some((start, text))) = run.marked.pop() {
                    run.replace_with_actual_text(start, &text);
                }
            }
            // paths
            b"m" => {
                if let Some(v) = last(2) {
                    let p = run.gs.ctm.apply(v[0], v[1]);
                    run.path.push((vec![p], false));
                }
            }
            b"l" => {
                if let Some(v) = last(2) {
                    let p = run.gs.ctm.apply(v[0], v[1]);
                    match run.path.last_mut() {
                        Some((pts, _)) if pts.len() < 10_000 => pts.push(p),
                        Some(_) => {}
                        None => run.path.push((vec![p], false)),
                    }
                }
            }
            b"c" | b"v" | b"y" => {
                // Curves are never rulings: end the subpath at the curve's end point.
                if let Some(v) = last(2) {
                    let p = run.gs.ctm.apply(v[0], v[1]);
                    run.path.push((vec![p], false));
                }
            }
            b"h" => {
                if let Some((_, closed)) = run.path.last_mut() {
                    *closed = true;
                }
            }
            b"re" => {
                if let Some(v) = last(4) {
                    let (x, y, w, h) = (v[0], v[1], v[2], v[3]);
                    let m = run.gs.ctm;
                    let pts = vec![
                        m.apply(x, y),
                        m.apply(x + w, y),
                        m.apply(x + w, y + h),
                        m.apply(x, y + h),
                    ];
                    if run.path.len() < 100_000 {
                        run.path.push((pts, true));
                    }
                }
            }
            b"S" | b"s" => {
                if op == b"s" {
                    if let Some((_, closed)) = run.path.last_mut() {
                        *closed = true;
                    }
                }
                run.paint(true, false);
            }
            b"f" | b"F" | b"f*" => run.paint(false, true),
            b"B" | b"B*" | b"b" | b"b*" => run.paint(true, true),
            b"n" => run.path.clear(),
            // external objects
            b"Do" => {
                if let Some(Operand::Name(name)) = a.last() {
                    self.do_xobject(run, name, resources, depth)?;
                }
            }
            b"BI" => lx.skip_inline_image(),
            _ => {}
        }
        Ok(())
    }

    fn property_actual_text(&self, resources: &Resources<'d>, name: &[u8]) -> Option<String> {
        for res in resources {
            let props = get(self.doc, res, b"Properties").and_then(|o| o.as_dict().ok());
            if let Some(p) = props
                .and_then(|p| get(self.doc, p, name))
                .and_then(|o| o.as_dict().ok())
            {
                if let Some(Object::String(s, _)) = get(self.doc, p, b"ActualText") {
                    return Some(pdf_text_string(s));
                }
                return None;
            }
        }
        None
    }

    fn do_xobject(
        &mut self,
        run: &mut PageRun<'d>,
        name: &[u8],
        resources: &Resources<'d>,
        depth: usize,
    ) -> Result<()> {
        let doc = self.doc;
        let mut found = None;
        for res in resources {
            if let Some(xo) = get(doc, res, b"XObject").and_then(|o| o.as_dict().ok()) {
                if let Ok(entry) = xo.get(name) {
                    found = Some(entry);
                    break;
                }
            }
        }
        let Some(entry) = found else { return Ok(()) };
        let id = entry.as_reference().ok();
        let Some(Object::Stream(stream)) = deref(doc, entry) else {
            return Ok(());
        };
        match get(doc, &stream.dict, b"Subtype").and_then(|o| o.as_name().ok()) {
            Some(b"Image") => {
                run.out.images += 1;
                if let Some(id) = id {
                    run.out.image_draws.push(ImageDraw {
                        id,
                        ctm: run.gs.ctm.0,
                    });
                }
                Ok(())
            }
            Some(b"Form") => self.draw_form(run, entry, stream, id, resources, depth),
            _ => Ok(()),
        }
    }

    /// Draws a form XObject (`entry`, the object as found, and its stream) in the current
    /// graphics state, with its own /Matrix and /Resources (the caller's as a fallback).
    fn draw_form(
        &mut self,
        run: &mut PageRun<'d>,
        entry: &'d Object,
        stream: &'d lopdf::Stream,
        id: Option<ObjectId>,
        resources: &Resources<'d>,
        depth: usize,
    ) -> Result<()> {
        let doc = self.doc;
        {
            {
                if depth + 1 > self.limits.max_form_depth {
                    return Err(Error::Pdf(format!(
                        "form XObjects nested more than {} deep; refusing",
                        self.limits.max_form_depth
                    )));
                }
                if let Some(id) = id {
                    if run.forms.contains(&id) {
                        // A form that draws itself: skip the cycle.
                        return Ok(());
                    }
                }
                let Some(content) =
                    stream_bytes(deref(doc, entry).unwrap_or(entry), self.limits.max_stream)
                else {
                    return Ok(());
                };
                self.count_decoded(content.len())?;
                let matrix = get(doc, &stream.dict, b"Matrix")
                    .map(|o| numbers(doc, o))
                    .and_then(|v| Matrix::from_numbers(&v))
                    .unwrap_or(Matrix::IDENTITY);
                let mut inner: Resources<'d> = Vec::with_capacity(resources.len() + 1);
                if let Some(r) = get(doc, &stream.dict, b"Resources").and_then(|o| o.as_dict().ok())
                {
                    inner.push(r);
                }
                inner.extend(resources.iter().copied());
                let saved = (
                    run.gs.clone(),
                    run.stack.len(),
                    run.tm,
                    run.tlm,
                    run.marked.len(),
                );
                run.gs.ctm = matrix.then(&run.gs.ctm);
                if let Some(id) = id {
                    run.forms.push(id);
                }
                let result = self.exec(run, &content, &inner, depth + 1);
                if id.is_some() {
                    run.forms.pop();
                }
                run.gs = saved.0;
                run.stack.truncate(saved.1);
                run.tm = saved.2;
                run.tlm = saved.3;
                while run.marked.len() > saved.4 {
                    if let Some(Some((start, text))) = run.marked.pop() {
                        run.replace_with_actual_text(start, &text);
                    }
                }
                result
            }
        }
    }
}

impl PageRun<'_> {
    fn next_line(&mut self, tx: f32, ty: f32) {
        self.tlm = Matrix([1.0, 0.0, 0.0, 1.0, tx, ty]).then(&self.tlm);
        self.tm = self.tlm;
    }

    fn advance(&mut self, tx: f32) {
        let m = &mut self.tm.0;
        m[4] += tx * m[0];
        m[5] += tx * m[1];
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some(font) = self.gs.font.clone() else {
            return;
        };
        let mut scratch = std::mem::take(&mut self.scratch);
        font.glyphs(bytes, &mut scratch, |g| {
            self.place(&font, g.text, g.width, g.single_byte && g.code == 32)
        });
        self.scratch = scratch;
    }

    fn place(&mut self, font: &Font, text: &str, width: f32, word_space: bool) {
        let fs = self.gs.font_size;
        let th = self.gs.hscale;
        if !text.is_empty() {
            // Trm = [fs*th 0 0 fs 0 rise] × Tm × CTM
            let tm_ctm = self.tm.then(&self.gs.ctm);
            let trm =
                Matrix([fs * th, 0.0, 0.0, fs * font.size_scale, 0.0, self.gs.rise]).then(&tm_ctm);
            let [a, b, c, d, e, f] = trm.0;
            let dir = quarter(a, b);
            let (ox, oy) = to_frame(dir, e, f);
            let (ax, _) = to_frame(dir, a * width, b * width);
            let (_, uy) = to_frame(dir, c, d);
            let size = uy.abs().max(0.01);
            let (x0, x1) = if ax >= 0.0 {
                (ox, ox + ax)
            } else {
                (ox + ax, ox)
            };
            if x0.is_finite() && x1.is_finite() && oy.is_finite() && size.is_finite() {
                let start = self.out.text.len() as u32;
                self.out.text.push_str(text);
                let end = self.out.text.len() as u32;
                self.out.glyphs.push(PlacedGlyph {
                    x0,
                    x1,
                    base: oy,
                    top: oy + font.ascent * size,
                    bottom: oy + font.descent * size,
                    size,
                    dir,
                    invisible: self.gs.render == 3 || self.gs.render == 7,
                    font: font.id,
                    start,
                    end,
                });
            }
        } else {
            self.out.unmapped += 1;
        }
        let spacing = self.gs.char_spacing
            + if word_space {
                self.gs.word_spacing
            } else {
                0.0
            };
        self.advance((width * fs + spacing) * th);
    }

    /// Replaces the glyphs drawn since `start` by one carrying the /ActualText.
    fn replace_with_actual_text(&mut self, start: usize, text: &str) {
        if start >= self.out.glyphs.len() {
            return;
        }
        let first = self.out.glyphs[start];
        let mut g = first;
        for o in &self.out.glyphs[start..] {
            if o.dir != first.dir {
                continue;
            }
            g.x0 = g.x0.min(o.x0);
            g.x1 = g.x1.max(o.x1);
            g.top = g.top.max(o.top);
            g.bottom = g.bottom.min(o.bottom);
        }
        self.out.glyphs.truncate(start);
        let s = self.out.text.len() as u32;
        self.out.text.push_str(text);
        g.start = s;
        g.end = self.out.text.len() as u32;
        self.out.glyphs.push(g);
    }

    fn paint(&mut self, stroke: bool, fill: bool) {
        let path = std::mem::take(&mut self.path);
        let lw = {
            let [a, b, c, d, _, _] = self.gs.ctm.0;
            self.gs.line_width.max(0.0) * ((a * d - b * c).abs().sqrt()).max(0.0)
        };
        let page_area = self.page_area;
        for (pts, closed) in &path {
            if pts.len() < 2 || self.out.rules.len() > 200_000 {
                continue;
            }
            let axis_aligned =
                |p: (f32, f32), q: (f32, f32)| (p.0 - q.0).abs() < 0.5 || (p.1 - q.1).abs() < 0.5;
            if stroke {
                let n = pts.len();
                let segs = if *closed { n } else { n - 1 };
                for i in 0..segs {
                    let (p, q) = (pts[i], pts[(i + 1) % n]);
                    if axis_aligned(p, q) {
                        self.out.rules.push(Rule::new(p, q, lw));
                    }
                }
            }
            if fill {
                let all_aligned =
                    (0..pts.len()).all(|i| axis_aligned(pts[i], pts[(i + 1) % pts.len()]));
                if !all_aligned {
                    continue;
                }
                let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
                for &(x, y) in pts {
                    x0 = x0.min(x);
                    y0 = y0.min(y);
                    x1 = x1.max(x);
                    y1 = y1.max(y);
                }
                let (w, h) = (x1 - x0, y1 - y0);
                if w.min(h) <= 3.0 && w.max(h) >= 2.0 {
                    // A thin filled bar is a drawn line.
                    if w >= h {
                        let y = (y0 + y1) / 2.0;
                        self.out.rules.push(Rule::new((x0, y), (x1, y), h));
                    } else {
                        let x = (x0 + x1) / 2.0;
                        self.out.rules.push(Rule::new((x, y0), (x, y1), w));
                    }
                } else if !self.gs.fill_white && w * h < 0.5 * page_area && w.min(h) > 3.0 {
                    // A shaded cell: its edges bound the cell.
                    for (p, q) in [
                        ((x0, y0), (x1, y0)),
                        ((x1, y0), (x1, y1)),
                        ((x0, y1), (x1, y1)),
                        ((x0, y0), (x0, y1)),
                    ] {
                        self.out.rules.push(Rule::new(p, q, 0.0));
                    }
                }
            }
        }
    }
}
