//! Tesseract's hOCR output read back into words with their boxes, the line each belongs to
//! (its baseline, height and orientation) and the separators Tesseract found.
//!
//! hOCR is the one output of the `tesseract` program that gives a line's baseline; the TSV
//! output has boxes only. The parser reads the few elements Tesseract writes
//! (`ocr_page`, `ocr_line` and its kin, `ocrx_word`, `ocr_separator`) from their `class` and
//! `title` attributes, tolerant of anything else.

/// A box in pixels: left, top, right, bottom (top-left origin, y down).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PxBox {
    pub x0: i32,
    pub y0: i32,
    pub x1: i32,
    pub y1: i32,
}

impl PxBox {
    pub fn width(&self) -> i32 {
        self.x1 - self.x0
    }
    pub fn height(&self) -> i32 {
        self.y1 - self.y0
    }
}

/// A text line as Tesseract segmented it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HocrLine {
    pub bbox: PxBox,
    /// Baseline slope and offset from the box's bottom-left corner (`baseline 0.002 -9`):
    /// y = bottom + offset + slope · (x − left). Absent for rotated lines.
    pub baseline: Option<(f32, f32)>,
    /// Line height (ascender to descender) and descender depth, in pixels.
    pub x_size: f32,
    pub descenders: f32,
    /// Quarter turns the text is rotated by in the image (`textangle 90|180|270`), in degrees.
    pub textangle: u16,
}

#[derive(Debug, Clone, PartialEq)]
pub struct HocrWord {
    pub text: String,
    pub bbox: PxBox,
    /// Tesseract's confidence, 0–100.
    pub conf: f32,
    /// Index into `HocrPage::lines`.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct HocrPage {
    /// The image's size in pixels.
    pub width: i32,
    pub height: i32,
    pub lines: Vec<HocrLine>,
    pub words: Vec<HocrWord>,
    /// Straight separators (rules) Tesseract removed before recognition.
    pub separators: Vec<PxBox>,
}

/// The value of attribute `name` in a tag's text (`title='…'` or `title="…"`).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    loop {
        let at = rest.find(name)?;
        let before_ok = at == 0 || rest.as_bytes()[at - 1].is_ascii_whitespace();
        let after = &rest[at + name.len()..];
        let after_trim = after.trim_start();
        if before_ok && after_trim.starts_with('=') {
            let v = after_trim[1..].trim_start();
            let quote = v.chars().next()?;
            if quote == '\'' || quote == '"' {
                let end = v[1..].find(quote)?;
                return Some(&v[1..1 + end]);
            }
            return None;
        }
        rest = after;
    }
}

/// The numbers after `key` in an hOCR `title` ("bbox 1 2 3 4; x_wconf 96").
fn property<'a>(title: &'a str, key: &str) -> Option<Vec<&'a str>> {
    title.split(';').find_map(|part| {
        let mut it = part.split_whitespace();
        (it.next() == Some(key)).then(|| it.collect())
    })
}

fn numbers(title: &str, key: &str) -> Option<Vec<f32>> {
    property(title, key)?
        .iter()
        .map(|s| s.parse::<f32>().ok().filter(|v| v.is_finite()))
        .collect()
}

fn bbox(title: &str) -> Option<PxBox> {
    let v = numbers(title, "bbox")?;
    (v.len() == 4).then(|| PxBox {
        x0: v[0] as i32,
        y0: v[1] as i32,
        x1: v[2] as i32,
        y1: v[3] as i32,
    })
}

fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Classes of the elements that hold one text line.
fn is_line_class(class: &str) -> bool {
    matches!(
        class,
        "ocr_line" | "ocr_textfloat" | "ocr_header" | "ocr_caption"
    )
}

/// Parses one page of hOCR (the first `ocr_page`; Tesseract writes one per input image).
pub fn parse(hocr: &str) -> HocrPage {
    let mut page = HocrPage::default();
    let mut rest = hocr;
    // The word being read: its box and confidence, and the text gathered up to `</span>`.
    let mut open_word: Option<(PxBox, f32, String)> = None;
    // Nesting of <span> inside a word (Tesseract writes <strong>/<em> only, but be lenient).
    let mut word_depth = 0usize;
    while let Some(lt) = rest.find('<') {
        if let Some((_, _, text)) = open_word.as_mut() {
            text.push_str(&rest[..lt]);
        }
        let Some(gt) = rest[lt..].find('>') else {
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if open_word.is_some() && name.trim() == "span" {
                if word_depth == 0 {
                    let (bbox, conf, text) = open_word.take().expect("checked");
                    let text = unescape(text.trim());
                    if !text.is_empty() && !page.lines.is_empty() {
                        page.words.push(HocrWord {
                            text,
                            bbox,
                            conf,
                            line: page.lines.len() - 1,
                        });
                    }
                } else {
                    word_depth -= 1;
                }
            }
            continue;
        }
        if open_word.is_some() {
            if tag.starts_with("span") {
                word_depth += 1;
            }
            continue;
        }
        let (Some(class), Some(title)) = (attr(tag, "class"), attr(tag, "title")) else {
            continue;
        };
        match class {
            "ocr_page" => {
                if let Some(b) = bbox(title) {
                    if page.width > 0 {
                        // A second page: this parser reads one page at a time.
                        break;
                    }
                    page.width = b.x1;
                    page.height = b.y1;
                }
            }
            "ocr_separator" => page.separators.extend(bbox(title)),
            c if is_line_class(c) => {
                let Some(b) = bbox(title) else { continue };
                let baseline = numbers(title, "baseline")
                    .filter(|v| v.len() == 2)
                    .map(|v| (v[0], v[1]));
                let first = |key| {
                    numbers(title, key)
                        .and_then(|v| v.first().copied())
                        .unwrap_or(0.0)
                };
                page.lines.push(HocrLine {
                    bbox: b,
                    baseline,
                    x_size: first("x_size"),
                    descenders: first("x_descenders"),
                    textangle: first("textangle") as u16 % 360,
                });
            }
            "ocrx_word" => {
                let Some(b) = bbox(title) else { continue };
                let conf = numbers(title, "x_wconf")
                    .and_then(|v| v.first().copied())
                    .unwrap_or(0.0);
                open_word = Some((b, conf, String::new()));
                word_depth = 0;
            }
            _ => {}
        }
    }
    page
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<html><body>
  <div class='ocr_page' id='page_1' title='image "x.jpg"; bbox 0 0 1653 2338; ppageno 0; scan_res 200 200'>
   <div class='ocr_carea' id='block_1_1' title="bbox 273 47 1503 88">
    <p class='ocr_par' id='par_1_1' lang='vie' title="bbox 273 47 1503 88">
     <span class='ocr_line' id='line_1_1' title="bbox 273 47 1503 88; baseline -0.006 -2; x_size 44; x_descenders 8; x_ascenders 11">
      <span class='ocrx_word' id='word_1_1' title='bbox 273 50 328 86; x_wconf 96'>ỦY</span>
      <span class='ocrx_word' id='word_1_2' title='bbox 340 58 420 86; x_wconf 91'><strong>A&amp;B</strong></span>
     </span>
    </p>
   </div>
   <div class='ocr_separator' id='block_1_2' title="bbox 885 138 1369 144"></div>
   <span class='ocr_line' id='line_1_2' title="bbox 2250 273 2291 1503; textangle 270; x_size 45; x_descenders 8; x_ascenders 10">
      <span class='ocrx_word' id='word_1_3' title='bbox 2252 273 2288 328; x_wconf 90'>Số:</span>
   </span>
  </div>
</body></html>"#;

    #[test]
    fn reads_words_lines_and_separators() {
        let p = parse(SAMPLE);
        assert_eq!((p.width, p.height), (1653, 2338));
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.lines[0].baseline, Some((-0.006, -2.0)));
        assert_eq!(p.lines[0].x_size, 44.0);
        assert_eq!(p.lines[1].textangle, 270);
        assert_eq!(p.lines[1].baseline, None);
        let words: Vec<(&str, usize)> = p.words.iter().map(|w| (w.text.as_str(), w.line)).collect();
        assert_eq!(words, [("ỦY", 0), ("A&B", 0), ("Số:", 1)]);
        assert_eq!(p.words[1].conf, 91.0);
        assert_eq!(
            p.separators,
            [PxBox {
                x0: 885,
                y0: 138,
                x1: 1369,
                y1: 144
            }]
        );
    }

    #[test]
    fn tolerates_junk() {
        for s in [
            "",
            "<",
            "<div class='ocrx_word' title='bbox 1 2'>",
            "&amp",
            "<span",
        ] {
            let p = parse(s);
            assert!(p.words.is_empty());
        }
        assert_eq!(unescape("a &#x1EA1; &#259; &bogus; &"), "a ạ ă &bogus; &");
    }
}
