//! Text that Tesseract's page layout dropped, found and read again on its own.
//!
//! Tesseract's automatic segmentation (`--psm 3`) now and then leaves out a whole block of
//! small print: a công văn's "V/v …" subject under its number, the "Nơi nhận:" list beside
//! the signature (seen on a 250-dpi colour scan whose red component is fed to it; the same
//! block read as a single block of text comes back clean). Such a block is ink that no word
//! Tesseract returned covers. The ink left uncovered is gathered into blocks (cells of about
//! half a millimetre, joined across the gaps between letters, words and lines), and each block
//! of a text's size is read again as one block (`--psm 6`); what comes back is kept only where
//! it reads as Vietnamese (a signature's scribble or a QR code reads as junk and is dropped).

use super::hocr::{HocrPage, PxBox};
use super::raster::Gray;
use super::readability::Readability;

/// Most blocks read again on one page: each costs a Tesseract run.
pub const MAX_BLOCKS: usize = 6;

/// The blocks of ink (pixel boxes, top to bottom) that no word of `page` covers and that are
/// of a text block's size: at least 2 mm high and 15 mm wide, at most 60 mm high, with ink on
/// a share of their area that print has (a filled area, a photo or a QR code has more).
pub fn uncovered_blocks(gray: &Gray, page: &HocrPage, dpi: f32) -> Vec<PxBox> {
    let mm = dpi / 25.4;
    let cell = (mm * 0.5).round().max(1.0) as usize;
    let (w, h) = (gray.width as usize, gray.height as usize);
    let (cw, ch) = (w.div_ceil(cell), h.div_ceil(cell));
    // Ink the words cover, with a margin of about a millimetre for marks outside their boxes.
    let mut covered = vec![false; cw * ch];
    let pad = mm.round() as i32;
    for b in page
        .words
        .iter()
        .map(|w| w.bbox)
        .chain(page.lines.iter().map(|l| l.bbox))
    {
        let x0 = ((b.x0 - pad).max(0) as usize / cell).min(cw);
        let x1 = ((b.x1 + pad).max(0) as usize / cell + 1).min(cw);
        let y0 = ((b.y0 - pad).max(0) as usize / cell).min(ch);
        let y1 = ((b.y1 + pad).max(0) as usize / cell + 1).min(ch);
        for y in y0..y1 {
            covered[y * cw + x0..y * cw + x1].fill(true);
        }
    }
    // As the rulings are found: Otsu's level, at least 64 (a page of pure black and white);
    // where the paper itself is darker (a phone photo's shadow), three quarters of its level.
    let otsu = gray.otsu().max(64);
    let paper = paper_levels(gray, cell * PAPER_TILE);
    let tiles_across = w.div_ceil(cell * PAPER_TILE);
    // A cell holds ink when a sixteenth of it is ink (a letter's stroke crosses it).
    let min_ink = (cell * cell).div_ceil(16).max(1);
    let mut ink = vec![false; cw * ch];
    for cy in 0..ch {
        for cx in 0..cw {
            if covered[cy * cw + cx] {
                continue;
            }
            let tile = (cy / PAPER_TILE) * tiles_across + cx / PAPER_TILE;
            let threshold = otsu.min((paper[tile] as u32 * 3 / 4) as u8);
            let mut n = 0;
            for y in cy * cell..((cy + 1) * cell).min(h) {
                let row = &gray.pixels[y * w..(y + 1) * w];
                n += row[cx * cell..((cx + 1) * cell).min(w)]
                    .iter()
                    .filter(|&&v| v < threshold)
                    .count();
            }
            ink[cy * cw + cx] = n >= min_ink;
        }
    }
    // Letters and words of a line are joined across 1.5 mm, the lines of a block across the
    // 2 mm between one's descenders and the next one's capitals.
    let reach = |d: f32| ((d * mm) / cell as f32).ceil().max(1.0) as usize;
    let (reach_x, reach_y) = (reach(1.5), reach(2.0));
    let mut blocks: Vec<PxBox> = components(&ink, cw, ch, reach_x, reach_y)
        .into_iter()
        .filter(|c| {
            let (bw, bh) = ((c.x1 - c.x0) as f32, (c.y1 - c.y0) as f32);
            let area = bw * bh;
            let share = c.cells as f32 / area;
            bh * cell as f32 >= 2.0 * mm
                && bh * cell as f32 <= 60.0 * mm
                && bw * cell as f32 >= 15.0 * mm
                && (0.05..=0.6).contains(&share)
        })
        .map(|c| PxBox {
            x0: (c.x0 * cell) as i32,
            y0: (c.y0 * cell) as i32,
            x1: ((c.x1 * cell).min(w)) as i32,
            y1: ((c.y1 * cell).min(h)) as i32,
        })
        .collect();
    blocks.sort_by_key(|b| (b.y0, b.x0));
    blocks.truncate(MAX_BLOCKS);
    blocks
}

/// A line Tesseract made of several lines of print is this many times as high as the page's
/// usual line (a word's line; a heading in a larger font is not twice as high).
const MERGED_LINE_HEIGHT: f32 = 2.5;

/// Words read with a confidence below this (of 100) are junk, not a hard word among good ones.
const JUNK_CONFIDENCE: f32 = 50.0;

/// Removes the lines Tesseract's layout made of several lines of print (seen beside a seal and
/// a signature: two recipients and "KT. CHÁNH VĂN PHÒNG" taken for one line 130 px high among
/// lines of 30, read "Ti ADN In se kí CHÂNH VÀNPHÒNG"): a line far higher than the page's
/// usual one whose words mostly read as junk. Their words are wrong and their boxes would
/// cover the print, so they go, and the print is read again as a dropped block
/// (`uncovered_blocks`).
pub fn drop_merged_lines(page: &mut HocrPage) {
    let mut heights: Vec<f32> = page
        .lines
        .iter()
        .map(|l| l.x_size)
        .filter(|&h| h > 0.0)
        .collect();
    if heights.len() < 5 {
        return;
    }
    heights.sort_by(f32::total_cmp);
    let usual = heights[heights.len() / 2];
    let merged: Vec<bool> = (0..page.lines.len())
        .map(|i| {
            let confs: Vec<f32> = page
                .words
                .iter()
                .filter(|w| w.line == i)
                .map(|w| w.conf)
                .collect();
            let junk = confs.iter().filter(|&&c| c < JUNK_CONFIDENCE).count();
            page.lines[i].x_size >= MERGED_LINE_HEIGHT * usual && junk * 2 > confs.len()
        })
        .collect();
    if !merged.contains(&true) {
        return;
    }
    // Lines renumbered without the merged ones.
    let mut new_index = vec![None; merged.len()];
    let mut next = 0;
    for (i, &m) in merged.iter().enumerate() {
        if !m {
            new_index[i] = Some(next);
            next += 1;
        }
    }
    page.words
        .retain_mut(|w| match new_index.get(w.line).copied().flatten() {
            Some(line) => {
                w.line = line;
                true
            }
            None => false,
        });
    let mut keep = merged.iter().map(|m| !m);
    page.lines.retain(|_| keep.next().unwrap_or(true));
}

/// Cells to a side of the tiles the paper's level is taken in (about 8 mm).
const PAPER_TILE: usize = 16;

/// The paper's level in each `tile`×`tile` square of the image (rows of tiles, left to right):
/// the value four pixels in five are at most (print covers far less than a fifth of a page).
fn paper_levels(gray: &Gray, tile: usize) -> Vec<u8> {
    let (w, h) = (gray.width as usize, gray.height as usize);
    let (tw, th) = (w.div_ceil(tile), h.div_ceil(tile));
    let mut out = Vec::with_capacity(tw * th);
    for ty in 0..th {
        for tx in 0..tw {
            let mut hist = [0u32; 256];
            let mut n = 0u32;
            for y in ty * tile..((ty + 1) * tile).min(h) {
                for &v in &gray.pixels[y * w + tx * tile..y * w + ((tx + 1) * tile).min(w)] {
                    hist[v as usize] += 1;
                    n += 1;
                }
            }
            // The 80th percentile from the dark end.
            let mut seen = 0;
            let mut level = 255u8;
            for (v, &c) in hist.iter().enumerate() {
                seen += c;
                if seen * 5 >= n * 4 {
                    level = v as u8;
                    break;
                }
            }
            out.push(level);
        }
    }
    out
}

/// A group of ink cells and its box in cells (end-exclusive).
struct Component {
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    cells: usize,
}

/// The groups of set cells, two cells joined when they are at most `rx` cells apart across
/// and `ry` down.
fn components(set: &[bool], w: usize, h: usize, rx: usize, ry: usize) -> Vec<Component> {
    let mut label = vec![usize::MAX; w * h];
    let mut out = Vec::new();
    let mut stack = Vec::new();
    for start in 0..w * h {
        if !set[start] || label[start] != usize::MAX {
            continue;
        }
        let id = out.len();
        label[start] = id;
        stack.push(start);
        let mut c = Component {
            x0: usize::MAX,
            y0: usize::MAX,
            x1: 0,
            y1: 0,
            cells: 0,
        };
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            c.x0 = c.x0.min(x);
            c.y0 = c.y0.min(y);
            c.x1 = c.x1.max(x + 1);
            c.y1 = c.y1.max(y + 1);
            c.cells += 1;
            for ny in y.saturating_sub(ry)..(y + ry + 1).min(h) {
                for nx in x.saturating_sub(rx)..(x + rx + 1).min(w) {
                    let j = ny * w + nx;
                    if set[j] && label[j] == usize::MAX {
                        label[j] = id;
                        stack.push(j);
                    }
                }
            }
        }
        out.push(c);
    }
    out
}

/// The part of `gray` inside `b`, with a margin of paper around it (Tesseract reads a block
/// better with some white space around its text).
pub fn crop(gray: &Gray, b: PxBox, margin: u32) -> (Gray, (i32, i32)) {
    let x0 = (b.x0.max(0) as u32).saturating_sub(margin);
    let y0 = (b.y0.max(0) as u32).saturating_sub(margin);
    let x1 = (b.x1.max(0) as u32 + margin).min(gray.width);
    let y1 = (b.y1.max(0) as u32 + margin).min(gray.height);
    let (cw, ch) = (x1.saturating_sub(x0).max(1), y1.saturating_sub(y0).max(1));
    let mut pixels = Vec::with_capacity((cw * ch) as usize);
    for y in y0..y0 + ch {
        let row = y.min(gray.height - 1) as usize * gray.width as usize;
        for x in x0..x0 + cw {
            pixels.push(gray.pixels[row + x.min(gray.width - 1) as usize]);
        }
    }
    (
        Gray {
            width: cw,
            height: ch,
            pixels,
        },
        (x0 as i32, y0 as i32),
    )
}

/// The lines of a block read again that read as text: each with a possible Vietnamese
/// syllable, three words in four of those counted possible syllables, no character Vietnamese
/// text does not hold, and two words in three read with Tesseract's confidence (60 of 100).
/// A block may hold print beside a QR code or a signature's scribble, which read as junk
/// lines of their own. `None` when fewer than three words are left.
pub fn text_lines(mut block: HocrPage) -> Option<HocrPage> {
    let mut keep = vec![false; block.lines.len()];
    for (i, k) in keep.iter_mut().enumerate() {
        let words: Vec<_> = block.words.iter().filter(|w| w.line == i).collect();
        let mut r = Readability::default();
        for w in &words {
            r.add(&w.text);
        }
        let confident = words.iter().filter(|w| w.conf >= 60.0).count();
        *k = r.valid >= 1
            && r.valid_share() >= 0.75
            && r.foreign_share() <= 0.02
            && confident * 3 >= words.len() * 2;
    }
    block
        .words
        .retain(|w| keep.get(w.line).copied().unwrap_or(false));
    (block.words.len() >= 3).then_some(block)
}

/// `block`'s lines and words, read from a crop whose top-left pixel is at `at`, added to
/// `page` in its pixel frame; a word whose centre falls in a word `page` has (the crop's
/// margin took in a piece of a line already read) is not added twice.
pub fn merge(page: &mut HocrPage, block: HocrPage, (dx, dy): (i32, i32)) {
    let shift = |b: PxBox| PxBox {
        x0: b.x0 + dx,
        y0: b.y0 + dy,
        x1: b.x1 + dx,
        y1: b.y1 + dy,
    };
    let known: Vec<PxBox> = page.words.iter().map(|w| w.bbox).collect();
    // A word read again where the page has one (its centre in it, or a third of its box on
    // it: the same word read a little offset, which line building would glue to the first,
    // "CHÁNHCHANH") is not added twice.
    let is_known = |b: PxBox| {
        let (cx, cy) = ((b.x0 + b.x1) / 2, (b.y0 + b.y1) / 2);
        let area = (b.width().max(1) as i64) * (b.height().max(1) as i64);
        known.iter().any(|k| {
            let inside = k.x0 <= cx && cx <= k.x1 && k.y0 <= cy && cy <= k.y1;
            let (ox, oy) = (
                (b.x1.min(k.x1) - b.x0.max(k.x0)).max(0) as i64,
                (b.y1.min(k.y1) - b.y0.max(k.y0)).max(0) as i64,
            );
            inside || ox * oy * 3 >= area
        })
    };
    let mut line_of = vec![None; block.lines.len()];
    for mut w in block.words {
        w.bbox = shift(w.bbox);
        if is_known(w.bbox) || w.line >= block.lines.len() {
            continue;
        }
        let line = *line_of[w.line].get_or_insert_with(|| {
            let mut l = block.lines[w.line].clone();
            l.bbox = shift(l.bbox);
            page.lines.push(l);
            page.lines.len() - 1
        });
        w.line = line;
        page.words.push(w);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ocr::hocr::{HocrLine, HocrWord};

    /// A 200-dpi page (8 px a millimetre) with two "lines of text": rows of letter-sized ink
    /// bars. The first is covered by a recognised word, the second is not.
    fn page() -> (Gray, HocrPage) {
        let (w, h) = (1600u32, 1000u32);
        let mut pixels = vec![255u8; (w * h) as usize];
        let mut bar = |x: u32, y: u32| {
            for yy in y..y + 20 {
                for xx in x..x + 3 {
                    pixels[(yy * w + xx) as usize] = 0;
                }
            }
        };
        for line_y in [100u32, 400, 430] {
            for k in 0..60 {
                bar(200 + k * 8, line_y);
            }
        }
        let gray = Gray::new(w, h, pixels).unwrap();
        let word_box = PxBox {
            x0: 200,
            y0: 100,
            x1: 680,
            y1: 120,
        };
        let hocr = HocrPage {
            width: w as i32,
            height: h as i32,
            lines: vec![HocrLine {
                bbox: word_box,
                ..Default::default()
            }],
            words: vec![HocrWord {
                text: "Kính".into(),
                bbox: word_box,
                conf: 95.0,
                line: 0,
            }],
            separators: Vec::new(),
        };
        (gray, hocr)
    }

    #[test]
    fn ink_no_word_covers_is_a_block() {
        let (gray, hocr) = page();
        let blocks = uncovered_blocks(&gray, &hocr, 200.0);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        let b = blocks[0];
        // The two uncovered lines, one block: 400–450 down, 200–676 across.
        assert!(b.y0 <= 400 && b.y1 >= 450 && b.y1 < 470, "{b:?}");
        assert!(b.x0 <= 200 && b.x1 >= 676, "{b:?}");
    }

    #[test]
    fn print_in_a_shadow_is_found_against_the_shadow() {
        // A phone photo: the lower half of the page in a shadow (paper at 140, darker than
        // the page's own ink/paper level), the uncovered lines printed in it at 40.
        let (mut gray, hocr) = page();
        for y in 300..1000usize {
            for x in 0..1600usize {
                let v = &mut gray.pixels[y * 1600 + x];
                *v = if *v == 0 { 40 } else { 140 };
            }
        }
        let blocks = uncovered_blocks(&gray, &hocr, 200.0);
        assert_eq!(blocks.len(), 1, "{blocks:?}");
        let b = blocks[0];
        assert!(b.y0 <= 400 && b.y1 >= 450 && b.y1 < 470, "{b:?}");
    }

    #[test]
    fn a_word_read_again_a_little_offset_is_not_added_twice() {
        let (_, mut hocr) = page();
        let block = HocrPage {
            width: 600,
            height: 60,
            lines: vec![HocrLine::default()],
            words: vec![HocrWord {
                text: "Kính".into(),
                // Over the first half of the page's "Kính" (200–680), its centre outside.
                bbox: PxBox {
                    x0: 0,
                    y0: 0,
                    x1: 600,
                    y1: 20,
                },
                conf: 90.0,
                line: 0,
            }],
            separators: Vec::new(),
        };
        merge(&mut hocr, block, (400, 100));
        assert_eq!(hocr.words.len(), 1);
    }

    #[test]
    fn covered_ink_and_specks_are_no_block() {
        let (mut gray, mut hocr) = page();
        // Cover the second block too, and add a speck of dirt.
        hocr.words.push(HocrWord {
            text: "gửi".into(),
            bbox: PxBox {
                x0: 200,
                y0: 400,
                x1: 680,
                y1: 450,
            },
            conf: 90.0,
            line: 0,
        });
        for y in 800..806 {
            for x in 900..906 {
                gray.pixels[y * 1600 + x] = 0;
            }
        }
        assert!(uncovered_blocks(&gray, &hocr, 200.0).is_empty());
    }

    #[test]
    fn a_block_read_again_joins_the_page_in_its_frame() {
        let (gray, mut hocr) = page();
        let (cropped, at) = crop(
            &gray,
            PxBox {
                x0: 200,
                y0: 400,
                x1: 680,
                y1: 450,
            },
            20,
        );
        assert_eq!((cropped.width, cropped.height, at), (520, 90, (180, 380)));
        let block = HocrPage {
            width: 520,
            height: 90,
            lines: vec![HocrLine {
                bbox: PxBox {
                    x0: 20,
                    y0: 20,
                    x1: 500,
                    y1: 40,
                },
                ..Default::default()
            }],
            words: vec![HocrWord {
                text: "V/v".into(),
                bbox: PxBox {
                    x0: 20,
                    y0: 20,
                    x1: 60,
                    y1: 40,
                },
                conf: 90.0,
                line: 0,
            }],
            separators: Vec::new(),
        };
        merge(&mut hocr, block, at);
        assert_eq!(hocr.lines.len(), 2);
        let w = hocr.words.last().unwrap();
        assert_eq!((w.line, w.bbox.x0, w.bbox.y0), (1, 200, 400));
    }

    #[test]
    fn a_line_made_of_several_is_dropped() {
        let line = |x_size: f32| HocrLine {
            x_size,
            ..Default::default()
        };
        let word = |text: &str, conf: f32, line: usize| HocrWord {
            text: text.into(),
            bbox: PxBox::default(),
            conf,
            line,
        };
        let mut page = HocrPage {
            lines: vec![
                line(30.0),
                line(132.0),
                line(31.0),
                line(29.0),
                line(30.0),
                line(90.0),
            ],
            words: vec![
                word("Nơi", 96.0, 0),
                word("Ti", 5.0, 1),
                word("ADN", 20.0, 1),
                word("VÀNPHÒNG", 23.0, 1),
                word("-", 93.0, 2),
                word("Lưu:", 96.0, 3),
                word("VT.", 90.0, 4),
                // A large heading read well stays.
                word("QUYẾT", 95.0, 5),
                word("ĐỊNH", 94.0, 5),
            ],
            ..Default::default()
        };
        drop_merged_lines(&mut page);
        assert_eq!(page.lines.len(), 5);
        let read: Vec<(&str, usize)> = page
            .words
            .iter()
            .map(|w| (w.text.as_str(), w.line))
            .collect();
        assert_eq!(
            read,
            [
                ("Nơi", 0),
                ("-", 1),
                ("Lưu:", 2),
                ("VT.", 3),
                ("QUYẾT", 4),
                ("ĐỊNH", 4)
            ]
        );
        assert_eq!(page.lines[4].x_size, 90.0);
    }

    #[test]
    fn junk_lines_are_not_kept() {
        let word = |text: &str, conf: f32, line: usize| HocrWord {
            text: text.into(),
            bbox: PxBox::default(),
            conf,
            line,
        };
        let mut block = HocrPage {
            lines: vec![HocrLine::default(); 3],
            ..Default::default()
        };
        block.words = ["-", "Đ/c", "Bộ", "trưởng", "BCA", "(để", "báo", "cáo);"]
            .iter()
            .map(|t| word(t, 90.0, 0))
            .chain(["#Ä", "xỹq", "ll", "Ø6"].iter().map(|t| word(t, 30.0, 1)))
            .chain(
                ["-", "Lưu:", "VT,", "C04."]
                    .iter()
                    .map(|t| word(t, 85.0, 2)),
            )
            .collect();
        let kept = text_lines(block.clone()).unwrap();
        assert!(kept.words.iter().all(|w| w.line != 1), "{:?}", kept.words);
        assert_eq!(kept.words.len(), 12);
        block.words.retain(|w| w.line == 1);
        assert!(text_lines(block).is_none());
    }
}
