//! Measures restoration (see data/LEXICON.md, "Figures"):
//!   restore_eval [--lexicon FILE] strip FILE...      syllable accuracy on stripped text
//!   restore_eval [--lexicon FILE] ocr CLEAN OCR...    1 − WER before and after restoration
//!   restore_eval [--lexicon FILE] diff CLEAN OCR      the word differences left after it: one
//!       line per substituted (SUB clean -> restored [context]), missing (DEL) or extra (INS)
//!       word of an alignment of minimum edit distance
//! Comparison is on word tokens (punctuation trimmed), case-sensitive, both sides in the
//! tone convention of the lexicon ("hòa").

use std::path::PathBuf;
use vanban::restore::{self, token, RestoreMode, RestoreOptions, Restorer};

fn read(p: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    String::from_utf8_lossy(&std::fs::read(p).expect("read"))
        .nfc()
        .collect()
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let restorer: &Restorer = if args.first().map(|s| s.as_str()) == Some("--lexicon") {
        let bytes = std::fs::read(PathBuf::from(&args[1])).expect("lexicon");
        args.drain(..2);
        Box::leak(Box::new(restore::load_lexicon(&bytes).expect("load")))
    } else {
        Restorer::embedded()
    };
    let cmd = args.remove(0);
    let opts = RestoreOptions {
        mode: RestoreMode::Auto,
        ..Default::default()
    };
    match cmd.as_str() {
        "strip" => {
            let (mut all_ok, mut all_n) = (0usize, 0usize);
            for f in &args {
                let clean = read(f);
                let stripped = vanban::text::strip_diacritics(&clean);
                let t = std::time::Instant::now();
                let out = restorer.restore_text(&stripped, &opts);
                let secs = t.elapsed().as_secs_f64();
                let (a, b) = (
                    token::convention_words(&clean),
                    token::convention_words(&out.text),
                );
                assert_eq!(a.len(), b.len(), "token count changed");
                let mut ok = 0;
                let mut n = 0;
                let mut errs = Vec::new();
                let ctx = std::env::var("CTX").is_ok();
                // (ERRS=FILE appends every error, tab-separated: file, word index, clean,
                // restored, five clean words around it, the same restored)
                let mut all_errs = std::env::var("ERRS").ok().map(|p| {
                    std::fs::OpenOptions::new()
                        .create(true)
                        .append(true)
                        .open(p)
                        .expect("ERRS file")
                });
                for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                    if x.chars().any(|c| c.is_alphabetic()) {
                        n += 1;
                        if x == y {
                            ok += 1;
                            continue;
                        }
                        if let Some(w) = all_errs.as_mut() {
                            use std::io::Write;
                            let lo = i.saturating_sub(2);
                            let hi = (i + 3).min(a.len());
                            writeln!(
                                w,
                                "{f}\t{i}\t{x}\t{y}\t{}\t{}",
                                a[lo..hi].join(" "),
                                b[lo..hi].join(" ")
                            )
                            .expect("ERRS write");
                        }
                        if errs.len() < 400 {
                            if ctx {
                                let lo = i.saturating_sub(2);
                                let hi = (i + 3).min(a.len());
                                errs.push(format!(
                                    "[{}|{}]",
                                    a[lo..hi].join("_"),
                                    b[lo..hi].join("_")
                                ));
                            } else {
                                errs.push(format!("{x}→{y}"));
                            }
                        }
                    }
                }
                all_ok += ok;
                all_n += n;
                println!(
                    "{f}: syllable accuracy {:.2}% ({ok}/{n}); {:.2} MB/s; errors e.g. {}",
                    100.0 * ok as f64 / n.max(1) as f64,
                    stripped.len() as f64 / secs / 1e6,
                    errs.join(" ")
                );
            }
            println!(
                "ALL: syllable accuracy {:.2}% ({all_ok}/{all_n})",
                100.0 * all_ok as f64 / all_n.max(1) as f64
            );
        }
        "ocr" => {
            let (mut eb, mut ea, mut nn) = (0usize, 0usize, 0usize);
            for pair in args.chunks(2) {
                let clean = token::convention_words(&read(&pair[0]));
                let ocr_text = read(&pair[1]);
                let before = token::convention_words(&ocr_text);
                let out = restorer.restore_text(&ocr_text, &opts);
                let after = token::convention_words(&out.text);
                let (b, a) = (
                    strsim::generic_levenshtein(&clean, &before),
                    strsim::generic_levenshtein(&clean, &after),
                );
                let n = clean.len();
                eb += b;
                ea += a;
                nn += n;
                println!(
                    "{}: 1-WER before {:.2}%, after {:.2}% ({} words; {} restored, {} low-confidence)",
                    pair[1],
                    100.0 * (1.0 - b as f64 / n as f64),
                    100.0 * (1.0 - a as f64 / n as f64),
                    n,
                    out.stats.restored,
                    out.stats.low_confidence
                );
            }
            println!(
                "ALL: 1-WER before {:.2}%, after {:.2}%",
                100.0 * (1.0 - eb as f64 / nn as f64),
                100.0 * (1.0 - ea as f64 / nn as f64)
            );
        }
        "diff" if args.len() == 2 => {
            let clean = token::convention_words(&read(&args[0]));
            let out = restorer.restore_text(&read(&args[1]), &opts);
            print_alignment(&clean, &token::convention_words(&out.text));
        }
        _ => eprintln!(
            "usage: restore_eval [--lexicon FILE] strip FILE... | ocr CLEAN OCR... | diff CLEAN OCR"
        ),
    }
}

/// Prints the edits of a minimum-edit-distance alignment of the restored words to the clean
/// ones, then the word error rate.
fn print_alignment(clean: &[String], after: &[String]) {
    let (n, m) = (clean.len(), after.len());
    let w = m + 1;
    let mut d = vec![0u32; (n + 1) * w];
    for (j, x) in d.iter_mut().enumerate().take(w) {
        *x = j as u32;
    }
    let sub = |i: usize, j: usize| u32::from(clean[i] != after[j]);
    for i in 1..=n {
        d[i * w] = i as u32;
        for j in 1..=m {
            d[i * w + j] = (d[(i - 1) * w + j - 1] + sub(i - 1, j - 1))
                .min(d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1);
        }
    }
    let ctx = |i: usize| clean[i.saturating_sub(2)..(i + 3).min(n)].join(" ");
    let (mut i, mut j) = (n, m);
    let mut ops = Vec::new();
    while i > 0 || j > 0 {
        if i > 0 && j > 0 && d[i * w + j] == d[(i - 1) * w + j - 1] + sub(i - 1, j - 1) {
            if clean[i - 1] != after[j - 1] {
                ops.push(format!(
                    "SUB {} -> {}   [{}]",
                    clean[i - 1],
                    after[j - 1],
                    ctx(i - 1)
                ));
            }
            i -= 1;
            j -= 1;
        } else if i > 0 && d[i * w + j] == d[(i - 1) * w + j] + 1 {
            ops.push(format!("DEL {}   [{}]", clean[i - 1], ctx(i - 1)));
            i -= 1;
        } else {
            ops.push(format!("INS {}", after[j - 1]));
            j -= 1;
        }
    }
    for o in ops.iter().rev() {
        println!("{o}");
    }
    println!(
        "{} errors / {} words: 1 - WER {:.2}%",
        d[n * w + m],
        n,
        100.0 * (1.0 - d[n * w + m] as f64 / n.max(1) as f64)
    );
}
