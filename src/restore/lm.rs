//! The loaded lexicon with its lookup tables, the syllable n-gram model and the decoder.

use std::collections::HashMap;

use super::lexicon::{FxMap, LexiconData, LexiconError, BOS, FIRST_SYL, MAX_PHRASE};
use super::ocr::Channel;
use crate::text::fold;

/// Absolute discounts of the interpolated Kneser-Ney model.
/// The discounts of modified Kneser-Ney (Chen & Goodman) for n-grams seen once, twice and three
/// times or more, estimated from the counts of counts: D_k = k − (k+1)·Y·n_{k+1}/n_k,
/// Y = n₁/(n₁ + 2n₂).
fn discounts<'a>(counts: impl Iterator<Item = &'a u32>) -> [f32; 4] {
    let mut n = [0f64; 5];
    for &c in counts {
        if (1..=4).contains(&c) {
            n[c as usize] += 1.0;
        }
    }
    let y = n[1] / (n[1] + 2.0 * n[2]).max(1.0);
    let d = |k: usize| -> f32 {
        if n[k] == 0.0 {
            return 0.75;
        }
        (k as f64 - (k + 1) as f64 * y * n[k + 1] / n[k]).clamp(0.1, k as f64) as f32
    };
    [0.0, d(1), d(2), d(3)]
}

#[inline]
fn discount(d: &[f32; 4], c: u32) -> f32 {
    d[(c as usize).min(3)]
}
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
}

/// A loaded lexicon: immutable, shareable across threads.
pub struct Lexicon {
    pub info: String,
    pub syl: Vec<String>,
    uni: Vec<u32>,
    /// capitalized-inside-a-sentence counts
    caps: Vec<u32>,
    pub id_of: FxMap<String, u32>,
    /// Fold id of each syllable id (0 for the reserved ids).
    pub fold_of: Vec<u32>,
    /// fold string → fold id
    pub fold_id: FxMap<String, u32>,
    /// fold id → candidates (id, ln P(id | fold)), most likely first
    pub variants: Vec<Vec<(u32, f32)>>,
    // The n-grams as sorted arrays (no hashing; a context's followers sit together):
    /// bigrams b c of syllable b: `bi_c[uni_start[b]..uni_start[b + 1]]`, sorted by c
    uni_start: Vec<u32>,
    bi_c: Vec<u16>,
    /// ln P(c | b), interpolated
    bi_lp: Vec<f32>,
    /// ln γ(b c): the weight of P(· | c) in P(· | b c)
    bi_lg: Vec<f32>,
    /// trigrams a b c of bigram i = (a b): `tri_c[bi_tri[i]..bi_tri[i + 1]]`, sorted by c
    bi_tri: Vec<u32>,
    tri_c: Vec<u16>,
    /// ln P(c | a b), interpolated
    tri_lp: Vec<f32>,
    /// ln γ(b) of each syllable: the weight of the continuation unigram in P(· | b)
    ln_gamma1: Vec<f32>,
    /// ln of the Kneser-Ney continuation probability of each syllable
    ln_cont: Vec<f32>,
    /// packed fold-id sequence → accented ids
    phrases: FxMap<u128, Vec<u32>>,
    /// first two stripped forms of a phrase → the longest phrase starting with them
    phrase_starts: FxMap<u64, u8>,
    pub channel: Channel,
    /// stripped capitals → marked capitals ("ND" → "NĐ")
    pub acronyms: HashMap<String, String>,
}

pub fn pack(ids: &[u32]) -> u128 {
    let mut k: u128 = ids.len() as u128;
    for &i in ids {
        k = (k << 16) | (i as u128 & 0xffff);
    }
    k
}

impl Lexicon {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, LexiconError> {
        Ok(Self::from_data(LexiconData::from_bytes(bytes)?))
    }

    pub fn from_data(d: LexiconData) -> Self {
        let n = d.syllables.len();
        let d2 = discounts(d.bigrams.iter().map(|(_, c)| c));
        let d3 = discounts(d.trigrams.iter().map(|(_, c)| c));
        let mut syl = Vec::with_capacity(n);
        let mut uni = Vec::with_capacity(n);
        let mut id_of: FxMap<String, u32> = FxMap::default();
        id_of.reserve(n);
        let mut fold_of = vec![0u32; n];
        let mut fold_id: FxMap<String, u32> = FxMap::default();
        let mut variants: Vec<Vec<(u32, f32)>> = vec![Vec::new()];
        for (i, (s, c)) in d.syllables.into_iter().enumerate() {
            if i >= FIRST_SYL as usize {
                let f = fold(&s);
                let next = fold_id.len() as u32 + 1;
                let fid = *fold_id.entry(f).or_insert(next);
                if fid as usize == variants.len() {
                    variants.push(Vec::new());
                }
                variants[fid as usize].push((i as u32, c as f32));
                fold_of[i] = fid;
                id_of.insert(s.clone(), i as u32);
            }
            syl.push(s);
            uni.push(c);
        }
        for v in variants.iter_mut() {
            let sum: f32 = v.iter().map(|x| x.1).sum::<f32>().max(1.0);
            for x in v.iter_mut() {
                x.1 = (x.1 / sum).ln();
            }
            v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        // Interpolated Kneser-Ney, precomputed as logs so that decoding only adds:
        //   P(c|b)   = max(c(bc) − D(c(bc)), 0)/c(b) + γ(b)·Pcont(c),   γ(b) = Σ D(c(b·))/c(b)
        //   P(c|ab)  = max(c(abc) − D(c(abc)), 0)/c(ab) + γ(ab)·P(c|b), γ(ab) = Σ D(c(ab·))/c(ab)
        // (modified Kneser-Ney: the discount depends on the count, 1, 2 or more)
        let mut disc_after = vec![0f32; n];
        let mut n_before = vec![0u32; n];
        for &(k, c) in &d.bigrams {
            disc_after[(k >> 16) as usize] += discount(&d2, c);
            n_before[(k & 0xffff) as usize] += 1;
        }
        let types: f32 = n_before.iter().map(|&x| x as f32).sum::<f32>() + 0.5 * n as f32;
        let p_cont: Vec<f32> = n_before.iter().map(|&x| (x as f32 + 0.5) / types).collect();
        let gamma1: Vec<f32> = (0..n)
            .map(|b| {
                if uni[b] == 0 {
                    1.0
                } else {
                    disc_after[b] / uni[b] as f32
                }
            })
            .collect();
        let p2_of = |b: usize, c: usize, cbc: u32| -> f32 {
            if uni[b] == 0 {
                return p_cont[c];
            }
            ((cbc as f32 - discount(&d2, cbc)).max(0.0)) / uni[b] as f32 + gamma1[b] * p_cont[c]
        };
        // bigram arrays (d.bigrams is sorted by (b, c), d.trigrams by (a, b, c))
        let nb = d.bigrams.len();
        let mut uni_start = vec![0u32; n + 1];
        let mut bi_c = Vec::with_capacity(nb);
        let mut bi_count = Vec::with_capacity(nb);
        for &(k, c) in &d.bigrams {
            uni_start[(k >> 16) as usize + 1] += 1;
            bi_c.push((k & 0xffff) as u16);
            bi_count.push(c);
        }
        for i in 0..n {
            uni_start[i + 1] += uni_start[i];
        }
        let find_bi = |b: u32, c: u32| -> Option<usize> {
            let (lo, hi) = (
                uni_start[b as usize] as usize,
                uni_start[b as usize + 1] as usize,
            );
            bi_c[lo..hi].binary_search(&(c as u16)).ok().map(|i| lo + i)
        };
        // trigram ranges per bigram
        let mut bi_tri = vec![0u32; nb + 1];
        let mut tri_c = Vec::with_capacity(d.trigrams.len());
        let mut tri_bi = Vec::with_capacity(d.trigrams.len());
        for &(k, _) in &d.trigrams {
            let i = find_bi((k >> 32) as u32, ((k >> 16) & 0xffff) as u32).unwrap_or(nb);
            if i < nb {
                bi_tri[i + 1] += 1;
            }
            tri_bi.push(i);
            tri_c.push((k & 0xffff) as u16);
        }
        for i in 0..nb {
            bi_tri[i + 1] += bi_tri[i];
        }
        let bi_lp: Vec<f32> = d
            .bigrams
            .iter()
            .map(|&(k, c)| {
                p2_of((k >> 16) as usize, (k & 0xffff) as usize, c)
                    .max(1e-12)
                    .ln()
            })
            .collect();
        // Σ D(c(ab·)) of each bigram ab
        let mut disc_tri = vec![0f32; nb + 1];
        for (j, &(_, c)) in d.trigrams.iter().enumerate() {
            disc_tri[tri_bi[j]] += discount(&d3, c);
        }
        let bi_lg: Vec<f32> = (0..nb)
            .map(|i| (disc_tri[i] / bi_count[i].max(1) as f32).max(1e-12).ln())
            .collect();
        let mut tri_lp = Vec::with_capacity(d.trigrams.len());
        let mut tri_keep = Vec::with_capacity(d.trigrams.len());
        for (j, &(k, c)) in d.trigrams.iter().enumerate() {
            let i = tri_bi[j];
            tri_keep.push(i < nb);
            if i >= nb {
                continue;
            }
            let (b, cc) = (((k >> 16) & 0xffff) as u32, (k & 0xffff) as u32);
            let cab = bi_count[i].max(c) as f32;
            let cbc = find_bi(b, cc).map(|x| bi_count[x]).unwrap_or(0);
            let p = (c as f32 - discount(&d3, c)).max(0.0) / cab
                + disc_tri[i] / cab * p2_of(b as usize, cc as usize, cbc);
            tri_lp.push(p.max(1e-12).ln());
        }
        let mut keep = tri_keep.iter();
        tri_c.retain(|_| *keep.next().unwrap_or(&false));
        let ln_gamma1: Vec<f32> = gamma1.iter().map(|g| g.max(1e-12).ln()).collect();
        let ln_cont: Vec<f32> = p_cont.iter().map(|p| p.ln()).collect();
        let mut phrases = FxMap::default();
        let mut phrase_starts: FxMap<u64, u8> = FxMap::default();
        for p in d.phrases {
            let fids: Vec<u32> = p.iter().map(|&i| fold_of[i as usize]).collect();
            if fids.len() >= 2 {
                let e = phrase_starts
                    .entry(((fids[0] as u64) << 32) | fids[1] as u64)
                    .or_default();
                *e = (*e).max(fids.len() as u8);
            }
            phrases.insert(pack(&fids), p);
        }
        let mut acronyms: HashMap<String, String> = HashMap::new();
        let mut ambiguous = Vec::new();
        for a in &d.acronyms {
            let k = crate::text::strip_diacritics(a);
            if acronyms.insert(k.clone(), a.clone()).is_some() {
                ambiguous.push(k);
            }
        }
        for k in ambiguous {
            acronyms.remove(&k);
        }
        let mut channel = Channel::new(&d.confusions);
        let mut folds: Vec<(String, u32)> = fold_id
            .iter()
            .filter(|(f, _)| super::lexicon::syllable_shape(f))
            .map(|(f, &i)| (f.clone(), i))
            .collect();
        folds.sort();
        channel.set_folds(folds);
        Lexicon {
            info: d.info,
            syl,
            uni,
            caps: d.caps,
            id_of,
            fold_of,
            fold_id,
            variants,
            uni_start,
            bi_c,
            bi_lp,
            bi_lg,
            bi_tri,
            tri_c,
            tri_lp,
            ln_gamma1,
            ln_cont,
            phrases,
            phrase_starts,
            channel,
            acronyms,
        }
    }

    pub fn unigram(&self, id: u32) -> u32 {
        self.uni.get(id as usize).copied().unwrap_or(0)
    }

    #[inline]
    fn bi_index(&self, b: u32, c: u32) -> Option<usize> {
        let lo = *self.uni_start.get(b as usize)? as usize;
        let hi = *self.uni_start.get(b as usize + 1)? as usize;
        self.bi_c[lo..hi]
            .binary_search(&(c as u16))
            .ok()
            .map(|i| lo + i)
    }

    /// ln P(c | b).
    #[inline]
    pub fn score2(&self, b: u32, c: u32) -> f32 {
        match self.bi_index(b, c) {
            Some(i) => self.bi_lp[i],
            None => self.backoff2(b, c),
        }
    }

    #[inline]
    fn backoff2(&self, b: u32, c: u32) -> f32 {
        self.ln_gamma1.get(b as usize).copied().unwrap_or(0.0)
            + self.ln_cont.get(c as usize).copied().unwrap_or(-20.0)
    }

    /// The trigram context a b: its weight of the lower order and its followers.
    #[inline]
    pub fn ctx(&self, a: u32, b: u32) -> Ctx {
        match self.bi_index(a, b) {
            Some(i) => Ctx {
                ln_gamma: self.bi_lg[i],
                lo: self.bi_tri[i],
                hi: self.bi_tri[i + 1],
            },
            None => Ctx {
                ln_gamma: 0.0,
                lo: 0,
                hi: 0,
            },
        }
    }

    /// ln P(c | a b) given the context a b and ln P(c | b).
    #[inline]
    pub fn score_ctx(&self, ctx: Ctx, c: u32, lp2: f32) -> f32 {
        let (lo, hi) = (ctx.lo as usize, ctx.hi as usize);
        if lo < hi {
            if let Ok(i) = self.tri_c[lo..hi].binary_search(&(c as u16)) {
                return self.tri_lp[lo + i];
            }
        }
        ctx.ln_gamma + lp2
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
            .map(|&(i, _)| self.caps.get(i as usize).copied().unwrap_or(0) as f32 + 0.2)
            .collect();
        let sum: f32 = c.iter().sum();
        c.iter().map(|x| (x / sum).ln()).collect()
    }

    /// The phrase (accented ids) whose stripped form is `fids`, if any.
    /// The length of the longest phrase starting with these two stripped forms (0: none).
    #[inline]
    pub fn phrase_start(&self, f0: u32, f1: u32) -> usize {
        self.phrase_starts
            .get(&(((f0 as u64) << 32) | f1 as u64))
            .copied()
            .unwrap_or(0) as usize
    }

    pub fn phrase(&self, fids: &[u32]) -> Option<&[u32]> {
        if fids.len() < 2 || fids.len() > MAX_PHRASE {
            return None;
        }
        self.phrases.get(&pack(fids)).map(|v| v.as_slice())
    }

    /// True when words of this stripped form may be read through the OCR channel: a syllable,
    /// not an abbreviation the corpus happens to hold ("xv", "ubnd").
    pub fn ocr_restorable(&self, fid: u32) -> bool {
        self.variants
            .get(fid as usize)
            .and_then(|v| v.first())
            .is_some_and(|&(id, _)| super::lexicon::syllable_shape(&fold(&self.syl[id as usize])))
    }

    /// Every phrase of the dictionary, as text ("ủy ban nhân dân").
    pub fn phrase_texts(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .phrases
            .values()
            .map(|ids| {
                ids.iter()
                    .map(|&i| {
                        if i == super::lexicon::PUNCT {
                            "-"
                        } else {
                            self.syl[i as usize].as_str()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect();
        v.sort();
        v
    }

    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        (
            self.syl.len(),
            self.bi_c.len(),
            self.tri_c.len(),
            self.phrases.len(),
        )
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

/// Decodes a segment: `cands[t]` are (syllable id, emission ln-score) for position t; the
/// segment is framed by <s> on both sides. Second-order Viterbi with beam pruning. Returns the
/// index of the chosen candidate at each position.
pub fn decode(lex: &Lexicon, cands: &[&[(u32, f32)]], pairs: &PairMemory) -> Vec<usize> {
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
    // scratch buffers, reused from segment to segment on this thread
    type Buffers = (Vec<usize>, Vec<u8>, Vec<f32>, Vec<f32>);
    thread_local! {
        static SCRATCH: std::cell::RefCell<Buffers> =
            const { std::cell::RefCell::new((Vec::new(), Vec::new(), Vec::new(), Vec::new())) };
    }
    SCRATCH.with(|s| {
        let mut s = s.borrow_mut();
        let (offsets, back, prev, cur) = &mut *s;
        decode_with(lex, cands, pairs, at, offsets, back, prev, cur)
    })
}

#[allow(clippy::too_many_arguments)]
fn decode_with<'a>(
    lex: &Lexicon,
    cands: &[&'a [(u32, f32)]],
    pairs: &PairMemory,
    at: impl Fn(isize) -> &'a [(u32, f32)],
    offsets: &mut Vec<usize>,
    back: &mut Vec<u8>,
    prev: &mut Vec<f32>,
    cur: &mut Vec<f32>,
) -> Vec<usize> {
    let n = cands.len();
    const NEG: f32 = f32::NEG_INFINITY;
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
    prev.extend(at(0).iter().map(|&(b, e)| lex.score2(BOS, b) + e));
    cur.clear();
    let mut bo = [0f32; 256];
    for t in 1..n as isize {
        let (cz, ca, cb) = (at(t - 2), at(t - 1), at(t));
        let (ka, kb) = (ca.len(), cb.len());
        let best_prev = prev.iter().copied().fold(NEG, f32::max);
        cur.clear();
        cur.resize(ka * kb, NEG);
        let bp = &mut back[offsets[t as usize]..offsets[t as usize] + ka * kb];
        for (ia, &(a, _)) in ca.iter().enumerate() {
            // ln P(b | a) of every b, shared by all z
            let cache = !pairs.is_empty() && (ka > 1 || kb > 1);
            for (ib, &(b, _)) in cb.iter().enumerate().take(256) {
                bo[ib] = lex.score2(a, b);
                if cache {
                    bo[ib] += pairs.bonus(a, b);
                }
            }
            for (iz, &(z, _)) in cz.iter().enumerate() {
                let s = prev[iz * ka + ia];
                if s == NEG || s < best_prev - BEAM {
                    continue;
                }
                let za = lex.ctx(z, a);
                let row = ia * kb;
                for (ib, &(b, e)) in cb.iter().enumerate().take(256) {
                    let v = s + lex.score_ctx(za, b, bo[ib]) + e;
                    if v > cur[row + ib] {
                        cur[row + ib] = v;
                        bp[row + ib] = iz as u8;
                    }
                }
            }
        }
        std::mem::swap(prev, cur);
    }
    // end: transition to </s>
    let (cz, ca) = (at(n as isize - 2), at(n as isize - 1));
    let mut best = (NEG, 0usize, 0usize);
    for (iz, &(z, _)) in cz.iter().enumerate() {
        for (ia, &(a, _)) in ca.iter().enumerate() {
            let s = prev[iz * ca.len() + ia];
            if s == NEG {
                continue;
            }
            let v = s + lex.score(z, a, BOS);
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
    lex: &Lexicon,
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
    let (z, a, b, d) = (id_at(ti - 2), id_at(ti - 1), id_at(ti + 1), id_at(ti + 2));
    let za = lex.ctx(z, a);
    let last = t + 1 >= n;
    let lp2bd = if last { 0.0 } else { lex.score2(b, d) };
    let mut scores = [0f32; 256];
    for (k, &(w, e)) in c.iter().enumerate().take(256) {
        let first = if ti == 0 {
            lex.score2(BOS, w)
        } else {
            lex.score_ctx(za, w, lex.score2(a, w))
        };
        let second = lex.score_ctx(lex.ctx(a, w), b, lex.score2(w, b));
        let third = if last {
            0.0
        } else {
            lex.score_ctx(lex.ctx(w, b), d, lp2bd)
        };
        scores[k] = e + first + second + third;
    }
    let k = c.len().min(256);
    let mine = scores[chosen.min(k - 1)];
    let z: f32 = scores[..k].iter().map(|&s| (s - mine).exp()).sum();
    (1.0 / z).clamp(0.0, 1.0)
}
