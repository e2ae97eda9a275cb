//! The loaded lexicon with its lookup tables, the syllable n-gram model and the decoder.

use std::collections::HashMap;

use super::lexicon::{
    bigram_key, trigram_key, FxMap, LexiconData, LexiconError, BOS, FIRST_SYL, MAX_PHRASE,
};
use super::ocr::Channel;
use crate::text::fold;

/// Absolute discounts of the interpolated Kneser-Ney model.
const D2: f32 = 0.75;
const D3: f32 = 0.8;
/// Most candidates per position the decoder keeps.
pub const MAX_CANDIDATES: usize = 8;
/// Spellings rarer than this (ln P(spelling | stripped form)) are not considered.
pub const MIN_VARIANT_LN: f32 = -6.0;
/// States worse than the best by more than this are pruned.
const BEAM: f32 = 10.0;

/// A loaded lexicon: immutable, shareable across threads.
pub struct Lexicon {
    pub info: String,
    pub syl: Vec<String>,
    uni: Vec<u32>,
    /// capitalized-inside-a-sentence counts
    caps: Vec<u32>,
    pub id_of: HashMap<String, u32>,
    /// Fold id of each syllable id (0 for the reserved ids).
    pub fold_of: Vec<u32>,
    /// fold string → fold id
    pub fold_id: HashMap<String, u32>,
    /// fold id → candidates (id, ln P(id | fold)), most likely first
    pub variants: Vec<Vec<(u32, f32)>>,
    /// bigram → (count, distinct followers in the trigram table)
    bi: FxMap<u64, (u32, u32)>,
    tri: FxMap<u64, u32>,
    /// distinct followers of each syllable (bigram types starting with it)
    n_after: Vec<u32>,
    /// Kneser-Ney continuation probability of each syllable
    p_cont: Vec<f32>,
    /// packed fold-id sequence → accented ids
    phrases: FxMap<u128, Vec<u32>>,
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
        let mut syl = Vec::with_capacity(n);
        let mut uni = Vec::with_capacity(n);
        let mut id_of = HashMap::with_capacity(n);
        let mut fold_of = vec![0u32; n];
        let mut fold_id: HashMap<String, u32> = HashMap::new();
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
        let mut bi: FxMap<u64, (u32, u32)> = FxMap::default();
        bi.reserve(d.bigrams.len());
        let mut n_after = vec![0u32; n];
        let mut n_before = vec![0u32; n];
        for &(k, c) in &d.bigrams {
            bi.insert(k, (c, 0));
            n_after[(k >> 16) as usize] += 1;
            n_before[(k & 0xffff) as usize] += 1;
        }
        let mut tri = FxMap::default();
        tri.reserve(d.trigrams.len());
        for &(k, c) in &d.trigrams {
            tri.insert(k, c);
            if let Some(e) = bi.get_mut(&(k >> 16)) {
                e.1 += 1;
            }
        }
        let types: f32 = n_before.iter().map(|&x| x as f32).sum::<f32>() + 0.5 * n as f32;
        let p_cont: Vec<f32> = n_before.iter().map(|&x| (x as f32 + 0.5) / types).collect();
        let mut phrases = FxMap::default();
        for p in d.phrases {
            let fids: Vec<u32> = p.iter().map(|&i| fold_of[i as usize]).collect();
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
            bi,
            tri,
            n_after,
            p_cont,
            phrases,
            channel,
            acronyms,
        }
    }

    pub fn unigram(&self, id: u32) -> u32 {
        self.uni.get(id as usize).copied().unwrap_or(0)
    }

    /// (count, distinct followers) of a bigram.
    #[inline]
    pub fn bigram(&self, a: u32, b: u32) -> (u32, u32) {
        self.bi.get(&bigram_key(a, b)).copied().unwrap_or((0, 0))
    }

    #[inline]
    pub fn trigram(&self, a: u32, b: u32, c: u32) -> u32 {
        self.tri.get(&trigram_key(a, b, c)).copied().unwrap_or(0)
    }

    /// P(c | b): interpolated Kneser-Ney (absolute discounting over continuation counts).
    #[inline]
    pub fn p2(&self, b: u32, c: u32) -> f32 {
        let pc = self.p_cont.get(c as usize).copied().unwrap_or(1e-7);
        let cb = self.unigram(b);
        if cb == 0 {
            return pc;
        }
        let cbc = self.bigram(b, c).0 as f32;
        let cb = cb as f32;
        let nb = self.n_after.get(b as usize).copied().unwrap_or(0) as f32;
        ((cbc - D2).max(0.0) + D2 * nb * pc) / cb
    }

    /// P(c | a b) given P(c | b) and the (count, followers) of the bigram a b.
    #[inline]
    pub fn p3_with(&self, a: u32, b: u32, c: u32, p2: f32, ab: (u32, u32)) -> f32 {
        if ab.0 == 0 {
            return p2;
        }
        let cabc = self.trigram(a, b, c) as f32;
        ((cabc - D3).max(0.0) + D3 * ab.1 as f32 * p2) / ab.0 as f32
    }

    /// ln P(c | a b).
    #[inline]
    pub fn score(&self, a: u32, b: u32, c: u32) -> f32 {
        let p2 = self.p2(b, c);
        self.p3_with(a, b, c, p2, self.bigram(a, b)).max(1e-12).ln()
    }

    /// ln P(c | b).
    #[inline]
    pub fn score2(&self, b: u32, c: u32) -> f32 {
        self.p2(b, c).max(1e-12).ln()
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
    pub fn phrase(&self, fids: &[u32]) -> Option<&[u32]> {
        if fids.len() < 3 || fids.len() > MAX_PHRASE {
            return None;
        }
        self.phrases.get(&pack(fids)).map(|v| v.as_slice())
    }

    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        (
            self.syl.len(),
            self.bi.len(),
            self.tri.len(),
            self.phrases.len(),
        )
    }
}

/// Result of decoding one position.
#[derive(Debug, Clone, Copy)]
pub struct Choice {
    /// Index into the position's candidates.
    pub index: usize,
    /// P(choice | neighbours) under the model, in [0, 1].
    pub confidence: f32,
}

/// Decodes a segment: `cands[t]` are (syllable id, emission ln-score) for position t; the
/// segment is framed by <s> on both sides. Second-order Viterbi with beam pruning.
pub fn decode(lex: &Lexicon, cands: &[Vec<(u32, f32)>]) -> Vec<Choice> {
    let n = cands.len();
    if n == 0 {
        return Vec::new();
    }
    const NEG: f32 = f32::NEG_INFINITY;
    // layer t: states (i_{t-1}, i_t) flattened as ia * k_t + ib; for t = 0 ia indexes [<s>].
    let k = |t: isize| -> usize {
        if t < 0 {
            1
        } else {
            cands[t as usize].len()
        }
    };
    let id = |t: isize, i: usize| -> u32 {
        if t < 0 {
            BOS
        } else {
            cands[t as usize][i].0
        }
    };
    let mut back: Vec<Vec<u16>> = Vec::with_capacity(n);
    // t = 0: previous-previous is <s>, previous is <s>
    let mut prev: Vec<f32> = (0..k(0))
        .map(|ib| lex.score2(BOS, id(0, ib)) + cands[0][ib].1)
        .collect();
    back.push(vec![0; k(0)]);
    let mut bo: Vec<f32> = Vec::with_capacity(MAX_CANDIDATES);
    let mut lbo: Vec<f32> = Vec::with_capacity(MAX_CANDIDATES);
    for t in 1..n as isize {
        let (kz, ka, kb) = (k(t - 2), k(t - 1), k(t));
        let best_prev = prev.iter().copied().fold(NEG, f32::max);
        let mut cur = vec![NEG; ka * kb];
        let mut bp = vec![0u16; ka * kb];
        let cb = &cands[t as usize];
        for ia in 0..ka {
            let a = id(t - 1, ia);
            // P(b | a) of every b, shared by all z
            bo.clear();
            lbo.clear();
            for &(b, e) in cb.iter() {
                let p = lex.p2(a, b);
                bo.push(p);
                lbo.push(p.max(1e-12).ln() + e);
            }
            for iz in 0..kz {
                let s = prev[iz * ka + ia];
                if s == NEG || s < best_prev - BEAM {
                    continue;
                }
                let z = id(t - 2, iz);
                let za = lex.bigram(z, a);
                let row = ia * kb;
                for ib in 0..kb {
                    let v = if za.0 == 0 {
                        s + lbo[ib]
                    } else {
                        let (b, e) = cb[ib];
                        s + lex.p3_with(z, a, b, bo[ib], za).max(1e-12).ln() + e
                    };
                    if v > cur[row + ib] {
                        cur[row + ib] = v;
                        bp[row + ib] = iz as u16;
                    }
                }
            }
        }
        back.push(bp);
        prev = cur;
    }
    // end: transition to </s>
    let (kz, ka) = (k(n as isize - 2), k(n as isize - 1));
    let mut best = (NEG, 0usize, 0usize);
    for iz in 0..kz {
        for ia in 0..ka {
            let s = prev[iz * ka + ia];
            if s == NEG {
                continue;
            }
            let v = s + lex.score(id(n as isize - 2, iz), id(n as isize - 1, ia), BOS);
            if v > best.0 {
                best = (v, iz, ia);
            }
        }
    }
    let mut path = vec![0usize; n];
    if best.0 == NEG {
        // everything pruned (cannot happen with finite scores); fall back to first candidates
        return (0..n)
            .map(|_| Choice {
                index: 0,
                confidence: 0.0,
            })
            .collect();
    }
    path[n - 1] = best.2;
    if n >= 2 {
        path[n - 2] = best.1;
    }
    for t in (2..n).rev() {
        let kb = k(t as isize);
        path[t - 2] = back[t][path[t - 1] * kb + path[t]] as usize;
    }
    // confidence: P(candidate | both neighbours) with the rest of the path fixed
    let ids: Vec<u32> = (0..n).map(|t| cands[t][path[t]].0).collect();
    let at = |t: isize| -> u32 {
        if t < 0 || t >= n as isize {
            BOS
        } else {
            ids[t as usize]
        }
    };
    (0..n)
        .map(|t| {
            let c = &cands[t];
            if c.len() == 1 {
                return Choice {
                    index: 0,
                    confidence: 1.0,
                };
            }
            let ti = t as isize;
            let local = |w: u32, e: f32| -> f32 {
                let (z, a) = (at(ti - 2), at(ti - 1));
                let first = if ti == 0 {
                    lex.score2(BOS, w)
                } else {
                    lex.score(z, a, w)
                };
                let b = at(ti + 1);
                let second = if ti == 0 {
                    lex.score(BOS, w, b)
                } else {
                    lex.score(a, w, b)
                };
                let third = if ti + 1 >= n as isize {
                    0.0
                } else {
                    lex.score(w, b, at(ti + 2))
                };
                e + first + second + third
            };
            let scores: Vec<f32> = c.iter().map(|&(w, e)| local(w, e)).collect();
            let mine = scores[path[t]];
            let z: f32 = scores.iter().map(|&s| (s - mine).exp()).sum();
            Choice {
                index: path[t],
                confidence: (1.0 / z).clamp(0.0, 1.0),
            }
        })
        .collect()
}
