//! Provisional ruled tables: the grid drawn by a page's rulings, with the page's words filled
//! into its cells. One `PdfTable` per grid per page; joining a table that continues on the next
//! page, and dropping the header row repeated there, belong to the table model built on this.

use super::{PdfPage, Rule, Word};
use crate::model::BBox;

/// Rulings closer than this (points) are the same line.
const SNAP: f32 = 2.0;

#[derive(Debug, Clone, PartialEq)]
pub struct PdfTable {
    pub page: u32,
    pub bbox: BBox,
    /// Cell text by row (top to bottom) and column (left to right); lines within a cell are
    /// joined with a space. A cell spanning several columns holds its text in its first one.
    pub rows: Vec<Vec<String>>,
    /// The box of each row.
    pub row_boxes: Vec<BBox>,
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

/// The ruled tables of a page.
pub fn tables(page: &PdfPage) -> Vec<PdfTable> {
    let rules: Vec<&Rule> = page.rules.iter().filter(|r| r.len() >= 4.0).collect();
    if rules.len() < 4 || rules.len() > 20_000 {
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
    let mut out = Vec::new();
    for group in groups.values() {
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
            continue;
        }
        let (x0, x1, y0, y1) = (xs[0], xs[xs.len() - 1], ys[0], ys[ys.len() - 1]);
        let ncols = xs.len() - 1;
        let nrows = ys.len() - 1;
        let mut cells: Vec<Vec<Vec<&Word>>> = vec![vec![Vec::new(); ncols]; nrows];
        for w in page.words.iter().filter(|w| w.dir == 0) {
            let cx = (w.bbox.0[0] + w.bbox.0[2]) / 2.0;
            let cy = w.baseline + 0.3 * w.font_size;
            if cx < x0 || cx > x1 || cy < y0 || cy > y1 {
                continue;
            }
            // Rows top to bottom: ys are ascending, so row k lies between ys[n-k-1] and ys[n-k].
            let Some(r) = (0..nrows).find(|&k| cy <= ys[nrows - k] && cy >= ys[nrows - k - 1])
            else {
                continue;
            };
            let Some(mut c) = (0..ncols).find(|&k| cx >= xs[k] && cx <= xs[k + 1]) else {
                continue;
            };
            // A spanning cell (no ruling at its left within this row): its first column.
            let (ry0, ry1) = (ys[nrows - r - 1], ys[nrows - r]);
            while c > 0
                && !group.iter().any(|g| {
                    !g.is_horizontal()
                        && (g.x0 - xs[c]).abs() <= SNAP
                        && g.y0 <= ry0 + (ry1 - ry0) * 0.5
                        && g.y1 >= ry0 + (ry1 - ry0) * 0.5
                })
            {
                c -= 1;
            }
            cells[r][c].push(w);
        }
        let mut rows = Vec::new();
        let mut row_boxes = Vec::new();
        for (r, row) in cells.into_iter().enumerate() {
            if row.iter().all(Vec::is_empty) {
                continue;
            }
            let texts: Vec<String> = row
                .into_iter()
                .map(|mut ws| {
                    // Reading order inside the cell: lines top to bottom, words left to right.
                    ws.sort_by(|a, b| b.baseline.total_cmp(&a.baseline));
                    let mut lines: Vec<Vec<&Word>> = Vec::new();
                    for w in ws {
                        match lines.last_mut() {
                            Some(l) if (l[0].baseline - w.baseline).abs() < 0.35 * w.font_size => {
                                l.push(w)
                            }
                            _ => lines.push(vec![w]),
                        }
                    }
                    // Words of a line by a space; lines of the cell as wrapped text, so a
                    // symbol cut at the line end ("57-" / "NQ/TW") is whole again.
                    let mut text = String::new();
                    for mut l in lines {
                        l.sort_by(|a, b| a.bbox.0[0].total_cmp(&b.bbox.0[0]));
                        let line: Vec<&str> = l.iter().map(|w| w.text.as_str()).collect();
                        crate::text::append_wrapped(&mut text, &line.join(" "));
                    }
                    text
                })
                .collect();
            rows.push(texts);
            row_boxes.push(BBox([x0, ys[nrows - r - 1], x1, ys[nrows - r]]));
        }
        if rows.is_empty() {
            continue;
        }
        out.push(PdfTable {
            page: page.number,
            bbox: BBox([x0, y0, x1, y1]),
            rows,
            row_boxes,
        });
    }
    // Top to bottom.
    out.sort_by(|a, b| b.bbox.0[3].total_cmp(&a.bbox.0[3]));
    out
}
