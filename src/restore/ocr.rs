//! The OCR channel: how an engine without Vietnamese prints a Vietnamese syllable.
//!
//! Learning: the clean and OCR texts of a pair are aligned word by word (edit distance over
//! word sequences), then each aligned word pair char by char; every intended char's printed
//! form (the same char, another char, two chars, nothing) is counted.
//!
//! Use: the cost of reading observed word `o` as syllable `s` is a weighted edit distance whose
//! costs are −ln P(printed | intended) from those counts. Candidates for a damaged word are the
//! syllables whose stripped form is within a small Levenshtein distance (strsim) of the word's
//! skeleton (its letters, with junk chars read as the letter they most often stand for).

use std::collections::HashMap;
use std::path::PathBuf;

use unicode_normalization::UnicodeNormalization;

use super::lexicon::{FxMap, LexiconError, UNK};
use super::lm::{View, MAX_OCR_CANDIDATES};
use super::token::{self, Kind};
use crate::text::{base_char, fold};

/// Emission ln-score of leaving a damaged word as it is (it may be a name or a code). The model
/// reads a kept word as `<unk>`, the class of all unknown words of the corpus, of which one word
/// of letters is a small part: the held-out OCR figures are flat from −11 to −17 (at −9 pairs
/// of damaged words were kept together as two cheap `<unk>`s). Letters mixed with digits are
/// codes as often as words ("o7 /KH-SXD" is the number 07): they keep −9.
const KEEP: f32 = -12.0;
const KEEP_CODE: f32 = -9.0;

fn words_of(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        for t in token::tokenize(line) {
            if matches!(t.kind, Kind::Word | Kind::Mixed | Kind::Num) {
                out.push(token::lower(&line[t.start..t.end]));
            }
        }
    }
    out
}

/// Word-level alignment: pairs (clean index, ocr index) of substituted/matched words.
fn align_words(a: &[String], b: &[String]) -> Vec<(usize, usize)> {
    let fa: Vec<String> = a.iter().map(|w| fold(w)).collect();
    let fb: Vec<String> = b.iter().map(|w| fold(w)).collect();
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 || n.saturating_mul(m) > 200_000_000 {
        return Vec::new();
    }
    // costs ×100 as u32; gap 100
    let w = m + 1;
    let mut d = vec![0u32; (n + 1) * w];
    for (j, x) in d.iter_mut().enumerate().take(m + 1) {
        *x = 100 * j as u32;
    }
    for i in 1..=n {
        d[i * w] = 100 * i as u32;
        for j in 1..=m {
            let sim = strsim::normalized_levenshtein(&fa[i - 1], &fb[j - 1]);
            let sub = d[(i - 1) * w + j - 1] + ((1.0 - sim) * 200.0) as u32;
            let del = d[(i - 1) * w + j] + 100;
            let ins = d[i * w + j - 1] + 100;
            d[i * w + j] = sub.min(del).min(ins);
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        let sim = strsim::normalized_levenshtein(&fa[i - 1], &fb[j - 1]);
        let here = d[i * w + j];
        if here == d[(i - 1) * w + j - 1] + ((1.0 - sim) * 200.0) as u32 {
            if sim >= 0.34 {
                out.push((i - 1, j - 1));
            }
            i -= 1;
            j -= 1;
        } else if here == d[(i - 1) * w + j] + 100 {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out.reverse();
    out
}

/// Char-level alignment of an intended word and its printed form: (intended, printed) events.
fn align_chars(a: &str, b: &str, out: &mut Vec<(String, String)>) {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    let w = m + 1;
    let sub = |x: char, y: char| -> u32 {
        if x == y {
            0
        } else if base_char(x) == base_char(y) {
            1
        } else {
            3
        }
    };
    let mut d = vec![0u32; (n + 1) * w];
    for (j, x) in d.iter_mut().enumerate().take(m + 1) {
        *x = 2 * j as u32;
    }
    for i in 1..=n {
        d[i * w] = 2 * i as u32;
        for j in 1..=m {
            d[i * w + j] = (d[(i - 1) * w + j - 1] + sub(a[i - 1], b[j - 1]))
                .min(d[(i - 1) * w + j] + 2)
                .min(d[i * w + j - 1] + 2);
        }
    }
    let mut ops: Vec<(Option<char>, Option<char>)> = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i * w + j] == d[(i - 1) * w + j - 1] + sub(a[i - 1], b[j - 1]) {
            ops.push((Some(a[i - 1]), Some(b[j - 1])));
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i * w + j] == d[(i - 1) * w + j] + 2 {
            ops.push((Some(a[i - 1]), None));
            i -= 1;
        } else {
            ops.push((None, Some(b[j - 1])));
            j -= 1;
        }
    }
    ops.reverse();
    // fold insertions into the previous intended char: 'ủ' → "ii"
    let mut events: Vec<(String, String)> = Vec::new();
    for (x, y) in ops {
        match (x, y) {
            (Some(x), y) => events.push((x.to_string(), y.map(String::from).unwrap_or_default())),
            (None, Some(y)) => match events.last_mut() {
                Some(last) if last.1.chars().count() < 2 => last.1.push(y),
                _ => events.push((String::new(), y.to_string())),
            },
            (None, None) => {}
        }
    }
    out.extend(events);
}

/// Learns character confusions from OCR pairs (clean twin, OCR output).
pub fn learn_confusions(
    pairs: &[(PathBuf, PathBuf)],
) -> Result<Vec<(String, String, u32)>, LexiconError> {
    let mut counts: HashMap<(String, String), u32> = HashMap::new();
    for (clean, ocr) in pairs {
        let read = |p: &PathBuf| -> Result<String, LexiconError> {
            let b = std::fs::read(p).map_err(|e| LexiconError::Io {
                path: p.display().to_string(),
                source: e,
            })?;
            Ok(String::from_utf8_lossy(&b).nfc().collect())
        };
        let a = words_of(&read(clean)?);
        let b = words_of(&read(ocr)?);
        let mut ev = Vec::new();
        for (i, j) in align_words(&a, &b) {
            if a[i].chars().count() > 8 || b[j].chars().count() > 10 {
                continue;
            }
            align_chars(&a[i], &b[j], &mut ev);
        }
        for e in ev {
            *counts.entry(e).or_default() += 1;
        }
    }
    let mut out: Vec<(String, String, u32)> = counts
        .into_iter()
        .filter(|&(_, c)| c >= 2)
        .map(|((a, b), c)| (a, b, c))
        .collect();
    out.sort();
    Ok(out)
}

/// An unmarked word the lexicon does not know, short enough to be a damaged syllable.
pub fn looks_damaged(word: &str) -> bool {
    let n = word.chars().count();
    (2..=7).contains(&n)
}

/// Key of a (intended char, printed chars) pair: printed is 0, 1 or 2 chars.
#[inline]
fn key(c: char, o1: Option<char>, o2: Option<char>) -> u64 {
    ((c as u64) << 42) | ((o1.map_or(0, |x| x as u64 + 1)) << 21) | o2.map_or(0, |x| x as u64 + 1)
}

/// The channel model, ready to score.
#[derive(Debug, Default)]
pub struct Channel {
    /// key(intended, printed) → cost (−ln P) learnt for the intended letter, else for the
    /// letter without its tone (a back-off for every toned letter): one lookup
    learnt: FxMap<u64, f32>,
    /// printed char → cost of printing it out of nothing
    ins: FxMap<u32, f32>,
    /// printed junk char → the base letter it most often stands for
    reads_as: HashMap<char, char>,
    /// every stripped form of the lexicon (ASCII), for candidate search
    folds: Vec<(String, u32)>,
    /// deletion index over `folds` (SymSpell): hash of a form with up to two letters deleted
    /// → fold indexes. Built on first use.
    index: std::sync::OnceLock<FxMap<u64, Vec<u32>>>,
    /// the learnt costs by what was printed: (printed chars) → (intended letter, cost), sorted
    /// by letter. A printed word reads its own lists once, instead of probing `learnt` for
    /// every letter of every syllable it is compared with. Built on first use.
    by_printed: std::sync::OnceLock<ByPrinted>,
    empty: bool,
}

/// (printed char, second printed char) → (intended letter, cost), sorted by letter.
type ByPrinted = FxMap<(char, Option<char>), Vec<(char, f32)>>;

/// The learnt cost of intended letter `c` in a list of `Channel::by_printed`.
#[inline]
fn learnt_in(list: &[(char, f32)], c: char) -> Option<f32> {
    list.binary_search_by(|x| x.0.cmp(&c))
        .ok()
        .map(|i| list[i].1)
}

fn hash_bytes(b: &[u8]) -> u64 {
    use std::hash::Hasher;
    let mut h = super::lexicon::FxHasher::default();
    h.write(b);
    h.write_usize(b.len());
    h.finish()
}

/// Every string obtained from `s` by deleting up to `depth` bytes (with repeats), hashed.
fn deletions(s: &[u8], depth: usize, out: &mut Vec<u64>) {
    out.push(hash_bytes(s));
    if depth == 0 || s.len() <= 1 {
        return;
    }
    let mut buf = Vec::with_capacity(s.len());
    for i in 0..s.len() {
        buf.clear();
        buf.extend_from_slice(&s[..i]);
        buf.extend_from_slice(&s[i + 1..]);
        deletions(&buf, depth - 1, out);
    }
}

/// A byte string of at most 64 bytes, ready for its Levenshtein distance to others computed
/// with one word operation per byte of the other (Hyyrö 2003: the table's columns as bit
/// vectors of vertical differences).
struct Pattern {
    /// per byte value, the positions where the pattern holds it
    eq: [u64; 256],
    len: usize,
}

impl Pattern {
    fn new(p: &[u8]) -> Option<Pattern> {
        if p.len() > 64 {
            return None;
        }
        let mut eq = [0u64; 256];
        for (i, &c) in p.iter().enumerate() {
            eq[c as usize] |= 1 << i;
        }
        Some(Pattern { eq, len: p.len() })
    }

    /// The Levenshtein distance between the pattern and `t`.
    fn distance(&self, t: &[u8]) -> usize {
        let m = self.len;
        if m == 0 {
            return t.len();
        }
        let last = 1u64 << (m - 1);
        let (mut vp, mut vn) = (u64::MAX, 0u64);
        let mut d = m;
        for &c in t {
            let x = self.eq[c as usize] | vn;
            let d0 = ((x & vp).wrapping_add(vp) ^ vp) | x;
            let hp = vn | !(d0 | vp);
            let hn = d0 & vp;
            if hp & last != 0 {
                d += 1;
            } else if hn & last != 0 {
                d -= 1;
            }
            let hp = (hp << 1) | 1;
            let hn = hn << 1;
            vp = hn | !(d0 | hp);
            vn = hp & d0;
        }
        d
    }
}

/// Levenshtein distance of two short byte strings, `limit + 1` when above `limit`.
fn bounded_levenshtein(a: &[u8], b: &[u8], limit: usize) -> usize {
    if a.len().abs_diff(b.len()) > limit || a.len() > 15 || b.len() > 15 {
        return limit + 1;
    }
    let (mut prev_row, mut cur_row) = ([0usize; 16], [0usize; 16]);
    // (the rows are swapped by reference, not copied)
    let (mut prev, mut cur) = (&mut prev_row, &mut cur_row);
    for (j, x) in prev.iter_mut().enumerate().take(b.len() + 1) {
        *x = j;
    }
    for i in 1..=a.len() {
        cur[0] = i;
        let mut row_min = cur[0];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            row_min = row_min.min(cur[j]);
        }
        if row_min > limit {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()].min(limit + 1)
}

impl Channel {
    pub fn new(confusions: &[(String, String, u32)]) -> Self {
        let mut total: HashMap<char, u32> = HashMap::new();
        let mut ins_total = 0u32;
        for (a, _, c) in confusions {
            match a.chars().next() {
                Some(ch) => *total.entry(ch).or_default() += c,
                None => ins_total += c,
            }
        }
        let mut cost = FxMap::default();
        let mut ins = FxMap::default();
        // the same counts with the intended letter's tone removed ("ừ" → "ư"): a back-off for
        // confusions too rare to be seen with every tone
        let mut toneless: HashMap<(char, String), u32> = HashMap::new();
        let mut toneless_total: HashMap<char, u32> = HashMap::new();
        for (a, b, c) in confusions {
            if let Some(ch) = a.chars().next() {
                let t = super::token::split_tone(ch).0;
                *toneless.entry((t, b.clone())).or_default() += c;
                *toneless_total.entry(t).or_default() += c;
            }
        }
        // for every toned letter, merged with `cost` below: one lookup at scoring time
        let mut cost_toneless = FxMap::default();
        for ((t, b), c) in &toneless {
            let mut bc = b.chars();
            let (o1, o2, o3) = (bc.next(), bc.next(), bc.next());
            if o3.is_none() {
                let p = (*c as f32 + 0.1) / (toneless_total[t] as f32 + 1.0);
                let v = (-p.ln() + 0.7).clamp(0.02, 8.0);
                for tone in 0..=5u8 {
                    let toned = super::token::with_tone(*t, tone);
                    if tone > 0 && toned == *t {
                        continue; // a consonant takes no tone
                    }
                    cost_toneless.insert(key(toned, o1, o2), v);
                }
            }
        }
        let mut best_read: HashMap<char, (u32, char)> = HashMap::new();
        for (a, b, c) in confusions {
            let mut bc = b.chars();
            let (o1, o2, o3) = (bc.next(), bc.next(), bc.next());
            if o3.is_some() {
                continue;
            }
            match a.chars().next() {
                Some(ch) => {
                    let t = total[&ch] as f32;
                    let p = (*c as f32 + 0.1) / (t + 1.0);
                    cost.insert(key(ch, o1, o2), (-p.ln()).clamp(0.02, 8.0));
                    if let (Some(o), None) = (o1, o2) {
                        if !o.is_ascii_alphabetic() {
                            let e = best_read.entry(o).or_insert((0, ' '));
                            if *c > e.0 {
                                *e = (*c, base_char(ch));
                            }
                        }
                    }
                }
                None => {
                    if let Some(o) = o1 {
                        let p = (*c as f32 + 0.1) / (ins_total as f32 + 1.0);
                        // an insertion is rarer than a substitution of a present char
                        ins.insert(o as u32, (-p.ln() + 2.0).clamp(0.5, 8.0));
                    }
                }
            }
        }
        // (the letter's own cost replaces the back-off)
        let mut learnt = cost_toneless;
        learnt.extend(cost);
        Channel {
            learnt,
            ins,
            reads_as: best_read.into_iter().map(|(k, (_, b))| (k, b)).collect(),
            folds: Vec::new(),
            index: std::sync::OnceLock::new(),
            by_printed: std::sync::OnceLock::new(),
            empty: confusions.is_empty(),
        }
    }

    /// Gives the channel the lexicon's stripped forms (called once by the lexicon loader).
    pub fn set_folds(&mut self, folds: Vec<(String, u32)>) {
        self.folds = folds.into_iter().filter(|(f, _)| f.is_ascii()).collect();
    }

    fn by_printed(&self) -> &ByPrinted {
        self.by_printed.get_or_init(|| {
            let mut m: ByPrinted = FxMap::default();
            // (the fields of `key`: a printed char is stored plus one, 0 for none)
            let printed = |field: u64| {
                let v = (field & 0x1f_ffff) as u32;
                (v > 0).then(|| char::from_u32(v - 1)).flatten()
            };
            for (&k, &v) in &self.learnt {
                let (Some(c), Some(o1)) = (char::from_u32((k >> 42) as u32), printed(k >> 21))
                else {
                    continue; // a deletion: read by `del`
                };
                m.entry((o1, printed(k))).or_default().push((c, v));
            }
            for list in m.values_mut() {
                list.sort_by_key(|a| a.0);
            }
            m
        })
    }

    fn index(&self) -> &FxMap<u64, Vec<u32>> {
        self.index.get_or_init(|| {
            let mut m: FxMap<u64, Vec<u32>> = FxMap::default();
            let mut dels = Vec::new();
            for (i, (f, _)) in self.folds.iter().enumerate() {
                dels.clear();
                deletions(f.as_bytes(), 2, &mut dels);
                dels.sort_unstable();
                dels.dedup();
                for &d in &dels {
                    m.entry(d).or_default().push(i as u32);
                }
            }
            m
        })
    }

    /// Indexes into the fold list of the forms within `limit` edits of `sk`.
    fn near(&self, sk: &[u8], limit: usize, out: &mut Vec<u32>) {
        let index = self.index();
        let mut dels = Vec::new();
        deletions(sk, limit, &mut dels);
        dels.sort_unstable();
        dels.dedup();
        out.clear();
        for d in dels {
            if let Some(v) = index.get(&d) {
                out.extend_from_slice(v);
            }
        }
        out.sort_unstable();
        out.dedup();
        // (`bounded_levenshtein(fold, sk, limit) <= limit`, one word operation per letter)
        let pattern = Pattern::new(sk);
        out.retain(|&i| {
            let f = self.folds[i as usize].0.as_bytes();
            f.len() <= 15 && sk.len() <= 15 && f.len().abs_diff(sk.len()) <= limit && {
                match &pattern {
                    Some(p) => p.distance(f) <= limit,
                    None => bounded_levenshtein(f, sk, limit) <= limit,
                }
            }
        });
    }

    pub fn is_empty(&self) -> bool {
        self.empty
    }

    #[inline]
    fn learnt(&self, c: char, o1: Option<char>, o2: Option<char>) -> Option<f32> {
        self.learnt.get(&key(c, o1, o2)).copied()
    }

    /// (what `Printed` reads from `by_printed`; the tests' plain edit distance)
    #[cfg(test)]
    fn sub1(&self, c: char, o: char) -> f32 {
        match self.learnt(c, Some(o), None) {
            Some(v) => v,
            None => Self::unlearnt_sub(c, o),
        }
    }

    /// The cost of printing `o` for `c` when no confusion was learnt.
    #[inline]
    fn unlearnt_sub(c: char, o: char) -> f32 {
        if o == c {
            1.0
        } else if base_char(o) == base_char(c) {
            3.0
        } else {
            6.0
        }
    }

    #[inline]
    fn del(&self, c: char) -> f32 {
        self.learnt(c, None, None).unwrap_or(5.0)
    }

    #[inline]
    fn ins_cost(&self, o: char) -> f32 {
        self.ins.get(&(o as u32)).copied().unwrap_or(5.0)
    }

    /// −ln P(printed | intended): weighted edit distance (chars may print as 0, 1 or 2 chars).
    pub fn cost(&self, intended: &str, printed: &str) -> f32 {
        Printed::new(self, printed).cost(self, intended)
    }

    /// The letters of a printed word with junk read as the letter it most often stands for.
    pub fn skeleton(&self, printed: &str) -> String {
        printed
            .chars()
            .map(|c| {
                let b = base_char(c);
                if b.is_ascii_alphabetic() {
                    b.to_ascii_lowercase()
                } else {
                    match self.reads_as.get(&c) {
                        Some(&r) if r.is_ascii() => r.to_ascii_lowercase(),
                        _ => '?',
                    }
                }
            })
            .collect()
    }
}

/// One printed word with the channel's costs for it, computed once per intended letter.
pub struct Printed<'a> {
    b: [char; 16],
    m: usize,
    ins: [f32; 16],
    /// the channel's learnt costs of printing b[j], and of printing b[j-1] b[j]
    one: [&'a [(char, f32)]; 16],
    two: [&'a [(char, f32)]; 16],
    /// intended letter → 1 + index into `rows` (0: none yet), for the letters of Vietnamese
    /// (`letter_slot`); other letters in `other`
    index: [u16; LETTER_SLOTS],
    other: Vec<(char, usize)>,
    /// per intended letter: deletion, substitution by b[j], substitution by b[j-1] b[j]
    rows: Vec<(f32, [f32; 16], [f32; 16])>,
    /// the edit distance's table for the last word compared: `table[k]` after its first k
    /// letters (their `rows` in `last`), valid for `kept` letters, and each row's least value.
    /// The next word starts from the letters they share (a syllable's spellings share their
    /// first letters: "nghiệp", "nghiêm").
    table: [[f32; 17]; 13],
    table_least: [f32; 13],
    last: [usize; 12],
    kept: usize,
}

/// Slots of `letter_slot`: U+0000–U+024F (ASCII, Latin-1, Latin Extended-A and -B: đ, ơ, ư)
/// and U+1EA0–U+1EFF (the Vietnamese letters with tones).
const LETTER_SLOTS: usize = 0x250 + 0x60;

#[inline]
fn letter_slot(c: char) -> Option<usize> {
    let u = c as usize;
    if u < 0x250 {
        Some(u)
    } else if (0x1ea0..0x1f00).contains(&u) {
        Some(0x250 + u - 0x1ea0)
    } else {
        None
    }
}

impl<'a> Printed<'a> {
    pub fn new(ch: &'a Channel, printed: &str) -> Self {
        let mut b = ['\0'; 16];
        let mut m = 0;
        for c in printed.chars() {
            if m == 16 {
                m = 17; // too long: every cost is infinite
                break;
            }
            b[m] = c;
            m += 1;
        }
        let mut ins = [0f32; 16];
        let mut one: [&[(char, f32)]; 16] = [&[]; 16];
        let mut two: [&[(char, f32)]; 16] = [&[]; 16];
        let lists = ch.by_printed();
        let list = |o1: char, o2: Option<char>| lists.get(&(o1, o2)).map_or(&[][..], Vec::as_slice);
        for j in 0..m.min(16) {
            ins[j] = ch.ins_cost(b[j]);
            one[j] = list(b[j], None);
            if j > 0 {
                two[j] = list(b[j - 1], Some(b[j]));
            }
        }
        let mut table = [[0f32; 17]; 13];
        for j in 1..=m.min(16) {
            table[0][j] = table[0][j - 1] + ins[j - 1];
        }
        Printed {
            table,
            table_least: [0.0; 13],
            last: [0; 12],
            kept: 0,
            b,
            m,
            ins,
            one,
            two,
            index: [0; LETTER_SLOTS],
            other: Vec::new(),
            rows: Vec::new(),
        }
    }

    #[inline]
    fn row(&mut self, ch: &Channel, c: char) -> usize {
        let slot = letter_slot(c);
        match slot {
            Some(s) if self.index[s] > 0 => return self.index[s] as usize - 1,
            None => {
                if let Some(&(_, i)) = self.other.iter().find(|o| o.0 == c) {
                    return i;
                }
            }
            _ => {}
        }
        let mut sub = [0f32; 16];
        let mut sub2 = [f32::INFINITY; 16];
        // (`Channel::sub1` and `learnt`, read from the lists of what this word prints)
        for j in 0..self.m.min(16) {
            sub[j] =
                learnt_in(self.one[j], c).unwrap_or_else(|| Channel::unlearnt_sub(c, self.b[j]));
            if j > 0 {
                if let Some(v) = learnt_in(self.two[j], c) {
                    sub2[j] = v;
                }
            }
        }
        self.rows.push((ch.del(c), sub, sub2));
        let i = self.rows.len() - 1;
        match slot {
            // (at most one row per slot: far fewer than u16::MAX)
            Some(s) => self.index[s] = (i + 1) as u16,
            None => self.other.push((c, i)),
        }
        i
    }

    /// −ln P(this printed word | intended).
    pub fn cost(&mut self, ch: &Channel, intended: &str) -> f32 {
        self.cost_within(ch, intended, f32::INFINITY)
            .unwrap_or(f32::INFINITY)
    }

    /// `cost`, or None as soon as it is certainly above `bound`: every cost is positive, so
    /// the least value of a row of the table is a lower bound of the whole.
    pub fn cost_within(&mut self, ch: &Channel, intended: &str, bound: f32) -> Option<f32> {
        let m = self.m;
        if m > 16 {
            return Some(f32::INFINITY);
        }
        let mut rowi = [0usize; 12];
        let mut n = 0;
        for c in intended.chars() {
            if n == 12 {
                return Some(f32::INFINITY);
            }
            rowi[n] = self.row(ch, c);
            n += 1;
        }
        // the rows of the letters shared with the last word compared are kept (the least
        // values of the rows grow row by row: the last shared row's answers for all of them)
        let mut k = 0;
        while k < n && k < self.kept && self.last[k] == rowi[k] {
            k += 1;
        }
        if k > 0 && self.table_least[k] > bound {
            return None;
        }
        // the table row by row: row i from row i − 1
        for i in k + 1..=n {
            let r = rowi[i - 1];
            let (del, sub, sub2) = &self.rows[r];
            let (done, rest) = self.table.split_at_mut(i);
            let (up, here) = (&done[i - 1], &mut rest[0]);
            here[0] = up[0] + del;
            let mut row_least = here[0];
            for j in 1..=m {
                let mut best = here[j - 1] + self.ins[j - 1];
                best = least(best, up[j] + del);
                best = least(best, up[j - 1] + sub[j - 1]);
                if j > 1 {
                    best = least(best, up[j - 2] + sub2[j - 1]);
                }
                here[j] = best;
                row_least = least(row_least, best);
            }
            self.table_least[i] = row_least;
            self.last[i - 1] = r;
            self.kept = i;
            if row_least > bound {
                return None;
            }
        }
        Some(self.table[n][m])
    }
}

/// `a.min(b)` for the channel's costs, which are never NaN (sums of costs in [0.02, 8] and of
/// infinities): one comparison, without `f32::min`'s handling of NaN.
#[inline]
fn least(a: f32, b: f32) -> f32 {
    if b < a {
        b
    } else {
        a
    }
}

/// Candidates for damaged words, computed once per distinct word and document.
#[derive(Default)]
pub struct CandidateCache {
    map: FxMap<u64, (String, Vec<(u32, f32)>)>,
}

impl CandidateCache {
    pub fn get(&mut self, lex: &View, core: &str) -> Vec<(u32, f32)> {
        use std::hash::{Hash, Hasher};
        let mut h = super::lexicon::FxHasher::default();
        core.hash(&mut h);
        let key = h.finish();
        if let Some((k, v)) = self.map.get(&key) {
            if k == core {
                return v.clone();
            }
        }
        let v = candidates(lex, core);
        self.map.insert(key, (core.to_string(), v.clone()));
        v
    }
}

/// Weight of the syllable's frequency (ln count) when the channel's candidates are ranked to
/// keep the best: a frequent word a little further from the print beats a rare one nearer.
const RANK_FREQ: f32 = 0.2;
/// Skeletons of this many letters or more are searched up to three edits away, two below ("chire"
/// = chức). (The index holds forms with two deletions: three deletions of the word find most,
/// not all, forms three edits away; each is checked by its distance.)
const FAR_LEN: usize = 5;

/// Candidates whose channel score is this much below the best one's are dropped.
const SPAN: f32 = 6.0;

/// Far more than the rounding of a rank's sum (costs and priors are below a few hundred).
const RANK_MARGIN: f32 = 0.01;

/// The best ranks seen, best first, up to a count.
#[derive(Default)]
struct TopRanks {
    ranks: [f32; MAX_OCR_CANDIDATES],
    len: usize,
}

impl TopRanks {
    /// Adds a rank, keeping the best `keep` (at most `MAX_OCR_CANDIDATES`).
    fn add(&mut self, rank: f32, keep: usize) {
        let keep = keep.min(MAX_OCR_CANDIDATES);
        if keep == 0 {
            return;
        }
        if self.len == keep {
            if rank <= self.ranks[keep - 1] {
                return;
            }
            self.len -= 1;
        }
        let mut at = self.len;
        while at > 0 && self.ranks[at - 1] < rank {
            self.ranks[at] = self.ranks[at - 1];
            at -= 1;
        }
        self.ranks[at] = rank;
        self.len += 1;
    }

    /// The `k`-th best rank, once there are `k`.
    fn kth(&self, k: usize) -> Option<f32> {
        (k >= 1 && self.len >= k).then(|| self.ranks[k - 1])
    }
}

/// Ranked candidates (syllable id, emission ln-score) for a printed word.
pub fn candidates(lex: &View, core: &str) -> Vec<(u32, f32)> {
    let ch = lex.channel();
    let (printed, keep, near) = match near_forms(ch, core) {
        Ok(found) => found,
        Err(none) => return none,
    };
    let mut scored: Vec<(u32, f32, f32)> = Vec::new();
    let mut pr = Printed::new(ch, &printed);
    let keep_n = MAX_OCR_CANDIDATES - 1;
    // the best ranks so far: a syllable whose rank is certainly below the `keep_n`-th of them
    // cannot be kept, and its edit distance is given up as soon as its bound is passed
    let mut top = TopRanks::default();
    for &i in &near {
        let fid = ch.folds[i as usize].1;
        for (id, lp) in lex.variants(fid).iter().take(12) {
            let u = (lex.unigram(id) as f32 + 1.0).ln();
            // rank = −cost + prior; (the margin covers the sums' rounding)
            let prior = 0.3 * lp + RANK_FREQ * u;
            let bound = top
                .kth(keep_n)
                .map_or(f32::INFINITY, |k| prior - k + RANK_MARGIN);
            let Some(c) = pr.cost_within(ch, lex.syl(id), bound) else {
                continue;
            };
            if c.is_finite() {
                let rank = -c + 0.3 * lp + RANK_FREQ * u;
                top.add(rank, keep_n);
                scored.push((id, -c, rank));
            }
        }
    }
    // best first (a total order: a syllable is scored once), of which the first few are kept:
    // those are picked before they are sorted
    let order = |a: &(u32, f32, f32), b: &(u32, f32, f32)| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0));
    if scored.len() > keep_n {
        scored.select_nth_unstable_by(keep_n - 1, order);
        scored.truncate(keep_n);
    }
    scored.sort_unstable_by(order);
    kept_candidates(lex, core, keep, scored)
}

/// A printed word in small letters, the score of keeping it as printed, and the indexes of the
/// folded forms near it.
type NearForms = (String, f32, Vec<u32>);

/// The printed word in small letters, the score of keeping it as printed, and the folded forms
/// near enough to it to be read for it; or, where no form can be near (no letters, or too
/// many), the candidates: keeping it.
fn near_forms(ch: &Channel, core: &str) -> Result<NearForms, Vec<(u32, f32)>> {
    let printed = token::lower(core);
    let sk = ch.skeleton(&printed);
    let sn = sk.chars().count();
    let keep = if core.chars().any(|c| c.is_ascii_digit()) {
        KEEP_CODE
    } else {
        KEEP
    };
    if sn == 0 || sn > 10 {
        return Err(vec![(UNK, keep)]);
    }
    let limit = if sn <= 2 {
        1
    } else if sn < FAR_LEN {
        2
    } else {
        3
    };
    let mut near = Vec::new();
    ch.near(sk.as_bytes(), limit, &mut near);
    Ok((printed, keep, near))
}

/// The candidates handed to the search from `scored` (syllable id, emission, rank), sorted best
/// first and cut to the most kept.
fn kept_candidates(
    lex: &View,
    core: &str,
    keep: f32,
    scored: Vec<(u32, f32, f32)>,
) -> Vec<(u32, f32)> {
    let mut out: Vec<(u32, f32)> = scored
        .into_iter()
        .take(MAX_OCR_CANDIDATES - 1)
        .map(|(id, e, _)| (id, e))
        .collect();
    // (a reading far less likely than the best one, or than keeping the word, is noise the
    // model would only pick by mistake, and time)
    if let Some(best) = out.iter().map(|x| x.1).reduce(f32::max) {
        out.retain(|x| x.1 >= best.max(keep) - SPAN);
    }
    let own = lex.id_of(&super::lexicon::model_form(core));
    if own.is_none() {
        out.push((UNK, keep));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The weighted edit distance written plainly: the whole table, `f32::min`.
    fn plain_cost(ch: &Channel, intended: &str, printed: &str) -> f32 {
        let a: Vec<char> = intended.chars().collect();
        let b: Vec<char> = printed.chars().collect();
        if b.len() > 16 || a.len() > 12 {
            return f32::INFINITY;
        }
        let (n, m) = (a.len(), b.len());
        let w = m + 1;
        let mut d = vec![0f32; (n + 1) * w];
        for j in 1..=m {
            d[j] = d[j - 1] + ch.ins_cost(b[j - 1]);
        }
        for i in 1..=n {
            let c = a[i - 1];
            d[i * w] = d[(i - 1) * w] + ch.del(c);
            for j in 1..=m {
                let mut best = d[i * w + j - 1] + ch.ins_cost(b[j - 1]);
                best = best.min(d[(i - 1) * w + j] + ch.del(c));
                best = best.min(d[(i - 1) * w + j - 1] + ch.sub1(c, b[j - 1]));
                if j > 1 {
                    let two = ch.learnt(c, Some(b[j - 2]), Some(b[j - 1]));
                    best = best.min(d[(i - 1) * w + j - 2] + two.unwrap_or(f32::INFINITY));
                }
                d[i * w + j] = best;
            }
        }
        d[n * w + m]
    }

    /// `Printed::cost` (rows cached per letter, two rows of the table) is the plain edit
    /// distance, bit for bit, over the words of an OCR'd text and the syllables near them.
    #[test]
    fn printed_cost_is_the_plain_edit_distance() {
        let lex = crate::restore::Restorer::embedded().lexicon();
        let v = lex.view();
        let ch = lex.channel();
        assert!(!ch.is_empty());
        let text = include_str!("../../fixtures/restore/heldout/nq71_trich.ocr.txt");
        let words: Vec<String> = words_of(text).into_iter().take(400).collect();
        let syllables: Vec<&str> = (lexicon_first()..v.syl_count() as u32)
            .step_by(37)
            .map(|id| v.syl(id))
            .collect();
        let mut checked = 0;
        for w in &words {
            let mut pr = Printed::new(ch, w);
            for s in syllables.iter().chain([&"", &"đường", &"nghiêng"]) {
                let got = pr.cost(ch, s);
                let want = plain_cost(ch, s, w);
                assert_eq!(got.to_bits(), want.to_bits(), "{s:?} printed {w:?}");
                checked += 1;
            }
        }
        assert!(checked > 10_000);
    }

    /// The candidates as they were computed before the search gave up hopeless syllables:
    /// every near syllable's whole edit distance.
    fn candidates_unbounded(lex: &View, core: &str) -> Vec<(u32, f32)> {
        let ch = lex.channel();
        let (printed, keep, near) = match near_forms(ch, core) {
            Ok(found) => found,
            Err(none) => return none,
        };
        let mut scored: Vec<(u32, f32, f32)> = Vec::new();
        let mut pr = Printed::new(ch, &printed);
        for &i in &near {
            let fid = ch.folds[i as usize].1;
            for (id, lp) in lex.variants(fid).iter().take(12) {
                let c = pr.cost(ch, lex.syl(id));
                if c.is_finite() {
                    let u = (lex.unigram(id) as f32 + 1.0).ln();
                    scored.push((id, -c, -c + 0.3 * lp + RANK_FREQ * u));
                }
            }
        }
        scored.sort_by(|a, b| b.2.total_cmp(&a.2).then(a.0.cmp(&b.0)));
        kept_candidates(lex, core, keep, scored)
    }

    /// The bit-parallel distance is the table's, on the lexicon's stripped forms against
    /// skeletons of every length, and on strings of repeated letters.
    #[test]
    fn pattern_distance_is_levenshtein() {
        let lex = crate::restore::Restorer::embedded().lexicon();
        let folds: Vec<&[u8]> = lex.channel().folds.iter().map(|f| f.0.as_bytes()).collect();
        assert!(folds.len() > 1000);
        let mut pats: Vec<Vec<u8>> = folds.iter().step_by(7).map(|f| f.to_vec()).collect();
        pats.extend([
            b"".to_vec(),
            b"a".to_vec(),
            b"aaaa".to_vec(),
            b"ng?ay".to_vec(),
        ]);
        let mut checked = 0;
        for p in &pats {
            let pattern = Pattern::new(p).unwrap();
            for f in folds.iter().chain([&&b""[..], &&b"aaaaaaa"[..]]) {
                let want = bounded_levenshtein(f, p, 20);
                if want <= 15 && f.len() <= 15 && p.len() <= 15 {
                    assert_eq!(pattern.distance(f), want, "{:?} {:?}", p, f);
                    checked += 1;
                }
            }
        }
        assert!(checked > 10_000, "{checked} of {} forms", folds.len());
    }

    /// Giving up a syllable's edit distance once it cannot be kept changes no candidate list,
    /// bit for bit, over the words of OCR'd texts.
    #[test]
    fn bounded_search_keeps_the_same_candidates() {
        let lex = crate::restore::Restorer::embedded().lexicon();
        let v = lex.view();
        let mut words: Vec<String> = Vec::new();
        for text in [
            include_str!("../../fixtures/restore/heldout/nq71_trich.ocr.txt"),
            include_str!("../../fixtures/restore/heldout/kien_truc.ocr.txt"),
        ] {
            for line in text.lines() {
                for t in token::tokenize(line) {
                    words.push(line[t.start..t.end].to_string());
                }
            }
        }
        words.sort();
        words.dedup();
        assert!(words.len() > 500);
        for w in &words {
            let got = candidates(&v, w);
            let want = candidates_unbounded(&v, w);
            let bits =
                |c: &[(u32, f32)]| c.iter().map(|x| (x.0, x.1.to_bits())).collect::<Vec<_>>();
            assert_eq!(bits(&got), bits(&want), "{w:?}");
        }
    }

    fn lexicon_first() -> u32 {
        super::super::lexicon::FIRST_SYL
    }
}
