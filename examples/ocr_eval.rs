//! Word accuracy of OCR on scans made from born-digital PDFs (fixtures/ocr/make_scan.sh): the
//! born-digital PDF's text layer, read by vanban, is the truth; its scan is read with
//! `--ocr auto`. Both are taken whole, in reading order: the lines, and each table's cells row
//! by row where the table stands (a table's text is most of a plan; a metric over the lines
//! alone would not see it). Words are tokens with their punctuation trimmed, case-sensitive,
//! in the tone convention (so "hoà" against "hòa" is no error).
//!
//! Two figures per file, before and after restoration (`--restore auto` and the repair of
//! Tesseract-Vietnamese's tone confusions, as `convert` does):
//! - `1-WER`: one minus the word error rate, edits over the word sequence (order counts: a
//!   table read column by column instead of row by row is wrong for a reader);
//! - `bag`: the same with order ignored (the words in common as multisets), which isolates
//!   recognition from reading order.
//!
//! `--alone MODEL` also runs `tesseract` alone (`-l MODEL`, its default page segmentation, its
//! plain text) on each page's own image (`pdfimages -all`), scored the same way: what the
//! engine reads before anything of ours.
//!
//! `cargo run --release --example ocr_eval -- [--diff] [--alone vie] CLEAN.pdf SCAN.pdf [CLEAN.pdf SCAN.pdf]...`
//! `--diff` lists the words still wrong after restoration.

use std::collections::HashMap;
use std::process::Command;
use vanban::ingest::ocr::{OcrMode, OcrOptions};
use vanban::ingest::{ingest_with_ocr, Encoding, Ingested};
use vanban::restore::token;
use vanban::restore::tones::{word_edits, WordEdit};
use vanban::RestoreMode;

/// The words of what a reader returned, in reading order (each table before the line it is
/// anchored to, its cells row by row).
fn words(ingested: &Ingested) -> Vec<String> {
    let mut out = Vec::new();
    let mut grids = ingested.tables.iter().peekable();
    for i in 0..=ingested.lines.len() {
        while let Some(g) = grids.next_if(|g| g.anchor <= i) {
            for cell in &g.cells {
                out.extend(token::convention_words(&cell.text()));
            }
        }
        if let Some(l) = ingested.lines.get(i) {
            out.extend(token::convention_words(&l.text.replace('\t', " ")));
        }
    }
    out
}

fn read(path: &str, mode: OcrMode) -> Ingested {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let options = OcrOptions {
        mode,
        ..Default::default()
    };
    ingest_with_ocr(&bytes, path, Encoding::Auto, &options)
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Word errors with order (Levenshtein over the word sequence) and without (the words one side
/// has that the other lacks, as multisets: max of the two excesses).
fn errors(clean: &[String], got: &[String]) -> (usize, usize) {
    let ordered = strsim::generic_levenshtein(
        &clean.iter().collect::<Vec<_>>(),
        &got.iter().collect::<Vec<_>>(),
    );
    let mut count: HashMap<&str, i64> = HashMap::new();
    for w in clean {
        *count.entry(w).or_default() += 1;
    }
    for w in got {
        *count.entry(w).or_default() -= 1;
    }
    let missing: i64 = count.values().filter(|&&c| c > 0).sum();
    let extra: i64 = -count.values().filter(|&&c| c < 0).sum::<i64>();
    (ordered, missing.max(extra) as usize)
}

/// `tesseract` alone on each page's own image of `scan`: its plain text's words.
fn tesseract_alone(scan: &str, model: &str) -> Vec<String> {
    let dir = std::env::temp_dir().join(format!("ocr-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join("p");
    let ok = Command::new("pdfimages")
        .arg("-all")
        .arg(scan)
        .arg(&prefix)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "pdfimages -all {scan} failed (poppler-utils)");
    let mut images: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    images.sort();
    let mut out = Vec::new();
    for image in &images {
        let bytes = std::fs::read(image).unwrap();
        let text = cached(&bytes, model, || {
            let o = Command::new("tesseract")
                .arg(image)
                .args(["stdout", "-l", model])
                .env("OMP_THREAD_LIMIT", "1")
                .output()
                .expect("tesseract runs");
            assert!(
                o.status.success(),
                "tesseract failed on {}",
                image.display()
            );
            String::from_utf8_lossy(&o.stdout).into_owned()
        });
        out.extend(token::convention_words(&text));
    }
    let _ = std::fs::remove_dir_all(&dir);
    out
}

/// With `VANBAN_OCR_CACHE=DIR`, Tesseract's text for an image and model is kept there.
fn cached(image: &[u8], model: &str, run: impl FnOnce() -> String) -> String {
    use std::hash::Hasher;
    let Some(dir) = std::env::var_os("VANBAN_OCR_CACHE") else {
        return run();
    };
    let mut h = vanban::hash::FxHasher::default();
    h.write(image);
    h.write(model.as_bytes());
    let path = std::path::Path::new(&dir).join(format!("alone-{:016x}.txt", h.finish()));
    if let Ok(text) = std::fs::read_to_string(&path) {
        return text;
    }
    let text = run();
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(&path, &text);
    text
}

fn pct(errors: usize, n: usize) -> f64 {
    100.0 * (1.0 - errors as f64 / n.max(1) as f64)
}

/// The edits that turn `c` into `g` (a minimal alignment), listed: `a -> b`, `- a`, `+ b`.
fn list_diff(c: &[String], g: &[String]) {
    for edit in word_edits(c, g) {
        match edit {
            WordEdit::Same(_) => {}
            WordEdit::Substitute(a, b) => println!("  {a} -> {b}"),
            WordEdit::Delete(a) => println!("  - {a}"),
            WordEdit::Insert(b) => println!("  + {b}"),
        }
    }
}

#[derive(Default)]
struct Tally {
    n: usize,
    /// (ordered, bag) errors: tesseract alone, before restoration, after.
    alone: (usize, usize),
    before: (usize, usize),
    after: (usize, usize),
}

impl Tally {
    fn add(&mut self, other: &Tally) {
        self.n += other.n;
        for (a, b) in [
            (&mut self.alone, other.alone),
            (&mut self.before, other.before),
            (&mut self.after, other.after),
        ] {
            a.0 += b.0;
            a.1 += b.1;
        }
    }

    fn print(&self, name: &str, alone: bool) {
        let n = self.n;
        let alone = if alone {
            format!(
                "tesseract alone 1-WER {:.2}% bag {:.2}% | ",
                pct(self.alone.0, n),
                pct(self.alone.1, n)
            )
        } else {
            String::new()
        };
        println!(
            "{name}: {n} words | {alone}OCR 1-WER {:.2}% bag {:.2}% | after restoration 1-WER {:.2}% bag {:.2}%",
            pct(self.before.0, n),
            pct(self.before.1, n),
            pct(self.after.0, n),
            pct(self.after.1, n),
        );
    }
}

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let mut diff = false;
    let mut alone_model = None;
    while let Some(a) = args.first() {
        match a.as_str() {
            "--diff" => {
                diff = true;
                args.remove(0);
            }
            "--alone" if args.len() > 1 => {
                alone_model = Some(args[1].clone());
                args.drain(..2);
            }
            _ => break,
        }
    }
    let mut all = Tally::default();
    for pair in args.chunks(2) {
        let [clean_path, scan_path] = pair else {
            eprintln!("usage: ocr_eval [--diff] [--alone MODEL] CLEAN.pdf SCAN.pdf ...");
            std::process::exit(2);
        };
        let clean = words(&read(clean_path, OcrMode::Never));
        let mut scanned = read(scan_path, OcrMode::Auto);
        let before = words(&scanned);
        vanban::restore_ingested_text(&mut scanned, RestoreMode::Auto, None);
        let after = words(&scanned);
        let mut t = Tally {
            n: clean.len(),
            before: errors(&clean, &before),
            after: errors(&clean, &after),
            ..Default::default()
        };
        if let Some(model) = &alone_model {
            t.alone = errors(&clean, &tesseract_alone(scan_path, model));
        }
        t.print(scan_path, alone_model.is_some());
        if diff {
            list_diff(&clean, &after);
        }
        all.add(&t);
    }
    all.print("ALL", alone_model.is_some());
}
