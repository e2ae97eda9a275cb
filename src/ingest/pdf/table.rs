//! Ruled tables: the grid a page's ruling lines draw, with the page's words placed in its cells.
//!
//! A group of touching rulings gives the grid's row and column boundaries; two neighbouring grid
//! positions belong to one cell when no ruling separates them (a group row merged across the
//! table, an agency cell merged over several rows), so cells carry their row and column spans.
//! Each cell keeps its own visual lines with their boxes. One `Grid` per ruled table per page;
//! joining a table that goes on over the next page is layout's work, reading its rows parse's.

use super::{PdfPage, Rule, Word};
use crate::ingest::{Grid, GridOrigin, Line};
use crate::model::BBox;

/// Rulings closer than this (points) are the same line.
const SNAP: f32 = 2.0;
/// A row or column thinner than this (points) that holds no text is the gap of a double border.
const THIN: f32 = 4.0;
/// ... or thinner than this share of the table's font size: too thin to hold a letter, it is a
/// ruling set off by one row's own cell margins (an office suite drawing a row a little narrower
/// than the rest), not a column.
const THIN_EM: f32 = 0.5;

/// More rulings on one page than any table draws (a 100-row table of 10 columns, every cell
/// framed on its own, draws 4,000): past it the page's drawing is a pattern, not a table;
/// grouping rulings (pairwise) is not tried, nor are words cut at them.
pub(super) const MAX_RULES: usize = 5_000;

/// More grid positions than a page's table holds (a page is about 800 points high: rows are
/// at least 4 apart): past it the rulings form a hatching, not a table, and its words stay text.
const MAX_POSITIONS: usize = 50_000;

/// A ruled table found on a page, before its lines are numbered.
#[derive(Debug, Clone)]
pub struct PageTable {
    pub bbox: BBox,
    /// Column boundaries, left to right.
    pub columns: Vec<f32>,
    pub n_rows: u32,
    /// Cells by (row, col): (row, col, row_span, col_span, words placed in it).
    pub cells: Vec<PageCell>,
    /// Which words of the page (line index, word index in the line) the cells hold.
    pub taken: Vec<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct PageCell {
    pub row: u32,
    pub col: u32,
    pub row_span: u32,
    pub col_span: u32,
    /// Its visual lines, top to bottom: (text, box).
    pub lines: Vec<(String, BBox)>,
}

impl PageTable {
    /// The grid with its lines placed on `page`, numbered from `first_line`, anchored before
    /// line `anchor` of the document.
    pub fn to_grid(&self, page: u32, first_line: u32, anchor: usize) -> Grid {
        let mut n = first_line;
        let cells = self
            .cells
            .iter()
            .map(|c| crate::ingest::Cell {
                row: c.row,
                col: c.col,
                row_span: c.row_span,
                col_span: c.col_span,
                lines: c
                    .lines
                    .iter()
                    .map(|(text, bbox)| {
                        let line = Line {
                            text: text.clone(),
                            page,
                            line: n,
                            bbox: Some(*bbox),
                        };
                        n += 1;
                        line
                    })
                    .collect(),
            })
            .collect();
        Grid {
            origin: GridOrigin::PdfRulings,
            n_rows: self.n_rows,
            n_cols: (self.columns.len() - 1) as u32,
            cells,
            header_rows: 0,
            ruled: true,
            page,
            bbox: Some(self.bbox),
            columns: self.columns.clone(),
            page_starts: Vec::new(),
            anchor,
        }
    }

    /// How many lines its cells hold.
    pub fn line_count(&self) -> usize {
        self.cells.iter().map(|c| c.lines.len()).sum()
    }
}

fn snap(mut v: Vec<f32>) -> Vec<f32> {
    v.sort_by(f32::total_cmp);
    let mut out: Vec<f32> = Vec::new();
    for x in v {
        match out.last() {
            Some(&l) if x - l <= SNAP => {}
            _ => out.push(x),
        }
    }
    out
}

fn touches(a: &Rule, b: &Rule) -> bool {
    a.x0 - SNAP <= b.x1 && b.x0 - SNAP <= a.x1 && a.y0 - SNAP <= b.y1 && b.y0 - SNAP <= a.y1
}

/// Where a word is read as standing: the middle of its box, or for upright text a little above
/// its baseline (tall accents and descenders do not move it into the next row).
fn word_point(w: &Word) -> (f32, f32) {
    let cx = (w.bbox.0[0] + w.bbox.0[2]) / 2.0;
    if w.dir == 0 {
        (cx, w.baseline + 0.3 * w.font_size)
    } else {
        (cx, (w.bbox.0[1] + w.bbox.0[3]) / 2.0)
    }
}

/// Drops boundaries that make a band thinner than `thin` with no word point inside it.
fn drop_thin_bands(bounds: Vec<f32>, points: &[f32], thin: f32) -> Vec<f32> {
    if bounds.len() <= 2 {
        return bounds;
    }
    let mut out = vec![bounds[0]];
    for (k, &b) in bounds.iter().enumerate().skip(1) {
        let last = *out.last().unwrap();
        let thin = b - last < thin && !points.iter().any(|&p| p > last && p < b);
        if thin && k + 1 < bounds.len() {
            // Keep the outer edge; the inner one of a double line goes.
            continue;
        }
        if thin {
            // The last band is thin: move the previous boundary out instead.
            if out.len() > 1 {
                out.pop();
            }
        }
        out.push(b);
    }
    out
}

/// A word of a page: (line index, word index in the line), the word, where it stands.
type PlacedWord<'a> = ((usize, usize), &'a Word, (f32, f32));

/// The ruled tables of a page, top to bottom: grids of at least two rows and two columns (a
/// single framed box or a ruled list stays text).
pub fn page_tables(page: &PdfPage) -> Vec<PageTable> {
    let rules: Vec<&Rule> = page.rules.iter().filter(|r| r.len() >= 4.0).collect();
    if rules.len() < 4 || rules.len() > MAX_RULES {
        return Vec::new();
    }
    // Connected groups of rulings (union-find).
    let mut parent: Vec<usize> = (0..rules.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    for i in 0..rules.len() {
        for j in i + 1..rules.len() {
            if touches(rules[i], rules[j]) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                if a != b {
                    parent[a] = b;
                }
            }
        }
    }
    let mut groups: std::collections::BTreeMap<usize, Vec<&Rule>> = Default::default();
    for (i, r) in rules.iter().enumerate() {
        let root = find(&mut parent, i);
        groups.entry(root).or_default().push(r);
    }
    // Every word with where it stands in the lines.
    let words: Vec<PlacedWord> = page
        .lines
        .iter()
        .enumerate()
        .flat_map(|(li, l)| {
            l.words
                .iter()
                .enumerate()
                .map(move |(wi, w)| ((li, wi), w, word_point(w)))
        })
        .collect();
    let mut taken_any = vec![false; words.len()];
    let mut out = Vec::new();
    for group in groups.values() {
        if let Some(t) = read_group(group, &words, &mut taken_any) {
            out.push(t);
        }
    }
    out.sort_by(|a, b| b.bbox.0[3].total_cmp(&a.bbox.0[3]));
    out
}

fn read_group(group: &[&Rule], words: &[PlacedWord], taken_any: &mut [bool]) -> Option<PageTable> {
    let ys = snap(
        group
            .iter()
            .filter(|r| r.is_horizontal())
            .map(|r| r.y0)
            .collect(),
    );
    let xs = snap(
        group
            .iter()
            .filter(|r| !r.is_horizontal())
            .map(|r| r.x0)
            .collect(),
    );
    if ys.len() < 2 || xs.len() < 2 {
        return None;
    }
    let (x0, x1, y0, y1) = (xs[0], xs[xs.len() - 1], ys[0], ys[ys.len() - 1]);
    let inside = |&(x, y): &(f32, f32)| x >= x0 && x <= x1 && y >= y0 && y <= y1;
    let mut sizes: Vec<f32> = words
        .iter()
        .filter(|w| inside(&w.2))
        .map(|w| w.1.font_size)
        .collect();
    sizes.sort_by(f32::total_cmp);
    let thin = sizes
        .get(sizes.len() / 2)
        .map_or(THIN, |&size| THIN.max(THIN_EM * size));
    let xs = drop_thin_bands(
        xs,
        &words
            .iter()
            .filter(|w| inside(&w.2))
            .map(|w| w.2 .0)
            .collect::<Vec<_>>(),
        thin,
    );
    let ys = drop_thin_bands(
        ys,
        &words
            .iter()
            .filter(|w| inside(&w.2))
            .map(|w| w.2 .1)
            .collect::<Vec<_>>(),
        thin,
    );
    let ncols = xs.len() - 1;
    let nrows = ys.len() - 1;
    if ncols < 2 || nrows < 2 {
        return None;
    }
    // Row k (top to bottom) lies between ys[nrows - k - 1] and ys[nrows - k].
    let row_band = |k: usize| (ys[nrows - k - 1], ys[nrows - k]);
    if nrows * ncols > MAX_POSITIONS {
        return None;
    }
    // The rulings standing at each column boundary and lying at each row boundary: a position
    // asks only its own boundary's, so the work grows with the positions, not positions ×
    // rulings.
    let at = |bounds: &[f32], horizontal: bool| -> Vec<Vec<&Rule>> {
        bounds
            .iter()
            .map(|&b| {
                group
                    .iter()
                    .filter(|g| g.is_horizontal() == horizontal)
                    .filter(|g| ((if horizontal { g.y0 } else { g.x0 }) - b).abs() <= SNAP)
                    .copied()
                    .collect()
            })
            .collect()
    };
    let (v_at, h_at) = (at(&xs, false), at(&ys, true));
    // Is there a vertical ruling at column boundary `c` across the middle of row `r`?
    let v_rule = |c: usize, r: usize| {
        let (a, b) = row_band(r);
        let mid = (a + b) / 2.0;
        v_at[c]
            .iter()
            .any(|g| g.y0 <= mid + SNAP && g.y1 >= mid - SNAP)
    };
    // Is there a horizontal ruling at the top of row `r` across the middle of column `c`?
    let h_rule = |r: usize, c: usize| {
        let mid = (xs[c] + xs[c + 1]) / 2.0;
        h_at[nrows - r]
            .iter()
            .any(|g| g.x0 <= mid + SNAP && g.x1 >= mid - SNAP)
    };
    // Grid positions joined where no ruling separates them.
    let pos = |r: usize, c: usize| r * ncols + c;
    let mut parent: Vec<usize> = (0..nrows * ncols).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let union = |p: &mut Vec<usize>, a: usize, b: usize| {
        let (ra, rb) = (find(p, a), find(p, b));
        if ra != rb {
            p[ra.max(rb)] = ra.min(rb);
        }
    };
    for r in 0..nrows {
        for c in 0..ncols {
            if c > 0 && !v_rule(c, r) {
                union(&mut parent, pos(r, c - 1), pos(r, c));
            }
            if r > 0 && !h_rule(r, c) {
                union(&mut parent, pos(r - 1, c), pos(r, c));
            }
        }
    }
    // Each group of positions is a cell when it fills a rectangle; otherwise (rulings that do
    // not close) each of its positions is a cell of its own.
    let mut members: std::collections::BTreeMap<usize, Vec<(usize, usize)>> = Default::default();
    for r in 0..nrows {
        for c in 0..ncols {
            let root = find(&mut parent, pos(r, c));
            members.entry(root).or_default().push((r, c));
        }
    }
    let mut owner = vec![usize::MAX; nrows * ncols];
    let mut rects: Vec<(usize, usize, usize, usize)> = Vec::new();
    for m in members.values() {
        let r0 = m.iter().map(|p| p.0).min().unwrap();
        let r1 = m.iter().map(|p| p.0).max().unwrap();
        let c0 = m.iter().map(|p| p.1).min().unwrap();
        let c1 = m.iter().map(|p| p.1).max().unwrap();
        if (r1 - r0 + 1) * (c1 - c0 + 1) == m.len() {
            for &(r, c) in m {
                owner[pos(r, c)] = rects.len();
            }
            rects.push((r0, c0, r1 - r0 + 1, c1 - c0 + 1));
        } else {
            for &(r, c) in m {
                owner[pos(r, c)] = rects.len();
                rects.push((r, c, 1, 1));
            }
        }
    }
    // Words into cells.
    let mut in_cell: Vec<Vec<&PlacedWord>> = vec![Vec::new(); rects.len()];
    let mut taken = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if taken_any[k] || !inside(&w.2) {
            continue;
        }
        let (x, y) = w.2;
        let Some(r) = (0..nrows).find(|&r| {
            let (a, b) = row_band(r);
            y >= a && y <= b
        }) else {
            continue;
        };
        let Some(c) = (0..ncols).find(|&c| x >= xs[c] && x <= xs[c + 1]) else {
            continue;
        };
        in_cell[owner[pos(r, c)]].push(w);
        taken.push(w.0);
        taken_any[k] = true;
    }
    let mut order: Vec<usize> = (0..rects.len()).collect();
    order.sort_by_key(|&i| (rects[i].0, rects[i].1));
    let cells = order
        .into_iter()
        .map(|i| {
            let (row, col, row_span, col_span) = rects[i];
            PageCell {
                row: row as u32,
                col: col as u32,
                row_span: row_span as u32,
                col_span: col_span as u32,
                lines: cell_lines(std::mem::take(&mut in_cell[i])),
            }
        })
        .collect();
    Some(PageTable {
        bbox: BBox([x0, y0, x1, y1]),
        columns: xs,
        n_rows: nrows as u32,
        cells,
        taken,
    })
}

/// A cell's words as visual lines: by direction, then top to bottom in the reading frame,
/// words left to right.
fn cell_lines(mut ws: Vec<&PlacedWord>) -> Vec<(String, BBox)> {
    ws.sort_by(|a, b| {
        (a.1.dir)
            .cmp(&b.1.dir)
            .then(b.1.baseline.total_cmp(&a.1.baseline))
    });
    let mut lines: Vec<Vec<&Word>> = Vec::new();
    for w in ws.into_iter().map(|w| w.1) {
        match lines.last_mut() {
            Some(l)
                if l[0].dir == w.dir && (l[0].baseline - w.baseline).abs() < 0.35 * w.font_size =>
            {
                l.push(w)
            }
            _ => lines.push(vec![w]),
        }
    }
    lines
        .into_iter()
        .map(|mut l| {
            l.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            let text = l
                .iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            let mut bb = l[0].bbox.0;
            for w in &l[1..] {
                bb[0] = bb[0].min(w.bbox.0[0]);
                bb[1] = bb[1].min(w.bbox.0[1]);
                bb[2] = bb[2].max(w.bbox.0[2]);
                bb[3] = bb[3].max(w.bbox.0[3]);
            }
            (text, BBox(bb))
        })
        .collect()
}
