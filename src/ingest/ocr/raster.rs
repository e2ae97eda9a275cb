//! Gray page images: decoding the encodings scans come in (JPEG, PNG, TIFF, PDF's raw and
//! CCITT fax samples, PNM from the renderer), turning by quarter turns, scaling up low
//! resolutions, and the PGM that is handed to Tesseract.

use crate::error::{Error, Result};

/// Largest image decoded, in pixels (a 600-dpi A3 page is 70 M); beyond it a page is rendered
/// at a normal resolution instead.
pub const MAX_PIXELS: u64 = 150_000_000;

/// An 8-bit gray image, rows top to bottom, 0 black … 255 white.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl Gray {
    pub fn new(width: u32, height: u32, pixels: Vec<u8>) -> Result<Gray> {
        if width == 0 || height == 0 || pixels.len() as u64 != width as u64 * height as u64 {
            return Err(Error::Ocr(format!(
                "image of {width}×{height} pixels with {} samples",
                pixels.len()
            )));
        }
        Ok(Gray {
            width,
            height,
            pixels,
        })
    }

    pub fn at(&self, x: u32, y: u32) -> u8 {
        self.pixels[y as usize * self.width as usize + x as usize]
    }

    /// Binary PGM (P5), which Tesseract reads from standard input.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }

    /// Turned `quarter_turns` × 90° clockwise.
    pub fn rotated(&self, quarter_turns: u8) -> Gray {
        let (w, h) = (self.width as usize, self.height as usize);
        match quarter_turns % 4 {
            0 => self.clone(),
            2 => {
                let mut p = self.pixels.clone();
                p.reverse();
                Gray {
                    width: self.width,
                    height: self.height,
                    pixels: p,
                }
            }
            q => {
                let mut p = vec![0u8; w * h];
                // Clockwise: new (x, y) = (h-1-y, x); counter-clockwise: (y, w-1-x).
                for y in 0..h {
                    let row = &self.pixels[y * w..(y + 1) * w];
                    for (x, &v) in row.iter().enumerate() {
                        let (nx, ny) = if q == 1 {
                            (h - 1 - y, x)
                        } else {
                            (y, w - 1 - x)
                        };
                        p[ny * h + nx] = v;
                    }
                }
                Gray {
                    width: self.height,
                    height: self.width,
                    pixels: p,
                }
            }
        }
    }

    /// Mirrored left to right.
    pub fn flipped(&self) -> Gray {
        let mut p = self.pixels.clone();
        for row in p.chunks_mut(self.width as usize) {
            row.reverse();
        }
        Gray {
            width: self.width,
            height: self.height,
            pixels: p,
        }
    }

    /// Turned by a small angle (radians, clockwise on the image as y runs down) about its
    /// centre, bilinear; what comes in from outside is paper.
    pub fn rotated_by(&self, angle: f32) -> Gray {
        let (w, h) = (self.width as usize, self.height as usize);
        let (cx, cy) = (w as f32 / 2.0, h as f32 / 2.0);
        let (sin, cos) = angle.sin_cos();
        // The source of (x, y) is the inverse turn, (cx + dx cos + dy sin, cy - dx sin + dy
        // cos) less half a pixel. The terms of x alone are summed once per column, in the
        // order the whole sums take (the same values, so the same image): this runs on every
        // OCR'd page, and the work per pixel is its cost.
        let columns: Vec<(f32, f32)> = (0..w)
            .map(|x| {
                let dx = x as f32 + 0.5 - cx;
                (cx + dx * cos, cy - dx * sin)
            })
            .collect();
        let (last_x, last_y) = ((w - 1) as f32, (h - 1) as f32);
        let mut out = vec![255u8; w * h];
        for (y, row) in out.chunks_mut(w).enumerate() {
            let dy = y as f32 + 0.5 - cy;
            let (along_x, along_y) = (dy * sin, dy * cos);
            for (d, &(cx_part, cy_part)) in row.iter_mut().zip(&columns) {
                let sx = cx_part + along_x - 0.5;
                let sy = cy_part + along_y - 0.5;
                if sx < 0.0 || sy < 0.0 || sx > last_x || sy > last_y {
                    continue;
                }
                let (x0, y0) = (sx as usize, sy as usize);
                let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
                let (tx, ty) = (sx - x0 as f32, sy - y0 as f32);
                let above = &self.pixels[y0 * w..(y0 + 1) * w];
                let below = &self.pixels[y1 * w..(y1 + 1) * w];
                let top = above[x0] as f32 * (1.0 - tx) + above[x1] as f32 * tx;
                let bottom = below[x0] as f32 * (1.0 - tx) + below[x1] as f32 * tx;
                *d = (top * (1.0 - ty) + bottom * ty + 0.5) as u8;
            }
        }
        Gray {
            width: self.width,
            height: self.height,
            pixels: out,
        }
    }

    /// Otsu's threshold: the gray level that best separates ink from paper.
    pub fn otsu(&self) -> u8 {
        let mut hist = [0u64; 256];
        for &v in &self.pixels {
            hist[v as usize] += 1;
        }
        let total = self.pixels.len() as f64;
        let sum: f64 = hist
            .iter()
            .enumerate()
            .map(|(i, &n)| i as f64 * n as f64)
            .sum();
        let (mut w0, mut sum0, mut best, mut best_t) = (0f64, 0f64, -1f64, 128u8);
        for (t, &n) in hist.iter().enumerate() {
            w0 += n as f64;
            if w0 == 0.0 {
                continue;
            }
            let w1 = total - w0;
            if w1 == 0.0 {
                break;
            }
            sum0 += t as f64 * n as f64;
            let (m0, m1) = (sum0 / w0, (sum - sum0) / w1);
            let between = w0 * w1 * (m0 - m1) * (m0 - m1);
            if between > best {
                best = between;
                best_t = t as u8;
            }
        }
        best_t
    }
}

fn check_size(width: u64, height: u64) -> Result<()> {
    if width == 0 || height == 0 {
        return Err(Error::Ocr("image without pixels".into()));
    }
    if width * height > MAX_PIXELS {
        return Err(Error::Ocr(format!(
            "image of {width}×{height} pixels; more than {} million",
            MAX_PIXELS / 1_000_000
        )));
    }
    Ok(())
}

/// A JPEG decoded to gray (colour through `ink`), with the resolution its header gives (JFIF
/// density), if any.
pub fn decode_jpeg(bytes: &[u8]) -> Result<(Gray, Option<f32>)> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let options = DecoderOptions::default()
        .set_max_width(1 << 16)
        .set_max_height(1 << 16)
        .set_strict_mode(false);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(bytes, options);
    decoder
        .decode_headers()
        .map_err(|e| Error::Ocr(format!("JPEG: {e:?}")))?;
    let info = decoder
        .info()
        .ok_or_else(|| Error::Ocr("JPEG without a frame".into()))?;
    check_size(info.width as u64, info.height as u64)?;
    let colour = decoder.get_input_colorspace() != Some(ColorSpace::Luma);
    decoder.set_options(options.jpeg_set_out_colorspace(if colour {
        ColorSpace::RGB
    } else {
        ColorSpace::Luma
    }));
    let samples = decoder
        .decode()
        .map_err(|e| Error::Ocr(format!("JPEG: {e:?}")))?;
    let pixels = if colour {
        samples
            .chunks_exact(3)
            .map(|p| ink(p[0], p[1], p[2]))
            .collect()
    } else {
        samples
    };
    let gray = Gray::new(info.width as u32, info.height as u32, pixels)?;
    let dpi = jfif_density(bytes);
    Ok((gray, dpi))
}

/// The gray a colour pixel is read as: its red component. Black print is dark in it as in any
/// gray, while the red of seals and stamps ("dấu đỏ"), which Vietnamese documents press over
/// the signer's title and name, turns as light as the paper; blue ink (a handwritten number)
/// stays dark. Read through luma, the seal hides the words under it.
pub fn ink(r: u8, _g: u8, _b: u8) -> u8 {
    r
}

/// Dots per inch from a JFIF APP0 segment (units 1 = inch, 2 = cm).
fn jfif_density(bytes: &[u8]) -> Option<f32> {
    let seg = bytes.get(2..20)?;
    if seg[0] != 0xFF || seg[1] != 0xE0 || &seg[4..9] != b"JFIF\0" {
        return None;
    }
    let units = seg[11];
    let x = u16::from_be_bytes([seg[12], seg[13]]) as f32;
    match units {
        1 if x >= 50.0 => Some(x),
        2 if x >= 20.0 => Some(x * 2.54),
        _ => None,
    }
}

/// A PNM image (P4 bitmap, P5 gray, P6 colour) as the renderer writes it.
pub fn decode_pnm(bytes: &[u8]) -> Result<Gray> {
    let bad = || Error::Ocr("malformed PNM image".into());
    let mut fields = Vec::new();
    let mut i = 0;
    let kind = bytes.get(..2).ok_or_else(bad)?;
    let need = if kind == b"P4" { 3 } else { 4 };
    while fields.len() < need {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) == Some(&b'#') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if start == i {
            return Err(bad());
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).map_err(|_| bad())?);
    }
    i += 1; // the single white space before the samples
    let num = |k: usize| fields[k].parse::<u32>().map_err(|_| bad());
    let (w, h) = (num(1)?, num(2)?);
    check_size(w as u64, h as u64)?;
    let data = bytes.get(i..).ok_or_else(bad)?;
    let n = w as usize * h as usize;
    let pixels = match kind {
        b"P5" => data.get(..n).ok_or_else(bad)?.to_vec(),
        b"P6" => data
            .get(..3 * n)
            .ok_or_else(bad)?
            .chunks_exact(3)
            .map(|p| ink(p[0], p[1], p[2]))
            .collect(),
        b"P4" => unpack_bits(data, w, h, true)?,
        _ => return Err(bad()),
    };
    Gray::new(w, h, pixels)
}

/// 1-bit rows (padded to whole bytes) to gray; `one_is_black` as in PBM.
pub fn unpack_bits(data: &[u8], width: u32, height: u32, one_is_black: bool) -> Result<Vec<u8>> {
    let stride = (width as usize).div_ceil(8);
    if data.len() < stride * height as usize {
        return Err(Error::Ocr("bitmap shorter than its size".into()));
    }
    let mut out = Vec::with_capacity(width as usize * height as usize);
    for row in data.chunks(stride).take(height as usize) {
        for x in 0..width as usize {
            let bit = row[x / 8] >> (7 - x % 8) & 1 == 1;
            out.push(if bit == one_is_black { 0 } else { 255 });
        }
    }
    Ok(out)
}

/// A PNG decoded to gray, with its pHYs resolution, if any.
pub fn decode_png(bytes: &[u8]) -> Result<(Gray, Option<f32>)> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder
        .read_info()
        .map_err(|e| Error::Ocr(format!("PNG: {e}")))?;
    let info = reader.info();
    check_size(info.width as u64, info.height as u64)?;
    let dpi = info
        .pixel_dims
        .and_then(|d| (d.unit == png::Unit::Meter && d.xppu > 0).then_some(d.xppu as f32 * 0.0254));
    let mut buf = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| Error::Ocr(format!("PNG: {e}")))?;
    let data = &buf[..frame.buffer_size()];
    let (w, h) = (frame.width, frame.height);
    let n = w as usize * h as usize;
    let channels = data.len() / n.max(1);
    let pixels: Vec<u8> = match (frame.color_type, channels) {
        (png::ColorType::Grayscale, 1) => data.to_vec(),
        // Transparent paper reads as white.
        (png::ColorType::GrayscaleAlpha, 2) => {
            data.chunks_exact(2).map(|p| blend(p[0], p[1])).collect()
        }
        (png::ColorType::Rgb, 3) => data
            .chunks_exact(3)
            .map(|p| ink(p[0], p[1], p[2]))
            .collect(),
        (png::ColorType::Rgba, 4) => data
            .chunks_exact(4)
            .map(|p| blend(ink(p[0], p[1], p[2]), p[3]))
            .collect(),
        _ => return Err(Error::Ocr("PNG of an unsupported layout".into())),
    };
    Ok((Gray::new(w, h, pixels)?, dpi))
}

fn blend(v: u8, alpha: u8) -> u8 {
    ((v as u32 * alpha as u32 + 255 * (255 - alpha as u32) + 127) / 255) as u8
}

/// The pages of a TIFF, decoded to gray, each with its resolution.
pub fn decode_tiff(bytes: &[u8]) -> Result<Vec<(Gray, Option<f32>)>> {
    use tiff::decoder::{Decoder, DecodingResult, Limits};
    use tiff::tags::Tag;
    let err = |e: tiff::TiffError| Error::Ocr(format!("TIFF: {e}"));
    let mut limits = Limits::default();
    limits.decoding_buffer_size = MAX_PIXELS as usize * 4;
    let mut decoder = Decoder::new(std::io::Cursor::new(bytes))
        .map_err(err)?
        .with_limits(limits);
    let mut pages = Vec::new();
    loop {
        let (w, h) = decoder.dimensions().map_err(err)?;
        check_size(w as u64, h as u64)?;
        let color = decoder.colortype().map_err(err)?;
        let dpi = decoder
            .get_tag_f32(Tag::XResolution)
            .ok()
            .filter(|d| d.is_finite() && *d >= 20.0)
            .map(|d| {
                let unit = decoder.get_tag_u32(Tag::ResolutionUnit).unwrap_or(2);
                if unit == 3 {
                    d * 2.54
                } else {
                    d
                }
            });
        let white_is_zero = decoder
            .get_tag_u32(Tag::PhotometricInterpretation)
            .map(|p| p == 0)
            .unwrap_or(false);
        let image = decoder.read_image().map_err(err)?;
        let n = w as usize * h as usize;
        let pixels = match image {
            DecodingResult::U8(data) => gray_from_tiff(&data, color, w, h, n)?,
            DecodingResult::U16(data) => {
                let bytes: Vec<u8> = data.iter().map(|&v| (v >> 8) as u8).collect();
                gray_from_tiff(&bytes, color, w, h, n)?
            }
            _ => return Err(Error::Ocr("TIFF of an unsupported sample type".into())),
        };
        let pixels = if white_is_zero {
            pixels.into_iter().map(|v| 255 - v).collect()
        } else {
            pixels
        };
        pages.push((Gray::new(w, h, pixels)?, dpi));
        if !decoder.more_images() {
            break;
        }
        decoder.next_image().map_err(err)?;
    }
    Ok(pages)
}

fn gray_from_tiff(
    data: &[u8],
    color: tiff::ColorType,
    w: u32,
    h: u32,
    n: usize,
) -> Result<Vec<u8>> {
    use tiff::ColorType as C;
    Ok(match color {
        C::Gray(8) | C::Gray(16) => data.get(..n).ok_or_else(short)?.to_vec(),
        C::Gray(1) => {
            // The decoder hands bitmaps over packed; 1 = white unless WhiteIsZero (handled
            // by the caller).
            unpack_bits(data, w, h, false)?
        }
        C::GrayA(8) | C::GrayA(16) => data
            .chunks_exact(2)
            .take(n)
            .map(|p| blend(p[0], p[1]))
            .collect(),
        C::RGB(8) | C::RGB(16) => data
            .chunks_exact(3)
            .take(n)
            .map(|p| ink(p[0], p[1], p[2]))
            .collect(),
        C::RGBA(8) | C::RGBA(16) => data
            .chunks_exact(4)
            .take(n)
            .map(|p| blend(ink(p[0], p[1], p[2]), p[3]))
            .collect(),
        C::CMYK(8) => data
            .chunks_exact(4)
            .take(n)
            .map(|p| cmyk_gray(p[0], p[1], p[2], p[3]))
            .collect(),
        other => {
            return Err(Error::Ocr(format!(
                "TIFF with {other:?} samples is not supported"
            )))
        }
    })
}

fn short() -> Error {
    Error::Ocr("image data shorter than its size".into())
}

/// Gray of a CMYK sample (0 = no ink).
pub fn cmyk_gray(c: u8, m: u8, y: u8, k: u8) -> u8 {
    let inv = |v: u8| 255 - v as u32;
    let r = inv(c) * inv(k) / 255;
    let g = inv(m) * inv(k) / 255;
    let b = inv(y) * inv(k) / 255;
    ink(r as u8, g as u8, b as u8)
}

/// A CCITT Group 4 (K < 0) or Group 3 fax image, to gray.
pub fn decode_ccitt(
    data: &[u8],
    width: u32,
    height: u32,
    k: i64,
    black_is_1: bool,
) -> Result<Gray> {
    check_size(width as u64, height as u64)?;
    let w16 = u16::try_from(width).map_err(|_| Error::Ocr("fax image too wide".into()))?;
    let mut pixels = Vec::with_capacity(width as usize * height as usize);
    let mut push_line = |transitions: &[u16]| {
        if pixels.len() < width as usize * height as usize {
            pixels.extend(fax::decoder::pels(transitions, w16).map(|c| {
                let black = c == fax::Color::Black;
                // BlackIs1 false (the default): 0 bits are black, which the decoder reports
                // as black already; true flips the meaning.
                if black != black_is_1 {
                    0u8
                } else {
                    255u8
                }
            }));
        }
    };
    let ok = if k < 0 {
        fax::decoder::decode_g4(
            data.iter().copied(),
            w16,
            u16::try_from(height).ok(),
            &mut push_line,
        )
    } else {
        fax::decoder::decode_g3(data.iter().copied(), &mut push_line)
    };
    if ok.is_none() && pixels.is_empty() {
        return Err(Error::Ocr("undecodable CCITT fax image".into()));
    }
    pixels.resize(width as usize * height as usize, 255);
    Gray::new(width, height, pixels)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Gray {
        // 3 wide, 2 high: 0 1 2 / 3 4 5
        Gray::new(3, 2, vec![0, 1, 2, 3, 4, 5]).unwrap()
    }

    #[test]
    fn quarter_turns() {
        let g = sample();
        let cw = g.rotated(1);
        assert_eq!((cw.width, cw.height), (2, 3));
        // Clockwise: the left column, read bottom up, becomes the top row.
        assert_eq!(cw.pixels, [3, 0, 4, 1, 5, 2]);
        assert_eq!(g.rotated(3).pixels, [2, 5, 1, 4, 0, 3]);
        assert_eq!(g.rotated(2).pixels, [5, 4, 3, 2, 1, 0]);
        assert_eq!(g.rotated(1).rotated(3), g);
        assert_eq!(g.flipped().pixels, [2, 1, 0, 5, 4, 3]);
    }

    #[test]
    fn pnm_round_trip_and_bitmaps() {
        let g = sample();
        assert_eq!(decode_pnm(&g.to_pgm()).unwrap(), g);
        let pbm = b"P4\n# comment\n10 1\n\xff\xc0";
        assert_eq!(decode_pnm(pbm).unwrap().pixels, vec![0u8; 10]);
        assert!(decode_pnm(b"P5\n3 2\n255\n\x00").is_err());
        assert!(decode_pnm(b"P5\n999999 999999\n255\n").is_err());
    }

    #[test]
    fn otsu_splits_ink_from_paper() {
        let mut p = vec![240u8; 100];
        p[..20].fill(20);
        let t = Gray::new(10, 10, p).unwrap().otsu();
        assert!((20..240).contains(&t), "{t}");
    }

    #[test]
    fn ccitt_g4_round_trip() {
        // A white 16×2 image encoded with the crate's encoder decodes back to white.
        let mut enc = fax::encoder::Encoder::new(fax::VecWriter::new());
        let white = [fax::Color::White; 16];
        for _ in 0..2 {
            enc.encode_line(white.iter().copied(), 16).unwrap();
        }
        let data = enc.finish().unwrap().finish();
        let g = decode_ccitt(&data, 16, 2, -1, false).unwrap();
        assert!(g.pixels.iter().all(|&v| v == 255));
    }
}
