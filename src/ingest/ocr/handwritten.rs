//! The header's number, day and month, written by hand into printed gaps, read again.
//!
//! An office prints "Số:      /KH-UBND" and "ngày    tháng    năm 2025" and fills the gaps by
//! pen when the document is signed. Tesseract's models are made for print: in the page's
//! reading the pen's "416" is junk ("A1Ế", "®®ổ"). Once the printed anchors are found ("Số" and
//! the symbol's "/", "ngày", "tháng", "năm"), the gap between them is cut from the page image
//! and read again as one line of digits only, with two models at two scales. A reading is taken
//! only when three of the four agree, each with Tesseract's confidence of 50 or more, none
//! reads another plausible value with a confidence of 80 or more, the digits read span most
//! of the gap's ink (a "6" read from a "16" does not), and the value is plausible (a day 1–31, a month 1–12, a number of one to five digits, not zero);
//! otherwise the page's reading stays and the header parse leaves the value empty.
//! Tesseract reads handwriting poorly, so this rescues the neater hands only (see README).

use super::hocr::{HocrPage, HocrWord, PxBox};
use super::raster::Gray;
use crate::text::fold;

/// Which printed gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Between "Số:" and the symbol's "/".
    Number,
    /// Between "ngày" and "tháng".
    Day,
    /// Between "tháng" and "năm".
    Month,
}

/// A gap to read again: its box in the page image, the words that hold it (the anchor before,
/// the words between, the anchor after) and how far into the anchors the gap starts and ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub field: Field,
    pub bbox: PxBox,
    /// Index of the word holding the opening anchor ("Số:", "ngày", "tháng").
    before: usize,
    /// Chars of that word kept (the anchor itself; the rest is the gap's junk).
    before_keep: usize,
    /// Index of the word holding the closing anchor, and the char where the anchor starts.
    after: usize,
    after_from: usize,
    /// Words wholly inside the gap.
    between: Vec<usize>,
}

/// The header's gaps: the first of each field in the top two fifths of the page, unless the
/// page read it as plausible digits with confidence (print, or a clear hand) or as nothing (a
/// draft's "Số:      /KH").
pub fn gaps(page: &HocrPage) -> Vec<Gap> {
    let top = page.height as f32 * 0.4;
    let mut order: Vec<usize> = (0..page.words.len())
        .filter(|&i| page.words[i].bbox.y1 as f32 <= top)
        .collect();
    order.sort_by_key(|&i| (page.words[i].bbox.y0, page.words[i].bbox.x0));
    let mut out: Vec<Gap> = Vec::new();
    for i in order {
        let w = &page.words[i];
        let f = fold(&w.text);
        let found = if let Some(keep) = number_anchor(&f, w, page) {
            gap_to(page, i, keep, Field::Number, |t| char_index(t, t.find('/')))
        } else if f.starts_with("ngay") {
            gap_to(page, i, 4, Field::Day, |t| {
                let t = fold(t);
                char_index(&t, t.find("thang"))
            })
        } else if let Some(at) = f.find("thang") {
            let at = f[..at].chars().count();
            gap_to(page, i, at + 5, Field::Month, |t| {
                let t = fold(t);
                if t.starts_with("nam") {
                    Some(0)
                } else if t.ends_with("nam") {
                    Some(t.chars().count() - 3)
                } else {
                    None
                }
            })
        } else {
            None
        };
        if let Some(g) = found {
            if !out.iter().any(|o| o.field == g.field) {
                out.push(g);
            }
        }
    }
    out.retain(|g| !already_read(page, g));
    out
}

/// The char index of a byte index.
fn char_index(s: &str, byte: Option<usize>) -> Option<usize> {
    byte.map(|b| s[..b].chars().count())
}

/// "Số:", "Số", "Só:", "S6:" (what OCR makes of it), capitalised, opening its line in the left
/// half of the page, with or without the gap's junk glued to it ("Số#t3J:"): the number of
/// chars of the anchor. The "số" of a sentence ("Công văn số 8045/UBND-NC") is not the header's.
fn number_anchor(folded: &str, w: &HocrWord, page: &HocrPage) -> Option<usize> {
    if w.bbox.x0 * 2 > page.width || !w.text.starts_with('S') {
        return None;
    }
    let opens_line = !page
        .words
        .iter()
        .any(|v| v.line == w.line && v.bbox.x1 <= w.bbox.x0);
    if !opens_line {
        return None;
    }
    let rest = folded
        .strip_prefix("so")
        .or_else(|| folded.strip_prefix("s6"))?;
    // "Sở", "Sóc Trăng": a word of letters, not the anchor.
    if rest.starts_with(|c: char| c.is_alphabetic()) {
        return None;
    }
    Some(2 + usize::from(rest.starts_with(':') || rest.starts_with(';')))
}

/// The gap from word `i`'s first `keep` chars to the closing anchor found by `close` (the char
/// index where it starts, in the word's text after the opening anchor) in the same line, within a third of the page's width.
fn gap_to(
    page: &HocrPage,
    i: usize,
    keep: usize,
    field: Field,
    close: impl Fn(&str) -> Option<usize>,
) -> Option<Gap> {
    let w = &page.words[i];
    let mut line: Vec<usize> = (0..page.words.len())
        .filter(|&k| page.words[k].line == w.line && page.words[k].bbox.x0 >= w.bbox.x0)
        .collect();
    line.sort_by_key(|&k| page.words[k].bbox.x0);
    let reach = w.bbox.x0 + page.width / 3;
    let mut between = Vec::new();
    for &k in &line {
        let v = &page.words[k];
        if v.bbox.x0 > reach {
            break;
        }
        // In the opening word itself, the closing anchor must come after the opening one.
        let from = if k == i { keep } else { 0 };
        let chars: Vec<char> = v.text.chars().collect();
        let rest: String = chars[from.min(chars.len())..].iter().collect();
        if let Some(at) = close(&rest) {
            let at = from + at;
            let x0 = char_x(w, keep);
            let x1 = char_x(v, at);
            if x1 - x0 < w.bbox.height() / 2 {
                return None;
            }
            let h = page.lines.get(w.line).map_or(w.bbox.height(), |l| {
                l.bbox.height().min(w.bbox.height() * 2)
            });
            let (y0, y1) = (w.bbox.y0.min(v.bbox.y0), w.bbox.y1.max(v.bbox.y1));
            let pad = h / 2;
            return Some(Gap {
                field,
                bbox: PxBox {
                    x0,
                    y0: (y0 - pad).max(0),
                    x1,
                    y1: (y1 + pad).min(page.height),
                },
                before: i,
                before_keep: keep,
                after: k,
                after_from: at,
                between,
            });
        }
        if k != i {
            between.push(k);
        }
    }
    None
}

/// Where char `n` of a word starts, its box shared evenly among its chars.
fn char_x(w: &HocrWord, n: usize) -> i32 {
    let len = w.text.chars().count().max(1);
    w.bbox.x0 + (w.bbox.width() as i64 * n.min(len) as i64 / len as i64) as i32
}

/// The gap's text as the page read it, and the lowest confidence of the words it comes from.
fn gap_text(page: &HocrPage, g: &Gap) -> (String, f32) {
    let opening = &page.words[g.before];
    let end = if g.after == g.before {
        g.after_from
    } else {
        usize::MAX
    };
    let mut text: String = opening.text.chars().take(end).skip(g.before_keep).collect();
    let mut conf = if text.is_empty() {
        100f32
    } else {
        opening.conf
    };
    for &k in &g.between {
        text.push_str(&page.words[k].text);
        conf = conf.min(page.words[k].conf);
    }
    if g.after != g.before && g.after_from > 0 {
        let closing = &page.words[g.after];
        text.extend(closing.text.chars().take(g.after_from));
        conf = conf.min(closing.conf);
    }
    (text.trim().to_string(), conf)
}

/// A gap the page read as plausible digits with confidence (print, or a clear hand), or left
/// empty (nothing was written: a draft's "Số:      /KH"), is left as read.
fn already_read(page: &HocrPage, g: &Gap) -> bool {
    let (text, conf) = gap_text(page, g);
    if text.is_empty() {
        return true;
    }
    plausible(g.field, &text) && conf >= 80.0
}

/// Whether digits are a value the field can hold.
pub fn plausible(field: Field, digits: &str) -> bool {
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let Ok(v) = digits.parse::<u32>() else {
        return false;
    };
    match field {
        // "Số: 07/KH-SXD": offices number from 01 too.
        Field::Number => digits.len() <= 5 && v > 0,
        Field::Day => digits.len() <= 2 && (1..=31).contains(&v),
        Field::Month => digits.len() <= 2 && (1..=12).contains(&v),
    }
}

/// One reading of a gap's crop: the digits and their boxes, with the lowest word confidence.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    pub digits: String,
    pub conf: f32,
    /// Horizontal extent of the words read, in the crop's pixels at scale 1.
    pub span: Option<(i32, i32)>,
}

impl Reading {
    /// A reading from the words of a crop read at `scale`.
    pub fn of(page: &HocrPage, scale: u32) -> Reading {
        let words: Vec<&HocrWord> = page
            .words
            .iter()
            .filter(|w| !w.text.trim().is_empty())
            .collect();
        let digits: String = words
            .iter()
            .flat_map(|w| w.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        let conf = words.iter().map(|w| w.conf).fold(100f32, f32::min);
        let s = scale.max(1) as i32;
        let span = words
            .iter()
            .map(|w| (w.bbox.x0 / s, w.bbox.x1 / s))
            .reduce(|a, b| (a.0.min(b.0), a.1.max(b.1)));
        Reading {
            digits,
            conf: if words.is_empty() { 0.0 } else { conf },
            span,
        }
    }
}

/// Fewest readings that must agree, and the confidence each needs.
const AGREE: usize = 3;
const CONFIDENT: f32 = 50.0;
/// Confidence at which a reading of another value vetoes the agreement.
const DISSENT: f32 = 80.0;
/// Share of the gap's ink (its horizontal extent) the agreed digits must span.
const COVER: f32 = 0.7;

/// The value read, if the readings agree (see the module's notes). `ink` is the horizontal
/// extent of dark pixels in the crop, at scale 1.
pub fn agreed(field: Field, readings: &[Reading], ink: Option<(i32, i32)>) -> Option<String> {
    let (ink0, ink1) = ink?;
    let ink_width = (ink1 - ink0).max(1) as f32;
    for r in readings {
        if !plausible(field, &r.digits) || r.conf < CONFIDENT {
            continue;
        }
        let agreeing: Vec<&Reading> = readings
            .iter()
            .filter(|o| o.digits == r.digits && o.conf >= CONFIDENT)
            .collect();
        // A confident reading of another plausible value: the hand is ambiguous.
        let dissent = readings
            .iter()
            .any(|o| o.digits != r.digits && o.conf >= DISSENT && plausible(field, &o.digits));
        if agreeing.len() < AGREE || dissent {
            continue;
        }
        let covers = agreeing.iter().all(|o| {
            o.span.is_some_and(|(a, b)| {
                let overlap = (b.min(ink1) - a.max(ink0)).max(0) as f32;
                overlap >= COVER * ink_width
            })
        });
        if covers {
            return Some(r.digits.clone());
        }
    }
    None
}

/// The crop of a gap, with paper around it, at `scale` (1 or 2: pixels repeated, then smoothed
/// by the reader's own scaling).
pub fn crop(gray: &Gray, b: PxBox, scale: u32) -> Gray {
    let border = 20 * scale;
    let (x0, y0) = (b.x0.max(0) as u32, b.y0.max(0) as u32);
    let (x1, y1) = (
        (b.x1.max(0) as u32).min(gray.width),
        (b.y1.max(0) as u32).min(gray.height),
    );
    let (cw, ch) = (x1.saturating_sub(x0), y1.saturating_sub(y0));
    let (w, h) = (cw * scale + 2 * border, ch * scale + 2 * border);
    let mut pixels = vec![255u8; (w * h) as usize];
    for y in 0..ch * scale {
        for x in 0..cw * scale {
            let v = gray.at(x0 + x / scale, y0 + y / scale);
            pixels[((y + border) * w + x + border) as usize] = v;
        }
    }
    Gray {
        width: w,
        height: h,
        pixels,
    }
}

/// Horizontal extent of the crop's ink (pixels darker than the page's paper/ink threshold),
/// at scale 1 with its border: columns with at least two dark pixels, specks left out.
pub fn ink_extent(crop: &Gray, threshold: u8) -> Option<(i32, i32)> {
    let dark_columns: Vec<i32> = (0..crop.width)
        .filter(|&x| {
            (0..crop.height)
                .filter(|&y| crop.at(x, y) < threshold)
                .count()
                >= 2
        })
        .map(|x| x as i32)
        .collect();
    Some((*dark_columns.first()?, *dark_columns.last()? + 1))
}

/// Writes the value read into the page's words: the opening anchor keeps its own chars, the
/// words between are emptied (the caller drops empty words once every gap is written), and the digits go before the closing anchor ("416/TTr-CAT",
/// "ngày" "28" "tháng").
pub fn apply(page: &mut HocrPage, g: &Gap, digits: &str) {
    let keep: String = page.words[g.before]
        .text
        .chars()
        .take(g.before_keep)
        .collect();
    let tail: String = page.words[g.after]
        .text
        .chars()
        .skip(g.after_from)
        .collect();
    if g.after == g.before {
        page.words[g.before].text = match g.field {
            Field::Number => format!("{keep}{digits}{tail}"),
            _ => format!("{keep} {digits} {tail}"),
        };
    } else {
        page.words[g.before].text = keep;
        page.words[g.after].text = match g.field {
            Field::Number => format!("{digits}{tail}"),
            _ => tail,
        };
        if g.field != Field::Number {
            let w = &page.words[g.before];
            page.words.push(HocrWord {
                text: digits.to_string(),
                bbox: PxBox {
                    x0: g.bbox.x0 + 1,
                    y0: w.bbox.y0,
                    x1: g.bbox.x1 - 1,
                    y1: w.bbox.y1,
                },
                conf: CONFIDENT,
                line: w.line,
            });
        }
    }
    for &k in &g.between {
        page.words[k].text.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::ocr::hocr::HocrLine;

    fn word(text: &str, x0: i32, x1: i32, conf: f32) -> HocrWord {
        HocrWord {
            text: text.into(),
            bbox: PxBox {
                x0,
                y0: 100,
                x1,
                y1: 130,
            },
            conf,
            line: 0,
        }
    }

    fn page(words: Vec<HocrWord>) -> HocrPage {
        HocrPage {
            width: 1700,
            height: 2300,
            lines: vec![HocrLine {
                bbox: PxBox {
                    x0: 0,
                    y0: 100,
                    x1: 1700,
                    y1: 130,
                },
                ..HocrLine::default()
            }],
            words,
            separators: Vec::new(),
        }
    }

    #[test]
    fn number_gap_between_so_and_the_slash() {
        let p = page(vec![
            word("Số:", 100, 160, 90.0),
            word("®®ổ", 170, 250, 20.0),
            word("/KH-TCTLNTW-C04", 260, 600, 90.0),
        ]);
        let g = gaps(&p);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].field, Field::Number);
        assert_eq!((g[0].bbox.x0, g[0].bbox.x1), (160, 260));
        let mut p = p;
        apply(&mut p, &g[0], "996");
        p.words.retain(|w| !w.text.is_empty());
        let texts: Vec<&str> = p.words.iter().map(|w| w.text.as_str()).collect();
        assert_eq!(texts, ["Số:", "996/KH-TCTLNTW-C04"]);
    }

    #[test]
    fn day_and_month_gaps_glued_to_their_anchors() {
        let mut p = page(vec![
            word("ngày4Ÿ", 900, 1000, 40.0),
            word("tháng", 1010, 1090, 90.0),
            word("l2", 1100, 1130, 30.0),
            word("năm", 1140, 1200, 90.0),
            word("2025", 1210, 1280, 95.0),
        ]);
        let g = gaps(&p);
        let fields: Vec<Field> = g.iter().map(|g| g.field).collect();
        assert_eq!(fields, [Field::Day, Field::Month]);
        assert_eq!((g[0].bbox.x0, g[0].bbox.x1), (966, 1010));
        apply(&mut p, &g[0], "28");
        assert_eq!(p.words[0].text, "ngày");
        assert_eq!(p.words.last().unwrap().text, "28");
    }

    #[test]
    fn printed_digits_read_with_confidence_are_left() {
        let p = page(vec![
            word("Số:", 100, 160, 90.0),
            word("07/KH-SXD", 170, 400, 92.0),
            word("ngày", 900, 980, 95.0),
            word("05", 990, 1020, 93.0),
            word("tháng", 1030, 1110, 95.0),
        ]);
        assert!(gaps(&p).is_empty());
        // A draft's empty gap is left empty.
        let p = page(vec![
            word("Số:", 100, 160, 90.0),
            word("/KH-VPUBND", 300, 500, 92.0),
        ]);
        assert!(gaps(&p).is_empty());
    }

    #[test]
    fn a_sentence_number_is_no_anchor() {
        let p = page(vec![
            word("số", 100, 140, 90.0),
            word("57-NQ/TW", 150, 300, 92.0),
        ]);
        assert!(gaps(&p).is_empty());
        let p = page(vec![
            word("Công", 20, 80, 90.0),
            word("Số", 100, 140, 90.0),
            word("8O45/UBND-NC", 150, 300, 62.0),
        ]);
        assert!(gaps(&p).is_empty());
    }

    #[test]
    fn junk_glued_to_the_anchor_is_in_the_gap() {
        let p = page(vec![
            word("Số#t3J:", 100, 240, 30.0),
            word("/UBND-NC", 250, 420, 90.0),
        ]);
        let g = gaps(&p);
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].bbox.x0, g[0].bbox.x1), (140, 250));
    }

    fn reading(d: &str, conf: f32, span: (i32, i32)) -> Reading {
        Reading {
            digits: d.into(),
            conf,
            span: Some(span),
        }
    }

    #[test]
    fn three_confident_readings_that_span_the_ink_must_agree() {
        let ink = Some((20, 120));
        let good = [
            reading("560", 96.0, (22, 118)),
            reading("560", 92.0, (21, 119)),
            reading("560", 76.0, (20, 118)),
            reading("260", 40.0, (20, 118)),
        ];
        assert_eq!(agreed(Field::Number, &good, ink), Some("560".into()));
        // A confident reading of another plausible value vetoes.
        let mut split = good.clone();
        split[3] = reading("566", 85.0, (20, 118));
        assert_eq!(agreed(Field::Number, &split, ink), None);
        // Two agree only.
        assert_eq!(agreed(Field::Number, &good[1..], ink), None);
        // Unconfident.
        let weak = [
            reading("39", 0.0, (20, 100)),
            reading("39", 42.0, (20, 100)),
            reading("39", 51.0, (20, 100)),
            reading("39", 30.0, (20, 100)),
        ];
        assert_eq!(agreed(Field::Number, &weak, ink), None);
        // The "6" of a "16": the digits leave the ink's left part unread.
        let part = [
            reading("6", 75.0, (80, 118)),
            reading("6", 76.0, (80, 118)),
            reading("6", 60.0, (82, 118)),
        ];
        assert_eq!(agreed(Field::Day, &part, ink), None);
        // Implausible values.
        let month = [
            reading("13", 90.0, (20, 118)),
            reading("13", 90.0, (20, 118)),
            reading("13", 90.0, (20, 118)),
        ];
        assert_eq!(agreed(Field::Month, &month, ink), None);
        assert_eq!(agreed(Field::Day, &month, ink), Some("13".into()));
    }

    #[test]
    fn plausible_values() {
        assert!(plausible(Field::Day, "1"));
        assert!(plausible(Field::Day, "31"));
        assert!(!plausible(Field::Day, "32"));
        assert!(!plausible(Field::Day, "0"));
        assert!(plausible(Field::Month, "02"));
        assert!(plausible(Field::Number, "07"));
        assert!(!plausible(Field::Number, "00"));
        assert!(!plausible(Field::Number, "123456"));
        assert!(!plausible(Field::Number, "4l6"));
    }

    #[test]
    fn crop_has_paper_around_and_scales() {
        let gray = Gray {
            width: 4,
            height: 2,
            pixels: vec![0, 10, 20, 30, 40, 50, 60, 70],
        };
        let c = crop(
            &gray,
            PxBox {
                x0: 1,
                y0: 0,
                x1: 3,
                y1: 2,
            },
            2,
        );
        assert_eq!((c.width, c.height), (4 + 80, 4 + 80));
        assert_eq!(c.at(0, 0), 255);
        assert_eq!(c.at(40, 40), 10);
        assert_eq!(c.at(41, 41), 10);
        assert_eq!(c.at(42, 40), 20);
        assert_eq!(c.at(40, 42), 50);
        assert_eq!(ink_extent(&c, 128), Some((40, 44)));
    }
}
