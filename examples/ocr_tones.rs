//! Tesseract-Vietnamese's tone confusions on pairs of clean text and its OCR (`X.txt` beside
//! `X.ocr.txt`, as `fixtures/restore/make_ocr_vie.sh` makes them): the confusions counted, the
//! word errors of the OCR before and after `restore::tones` repairs them, and the words the
//! repair changes in the clean texts (damage; must be 0).
//! `cargo run --release --example ocr_tones -- [--diff] DIR_OR_PAIR...`, or `-- --glued FILE...`

use std::path::{Path, PathBuf};
use vanban::ingest::Line;
use vanban::restore::{token, tones, Restorer};

fn lines(text: &str) -> Vec<Line> {
    text.lines()
        .enumerate()
        .map(|(i, t)| Line {
            text: t.to_string(),
            page: 1,
            line: i as u32 + 1,
            bbox: None,
        })
        .collect()
}

fn repaired(text: &str) -> (String, u64) {
    let mut ls = lines(text);
    let mut refs: Vec<&mut Line> = ls.iter_mut().collect();
    let n = tones::repair_lines(Restorer::embedded().lexicon(), &mut refs);
    let out: Vec<String> = ls.into_iter().map(|l| l.text).collect();
    (out.join("\n"), n)
}

fn errors(clean: &[String], got: &[String]) -> usize {
    strsim::generic_levenshtein(&clean.to_vec(), &got.to_vec())
}

fn pairs(args: &[String]) -> Vec<(PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for a in args {
        let p = Path::new(a);
        let files: Vec<PathBuf> = if p.is_dir() {
            let mut v: Vec<PathBuf> = std::fs::read_dir(p)
                .expect("readable folder")
                .map(|e| e.expect("entry").path())
                .collect();
            v.sort();
            v
        } else {
            vec![p.to_path_buf()]
        };
        for f in files {
            let name = f.to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".ocr.txt") {
                let clean = PathBuf::from(format!("{stem}.txt"));
                if clean.exists() {
                    out.push((clean, f));
                }
            }
        }
    }
    out
}

/// `--glued FILE...`: the marked words of clean text that the repair would weigh as two glued
/// syllables (`tones::glued_splits`), listed, counted against the words read, and whether the
/// repair of their line splits them (SPLIT) or keeps them (kept).
fn count_glued(files: &[String]) {
    let lexicon = Restorer::embedded().lexicon();
    let (mut words, mut glued, mut split) = (0usize, 0usize, 0usize);
    for f in files {
        let text = std::fs::read_to_string(f).expect("clean text");
        for line in text.lines() {
            for t in token::tokenize(line) {
                if t.kind != token::Kind::Word {
                    continue;
                }
                words += 1;
                let word = &line[t.start..t.end];
                let splits = tones::glued_splits(lexicon, word);
                if !splits.is_empty() {
                    glued += 1;
                    let (fixed, _) = repaired(line);
                    let kept = fixed.split_whitespace().any(|w| w.contains(word));
                    split += usize::from(!kept);
                    let verdict = if kept { "kept" } else { "SPLIT" };
                    println!("{f}: {verdict} {word} -> {splits:?}");
                }
            }
        }
    }
    println!("GLUED: {glued} of {words} words, {split} split by the repair");
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().is_some_and(|a| a == "--glued") {
        return count_glued(&args[1..]);
    }
    let diff = args.first().is_some_and(|a| a == "--diff");
    if diff {
        args.remove(0);
    }
    let mut counts = std::collections::BTreeMap::new();
    let (mut n, mut before, mut after, mut damage, mut clean_words) = (0, 0, 0, 0, 0);
    for (clean_path, ocr_path) in pairs(&args) {
        let clean = std::fs::read_to_string(&clean_path).expect("clean text");
        let ocr = std::fs::read_to_string(&ocr_path).expect("OCR text");
        let (cw, ow) = (
            token::convention_words(&clean),
            token::convention_words(&ocr),
        );
        for (k, v) in tones::count_confusions(&cw, &ow) {
            *counts.entry(k).or_insert(0) += v;
        }
        let (fixed, changed) = repaired(&ocr);
        let fw = token::convention_words(&fixed);
        let (clean_again, hurt) = repaired(&clean);
        let (b, a) = (errors(&cw, &ow), errors(&cw, &fw));
        println!(
            "{}: {} words, errors {b} -> {a} ({changed} changed), clean text changed: {hurt}",
            ocr_path.display(),
            cw.len()
        );
        if diff {
            for (x, y) in ow.iter().zip(&fw).filter(|(x, y)| x != y) {
                println!("    {x} -> {y}");
            }
            let ccw = token::convention_words(&clean_again);
            for (x, y) in cw.iter().zip(&ccw).filter(|(x, y)| x != y) {
                println!("    DAMAGE {x} -> {y}");
            }
        }
        n += cw.len();
        before += b;
        after += a;
        damage += hurt;
        clean_words += cw.len();
    }
    println!("confusions (printed tone, intended tone; 0 none 1 huyền 2 sắc 3 hỏi 4 ngã 5 nặng): {counts:?}");
    let pct = |e: usize| 100.0 * (1.0 - e as f64 / n.max(1) as f64);
    println!(
        "ALL: {n} words, OCR {:.2}% right -> {:.2}% after repair; clean words changed: {damage} of {clean_words}",
        pct(before),
        pct(after)
    );
}
