//! A page with a ruled table read cell by cell: the cells' lines do not share baselines
//! across columns, so a page read as one block has text lines that cut through the glyphs of
//! the lines above and below in the next column.
//!
//! The rulings (drawn a little thicker, their ends drawn on to the next ruling) close the
//! table's cells; each closed area of paper is a cell, whatever its shape: a merged cell stays
//! whole, and a tilted scan's cells follow its tilted rulings. The cells with ink are cut
//! out (the pixels outside a cell's area turned to paper), each cropped to its ink, and
//! stacked in one column with white gaps, so that every text line Tesseract finds lies in one
//! piece; the stack is read as one block. The rest of the page (the page with those cells
//! turned to paper, cut into bands, the bands with ink each cropped to its ink) is stacked
//! apart the same way and read in its own run as a page: read as one block with the cells, a
//! short centred line under the page number (an annex's "Phụ lục I") came out as junk. Each
//! word and line read is then moved back to its piece's place on the page. Every pixel of a
//! cell or band with ink that is darker than paper is in one piece: nothing is lost; the
//! blank paper left out is most of a ruled page, and what Tesseract, the image's copies and
//! its temporary file cost is in proportion to the stacks' size.

use super::hocr::{HocrPage, PxBox};
use super::raster::Gray;
use super::rulings::Segment;

/// The page's pieces stacked into one image, and where each came from.
#[derive(Debug, Clone)]
pub struct Stack {
    pub image: Gray,
    pieces: Vec<Piece>,
}

/// A page's table cells stacked, and the rest of the page stacked apart (`None`: all the
/// page's ink is in its cells).
#[derive(Debug, Clone)]
pub struct Stacks {
    pub rest: Option<Stack>,
    pub cells: Stack,
}

/// A box of the page copied into the stack: page pixels `x0..x0 + width`, `y0..y0 + height`
/// are the stack's from (`at_x`, `at_y`) on; of them, only those of its cell (for the rest of
/// the page: those of no stacked cell).
#[derive(Debug, Clone, Copy)]
struct Piece {
    x0: u32,
    y0: u32,
    width: u32,
    height: u32,
    at_x: u32,
    at_y: u32,
    cell: Option<u32>,
}

/// An inclusive box of pixels: x0, y0, x1, y1.
type Bounds = [u32; 4];

/// Tesseract refuses images taller than this.
const MAX_HEIGHT: u32 = 32_000;
/// White between pieces, in inches: more than a line's leading, so no line joins two pieces.
const GAP: f32 = 0.15;
/// Paper kept around a piece's ink, in inches: the light edge of blurred glyphs.
const MARGIN: f32 = 0.02;
/// A closed area smaller than this (inches squared) is a corner between rulings, not a cell.
const MIN_CELL_AREA: f32 = 0.01;

/// The page's cells and the rest of it stacked, when the rulings close cells with ink; `None`
/// otherwise (the page is read whole).
pub fn stack(page: &Gray, rulings: &[Segment], tolerance: u32, dpi: f32) -> Option<Stacks> {
    let walls = walls(page.width, page.height, rulings, tolerance);
    let (mut labels, areas) = label_paper(&walls, page.width, page.height);
    let threshold = page.otsu().max(64);
    let min_area = (MIN_CELL_AREA * dpi * dpi) as u32;
    let outside = outside_label(&labels, &areas, page.width, page.height);
    let is_area = |l: u32| l != 0 && Some(l) != outside && areas[l as usize] >= min_area;
    join_lone_words(&mut labels, page, threshold, dpi, &is_area);
    // Darker than this is not paper: a piece keeps all of it (a faint stamp, a glyph's
    // blurred edge), though only ink (darker than `threshold`) makes a cell worth reading.
    let light = ((threshold as u16 + 255) / 2) as u8;
    let (inked, ink_boxes) = cell_ink(&labels, page, threshold, light, areas.len());
    let stacked: Vec<bool> = (0..areas.len())
        .map(|l| is_area(l as u32) && inked[l])
        .collect();
    if !stacked.contains(&true) {
        return None;
    }
    let gap = (GAP * dpi).round() as u32;
    let margin = (MARGIN * dpi).round() as u32;
    let grow = |[x0, y0, x1, y1]: Bounds| {
        [
            x0.saturating_sub(margin),
            y0.saturating_sub(margin),
            (x1 + margin).min(page.width - 1),
            (y1 + margin).min(page.height - 1),
        ]
    };
    let rest = rest_bands(&labels, page, (threshold, light), &stacked, gap)
        .into_iter()
        .map(|b| (None, grow(b)));
    let cells = ink_boxes
        .iter()
        .enumerate()
        .filter(|&(l, _)| stacked[l])
        .filter_map(|(l, b)| b.map(|b| (Some(l as u32), grow(b))));
    let stacked_of = |pieces: Vec<Piece>| {
        let image = draw(page, &labels, &stacked, &pieces, gap)?;
        Some(Stack { image, pieces })
    };
    let cells = stacked_of(column(cells, gap))?;
    let rest = column(rest, gap);
    // A rest too tall for Tesseract: the page is read whole rather than without it.
    let rest = match rest.is_empty() {
        true => None,
        false => Some(stacked_of(rest)?),
    };
    Some(Stacks { rest, cells })
}

/// Per label: whether its area holds ink (darker than `threshold`), and the box of what is
/// not paper in it (darker than `light`).
fn cell_ink(
    labels: &[u32],
    page: &Gray,
    threshold: u8,
    light: u8,
    n: usize,
) -> (Vec<bool>, Vec<Option<Bounds>>) {
    let w = page.width as usize;
    let mut inked = vec![false; n];
    let mut boxes: Vec<Option<Bounds>> = vec![None; n];
    for (i, (&l, &v)) in labels.iter().zip(&page.pixels).enumerate() {
        if v >= light {
            continue;
        }
        let (x, y) = ((i % w) as u32, (i / w) as u32);
        let b = boxes[l as usize].get_or_insert([x, y, x, y]);
        *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
        inked[l as usize] |= v < threshold;
    }
    (inked, boxes)
}

/// The rest of the page (what is in no stacked cell) as bands of rows that are not all
/// paper, split where more than `gap` rows of paper part them, each cropped to its columns;
/// only the bands with ink (darker than `threshold`), as only a cell with ink is stacked: the
/// faint specks a table's erased rulings leave, read as a page, throw Tesseract's layout off
/// ("Phụ lục II" read "Phụ lục IH").
fn rest_bands(
    labels: &[u32],
    page: &Gray,
    (threshold, light): (u8, u8),
    stacked: &[bool],
    gap: u32,
) -> Vec<Bounds> {
    let w = page.width as usize;
    // Per row: the columns of what is not paper, and whether any of it is ink.
    let mut rows: Vec<Option<(u32, u32, bool)>> = vec![None; page.height as usize];
    for (i, (&l, &v)) in labels.iter().zip(&page.pixels).enumerate() {
        if v < light && !stacked[l as usize] {
            let x = (i % w) as u32;
            let r = rows[i / w].get_or_insert((x, x, false));
            *r = (r.0.min(x), r.1.max(x), r.2 || v < threshold);
        }
    }
    let mut bands: Vec<(Bounds, bool)> = Vec::new();
    for (y, r) in rows.iter().enumerate() {
        let Some((x0, x1, ink)) = *r else { continue };
        let y = y as u32;
        match bands.last_mut() {
            Some((b, inked)) if y - b[3] <= gap => {
                *b = [b[0].min(x0), b[1], b[2].max(x1), y];
                *inked |= ink;
            }
            _ => bands.push(([x0, y, x1, y], ink)),
        }
    }
    bands.into_iter().filter(|b| b.1).map(|b| b.0).collect()
}

/// The boxes placed one under another, `gap` apart and from the image's edges.
fn column(boxes: impl Iterator<Item = (Option<u32>, Bounds)>, gap: u32) -> Vec<Piece> {
    let mut at_y = gap;
    boxes
        .map(|(cell, [x0, y0, x1, y1])| {
            let piece = Piece {
                x0,
                y0,
                width: x1 - x0 + 1,
                height: y1 - y0 + 1,
                at_x: gap,
                at_y,
                cell,
            };
            at_y += piece.height + gap;
            piece
        })
        .collect()
}

/// The stack's image: white, each piece's pixels copied in; `None` when it is taller than
/// Tesseract takes.
fn draw(page: &Gray, labels: &[u32], stacked: &[bool], pieces: &[Piece], gap: u32) -> Option<Gray> {
    let width = pieces.iter().map(|p| p.width).max()? + 2 * gap;
    let height = pieces.last().map(|p| p.at_y + p.height + gap)?;
    if height > MAX_HEIGHT {
        return None;
    }
    let (w, sw) = (page.width as usize, width as usize);
    let mut image = vec![255u8; sw * height as usize];
    for p in pieces {
        let belongs = |l: u32| match p.cell {
            Some(cell) => l == cell,
            None => !stacked[l as usize],
        };
        for dy in 0..p.height as usize {
            let from = (p.y0 as usize + dy) * w + p.x0 as usize;
            let to = (p.at_y as usize + dy) * sw + p.at_x as usize;
            for dx in 0..p.width as usize {
                if belongs(labels[from + dx]) {
                    image[to + dx] = page.pixels[from + dx];
                }
            }
        }
    }
    Gray::new(width, height, image).ok()
}

/// A cell's ink this small (inches) is one short word: a row's number, a Roman numeral.
const LONE_WORD: (f32, f32) = (0.6, 0.3);

/// Each cell holding one short word joined to the cell right of it: read alone, a line of one
/// glyph is misread (its size alone tells the recognizer nothing of the line's height), read
/// with the row's first line it is not.
fn join_lone_words(
    labels: &mut [u32],
    page: &Gray,
    threshold: u8,
    dpi: f32,
    is_cell: &dyn Fn(u32) -> bool,
) {
    let w = page.width as usize;
    let n = labels.iter().max().map_or(0, |&m| m as usize + 1);
    let mut ink: Vec<Option<[u32; 4]>> = vec![None; n];
    let mut right = vec![0u32; n];
    for (i, &l) in labels.iter().enumerate() {
        let (x, y) = ((i % w) as u32, (i / w) as u32);
        if is_cell(l) {
            right[l as usize] = right[l as usize].max(x);
            if page.pixels[i] < threshold {
                let b = ink[l as usize].get_or_insert([x, y, x, y]);
                *b = [b[0].min(x), b[1].min(y), b[2].max(x), b[3].max(y)];
            }
        }
    }
    let reach = (0.15 * dpi) as usize;
    let mut into: Vec<u32> = (0..n as u32).collect();
    for (l, b) in ink.iter().enumerate() {
        let Some([x0, y0, x1, y1]) = *b else { continue };
        if (x1 - x0) as f32 > LONE_WORD.0 * dpi || (y1 - y0) as f32 > LONE_WORD.1 * dpi {
            continue;
        }
        let row = ((y0 + y1) / 2) as usize * w;
        let from = right[l] as usize + 1;
        let next = (from..(from + reach).min(w))
            .map(|x| labels[row + x])
            .find(|&m| m != 0 && m != l as u32);
        if let Some(m) = next.filter(|&m| is_cell(m) && ink[m as usize].is_some()) {
            into[l] = m;
        }
    }
    for l in labels.iter_mut() {
        // One step: a cell joined to a cell that is itself joined stays with the first.
        *l = into[*l as usize];
    }
}

/// The rulings as walls between cells: each drawn two pixels thicker on every side (a tilted
/// ruling's steps touch only at their corners) and its ends drawn on by `tolerance` (a
/// ruling that stops short of the one it meets).
fn walls(width: u32, height: u32, rulings: &[Segment], tolerance: u32) -> Vec<bool> {
    let mut wall = vec![false; (width * height) as usize];
    for s in rulings {
        let (along, across) = if s.horizontal {
            (tolerance, 2)
        } else {
            (2, tolerance)
        };
        let x0 = s.x0.saturating_sub(along);
        let x1 = (s.x1 + along).min(width - 1);
        let y0 = s.y0.saturating_sub(across);
        let y1 = (s.y1 + across).min(height - 1);
        for y in y0..=y1 {
            let row = (y * width) as usize;
            wall[row + x0 as usize..=row + x1 as usize].fill(true);
        }
    }
    wall
}

/// Each 4-connected area of paper between the walls numbered from 1 (walls are 0), and the
/// areas' sizes in pixels (by label).
fn label_paper(wall: &[bool], width: u32, height: u32) -> (Vec<u32>, Vec<u32>) {
    let (w, h) = (width as usize, height as usize);
    let mut labels = vec![0u32; w * h];
    let mut areas = vec![0u32];
    let mut todo = Vec::new();
    for start in 0..w * h {
        if wall[start] || labels[start] != 0 {
            continue;
        }
        let label = areas.len() as u32;
        let mut area = 0u32;
        labels[start] = label;
        todo.push(start);
        while let Some(i) = todo.pop() {
            area += 1;
            let (x, y) = (i % w, i / w);
            let mut visit = |j: usize| {
                if !wall[j] && labels[j] == 0 {
                    labels[j] = label;
                    todo.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < w {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - w);
            }
            if y + 1 < h {
                visit(i + w);
            }
        }
        areas.push(area);
    }
    (labels, areas)
}

/// The area around the tables: the largest one touching the image's edge (`areas`: each
/// label's size in pixels).
fn outside_label(labels: &[u32], areas: &[u32], width: u32, height: u32) -> Option<u32> {
    let (w, h) = (width as usize, height as usize);
    (0..w)
        .flat_map(|x| [labels[x], labels[(h - 1) * w + x]])
        .chain((0..h).flat_map(|y| [labels[y * w], labels[y * w + w - 1]]))
        .filter(|&l| l != 0)
        .max_by_key(|&l| (areas[l as usize], std::cmp::Reverse(l)))
}

impl Stack {
    /// Tesseract's reading of the stack moved back onto the page (`width × height` pixels):
    /// each line, and its words, by the piece its box starts in.
    pub fn unstack(&self, mut read: HocrPage, width: u32, height: u32) -> HocrPage {
        let shifts: Vec<(i32, i32)> = read.lines.iter().map(|l| self.shift(l.bbox)).collect();
        for (line, &d) in read.lines.iter_mut().zip(&shifts) {
            line.bbox = moved(line.bbox, d);
        }
        for word in &mut read.words {
            let d = match shifts.get(word.line) {
                Some(&d) => d,
                None => self.shift(word.bbox),
            };
            word.bbox = moved(word.bbox, d);
        }
        for s in &mut read.separators {
            *s = moved(*s, self.shift(*s));
        }
        read.width = width as i32;
        read.height = height as i32;
        read
    }

    /// How far left and up a box of the stack moves to its place on the page.
    fn shift(&self, b: PxBox) -> (i32, i32) {
        let cy = ((b.y0 + b.y1) / 2).max(0) as u32;
        // A box in a gap belongs to the piece above it.
        self.pieces
            .iter()
            .rev()
            .find(|p| p.at_y <= cy && cy < p.at_y + p.height)
            .or_else(|| self.pieces.iter().rev().find(|p| p.at_y <= cy))
            .or(self.pieces.first())
            .map_or((0, 0), |p| {
                (p.at_x as i32 - p.x0 as i32, p.at_y as i32 - p.y0 as i32)
            })
    }
}

fn moved(b: PxBox, (dx, dy): (i32, i32)) -> PxBox {
    PxBox {
        x0: b.x0 - dx,
        y0: b.y0 - dy,
        x1: b.x1 - dx,
        y1: b.y1 - dy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ocr::hocr::{HocrLine, HocrWord};
    use crate::ingest::ocr::rulings;

    /// A page with a 2×2 ruled table (the left column's two rows merged into one cell), a
    /// "word" in each cell and one above the table.
    fn table_page() -> Gray {
        let (w, h) = (400u32, 300u32);
        let mut p = vec![255u8; (w * h) as usize];
        let mut ink = |x: u32, y: u32| p[(y * w + x) as usize] = 0;
        for x in 40..=360 {
            for y in [100u32, 290] {
                ink(x, y);
                ink(x, y + 1);
            }
        }
        for x in 200..=360 {
            for y in [150u32, 200] {
                ink(x, y);
                ink(x, y + 1);
            }
        }
        for x in [40u32, 200, 360] {
            for y in 100..=291 {
                ink(x, y);
                ink(x + 1, y);
            }
        }
        for (x, y) in [(60, 30), (80, 170), (250, 120), (250, 170), (250, 240)] {
            for dx in 0..20 {
                for dy in 0..8 {
                    ink(x + dx, y + dy);
                }
            }
        }
        Gray::new(w, h, p).unwrap()
    }

    fn dark(image: &Gray) -> usize {
        image.pixels.iter().filter(|&&v| v == 0).count()
    }

    #[test]
    fn cuts_the_cells_out_below_the_page() {
        let page = table_page();
        let lines = rulings::find(&page, 100.0);
        let erased = rulings::erased(&page, &lines);
        let stacks = stack(&erased, &lines, 3, 100.0).expect("cells");
        // The word above the table stacked apart; the three cells of the right column, the
        // merged cell's lone word joined to the cell right of it.
        let (rest, stack) = (stacks.rest.expect("the rest"), stacks.cells);
        assert_eq!(rest.pieces.len(), 1, "{:?}", rest.pieces);
        assert_eq!(rest.pieces[0].cell, None);
        assert_eq!(stack.pieces.len(), 3, "{:?}", stack.pieces);
        let merged = stack
            .pieces
            .iter()
            .filter(|p| p.cell.is_some() && p.width > 150)
            .count();
        assert_eq!(merged, 1, "{:?}", stack.pieces);
        // Each piece cropped to its ink: the stack is narrower than the page.
        assert!(stack.image.width < 250, "{}", stack.image.width);
        // Every word's ink is in one stack once, each pixel where its piece puts it.
        assert_eq!(dark(&stack.image) + dark(&rest.image), dark(&erased));
        for (p, image) in stack
            .pieces
            .iter()
            .map(|p| (p, &stack.image))
            .chain(rest.pieces.iter().map(|p| (p, &rest.image)))
        {
            for dy in 0..p.height {
                for dx in 0..p.width {
                    let (v, at) = (
                        erased.at(p.x0 + dx, p.y0 + dy),
                        image.at(p.at_x + dx, p.at_y + dy),
                    );
                    assert!(at == v || at == 255, "{p:?} {dx},{dy}");
                }
            }
        }
        // Pieces apart: rows of paper between each and the next.
        for pair in stack.pieces.windows(2) {
            assert!(
                pair[1].at_y >= pair[0].at_y + pair[0].height + 10,
                "{pair:?}"
            );
        }
    }

    #[test]
    fn words_go_back_to_their_place() {
        let page = table_page();
        let lines = rulings::find(&page, 100.0);
        let erased = rulings::erased(&page, &lines);
        let stack = stack(&erased, &lines, 3, 100.0).unwrap().cells;
        let (first, piece) = (stack.pieces[0], stack.pieces[1]);
        let at = |x: i32, y: i32| PxBox {
            x0: x,
            y0: y,
            x1: x + 20,
            y1: y + 8,
        };
        let (x_in_stack, y_in_stack) = ((piece.at_x + 3) as i32, (piece.at_y + 5) as i32);
        let read = HocrPage {
            width: stack.image.width as i32,
            height: stack.image.height as i32,
            lines: vec![
                HocrLine {
                    bbox: at(first.at_x as i32, first.at_y as i32),
                    ..Default::default()
                },
                HocrLine {
                    bbox: at(x_in_stack, y_in_stack),
                    ..Default::default()
                },
            ],
            words: vec![HocrWord {
                text: "x".into(),
                bbox: at(x_in_stack, y_in_stack),
                conf: 90.0,
                line: 1,
            }],
            separators: Vec::new(),
        };
        let back = stack.unstack(read, 400, 300);
        assert_eq!(
            (back.lines[0].bbox.x0, back.lines[0].bbox.y0),
            (first.x0 as i32, first.y0 as i32)
        );
        assert_eq!(
            (back.words[0].bbox.x0, back.words[0].bbox.y0),
            (piece.x0 as i32 + 3, piece.y0 as i32 + 5)
        );
        assert_eq!((back.width, back.height), (400, 300));
    }

    #[test]
    fn faint_specks_are_no_band() {
        let (w, h) = (100u32, 100u32);
        let mut p = vec![255u8; (w * h) as usize];
        for y in 10..18 {
            p[(y * w + 20) as usize..(y * w + 40) as usize].fill(0);
        }
        // What an erased ruling leaves: lighter than ink, darker than paper.
        for y in 60..62 {
            p[(y * w + 50) as usize..(y * w + 55) as usize].fill(200);
        }
        let page = Gray::new(w, h, p).unwrap();
        let labels = vec![1u32; (w * h) as usize];
        let bands = rest_bands(&labels, &page, (128, 220), &[false, false], 15);
        assert_eq!(bands, vec![[20, 10, 39, 17]]);
    }

    #[test]
    fn no_cells_no_stack() {
        let (w, h) = (200u32, 100u32);
        let page = Gray::new(w, h, vec![255u8; (w * h) as usize]).unwrap();
        assert!(stack(&page, &[], 3, 100.0).is_none());
    }
}
