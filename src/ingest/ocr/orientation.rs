//! Pages whose text does not stand upright in the image: a sheet fed sideways, a phone photo
//! taken in landscape, a page scanned upside down. Tesseract's layout analysis still finds
//! sideways lines (tall, narrow boxes whose words follow each other down or up the page), which
//! tells the quarter turn without its orientation model; a page that reads as junk is asked to
//! the orientation model (`--psm 0`). The image is turned and read again.

use super::hocr::HocrPage;
use super::page_image::PageImage;
use super::readability::{Readability, Verdict};

/// The quarter turns (clockwise) that set upright a page whose lines Tesseract found running
/// down or up: `None` when most of its words lie in level lines.
pub fn sideways(page: &HocrPage) -> Option<u8> {
    let (mut level, mut down, mut up) = (0usize, 0usize, 0usize);
    for (i, line) in page.lines.iter().enumerate() {
        let words: Vec<_> = page.words.iter().filter(|w| w.line == i).collect();
        let vertical = line.bbox.height() > 2 * line.bbox.width() || line.textangle % 180 == 90;
        if !vertical || words.len() < 2 {
            level += words.len();
            continue;
        }
        let (first, last) = (words[0].bbox, words[words.len() - 1].bbox);
        if last.y0 > first.y0 {
            down += words.len();
        } else {
            up += words.len();
        }
    }
    if down + up <= level {
        return None;
    }
    // Words running down the page: its top is on the image's right; turn it back a quarter
    // counter-clockwise (three clockwise). Running up: one clockwise.
    Some(if down >= up { 3 } else { 1 })
}

/// A page that reads as junk: enough words, and not Vietnamese (an upside-down page, or one
/// turned the other way than its lines suggest).
pub fn poorly_read(page: &HocrPage) -> bool {
    let r = readability(page);
    r.words >= 8 && r.verdict() != Verdict::Readable
}

fn readability(page: &HocrPage) -> Readability {
    let mut r = Readability::default();
    for w in &page.words {
        r.add(&w.text);
    }
    r
}

/// Whether `a` reads better than `b`: more valid Vietnamese words.
pub fn reads_better(a: &HocrPage, b: &HocrPage) -> bool {
    let (ra, rb) = (readability(a), readability(b));
    ra.score() * ra.words as f32 > rb.score() * rb.words as f32
}

/// The page image turned by `quarter_turns` clockwise, placed as a page of the turned size at
/// the same scale.
pub fn turned(image: &PageImage, quarter_turns: u8) -> PageImage {
    let gray = image.gray.rotated(quarter_turns);
    let pt_per_px = (image.right - image.left).abs() / image.gray.width.max(1) as f32;
    let (w, h) = (
        gray.width as f32 * pt_per_px,
        gray.height as f32 * pt_per_px,
    );
    PageImage {
        gray,
        left: 0.0,
        top: h,
        right: w,
        bottom: 0.0,
        source: image.source,
    }
}

#[cfg(test)]
mod tests {
    use super::super::hocr::{HocrLine, HocrWord, PxBox};
    use super::*;

    fn page(boxes: &[(i32, i32, i32, i32)], line: PxBox) -> HocrPage {
        HocrPage {
            width: 2000,
            height: 1500,
            lines: vec![HocrLine {
                bbox: line,
                ..HocrLine::default()
            }],
            words: boxes
                .iter()
                .map(|&(x0, y0, x1, y1)| HocrWord {
                    text: "chữ".into(),
                    bbox: PxBox { x0, y0, x1, y1 },
                    conf: 90.0,
                    line: 0,
                })
                .collect(),
            separators: vec![],
        }
    }

    #[test]
    fn sideways_lines_tell_the_turn() {
        let tall = PxBox {
            x0: 1900,
            y0: 100,
            x1: 1940,
            y1: 900,
        };
        // Words following each other down the page: turned a quarter clockwise.
        let down = page(&[(1900, 100, 1940, 200), (1900, 250, 1940, 400)], tall);
        assert_eq!(sideways(&down), Some(3));
        let up = page(&[(1900, 700, 1940, 900), (1900, 400, 1940, 600)], tall);
        assert_eq!(sideways(&up), Some(1));
        let wide = PxBox {
            x0: 100,
            y0: 100,
            x1: 900,
            y1: 140,
        };
        let level = page(&[(100, 100, 200, 140), (250, 100, 400, 140)], wide);
        assert_eq!(sideways(&level), None);
    }
}
