//! The lexicon file: little-endian arrays read in place, from the bytes embedded in the binary
//! or from a memory-mapped file, so that opening a lexicon costs a check of its header and no
//! allocation; a page of it is read only when restoration first touches it.
//!
//! ```text
//! magic     "VBLEX" 0x05 "\r\n"                     8 bytes
//! count     u32 (= SECTIONS), u32 0
//! table     count × (u32 offset, u32 length)        bytes from the start of the file
//! sections  in table order, each at a multiple of 8
//! ```
//! All integers and floats are little-endian. The sections are listed by [`Sec`]; what each
//! holds is written in `lm.rs`, which reads them, and `tables.rs`, which computes them.

use std::ops::Range;

use zerocopy::byteorder::little_endian::{F32, U16, U32};
use zerocopy::FromBytes;

use super::lexicon::LexiconError;

pub const MAGIC: &[u8; 8] = b"VBLEX\x05\r\n";

/// The sections of the file, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum Sec {
    /// UTF-8: how and from what the lexicon was built.
    Info,
    /// u32 × (n + 1): byte offsets of the syllables in `SylText`.
    SylOff,
    /// UTF-8: the syllables, lowercase, in the tone convention; ids 0..4 are `<s>`, `<num>`,
    /// `<unk>`, `<,>`.
    SylText,
    /// u32 × n: corpus count of each syllable.
    Uni,
    /// u32 × n: how often each syllable was capitalized inside a sentence.
    Caps,
    /// u32 × 2^k: open-addressing table of the syllables (their ids, from 4; 0 = empty slot).
    SylSlots,
    /// u32 × n: stripped form (fold id) of each syllable; 0 for the reserved ids.
    FoldOf,
    /// u32 × (F + 1): byte offsets of the stripped forms in `FoldText` (fold id 0 is "").
    FoldOff,
    /// UTF-8: the stripped forms.
    FoldText,
    /// u32 × 2^k: open-addressing table of the stripped forms (fold ids, from 1; 0 = empty).
    FoldSlots,
    /// u32 × (F + 1): each stripped form's spellings in `VarId`/`VarLp`.
    VarStart,
    /// u32: the spellings (syllable ids), most likely first.
    VarId,
    /// f32: ln P(spelling | stripped form).
    VarLp,
    /// u32 × (n + 1): the bigrams (b c) of syllable b are the table `BiTable[s[b]..s[b + 1]]`
    /// (in records).
    BiSlotStart,
    /// u32 × 4 a record: per syllable b, an open-addressing table (linear probing) of its
    /// followers c, ⌈3/2 · followers⌉ + 1 records (none without followers; at most two
    /// thirds full, so that a follower b lacks is told in a few probes); c's first slot is
    /// [`follower_slot`], the next ones follow it (the last wraps to the first). A record holds all a lookup reads, in
    /// 16 bytes: c | (number of trigrams (b c ·)) << 16 (`EMPTY_RECORD`: an empty slot);
    /// ln P(c | b) (interpolated Kneser-Ney, f32 bits); ln γ(b c), the weight of P(· | c) in
    /// P(· | b c) (f32 bits); where the trigrams (b c ·) start in `TriC`/`TriLp`.
    BiTable,
    /// u16 × T: c of each trigram, sorted within its bigram.
    TriC,
    /// f32 × T: ln P(c | a b), interpolated.
    TriLp,
    /// f32 × n: ln γ(b), the weight of the continuation unigram in P(· | b).
    LnGamma1,
    /// f32 × n: ln of the Kneser-Ney continuation probability.
    LnCont,
    /// u32 × (MAX_PHRASE + 2): the phrases of length L are `PhraseData[g[L]..g[L + 1]]`.
    PhraseGroups,
    /// u16: the phrases' syllable ids, L per phrase, sorted within a length by their stripped
    /// forms (the key they are looked up by, read through `FoldOf`).
    PhraseData,
    /// u32: the first two stripped forms (f0 << 16 | f1) of some phrase, sorted.
    PhraseStartKey,
    /// u8: the length of the longest phrase starting with each key.
    PhraseStartLen,
    /// UTF-8 lines "intended \t printed \t count": the OCR channel's character confusions.
    Confusions,
    /// UTF-8 lines: marked capitals ("NĐ", "HĐND") whose stripped spelling is (almost) never
    /// used.
    Acronyms,
    /// u32: properties of the model, [`TRIGRAMS_HAVE_BIGRAMS`].
    Flags,
}

pub const SECTIONS: usize = Sec::Flags as usize + 1;

/// Every trigram (a b c) of the file has its bigram (b c) in the file: a pair (b c) the file
/// lacks ends no trigram, and the decoder need not look for one (true unless bigrams were
/// pruned harder than trigrams).
pub const TRIGRAMS_HAVE_BIGRAMS: u32 = 1;

/// Writes the sections in order.
#[derive(Default)]
pub struct Writer {
    parts: Vec<Vec<u8>>,
}

impl Writer {
    pub fn bytes(&mut self, b: &[u8]) {
        self.parts.push(b.to_vec());
    }
    pub fn u8s(&mut self, v: &[u8]) {
        self.bytes(v);
    }
    pub fn u16s(&mut self, v: &[u16]) {
        self.parts
            .push(v.iter().flat_map(|x| x.to_le_bytes()).collect());
    }
    pub fn u32s(&mut self, v: &[u32]) {
        self.parts
            .push(v.iter().flat_map(|x| x.to_le_bytes()).collect());
    }
    pub fn f32s(&mut self, v: &[f32]) {
        self.parts
            .push(v.iter().flat_map(|x| x.to_le_bytes()).collect());
    }

    /// The file. Panics if the sections written are not `SECTIONS` (a bug of the builder).
    pub fn finish(self) -> Vec<u8> {
        assert_eq!(self.parts.len(), SECTIONS, "every section is written");
        let align = |x: usize| x.div_ceil(8) * 8;
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(SECTIONS as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
        let mut at = align(out.len() + 8 * SECTIONS);
        for p in &self.parts {
            out.extend_from_slice(&(at as u32).to_le_bytes());
            out.extend_from_slice(&(p.len() as u32).to_le_bytes());
            at = align(at + p.len());
        }
        for p in &self.parts {
            out.resize(align(out.len()), 0);
            out.extend_from_slice(p);
        }
        out
    }
}

/// The byte range of every section, checked to lie inside `bytes`.
pub fn sections(bytes: &[u8]) -> Result<[Range<usize>; SECTIONS], LexiconError> {
    if !bytes.starts_with(MAGIC) {
        return Err(if bytes.starts_with(b"VBLEX") {
            LexiconError::OldFormat
        } else {
            LexiconError::BadMagic
        });
    }
    let word = |i: usize| -> Result<usize, LexiconError> {
        let b = bytes.get(i..i + 4).ok_or(LexiconError::Corrupt)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    if word(8)? != SECTIONS {
        return Err(LexiconError::Corrupt);
    }
    let mut out: [Range<usize>; SECTIONS] = std::array::from_fn(|_| 0..0);
    for (k, r) in out.iter_mut().enumerate() {
        let start = word(16 + 8 * k)?;
        let len = word(20 + 8 * k)?;
        let end = start.checked_add(len).ok_or(LexiconError::Corrupt)?;
        if end > bytes.len() {
            return Err(LexiconError::Corrupt);
        }
        *r = start..end;
    }
    Ok(out)
}

pub fn as_u16s(b: &[u8]) -> Result<&[U16], LexiconError> {
    <[U16]>::ref_from_bytes(b).map_err(|_| LexiconError::Corrupt)
}
pub fn as_u32s(b: &[u8]) -> Result<&[U32], LexiconError> {
    <[U32]>::ref_from_bytes(b).map_err(|_| LexiconError::Corrupt)
}
pub fn as_f32s(b: &[u8]) -> Result<&[F32], LexiconError> {
    <[F32]>::ref_from_bytes(b).map_err(|_| LexiconError::Corrupt)
}

/// The hash of a string in the file's open-addressing tables (stable: part of the format).
pub fn hash(s: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = crate::hash::FxHasher::default();
    h.write(s);
    h.write_usize(s.len());
    h.finish()
}

/// The first slot of follower `c` in a follower table of `size` slots: a multiplicative hash
/// scaled to the size (stable: part of the format).
#[inline]
pub fn follower_slot(c: u32, size: usize) -> usize {
    ((c.wrapping_mul(0x9e37_79b1) as u64 * size as u64) >> 32) as usize
}

/// The first word of an empty record of `BiTable`.
pub const EMPTY_RECORD: u32 = u32::MAX;

/// The follower table of one syllable whose bigram records (first word: c | …) are
/// `records`, sorted by c: see [`Sec::BiTable`]. Empty when there are none.
pub fn follower_table(records: &[[u32; 4]]) -> Vec<[u32; 4]> {
    if records.is_empty() {
        return Vec::new();
    }
    let size = records.len() + records.len().div_ceil(2) + 1;
    let mut table = vec![[EMPTY_RECORD, 0, 0, 0]; size];
    for r in records {
        let mut at = follower_slot(r[0] & 0xffff, size);
        while table[at][0] != EMPTY_RECORD {
            at = if at + 1 == size { 0 } else { at + 1 };
        }
        table[at] = *r;
    }
    table
}

/// An open-addressing table (linear probing) of `keys`, `keys[i]` standing for the value
/// `first + i` (never 0: 0 marks an empty slot): 2^k u32 slots, the smallest 2^k ≥ 2 · keys.
pub fn build_slots(keys: &[&[u8]], first: u32) -> Vec<u32> {
    let size = (2 * keys.len().max(1)).next_power_of_two();
    let mask = size - 1;
    let mut slots = vec![0u32; size];
    for (i, k) in keys.iter().enumerate() {
        let mut at = hash(k) as usize & mask;
        while slots[at] != 0 {
            at = (at + 1) & mask;
        }
        slots[at] = first + i as u32;
    }
    slots
}

/// The value stored for `key` in `slots` (built by `build_slots`), `is` telling whether the
/// value stored in a slot is the key's.
#[inline]
pub fn lookup(slots: &[U32], key: &[u8], is: impl Fn(u32) -> bool) -> Option<u32> {
    let size = slots.len();
    if size == 0 || !size.is_power_of_two() {
        return None;
    }
    let mask = size - 1;
    let mut at = hash(key) as usize & mask;
    for _ in 0..size {
        let v = slots[at].get();
        if v == 0 {
            return None;
        }
        if is(v) {
            return Some(v);
        }
        at = (at + 1) & mask;
    }
    None
}
