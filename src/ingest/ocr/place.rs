//! Tesseract's words put on the page: levelled (the scan's skew, measured from Tesseract's
//! own baselines, turned out), with their baseline and size in points, and the rulings found
//! in the levelled image — what the PDF reader builds lines and ruled tables from.

use super::hocr::HocrPage;
use super::page_image::PageImage;
use super::raster::Gray;
use super::rulings;
use crate::ingest::pdf::{PlacedWord, Rule};

/// The em of a line's type as a share of Tesseract's line height (ascender to descender;
/// Vietnamese capitals with stacked marks make it tall).
const EM_PER_LINE_HEIGHT: f32 = 0.85;
/// Skew below this (radians, ≈ 0.05°) is left alone.
const NEGLIGIBLE_SKEW: f32 = 0.0009;

/// The words and rulings of one OCR'd page, in page coordinates.
#[derive(Debug, Clone, Default)]
pub struct Placed {
    pub words: Vec<PlacedWord>,
    pub rules: Vec<Rule>,
    /// Mean word confidence, 0–1, weighted by length.
    pub confidence: f32,
    /// Words of turned lines (vertical text in a margin) left out.
    pub turned_words: usize,
    /// The skew turned out, in degrees.
    pub skew_degrees: f32,
}

/// The page's skew, from the slopes of Tesseract's long baselines (their median).
pub fn skew(page: &HocrPage) -> f32 {
    let mut slopes: Vec<f32> = page
        .lines
        .iter()
        .filter(|l| l.textangle == 0 && l.bbox.width() as f32 > 8.0 * l.x_size.max(1.0))
        .filter_map(|l| l.baseline.map(|b| b.0))
        .filter(|s| s.abs() < 0.2)
        .collect();
    if slopes.len() < 3 {
        return 0.0;
    }
    slopes.sort_by(f32::total_cmp);
    let slope = slopes[slopes.len() / 2];
    -slope.atan()
}

/// Puts the OCR'd words of `page` (read from `image`) on the page.
pub fn place(page: &HocrPage, image: &PageImage) -> Placed {
    let angle = skew(page);
    let angle = if angle.abs() < NEGLIGIBLE_SKEW {
        0.0
    } else {
        angle
    };
    let (w, h) = (image.gray.width as f32, image.gray.height as f32);
    let (cx, cy) = (w / 2.0, h / 2.0);
    let (sin, cos) = angle.sin_cos();
    let level = |x: f32, y: f32| {
        let (dx, dy) = (x - cx, y - cy);
        (cx + dx * cos - dy * sin, cy + dx * sin + dy * cos)
    };
    let pt_per_px = (image.right - image.left).abs() / w.max(1.0);
    let mut out = Placed {
        skew_degrees: angle.to_degrees(),
        ..Placed::default()
    };
    let (mut conf_sum, mut conf_len) = (0f32, 0f32);
    for word in &page.words {
        let line = &page.lines[word.line];
        if line.textangle != 0 {
            out.turned_words += 1;
            continue;
        }
        let Some(text) = without_rule_marks(&word.text) else {
            continue;
        };
        let b = word.bbox;
        let mid_x = (b.x0 + b.x1) as f32 / 2.0;
        let base_y = match line.baseline {
            Some((slope, offset)) => {
                line.bbox.y1 as f32 + offset + slope * (mid_x - line.bbox.x0 as f32)
            }
            None => b.y1 as f32 - line.descenders,
        };
        // The box moves with its centre; its size stays.
        let (mx, my) = level(mid_x, (b.y0 + b.y1) as f32 / 2.0);
        let (_, base) = level(mid_x, base_y);
        let (half_w, half_h) = (b.width() as f32 / 2.0, b.height() as f32 / 2.0);
        let (x0, top) = image.to_page(mx - half_w, my - half_h);
        let (x1, bottom) = image.to_page(mx + half_w, my + half_h);
        let (_, baseline) = image.to_page(mx, base);
        let line_height = if line.x_size > 0.0 {
            line.x_size
        } else {
            b.height() as f32
        };
        let len = word.text.chars().count() as f32;
        conf_sum += word.conf * len;
        conf_len += len;
        out.words.push(PlacedWord {
            text: text.to_string(),
            x0,
            x1,
            bottom,
            top,
            baseline,
            font_size: (line_height * EM_PER_LINE_HEIGHT * pt_per_px).max(1.0),
            line: word.line as u32,
        });
    }
    out.confidence = if conf_len > 0.0 {
        conf_sum / conf_len / 100.0
    } else {
        0.0
    };
    out
}

/// A word without the bars Tesseract reads in the remains of a ruling beside it ("|6/2025");
/// `None` for a word that is nothing else (a bar, an underscore line).
fn without_rule_marks(text: &str) -> Option<&str> {
    let t = text.trim_matches(|c| c == '|' || c == '¦');
    (!t.is_empty() && !t.chars().all(|c| c == '_')).then_some(t)
}

/// The rulings of the (levelled) page image, as page rules.
pub fn rules(gray: &Gray, image: &PageImage, skew_degrees: f32) -> Vec<Rule> {
    let angle = skew_degrees.to_radians();
    let levelled;
    let g = if angle == 0.0 {
        gray
    } else {
        levelled = gray.rotated_by(angle);
        &levelled
    };
    let dpi = image.dpi();
    let segments = rulings::find(g, dpi);
    let tolerance = (0.03 * dpi).max(2.0) as u32;
    rulings::table_like(segments, tolerance)
        .into_iter()
        .map(|s| {
            let thick = s.thickness() as f32;
            let (x0, y0, x1, y1) = if s.horizontal {
                let mid = (s.y0 + s.y1) as f32 / 2.0 + 0.5;
                (s.x0 as f32, mid, s.x1 as f32 + 1.0, mid)
            } else {
                let mid = (s.x0 + s.x1) as f32 / 2.0 + 0.5;
                (mid, s.y0 as f32, mid, s.y1 as f32 + 1.0)
            };
            let (px0, py0) = image.to_page(x0, y0);
            let (px1, py1) = image.to_page(x1, y1);
            Rule {
                x0: px0.min(px1),
                y0: py0.min(py1),
                x1: px0.max(px1),
                y1: py0.max(py1),
                width: thick * (image.right - image.left).abs() / image.gray.width as f32,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::hocr::{HocrLine, HocrWord, PxBox};
    use super::super::page_image::ImageSource;
    use super::*;

    fn image() -> PageImage {
        PageImage {
            gray: Gray::new(1000, 1000, vec![255; 1_000_000]).unwrap(),
            left: 0.0,
            top: 500.0,
            right: 500.0,
            bottom: 0.0,
            source: ImageSource::Embedded,
        }
    }

    fn line(y: i32, slope: f32) -> HocrLine {
        HocrLine {
            bbox: PxBox {
                x0: 100,
                y0: y,
                x1: 900,
                y1: y + 40,
            },
            baseline: Some((slope, -8.0)),
            x_size: 40.0,
            descenders: 8.0,
            textangle: 0,
        }
    }

    #[test]
    fn bars_of_rulings_are_not_words() {
        assert_eq!(without_rule_marks("|6/2025"), Some("6/2025"));
        assert_eq!(without_rule_marks("|"), None);
        assert_eq!(without_rule_marks("___"), None);
        assert_eq!(without_rule_marks("-"), Some("-"));
        assert_eq!(without_rule_marks("Sở"), Some("Sở"));
    }

    #[test]
    fn words_land_on_the_page_levelled() {
        let slope = 0.01;
        let page = HocrPage {
            width: 1000,
            height: 1000,
            lines: vec![line(100, slope), line(200, slope), line(300, slope)],
            words: vec![
                HocrWord {
                    text: "Kế".into(),
                    bbox: PxBox {
                        x0: 100,
                        y0: 100,
                        x1: 150,
                        y1: 140,
                    },
                    conf: 90.0,
                    line: 0,
                },
                HocrWord {
                    text: "hoạch".into(),
                    bbox: PxBox {
                        x0: 800,
                        y0: 107,
                        x1: 900,
                        y1: 147,
                    },
                    conf: 80.0,
                    line: 0,
                },
            ],
            separators: vec![],
        };
        let p = place(&page, &image());
        assert!((p.skew_degrees + 0.573).abs() < 0.01, "{}", p.skew_degrees);
        assert_eq!(p.words.len(), 2);
        // Levelled: both words of the sloping line end on one baseline.
        let (a, b) = (&p.words[0], &p.words[1]);
        assert!((a.baseline - b.baseline).abs() < 0.5, "{a:?} {b:?}");
        assert!(a.top > a.bottom && a.x1 > a.x0);
        // 40 px line height at 2 px per point: 17 pt type.
        assert!((a.font_size - 17.0).abs() < 0.01);
        assert!((p.confidence - (2.0 * 0.9 + 5.0 * 0.8) / 7.0).abs() < 1e-3);
    }
}
