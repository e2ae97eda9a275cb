//! From placed glyphs to words and lines in reading order.
//!
//! Glyphs are grouped into rows by baseline, combining marks joined to their base letter, words
//! split at spaces and gaps, and words grouped into fragments (runs without a wide gap or a
//! vertical ruling between them). Reading order: rows top to bottom, except where consecutive
//! rows share a column gutter with text on both sides (the two-column header of NĐ 30, the
//! "Nơi nhận" / signature block): there the left column is read before the right one.
//! Rows crossed by vertical rulings (ruled tables) are never split into columns: each visual row
//! is one line, its cells separated by a tab.

use super::interp::{from_frame, PageContent, PlacedGlyph};
use super::{PdfLine, Rule, Word};
use crate::model::BBox;
use unicode_normalization::UnicodeNormalization;

/// Gap between glyphs, in font sizes, that starts a new word (as pdftotext).
const WORD_GAP: f32 = 0.1;
/// Gap between words, in font sizes, that starts a new fragment.
const FRAGMENT_GAP: f32 = 1.5;
/// Narrowest column gutter, in font sizes.
const MIN_GUTTER: f32 = 0.8;

#[derive(Debug, Clone)]
struct Frag {
    words: Vec<Word>,
    x0: f32,
    x1: f32,
}

#[derive(Debug, Clone)]
struct Row {
    top: f32,
    bottom: f32,
    size: f32,
    frags: Vec<Frag>,
    ruled: bool,
}

fn is_mark(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| ('\u{300}'..='\u{36f}').contains(&c))
}

/// A spacing accent drawn over the previous letter, as its combining form.
fn spacing_accent(s: &str) -> Option<char> {
    let mut it = s.chars();
    let c = it.next()?;
    if it.next().is_some() {
        return None;
    }
    Some(match c {
        '´' | '\u{2CA}' => '\u{301}',
        '`' | '\u{2CB}' => '\u{300}',
        '˜' | '~' => '\u{303}',
        'ˆ' | '^' => '\u{302}',
        '¨' => '\u{308}',
        '˘' => '\u{306}',
        '\u{2C0}' | '\u{309}' => '\u{309}',
        _ => return None,
    })
}

/// One letter being built: text and box in the frame.
struct Cell {
    text: String,
    x0: f32,
    x1: f32,
    top: f32,
    bottom: f32,
    size: f32,
    base: f32,
    invisible: bool,
}

/// Builds the page's words and lines. `rules` are in page coordinates.
pub fn build(content: &PageContent, rules: &[Rule]) -> (Vec<Word>, Vec<PdfLine>) {
    let mut words_all = Vec::new();
    let mut lines_all = Vec::new();
    for dir in 0..4u8 {
        let mut idx: Vec<usize> = (0..content.glyphs.len())
            .filter(|&i| content.glyphs[i].dir == dir)
            .collect();
        if idx.is_empty() {
            continue;
        }
        // Vertical rulings in this frame (x position, y range), for cell boundaries; none
        // where the page's rulings are too many to be a table's (a hatching would cut words).
        let table_rules = if rules.len() <= super::table::MAX_RULES {
            rules
        } else {
            &[]
        };
        let vrules: Vec<(f32, f32, f32)> = table_rules
            .iter()
            .filter_map(|r| {
                let (ax, ay) = super::interp::to_frame(dir, r.x0, r.y0);
                let (bx, by) = super::interp::to_frame(dir, r.x1, r.y1);
                ((ax - bx).abs() < 1.0 && (ay - by).abs() > 4.0)
                    .then(|| ((ax + bx) / 2.0, ay.min(by), ay.max(by)))
            })
            .collect();
        idx.sort_by(|&a, &b| {
            let (ga, gb) = (&content.glyphs[a], &content.glyphs[b]);
            gb.base.total_cmp(&ga.base).then(a.cmp(&b))
        });
        let mut rows: Vec<Row> = Vec::new();
        let mut start = 0;
        while start < idx.len() {
            let mut end = baseline_run_end(content, &idx, start);
            if let Some(row_end) = raised_onto(content, &idx, start, end) {
                end = row_end;
            }
            let mut members: Vec<usize> = idx[start..end].to_vec();
            members.sort_by(|&a, &b| {
                content.glyphs[a]
                    .x0
                    .total_cmp(&content.glyphs[b].x0)
                    .then(a.cmp(&b))
            });
            if let Some(row) = make_row(content, &members, &vrules) {
                rows.push(row);
            }
            start = end;
        }
        let ordered = reading_order(rows);
        for (row, frags) in ordered {
            let _ = row;
            let mut text = String::new();
            let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
            let mut size: f32 = 0.0;
            let mut base = 0.0;
            let mut line_words = Vec::new();
            for (k, f) in frags.iter().enumerate() {
                if k > 0 {
                    text.push('\t');
                }
                for (wi, w) in f.words.iter().enumerate() {
                    if wi > 0 {
                        text.push(' ');
                    }
                    text.push_str(&w.text);
                    let [a, b, c, d] = w.bbox.0;
                    x0 = x0.min(a);
                    y0 = y0.min(b);
                    x1 = x1.max(c);
                    y1 = y1.max(d);
                    size = size.max(w.font_size);
                    base = w.baseline;
                    line_words.push(w.clone());
                }
            }
            if line_words.is_empty() {
                continue;
            }
            words_all.extend(line_words.iter().cloned());
            lines_all.push(PdfLine {
                text,
                bbox: BBox([x0, y0, x1, y1]),
                baseline: base,
                font_size: size,
                dir,
                words: line_words,
            });
        }
    }
    (words_all, lines_all)
}

/// Where the row of glyphs opening at `idx[start]` (glyphs by baseline, highest first) ends:
/// after the glyphs whose baseline lies within a third of its size below the first one's.
fn baseline_run_end(content: &PageContent, idx: &[usize], start: usize) -> usize {
    let first = &content.glyphs[idx[start]];
    let tol = 0.35 * first.size;
    let mut end = start + 1;
    while end < idx.len() && content.glyphs[idx[end]].base >= first.base - tol {
        end += 1;
    }
    end
}

/// Longest run of glyphs read as a raised mark (a footnote mark, "m2"), in glyphs.
const MAX_RAISED: usize = 3;

/// Where a run of glyphs `idx[start..end]` (by baseline) set small and raised above the next
/// row, within its width, is a mark of that row (a footnote's "8" after "nhiệm vụ"): the end of
/// that row, which then takes the mark in. Grouped by baseline alone, the mark would be a row of
/// its own between two lines of text.
fn raised_onto(content: &PageContent, idx: &[usize], start: usize, end: usize) -> Option<usize> {
    let glyph = |k: usize| &content.glyphs[idx[k]];
    let next = content.glyphs.get(*idx.get(end)?)?;
    let mark = start..end;
    let small_and_raised = mark.len() <= MAX_RAISED
        && mark.clone().all(|k| {
            let g = glyph(k);
            g.size <= 0.8 * next.size && g.base > next.base && g.base < next.base + 0.6 * next.size
        });
    if !small_and_raised {
        return None;
    }
    let row_end = baseline_run_end(content, idx, end);
    let (lo, hi) = (end..row_end).fold((f32::MAX, f32::MIN), |(lo, hi), k| {
        (lo.min(glyph(k).x0), hi.max(glyph(k).x1))
    });
    mark.into_iter()
        .all(|k| glyph(k).x0 >= lo - next.size && glyph(k).x1 <= hi + next.size)
        .then_some(row_end)
}

fn make_row(content: &PageContent, members: &[usize], vrules: &[(f32, f32, f32)]) -> Option<Row> {
    // Letters with their marks joined.
    let mut cells: Vec<Cell> = Vec::with_capacity(members.len());
    let mut spaces: Vec<f32> = Vec::new();
    for &i in members {
        let g: &PlacedGlyph = &content.glyphs[i];
        let t = content.glyph_text(g);
        if t.chars().all(char::is_whitespace) {
            spaces.push((g.x0 + g.x1) / 2.0);
            continue;
        }
        let center = (g.x0 + g.x1) / 2.0;
        let mark = if is_mark(t) {
            Some(t.to_string())
        } else {
            spacing_accent(t)
                .filter(|_| {
                    cells.last().is_some_and(|p| {
                        let w = g.x1 - g.x0;
                        center > p.x0 && center < p.x1 && w < 0.9 * (p.x1 - p.x0).max(0.01)
                            || w < 0.05 * g.size
                    })
                })
                .map(String::from)
        };
        if let Some(m) = mark {
            // The base whose box holds the mark's centre, else the letter before it.
            let n = cells.len();
            let target = (n.saturating_sub(3)..n)
                .rev()
                .find(|&k| {
                    center >= cells[k].x0 - 0.05 * g.size && center <= cells[k].x1 + 0.05 * g.size
                })
                .or(n.checked_sub(1));
            if let Some(k) = target {
                cells[k].text.push_str(&m);
                cells[k].top = cells[k].top.max(g.top);
                // A mark drawn after its letter with an advance of its own (a legacy font's
                // mark glyphs through a substitute font) is part of the letter's box.
                if g.x1 > cells[k].x1 && g.x0 <= cells[k].x1 + 0.05 * g.size {
                    cells[k].x1 = g.x1;
                }
                continue;
            }
        }
        // Fake bold: the same glyph drawn again almost in place.
        if let Some(p) = cells.last() {
            if p.text == t
                && (p.x0 - g.x0).abs() < 0.15 * g.size
                && (p.base - g.base).abs() < 0.15 * g.size
            {
                continue;
            }
        }
        cells.push(Cell {
            text: t.to_string(),
            x0: g.x0,
            x1: g.x1,
            top: g.top,
            bottom: g.bottom,
            size: g.size,
            base: g.base,
            invisible: g.invisible,
        });
    }
    if cells.is_empty() {
        return None;
    }
    let dir = content.glyphs[members[0]].dir;
    let rule_between = |a: f32, b: f32, lo: f32, hi: f32| {
        vrules
            .iter()
            .any(|&(x, y0, y1)| x > a - 0.5 && x < b + 0.5 && y0 <= hi && y1 >= lo)
    };
    // Words.
    let mut words: Vec<Word> = Vec::new();
    let mut cur: Vec<&Cell> = Vec::new();
    let mut si = 0;
    let flush = |cur: &mut Vec<&Cell>, words: &mut Vec<Word>| {
        if cur.is_empty() {
            return;
        }
        let text: String = cur
            .iter()
            .map(|c| c.text.as_str())
            .collect::<String>()
            .nfc()
            .collect();
        let x0 = cur.iter().map(|c| c.x0).fold(f32::MAX, f32::min);
        let x1 = cur.iter().map(|c| c.x1).fold(f32::MIN, f32::max);
        let top = cur.iter().map(|c| c.top).fold(f32::MIN, f32::max);
        let bottom = cur.iter().map(|c| c.bottom).fold(f32::MAX, f32::min);
        let size = cur.iter().map(|c| c.size).fold(0.0, f32::max);
        let base = cur[0].base;
        let invisible = cur.iter().all(|c| c.invisible);
        let (px0, py0) = from_frame(dir, x0, bottom);
        let (px1, py1) = from_frame(dir, x1, top);
        words.push(Word {
            text,
            bbox: BBox([px0.min(px1), py0.min(py1), px0.max(px1), py0.max(py1)]),
            x0,
            x1,
            baseline: base,
            font_size: size,
            dir,
            invisible,
        });
        cur.clear();
    };
    // Letter-spaced text (Tc) widens every gap: measure word gaps from the row's usual gap.
    let usual_gap = {
        let mut gaps: Vec<f32> = cells
            .windows(2)
            .map(|w| w[1].x0 - w[0].x1)
            .filter(|&g| g > -0.5 * cells[0].size && g < 0.5 * cells[0].size)
            .collect();
        gaps.sort_by(f32::total_cmp);
        gaps.get(gaps.len() / 2).copied().unwrap_or(0.0).max(0.0)
    };
    let mut sorted_spaces = spaces;
    sorted_spaces.sort_by(f32::total_cmp);
    for c in &cells {
        if let Some(p) = cur.last() {
            let gap = c.x0 - p.x1;
            let size = p.size.max(c.size);
            // A space glyph between them.
            while si < sorted_spaces.len() && sorted_spaces[si] < p.x1 - 0.3 * size {
                si += 1;
            }
            // (Letters that touch are one run of text: a space under them belongs to text
            // drawn beneath, such as the blank a stamped number fills.)
            let space = si < sorted_spaces.len()
                && sorted_spaces[si] <= c.x0 + 0.1 * size
                && sorted_spaces[si] >= p.x0
                && gap > 0.02 * size;
            let backwards = c.x0 < p.x0 - 0.1 * size;
            let ruled = rule_between(p.x1, c.x0, c.bottom.max(p.bottom), c.top.min(p.top));
            if gap > WORD_GAP * size + usual_gap || space || backwards || ruled {
                flush(&mut cur, &mut words);
            }
        }
        cur.push(c);
    }
    flush(&mut cur, &mut words);
    // Fragments.
    let mut frags: Vec<Frag> = Vec::new();
    let mut ruled_row = false;
    for w in words {
        let split = match frags.last().and_then(|f| f.words.last()) {
            Some(p) => {
                let gap = w.x0 - p.x1;
                let ruled = rule_between(p.x1, w.x0, w.baseline, w.baseline + 0.5 * w.font_size);
                ruled_row |= ruled;
                gap > FRAGMENT_GAP * p.font_size.max(w.font_size) || ruled || gap < -p.font_size
            }
            None => true,
        };
        if split {
            frags.push(Frag {
                x0: w.x0,
                x1: w.x1,
                words: vec![w],
            });
        } else if let Some(f) = frags.last_mut() {
            f.x1 = f.x1.max(w.x1);
            f.words.push(w);
        }
    }
    let base = cells[0].base;
    let size = cells.iter().map(|c| c.size).fold(0.0, f32::max);
    let top = cells.iter().map(|c| c.top).fold(f32::MIN, f32::max);
    let bottom = cells.iter().map(|c| c.bottom).fold(f32::MAX, f32::min);
    let (x0, x1) = (
        frags[0].x0,
        frags.iter().map(|f| f.x1).fold(f32::MIN, f32::max),
    );
    // A row inside a ruled table: a vertical ruling crosses it within its extent.
    ruled_row |= vrules
        .iter()
        .any(|&(x, y0, y1)| x > x0 && x < x1 && y0 <= base + 0.3 * size && y1 >= base + 0.3 * size);
    Some(Row {
        top,
        bottom,
        size,
        frags,
        ruled: ruled_row,
    })
}

/// Free x-intervals of a row within [lo, hi], at least `min` wide.
fn free_intervals(row: &Row, lo: f32, hi: f32, min: f32) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    let mut x = lo;
    for f in &row.frags {
        if f.x0 - x >= min {
            out.push((x, f.x0));
        }
        x = x.max(f.x1);
    }
    if hi - x >= min {
        out.push((x, hi));
    }
    out
}

fn intersect(a: &[(f32, f32)], b: &[(f32, f32)], min: f32) -> Vec<(f32, f32)> {
    let mut out = Vec::new();
    for &(a0, a1) in a {
        for &(b0, b1) in b {
            let (l, r) = (a0.max(b0), a1.min(b1));
            if r - l >= min {
                out.push((l, r));
            }
        }
    }
    out
}

/// Rows (top to bottom) to lines in reading order: each line a row or the part of a row in one
/// column.
fn reading_order(rows: Vec<Row>) -> Vec<(usize, Vec<Frag>)> {
    let mut out = Vec::new();
    if rows.is_empty() {
        return out;
    }
    let lo = rows.iter().map(|r| r.frags[0].x0).fold(f32::MAX, f32::min);
    let hi = rows
        .iter()
        .map(|r| r.frags.iter().map(|f| f.x1).fold(f32::MIN, f32::max))
        .fold(f32::MIN, f32::max);
    let mut i = 0;
    while i < rows.len() {
        let min = MIN_GUTTER * rows[i].size;
        if rows[i].ruled || rows[i].frags.len() < 2 {
            // Only a row with text on both sides of a gutter can open a column group.
            out.push((i, rows[i].frags.clone()));
            i += 1;
            continue;
        }
        // Gutter candidates: the gaps between the fragments of the row that opens the group;
        // the rows below keep those that stay free in them too.
        let mut free: Vec<(f32, f32)> = rows[i]
            .frags
            .windows(2)
            .filter(|w| w[1].x0 - w[0].x1 >= min)
            .map(|w| (w[0].x1, w[1].x0))
            .collect();
        if free.is_empty() {
            out.push((i, rows[i].frags.clone()));
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < rows.len() && !rows[j].ruled {
            let gap = rows[j - 1].bottom - rows[j].top;
            if gap > 1.2 * rows[j].size.max(rows[j - 1].size) {
                break;
            }
            let next = intersect(&free, &free_intervals(&rows[j], lo, hi, min), min);
            if next.is_empty() {
                break;
            }
            free = next;
            j += 1;
        }
        // Gutters with text on both sides within one row of the group.
        let gutters: Vec<(f32, f32)> = free
            .iter()
            .copied()
            .filter(|&(g0, g1)| {
                rows[i..j].iter().any(|r| {
                    r.frags.iter().any(|f| f.x1 <= g0 + 0.01)
                        && r.frags.iter().any(|f| f.x0 >= g1 - 0.01)
                })
            })
            .collect();
        if j - i < 2 || gutters.is_empty() {
            out.push((i, rows[i].frags.clone()));
            i += 1;
            continue;
        }
        let mut cuts: Vec<f32> = gutters.iter().map(|&(a, b)| (a + b) / 2.0).collect();
        cuts.sort_by(f32::total_cmp);
        let mut bounds = vec![f32::MIN];
        bounds.extend(cuts);
        bounds.push(f32::MAX);
        for col in bounds.windows(2) {
            for (k, row) in rows.iter().enumerate().take(j).skip(i) {
                let frags: Vec<Frag> = row
                    .frags
                    .iter()
                    .filter(|f| (f.x0 + f.x1) / 2.0 > col[0] && (f.x0 + f.x1) / 2.0 <= col[1])
                    .cloned()
                    .collect();
                if !frags.is_empty() {
                    out.push((k, frags));
                }
            }
        }
        i = j;
    }
    out
}
