//! From the corpus counts (`LexiconData`) to the file read in place (`store.rs`): the lookup
//! tables and the interpolated modified Kneser-Ney model, computed once when the lexicon is
//! built, so that loading it computes nothing.

use std::collections::{BTreeMap, HashMap};

use super::lexicon::{BuildOptions, LexiconData, FIRST_SYL, MAX_PHRASE};
use super::store::{self, Writer};
use crate::text::fold;

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

/// The lexicon file of `d`, its n-grams pruned as `options` say. Deterministic: the same
/// counts give the same bytes.
pub fn encode(d: &LexiconData, options: &BuildOptions) -> Vec<u8> {
    let n = d.syllables.len();
    let mut w = Writer::default();
    w.bytes(d.info.as_bytes());

    // syllables, their counts and their table
    let mut syl_off = vec![0u32];
    let mut syl_text = Vec::new();
    for (s, _) in &d.syllables {
        syl_text.extend_from_slice(s.as_bytes());
        syl_off.push(syl_text.len() as u32);
    }
    let uni: Vec<u32> = d.syllables.iter().map(|(_, c)| *c).collect();
    let caps: Vec<u32> = (0..n)
        .map(|i| d.caps.get(i).copied().unwrap_or(0))
        .collect();
    let keys: Vec<&[u8]> = d
        .syllables
        .iter()
        .skip(FIRST_SYL as usize)
        .map(|(s, _)| s.as_bytes())
        .collect();
    w.u32s(&syl_off);
    w.bytes(&syl_text);
    w.u32s(&uni);
    w.u32s(&caps);
    w.u32s(&store::build_slots(&keys, FIRST_SYL));

    // stripped forms (fold ids in the order of their first syllable) and their spellings
    let mut fold_of = vec![0u32; n];
    let mut folds: Vec<String> = vec![String::new()];
    let mut fold_id: HashMap<String, u32> = HashMap::new();
    let mut variants: Vec<Vec<(u32, f32)>> = vec![Vec::new()];
    for (i, (s, c)) in d.syllables.iter().enumerate().skip(FIRST_SYL as usize) {
        let f = fold(s);
        let fid = match fold_id.get(&f) {
            Some(&x) => x,
            None => {
                let x = folds.len() as u32;
                fold_id.insert(f.clone(), x);
                folds.push(f);
                variants.push(Vec::new());
                x
            }
        };
        variants[fid as usize].push((i as u32, *c as f32));
        fold_of[i] = fid;
    }
    for v in variants.iter_mut() {
        let sum: f32 = v.iter().map(|x| x.1).sum::<f32>().max(1.0);
        for x in v.iter_mut() {
            x.1 = (x.1 / sum).ln();
        }
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    }
    let mut fold_off = vec![0u32];
    let mut fold_text = Vec::new();
    for f in &folds {
        fold_text.extend_from_slice(f.as_bytes());
        fold_off.push(fold_text.len() as u32);
    }
    let fold_keys: Vec<&[u8]> = folds.iter().skip(1).map(|f| f.as_bytes()).collect();
    let mut var_start = vec![0u32];
    let (mut var_id, mut var_lp) = (Vec::new(), Vec::new());
    for v in &variants {
        for &(id, lp) in v {
            var_id.push(id);
            var_lp.push(lp);
        }
        var_start.push(var_id.len() as u32);
    }
    w.u32s(&fold_of);
    w.u32s(&fold_off);
    w.bytes(&fold_text);
    w.u32s(&store::build_slots(&fold_keys, 1));
    w.u32s(&var_start);
    w.u32s(&var_id);
    w.f32s(&var_lp);

    let flags = model(d, options, &mut w);
    phrases(d, &fold_of, &mut w);

    let mut conf = String::new();
    for (a, b, c) in &d.confusions {
        conf.push_str(&format!("{a}\t{b}\t{c}\n"));
    }
    w.bytes(conf.as_bytes());
    let mut acr = String::new();
    for a in &d.acronyms {
        acr.push_str(a);
        acr.push('\n');
    }
    w.bytes(acr.as_bytes());
    w.u32s(&[flags]);
    w.finish()
}

/// Interpolated Kneser-Ney, precomputed as logs so that decoding only adds:
///   P(c|b)   = max(c(bc) − D(c(bc)), 0)/c(b) + γ(b)·Pcont(c),   γ(b) = Σ D(c(b·))/c(b)
///   P(c|ab)  = max(c(abc) − D(c(abc)), 0)/c(ab) + γ(ab)·P(c|b), γ(ab) = Σ D(c(ab·))/c(ab)
/// (modified Kneser-Ney: the discount depends on the count, 1, 2 or more). `d.bigrams` is
/// sorted by (b, c), `d.trigrams` by (a, b, c). Returns the model's flags (`store::Flags`).
fn model(d: &LexiconData, prune: &BuildOptions, w: &mut Writer) -> u32 {
    let n = d.syllables.len();
    let uni: Vec<u32> = d.syllables.iter().map(|(_, c)| *c).collect();
    let d2 = discounts(d.bigrams.iter().map(|(_, c)| c));
    let d3 = discounts(d.trigrams.iter().map(|(_, c)| c));
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
    let nb = d.bigrams.len();
    let mut uni_start = vec![0u32; n + 1];
    let mut bi_c: Vec<u16> = Vec::with_capacity(nb);
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
    let mut tri_c: Vec<u16> = Vec::with_capacity(d.trigrams.len());
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
    // Pruning: the model was estimated on every n-gram (discounts, continuation counts, the
    // weights γ of the lower orders); the rare ones are then left out of the file, and a pruned
    // n-gram is scored through its lower order, as one never seen.
    let tri_count: Vec<u32> = d
        .trigrams
        .iter()
        .zip(&tri_keep)
        .filter(|(_, &k)| k)
        .map(|(&(_, c), _)| c)
        .collect();
    let keep_bi: Vec<bool> = bi_count.iter().map(|&c| c >= prune.min_bigram).collect();
    let mut out_start = vec![0u32; n + 1];
    let mut out_bi_c = Vec::new();
    let (mut out_bi_lp, mut out_bi_lg) = (Vec::new(), Vec::new());
    let mut out_bi_tri = vec![0u32];
    let (mut out_tri_c, mut out_tri_lp) = (Vec::new(), Vec::new());
    let mut trigrams_have_bigrams = true;
    for b in 0..n {
        for i in uni_start[b] as usize..uni_start[b + 1] as usize {
            if !keep_bi[i] {
                continue;
            }
            out_bi_c.push(bi_c[i]);
            out_bi_lp.push(bi_lp[i]);
            out_bi_lg.push(bi_lg[i]);
            for j in bi_tri[i] as usize..bi_tri[i + 1] as usize {
                if tri_count[j] >= prune.min_trigram {
                    trigrams_have_bigrams &=
                        find_bi(bi_c[i] as u32, tri_c[j] as u32).is_some_and(|k| keep_bi[k]);
                    out_tri_c.push(tri_c[j]);
                    out_tri_lp.push(tri_lp[j]);
                }
            }
            out_bi_tri.push(out_tri_c.len() as u32);
        }
        out_start[b + 1] = out_bi_c.len() as u32;
    }
    let mut slot_start = vec![0u32];
    let mut table = Vec::new();
    for b in 0..n {
        let records: Vec<[u32; 4]> = (out_start[b] as usize..out_start[b + 1] as usize)
            .map(|i| {
                // (a context's followers are syllables: fewer than 2^16)
                let trigrams = (out_bi_tri[i + 1] - out_bi_tri[i]).min(0xffff);
                [
                    out_bi_c[i] as u32 | trigrams << 16,
                    out_bi_lp[i].to_bits(),
                    out_bi_lg[i].to_bits(),
                    out_bi_tri[i],
                ]
            })
            .collect();
        table.extend(store::follower_table(&records));
        slot_start.push(table.len() as u32);
    }
    w.u32s(&slot_start);
    w.u32s(table.as_flattened());
    w.u16s(&out_tri_c);
    w.f32s(&out_tri_lp);
    w.f32s(&ln_gamma1);
    w.f32s(&ln_cont);
    if trigrams_have_bigrams {
        store::TRIGRAMS_HAVE_BIGRAMS
    } else {
        0
    }
}

/// The phrase dictionary, grouped by length and sorted by stripped forms within a length (the
/// last of two phrases with the same stripped forms wins, as it did in a map), and the longest
/// phrase after each first pair.
fn phrases(d: &LexiconData, fold_of: &[u32], w: &mut Writer) {
    let mut by_folds: BTreeMap<(usize, Vec<u16>), &[u32]> = BTreeMap::new();
    let mut starts: BTreeMap<u32, u8> = BTreeMap::new();
    for p in d
        .phrases
        .iter()
        .filter(|p| (1..=MAX_PHRASE).contains(&p.len()))
    {
        let fids: Vec<u16> = p.iter().map(|&i| fold_of[i as usize] as u16).collect();
        if fids.len() >= 2 {
            let e = starts
                .entry(((fids[0] as u32) << 16) | fids[1] as u32)
                .or_default();
            *e = (*e).max(fids.len() as u8);
        }
        by_folds.insert((fids.len(), fids), p);
    }
    let mut groups = vec![0u32; MAX_PHRASE + 2];
    let mut data: Vec<u16> = Vec::new();
    for ((len, _), ids) in &by_folds {
        data.extend(ids.iter().map(|&i| i as u16));
        groups[len + 1] = data.len() as u32;
    }
    for l in 1..groups.len() {
        groups[l] = groups[l].max(groups[l - 1]);
    }
    w.u32s(&groups);
    w.u16s(&data);
    w.u32s(&starts.keys().copied().collect::<Vec<_>>());
    w.u8s(&starts.values().copied().collect::<Vec<_>>());
}
