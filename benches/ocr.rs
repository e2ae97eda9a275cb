//! OCR'd conversion against Tesseract alone, in pages per second, in the same run.
//!
//! Each scan's page images are written out as a user would OCR them: the page's own image at its
//! own resolution, upright as the page shows it (`ocr::page_images`), not what vanban hands
//! Tesseract (rulings erased, a table's cells stacked: that work is vanban's cost). Then, in
//! interleaved rounds, the same pages are read (a) by running plain `tesseract PAGE - -l vie`
//! (its default page segmentation; the resolution given, as a PNG would) on those image files,
//! one process per page, and (b) by converting the PDFs with vanban (`--ocr auto`: image
//! extraction, rulings, Tesseract, placing words, layout, parsing), on one core and on two.
//! Medians of the rounds; the ratio (b)/(a) is the figure.
//!
//! Given one scan of several pages, the two-core figure is the pages of one document read in
//! parallel. CPU seconds (this process and the tesseract processes) are printed beside wall
//! time: on a loaded machine they are the steadier figure.
//!
//! `cargo bench --bench ocr -- [--rounds N] [SCAN.pdf...]` (default: the scans of fixtures/ocr).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;
use vanban::ingest::ocr::{self, tesseract};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

struct Page {
    image: PathBuf,
    dpi: u32,
}

/// CPU seconds (user and system) of this process and of the children it has waited for
/// (the tesseract processes).
fn cpu_seconds() -> f64 {
    let secs = |who| {
        // SAFETY: getrusage writes into the struct it is given and nothing else.
        let mut u: libc::rusage = unsafe { std::mem::zeroed() };
        unsafe { libc::getrusage(who, &mut u) };
        let t = |v: libc::timeval| v.tv_sec as f64 + v.tv_usec as f64 / 1e6;
        t(u.ru_utime) + t(u.ru_stime)
    };
    secs(libc::RUSAGE_SELF) + secs(libc::RUSAGE_CHILDREN)
}

/// Wall and CPU seconds of `f`.
fn timed(f: impl FnOnce()) -> (f64, f64) {
    let (t, c) = (Instant::now(), cpu_seconds());
    f();
    (t.elapsed().as_secs_f64(), cpu_seconds() - c)
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

fn tesseract_alone(pages: &[Page], model: &str, threads: usize) -> (f64, f64) {
    timed(|| {
        run_parallel(pages, threads, |p| {
            let out = Command::new("tesseract")
                .arg(&p.image)
                .args(["stdout", "-l", model, "--dpi"])
                .arg(p.dpi.to_string())
                .env("OMP_THREAD_LIMIT", "1")
                .output()
                .expect("tesseract runs");
            assert!(out.status.success() && !out.stdout.is_empty());
        })
    })
}

/// Converts the documents on a pool of `threads`: documents, and the pages of each, in
/// parallel.
fn vanban(docs: &[(String, Vec<u8>)], threads: usize) -> (f64, f64) {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    timed(|| {
        pool.install(|| {
            use rayon::prelude::*;
            docs.par_iter().for_each(|(name, bytes)| {
                let doc = vanban::convert_bytes(name, bytes, &Default::default())
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(!doc.source.pages_detail.is_empty());
            });
        })
    })
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
        for (i, image) in images.iter().enumerate() {
            let file = tmp.join(format!("{}-{i}.pgm", docs.len()));
            std::fs::write(&file, image.gray.to_pgm()).unwrap();
            pages.push(Page {
                image: file,
                dpi: image.dpi().round() as u32,
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
    // (wall, CPU) seconds per round: tesseract alone and vanban, one thread and two.
    let mut runs: [Vec<(f64, f64)>; 4] = Default::default();
    for _ in 0..rounds {
        runs[0].push(tesseract_alone(&pages, engine.model, 1));
        runs[1].push(vanban(&docs, 1));
        runs[2].push(tesseract_alone(&pages, engine.model, 2));
        runs[3].push(vanban(&docs, 2));
    }
    let [t1, v1, t2, v2] = runs.map(|r| {
        (
            median(r.iter().map(|x| x.0).collect()),
            median(r.iter().map(|x| x.1).collect()),
        )
    });
    for (cores, t, v) in [("one core: ", t1, v1), ("two cores:", t2, v2)] {
        println!(
            "{cores} tesseract alone {:.3} pages/s ({:.2} s CPU/page), vanban {:.3} pages/s ({:.2} s CPU/page): vanban takes {:.1} % of tesseract's speed",
            n / t.0,
            t.1 / n,
            n / v.0,
            v.1 / n,
            100.0 * t.0 / v.0
        );
    }
    println!(
        "two cores / one core, wall: vanban {:.2}x, tesseract alone {:.2}x",
        v1.0 / v2.0,
        t1.0 / t2.0
    );
    let _ = std::fs::remove_dir_all(&tmp);
}
