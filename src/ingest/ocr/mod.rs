//! OCR of scanned pages and images (Tesseract's Vietnamese model), and the decision per page
//! between a PDF's text layer and OCR.
//!
//! A page is OCR'd (`--ocr auto`) when it has no text but images; when it is a scan whose only
//! text is an overlay such as a signature stamp; when its text layer does not read as
//! Vietnamese (`readability`: a broken font map, an OCR layer made without Vietnamese, or one
//! that lost its diacritics — on a scan, where the image holds the marks the layer lost). A
//! born-digital page whose words merely lack marks keeps them: restoration handles it.
//!
//! OCR'd words come back as placed words and the image's rulings as rules, and go through the
//! PDF reader's own line building and table cutting (`pdf::page_from_words`): the header's
//! two columns, the closing's two columns and ruled tables read the same as in a born-digital
//! PDF. Pages are read in parallel (rayon), one Tesseract process each.

pub mod cells;
pub mod dropped;
pub mod handwritten;
pub mod hocr;
pub mod orientation;
pub mod page_image;
pub mod place;
mod process;
pub mod raster;
pub mod readability;
pub mod rulings;
pub mod tesseract;

pub use tesseract::Budget;

use crate::error::{Error, Result};
use crate::ingest::pdf::{self, PdfPage, PlacedWord};
use crate::ingest::Ingested;
use crate::model::{Format, PageDetail, PageImageKind, PageReason, PageText, Warning};
use hocr::HocrPage;
use page_image::{ImageSource, PageImage};
use rayon::prelude::*;
use readability::{Readability, Verdict};
use std::sync::atomic::{AtomicUsize, Ordering};
use tesseract::Engine;
pub use tesseract::Segmentation;

/// When pages are OCR'd.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// Pages without usable text (see the module's notes).
    #[default]
    Auto,
    /// Every page, whatever its text layer.
    Always,
    /// None: text layers only; a scan without one is an error.
    Never,
}

impl std::str::FromStr for OcrMode {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        match s {
            "auto" => Ok(OcrMode::Auto),
            "always" => Ok(OcrMode::Always),
            "never" => Ok(OcrMode::Never),
            _ => Err(format!("unknown OCR mode '{s}' (auto, always, never)")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OcrOptions {
    pub mode: OcrMode,
    /// Time and memory for each page's recognition.
    pub budget: Budget,
    /// Report "OCR n/N pages" on standard error while a document of several pages is read.
    pub progress: bool,
}

/// Why a page is OCR'd.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reason {
    NoText,
    StampOnly,
    Unreadable,
    WithoutDiacritics,
    Forced,
}

impl Reason {
    fn code(self) -> PageReason {
        match self {
            Reason::NoText => PageReason::NoText,
            Reason::StampOnly => PageReason::StampOnly,
            Reason::Unreadable => PageReason::UnreadableLayer,
            Reason::WithoutDiacritics => PageReason::LayerWithoutDiacritics,
            Reason::Forced => PageReason::Forced,
        }
    }

    /// Whether OCR replaces a text layer (rather than reading a page that had none).
    fn replaces_layer(self) -> bool {
        matches!(self, Reason::Unreadable | Reason::WithoutDiacritics)
    }
}

/// A scan whose text covers less than this share of its image holds only an overlay (a
/// signature stamp, an e-office "SAO Y" line): a page of text covers ten times that.
const STAMP_COVER: f32 = 0.02;

/// The decision for one page.
#[derive(Debug, Clone, Copy)]
struct Plan {
    reason: Option<Reason>,
    layer: Option<Readability>,
}

fn page_text(page: &PdfPage) -> String {
    let mut s = String::new();
    for w in &page.words {
        s.push_str(&w.text);
        s.push(' ');
    }
    s
}

fn plan(page: &PdfPage, mode: OcrMode) -> Plan {
    let text = page_text(page);
    let mut r = Readability::of(&text);
    r.add_unmapped(page.unmapped_glyphs);
    let layer = (r.verdict() != Verdict::Empty).then_some(r);
    let reason = match mode {
        OcrMode::Never => None,
        OcrMode::Always => Some(Reason::Forced),
        OcrMode::Auto => auto_reason(page, &r),
    };
    Plan { reason, layer }
}

fn auto_reason(page: &PdfPage, r: &Readability) -> Option<Reason> {
    let verdict = r.verdict();
    if verdict == Verdict::Empty {
        return (page.images > 0).then_some(Reason::NoText);
    }
    match page_image::dominant_image(page) {
        Some(draw) => {
            match verdict {
                Verdict::Unreadable => return Some(Reason::Unreadable),
                Verdict::WithoutDiacritics => return Some(Reason::WithoutDiacritics),
                _ => {}
            }
            let [a, b, c, d, _, _] = draw.ctm;
            let image_area = (a * d - b * c).abs().max(1.0);
            let covered: f32 = page
                .words
                .iter()
                .map(|w| (w.bbox.0[2] - w.bbox.0[0]) * (w.bbox.0[3] - w.bbox.0[1]))
                .sum();
            (covered / image_area < STAMP_COVER).then_some(Reason::StampOnly)
        }
        // Born-digital: only a layer that is not Vietnamese at all is read from its rendering.
        None => (verdict == Verdict::Unreadable).then_some(Reason::Unreadable),
    }
}

fn round2(v: f32) -> f64 {
    (v as f64 * 100.0).round() / 100.0
}

/// One page read by OCR.
struct OcrPage {
    page: PdfPage,
    confidence: f32,
    source: ImageSource,
    dpi: f32,
}

/// Reads a PDF: text layers where they are usable, OCR where they are not.
pub fn ingest_pdf(bytes: &[u8], name: &str, options: &OcrOptions) -> Result<Ingested> {
    let (mut pages, signatures) = pdf::extract_pages_and_signatures(bytes)?;
    let plans: Vec<Plan> = pages.iter().map(|p| plan(p, options.mode)).collect();
    let todo: Vec<usize> = (0..pages.len())
        .filter(|&i| plans[i].reason.is_some())
        .collect();
    let mut outcome: Vec<Option<std::result::Result<OcrPage, String>>> =
        (0..pages.len()).map(|_| None).collect();
    let mut unavailable = None;
    if !todo.is_empty() {
        match tesseract::engine() {
            Err(e) => {
                if options.mode == OcrMode::Always {
                    return Err(e);
                }
                unavailable = Some(e.to_string());
            }
            Ok(engine) => {
                let doc = pdf::load(bytes, &pdf::Limits::default())?;
                let done = AtomicUsize::new(0);
                let results: Vec<std::result::Result<OcrPage, String>> = todo
                    .par_iter()
                    .map(|&i| {
                        let r = ocr_pdf_page(engine, &doc, bytes, &pages[i], options)
                            .map_err(|e| e.to_string());
                        let k = done.fetch_add(1, Ordering::Relaxed) + 1;
                        if options.progress && todo.len() >= 2 {
                            eprintln!("vanban: {name}: OCR {k}/{} pages", todo.len());
                        }
                        r
                    })
                    .collect();
                for (&i, r) in todo.iter().zip(results) {
                    outcome[i] = Some(r);
                }
            }
        }
    }
    let mut details = Vec::with_capacity(pages.len());
    let mut warnings = Vec::new();
    for (i, plan) in plans.iter().enumerate() {
        let number = pages[i].number;
        let layer_score = plan.layer.map(|r| round2(r.score()));
        let has_layer = plan.layer.is_some();
        let mut detail = PageDetail {
            page: number,
            text: if has_layer {
                PageText::Layer
            } else {
                PageText::None
            },
            reason: None,
            layer_score,
            ocr_confidence: None,
            image: None,
            dpi: None,
        };
        match (plan.reason, outcome[i].take()) {
            (Some(reason), Some(Ok(ocr))) => {
                let keep = if reason == Reason::StampOnly || reason == Reason::NoText {
                    overlay_words(&pages[i], &ocr.page)
                } else {
                    Vec::new()
                };
                let found = !ocr.page.words.is_empty();
                pages[i] = with_overlay(ocr.page, keep);
                detail.text = if !found {
                    PageText::None
                } else if reason.replaces_layer() || (reason == Reason::Forced && has_layer) {
                    PageText::OcrReplacedLayer
                } else {
                    PageText::Ocr
                };
                detail.reason = Some(reason.code());
                detail.ocr_confidence = Some(round2(ocr.confidence));
                detail.image = Some(match ocr.source {
                    ImageSource::Embedded => PageImageKind::Embedded,
                    ImageSource::Rendered => PageImageKind::Rendered,
                    ImageSource::File => PageImageKind::File,
                });
                detail.dpi = Some(ocr.dpi.round() as u32);
            }
            (Some(reason), Some(Err(e))) => {
                detail.reason = Some(PageReason::OcrFailed);
                warnings.push(page_warning(
                    "ocr_failed",
                    number,
                    format!(
                        "page {number}: OCR failed ({e}); {}",
                        kept(has_layer, reason)
                    ),
                ));
            }
            (Some(reason), None) => {
                let why = unavailable.as_deref().unwrap_or("OCR is not available");
                detail.reason = Some(PageReason::OcrUnavailable);
                warnings.push(page_warning(
                    "ocr_unavailable",
                    number,
                    format!("page {number}: {why}; {}", kept(has_layer, reason)),
                ));
            }
            (None, _) => {
                if options.mode == OcrMode::Never && !has_layer && pages[i].images > 0 {
                    detail.reason = Some(PageReason::OcrOff);
                }
            }
        }
        details.push(detail);
    }
    let any_text = pages
        .iter()
        .any(|p| p.words.iter().any(|w| !w.text.trim().is_empty()));
    if !any_text {
        return Err(no_text_error(&pages, options.mode, unavailable, &warnings));
    }
    let mut ingested = pdf::to_ingested(&pages)?;
    mark_ocr_grids(&mut ingested, &details);
    ingested.signatures = signatures;
    ingested.pages_detail = details;
    ingested.warnings = warnings;
    Ok(ingested)
}

/// Tables cut from the rulings of an OCR'd page image are the OCR's.
fn mark_ocr_grids(ingested: &mut Ingested, details: &[PageDetail]) {
    let ocr_pages: Vec<u32> = details
        .iter()
        .filter(|d| matches!(d.text, PageText::Ocr | PageText::OcrReplacedLayer))
        .map(|d| d.page)
        .collect();
    for grid in &mut ingested.tables {
        if ocr_pages.contains(&grid.page) {
            grid.origin = crate::ingest::GridOrigin::Ocr;
        }
    }
}

fn kept(has_layer: bool, reason: Reason) -> &'static str {
    if has_layer && reason != Reason::StampOnly {
        "its text layer is used as it is"
    } else {
        "the page has no text"
    }
}

fn page_warning(code: &str, page: u32, message: String) -> Warning {
    Warning::new(
        code,
        message,
        Some(crate::model::Span {
            page,
            line_start: 1,
            line_end: 1,
            bbox: None,
            table: None,
            row: None,
            cell: None,
        }),
    )
}

fn no_text_error(
    pages: &[PdfPage],
    mode: OcrMode,
    unavailable: Option<String>,
    warnings: &[Warning],
) -> Error {
    let images: usize = pages.iter().map(|p| p.images).sum();
    if let Some(why) = unavailable {
        return Error::Ocr(why);
    }
    if mode == OcrMode::Never {
        return Error::Pdf(if images > 0 {
            "no text layer; the pages are scanned images (OCR is off: --ocr never)".into()
        } else {
            "no text layer".into()
        });
    }
    if let Some(w) = warnings.iter().find(|w| w.code == "ocr_failed") {
        return Error::Ocr(format!("no text: {}", w.message));
    }
    if images > 0 {
        Error::Ocr("no text: OCR found none on the page images".into())
    } else {
        Error::Pdf("no text layer and no images: blank pages".into())
    }
}

/// The visible words of a scan's text layer that OCR does not cover: a signature stamp or
/// an e-office line drawn over the image, not part of it. Hidden words (an OCR layer) and
/// unreadable ones are left.
fn overlay_words(layer: &PdfPage, ocr: &PdfPage) -> Vec<PlacedWord> {
    let visible: Vec<&pdf::Word> = layer
        .words
        .iter()
        .filter(|w| !w.invisible && w.dir == 0)
        .collect();
    let text: String = visible
        .iter()
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    if visible.is_empty() || Readability::of(&text).verdict() != Verdict::Readable {
        return Vec::new();
    }
    let covered = |w: &pdf::Word| {
        let (cx, cy) = (
            (w.bbox.0[0] + w.bbox.0[2]) / 2.0,
            (w.bbox.0[1] + w.bbox.0[3]) / 2.0,
        );
        ocr.words.iter().any(|o| {
            cx >= o.bbox.0[0] && cx <= o.bbox.0[2] && cy >= o.bbox.0[1] && cy <= o.bbox.0[3]
        })
    };
    // One line id per layer line, above any OCR line's.
    let mut out = Vec::new();
    for (li, line) in layer.lines.iter().enumerate() {
        for w in &line.words {
            if w.invisible || w.dir != 0 || covered(w) {
                continue;
            }
            out.push(PlacedWord {
                text: w.text.clone(),
                x0: w.bbox.0[0],
                x1: w.bbox.0[2],
                bottom: w.bbox.0[1],
                top: w.bbox.0[3],
                baseline: w.baseline,
                font_size: w.font_size,
                line: 1_000_000 + li as u32,
            });
        }
    }
    out
}

/// An OCR'd page with the overlay words put back among its own.
fn with_overlay(page: PdfPage, overlay: Vec<PlacedWord>) -> PdfPage {
    if overlay.is_empty() {
        return page;
    }
    let mut words: Vec<PlacedWord> = page
        .lines
        .iter()
        .enumerate()
        .flat_map(|(li, l)| {
            l.words.iter().map(move |w| PlacedWord {
                text: w.text.clone(),
                x0: w.bbox.0[0],
                x1: w.bbox.0[2],
                bottom: w.bbox.0[1],
                top: w.bbox.0[3],
                baseline: w.baseline,
                font_size: w.font_size,
                line: li as u32,
            })
        })
        .collect();
    words.extend(overlay);
    pdf::page_from_words(page.number, (page.width, page.height), &words, page.rules)
}

/// OCRs one PDF page from its own image, or from its rendering.
fn ocr_pdf_page(
    engine: &Engine,
    doc: &lopdf::Document,
    bytes: &[u8],
    page: &PdfPage,
    options: &OcrOptions,
) -> Result<OcrPage> {
    let image = image_of(doc, bytes, page, options.budget)?;
    read_image(engine, image, page.number, options.budget)
}

/// A PDF page's own image where one fills it, else its rendering.
fn image_of(
    doc: &lopdf::Document,
    bytes: &[u8],
    page: &PdfPage,
    budget: Budget,
) -> Result<PageImage> {
    match page_image::dominant_image(page).and_then(|d| page_image::embedded(doc, &d)) {
        Some(image) => Ok(image),
        None => page_image::render(bytes, page.number, page, budget),
    }
}

/// Each page's image as OCR takes it from a PDF (its own image, else its rendering; upright as
/// the page shows it), before anything is done to it: what a user would hand to Tesseract.
/// For benchmarks and debugging.
pub fn page_images(bytes: &[u8], budget: Budget) -> Result<Vec<PageImage>> {
    let pages = pdf::extract_pages(bytes)?;
    let doc = pdf::load(bytes, &pdf::Limits::default())?;
    pages
        .iter()
        .map(|page| image_of(&doc, bytes, page, budget))
        .collect()
}

/// The images Tesseract is handed for a page image (rulings erased; a table's cells stacked,
/// and the rest of the page stacked apart), and how each is segmented: for debugging.
pub fn as_read(image: &PageImage) -> Vec<(raster::Gray, Segmentation)> {
    let (erased, segmentation, stacks) = for_tesseract(image);
    match stacks {
        None => vec![(erased, segmentation)],
        Some(stacks) => std::iter::once((stacks.cells.image, segmentation))
            .chain(stacks.rest.map(|r| (r.image, Segmentation::Auto)))
            .collect(),
    }
}

/// The image Tesseract reads (the rulings' ink turned to paper), the segmentation it is read
/// with, and where the rulings draw a table its cells stacked (read as one block, each cell
/// apart: `cells`) and the rest of the page stacked apart (read as a page).
fn for_tesseract(image: &PageImage) -> (raster::Gray, Segmentation, Option<cells::Stacks>) {
    let tolerance = (0.03 * image.dpi()).max(2.0) as u32;
    let lines = rulings::table_like(rulings::find(&image.gray, image.dpi()), tolerance);
    let erased = rulings::erased(&image.gray, &lines);
    if !rulings::has_table(&lines, tolerance) {
        return (erased, Segmentation::Auto, None);
    }
    let stack = cells::stack(&erased, &lines, tolerance, image.dpi());
    (erased, Segmentation::Block, stack)
}

/// OCRs one page image into a page of words and rulings, turned upright first when its text
/// runs sideways or upside down.
fn read_image(engine: &Engine, image: PageImage, number: u32, budget: Budget) -> Result<OcrPage> {
    let dpi = image.dpi();
    // The page as Tesseract reads it (rulings erased), kept to read dropped blocks from, and
    // how it was segmented.
    let recognize = |image: &PageImage| -> Result<(HocrPage, raster::Gray, Segmentation)> {
        let (readable, segmentation, stack) = for_tesseract(image);
        let read = |gray: &raster::Gray, segmentation| {
            engine.recognize(
                &gray.to_pgm(),
                Some(dpi.round() as u32),
                segmentation,
                budget,
            )
        };
        let (width, height) = (readable.width, readable.height);
        let hocr = match &stack {
            Some(stacks) => {
                let cells = &stacks.cells;
                let in_cells = cells.unstack(read(&cells.image, segmentation)?, width, height);
                match &stacks.rest {
                    Some(rest) => {
                        let read = read(&rest.image, Segmentation::Auto)?;
                        let mut hocr = rest.unstack(read, width, height);
                        hocr.separators.extend_from_slice(&in_cells.separators);
                        dropped::merge(&mut hocr, in_cells, (0, 0));
                        hocr
                    }
                    None => in_cells,
                }
            }
            None => read(&readable, segmentation)?,
        };
        Ok((hocr, readable, segmentation))
    };
    let (mut hocr, mut readable, mut segmentation) = recognize(&image)?;
    let mut image = image;
    // Lines running down or up the image: the turn is certain once they lie level. A page
    // that reads as junk: the orientation model's turn, kept if it reads better.
    let sideways = orientation::sideways(&hocr);
    let turn = match sideways {
        Some(turn) => Some(turn),
        None if orientation::poorly_read(&hocr) => {
            engine.orientation(&image.gray.to_pgm(), budget)?
        }
        None => None,
    };
    if let Some(turn) = turn.filter(|&t| t != 0) {
        let turned = orientation::turned(&image, turn);
        let (again, again_readable, again_segmentation) = recognize(&turned)?;
        let better = if sideways.is_some() {
            orientation::sideways(&again).is_none()
        } else {
            orientation::reads_better(&again, &hocr)
        };
        if better {
            hocr = again;
            readable = again_readable;
            segmentation = again_segmentation;
            image = turned;
        }
    }
    // Blocks are dropped by Tesseract's layout analysis: a page read as one block has none
    // (what ink its words leave there is rulings Tesseract left, or print it read poorly).
    if segmentation != Segmentation::Block {
        dropped::drop_merged_lines(&mut hocr);
        recover_dropped(engine, &readable, &mut hocr, dpi, budget);
    }
    reread_handwritten(engine, &readable, &mut hocr, budget);
    let placed = place::place(&hocr, &image);
    let rules = place::rules(&image.gray, &image, placed.skew_degrees);
    let page = pdf::page_from_words(
        number,
        (image.right - image.left, image.top - image.bottom),
        &placed.words,
        rules,
    );
    Ok(OcrPage {
        page,
        confidence: placed.confidence,
        source: image.source,
        dpi,
    })
}

/// Blocks of print that Tesseract's page layout dropped (ink no word covers), each read again
/// as one block and added where it reads as text (`dropped`). A block that cannot be read
/// (its run failed or ran out of budget) leaves the page as it was.
fn recover_dropped(
    engine: &Engine,
    readable: &raster::Gray,
    hocr: &mut HocrPage,
    dpi: f32,
    budget: Budget,
) {
    for b in dropped::uncovered_blocks(readable, hocr, dpi) {
        let (crop, at) = dropped::crop(readable, b, (dpi / 25.4).round() as u32);
        let Ok(block) = engine.recognize(
            &crop.to_pgm(),
            Some(dpi.round() as u32),
            Segmentation::Block,
            budget,
        ) else {
            continue;
        };
        if let Some(text) = dropped::text_lines(block) {
            dropped::merge(hocr, text, at);
        }
    }
}

/// The header's number, day and month written by hand into their printed gaps, each gap read
/// again as digits and written into the page's words where the readings agree
/// (`handwritten`). A reading that fails leaves the page as it was.
fn reread_handwritten(
    engine: &Engine,
    readable: &raster::Gray,
    hocr: &mut HocrPage,
    budget: Budget,
) {
    let gaps = handwritten::gaps(hocr);
    if gaps.is_empty() || engine.digit_models.len() < 2 {
        return;
    }
    let threshold = readable.otsu();
    let mut values = Vec::new();
    for gap in gaps {
        let plain = handwritten::crop(readable, gap.bbox, 1);
        let ink = handwritten::ink_extent(&plain, threshold);
        let mut readings = Vec::new();
        'read: for scale in [1, 2] {
            let crop = match scale {
                1 => plain.to_pgm(),
                _ => handwritten::crop(readable, gap.bbox, scale).to_pgm(),
            };
            for &model in &engine.digit_models {
                let Ok(page) = engine.recognize_digits(&crop, model, budget) else {
                    break 'read;
                };
                readings.push(handwritten::Reading::of(&page, scale));
            }
            // The first scale's readings are both implausible: three cannot agree.
            let hopeful = readings
                .iter()
                .filter(|r| handwritten::plausible(gap.field, &r.digits))
                .count();
            if scale == 1 && hopeful == 0 {
                break;
            }
        }
        if let Some(v) = handwritten::agreed(gap.field, &readings, ink) {
            values.push((gap, v));
        }
    }
    for (gap, v) in &values {
        handwritten::apply(hocr, gap, v);
    }
    hocr.words.retain(|w| !w.text.is_empty());
}

/// Whether bytes are an image this reader takes (JPEG, PNG, TIFF, PNM).
pub fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xD8\xFF")
        || bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(b"II*\0")
        || bytes.starts_with(b"MM\0*")
        || (bytes.len() > 3
            && bytes[0] == b'P'
            && matches!(bytes[1], b'4' | b'5' | b'6')
            && bytes[2].is_ascii_whitespace())
}

/// Resolution assumed for an image that does not give one: an A4 page across its width, or
/// 300 dpi for anything else.
fn guessed_dpi(width: u32, height: u32) -> f32 {
    let (short, long) = (width.min(height) as f32, width.max(height) as f32);
    let aspect = long / short.max(1.0);
    if (1.35..1.48).contains(&aspect) {
        (short / 8.27).clamp(70.0, 600.0)
    } else {
        300.0
    }
}

/// Reads an image file (a multi-page TIFF page by page) by OCR.
pub fn ingest_image(bytes: &[u8], name: &str, options: &OcrOptions) -> Result<Ingested> {
    if options.mode == OcrMode::Never {
        return Err(Error::Ocr(
            "an image has no text to read without OCR (OCR is off: --ocr never)".into(),
        ));
    }
    let frames: Vec<(raster::Gray, Option<f32>)> = if bytes.starts_with(b"\xFF\xD8\xFF") {
        vec![raster::decode_jpeg(bytes)?]
    } else if bytes.starts_with(b"\x89PNG") {
        vec![raster::decode_png(bytes)?]
    } else if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        raster::decode_tiff(bytes)?
    } else {
        vec![(raster::decode_pnm(bytes)?, None)]
    };
    let engine = tesseract::engine()?;
    let done = AtomicUsize::new(0);
    let n = frames.len();
    let results: Vec<Result<OcrPage>> = frames
        .into_par_iter()
        .enumerate()
        .map(|(i, (gray, dpi))| {
            let dpi = dpi.unwrap_or_else(|| guessed_dpi(gray.width, gray.height));
            let (w, h) = (
                gray.width as f32 * 72.0 / dpi,
                gray.height as f32 * 72.0 / dpi,
            );
            let image = PageImage {
                gray,
                left: 0.0,
                top: h,
                right: w,
                bottom: 0.0,
                source: ImageSource::File,
            };
            let r = read_image(engine, image, i as u32 + 1, options.budget);
            let k = done.fetch_add(1, Ordering::Relaxed) + 1;
            if options.progress && n >= 2 {
                eprintln!("vanban: {name}: OCR {k}/{n} pages");
            }
            r
        })
        .collect();
    let mut pages = Vec::with_capacity(n);
    let mut details = Vec::with_capacity(n);
    let mut warnings = Vec::new();
    for (i, r) in results.into_iter().enumerate() {
        let number = i as u32 + 1;
        let mut detail = PageDetail {
            page: number,
            text: PageText::Ocr,
            reason: Some(PageReason::NoText),
            layer_score: None,
            ocr_confidence: None,
            image: Some(PageImageKind::File),
            dpi: None,
        };
        match r {
            Ok(ocr) => {
                detail.ocr_confidence = Some(round2(ocr.confidence));
                detail.dpi = Some(ocr.dpi.round() as u32);
                pages.push(ocr.page);
            }
            Err(e) => {
                if n == 1 {
                    return Err(e);
                }
                detail.text = PageText::None;
                detail.reason = Some(PageReason::OcrFailed);
                warnings.push(page_warning(
                    "ocr_failed",
                    number,
                    format!("page {number}: OCR failed ({e}); the page has no text"),
                ));
                pages.push(pdf::page_from_words(
                    number,
                    (612.0, 792.0),
                    &[],
                    Vec::new(),
                ));
            }
        }
        details.push(detail);
    }
    if !pages.iter().any(|p| !p.words.is_empty()) {
        return Err(Error::Ocr("no text: OCR found none in the image".into()));
    }
    let mut ingested = pdf::to_ingested(&pages)?;
    mark_ocr_grids(&mut ingested, &details);
    ingested.format = Format::Image;
    ingested.encoding = "ocr".into();
    ingested.pages_detail = details;
    ingested.warnings = warnings;
    Ok(ingested)
}
