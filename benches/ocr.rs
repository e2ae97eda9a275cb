//! OCR'd conversion against Tesseract alone, in pages per second, in the same run.
//!
//! Each scan's page images are written out as OCR hands them to Tesseract (the page's own image,
//! rulings erased; `ocr::page_images`). Then, in interleaved rounds, the same pages are read
//! (a) by running `tesseract` alone on those image files, one process per page as a user
//! would, with the same model and page segmentation, and (b) by converting the PDFs with
//! vanban (`--ocr auto`: image extraction, Tesseract, placing words, rulings, layout, parsing),
//! on one core and on two. Medians of the rounds; the ratio (b)/(a) is the figure.
//!
//! `cargo bench --bench ocr -- [--rounds N] [SCAN.pdf...]` (default: the scans of fixtures/ocr).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use vanban::ingest::ocr::{self, tesseract, Segmentation};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Page {
    image: PathBuf,
    dpi: u32,
    psm: &'static str,
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Runs `jobs` at a time, each taking the next item.
fn run_parallel<T: Sync>(items: &[T], threads: usize, f: impl Fn(&T) + Sync) {
    let next = std::sync::atomic::AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(item) = items.get(i) else { break };
                f(item);
            });
        }
    });
}

fn tesseract_alone(pages: &[Page], model: &str, threads: usize) -> f64 {
    let t = Instant::now();
    run_parallel(pages, threads, |p| {
        let out = Command::new("tesseract")
            .arg(&p.image)
            .args(["stdout", "-l", model, "--psm", p.psm, "--dpi"])
            .arg(p.dpi.to_string())
            .arg("hocr")
            .env("OMP_THREAD_LIMIT", "1")
            .output()
            .expect("tesseract runs");
        assert!(out.status.success() && !out.stdout.is_empty());
    });
    t.elapsed().as_secs_f64()
}

fn vanban(docs: &[(String, Vec<u8>)], threads: usize) -> f64 {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    let t = Instant::now();
    pool.install(|| {
        use rayon::prelude::*;
        docs.par_iter().for_each(|(name, bytes)| {
            let doc = vanban::convert_bytes(name, bytes, &Default::default())
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(!doc.source.pages_detail.is_empty());
        });
    });
    t.elapsed().as_secs_f64()
}

fn main() {
    let mut args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let mut rounds = 3;
    if let Some(i) = args.iter().position(|a| a == "--rounds") {
        rounds = args[i + 1].parse().expect("--rounds N");
        args.drain(i..i + 2);
    }
    let engine = match tesseract::engine() {
        Ok(e) => e,
        Err(e) => {
            eprintln!("ocr bench skipped: {e}");
            return;
        }
    };
    let inputs: Vec<PathBuf> = if args.is_empty() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ocr");
        [
            "kh-vpubnd-p1-scan.pdf",
            "phuluc-p1-scan.pdf",
            "lamdong-ubnd-GM-560-GM-UBND-2025-scan-ocr.pdf",
            "lamdong-congan-TTr-298-adobescan-badfont-reduced.pdf",
        ]
        .iter()
        .map(|f| dir.join(f))
        .collect()
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    let tmp = std::env::temp_dir().join(format!("vanban-ocr-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let mut pages = Vec::new();
    let mut docs = Vec::new();
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let images = ocr::page_images(&bytes, Default::default()).expect("page images");
        for (i, (image, segmentation)) in images.iter().enumerate() {
            let file = tmp.join(format!("{}-{i}.pgm", docs.len()));
            std::fs::write(&file, image.gray.to_pgm()).unwrap();
            pages.push(Page {
                image: file,
                dpi: image.dpi().round() as u32,
                psm: match segmentation {
                    Segmentation::Block => "6",
                    _ => "3",
                },
            });
        }
        docs.push((path.display().to_string(), bytes));
    }
    let n = pages.len() as f64;
    println!(
        "{} documents, {} pages, model {}, {rounds} rounds (interleaved; medians)",
        docs.len(),
        pages.len(),
        engine.model
    );
    let (mut t1, mut v1, mut t2, mut v2) = (vec![], vec![], vec![], vec![]);
    for _ in 0..rounds {
        t1.push(tesseract_alone(&pages, engine.model, 1));
        v1.push(vanban(&docs, 1));
        t2.push(tesseract_alone(&pages, engine.model, 2));
        v2.push(vanban(&docs, 2));
    }
    let (t1, v1, t2, v2) = (median(t1), median(v1), median(t2), median(v2));
    println!("one core:  tesseract alone {:.3} pages/s, vanban {:.3} pages/s: vanban takes {:.1} % of tesseract's speed", n / t1, n / v1, 100.0 * t1 / v1);
    println!("two cores: tesseract alone {:.3} pages/s, vanban {:.3} pages/s: vanban takes {:.1} % of tesseract's speed", n / t2, n / v2, 100.0 * t2 / v2);
    println!("vanban two cores / one core: {:.2}x", v1 / v2);
    let _ = std::fs::remove_dir_all(&tmp);
}
