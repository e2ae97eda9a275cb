//! The lexicon read in place (`store.rs`) with its lookups, the syllable n-gram model and the
//! decoder.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use zerocopy::byteorder::little_endian::{F32, U16, U32};

use super::lexicon::{FxMap, LexiconError, BOS, FIRST_SYL, MAX_PHRASE, PUNCT};
use super::ocr::Channel;
use super::store::{self, Sec, SECTIONS};
use crate::text::fold;

/// Most candidates per position the decoder keeps.
pub const MAX_CANDIDATES: usize = 8;
/// Most candidates of a word read through the OCR channel.
pub const MAX_OCR_CANDIDATES: usize = 16;
/// Spellings rarer than this (ln P(spelling | stripped form), about 1 in 1 800) are not
/// considered (at −6, 1 in 400, rare but right spellings were lost: "hối" of "hối lộ").
pub const MIN_VARIANT_LN: f32 = -7.5;
/// States worse than the best by more than this are pruned.
const BEAM: f32 = 10.0;
// candidates per position must fit the u8 backpointers
const _: () = assert!(MAX_CANDIDATES <= 255 && MAX_OCR_CANDIDATES <= 255);

/// A trigram context (a b): ln γ(a b) and the range of its followers in the trigram arrays.
#[derive(Debug, Clone, Copy)]
pub struct Ctx {
    ln_gamma: f32,
    lo: u32,
    hi: u32,
    /// the lexicon holds the bigram (a b)
    seen: bool,
}

/// Where a lexicon's bytes live.
enum Bytes {
    /// Embedded in the binary.
    Static(&'static [u8]),
    Owned(Vec<u8>),
    /// A memory-mapped file.
    Mapped(memmap2::Mmap),
}

impl Bytes {
    fn get(&self) -> &[u8] {
        match self {
            Bytes::Static(b) => b,
            Bytes::Owned(b) => b,
            Bytes::Mapped(m) => m,
        }
    }
}

/// A lexicon: its file's bytes, read in place. Opening one checks its header; nothing is
/// decoded until used (the OCR channel and the acronym table are built on first use). Immutable,
/// shareable across threads.
pub struct Lexicon {
    bytes: Bytes,
    /// Unique per lexicon opened in this process: keys the per-thread memo of bigram lookups.
    id: u64,
    at: [Range<usize>; SECTIONS],
    channel: OnceLock<Channel>,
    /// stripped capitals → marked capitals ("ND" → "NĐ")
    acronyms: OnceLock<HashMap<String, String>>,
    /// per phrase length, where the phrases of each first stripped form start (`View::phrase`
    /// searches only those). Built on first use.
    phrase_firsts: OnceLock<Vec<Vec<u32>>>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("bytes", &self.bytes.get().len())
            .finish_non_exhaustive()
    }
}

impl Lexicon {
    /// The lexicon embedded in the binary (checked by the tests when it is built: only its
    /// header is checked here, so that no page of it is read before it is used).
    pub fn from_static(bytes: &'static [u8]) -> Result<Self, LexiconError> {
        Self::open(Bytes::Static(bytes), false)
    }

    /// A lexicon file's bytes, every table checked.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self, LexiconError> {
        Self::open(Bytes::Owned(bytes), true)
    }

    /// A lexicon file, memory-mapped (read as it is used), every table checked.
    pub fn open_file(path: &std::path::Path) -> Result<Self, LexiconError> {
        let io = |e| LexiconError::Io {
            path: path.display().to_string(),
            source: e,
        };
        let file = std::fs::File::open(path).map_err(io)?;
        // SAFETY: the map is read-only and private to this process; like every program that maps
        // a file (ripgrep, databases), we rely on no other process truncating it meanwhile (that
        // would end this process with SIGBUS; changed bytes would only give other answers).
        match unsafe { memmap2::Mmap::map(&file) } {
            Ok(m) => Self::open(Bytes::Mapped(m), true),
            // (a file that cannot be mapped, such as a pipe, is read)
            Err(_) => Self::from_bytes(std::fs::read(path).map_err(io)?),
        }
    }

    /// A lexicon that restores nothing.
    pub fn empty() -> Self {
        Self::from_bytes(super::tables::encode(
            &super::lexicon::LexiconData::empty(),
            &Default::default(),
        ))
        .expect("the empty lexicon is well formed")
    }

    fn open(bytes: Bytes, check_all: bool) -> Result<Self, LexiconError> {
        let at = store::sections(bytes.get())?;
        static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        let lex = Lexicon {
            bytes,
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            at,
            channel: OnceLock::new(),
            acronyms: OnceLock::new(),
            phrase_firsts: OnceLock::new(),
        };
        lex.check_shapes()?;
        if check_all {
            lex.check_values()?;
        }
        Ok(lex)
    }

    fn sec(&self, s: Sec) -> &[u8] {
        &self.bytes.get()[self.at[s as usize].clone()]
    }

    /// The typed arrays of the file; built once per use of the lexicon (a document), not per
    /// lookup.
    pub fn view(&self) -> View<'_> {
        let u32s = |s: Sec| store::as_u32s(self.sec(s)).unwrap_or(&[]);
        let u16s = |s: Sec| store::as_u16s(self.sec(s)).unwrap_or(&[]);
        let f32s = |s: Sec| store::as_f32s(self.sec(s)).unwrap_or(&[]);
        // (validated as a whole once per view, so that reading one string validates nothing:
        // `check_shapes` refused a lexicon whose text sections are not UTF-8)
        let text = |s: Sec| std::str::from_utf8(self.sec(s)).unwrap_or("");
        View {
            lex: self,
            syl_off: u32s(Sec::SylOff),
            syl_text: text(Sec::SylText),
            uni: u32s(Sec::Uni),
            caps: u32s(Sec::Caps),
            syl_slots: u32s(Sec::SylSlots),
            fold_of: u32s(Sec::FoldOf),
            fold_off: u32s(Sec::FoldOff),
            fold_text: text(Sec::FoldText),
            fold_slots: u32s(Sec::FoldSlots),
            var_start: u32s(Sec::VarStart),
            var_id: u32s(Sec::VarId),
            var_lp: f32s(Sec::VarLp),
            bi_slot_start: u32s(Sec::BiSlotStart),
            bi_table: u32s(Sec::BiTable),
            tri_c: u16s(Sec::TriC),
            tri_lp: f32s(Sec::TriLp),
            ln_gamma1: f32s(Sec::LnGamma1),
            ln_cont: f32s(Sec::LnCont),
            phrase_groups: u32s(Sec::PhraseGroups),
            phrase_data: u16s(Sec::PhraseData),
            phrase_start_key: u32s(Sec::PhraseStartKey),
            phrase_start_len: self.sec(Sec::PhraseStartLen),
            trigrams_have_bigrams: u32s(Sec::Flags)
                .first()
                .is_some_and(|f| f.get() & store::TRIGRAMS_HAVE_BIGRAMS != 0),
        }
    }

    /// How and from what the lexicon was built.
    pub fn info(&self) -> &str {
        std::str::from_utf8(self.sec(Sec::Info)).unwrap_or("")
    }

    /// The number of syllables, bigrams, trigrams and phrases.
    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        let v = self.view();
        (
            v.syl_off.len().saturating_sub(1),
            v.bigram_count(),
            v.tri_c.len(),
            v.phrase_count(),
        )
    }

    /// True when the lexicon holds no OCR confusions (its channel can read nothing).
    pub fn channel_is_empty(&self) -> bool {
        self.sec(Sec::Confusions).is_empty()
    }

    /// The OCR channel, built on first use.
    pub fn channel(&self) -> &Channel {
        self.channel.get_or_init(|| {
            let text = std::str::from_utf8(self.sec(Sec::Confusions)).unwrap_or("");
            let confusions: Vec<(String, String, u32)> = text
                .lines()
                .filter_map(|l| {
                    let mut f = l.split('\t');
                    let (a, b, c) = (f.next()?, f.next()?, f.next()?.parse().ok()?);
                    Some((a.to_string(), b.to_string(), c))
                })
                .collect();
            let mut channel = Channel::new(&confusions);
            let v = self.view();
            let mut folds: Vec<(String, u32)> = (1..v.fold_count() as u32)
                .map(|f| (v.fold_str(f).to_string(), f))
                .filter(|(f, _)| super::lexicon::syllable_shape(f))
                .collect();
            folds.sort();
            channel.set_folds(folds);
            channel
        })
    }

    /// Marked capitals by their stripped spelling ("ND" → "NĐ"), built on first use; a stripped
    /// spelling two acronyms share is left out.
    pub fn acronyms(&self) -> &HashMap<String, String> {
        self.acronyms.get_or_init(|| {
            let text = std::str::from_utf8(self.sec(Sec::Acronyms)).unwrap_or("");
            let mut acronyms: HashMap<String, String> = HashMap::new();
            let mut ambiguous = Vec::new();
            for a in text.lines() {
                let k = crate::text::strip_diacritics(a);
                if acronyms.insert(k.clone(), a.to_string()).is_some() {
                    ambiguous.push(k);
                }
            }
            for k in ambiguous {
                acronyms.remove(&k);
            }
            acronyms
        })
    }

    /// Every section has the size its counts call for.
    fn check_shapes(&self) -> Result<(), LexiconError> {
        let bad = Err(LexiconError::Corrupt);
        for s in [
            Sec::SylOff,
            Sec::Uni,
            Sec::Caps,
            Sec::SylSlots,
            Sec::FoldOf,
            Sec::FoldOff,
            Sec::FoldSlots,
            Sec::VarStart,
            Sec::VarId,
            Sec::BiSlotStart,
            Sec::BiTable,
            Sec::PhraseGroups,
            Sec::PhraseStartKey,
            Sec::Flags,
        ] {
            store::as_u32s(self.sec(s))?;
        }
        for s in [Sec::VarLp, Sec::TriLp, Sec::LnGamma1, Sec::LnCont] {
            store::as_f32s(self.sec(s))?;
        }
        for s in [Sec::TriC, Sec::PhraseData] {
            store::as_u16s(self.sec(s))?;
        }
        for s in [
            Sec::Info,
            Sec::SylText,
            Sec::FoldText,
            Sec::Confusions,
            Sec::Acronyms,
        ] {
            if std::str::from_utf8(self.sec(s)).is_err() {
                return bad;
            }
        }
        let v = self.view();
        let n = v.syl_off.len().wrapping_sub(1);
        let folds = v.fold_off.len().wrapping_sub(1);
        let nt = v.tri_c.len();
        let ok = v.syl_off.len() > FIRST_SYL as usize
            && n <= 1 << 16
            && (1..=1 << 16).contains(&folds)
            && [
                v.uni.len(),
                v.caps.len(),
                v.fold_of.len(),
                v.ln_gamma1.len(),
                v.ln_cont.len(),
            ]
            .iter()
            .all(|&l| l == n)
            && v.bi_table.len().is_multiple_of(4)
            && v.bi_slot_start.len() == n + 1
            && v.var_start.len() == folds + 1
            && v.var_id.len() == v.var_lp.len()
            && v.tri_lp.len() == nt
            && v.phrase_groups.len() == MAX_PHRASE + 2
            && v.phrase_start_key.len() == v.phrase_start_len.len()
            && v.syl_slots.len().is_power_of_two()
            && v.fold_slots.len().is_power_of_two();
        if ok {
            Ok(())
        } else {
            bad
        }
    }

    /// Every offset, range and id inside its bounds (a file from elsewhere: the embedded one is
    /// checked by the tests). Touches every page of the file.
    fn check_values(&self) -> Result<(), LexiconError> {
        let v = self.view();
        let n = v.syl_off.len() - 1;
        let folds = v.fold_off.len() - 1;
        let monotone = |a: &[U32], end: usize| {
            a.first().is_some_and(|x| x.get() == 0)
                && a.windows(2).all(|w| w[0].get() <= w[1].get())
                && a.last().is_some_and(|x| x.get() as usize == end)
        };
        let below = |a: &[U32], end: usize| a.iter().all(|x| (x.get() as usize) < end);
        let below16 = |a: &[U16], end: usize| a.iter().all(|x| (x.get() as usize) < end);
        let on_chars =
            |off: &[U32], text: &str| off.iter().all(|o| text.is_char_boundary(o.get() as usize));
        let slots_ok = |slots: &[U32], first: usize, end: usize| {
            slots
                .iter()
                .all(|x| x.get() == 0 || (first..end).contains(&(x.get() as usize)))
                && slots.iter().any(|x| x.get() == 0)
        };
        let phrases_ok = monotone(v.phrase_groups, v.phrase_data.len())
            && (1..=MAX_PHRASE).all(|l| {
                let g = &v.phrase_groups;
                ((g[l + 1].get() - g[l].get()) as usize).is_multiple_of(l)
            })
            && v.phrase_data.iter().all(|i| (i.get() as usize) < n);
        let ok = monotone(v.syl_off, v.syl_text.len())
            && on_chars(v.syl_off, v.syl_text)
            && monotone(v.fold_off, v.fold_text.len())
            && on_chars(v.fold_off, v.fold_text)
            && slots_ok(v.syl_slots, FIRST_SYL as usize, n)
            && slots_ok(v.fold_slots, 1, folds)
            && below(v.fold_of, folds)
            && monotone(v.var_start, v.var_id.len())
            && below(v.var_id, n)
            && monotone(v.bi_slot_start, v.bi_table.len() / 4)
            && v.bigrams_ok()
            && below16(v.tri_c, n)
            && phrases_ok;
        if ok {
            Ok(())
        } else {
            Err(LexiconError::Corrupt)
        }
    }
}

/// The typed arrays of a lexicon, borrowed from its bytes.
#[derive(Clone, Copy)]
pub struct View<'a> {
    lex: &'a Lexicon,
    syl_off: &'a [U32],
    syl_text: &'a str,
    uni: &'a [U32],
    caps: &'a [U32],
    syl_slots: &'a [U32],
    fold_of: &'a [U32],
    fold_off: &'a [U32],
    fold_text: &'a str,
    fold_slots: &'a [U32],
    var_start: &'a [U32],
    var_id: &'a [U32],
    var_lp: &'a [F32],
    bi_slot_start: &'a [U32],
    bi_table: &'a [U32],
    tri_c: &'a [U16],
    tri_lp: &'a [F32],
    ln_gamma1: &'a [F32],
    ln_cont: &'a [F32],
    phrase_groups: &'a [U32],
    phrase_data: &'a [U16],
    phrase_start_key: &'a [U32],
    phrase_start_len: &'a [u8],
    /// `store::TRIGRAMS_HAVE_BIGRAMS`
    trigrams_have_bigrams: bool,
}

/// The spellings of one stripped form: (syllable id, ln P(spelling | form)), most likely first.
#[derive(Clone, Copy)]
pub struct Variants<'a> {
    ids: &'a [U32],
    lps: &'a [F32],
}

impl<'a> Variants<'a> {
    pub fn len(&self) -> usize {
        self.ids.len()
    }
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = (u32, f32)> + 'a {
        self.ids
            .iter()
            .zip(self.lps)
            .map(|(i, p)| (i.get(), p.get()))
    }
    pub fn first(&self) -> Option<(u32, f32)> {
        self.iter().next()
    }
}

/// The `i`-th string of an offsets + text pair ("" out of range or off a character's
/// boundary).
#[inline]
fn string_at<'a>(off: &[U32], text: &'a str, i: usize) -> &'a str {
    let (Some(a), Some(b)) = (off.get(i), off.get(i + 1)) else {
        return "";
    };
    text.get(a.get() as usize..b.get() as usize).unwrap_or("")
}

/// The bytes of the `i`-th string (empty out of range), cut without checking character
/// boundaries: what a lookup compares its key with, equal to it only where `string_at` is.
#[inline]
fn bytes_at<'a>(off: &[U32], text: &'a str, i: usize) -> &'a [u8] {
    let (Some(a), Some(b)) = (off.get(i), off.get(i + 1)) else {
        return &[];
    };
    text.as_bytes()
        .get(a.get() as usize..b.get() as usize)
        .unwrap_or(&[])
}

/// Binary search of `x` in a sorted little-endian u16 array.
#[inline]
fn search16(a: &[U16], x: u16) -> Option<usize> {
    a.binary_search_by(|v| v.get().cmp(&x)).ok()
}

impl<'a> View<'a> {
    pub fn lexicon(&self) -> &'a Lexicon {
        self.lex
    }

    /// The number of syllable ids (the reserved ones included).
    pub fn syl_count(&self) -> usize {
        self.syl_off.len().saturating_sub(1)
    }

    /// The syllable of an id ("" out of range).
    #[inline]
    pub fn syl(&self, id: u32) -> &'a str {
        string_at(self.syl_off, self.syl_text, id as usize)
    }

    /// The id of a syllable (lowercase, in the tone convention).
    #[inline]
    pub fn id_of(&self, s: &str) -> Option<u32> {
        let key = s.as_bytes();
        store::lookup(self.syl_slots, key, |id| {
            bytes_at(self.syl_off, self.syl_text, id as usize) == key
        })
    }

    /// The number of fold ids (0, the reserved one, included).
    pub fn fold_count(&self) -> usize {
        self.fold_off.len().saturating_sub(1)
    }

    /// The stripped form of a fold id.
    #[inline]
    pub fn fold_str(&self, fid: u32) -> &'a str {
        string_at(self.fold_off, self.fold_text, fid as usize)
    }

    /// The fold id of a stripped form.
    #[inline]
    pub fn fold_id(&self, f: &str) -> Option<u32> {
        let key = f.as_bytes();
        store::lookup(self.fold_slots, key, |fid| {
            bytes_at(self.fold_off, self.fold_text, fid as usize) == key
        })
    }

    /// The fold id of a syllable id (0 for the reserved ids).
    #[inline]
    pub fn fold_of(&self, id: u32) -> u32 {
        self.fold_of.get(id as usize).map_or(0, |x| x.get())
    }

    /// The spellings of a stripped form the decoder considers: the likeliest
    /// `MAX_CANDIDATES`, none rarer than `MIN_VARIANT_LN`.
    pub fn candidates(&self, fid: u32) -> impl Iterator<Item = (u32, f32)> + 'a {
        self.likeliest(fid, MAX_CANDIDATES, MIN_VARIANT_LN)
    }

    /// The likeliest `most` spellings of a stripped form, none with ln P(spelling | form) at
    /// or below `min_ln`.
    pub fn likeliest(
        &self,
        fid: u32,
        most: usize,
        min_ln: f32,
    ) -> impl Iterator<Item = (u32, f32)> + 'a {
        self.variants(fid)
            .iter()
            .take(most)
            .filter(move |x| x.1 > min_ln)
    }

    /// The spellings of a stripped form.
    #[inline]
    pub fn variants(&self, fid: u32) -> Variants<'a> {
        let (Some(a), Some(b)) = (
            self.var_start.get(fid as usize),
            self.var_start.get(fid as usize + 1),
        ) else {
            return Variants { ids: &[], lps: &[] };
        };
        let r = a.get() as usize..b.get() as usize;
        Variants {
            ids: self.var_id.get(r.clone()).unwrap_or(&[]),
            lps: self.var_lp.get(r).unwrap_or(&[]),
        }
    }

    pub fn unigram(&self, id: u32) -> u32 {
        self.uni.get(id as usize).map_or(0, |x| x.get())
    }

    /// The number of bigrams.
    fn bigram_count(&self) -> usize {
        self.bi_table
            .chunks_exact(4)
            .filter(|r| r[0].get() != store::EMPTY_RECORD)
            .count()
    }

    /// The record of slot `i` of `BiTable`.
    #[inline]
    fn bi_rec(&self, i: usize) -> Option<&'a [U32]> {
        self.bi_table.get(4 * i..4 * i + 4)
    }

    /// The slot of the bigram (b c) in `BiTable`: a probe or two of b's follower table, whose
    /// records hold what the lookup reads.
    #[inline]
    fn bi_index(&self, b: u32, c: u32) -> Option<usize> {
        let lo = self.bi_slot_start.get(b as usize)?.get() as usize;
        let hi = self.bi_slot_start.get(b as usize + 1)?.get() as usize;
        let size = hi.checked_sub(lo)?;
        if size == 0 || c >= 0xffff {
            return None;
        }
        let mut at = store::follower_slot(c, size);
        for _ in 0..size {
            let first = self.bi_table.get(4 * (lo + at))?.get();
            if first & 0xffff == c {
                return Some(lo + at);
            }
            if first == store::EMPTY_RECORD {
                return None;
            }
            at = if at + 1 == size { 0 } else { at + 1 };
        }
        None
    }

    /// The word a lookup of the bigram (b c) reads first (its first probe of b's follower
    /// table; 0 if b has none), read without branching on it: see `NgramMemo::warm_row`.
    #[inline]
    fn first_probe(&self, b: u32, c: u32) -> u32 {
        let (Some(lo), Some(hi)) = (
            self.bi_slot_start.get(b as usize),
            self.bi_slot_start.get(b as usize + 1),
        ) else {
            return 0;
        };
        let (lo, hi) = (lo.get() as usize, hi.get() as usize);
        let at = store::follower_slot(c, hi.saturating_sub(lo));
        self.bi_table.get(4 * (lo + at)).map_or(0, |x| x.get())
    }

    /// The bigram part of the file is well formed: every table with an empty slot, every
    /// record's c a syllable and its trigrams inside `TriC`.
    fn bigrams_ok(&self) -> bool {
        let n = self.syl_count();
        let records_ok = self.bi_table.chunks_exact(4).all(|r| {
            let (c, len) = ((r[0].get() & 0xffff) as usize, (r[0].get() >> 16) as usize);
            r[0].get() == store::EMPTY_RECORD
                || c < n
                    && (r[3].get() as usize)
                        .checked_add(len)
                        .is_some_and(|e| e <= self.tri_c.len())
        });
        records_ok
            && self.bi_slot_start.windows(2).all(|w| {
                let (lo, hi) = (w[0].get() as usize, w[1].get() as usize);
                lo == hi
                    || (lo..hi).any(|i| {
                        self.bi_rec(i)
                            .is_some_and(|r| r[0].get() == store::EMPTY_RECORD)
                    })
            })
    }

    /// True when the corpus holds the bigram (b c).
    pub fn has_bigram(&self, b: u32, c: u32) -> bool {
        self.bi_index(b, c).is_some()
    }

    /// ln P(c | b).
    #[inline]
    pub fn score2(&self, b: u32, c: u32) -> f32 {
        self.score2_ctx(b, c).0
    }

    #[inline]
    fn backoff2(&self, b: u32, c: u32) -> f32 {
        self.ln_gamma1.get(b as usize).map_or(0.0, |x| x.get())
            + self.ln_cont.get(c as usize).map_or(-20.0, |x| x.get())
    }

    /// The trigram context a b: its weight of the lower order and its followers.
    #[inline]
    pub fn ctx(&self, a: u32, b: u32) -> Ctx {
        self.ctx_at(self.bi_index(a, b))
    }

    #[inline]
    fn ctx_at(&self, bigram: Option<usize>) -> Ctx {
        self.score2_at(bigram).map_or(NO_CTX, |x| x.1)
    }

    /// ln P(c | b) and the context (b c) of the bigram `i`, from its record.
    #[inline]
    fn score2_at(&self, bigram: Option<usize>) -> Option<(f32, Ctx)> {
        let r = self.bi_rec(bigram?)?;
        let lo = r[3].get();
        let ctx = Ctx {
            ln_gamma: f32::from_bits(r[2].get()),
            lo,
            hi: lo.saturating_add(r[0].get() >> 16),
            seen: true,
        };
        Some((f32::from_bits(r[1].get()), ctx))
    }

    /// `score2(b, c)` and `ctx(b, c)` from one search of the bigram (b c).
    #[inline]
    pub fn score2_ctx(&self, b: u32, c: u32) -> (f32, Ctx) {
        self.score2_at(self.bi_index(b, c))
            .unwrap_or_else(|| (self.backoff2(b, c), NO_CTX))
    }

    /// ln P(c | a b) given the context a b and ln P(c | b).
    #[inline]
    pub fn score_ctx(&self, ctx: Ctx, c: u32, lp2: f32) -> f32 {
        match self.trigram(ctx, c) {
            Some(lp3) => lp3,
            None => ctx.ln_gamma + lp2,
        }
    }

    /// ln P(c | a b) if the lexicon holds the trigram (a b c), given the context a b.
    #[inline]
    fn trigram(&self, ctx: Ctx, c: u32) -> Option<f32> {
        let (lo, hi) = (ctx.lo as usize, ctx.hi as usize);
        if lo < hi {
            if let Some(i) = self.tri_c.get(lo..hi).and_then(|t| search16(t, c as u16)) {
                return Some(self.tri_lp[lo + i].get());
            }
        }
        None
    }

    /// ln P(c | a b).
    #[inline]
    pub fn score(&self, a: u32, b: u32, c: u32) -> f32 {
        self.score_ctx(self.ctx(a, b), c, self.score2(b, c))
    }

    /// ln P(spelling | stripped form, written capitalized inside a sentence), over `ids`.
    pub fn cap_scores(&self, ids: &[(u32, f32)]) -> Vec<f32> {
        let c: Vec<f32> = ids
            .iter()
            .map(|&(i, _)| self.caps.get(i as usize).map_or(0, |x| x.get()) as f32 + 0.2)
            .collect();
        let sum: f32 = c.iter().sum();
        c.iter().map(|x| (x / sum).ln()).collect()
    }

    /// The length of the longest phrase starting with these two stripped forms (0: none).
    #[inline]
    pub fn phrase_start(&self, f0: u32, f1: u32) -> usize {
        let key = (f0 << 16) | (f1 & 0xffff);
        match self
            .phrase_start_key
            .binary_search_by(|k| k.get().cmp(&key))
        {
            Ok(i) => self.phrase_start_len.get(i).copied().unwrap_or(0) as usize,
            Err(_) => 0,
        }
    }

    /// The phrases of length `len`, `len` ids each.
    fn phrase_group(&self, len: usize) -> &'a [U16] {
        let g = |l: usize| self.phrase_groups.get(l).map_or(0, |x| x.get() as usize);
        self.phrase_data.get(g(len)..g(len + 1)).unwrap_or(&[])
    }

    pub fn phrase_count(&self) -> usize {
        (1..=MAX_PHRASE)
            .map(|l| self.phrase_group(l).len() / l)
            .sum()
    }

    /// The phrases of length `len` whose first stripped form is `f0`, as a range of the group
    /// (None: search it all).
    #[inline]
    fn phrases_opening(&self, len: usize, f0: u32) -> Option<(usize, usize)> {
        let firsts = self.lex.phrase_firsts.get_or_init(|| self.phrase_firsts());
        let t = firsts.get(len)?;
        let f = f0 as usize;
        Some((*t.get(f)? as usize, *t.get(f + 1)? as usize))
    }

    /// For each phrase length, `t[f]..t[f + 1]`: the phrases whose first stripped form is `f`
    /// (the group is sorted by stripped forms; a group that is not is searched whole).
    fn phrase_firsts(&self) -> Vec<Vec<u32>> {
        (0..=MAX_PHRASE)
            .map(|len| {
                if len < 2 {
                    return Vec::new();
                }
                let group = self.phrase_group(len);
                let mut t = vec![0u32; self.fold_count() + 1];
                let mut last = 0;
                for p in group.chunks_exact(len) {
                    let f = self.fold_of(p[0].get() as u32) as usize;
                    if f < last || f + 1 >= t.len() {
                        return Vec::new();
                    }
                    last = f;
                    t[f + 1] += 1;
                }
                for f in 1..t.len() {
                    t[f] += t[f - 1];
                }
                t
            })
            .collect()
    }

    /// The syllable ids of the phrase whose stripped forms are `fids`, if any.
    pub fn phrase(&self, fids: &[u32]) -> Option<&'a [U16]> {
        let len = fids.len();
        if !(2..=MAX_PHRASE).contains(&len) {
            return None;
        }
        let group = self.phrase_group(len);
        // (among the phrases opening with fids[0], the first forms are equal: only the rest
        // is compared)
        let ((mut lo, mut hi), from) = match self.phrases_opening(len, fids[0]) {
            Some(range) => (range, 1),
            None => ((0, group.len() / len), 0),
        };
        while lo < hi {
            let mid = (lo + hi) / 2;
            let ids = &group[mid * len..(mid + 1) * len];
            let mut order = std::cmp::Ordering::Equal;
            for (i, &f) in ids[from..].iter().zip(&fids[from..]) {
                let x = self.fold_of(i.get() as u32);
                if x != f {
                    order = x.cmp(&f);
                    break;
                }
            }
            match order {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(ids),
            }
        }
        None
    }

    /// True when words of this stripped form may be read through the OCR channel: a syllable,
    /// not an abbreviation the corpus happens to hold ("xv", "ubnd").
    pub fn ocr_restorable(&self, fid: u32) -> bool {
        self.variants(fid)
            .first()
            .is_some_and(|(id, _)| super::lexicon::syllable_shape(&fold(self.syl(id))))
    }

    /// Every phrase of the dictionary, as text ("ủy ban nhân dân").
    pub fn phrase_texts(&self) -> Vec<String> {
        let mut v: Vec<String> = (1..=MAX_PHRASE)
            .flat_map(|l| self.phrase_group(l).chunks(l))
            .map(|ids| {
                ids.iter()
                    .map(|i| {
                        if i.get() as u32 == PUNCT {
                            "-"
                        } else {
                            self.syl(i.get() as u32)
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        v.sort();
        v
    }

    pub fn channel(&self) -> &'a Channel {
        self.lex.channel()
    }
}

/// The pairs of syllables a document's earlier sentences were read with: a pair seen n times
/// before gets ln(1 + n) added to its transition score, a cache on top of the model ("đô thị"
/// in an urban planning law).
#[derive(Default)]
pub struct PairMemory {
    count: FxMap<u64, u32>,
    /// a bit per pair hash, a cheap test before the map (most pairs were never seen)
    bits: Vec<u64>,
}

const PAIR_BITS: usize = 1 << 16;

impl PairMemory {
    pub fn is_empty(&self) -> bool {
        self.count.is_empty()
    }

    #[inline]
    fn bit(a: u32, b: u32) -> usize {
        (a.wrapping_mul(0x9e37_79b9) ^ b.wrapping_mul(0x85eb_ca6b)) as usize % PAIR_BITS
    }

    pub fn seen(&mut self, a: u32, b: u32) {
        *self.count.entry(((a as u64) << 32) | b as u64).or_default() += 1;
        if self.bits.is_empty() {
            self.bits = vec![0; PAIR_BITS / 64];
        }
        let k = Self::bit(a, b);
        self.bits[k / 64] |= 1 << (k % 64);
    }

    #[inline]
    pub fn bonus(&self, a: u32, b: u32) -> f32 {
        let k = Self::bit(a, b);
        if self
            .bits
            .get(k / 64)
            .is_none_or(|w| w & (1 << (k % 64)) == 0)
        {
            return 0.0;
        }
        match self.count.get(&(((a as u64) << 32) | b as u64)) {
            Some(&n) => (1.0 + n as f32).ln(),
            None => 0.0,
        }
    }
}

/// The n-gram lookups of a thread, kept in direct-mapped tables: a document repeats its word
/// pairs, and the search of a pair among a frequent syllable's followers (thousands of them)
/// costs more than the rest of a decoding step. Bigrams (b c): ln P(c | b) and the trigram
/// context (b c); trigrams: ln P(c | a b), or that the lexicon holds no trigram (a b c), for
/// contexts with many followers. Exact: an entry holds what the search returned. Emptied when
/// another lexicon is used.
pub struct NgramMemo {
    lexicon: u64,
    bigrams: Vec<BigramSlot>,
    trigrams: Vec<TrigramSlot>,
}

#[derive(Clone, Copy)]
struct BigramSlot {
    /// b << 16 | c; `NO_PAIR` when empty
    key: u32,
    lp2: f32,
    ctx: Ctx,
}

#[derive(Clone, Copy)]
struct TrigramSlot {
    /// the context's first follower << 16 | c; `NO_TRIPLE` when empty
    key: u64,
    /// ln P(c | a b) if `found`
    lp3: f32,
    found: bool,
}

/// log2 of the memo's bigram entries (20 bytes each: 320 KiB) and trigram entries (16 bytes
/// each: 256 KiB), together about half a core's L2 cache.
const BIGRAM_BITS: u32 = 14;
const TRIGRAM_BITS: u32 = 14;
/// The key of no pair (the pair of ids 0xffff 0xffff, if a lexicon held it, is not memoized).
const NO_PAIR: u32 = u32::MAX;
const NO_TRIPLE: u64 = u64::MAX;
/// Contexts with fewer followers are searched directly (a few probes in one or two cache lines
/// cost no more than a probe of the memo).
const TRIGRAM_MEMO_MIN: u32 = 16;

/// The memo's slot of the pair whose key is `key`.
#[inline]
fn bigram_slot(key: u32) -> usize {
    (key.wrapping_mul(0x9e37_79b1) >> (32 - BIGRAM_BITS)) as usize
}

/// The memo's slot of the triple whose key is `key`.
#[inline]
fn trigram_slot(key: u64) -> usize {
    (key.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - TRIGRAM_BITS)) as usize
}

impl NgramMemo {
    /// The memo of this thread, emptied first if it holds another lexicon's lookups.
    pub fn with<R>(lex: &View, f: impl FnOnce(&mut NgramMemo) -> R) -> R {
        thread_local! {
            static MEMO: std::cell::RefCell<NgramMemo> = const {
                std::cell::RefCell::new(NgramMemo {
                    lexicon: 0,
                    bigrams: Vec::new(),
                    trigrams: Vec::new(),
                })
            };
        }
        MEMO.with(|m| {
            let mut m = m.borrow_mut();
            if m.lexicon != lex.lex.id || m.bigrams.is_empty() {
                m.lexicon = lex.lex.id;
                m.bigrams.clear();
                m.bigrams.resize(
                    1 << BIGRAM_BITS,
                    BigramSlot {
                        key: NO_PAIR,
                        lp2: 0.0,
                        ctx: NO_CTX,
                    },
                );
                m.trigrams.clear();
                m.trigrams.resize(
                    1 << TRIGRAM_BITS,
                    TrigramSlot {
                        key: NO_TRIPLE,
                        lp3: 0.0,
                        found: false,
                    },
                );
            }
            f(&mut m)
        })
    }

    /// `lex.score2_ctx(b, c)`.
    #[inline]
    pub fn score2_ctx(&mut self, lex: &View, b: u32, c: u32) -> (f32, Ctx) {
        let key = (b << 16) | c;
        if b > 0xffff || c > 0xffff || key == NO_PAIR {
            return lex.score2_ctx(b, c);
        }
        let Some(slot) = self.bigrams.get_mut(bigram_slot(key)) else {
            return lex.score2_ctx(b, c);
        };
        if slot.key == key {
            return (slot.lp2, slot.ctx);
        }
        let (lp2, ctx) = lex.score2_ctx(b, c);
        *slot = BigramSlot { key, lp2, ctx };
        (lp2, ctx)
    }

    /// Reads the memo's slot of each pair (b c), c among `cs`, and the first word its lookup
    /// in the lexicon would read, so that their cache misses overlap: `score2_ctx` branches on
    /// what it loads, and a mispredicted branch waits for its load, taking the misses of a row
    /// one after the other. Changes nothing.
    #[inline]
    pub fn warm_row(&self, lex: &View, b: u32, cs: &[(u32, f32)]) {
        let mut read = 0u32;
        for &(c, _) in cs {
            let key = (b << 16) | c;
            read ^= self.bigrams.get(bigram_slot(key)).map_or(0, |s| s.key);
            read ^= lex.first_probe(b, c);
        }
        std::hint::black_box(read);
    }

    /// `warm_row` for the trigrams (a b c) of the context `ctx` (a b), c among `cs`, that
    /// `score_ctx` looks up in the memo.
    #[inline]
    pub fn warm_trigrams(&self, ctx: Ctx, cs: &[(u32, f32)]) {
        if ctx.hi.wrapping_sub(ctx.lo) < TRIGRAM_MEMO_MIN || ctx.hi < ctx.lo {
            return;
        }
        let mut read = 0u64;
        for &(c, _) in cs {
            let key = ((ctx.lo as u64) << 16) | c as u64;
            read ^= self.trigrams.get(trigram_slot(key)).map_or(0, |s| s.key);
        }
        std::hint::black_box(read);
    }

    /// `lex.score2(b, c)`.
    #[inline]
    pub fn score2(&mut self, lex: &View, b: u32, c: u32) -> f32 {
        self.score2_ctx(lex, b, c).0
    }

    /// `lex.ctx(b, c)`.
    #[inline]
    pub fn ctx(&mut self, lex: &View, b: u32, c: u32) -> Ctx {
        self.score2_ctx(lex, b, c).1
    }

    /// `lex.score_ctx(ctx, c, lp2)`, `bc` the context of the bigram (b c) whose ln P(c | b) is
    /// `lp2`: a pair (b c) the lexicon lacks ends no trigram (when its flag says so), and the
    /// answer is the back-off, without a search.
    #[inline]
    pub fn score_after(&mut self, lex: &View, ctx: Ctx, c: u32, lp2: f32, bc: Ctx) -> f32 {
        if !bc.seen && lex.trigrams_have_bigrams {
            ctx.ln_gamma + lp2
        } else {
            self.score_ctx(lex, ctx, c, lp2)
        }
    }

    /// `lex.score_ctx(ctx, c, lp2)`.
    #[inline]
    pub fn score_ctx(&mut self, lex: &View, ctx: Ctx, c: u32, lp2: f32) -> f32 {
        if ctx.hi.wrapping_sub(ctx.lo) < TRIGRAM_MEMO_MIN || ctx.hi < ctx.lo || c > 0xffff {
            return lex.score_ctx(ctx, c, lp2);
        }
        // (a context's followers start at an index no other context's do)
        let key = ((ctx.lo as u64) << 16) | c as u64;
        let Some(slot) = self.trigrams.get_mut(trigram_slot(key)) else {
            return lex.score_ctx(ctx, c, lp2);
        };
        if slot.key != key {
            let found = lex.trigram(ctx, c);
            *slot = TrigramSlot {
                key,
                lp3: found.unwrap_or(0.0),
                found: found.is_some(),
            };
        }
        if slot.found {
            slot.lp3
        } else {
            ctx.ln_gamma + lp2
        }
    }
}

const NO_CTX: Ctx = Ctx {
    ln_gamma: 0.0,
    lo: 0,
    hi: 0,
    seen: false,
};

/// Decodes a segment: `cands[t]` are (syllable id, emission ln-score) for position t; the
/// segment is framed by <s> on both sides. Second-order Viterbi with beam pruning. Returns the
/// index of the chosen candidate at each position.
pub fn decode(lex: &View, cands: &[&[(u32, f32)]], pairs: &PairMemory) -> Vec<usize> {
    let n = cands.len();
    if n == 0 {
        return Vec::new();
    }
    const BOS_C: &[(u32, f32)] = &[(BOS, 0.0)];
    let at = |t: isize| -> &[(u32, f32)] {
        if t < 0 {
            BOS_C
        } else {
            cands[t as usize]
        }
    };
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = Default::default();
    }
    NgramMemo::with(lex, |memo| {
        SCRATCH.with(|s| decode_with(lex, memo, cands, pairs, at, &mut s.borrow_mut()))
    })
}

/// The buffers of `decode`, reused from segment to segment on a thread.
#[derive(Default)]
struct Scratch {
    /// where each layer's backpointers start in `back`
    offsets: Vec<usize>,
    back: Vec<u8>,
    /// the best score of each state (i_{t-1}, i_t) of the layer before, and of this one
    prev: Vec<f32>,
    cur: Vec<f32>,
    /// the trigram context (a b) of each state of the layer before, and of this one: read
    /// with the bigram's own score, from the same search
    prev_ctx: Vec<Ctx>,
    cur_ctx: Vec<Ctx>,
}

fn decode_with<'a>(
    lex: &View,
    memo: &mut NgramMemo,
    cands: &[&'a [(u32, f32)]],
    pairs: &PairMemory,
    at: impl Fn(isize) -> &'a [(u32, f32)],
    scratch: &mut Scratch,
) -> Vec<usize> {
    let n = cands.len();
    const NEG: f32 = f32::NEG_INFINITY;
    let Scratch {
        offsets,
        back,
        prev,
        cur,
        prev_ctx,
        cur_ctx,
    } = scratch;
    // layer t holds states (i_{t-1}, i_t) flattened as ia * k_t + ib; backpointers to i_{t-2}
    offsets.clear();
    let mut total = 0;
    for t in 0..n as isize {
        offsets.push(total);
        total += at(t - 1).len() * at(t).len();
    }
    back.clear();
    back.resize(total, 0);
    prev.clear();
    prev_ctx.clear();
    for &(b, e) in at(0) {
        let (lp2, ctx) = memo.score2_ctx(lex, BOS, b);
        prev.push(lp2 + e);
        prev_ctx.push(ctx);
    }
    let mut bo = [0f32; 256];
    for t in 1..n as isize {
        let (cz, ca, cb) = (at(t - 2), at(t - 1), at(t));
        let (ka, kb) = (ca.len(), cb.len());
        let best_prev = prev.iter().copied().fold(NEG, f32::max);
        cur.clear();
        cur.resize(ka * kb, NEG);
        cur_ctx.clear();
        cur_ctx.resize(ka * kb, NO_CTX);
        let bp = &mut back[offsets[t as usize]..offsets[t as usize] + ka * kb];
        let cache = !pairs.is_empty() && (ka > 1 || kb > 1);
        for (ia, &(a, _)) in ca.iter().enumerate() {
            let row = ia * kb;
            let mut row_read = false;
            for (iz, _) in cz.iter().enumerate() {
                let s = prev[iz * ka + ia];
                if s == NEG || s < best_prev - BEAM {
                    continue;
                }
                if !row_read {
                    // ln P(b | a) of every b, shared by all z (read only for an a some z
                    // reaches: the other states of the row stay unreachable, their context
                    // unread)
                    row_read = true;
                    memo.warm_row(lex, a, &cb[..kb.min(256)]);
                    for (ib, &(b, _)) in cb.iter().enumerate().take(256) {
                        let (lp2, ctx) = memo.score2_ctx(lex, a, b);
                        bo[ib] = lp2;
                        cur_ctx[row + ib] = ctx;
                        if cache {
                            bo[ib] += pairs.bonus(a, b);
                        }
                    }
                }
                let za = prev_ctx[iz * ka + ia];
                let kb = kb.min(256);
                let (cur_row, bp_row) = (&mut cur[row..row + kb], &mut bp[row..row + kb]);
                let ab_seen = &cur_ctx[row..row + kb];
                if za.lo >= za.hi {
                    // no trigram (z a b) for any b: each backs off to ln P(b | a), as
                    // `score_ctx` would answer, without asking it per b
                    for (ib, &(_, e)) in cb[..kb].iter().enumerate() {
                        let v = s + (za.ln_gamma + bo[ib]) + e;
                        if v > cur_row[ib] {
                            cur_row[ib] = v;
                            bp_row[ib] = iz as u8;
                        }
                    }
                    continue;
                }
                memo.warm_trigrams(za, &cb[..kb]);
                for (ib, &(b, e)) in cb[..kb].iter().enumerate() {
                    let v = s + memo.score_after(lex, za, b, bo[ib], ab_seen[ib]) + e;
                    if v > cur_row[ib] {
                        cur_row[ib] = v;
                        bp_row[ib] = iz as u8;
                    }
                }
            }
        }
        std::mem::swap(prev, cur);
        std::mem::swap(prev_ctx, cur_ctx);
    }
    // end: transition to </s>
    let (cz, ca) = (at(n as isize - 2), at(n as isize - 1));
    let mut best = (NEG, 0usize, 0usize);
    for iz in 0..cz.len() {
        for (ia, &(a, _)) in ca.iter().enumerate() {
            let s = prev[iz * ca.len() + ia];
            if s == NEG {
                continue;
            }
            let lp2 = memo.score2(lex, a, BOS);
            let v = s + memo.score_ctx(lex, prev_ctx[iz * ca.len() + ia], BOS, lp2);
            if v > best.0 {
                best = (v, iz, ia);
            }
        }
    }
    let mut path = vec![0usize; n];
    if best.0 == NEG {
        // every state pruned (cannot happen with finite scores): first candidates
        return path;
    }
    path[n - 1] = best.2;
    if n >= 2 {
        path[n - 2] = best.1;
    }
    for t in (2..n).rev() {
        let kb = cands[t].len();
        path[t - 2] = back[offsets[t] + path[t - 1] * kb + path[t]] as usize;
    }
    path
}

/// P(chosen candidate | its neighbours on the path) at position `t`: the candidates' scores
/// with the rest of the path fixed, normalized. `ids` is the decoded path.
pub fn confidence(
    lex: &View,
    cands: &[&[(u32, f32)]],
    ids: &[u32],
    chosen: usize,
    t: usize,
) -> f32 {
    let n = ids.len();
    let c = cands[t];
    if c.len() <= 1 {
        return 1.0;
    }
    let id_at = |t: isize| -> u32 {
        if t < 0 || t >= n as isize {
            BOS
        } else {
            ids[t as usize]
        }
    };
    let ti = t as isize;
    let k = c.len().min(256);
    // (most positions have a few candidates: a small array is all that is cleared per call)
    let mut few = [0f32; MAX_OCR_CANDIDATES];
    let mut many;
    let scores: &mut [f32] = if k <= few.len() {
        &mut few[..k]
    } else {
        many = [0f32; 256];
        &mut many[..k]
    };
    NgramMemo::with(lex, |memo| {
        let (z, a, b, d) = (id_at(ti - 2), id_at(ti - 1), id_at(ti + 1), id_at(ti + 2));
        let za = memo.ctx(lex, z, a);
        let last = t + 1 >= n;
        let (lp2bd, ctx_bd) = if last {
            (0.0, NO_CTX)
        } else {
            memo.score2_ctx(lex, b, d)
        };
        for (k, &(w, e)) in c[..scores.len()].iter().enumerate() {
            // (at the first position a is <s>: the bigram (<s> w) is the whole score)
            let (lp2aw, ctx_aw) = memo.score2_ctx(lex, a, w);
            let first = if ti == 0 {
                lp2aw
            } else {
                memo.score_after(lex, za, w, lp2aw, ctx_aw)
            };
            let (lp2wb, ctx_wb) = memo.score2_ctx(lex, w, b);
            let second = memo.score_after(lex, ctx_aw, b, lp2wb, ctx_wb);
            let third = if last {
                0.0
            } else {
                memo.score_after(lex, ctx_wb, d, lp2bd, ctx_bd)
            };
            scores[k] = e + first + second + third;
        }
    });
    let mine = scores[chosen.min(k - 1)];
    let z: f32 = scores.iter().map(|&s| (s - mine).exp()).sum();
    (1.0 / z).clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_ctx(a: Ctx, b: Ctx) -> bool {
        a.ln_gamma.to_bits() == b.ln_gamma.to_bits()
            && a.lo == b.lo
            && a.hi == b.hi
            && a.seen == b.seen
    }

    /// The search of a phrase among those of its first stripped form finds every phrase of the
    /// lexicon, and finds a sequence exactly when a scan of the whole group does.
    #[test]
    fn phrases_are_found_among_their_first_forms() {
        let lex = crate::restore::Restorer::embedded().lexicon();
        let v = lex.view();
        let mut checked = 0;
        for len in 2..=MAX_PHRASE {
            let group = v.phrase_group(len);
            let folds = |ids: &[U16]| -> Vec<u32> {
                ids.iter().map(|i| v.fold_of(i.get() as u32)).collect()
            };
            let scan = |fids: &[u32]| group.chunks_exact(len).find(|p| folds(p) == fids);
            for (k, p) in group.chunks_exact(len).enumerate() {
                let fids = folds(p);
                assert_eq!(v.phrase(&fids), Some(p));
                if k % 7 == 0 {
                    // a sequence that may be no phrase: the last form changed
                    let mut other = fids.clone();
                    *other.last_mut().unwrap() += 1;
                    assert_eq!(v.phrase(&other), scan(&other), "{other:?}");
                }
                checked += 1;
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// Every memoized lookup is the lexicon's own answer, bit for bit: on first reading, on a
    /// hit, after its slot was taken by another pair, and after another lexicon was used.
    #[test]
    fn memo_answers_as_the_lexicon() {
        let embedded = crate::restore::Restorer::embedded().lexicon();
        let empty = Lexicon::empty();
        for lex in [embedded, &empty, embedded] {
            let v = lex.view();
            // more pairs than the memo has slots: entries are overwritten
            let ids: Vec<u32> = (0..v.syl_count().min(400) as u32).collect();
            let mut trigram_contexts = 0;
            for round in 0..2 {
                NgramMemo::with(&v, |memo| {
                    for &b in &ids {
                        for &c in &ids {
                            let (lp2, ctx) = memo.score2_ctx(&v, b, c);
                            let (lp2_, ctx_) = v.score2_ctx(b, c);
                            assert_eq!(lp2.to_bits(), lp2_.to_bits(), "{b} {c} round {round}");
                            assert!(same_ctx(ctx, ctx_), "{b} {c} round {round}");
                            if ctx.hi - ctx.lo >= TRIGRAM_MEMO_MIN && c % 7 == 0 {
                                trigram_contexts += 1;
                                for &d in ids.iter().step_by(3) {
                                    let got = memo.score_ctx(&v, ctx, d, lp2);
                                    let want = v.score_ctx(ctx, d, lp2);
                                    assert_eq!(got.to_bits(), want.to_bits(), "{b} {c} {d}");
                                }
                            }
                        }
                    }
                });
            }
            if std::ptr::eq(lex, embedded) {
                assert!(trigram_contexts > 100, "the test reaches the trigram memo");
            }
        }
    }
}
