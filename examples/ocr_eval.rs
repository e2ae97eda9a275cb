//! Word accuracy of OCR on scans made from born-digital PDFs (fixtures/ocr/make_scan.sh): the
//! born-digital PDF's text layer, read by vanban, is the truth; its scan is read with
//! `--ocr auto`. 1 − WER per page pair (word tokens, punctuation trimmed, case-sensitive, tone
//! convention), before and after diacritic restoration (`--restore auto`, with the repair of
//! Tesseract-Vietnamese's tone confusions).
//! `cargo run --release --example ocr_eval -- [--diff] CLEAN.pdf SCAN.pdf [CLEAN.pdf SCAN.pdf]...`
//! `--diff` lists the words still wrong after restoration.

use vanban::ingest::ocr::{OcrMode, OcrOptions};
use vanban::ingest::{ingest_with_ocr, Encoding, Line};
use vanban::restore::{repair_ocr_tones, restore_lines, token, RestoreMode};

fn pages(lines: &[Line]) -> Vec<Vec<String>> {
    let n = lines.iter().map(|l| l.page).max().unwrap_or(0) as usize;
    let mut text = vec![String::new(); n];
    for l in lines {
        let t = &mut text[l.page as usize - 1];
        t.push_str(&l.text.replace('\t', " "));
        t.push('\n');
    }
    text.iter().map(|t| token::convention_words(t)).collect()
}

fn read(path: &str, mode: OcrMode) -> Vec<Line> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let options = OcrOptions {
        mode,
        ..Default::default()
    };
    ingest_with_ocr(&bytes, path, Encoding::Auto, &options)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
        .lines
}

fn errors(clean: &[Vec<String>], got: &[Vec<String>]) -> usize {
    let empty = Vec::new();
    clean
        .iter()
        .enumerate()
        .map(|(i, c)| strsim::generic_levenshtein(c, got.get(i).unwrap_or(&empty)))
        .sum()
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let diff = args.first().is_some_and(|a| a == "--diff");
    if diff {
        args.remove(0);
    }
    let (mut n_all, mut before_all, mut after_all) = (0usize, 0usize, 0usize);
    for pair in args.chunks(2) {
        let [clean_path, scan_path] = pair else {
            eprintln!("usage: ocr_eval [--diff] CLEAN.pdf SCAN.pdf ...");
            std::process::exit(2);
        };
        let clean = pages(&read(clean_path, OcrMode::Never));
        let scanned = read(scan_path, OcrMode::Auto);
        let before = pages(&scanned);
        let (mut restored, _) = restore_lines(scanned, RestoreMode::Auto, None);
        // Every page of a scan is OCR'd: Tesseract-Vietnamese's tone confusions too (`convert`
        // does this on the pages `source.pages_detail` says were OCR'd).
        repair_ocr_tones(&mut restored.iter_mut().collect::<Vec<_>>());
        let after = pages(&restored);
        let n: usize = clean.iter().map(Vec::len).sum();
        let (b, a) = (errors(&clean, &before), errors(&clean, &after));
        n_all += n;
        before_all += b;
        after_all += a;
        println!(
            "{scan_path}: {n} words, 1-WER OCR {:.2}%, after restoration {:.2}%",
            100.0 * (1.0 - b as f64 / n.max(1) as f64),
            100.0 * (1.0 - a as f64 / n.max(1) as f64)
        );
        if diff {
            for (c, g) in clean.iter().zip(&after) {
                let (mut i, mut j) = (0, 0);
                // A cheap listing: words of one side the other lacks, in order.
                while i < c.len() && j < g.len() {
                    if c[i] == g[j] {
                        i += 1;
                        j += 1;
                    } else if g[j..].iter().take(4).any(|w| *w == c[i]) {
                        println!("  + {}", g[j]);
                        j += 1;
                    } else if c[i..].iter().take(4).any(|w| *w == g[j]) {
                        println!("  - {}", c[i]);
                        i += 1;
                    } else {
                        println!("  {} -> {}", c[i], g[j]);
                        i += 1;
                        j += 1;
                    }
                }
            }
        }
    }
    println!(
        "ALL: {n_all} words, 1-WER OCR {:.2}%, after restoration {:.2}%",
        100.0 * (1.0 - before_all as f64 / n_all.max(1) as f64),
        100.0 * (1.0 - after_all as f64 / n_all.max(1) as f64)
    );
}
