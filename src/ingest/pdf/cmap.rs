//! CMaps: ToUnicode (bfchar, bfrange in both forms) and the code-space and CID mappings of
//! embedded encoding CMaps (cidchar, cidrange), parsed with the content lexer.

use super::lexer::{Lexer, Operand, Token};
use std::collections::HashMap;

/// Largest range expanded from one bfrange/cidrange line; real CMaps stay far below.
const MAX_RANGE: u32 = 0x1_0000;
/// Most mappings kept from one CMap.
const MAX_ENTRIES: usize = 1 << 20;

#[derive(Debug, Default, Clone)]
pub struct CMap {
    /// (length in bytes, low, high) of each code-space range.
    pub codespace: Vec<(u8, u32, u32)>,
    /// code → text.
    pub unicode: HashMap<u32, String>,
    /// code ranges → first CID.
    pub cid_ranges: Vec<(u32, u32, u32)>,
    pub cid_single: HashMap<u32, u32>,
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |a, &b| a << 8 | b as u32)
}

/// Big-endian UTF-16 code units; an odd last byte is a unit of its own (a one-byte code).
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| {
            if c.len() == 2 {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                c[0] as u16
            }
        })
        .collect()
}

fn utf16_text(bytes: &[u8]) -> String {
    String::from_utf16_lossy(&utf16_units(bytes))
}

impl CMap {
    pub fn parse(data: &[u8]) -> CMap {
        let mut cmap = CMap::default();
        let mut lx = Lexer::new(data);
        let mut args: Vec<Operand> = Vec::new();
        let mut entries = 0usize;
        while let Some(tok) = lx.next_token() {
            match tok {
                Token::Operand(o) => {
                    if args.len() < 4096 {
                        args.push(o)
                    }
                }
                Token::Stray => {}
                Token::Op(op) => {
                    match op {
                        b"endcodespacerange" => {
                            for pair in args.chunks(2) {
                                if let [Operand::Str(lo), Operand::Str(hi)] = pair {
                                    if !lo.is_empty() && lo.len() <= 4 {
                                        cmap.codespace.push((
                                            lo.len() as u8,
                                            code_of(lo),
                                            code_of(hi),
                                        ));
                                    }
                                }
                            }
                        }
                        b"endbfchar" => {
                            for pair in args.chunks(2) {
                                if let [Operand::Str(src), Operand::Str(dst)] = pair {
                                    cmap.unicode.insert(code_of(src), utf16_text(dst));
                                } else if let [Operand::Str(src), Operand::Name(n)] = pair {
                                    if let Some(t) = super::encoding::glyph_text(n) {
                                        cmap.unicode.insert(code_of(src), t);
                                    }
                                }
                            }
                            entries += args.len() / 2;
                        }
                        b"endbfrange" => {
                            for triple in args.chunks(3) {
                                let [Operand::Str(lo), Operand::Str(hi), dst] = triple else {
                                    continue;
                                };
                                let (lo, hi) = (code_of(lo), code_of(hi));
                                if hi < lo || hi - lo > MAX_RANGE {
                                    continue;
                                }
                                match dst {
                                    Operand::Str(d) => {
                                        let mut units = utf16_units(d);
                                        if units.is_empty() {
                                            continue;
                                        }
                                        for code in lo..=hi {
                                            cmap.unicode
                                                .insert(code, String::from_utf16_lossy(&units));
                                            let last = units.len() - 1;
                                            units[last] = units[last].wrapping_add(1);
                                        }
                                        entries += (hi - lo + 1) as usize;
                                    }
                                    Operand::Array(items) => {
                                        for (code, item) in (lo..=hi).zip(items) {
                                            if let Operand::Str(d) = item {
                                                cmap.unicode.insert(code, utf16_text(d));
                                            }
                                        }
                                        entries += items.len();
                                    }
                                    _ => {}
                                }
                            }
                        }
                        b"endcidrange" => {
                            for triple in args.chunks(3) {
                                if let [Operand::Str(lo), Operand::Str(hi), Operand::Num(cid)] =
                                    triple
                                {
                                    let (lo, hi) = (code_of(lo), code_of(hi));
                                    if hi >= lo && *cid >= 0.0 {
                                        cmap.cid_ranges.push((lo, hi, *cid as u32));
                                    }
                                }
                            }
                        }
                        b"endcidchar" => {
                            for pair in args.chunks(2) {
                                if let [Operand::Str(src), Operand::Num(cid)] = pair {
                                    if *cid >= 0.0 {
                                        cmap.cid_single.insert(code_of(src), *cid as u32);
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                    args.clear();
                    if entries > MAX_ENTRIES {
                        break;
                    }
                }
            }
        }
        cmap
    }

    /// Splits `bytes` into codes by the code-space ranges: (code, length).
    /// Without ranges, `default_len` bytes per code.
    pub fn next_code(&self, bytes: &[u8], default_len: usize) -> (u32, usize) {
        if !self.codespace.is_empty() {
            for len in 1..=4usize {
                if len > bytes.len() {
                    break;
                }
                let code = code_of(&bytes[..len]);
                if self
                    .codespace
                    .iter()
                    .any(|&(l, lo, hi)| l as usize == len && code >= lo && code <= hi)
                {
                    return (code, len);
                }
            }
            // Not in any range: take the shortest length the ranges use (spec: skip it).
            let len = self
                .codespace
                .iter()
                .map(|c| c.0 as usize)
                .min()
                .unwrap_or(1);
            let len = len.clamp(1, bytes.len().max(1)).min(bytes.len());
            return (code_of(&bytes[..len]), len.max(1));
        }
        let len = default_len.min(bytes.len()).max(1);
        (code_of(&bytes[..len.min(bytes.len())]), len)
    }

    pub fn cid(&self, code: u32) -> Option<u32> {
        if let Some(&c) = self.cid_single.get(&code) {
            return Some(c);
        }
        self.cid_ranges
            .iter()
            .find(|&&(lo, hi, _)| code >= lo && code <= hi)
            .map(|&(lo, _, first)| first + (code - lo))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tounicode_forms() {
        let data = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0003> <0020> <0011> <00660069> endbfchar
2 beginbfrange <0024> <0026> <0041> <0030> <0031> [<1EA1> <01B0>] endbfrange
endcmap";
        let c = CMap::parse(data);
        assert_eq!(c.unicode[&3], " ");
        assert_eq!(c.unicode[&0x11], "fi");
        assert_eq!(c.unicode[&0x26], "C");
        assert_eq!(c.unicode[&0x30], "ạ");
        assert_eq!(c.unicode[&0x31], "ư");
        assert_eq!(c.next_code(&[0, 0x24, 1], 1), (0x24, 2));
    }

    #[test]
    fn mixed_code_lengths() {
        let c = CMap::parse(b"2 begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange 1 begincidrange <8140> <817F> 100 endcidrange");
        assert_eq!(c.next_code(b"A", 2), (0x41, 1));
        assert_eq!(c.next_code(&[0x81, 0x41], 2), (0x8141, 2));
        assert_eq!(c.cid(0x8141), Some(101));
    }
}
