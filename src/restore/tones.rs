//! Tesseract-Vietnamese's own confusions, and their repair in OCR'd text.
//!
//! On a clean scan Tesseract's Vietnamese model reads 99 % of words right; what it leaves is
//! nearly always one tone mark misread on a word otherwise right: a hỏi read as sắc ("kế từ"
//! for "kể từ", "tố chức", "thấm quyền"), a hook added on an i ("chỉ phí" for "chi phí"), a
//! huyền lost ("phân" for "phần"). The restorer's channel (tesseract's English model: letters
//! lost or replaced) does not see these, and the text reads as clean Vietnamese, so it is left
//! alone. This pass reads each word of an OCR'd page against its twins that differ only in
//! the tone, for the confusions the model was seen to make ([`CONFUSIONS`], counted from pairs
//! of clean text and its degraded scan read back by Tesseract: `fixtures/restore/ocr-train-vie`,
//! [`count_confusions`]); a twin replaces the OCR's reading only when the trigram model prefers
//! it in its sentence by a wide margin ([`MARGIN`]), so that correct words are not touched.
//! Blurrier scans mix the marks more freely (a hỏi read as huyền or lost, "thành phó" for
//! "thành phố"): any other twin of the word's letters is taken too, by a wider margin
//! ([`MARGIN_UNSEEN`]).

use super::lexicon::{model_form, BOS, NUM, PUNCT, UNK};
use super::lm::{Lexicon, View};
use super::ocr_letters;
use super::syllable;
use super::token::{self, Kind};
use crate::ingest::Line;
use std::collections::BTreeMap;

/// Tones as `token::split_tone` numbers them.
const NONE: u8 = 0;
const HUYEN: u8 = 1;
const SAC: u8 = 2;
const HOI: u8 = 3;
const NANG: u8 = 5;

/// (printed tone, intended tone): the confusions seen at least [`MIN_SEEN`] times in the
/// training pairs (`tests/restore.rs` recounts them). Counts on 18,101 words of eleven pairs
/// (`cargo run --release --example ocr_tones -- fixtures/restore/ocr-train-vie`): sắc for hỏi
/// 52, hỏi for none 19, none for huyền 6, huyền for none 5, nặng for none 2 (hỏi for huyền 1).
pub const CONFUSIONS: &[(u8, u8)] = &[
    (SAC, HOI),
    (HOI, NONE),
    (NONE, HUYEN),
    (HUYEN, NONE),
    (NANG, NONE),
];

/// Fewest sightings in the training pairs for a confusion to be repaired.
pub const MIN_SEEN: usize = 2;

/// How much better (ln) the twin must read in its sentence than the OCR's word, over the
/// trigrams that hold the word. Set on the training pairs: the largest margin that keeps all
/// their repairs (4, 6 and 8 repair the same words; 10 loses some); no word of their clean
/// twins is changed at any of these.
pub const MARGIN: f32 = 8.0;

/// How much better a twin must read for a confusion the training pairs did not show: any
/// other tone ("tông thể" for "tổng thể", "Để" read "Đề", "đền" for "đến") or a vowel mark
/// ("thành phó" for "thành phố"), which blurrier scans than the pairs' (a colour page at 200
/// dpi, JPEG 60) and the real scans show. Set on the tuning half of the scans made for
/// `examples/ocr_eval.rs` (3,400 words: 97.97 % at 16, 98.09 % at 12, 98.12 % at 10) against
/// the words it changes in 115,000 words of clean text (the Word and signed PDF documents of
/// `../shared/real/`, read with `--restore never`): 13 at 16, 15 at 12 (a source typo "như
/// cầu" → "nhu cầu" repaired, "bỏ chỉ tiêu" → "bộ" damaged), 20 at 10.
pub const MARGIN_UNSEEN: f32 = 12.0;

/// How much better (ln) a misspelt word's one-letter repair ("tại" for "fại", see
/// `ocr_letters`) must read in its sentence than the printed word. Such a word carries
/// Vietnamese marks yet breaks Vietnamese spelling, so it is not a foreign word or a code: in
/// the 8.7 million words of `../shared/corpus` and `corpus-extra` five are misspelt so
/// ("KÔNG", "karaokê" ×3, "fecmơtuya"; none of the last four has a repair the lexicon holds).
/// Its own reading is the catch-all `<unk>`, whose score says little (see
/// [`twin_of_non_word`]): the repair is taken when it merely reads no worse. At [`MARGIN`]
/// "tự nguyện fại gia đình" and "CỤC TRƯỞNG KỤC BỔ TRỢ" of the real scans were kept.
pub const MARGIN_MISSPELT: f32 = 0.0;

/// How much better (ln) a glued word's two syllables must read in its sentence than the
/// printed word as `<unk>` (see [`better_split`]). The split's n-grams hold one word more than
/// the printed word's, which weighs against it already.
pub const MARGIN_GLUED: f32 = 0.0;

/// How much better the best twin of a word the lexicon does not hold must read than the next
/// twin (ln) to replace it. On the clean text `MARGIN_UNSEEN` was set against, no correct word
/// is changed at 4 (six garbled words of a broken text layer are, "tiờu chớ"); at 2 more of
/// those; on the tuning scans 2, 4 and 6 differ by one word.
pub const MARGIN_NON_WORD: f32 = 4.0;

/// The tone of a word and the index of its toned letter; (NONE, None) without tone.
fn tone_of(word: &str) -> (u8, Option<usize>) {
    for (i, c) in word.chars().enumerate() {
        let (_, t) = token::split_tone(c);
        if t != NONE {
            return (t, Some(i));
        }
    }
    (NONE, None)
}

/// The word without its tone mark (vowel marks kept): "thẩm" → "thâm".
fn toneless(word: &str) -> String {
    word.chars().map(|c| token::split_tone(c).0).collect()
}

/// Counts (printed tone, intended tone) over the words that a pair reads differently only in
/// their tone: `clean` and `ocr` are the two texts' words, aligned by a word edit distance.
pub fn count_confusions(clean: &[String], ocr: &[String]) -> BTreeMap<(u8, u8), usize> {
    let mut out = BTreeMap::new();
    for edit in word_edits(clean, ocr) {
        let WordEdit::Substitute(c, o) = edit else {
            continue;
        };
        let (c, o) = (token::lower(c), token::lower(o));
        if c != o && toneless(&c) == toneless(&o) {
            *out.entry((tone_of(&o).0, tone_of(&c).0)).or_default() += 1;
        }
    }
    out
}

/// One step of a minimal word edit script that turns `a` into `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordEdit<'a> {
    /// A word both have.
    Same(&'a str),
    /// A word of `a` read as another in `b`.
    Substitute(&'a str, &'a str),
    /// A word of `a` that `b` lacks.
    Delete(&'a str),
    /// A word `b` adds.
    Insert(&'a str),
}

/// A minimal word edit script from `a` to `b` (Levenshtein over words), in order.
pub fn word_edits<'a>(a: &'a [String], b: &'a [String]) -> Vec<WordEdit<'a>> {
    let (n, m) = (a.len(), b.len());
    let mut d = vec![vec![0u32; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i as u32;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j as u32;
    }
    for i in 1..=n {
        for j in 1..=m {
            let sub = d[i - 1][j - 1] + u32::from(a[i - 1] != b[j - 1]);
            d[i][j] = sub.min(d[i - 1][j] + 1).min(d[i][j - 1] + 1);
        }
    }
    let (mut i, mut j, mut out) = (n, m, Vec::new());
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i][j] == d[i - 1][j - 1] + u32::from(a[i - 1] != b[j - 1]) {
            out.push(if a[i - 1] == b[j - 1] {
                WordEdit::Same(&a[i - 1])
            } else {
                WordEdit::Substitute(&a[i - 1], &b[j - 1])
            });
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i][j] == d[i - 1][j] + 1 {
            out.push(WordEdit::Delete(&a[i - 1]));
            i -= 1;
        } else {
            out.push(WordEdit::Insert(&b[j - 1]));
            j -= 1;
        }
    }
    out.reverse();
    out
}

/// One word of a sentence: its model id, and where it sits in the line (None for `<num>` and
/// punctuation tokens).
struct Slot {
    id: u32,
    word: Option<(usize, usize, usize)>,
}

/// Repairs the tone confusions in the lines (OCR'd text), in place. Returns the repairs made.
/// Two misread neighbours ("tông thề" for "tổng thể") each read wrong beside the other: a
/// second pass reads each against its repaired neighbour.
pub fn repair_lines(lexicon: &Lexicon, lines: &mut [&mut Line]) -> u64 {
    let mut changed = 0;
    for _ in 0..PASSES {
        let n = repair_pass(lexicon, lines);
        changed += n;
        if n == 0 {
            break;
        }
    }
    changed
}

/// Passes of the repair at most (a third changes nothing on the scans measured).
const PASSES: usize = 3;

fn repair_pass(lexicon: &Lexicon, lines: &mut [&mut Line]) -> u64 {
    let lex = &lexicon.view();
    let mut changed = 0;
    let mut sentence: Vec<Slot> = Vec::new();
    let mut edits: Vec<(usize, usize, usize, String)> = Vec::new();
    for (li, line) in lines.iter().enumerate() {
        for t in token::tokenize(&line.text) {
            if t.before == token::BREAK {
                repair_sentence(lex, &sentence, lines, &mut edits);
                sentence.clear();
            } else if t.before == token::COMMA {
                sentence.push(Slot {
                    id: PUNCT,
                    word: None,
                });
            }
            if t.end > t.start {
                let core = &line.text[t.start..t.end];
                let id = match t.kind {
                    Kind::Word => lex.id_of(&model_form(core)).unwrap_or(UNK),
                    Kind::Num => NUM,
                    _ => UNK,
                };
                let word = (t.kind == Kind::Word).then_some((li, t.start, t.end));
                sentence.push(Slot { id, word });
            }
            if t.after == token::BREAK {
                repair_sentence(lex, &sentence, lines, &mut edits);
                sentence.clear();
            } else if t.after == token::COMMA {
                sentence.push(Slot {
                    id: PUNCT,
                    word: None,
                });
            }
        }
    }
    repair_sentence(lex, &sentence, lines, &mut edits);
    // Right to left within a line, so that byte ranges stay valid.
    edits.sort_by(|a, b| (a.0, b.1).cmp(&(b.0, a.1)));
    for (li, start, end, word) in edits {
        lines[li].text.replace_range(start..end, &word);
        changed += 1;
    }
    changed
}

/// The sentence's ids framed by `<s>` on both sides, as the model was counted.
fn framed(sentence: &[Slot]) -> Vec<u32> {
    let mut ids = vec![BOS];
    ids.extend(sentence.iter().map(|s| s.id));
    ids.push(BOS);
    ids
}

/// ln P of the n-grams of `ids` that hold position `k` (≥ 1), with `x` there: the trigrams
/// ending at k, k + 1 and k + 2 (the first word after `<s>` by its bigram).
fn local_score(lex: &View<'_>, ids: &[u32], k: usize, x: u32) -> f32 {
    window_score(lex, ids, k, &[x])
}

/// ln P of the n-grams that hold positions `k..k + put.len()`, with the ids of `put` there.
fn window_score(lex: &View<'_>, ids: &[u32], k: usize, put: &[u32]) -> f32 {
    let at = |i: usize| {
        i.checked_sub(k)
            .and_then(|j| put.get(j))
            .copied()
            .unwrap_or(ids[i])
    };
    (k..=k + put.len() + 1)
        .filter(|&e| e < ids.len())
        .map(|e| match e {
            1 => lex.score2(at(0), at(1)),
            _ => lex.score(at(e - 2), at(e - 1), at(e)),
        })
        .sum()
}

/// The margin a twin (`text`) must read better by than the printed word (its tone, and its
/// letters without tone): [`MARGIN`] for a confusion the training pairs showed, else
/// [`MARGIN_UNSEEN`].
fn margin_for(tone: u8, bare: &str, text: &str) -> f32 {
    if CONFUSIONS.contains(&(tone, tone_of(text).0)) && toneless(text) == bare {
        MARGIN
    } else {
        MARGIN_UNSEEN
    }
}

fn repair_sentence(
    lex: &View<'_>,
    sentence: &[Slot],
    lines: &[&mut Line],
    edits: &mut Vec<(usize, usize, usize, String)>,
) {
    let ids = framed(sentence);
    for (s, slot) in sentence.iter().enumerate() {
        let Some((li, start, end)) = slot.word else {
            continue;
        };
        let printed = &lines[li].text[start..end];
        let better = better_spelling(lex, &ids, s + 1, printed)
            .or_else(|| better_split(lex, &ids, s + 1, printed))
            .or_else(|| better_twin(lex, &ids, s + 1, printed));
        if let Some(better) = better {
            edits.push((li, start, end, better));
        }
    }
    repair_pairs(lex, sentence, &ids, lines, edits);
}

/// Two neighbouring words both misread ("tông thề" for "tổng thể"): each reads worse beside
/// the other's misreading, so neither is repaired alone. The pair of twins that reads best
/// together replaces them when it beats the printed pair by the margins of both changes.
fn repair_pairs(
    lex: &View<'_>,
    sentence: &[Slot],
    ids: &[u32],
    lines: &[&mut Line],
    edits: &mut Vec<(usize, usize, usize, String)>,
) {
    let edited = |edits: &[(usize, usize, usize, String)],
                  (li, start, _): (usize, usize, usize)| {
        edits.iter().any(|e| e.0 == li && e.1 == start)
    };
    for s in 0..sentence.len().saturating_sub(1) {
        let (Some(a), Some(b)) = (sentence[s].word, sentence[s + 1].word) else {
            continue;
        };
        if edited(edits, a) || edited(edits, b) {
            continue;
        }
        let (pa, pb) = (&lines[a.0].text[a.1..a.2], &lines[b.0].text[b.1..b.2]);
        if !pair_case_repairable(ids, s + 1, pa, pb) {
            continue;
        }
        let Some((ca, cb)) = better_pair(lex, ids, s + 1, pa, pb) else {
            continue;
        };
        edits.push((
            a.0,
            a.1,
            a.2,
            placed_like(&token::apply_case(lex.syl(ca), pa), pa),
        ));
        edits.push((
            b.0,
            b.1,
            b.2,
            placed_like(&token::apply_case(lex.syl(cb), pb), pb),
        ));
    }
}

/// Whether the printed pair at `k`, `k + 1` may be repaired by its case. Names ("xã La Dạ")
/// are capitalized: a pair of them is read as printed. A pair holding a misspelt word ("KỤC
/// BỘ TRỢ" for "CỤC BỔ TRỢ") is no name, and may be all capitals too (a heading, a title).
fn pair_case_repairable(ids: &[u32], k: usize, pa: &str, pb: &str) -> bool {
    let lower = |w: &str| w.starts_with(char::is_lowercase);
    if lower(pa) && lower(pb) {
        return true;
    }
    let capitals = |w: &str| token::case_of(w) == token::Case::Upper;
    (misspelt_at(ids, k, pa) || misspelt_at(ids, k + 1, pb))
        && [pa, pb].iter().all(|w| lower(w) || capitals(w))
}

/// Whether the printed word at `k` is one the lexicon lacks that breaks Vietnamese spelling by
/// a letter OCR confuses (`ocr_letters::misspelt`).
fn misspelt_at(ids: &[u32], k: usize, printed: &str) -> bool {
    ids[k] == UNK && ocr_letters::misspelt(printed)
}

/// What the printed word at `k` may be read as in a pair, each with the margin its change must
/// win by: a misspelt word's one-letter repairs ([`MARGIN_MISSPELT`]), else the word's twins.
fn pair_choices(lex: &View<'_>, ids: &[u32], k: usize, printed: &str) -> Option<Vec<(u32, f32)>> {
    if misspelt_at(ids, k, printed) {
        let repairs: Vec<(u32, f32)> = ocr_letters::repairs(printed)
            .iter()
            .filter_map(|w| lex.id_of(&model_form(w)))
            .map(|id| (id, MARGIN_MISSPELT))
            .collect();
        return (!repairs.is_empty()).then_some(repairs);
    }
    let form = model_form(printed);
    let (tone, _) = tone_of(&form);
    let bare = toneless(&form);
    let fold_id = lex.fold_id(&crate::text::fold(&form))?;
    Some(
        lex.variants(fold_id)
            .iter()
            .filter(|&(c, _)| c != ids[k])
            .map(|(c, _)| (c, margin_for(tone, &bare, lex.syl(c))))
            .collect(),
    )
}

/// The readings of the words at `k` and `k + 1` (both changed: twins, or a misspelt word's
/// repair) that read better together than the printed pair by the larger of their changes'
/// margins.
fn better_pair(lex: &View<'_>, ids: &[u32], k: usize, pa: &str, pb: &str) -> Option<(u32, u32)> {
    let ta = pair_choices(lex, ids, k, pa)?;
    let tb = pair_choices(lex, ids, k + 1, pb)?;
    let own = window_score(lex, ids, k, &[ids[k], ids[k + 1]]);
    let mut best: Option<(f32, u32, u32)> = None;
    for &(ca, ma) in &ta {
        for &(cb, mb) in &tb {
            let gain = window_score(lex, ids, k, &[ca, cb]) - own;
            if gain > ma.max(mb) && best.is_none_or(|(g, ..)| gain > g) {
                best = Some((gain, ca, cb));
            }
        }
    }
    best.map(|(_, ca, cb)| (ca, cb))
}

/// The twin of `printed` (at `k` in `ids`) that reads better by [`MARGIN`], in its case.
fn better_twin(lex: &View<'_>, ids: &[u32], k: usize, printed: &str) -> Option<String> {
    let form = model_form(printed);
    let (tone, _) = tone_of(&form);
    let bare = toneless(&form);
    let fold_id = lex.fold_id(&crate::text::fold(&form))?;
    if ids[k] == UNK && printed.starts_with(char::is_lowercase) {
        return twin_of_non_word(lex, ids, k, fold_id, printed);
    }
    let own = local_score(lex, ids, k, ids[k]);
    let mut best: Option<(f32, u32)> = None;
    for (cand, _) in lex.variants(fold_id).iter() {
        let text = lex.syl(cand);
        if cand == ids[k] {
            continue;
        }
        let margin = margin_for(tone, &bare, text);
        let score = local_score(lex, ids, k, cand);
        if score > own + margin && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, cand));
        }
    }
    let (_, id) = best?;
    Some(placed_like(
        &token::apply_case(lex.syl(id), printed),
        printed,
    ))
}

/// A misspelt word the lexicon does not hold ("fại", "KỤC": see `ocr_letters`) replaced by
/// the one-letter repair the lexicon holds that reads best in its sentence, when that reads
/// better than the printed word by [`MARGIN_MISSPELT`].
fn better_spelling(lex: &View<'_>, ids: &[u32], k: usize, printed: &str) -> Option<String> {
    if !misspelt_at(ids, k, printed) {
        return None;
    }
    let own = local_score(lex, ids, k, UNK);
    ocr_letters::repairs(printed)
        .into_iter()
        .filter_map(|w| {
            let id = lex.id_of(&model_form(&w))?;
            Some((local_score(lex, ids, k, id), w))
        })
        .filter(|&(score, _)| score >= own + MARGIN_MISSPELT)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, w)| w)
}

/// A marked word of no Vietnamese shape that is two syllables the lexicon holds glued together
/// ("đặthàng", "Tỉnhúy", "ĐỀán": OCR lost the space) read as the two, split at the letter
/// boundary that reads best in its sentence: the n-grams with both words (or their tone
/// twins) spliced in, against the printed word (as `<unk>`, or the rare glued form the lexicon
/// holds), by [`MARGIN_GLUED`]. The printed letters are kept; a misread tone of either is left
/// to the twin pass that follows ("Tỉnh úy" → "Tỉnh ủy").
fn better_split(lex: &View<'_>, ids: &[u32], k: usize, printed: &str) -> Option<String> {
    if !may_be_glued(printed) {
        return None;
    }
    // (its own id where the lexicon holds it: the corpus's own glued typos, "Đềán" once)
    let own = local_score(lex, ids, k, ids[k]);
    let mut best: Option<(f32, usize)> = None;
    for (at, ia, ib) in glued_parts(lex, printed) {
        let score = split_score(lex, ids, k, ia, ib);
        if score >= own + MARGIN_GLUED && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, at));
        }
    }
    let (_, at) = best?;
    Some(format!("{} {}", &printed[..at], &printed[at..]))
}

/// A marked word of no Vietnamese shape: what may be two syllables glued together.
fn may_be_glued(word: &str) -> bool {
    token::has_marks(word) && syllable::shape(word) == syllable::Shape::Impossible
}

/// ln P of the n-grams of `ids` that hold position `k`, with two words spliced in there for
/// the one: `a` and `b`, or the tone twins of either that read best (a glued word's letters
/// are OCR's, and may carry its tone confusions too: "Tỉnhúy" for "Tỉnh ủy").
fn split_score(lex: &View<'_>, ids: &[u32], k: usize, a: u32, b: u32) -> f32 {
    let twins = |id: u32| -> Vec<u32> {
        lex.fold_id(&crate::text::fold(lex.syl(id)))
            .map(|f| lex.variants(f).iter().map(|(c, _)| c).collect())
            .unwrap_or_else(|| vec![id])
    };
    let mut spliced: Vec<u32> = ids[..k]
        .iter()
        .chain(&[a, b])
        .chain(&ids[k + 1..])
        .copied()
        .collect();
    let (twins_a, twins_b) = (twins(a), twins(b));
    let mut best = f32::NEG_INFINITY;
    for &ta in &twins_a {
        for &tb in &twins_b {
            (spliced[k], spliced[k + 1]) = (ta, tb);
            best = best.max(window_score(lex, &spliced, k, &[ta, tb]));
        }
    }
    best
}

/// The letter boundaries of `word` where it parts into two well-shaped syllables the lexicon
/// holds, each carrying a tone mark, with their ids: (byte offset, first, second). A syllable
/// carries one tone at most, so a word of two is two words; loanwords written as one word
/// ("ôtô", "côca", "kêpi", "đôla", "hécta", "axít": 200 of the 2,184 marked words of the
/// corpus that part into two known syllables) carry one at most, and are never parted.
fn glued_parts(lex: &View<'_>, word: &str) -> Vec<(usize, u32, u32)> {
    let syllable_id = |w: &str| {
        (syllable::shape(w) == syllable::Shape::Marked && tone_of(w).0 != NONE)
            .then(|| lex.id_of(&model_form(w)))
            .flatten()
    };
    word.char_indices()
        .skip(1)
        .filter_map(|(at, _)| {
            let (a, b) = word.split_at(at);
            Some((at, syllable_id(a)?, syllable_id(b)?))
        })
        .collect()
}

/// The readings of `word` as two glued syllables ("đặt hàng" for "đặthàng") that the repair
/// would weigh: none for a word of Vietnamese shape or without marks. (`examples/ocr_tones.rs
/// --glued` counts them on clean text.)
pub fn glued_splits(lexicon: &Lexicon, word: &str) -> Vec<String> {
    if !may_be_glued(word) {
        return Vec::new();
    }
    glued_parts(&lexicon.view(), word)
        .into_iter()
        .map(|(at, ..)| format!("{} {}", &word[..at], &word[at..]))
        .collect()
}

/// `twin` with its tone on the letter where `printed` carries its own, where the two differ
/// only in that ("TUỲ" repaired is "TUÝ", as the document places its tones, not "TÚY").
fn placed_like(twin: &str, printed: &str) -> String {
    let (t, at) = tone_of(twin);
    let (_, printed_at) = tone_of(printed);
    let (Some(at), Some(printed_at)) = (at, printed_at) else {
        return twin.to_string();
    };
    if at == printed_at || toneless(twin).chars().count() != toneless(printed).chars().count() {
        return twin.to_string();
    }
    toneless(twin)
        .chars()
        .enumerate()
        .map(|(i, c)| {
            if i == printed_at {
                token::with_tone(c, t)
            } else {
                c
            }
        })
        .collect()
}

/// A lowercase word the lexicon does not hold, whose letters it knows with other marks
/// ("triễn khai", "găn với": OCR put a mark no Vietnamese word has there). Its own reading
/// cannot be scored against its twins (an unknown word's probability is a catch-all), so the
/// twins are weighed against each other: the best is taken when it reads better than the next
/// by [`MARGIN_NON_WORD`].
fn twin_of_non_word(
    lex: &View<'_>,
    ids: &[u32],
    k: usize,
    fold_id: u32,
    printed: &str,
) -> Option<String> {
    let mut scores: Vec<(f32, u32)> = lex
        .variants(fold_id)
        .iter()
        .map(|(cand, _)| (local_score(lex, ids, k, cand), cand))
        .collect();
    scores.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let (best, id) = *scores.first()?;
    let clear = scores
        .get(1)
        .is_none_or(|&(next, _)| best > next + MARGIN_NON_WORD);
    clear.then(|| token::apply_case(lex.syl(id), printed))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn word_edits_are_a_minimal_script_in_order() {
        let (a, b) = (
            words("tổ chức hội nghị tại tỉnh"),
            words("tô chức hội tại tỉnh nhà"),
        );
        assert_eq!(
            word_edits(&a, &b),
            [
                WordEdit::Substitute("tổ", "tô"),
                WordEdit::Same("chức"),
                WordEdit::Same("hội"),
                WordEdit::Delete("nghị"),
                WordEdit::Same("tại"),
                WordEdit::Same("tỉnh"),
                WordEdit::Insert("nhà"),
            ]
        );
    }

    fn repaired(text: &str) -> String {
        // (one line as ingest makes it, the helper layout's tests use)
        let mut line = crate::layout::tests::lines_of(text).remove(0);
        repair_lines(
            crate::restore::Restorer::embedded().lexicon(),
            &mut [&mut line],
        );
        line.text
    }

    #[test]
    fn misread_letters_are_repaired_in_context() {
        assert_eq!(
            repaired("Hộ kinh doanh fại gia đình"),
            "Hộ kinh doanh tại gia đình"
        );
        assert_eq!(repaired("KỤC TRƯỞNG"), "CỤC TRƯỞNG");
        // with little context (a wrapped line's first words, a signer's title)
        assert_eq!(repaired("fại gia đình"), "tại gia đình");
        assert_eq!(
            repaired("tự nguyện fại gia đình, cộng đồng"),
            "tự nguyện tại gia đình, cộng đồng"
        );
        assert_eq!(
            repaired("CỤC TRƯỞNG KỤC BỔ TRỢ TƯ PHÁP"),
            "CỤC TRƯỞNG CỤC BỔ TRỢ TƯ PHÁP"
        );
    }

    #[test]
    fn a_misspelt_word_and_its_misread_neighbour_are_repaired_together() {
        // KỤC → CỤC reads worse beside the misread BỘ, and BỘ → BỔ beside KỤC.
        assert_eq!(
            repaired("CỤC TRƯỞNG KỤC BỘ TRỢ TƯ PHÁP"),
            "CỤC TRƯỞNG CỤC BỔ TRỢ TƯ PHÁP"
        );
        // a title-case misspelt word's neighbour is a name's: kept
        assert_eq!(repaired("ông Kục Bộ"), "ông Kục Bộ");
    }

    #[test]
    fn glued_words_are_split_where_they_read_best() {
        assert_eq!(
            repaired("theo quyết định đặthàng của Bộ"),
            "theo quyết định đặt hàng của Bộ"
        );
        assert_eq!(
            repaired("Ủy viên Ban Thường vụ, Tỉnhúy viên"),
            "Ủy viên Ban Thường vụ, Tỉnh ủy viên"
        );
        assert_eq!(repaired("phê duyệt ĐỀán"), "phê duyệt ĐỀ án");
        // well-shaped words and words of no marks are never split
        for text in ["đặt hàng hóa", "tham khảo website", "người dân tộc"] {
            assert_eq!(repaired(text), text);
        }
    }

    #[test]
    fn names_and_foreign_words_keep_their_letters() {
        for text in [
            "tỉnh Kon Tum",
            "gửi file qua Facebook",
            "nặng 5 kg gạo",
            "tỉnh Đắk Lắk",
        ] {
            assert_eq!(repaired(text), text);
        }
    }

    #[test]
    fn a_repaired_twin_keeps_the_printed_tone_placement() {
        assert_eq!(placed_like("TÚY", "TUỲ"), "TUÝ");
        assert_eq!(placed_like("hòa", "hoà"), "hoà");
        assert_eq!(placed_like("tổ", "tô"), "tổ");
        assert_eq!(placed_like("đến", "đền"), "đến");
    }

    #[test]
    fn tones_are_told_apart_from_the_rest_of_the_word() {
        assert_eq!(tone_of("thẩm"), (HOI, Some(2)));
        assert_eq!(tone_of("chi"), (NONE, None));
        assert_eq!(tone_of("Nặng").0, NANG);
        assert_eq!(toneless("thấm"), "thâm");
        assert_eq!(toneless("thẩm"), toneless("thấm"));
        assert_ne!(toneless("tổ"), toneless("to"));
    }

    #[test]
    fn confusions_are_counted_on_words_that_differ_only_in_tone() {
        let clean = words("Kể từ ngày ký tổ chức thực hiện chi phí");
        let ocr = words("Kế từ ngày ký tố chức thục hiện chỉ phí");
        let c = count_confusions(&clean, &ocr);
        assert_eq!(c.get(&(SAC, HOI)), Some(&2));
        assert_eq!(c.get(&(HOI, NONE)), Some(&1));
        // "thục" for "thực" changes a vowel mark, not the tone
        assert_eq!(c.values().sum::<usize>(), 3);
    }
}
