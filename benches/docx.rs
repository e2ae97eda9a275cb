//! .docx conversion in documents per second against `pandoc -t plain` on the same files, in the
//! same run, measurements interleaved (one round of each tool in turn) so that a busy machine
//! slows both alike.
//!
//!     cargo bench --bench docx            # criterion, then the summary
//!     cargo bench --bench docx -- none    # the summary only
//!
//! Four figures per file: the Word reader alone (`ingest`: lines and grids), vanban's whole
//! conversion in the process (`convert_bytes`: read, restore, layout, parse, normalize — the JSON
//! document, not just text), the `vanban convert` binary as a process (start-up included, as
//! pandoc's is), and pandoc. The ratios are vanban's conversion over pandoc in documents per
//! second ("> 1": vanban is faster).

use criterion::{Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Distinct documents: the made ones and the real ones among the fixtures.
const FILES: &[&str] = &[
    "made-kh-chuyendoiso.docx",
    "made-qd-heading-styles.docx",
    "real/binhthuan-snv-TTr-2114-TTr-SNV-2025.docx",
    "real/lamdong-bcd-BC-de-an-06-cds-2026-03.docx",
    "real/lamdong-ubnd-KH-cchc-2026.docx",
    "real/lamdong-ubnd-KH-cchc-2026-2030.docx",
    "real/lamdong-ubnd-KH-tuyentruyen-cchc-2026.docx",
];

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/word")
        .join(name)
}

fn have_pandoc() -> bool {
    Command::new("pandoc").arg("--version").output().is_ok()
}

fn pandoc(p: &Path) {
    let out = Command::new("pandoc")
        .args(["-f", "docx", "-t", "plain"])
        .arg(p)
        .stderr(Stdio::null())
        .output()
        .expect("pandoc runs");
    assert!(out.status.success());
    black_box(out.stdout.len());
}

/// The release binary next to this bench, if it was built (`cargo build --release`).
fn vanban_binary() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let dir = exe.parent()?.parent()?;
    let bin = dir.join(format!("vanban{}", std::env::consts::EXE_SUFFIX));
    bin.is_file().then_some(bin)
}

fn vanban_process(bin: &Path, p: &Path) {
    let out = Command::new(bin)
        .arg("convert")
        .arg(p)
        .stderr(Stdio::null())
        .output()
        .expect("vanban runs");
    assert!(out.status.success());
    black_box(out.stdout.len());
}

fn benches(c: &mut Criterion) {
    let options = vanban::ConvertOptions::default();
    let mut g = c.benchmark_group("docx");
    g.throughput(Throughput::Elements(1));
    g.sample_size(20);
    for name in FILES {
        let bytes = std::fs::read(path(name)).unwrap();
        g.bench_function(format!("convert/{name}"), |b| {
            b.iter(|| black_box(vanban::convert_bytes(name, black_box(&bytes), &options).unwrap()))
        });
    }
    g.finish();
}

/// Medians of interleaved rounds of several measurements, at least `min_total` in all.
fn interleaved_medians(fs: &mut [&mut dyn FnMut()], min_total: Duration) -> Vec<Duration> {
    let mut times: Vec<Vec<Duration>> = vec![Vec::new(); fs.len()];
    let start = Instant::now();
    while times[0].len() < 7 || start.elapsed() < min_total {
        for (f, t) in fs.iter_mut().zip(times.iter_mut()) {
            let at = Instant::now();
            f();
            t.push(at.elapsed());
        }
    }
    times
        .into_iter()
        .map(|mut t| {
            t.sort();
            t[t.len() / 2]
        })
        .collect()
}

fn summary() {
    let options = vanban::ConvertOptions::default();
    if !have_pandoc() {
        println!("pandoc is not installed (Debian: apt-get install pandoc): no comparison");
        return;
    }
    let bin = vanban_binary();
    if bin.is_none() {
        println!("(no release binary: `cargo build --release` to time vanban as a process too)");
    }
    println!("\n.docx documents per second (median of interleaved rounds; one thread):");
    println!(
        "{:<48} {:>6} {:>9} {:>9} {:>9} {:>9} {:>9}",
        "file", "KiB", "ingest", "convert", "process", "pandoc", "ratio"
    );
    let mut totals = [0f64; 4];
    for name in FILES {
        let bytes = std::fs::read(path(name)).unwrap();
        let p = path(name);
        let mut read = || drop(black_box(vanban::ingest::ingest(&bytes, name)));
        let mut ours = || drop(black_box(vanban::convert_bytes(name, &bytes, &options)));
        let mut theirs = || pandoc(&p);
        let mut process = || {
            if let Some(b) = &bin {
                vanban_process(b, &p)
            }
        };
        let t = interleaved_medians(
            &mut [&mut ours, &mut process, &mut theirs, &mut read],
            Duration::from_secs(3),
        );
        let secs: Vec<f64> = t.iter().map(Duration::as_secs_f64).collect();
        for (total, s) in totals.iter_mut().zip(&secs) {
            *total += s;
        }
        println!(
            "{:<48} {:>6} {:>9.1} {:>9.1} {:>9} {:>9.1} {:>9.1}",
            name,
            bytes.len() / 1024,
            1.0 / secs[3],
            1.0 / secs[0],
            bin.as_ref()
                .map_or("-".into(), |_| format!("{:.1}", 1.0 / secs[1])),
            1.0 / secs[2],
            secs[2] / secs[0],
        );
    }
    let n = FILES.len() as f64;
    println!(
        "all {} documents: reader {:.1} docs/s; vanban {:.1} docs/s in process ({:.1} as a \
         process), pandoc {:.1} docs/s; ratio vanban/pandoc {:.1} in process, {} as a process",
        FILES.len(),
        n / totals[3],
        n / totals[0],
        if bin.is_some() {
            n / totals[1]
        } else {
            f64::NAN
        },
        n / totals[2],
        totals[2] / totals[0],
        bin.as_ref()
            .map_or("-".into(), |_| format!("{:.1}", totals[2] / totals[1])),
    );
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let summary_only = std::env::args().any(|a| a == "none");
    if !summary_only {
        benches(&mut c);
        c.final_summary();
    }
    summary();
}
