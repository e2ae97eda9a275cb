//! Measures restoration (see data/LEXICON.md, "Figures"):
//!   restore_eval [--lexicon FILE] strip FILE...      syllable accuracy on stripped text
//!   restore_eval [--lexicon FILE] ocr CLEAN OCR...    1 − WER before and after restoration
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
        Restorer::default_shared()
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
                for (i, (x, y)) in a.iter().zip(&b).enumerate() {
                    if x.chars().any(|c| c.is_alphabetic()) {
                        n += 1;
                        if x == y {
                            ok += 1;
                        } else if errs.len() < 400 {
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
        _ => eprintln!("usage: restore_eval [--lexicon FILE] strip FILE... | ocr CLEAN OCR..."),
    }
}
