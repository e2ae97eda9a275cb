//! Ruling lines found in a page image: long, thin runs of ink, horizontal and vertical, the
//! lines a scanned table is drawn with. They become the same `Rule`s a born-digital PDF's
//! drawn lines are, so a scanned ruled table is cut into cells by the same code.
//!
//! A run of dark pixels along a row (a column) is a ruling when it is long (a fraction of an
//! inch: longer than any letter's stroke), thin (a few points: not a filled area, a photo or
//! the black edge of a photocopy) and possibly broken by a pixel or two of lighter toner.

use super::raster::Gray;

/// A ruling in pixels, both ends inclusive, y down.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    pub x0: u32,
    pub y0: u32,
    pub x1: u32,
    pub y1: u32,
    pub horizontal: bool,
}

impl Segment {
    pub fn thickness(&self) -> u32 {
        if self.horizontal {
            self.y1 - self.y0 + 1
        } else {
            self.x1 - self.x0 + 1
        }
    }
}

/// Sizes in inches.
const MIN_HORIZONTAL: f32 = 0.3;
const MIN_VERTICAL: f32 = 0.2;
const MAX_THICKNESS: f32 = 0.04;
const MAX_GAP: f32 = 0.012;

/// Run of ink along one row or column: position across, and extent along (inclusive).
#[derive(Debug, Clone, Copy)]
struct Run {
    across: u32,
    from: u32,
    to: u32,
}

/// Thin long runs of ink of the image, horizontal and vertical.
pub fn find(image: &Gray, dpi: f32) -> Vec<Segment> {
    let dpi = dpi.clamp(50.0, 1200.0);
    let threshold = image.otsu().max(64);
    let gap = ((MAX_GAP * dpi) as u32).max(1);
    let max_thick = ((MAX_THICKNESS * dpi) as u32).max(2);
    let (w, h) = (image.width as usize, image.height as usize);
    let mut hruns = Vec::new();
    // Per column: start of the current vertical run and the last dark row.
    let mut vstart: Vec<Option<u32>> = vec![None; w];
    let mut vlast: Vec<u32> = vec![0; w];
    let mut vruns = Vec::new();
    let min_h = (MIN_HORIZONTAL * dpi) as u32;
    let min_v = (MIN_VERTICAL * dpi) as u32;
    for y in 0..h {
        let row = &image.pixels[y * w..(y + 1) * w];
        let mut start: Option<u32> = None;
        let mut last = 0u32;
        for (x, &v) in row.iter().enumerate() {
            let x = x as u32;
            let dark = v < threshold;
            if dark {
                match start {
                    Some(_) if x - last <= gap + 1 => {}
                    Some(s) => {
                        if last - s + 1 >= min_h {
                            hruns.push(Run {
                                across: y as u32,
                                from: s,
                                to: last,
                            });
                        }
                        start = Some(x);
                    }
                    None => start = Some(x),
                }
                last = x;
            }
            let col = x as usize;
            if dark {
                match vstart[col] {
                    Some(_) if y as u32 - vlast[col] <= gap + 1 => {}
                    Some(s) => {
                        if vlast[col] - s + 1 >= min_v {
                            vruns.push(Run {
                                across: x,
                                from: s,
                                to: vlast[col],
                            });
                        }
                        vstart[col] = Some(y as u32);
                    }
                    None => vstart[col] = Some(y as u32),
                }
                vlast[col] = y as u32;
            }
        }
        if let Some(s) = start {
            if last - s + 1 >= min_h {
                hruns.push(Run {
                    across: y as u32,
                    from: s,
                    to: last,
                });
            }
        }
    }
    for (x, s) in vstart.iter().enumerate() {
        if let Some(s) = *s {
            if vlast[x] - s + 1 >= min_v {
                vruns.push(Run {
                    across: x as u32,
                    from: s,
                    to: vlast[x],
                });
            }
        }
    }
    vruns.sort_by_key(|r| (r.across, r.from));
    let mut out = merge(&hruns, max_thick, true);
    out.extend(merge(&vruns, max_thick, false));
    out.retain(|s| !lines_text(image, threshold, s));
    out
}

/// Ink along a side of a segment this dense is text: the serifs of a run of letters sit on
/// their stems, while a ruling has paper on both sides (cell padding).
const MAX_INK_BESIDE: f32 = 0.3;

/// Whether `s` is the edge of a run of letters (serifs along a baseline, or the stems of
/// sideways text) rather than a drawn line: the row (column) just beside it, on either side,
/// is mostly ink.
fn lines_text(image: &Gray, threshold: u8, s: &Segment) -> bool {
    let (w, h) = (image.width as i64, image.height as i64);
    let dark_share = |pixels: &mut dyn Iterator<Item = (i64, i64)>| {
        let (mut dark, mut n) = (0u32, 0u32);
        for (x, y) in pixels {
            if x >= 0 && y >= 0 && x < w && y < h {
                n += 1;
                if image.at(x as u32, y as u32) < threshold {
                    dark += 1;
                }
            }
        }
        dark as f32 / n.max(1) as f32
    };
    let (x0, y0, x1, y1) = (s.x0 as i64, s.y0 as i64, s.x1 as i64, s.y1 as i64);
    let (before, after) = if s.horizontal {
        (
            dark_share(&mut (x0..=x1).map(|x| (x, y0 - 2))),
            dark_share(&mut (x0..=x1).map(|x| (x, y1 + 2))),
        )
    } else {
        (
            dark_share(&mut (y0..=y1).map(|y| (x0 - 2, y))),
            dark_share(&mut (y0..=y1).map(|y| (x1 + 2, y))),
        )
    };
    before.max(after) > MAX_INK_BESIDE
}

/// Runs on neighbouring rows (columns) that overlap along their length are one line; lines
/// thicker than `max_thick` are areas, not rulings, unless they are thin all along: a ruling
/// of a tilted scan, a staircase of runs, given as the thin pieces it is made of. `runs` are
/// sorted by `across`.
fn merge(runs: &[Run], max_thick: u32, horizontal: bool) -> Vec<Segment> {
    /// A line being merged: its runs and their extent along.
    struct Open {
        runs: Vec<Run>,
        from: u32,
        to: u32,
    }
    let mut open: Vec<Open> = Vec::new();
    let mut out = Vec::new();
    for r in runs {
        // Close what the previous row did not continue.
        let mut k = 0;
        while k < open.len() {
            if open[k].runs.last().map_or(0, |l| l.across) + 1 < r.across {
                let o = open.swap_remove(k);
                close(&o.runs, max_thick, horizontal, &mut out);
            } else {
                k += 1;
            }
        }
        let len = r.to - r.from + 1;
        let joined = open.iter_mut().find(|o| {
            let last = o.runs.last().map_or(0, |l| l.across);
            let overlap = r.to.min(o.to) as i64 - r.from.max(o.from) as i64 + 1;
            last + 1 == r.across && overlap * 2 >= len.min(o.to - o.from + 1) as i64
        });
        match joined {
            Some(o) => {
                o.runs.push(*r);
                o.from = o.from.min(r.from);
                o.to = o.to.max(r.to);
            }
            None => open.push(Open {
                runs: vec![*r],
                from: r.from,
                to: r.to,
            }),
        }
    }
    for o in &open {
        close(&o.runs, max_thick, horizontal, &mut out);
    }
    out.sort_by_key(|s| (s.y0, s.x0, s.y1, s.x1));
    out
}

/// The extent along a line's runs.
fn extent(runs: &[Run]) -> (u32, u32) {
    let from = runs.iter().map(|r| r.from).min().unwrap_or(0);
    let to = runs.iter().map(|r| r.to).max().unwrap_or(0);
    (from, to)
}

/// A merged line's segments: itself when thin; its pieces, a few rows (columns) each, when it
/// is thin at every point along it (a tilted ruling); none when it is an area.
fn close(runs: &[Run], max_thick: u32, horizontal: bool, out: &mut Vec<Segment>) {
    let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
        return;
    };
    if last.across - first.across < max_thick {
        out.push(segment(runs, horizontal));
    } else if thickest(runs) < max_thick {
        let piece = (max_thick / 2).max(1) as usize;
        for chunk in runs.chunks(piece) {
            out.push(segment(chunk, horizontal));
        }
    }
}

/// The most runs covering one point along the line.
fn thickest(runs: &[Run]) -> u32 {
    let mut ends: Vec<(u32, i32)> = runs
        .iter()
        .flat_map(|r| [(r.from, 1), (r.to + 1, -1)])
        .collect();
    ends.sort_unstable();
    let (mut now, mut most) = (0i32, 0i32);
    for (_, d) in ends {
        now += d;
        most = most.max(now);
    }
    most as u32
}

/// The box of runs as a segment.
fn segment(runs: &[Run], horizontal: bool) -> Segment {
    let (from, to) = extent(runs);
    let first = runs.first().map_or(0, |r| r.across);
    let last = runs.last().map_or(0, |r| r.across);
    if horizontal {
        Segment {
            x0: from,
            y0: first,
            x1: to,
            y1: last,
            horizontal,
        }
    } else {
        Segment {
            x0: first,
            y0: from,
            x1: last,
            y1: to,
            horizontal,
        }
    }
}

/// Keeps the rulings that can be a table's: groups of touching rulings with at least three
/// horizontal and three vertical lines (two rows by two columns), and the lone lines that
/// touch nothing (underlines, which tables never take). A page's frame, a box around a stamp
/// or the edge of a photocopy is dropped.
pub fn table_like(segments: Vec<Segment>, tolerance: u32) -> Vec<Segment> {
    let n = segments.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let t = tolerance as i64;
    let touches = |a: &Segment, b: &Segment| {
        a.x0 as i64 - t <= b.x1 as i64
            && b.x0 as i64 - t <= a.x1 as i64
            && a.y0 as i64 - t <= b.y1 as i64
            && b.y0 as i64 - t <= a.y1 as i64
    };
    if n > 5000 {
        // A page of hatching or noise, not a table.
        return Vec::new();
    }
    for i in 0..n {
        for j in i + 1..n {
            if touches(&segments[i], &segments[j]) {
                let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                if a != b {
                    parent[a] = b;
                }
            }
        }
    }
    let mut counts = std::collections::HashMap::<usize, (u32, u32)>::new();
    for (i, s) in segments.iter().enumerate() {
        let root = find(&mut parent, i);
        let e = counts.entry(root).or_default();
        if s.horizontal {
            e.0 += 1;
        } else {
            e.1 += 1;
        }
    }
    segments
        .into_iter()
        .enumerate()
        .filter(|(i, _)| {
            let (h, v) = counts[&find(&mut parent, *i)];
            (h >= 3 && v >= 3) || h + v == 1
        })
        .map(|(_, s)| s)
        .collect()
}

/// Whether `table_like` rulings draw a table: some vertical ruling touches horizontal ones
/// (lone lines touch nothing).
pub fn has_table(segments: &[Segment], tolerance: u32) -> bool {
    let t = tolerance as i64;
    segments.iter().filter(|v| !v.horizontal).any(|v| {
        segments.iter().filter(|h| h.horizontal).any(|h| {
            v.x0 as i64 - t <= h.x1 as i64
                && h.x0 as i64 - t <= v.x1 as i64
                && v.y0 as i64 - t <= h.y1 as i64
                && h.y0 as i64 - t <= v.y1 as i64
        })
    })
}

/// The image with the ink of `segments` turned to paper (a pixel of margin across each): what
/// Tesseract reads, so that a ruling beside a cell's text is not read as "|" or "l" and a
/// narrow cell's lone number is not taken for part of the line.
pub fn erased(image: &Gray, segments: &[Segment]) -> Gray {
    let mut out = image.clone();
    let (w, h) = (image.width as usize, image.height as usize);
    for s in segments {
        let (x0, x1, y0, y1) = if s.horizontal {
            (
                s.x0 as usize,
                s.x1 as usize,
                s.y0.saturating_sub(1) as usize,
                s.y1 as usize + 1,
            )
        } else {
            (
                s.x0.saturating_sub(1) as usize,
                s.x1 as usize + 1,
                s.y0 as usize,
                s.y1 as usize,
            )
        };
        for y in y0..=y1.min(h - 1) {
            out.pixels[y * w + x0.min(w - 1)..=y * w + x1.min(w - 1)].fill(255);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A white page with a 3×3-line grid drawn 2 px thick, and some "text" blobs.
    fn grid_page() -> Gray {
        let (w, h) = (400u32, 300u32);
        let mut p = vec![255u8; (w * h) as usize];
        let mut ink = |x: u32, y: u32| p[(y * w + x) as usize] = 0;
        for &y in &[50u32, 150, 250] {
            for x in 40..=360 {
                ink(x, y);
                ink(x, y + 1);
            }
        }
        for &x in &[40u32, 200, 360] {
            for y in 50..=251 {
                ink(x, y);
                ink(x + 1, y);
            }
        }
        // Letters: short strokes that must not count.
        for k in 0..10 {
            for y in 80..95 {
                ink(60 + 8 * k, y);
            }
            for x in 60 + 8 * k..64 + 8 * k {
                ink(x, 100);
            }
        }
        Gray::new(w, h, p).unwrap()
    }

    #[test]
    fn finds_the_grid_and_not_the_letters() {
        let segs = find(&grid_page(), 100.0);
        let h: Vec<_> = segs.iter().filter(|s| s.horizontal).collect();
        let v: Vec<_> = segs.iter().filter(|s| !s.horizontal).collect();
        assert_eq!(h.len(), 3, "{segs:?}");
        assert_eq!(v.len(), 3, "{segs:?}");
        assert!(h
            .iter()
            .all(|s| s.thickness() == 2 && s.x0 == 40 && s.x1 == 361));
        assert!(v.iter().all(|s| s.y0 == 50 && s.y1 == 251));
        assert_eq!(table_like(segs.clone(), 3).len(), 6);
        assert!(has_table(&segs, 3));
        assert!(!has_table(&segs[..3], 3));
        let clean = erased(&grid_page(), &segs);
        assert!(find(&clean, 100.0).is_empty());
        // The letters stay.
        assert_eq!(clean.at(60, 85), 0);
    }

    #[test]
    fn serifs_on_a_baseline_are_not_a_ruling() {
        // A row of "letters": stems 3 px apart standing on a continuous 1-px baseline.
        let (w, h) = (300u32, 60u32);
        let mut p = vec![255u8; (w * h) as usize];
        for x in 20..280 {
            p[(40 * w + x) as usize] = 0;
            if x % 3 == 0 {
                for y in 25..40 {
                    p[(y * w + x) as usize] = 0;
                }
            }
        }
        assert!(find(&Gray::new(w, h, p).unwrap(), 100.0).is_empty());
    }

    #[test]
    fn a_frame_is_not_a_table() {
        let frame = vec![
            Segment {
                x0: 0,
                y0: 0,
                x1: 100,
                y1: 1,
                horizontal: true,
            },
            Segment {
                x0: 0,
                y0: 99,
                x1: 100,
                y1: 100,
                horizontal: true,
            },
            Segment {
                x0: 0,
                y0: 0,
                x1: 1,
                y1: 100,
                horizontal: false,
            },
            Segment {
                x0: 99,
                y0: 0,
                x1: 100,
                y1: 100,
                horizontal: false,
            },
        ];
        assert!(table_like(frame, 3).is_empty());
    }

    #[test]
    fn thick_areas_are_not_rulings() {
        let (w, h) = (300u32, 100u32);
        let mut p = vec![255u8; (w * h) as usize];
        for y in 20..60 {
            for x in 10..290 {
                p[(y * w + x) as usize] = 0;
            }
        }
        assert!(find(&Gray::new(w, h, p).unwrap(), 100.0).is_empty());
    }

    #[test]
    fn a_tilted_ruling_is_found_in_thin_pieces() {
        // A 2-px line across 600 px, one pixel lower every 50 px (about 1.1°), and a filled
        // area as long and as thick overall, which stays an area.
        let (w, h) = (700u32, 120u32);
        let mut p = vec![255u8; (w * h) as usize];
        for x in 50..650 {
            let y = 20 + (x - 50) / 50;
            p[(y * w + x) as usize] = 0;
            p[((y + 1) * w + x) as usize] = 0;
        }
        for y in 80..94 {
            for x in 50..650 {
                p[(y * w + x) as usize] = 0;
            }
        }
        let segs = find(&Gray::new(w, h, p).unwrap(), 100.0);
        assert!(!segs.is_empty());
        assert!(segs.iter().all(|s| s.horizontal && s.y1 < 40), "{segs:?}");
        assert!(segs.iter().all(|s| s.thickness() < 4), "{segs:?}");
        let (x0, x1) = (
            segs.iter().map(|s| s.x0).min(),
            segs.iter().map(|s| s.x1).max(),
        );
        assert_eq!((x0, x1), (Some(50), Some(649)));
    }
}
