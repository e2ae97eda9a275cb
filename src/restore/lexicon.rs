//! The restoration lexicon as counted from a corpus: syllable vocabulary, syllable n-gram
//! counts, the phrase dictionary and the OCR channel's character confusions (`build`). The file
//! written from it (`tables.rs`, `store.rs`) holds what restoration reads, computed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use unicode_normalization::UnicodeNormalization;

use super::token::{self, Kind};
use crate::text::{base_char, fold};

pub const BOS: u32 = 0;
pub const NUM: u32 = 1;
pub const UNK: u32 = 2;
/// `,` `;` `:` and a lone dash: punctuation the model reads through.
pub const PUNCT: u32 = 3;
pub const FIRST_SYL: u32 = 4;
/// Longest phrase kept in the dictionary, in syllables.
pub const MAX_PHRASE: usize = 6;

pub use crate::hash::{FxHasher, FxMap};

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("not a vanban lexicon (bad magic)")]
    BadMagic,
    #[error("a lexicon of an older vanban: rebuild it with `vanban lexicon build`")]
    OldFormat,
    #[error("truncated or corrupt lexicon")]
    Corrupt,
    #[error("reading {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("no Vietnamese text found in the corpus")]
    Empty,
}

/// The lexicon as counted: plain data, no indexes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LexiconData {
    pub info: String,
    /// Accented lowercase syllables (in the tone convention) with their counts; index = id.
    /// The first four are placeholders for <s>, <num>, <unk>, <,>.
    pub syllables: Vec<(String, u32)>,
    /// How often each syllable was written capitalized inside a sentence (names: "Giang").
    pub caps: Vec<u32>,
    pub bigrams: Vec<(u64, u32)>,
    pub trigrams: Vec<(u64, u32)>,
    pub phrases: Vec<Vec<u32>>,
    /// OCR confusions: (intended, observed, count); intended is one lowercase letter or "" for
    /// an insertion, observed is what the engine printed (possibly empty or two chars).
    pub confusions: Vec<(String, String, u32)>,
    /// Capitalized abbreviations with marks ("NĐ", "HĐND", "QĐ"), whose stripped spelling is
    /// (almost) never used: a stripped "ND-CP" is restored to "NĐ-CP".
    pub acronyms: Vec<String>,
}

/// What a lexicon keeps of its corpus. The defaults are those of the embedded lexicon (see
/// data/LEXICON.md for how they were chosen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BuildOptions {
    /// Bigrams seen fewer times are left out of the file (scored through the unigrams).
    pub min_bigram: u32,
    /// Trigrams seen fewer times are left out of the file (scored through the bigrams).
    pub min_trigram: u32,
    /// Phrases seen fewer times are not phrases.
    pub min_phrase: u32,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            min_bigram: 1,
            min_trigram: 1,
            min_phrase: 4,
        }
    }
}

impl LexiconData {
    /// No syllable: a lexicon that restores nothing.
    pub fn empty() -> Self {
        LexiconData {
            syllables: ["<s>", "<num>", "<unk>", "<,>"]
                .map(|s| (s.to_string(), 0))
                .to_vec(),
            caps: vec![0; 4],
            ..Default::default()
        }
    }
}

pub fn bigram_key(a: u32, b: u32) -> u64 {
    ((a as u64) << 16) | b as u64
}
pub fn trigram_key(a: u32, b: u32, c: u32) -> u64 {
    ((a as u64) << 32) | ((b as u64) << 16) | c as u64
}

// --- building -----------------------------------------------------------------------------

/// True when a lowercase word (marks removed) has the shape of a Vietnamese syllable:
/// onset, one to three vowels, final consonant.
pub fn syllable_shape(folded: &str) -> bool {
    let b = folded.as_bytes();
    if b.is_empty() || b.len() > 7 {
        return false;
    }
    const ONSETS: [&str; 27] = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
        "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
    ];
    const FINALS: [&str; 9] = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];
    let is_v = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    for on in ONSETS {
        if !folded.starts_with(on) {
            continue;
        }
        let rest = &b[on.len()..];
        let nv = rest.iter().take_while(|&&c| is_v(c)).count();
        // "gi" and "qu" may be followed directly by a final ("gin"? no, but "gì" = gi + ∅)
        if nv == 0 {
            if (on == "gi") && rest.is_empty() {
                return true;
            }
            if on == "gi" && FINALS.contains(&std::str::from_utf8(rest).unwrap_or("x")) {
                return true;
            }
            continue;
        }
        if nv > 3 {
            continue;
        }
        let fin = std::str::from_utf8(&rest[nv..]).unwrap_or("x");
        if FINALS.contains(&fin) {
            return true;
        }
    }
    false
}

/// `model_form` into a reused buffer.
pub fn model_form_into(word: &str, buf: &mut String) {
    buf.clear();
    for c in word.chars() {
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    if let Some(s) = token::to_convention(buf) {
        *buf = s;
    }
}

/// Normalizes one word as the model stores it: NFC, lowercase, tone convention.
pub fn model_form(word: &str) -> String {
    let l = token::lower(word);
    match token::to_convention(&l) {
        Some(s) => s,
        None => l,
    }
}

/// The stream of one line: words, <num> and context breaks. `words` receives the model forms.
/// Capitalized parts of words and symbols ("NĐ" in "107/2021/NĐ-CP"), for the acronym table.
fn acronym_parts(core: &str, kind: Kind, out: &mut HashMap<String, u32>) {
    let parts: Vec<&str> = match kind {
        Kind::Symbol => core
            .split(|c: char| !c.is_alphabetic())
            .filter(|p| !p.is_empty())
            .collect(),
        Kind::Word => vec![core],
        _ => return,
    };
    for p in parts {
        let n = p.chars().count();
        if (2..=10).contains(&n) && p.chars().all(|c| c.is_uppercase()) {
            *out.entry(p.to_string()).or_default() += 1;
        }
    }
}

/// Acronyms of three or more letters made of the initials of the corpus's frequent phrases
/// ("hội đồng nhân dân" → "HĐND", "đại biểu quốc hội" → "ĐBQH"): the initials of every run of
/// 2–5 words are counted; initials with a Đ give an acronym when seen ≥ 20 times, mostly (half
/// or more, ≥ 10) as one phrase, and the same letters with D are (almost) never the initials of
/// a run, nor an acronym of the text, nor a syllable.
fn initial_acronyms(
    stream: &[u32],
    syllables: &[(String, u32)],
    acr: &HashMap<String, u32>,
) -> Vec<String> {
    let initial: Vec<Option<char>> = syllables
        .iter()
        .enumerate()
        .map(|(i, (s, _))| {
            let c = s.chars().next()?;
            (i >= FIRST_SYL as usize && crate::text::is_letter(c))
                .then(|| base_char(c).to_ascii_uppercase())
                .map(|b| if c == 'đ' { 'Đ' } else { b })
        })
        .collect();
    let mut counts: HashMap<String, u32> = HashMap::new();
    let mut key = String::new();
    for i in 0..stream.len() {
        key.clear();
        for &id in stream[i..].iter().take(5) {
            let Some(Some(c)) = initial.get(id as usize) else {
                break;
            };
            key.push(*c);
            if key.chars().count() >= 2 {
                *counts.entry(key.clone()).or_default() += 1;
            }
        }
    }
    let mut out: Vec<String> = counts
        .iter()
        .filter(|&(a, &c)| {
            let plain = a.replace('Đ', "D");
            plain != *a
                && c >= 20
                && a.chars().count() >= 3
                && counts.get(&plain).copied().unwrap_or(0) * 19 <= c
                && acr.get(&plain).copied().unwrap_or(0) * 19 <= c
                && !syllable_shape(&plain.to_lowercase())
        })
        .map(|(a, _)| a.clone())
        .collect();
    // ... and when one phrase makes most of them (not initials that runs of any words share)
    let wanted: std::collections::HashSet<&str> = out.iter().map(|s| s.as_str()).collect();
    let mut phrases: HashMap<(String, Vec<u32>), u32> = HashMap::new();
    for i in 0..stream.len() {
        key.clear();
        for (n, &id) in stream[i..].iter().take(5).enumerate() {
            let Some(Some(c)) = initial.get(id as usize) else {
                break;
            };
            key.push(*c);
            if wanted.contains(key.as_str()) {
                *phrases
                    .entry((key.clone(), stream[i..=i + n].to_vec()))
                    .or_default() += 1;
            }
        }
    }
    let mut top: HashMap<&str, u32> = HashMap::new();
    for ((k, _), &c) in &phrases {
        let t = top.entry(k.as_str()).or_default();
        *t = (*t).max(c);
    }
    out.retain(|a| {
        top.get(a.as_str())
            .is_some_and(|&t| t >= 10 && 2 * t >= counts[a])
    });
    out.sort();
    out
}

fn line_units(
    line: &str,
    words: &mut Vec<String>,
    out: &mut Vec<(u8, usize)>,
    acr: &mut HashMap<String, u32>,
) {
    // (0 = break, 1 = num, 2 = unk, 3 = word index, 4 = capitalized word index, 5 = comma)
    let punct = |c: u8, out: &mut Vec<(u8, usize)>| match c {
        token::COMMA => out.push((5, 0)),
        token::BREAK => out.push((0, 0)),
        _ => {}
    };
    for t in token::tokenize_pieces(line) {
        punct(t.before, out);
        if t.start == t.end {
            continue;
        }
        let core = &line[t.start..t.end];
        acronym_parts(core, t.kind, acr);
        match t.kind {
            Kind::Word => {
                let m = model_form(core);
                let cap = token::case_of(core) == token::Case::Title;
                words.push(m);
                out.push((if cap { 4 } else { 3 }, words.len() - 1));
            }
            Kind::Num | Kind::Symbol => out.push((1, 0)),
            Kind::Mixed => out.push((2, 0)),
            Kind::Other => out.push((0, 0)),
        }
        punct(t.after, out);
    }
    out.push((0, 0));
}

/// Collects the files under `paths` (files, or folders walked recursively for .txt/.md/.tsv).
fn collect_files(paths: &[PathBuf], out: &mut Vec<PathBuf>) -> Result<(), LexiconError> {
    for p in paths {
        let io = |e| LexiconError::Io {
            path: p.display().to_string(),
            source: e,
        };
        let meta = std::fs::metadata(p).map_err(io)?;
        if meta.is_dir() {
            let mut entries: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(io)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .collect();
            entries.sort();
            let mut sub = Vec::new();
            for e in entries {
                if e.is_dir() {
                    sub.push(e);
                } else if let Some(ext) = e.extension().and_then(|x| x.to_str()) {
                    if matches!(ext, "txt" | "md" | "tsv") {
                        out.push(e);
                    }
                }
            }
            collect_files(&sub, out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String, LexiconError> {
    let bytes = std::fs::read(path).map_err(|e| LexiconError::Io {
        path: path.display().to_string(),
        source: e,
    })?;
    Ok(String::from_utf8_lossy(&bytes).nfc().collect())
}

/// A `*.ocr.txt` file with a clean twin `*.txt` next to it is an OCR pair: it trains the channel
/// model and is not read as clean text.
fn ocr_twin(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".ocr.txt")?;
    let twin = path.with_file_name(format!("{stem}.txt"));
    twin.exists().then_some(twin)
}

/// Builds the lexicon from clean text under `paths` (files or folders). OCR pairs found there
/// (`X.ocr.txt` beside `X.txt`) train the character confusions. Deterministic.
pub fn build(paths: &[PathBuf], options: &BuildOptions) -> Result<LexiconData, LexiconError> {
    let mut files = Vec::new();
    collect_files(paths, &mut files)?;
    files.sort();
    files.dedup();
    let mut words: Vec<String> = Vec::new();
    let mut units: Vec<(u8, usize)> = Vec::new();
    let mut pairs = Vec::new();
    let mut names = Vec::new();
    let mut acr: HashMap<String, u32> = HashMap::new();
    let mut curated: Vec<Vec<String>> = Vec::new();
    // the clean twins of OCR pairs: read last, and only when they are not excerpts of the other
    // texts (counted twice, an excerpt would skew the model)
    let twins: std::collections::BTreeSet<PathBuf> =
        files.iter().filter_map(|f| ocr_twin(f)).collect();
    let mut seen_lines: std::collections::HashSet<String> = std::collections::HashSet::new();
    for f in &files {
        if twins.contains(f) {
            continue;
        }
        if f.to_string_lossy().ends_with(".phrases.txt") {
            // a curated phrase list: one phrase a line (commas split it), `#` comments
            let text = read_text(f)?;
            for line in text.lines() {
                let line = line.trim();
                if line.is_empty() || line.starts_with('#') {
                    continue;
                }
                for part in line.split([',', ';']) {
                    // words, and a dash standing alone ("Tự do - Hạnh phúc") as <,>
                    let ws: Vec<String> = token::tokenize(part)
                        .into_iter()
                        .filter_map(|t| match t.kind {
                            Kind::Word => Some(model_form(&part[t.start..t.end])),
                            _ if t.start == t.end && t.before == token::COMMA => {
                                Some("<,>".to_string())
                            }
                            _ => None,
                        })
                        .collect();
                    if (2..=MAX_PHRASE).contains(&ws.len()) {
                        curated.push(ws);
                    }
                }
                line_units(line, &mut words, &mut units, &mut acr);
            }
            names.push(f.display().to_string());
            continue;
        }
        if f.to_string_lossy().ends_with(".ocr.txt") {
            if let Some(twin) = ocr_twin(f) {
                pairs.push((twin, f.clone()));
            }
            continue;
        }
        let text = read_text(f)?;
        for line in text.lines() {
            line_units(line, &mut words, &mut units, &mut acr);
            if !line.trim().is_empty() {
                seen_lines.insert(line.trim().to_string());
            }
        }
        names.push(f.display().to_string());
    }
    for f in &twins {
        let text = read_text(f)?;
        if text
            .lines()
            .all(|l| l.trim().is_empty() || seen_lines.contains(l.trim()))
        {
            continue;
        }
        for line in text.lines() {
            line_units(line, &mut words, &mut units, &mut acr);
        }
        names.push(f.display().to_string());
    }
    // vocabulary: every syllable seen, most frequent first
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for w in &words {
        *counts.entry(w.as_str()).or_default() += 1;
    }
    // (words that are not syllables, such as acronyms, only when seen three times)
    let mut vocab: Vec<(&str, u32)> = counts
        .iter()
        .filter(|&(&w, &c)| c >= 3 || syllable_shape(&fold(w)))
        .filter(|&(&w, _)| w.chars().count() <= 12)
        .map(|(&w, &c)| (w, c))
        .collect();
    if vocab.is_empty() {
        return Err(LexiconError::Empty);
    }
    vocab.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    vocab.truncate(65535 - FIRST_SYL as usize);
    let id_of: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, &(w, _))| (w, i as u32 + FIRST_SYL))
        .collect();
    // id stream
    let mut stream: Vec<u32> = Vec::with_capacity(units.len() + 1);
    let mut caps = vec![0u32; vocab.len() + FIRST_SYL as usize];
    stream.push(BOS);
    for &(k, i) in &units {
        let id = match k {
            0 => BOS,
            1 => NUM,
            2 => UNK,
            5 => PUNCT,
            _ => *id_of.get(words[i].as_str()).unwrap_or(&UNK),
        };
        if (id == BOS || id == PUNCT) && stream.last() == Some(&id) {
            continue;
        }
        if k == 4 && stream.last() != Some(&BOS) {
            caps[id as usize] += 1;
        }
        stream.push(id);
    }
    let mut uni = vec![0u32; vocab.len() + FIRST_SYL as usize];
    let mut bi: FxMap<u64, u32> = FxMap::default();
    let mut tri: FxMap<u64, u32> = FxMap::default();
    for (i, &w) in stream.iter().enumerate() {
        uni[w as usize] += 1;
        if i >= 1 {
            *bi.entry(bigram_key(stream[i - 1], w)).or_default() += 1;
        }
        if i >= 2 && stream[i - 1] != BOS {
            *tri.entry(trigram_key(stream[i - 2], stream[i - 1], w))
                .or_default() += 1;
        }
    }
    let mut syllables: Vec<(String, u32)> = vec![
        ("<s>".into(), uni[0]),
        ("<num>".into(), uni[1]),
        ("<unk>".into(), uni[2]),
        ("<,>".into(), uni[3]),
    ];
    for (i, &(w, _)) in vocab.iter().enumerate() {
        syllables.push((w.to_string(), uni[i + FIRST_SYL as usize]));
    }
    let mut bigrams: Vec<(u64, u32)> = bi.into_iter().collect();
    bigrams.sort_unstable();
    let mut trigrams: Vec<(u64, u32)> = tri.into_iter().filter(|&(_, c)| c >= 1).collect();
    trigrams.sort_unstable();

    let mut phrases = build_phrases(&stream, &syllables, options.min_phrase);
    // curated phrases win over learnt ones with the same stripped form
    let learnt: HashMap<String, usize> = phrases
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let f: Vec<String> = p
                .iter()
                .map(|&id| fold(&syllables[id as usize].0))
                .collect();
            (f.join(" "), i)
        })
        .collect();
    let mut drop = vec![false; phrases.len()];
    let mut seen = std::collections::HashSet::new();
    for ws in &curated {
        let ids: Option<Vec<u32>> = ws
            .iter()
            .map(|w| {
                if w == "<,>" {
                    Some(PUNCT)
                } else {
                    id_of.get(w.as_str()).copied()
                }
            })
            .collect();
        let Some(ids) = ids else { continue };
        let key: String = ws.iter().map(|w| fold(w)).collect::<Vec<_>>().join(" ");
        if !seen.insert(key.clone()) {
            continue;
        }
        if let Some(&i) = learnt.get(&key) {
            drop[i] = true;
        }
        phrases.push(ids);
    }
    let mut k = 0;
    phrases.retain(|_| {
        k += 1;
        !drop.get(k - 1).copied().unwrap_or(false)
    });
    phrases.sort();
    phrases.dedup();
    let confusions = super::ocr::learn_confusions(&pairs)?;
    // acronyms with marks whose stripped spelling is rare (≤ 5%) in the corpus
    let mut acronyms: Vec<String> = acr
        .iter()
        .filter(|&(a, &c)| {
            let plain = crate::text::strip_diacritics(a);
            let pc = acr.get(&plain).copied().unwrap_or(0);
            plain != *a && c >= 3 && pc * 19 <= c
        })
        .map(|(a, _)| a.clone())
        .collect();
    acronyms.extend(initial_acronyms(&stream, &syllables, &acr));
    acronyms.sort();
    acronyms.dedup();

    let info = format!(
        "built by `vanban lexicon build --min-bigram {} --min-trigram {} --min-phrase {}` from {} \
         files ({} syllable tokens, {} OCR pairs): {}; tone convention: old style (hòa, khỏe, thủy)",
        options.min_bigram,
        options.min_trigram,
        options.min_phrase,
        names.len(),
        stream.len(),
        pairs.len(),
        names
            .iter()
            .map(|n| Path::new(n)
                .file_name()
                .map(|f| f.to_string_lossy().to_string())
                .unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", ")
    );
    Ok(LexiconData {
        info,
        syllables,
        caps,
        bigrams,
        trigrams,
        phrases,
        confusions,
        acronyms,
    })
}

/// Phrases: n-grams (3 ≤ n ≤ MAX_PHRASE) seen at least 4 times whose stripped form is written
/// one way at least 99.5% of the time and that contain an ambiguous syllable.
fn build_phrases(stream: &[u32], syllables: &[(String, u32)], min_count: u32) -> Vec<Vec<u32>> {
    // fold ids
    let mut fold_id: HashMap<String, u32> = HashMap::new();
    let mut fold_of = vec![0u32; syllables.len()];
    let mut variants: HashMap<u32, u32> = HashMap::new();
    for (i, (s, _)) in syllables.iter().enumerate().skip(FIRST_SYL as usize) {
        let f = fold(s);
        let n = fold_id.len() as u32 + 1;
        let id = *fold_id.entry(f).or_insert(n);
        fold_of[i] = id;
        *variants.entry(id).or_default() += 1;
    }
    let pack = |ids: &[u32]| -> u128 {
        let mut k: u128 = ids.len() as u128;
        for &i in ids {
            k = (k << 16) | i as u128;
        }
        k
    };
    // a lone letter is a label ("điểm a", "khoản đ") or a Roman numeral, which the restorer
    // never reads as a word when it is a capital ("I", "A"): no phrase holds one
    let letter: Vec<bool> = syllables
        .iter()
        .map(|(s, _)| s.chars().count() == 1)
        .collect();
    let mut acc: FxMap<u128, u32> = FxMap::default();
    let mut start = 0;
    while start < stream.len() {
        if stream[start] < FIRST_SYL {
            start += 1;
            continue;
        }
        for n in 3..=MAX_PHRASE {
            let end = start + n;
            if end > stream.len()
                || stream[start..end]
                    .iter()
                    .any(|&w| w < FIRST_SYL || letter[w as usize])
            {
                break;
            }
            *acc.entry(pack(&stream[start..end])).or_default() += 1;
        }
        start += 1;
    }
    let unpack = |mut k: u128| -> Vec<u32> {
        let mut v = Vec::new();
        loop {
            let x = (k & 0xffff) as u32;
            k >>= 16;
            if k == 0 {
                // x was the length
                v.reverse();
                return v;
            }
            v.push(x);
        }
    };
    // group by folded key: total and best
    let mut groups: FxMap<u128, (u32, u32, u128)> = FxMap::default();
    for (&k, &c) in acc.iter() {
        let ids = unpack(k);
        let fids: Vec<u32> = ids.iter().map(|&i| fold_of[i as usize]).collect();
        let g = groups.entry(pack(&fids)).or_insert((0, 0, 0));
        g.0 += c;
        if c > g.1 || (c == g.1 && k < g.2) {
            g.1 = c;
            g.2 = k;
        }
    }
    let mut out: Vec<Vec<u32>> = groups
        .values()
        .filter(|&&(total, best, _)| total >= min_count && best as f64 >= 0.995 * total as f64)
        .map(|&(_, _, k)| unpack(k))
        .filter(|ids| {
            ids.iter()
                .any(|&i| variants.get(&fold_of[i as usize]).copied().unwrap_or(0) > 1)
                && ids
                    .iter()
                    .all(|&i| syllable_shape(&fold(&syllables[i as usize].0)))
        })
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn shapes() {
        for w in [
            "rõ", "rệt", "nghiêng", "người", "khuyến", "gì", "quốc", "oanh", "ưu", "yêu", "giữ",
            "giếng", "hoàng", "khuya", "ngoẵng",
        ] {
            assert!(syllable_shape(&fold(w)), "{w}");
        }
        for w in ["ubnd", "hdnd", "internet"] {
            assert!(!syllable_shape(w), "{w}");
        }
    }
}
