//! Word-level differences of restored OCR text from its clean twin (data/LEXICON.md):
//!   restore_diff [--lexicon FILE] CLEAN OCR
//! prints one line per substituted (SUB clean -> restored [context]), missing (DEL) or extra
//! (INS) word of an alignment of minimum edit distance, the words compared as restore_eval does.

use vanban::restore::{self, token, RestoreOptions, Restorer};

fn read(p: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    String::from_utf8_lossy(&std::fs::read(p).expect("read"))
        .nfc()
        .collect()
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let restorer: &Restorer = if args.first().map(|s| s.as_str()) == Some("--lexicon") {
        let bytes = std::fs::read(&args[1]).expect("lexicon");
        args.drain(..2);
        Box::leak(Box::new(restore::load_lexicon(&bytes).expect("load")))
    } else {
        Restorer::default_shared()
    };
    if args.len() != 2 {
        eprintln!("usage: restore_diff [--lexicon FILE] CLEAN OCR");
        std::process::exit(2);
    }
    let clean = token::convention_words(&read(&args[0]));
    let out = restorer.restore_text(&read(&args[1]), &RestoreOptions::default());
    let after = token::convention_words(&out.text);
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
