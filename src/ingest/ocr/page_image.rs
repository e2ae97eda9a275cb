//! The image of a PDF page, as OCR reads it: the scan's own image at its native resolution
//! where one image fills the page (JPEG, Flate or raw samples, CCITT fax), turned upright as the
//! page shows it; otherwise the page rendered by poppler's `pdftoppm` (JBIG2, JPEG 2000,
//! pages of vector text whose font maps are broken).

use super::process;
use super::raster::{self, Gray};
use crate::error::{Error, Result};
use crate::ingest::pdf::{ImageDraw, PdfPage};
use lopdf::{Document, Object};

/// How the page image was obtained (reported per page in the JSON).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageSource {
    /// The page's own image, decoded from the PDF.
    Embedded,
    /// The page rendered by pdftoppm.
    Rendered,
    /// An image file given as input.
    File,
}

/// A page image and where it lies on the page.
#[derive(Debug, Clone)]
pub struct PageImage {
    pub gray: Gray,
    /// The image's box on the page, in points (y up): its top-left pixel is at (left, top).
    pub left: f32,
    pub top: f32,
    pub right: f32,
    pub bottom: f32,
    pub source: ImageSource,
}

impl PageImage {
    /// Pixels per inch across.
    pub fn dpi(&self) -> f32 {
        self.gray.width as f32 / ((self.right - self.left).abs() / 72.0).max(1e-3)
    }

    /// Page coordinates (points, y up) of a pixel position (x right, y down).
    pub fn to_page(&self, x: f32, y: f32) -> (f32, f32) {
        let sx = (self.right - self.left) / self.gray.width as f32;
        let sy = (self.top - self.bottom) / self.gray.height as f32;
        (self.left + x * sx, self.top - y * sy)
    }
}

/// Resolution pages are rendered at.
pub const RENDER_DPI: u32 = 300;
/// Share of the page an image must cover to be the page.
const FILLS_PAGE: f32 = 0.6;

/// The image that is the page: the largest drawn image, upright or turned by quarter turns,
/// covering most of it.
pub fn dominant_image(page: &PdfPage) -> Option<ImageDraw> {
    let area = page.width * page.height;
    page.image_draws
        .iter()
        .filter(|d| {
            let [a, b, c, dd, _, _] = d.ctm;
            let upright = b.abs() < 1e-3 * a.abs().max(1.0) && c.abs() < 1e-3 * dd.abs().max(1.0);
            let turned = a.abs() < 1e-3 * b.abs().max(1.0) && dd.abs() < 1e-3 * c.abs().max(1.0);
            upright || turned
        })
        .map(|d| (d, (d.ctm[0] * d.ctm[3] - d.ctm[1] * d.ctm[2]).abs()))
        .filter(|&(_, covered)| covered >= FILLS_PAGE * area)
        .max_by(|x, y| x.1.total_cmp(&y.1))
        .map(|(d, _)| *d)
}

/// The page's own image, decoded and turned upright; `None` where it is in an encoding read
/// only by the renderer (JBIG2, JPEG 2000, colour separations) or too large.
pub fn embedded(doc: &Document, draw: &ImageDraw) -> Option<PageImage> {
    let Ok(Object::Stream(stream)) = doc.get_object(draw.id) else {
        return None;
    };
    let gray = decode_xobject(doc, stream).ok()?;
    Some(upright(gray, draw.ctm))
}

/// Turns a decoded image so that its columns run left to right and its rows top to bottom on
/// the page, and places it.
fn upright(gray: Gray, ctm: [f32; 6]) -> PageImage {
    let [a, b, c, d, e, f] = ctm;
    let (w, h) = (gray.width as f32, gray.height as f32);
    // Pixel (col, row) of the decoded image on the page.
    let place = |col: f32, row: f32| {
        let (u, v) = (col / w, 1.0 - row / h);
        (a * u + c * v + e, b * u + d * v + f)
    };
    // Where the original pixel of a transformed image's pixel comes from, for each of the
    // eight quarter turns and mirrorings; the one whose columns go right and rows go down.
    let mut best = (false, 0u8);
    for flip in [false, true] {
        for q in 0..4u8 {
            let (tw, th) = if q % 2 == 1 { (h, w) } else { (w, h) };
            let source = |nx: f32, ny: f32| -> (f32, f32) {
                let (x, y) = match q {
                    1 => (ny, h - nx),
                    2 => (w - nx, h - ny),
                    3 => (w - ny, nx),
                    _ => (nx, ny),
                };
                if flip {
                    (w - x, y)
                } else {
                    (x, y)
                }
            };
            let o = place_of(&place, source(0.0, 0.0));
            let right = place_of(&place, source(tw, 0.0));
            let down = place_of(&place, source(0.0, th));
            if right.0 > o.0 && (right.1 - o.1).abs() < 1e-2 * (right.0 - o.0) && down.1 < o.1 {
                best = (flip, q);
            }
        }
    }
    let (flip, q) = best;
    let turned = if flip {
        gray.flipped().rotated(q)
    } else {
        gray.rotated(q)
    };
    let corners = [place(0.0, 0.0), place(w, 0.0), place(0.0, h), place(w, h)];
    let xs = corners.iter().map(|p| p.0);
    let ys = corners.iter().map(|p| p.1);
    PageImage {
        gray: turned,
        left: xs.clone().fold(f32::MAX, f32::min),
        right: xs.fold(f32::MIN, f32::max),
        top: ys.clone().fold(f32::MIN, f32::max),
        bottom: ys.fold(f32::MAX, f32::min),
        source: ImageSource::Embedded,
    }
}

fn place_of(place: &impl Fn(f32, f32) -> (f32, f32), p: (f32, f32)) -> (f32, f32) {
    place(p.0, p.1)
}

fn int(doc: &Document, d: &lopdf::Dictionary, key: &[u8]) -> Option<i64> {
    let o = d.get(key).ok()?;
    let o = doc.dereference(o).ok()?.1;
    match o {
        Object::Integer(i) => Some(*i),
        Object::Real(r) => Some(*r as i64),
        _ => None,
    }
}

fn boolean(doc: &Document, d: &lopdf::Dictionary, key: &[u8]) -> Option<bool> {
    let o = d.get(key).ok()?;
    doc.dereference(o).ok()?.1.as_bool().ok()
}

/// The gray pixels of an image XObject.
fn decode_xobject(doc: &Document, stream: &lopdf::Stream) -> Result<Gray> {
    let dict = &stream.dict;
    let unsupported = || Error::Ocr("image encoding read only by the renderer".into());
    let width = int(doc, dict, b"Width")
        .filter(|&v| v > 0)
        .ok_or_else(unsupported)?;
    let height = int(doc, dict, b"Height")
        .filter(|&v| v > 0)
        .ok_or_else(unsupported)?;
    if width as u64 * height as u64 > raster::MAX_PIXELS {
        return Err(unsupported());
    }
    let (width, height) = (width as u32, height as u32);
    let filters: Vec<Vec<u8>> = stream
        .filters()
        .map(|f| f.into_iter().map(<[u8]>::to_vec).collect())
        .unwrap_or_default();
    let params = dict
        .get(b"DecodeParms")
        .ok()
        .and_then(|o| doc.dereference(o).ok().map(|x| x.1))
        .and_then(|o| match o {
            Object::Dictionary(d) => Some(d.clone()),
            Object::Array(a) => a
                .last()
                .and_then(|x| doc.dereference(x).ok())
                .and_then(|x| x.1.as_dict().ok().cloned()),
            _ => None,
        })
        .unwrap_or_default();
    let inverted = decode_inverted(doc, dict);
    // An image codec last in the chain ([/FlateDecode /DCTDecode]): undo the others first.
    let codec = filters.last().map(Vec::as_slice).filter(|f| {
        matches!(
            *f,
            b"DCTDecode" | b"DCT" | b"CCITTFaxDecode" | b"CCF" | b"JBIG2Decode" | b"JPXDecode"
        )
    });
    let encoded = match codec {
        Some(_) if filters.len() > 1 => {
            let mut inner = lopdf::Dictionary::new();
            let outer: Vec<Object> = filters[..filters.len() - 1]
                .iter()
                .map(|f| Object::Name(f.clone()))
                .collect();
            inner.set("Filter", Object::Array(outer));
            if let Ok(Object::Array(p)) = dict.get(b"DecodeParms") {
                inner.set(
                    "DecodeParms",
                    Object::Array(p[..p.len().min(filters.len() - 1)].to_vec()),
                );
            }
            lopdf::Stream::new(inner, stream.content.clone())
                .get_plain_content_with_limit(64 << 20)
                .map_err(|_| unsupported())?
        }
        _ => stream.content.clone(),
    };
    let gray = match codec {
        Some(b"DCTDecode") | Some(b"DCT") => raster::decode_jpeg(&encoded)?.0,
        Some(b"CCITTFaxDecode") | Some(b"CCF") => raster::decode_ccitt(
            &encoded,
            int(doc, &params, b"Columns").map_or(1728, |c| c as u32),
            int(doc, &params, b"Rows").map_or(height, |r| r as u32),
            int(doc, &params, b"K").unwrap_or(0),
            boolean(doc, &params, b"BlackIs1").unwrap_or(false),
        )?,
        Some(_) => return Err(unsupported()),
        None => {
            let limit = (width as usize * height as usize * 4 + 4096).min(1 << 30);
            let data = stream
                .get_plain_content_with_limit(limit)
                .map_err(|_| unsupported())?;
            raw_samples(doc, dict, &data, width, height)?
        }
    };
    if gray.width != width || gray.height != height {
        // A fax or JPEG whose own size disagrees with the dictionary: trust the data.
        return Ok(gray);
    }
    Ok(if inverted {
        let pixels = gray.pixels.iter().map(|v| 255 - v).collect();
        Gray::new(gray.width, gray.height, pixels)?
    } else {
        gray
    })
}

/// A /Decode array that swaps dark and light (`[1 0]`).
fn decode_inverted(doc: &Document, dict: &lopdf::Dictionary) -> bool {
    let Some(Object::Array(a)) = dict
        .get(b"Decode")
        .ok()
        .and_then(|o| doc.dereference(o).ok().map(|x| x.1))
    else {
        return false;
    };
    let n: Vec<f32> = a
        .iter()
        .filter_map(|o| match o {
            Object::Integer(i) => Some(*i as f32),
            Object::Real(r) => Some(*r),
            _ => None,
        })
        .collect();
    n.len() >= 2 && n[0] > n[1]
}

/// The colour space's components, and an Indexed palette with its base's components.
enum Space {
    Comps(usize),
    Indexed(usize, Vec<u8>),
}

fn color_space(doc: &Document, o: Option<&Object>) -> Option<Space> {
    let o = doc.dereference(o?).ok()?.1;
    let name_comps = |n: &[u8]| match n {
        b"DeviceGray" | b"G" | b"CalGray" => Some(1),
        b"DeviceRGB" | b"RGB" | b"CalRGB" | b"Lab" => Some(3),
        b"DeviceCMYK" | b"CMYK" => Some(4),
        _ => None,
    };
    match o {
        Object::Name(n) => name_comps(n).map(Space::Comps),
        Object::Array(a) => {
            let kind = a.first()?.as_name().ok()?;
            match kind {
                b"ICCBased" => {
                    let s = doc.dereference(a.get(1)?).ok()?.1.as_stream().ok()?;
                    let n = int(doc, &s.dict, b"N")?;
                    matches!(n, 1 | 3 | 4).then_some(Space::Comps(n as usize))
                }
                b"Indexed" | b"I" => {
                    let base = match color_space(doc, a.get(1))? {
                        Space::Comps(n) => n,
                        Space::Indexed(..) => return None,
                    };
                    let lookup = match doc.dereference(a.get(3)?).ok()?.1 {
                        Object::String(s, _) => s.clone(),
                        Object::Stream(s) => s.get_plain_content_with_limit(1 << 16).ok()?,
                        _ => return None,
                    };
                    Some(Space::Indexed(base, lookup))
                }
                _ => name_comps(kind).map(Space::Comps),
            }
        }
        _ => None,
    }
}

/// Unpacked samples (any bit depth) of a raw image to gray.
fn raw_samples(
    doc: &Document,
    dict: &lopdf::Dictionary,
    data: &[u8],
    width: u32,
    height: u32,
) -> Result<Gray> {
    let unsupported = || Error::Ocr("image colour space read only by the renderer".into());
    let mask = boolean(doc, dict, b"ImageMask").unwrap_or(false);
    let bpc = if mask {
        1
    } else {
        int(doc, dict, b"BitsPerComponent").unwrap_or(8)
    };
    let space = if mask {
        Space::Comps(1)
    } else {
        color_space(doc, dict.get(b"ColorSpace").ok()).ok_or_else(unsupported)?
    };
    let comps = match &space {
        Space::Comps(n) => *n,
        Space::Indexed(..) => 1,
    };
    if !matches!(bpc, 1 | 2 | 4 | 8 | 16) {
        return Err(unsupported());
    }
    let bpc = bpc as usize;
    let stride = (width as usize * comps * bpc).div_ceil(8);
    if data.len() < stride * height as usize {
        return Err(Error::Ocr("image data shorter than its size".into()));
    }
    let max = ((1u32 << bpc.min(8)) - 1) as f32;
    let sample = |row: &[u8], i: usize| -> u8 {
        match bpc {
            8 => row[i],
            16 => row[2 * i],
            _ => {
                let bit = i * bpc;
                (row[bit / 8] >> (8 - bpc - bit % 8)) & ((1 << bpc) - 1) as u8
            }
        }
    };
    let scale = |v: u8| -> u8 {
        if bpc >= 8 {
            v
        } else {
            (v as f32 * 255.0 / max + 0.5) as u8
        }
    };
    let mut pixels = Vec::with_capacity(width as usize * height as usize);
    for row in data.chunks(stride).take(height as usize) {
        for x in 0..width as usize {
            let g = match &space {
                Space::Comps(1) if mask => {
                    // Stencil: 0 paints (black ink), 1 leaves the page.
                    if sample(row, x) == 0 {
                        0
                    } else {
                        255
                    }
                }
                Space::Comps(1) => scale(sample(row, x)),
                Space::Comps(3) => raster::ink(
                    scale(sample(row, 3 * x)),
                    scale(sample(row, 3 * x + 1)),
                    scale(sample(row, 3 * x + 2)),
                ),
                Space::Comps(4) => raster::cmyk_gray(
                    scale(sample(row, 4 * x)),
                    scale(sample(row, 4 * x + 1)),
                    scale(sample(row, 4 * x + 2)),
                    scale(sample(row, 4 * x + 3)),
                ),
                Space::Indexed(base, lookup) => {
                    let i = sample(row, x) as usize * base;
                    let at = |k: usize| lookup.get(i + k).copied().unwrap_or(255);
                    match base {
                        1 => at(0),
                        3 => raster::ink(at(0), at(1), at(2)),
                        _ => raster::cmyk_gray(at(0), at(1), at(2), at(3)),
                    }
                }
                Space::Comps(_) => return Err(unsupported()),
            };
            pixels.push(g);
        }
    }
    Gray::new(width, height, pixels)
}

/// Renders page `number` (1-based) with pdftoppm at `dpi`, gray.
pub fn render(pdf: &[u8], number: u32, page: &PdfPage, budget: super::Budget) -> Result<PageImage> {
    let dpi = RENDER_DPI;
    let mut cmd = std::process::Command::new("pdftoppm");
    cmd.args(["-gray", "-cropbox", "-r", &dpi.to_string()])
        .args(["-f", &number.to_string(), "-l", &number.to_string(), "-"]);
    let out = process::run(cmd, pdf, budget, "pdftoppm").map_err(|e| match e {
        process::Failure::NotFound => Error::Ocr(
            "pdftoppm is not installed (needed to render pages without a usable image; \
             Debian/Ubuntu: apt install poppler-utils)"
                .into(),
        ),
        process::Failure::Other(e) => e,
    })?;
    let gray = raster::decode_pnm(&out)?;
    Ok(PageImage {
        gray,
        left: 0.0,
        top: page.height,
        right: page.width,
        bottom: 0.0,
        source: ImageSource::Rendered,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gray(w: u32, h: u32) -> Gray {
        Gray::new(w, h, (0..w * h).map(|i| i as u8).collect()).unwrap()
    }

    #[test]
    fn upright_image_is_kept() {
        // 100×200 pixels drawn on a 50×100 pt area at (10, 20).
        let p = upright(gray(100, 200), [50.0, 0.0, 0.0, 100.0, 10.0, 20.0]);
        assert_eq!((p.gray.width, p.gray.height), (100, 200));
        assert_eq!(p.gray.pixels[0], 0);
        assert_eq!(
            (p.left, p.top, p.right, p.bottom),
            (10.0, 120.0, 60.0, 20.0)
        );
        assert_eq!(p.to_page(100.0, 200.0), (60.0, 20.0));
        assert!((p.dpi() - 144.0).abs() < 0.01);
    }

    #[test]
    fn turned_image_is_turned_back() {
        // A landscape image (200×100 px) drawn turned a quarter counter-clockwise onto a
        // portrait area, as phone-scan apps do: its pixel columns run up the page.
        let g = gray(200, 100);
        let p = upright(g.clone(), [0.0, 200.0, -100.0, 0.0, 100.0, 0.0]);
        assert_eq!((p.gray.width, p.gray.height), (100, 200));
        // Its top-left pixel is the original's top-right one... whichever it is, the turn
        // must map the page's top-left corner to the original pixel drawn there.
        let [a, b, c, d, e, f] = [0.0f32, 200.0, -100.0, 0.0, 100.0, 0.0];
        // Original pixel drawn at the page's top-left (0, 200): solve for (u, v).
        let (u, v) = {
            // x = a u + c v + e, y = b u + d v + f
            let v = (0.0 - e) / c;
            let u = (200.0 - f) / b;
            let _ = (a, d);
            (u, v)
        };
        let (col, row) = (
            (u * 200.0).min(199.0) as u32,
            ((1.0 - v) * 100.0).min(99.0) as u32,
        );
        assert_eq!(p.gray.pixels[0], g.at(col, row));
        assert_eq!((p.left, p.top, p.right, p.bottom), (0.0, 200.0, 100.0, 0.0));
    }
}
