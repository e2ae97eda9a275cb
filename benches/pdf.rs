//! PDF throughput in pages per second: our extraction (`extract_pages`), the full conversion
//! (`convert_bytes`), and pdftotext on the same files in the same run when it is installed.
//!
//!     cargo bench --bench pdf
//!
//! Besides criterion's report, the run ends with a summary line per file and the ratio of our
//! extraction to pdftotext ("ratio > 1" means faster than pdftotext). pdftotext is timed as a
//! process (`pdftotext FILE -`), which includes its start-up; the summary therefore also gives
//! the ratio with pdftotext's start-up (its time on a one-page file of 2 KB) subtracted.
//! `cargo bench --bench pdf -- none` skips criterion and prints only the summary.
//!
//! Whole-process time, as a user meets it: `vanban convert FILE` (restoration `never` and
//! `auto`: the lexicon's start-up is counted in the second) against `pdftotext FILE -` on every
//! PDF of a folder, interleaved round by round, medians per file:
//! `VANBAN_PDF_DIR=../shared/real/pdf cargo bench --bench pdf -- none` (default: fixtures/pdf/real).

use criterion::{Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const FILES: &[&str] = &[
    "bench-nq03-phuluc.pdf",
    "phuluc-landscape.pdf",
    "kh-vpubnd-portrait.pdf",
    "kh-haugiang-indicators.pdf",
];

fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/pdf")
        .join(name)
}

fn pages(bytes: &[u8]) -> u64 {
    vanban::ingest::pdf::extract_pages(bytes).map_or(1, |p| p.len() as u64)
}

fn have_pdftotext() -> bool {
    Command::new("pdftotext").arg("-v").output().is_ok()
}

fn pdftotext(p: &Path) {
    let out = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(p)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    black_box(out.stdout.len());
}

fn benches(c: &mut Criterion) {
    let options = vanban::ConvertOptions::default();
    for name in FILES {
        let bytes = std::fs::read(path(name)).unwrap();
        let n = pages(&bytes);
        let mut g = c.benchmark_group(format!("pdf/{name}"));
        g.throughput(Throughput::Elements(n));
        g.sample_size(20);
        g.bench_function("extract", |b| {
            b.iter(|| black_box(vanban::ingest::pdf::extract_pages(black_box(&bytes)).unwrap()))
        });
        g.bench_function("ingest", |b| {
            b.iter(|| black_box(vanban::ingest::ingest(black_box(&bytes), name).unwrap()))
        });
        g.bench_function("convert", |b| {
            b.iter(|| black_box(vanban::convert_bytes(name, black_box(&bytes), &options).unwrap()))
        });
        if have_pdftotext() {
            let p = path(name);
            g.bench_function("pdftotext", |b| b.iter(|| pdftotext(&p)));
        }
        g.finish();
    }
}

/// Median of `runs` timings of `f`, at least `min_total` of work.
fn median_time(mut f: impl FnMut(), min_total: Duration) -> Duration {
    let mut times = Vec::new();
    let start = Instant::now();
    while times.len() < 5 || start.elapsed() < min_total {
        let t = Instant::now();
        f();
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

fn summary() {
    let options = vanban::ConvertOptions::default();
    let tool = have_pdftotext();
    println!("\nPDF pages per second (median; single thread):");
    println!(
        "{:<28} {:>5} {:>12} {:>12} {:>12} {:>14}",
        "file", "pages", "extract", "convert", "pdftotext", "extract/pdftotext"
    );
    let startup = if tool {
        let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/hand/simple-fonts.pdf");
        median_time(|| pdftotext(&tiny), Duration::from_millis(1500)).as_secs_f64()
    } else {
        0.0
    };
    let (mut all_pages, mut all_ours, mut all_conv, mut all_tool) = (0u64, 0f64, 0f64, 0f64);
    for name in FILES {
        let bytes = std::fs::read(path(name)).unwrap();
        let n = pages(&bytes);
        let budget = Duration::from_millis(1500);
        let ours = median_time(
            || drop(black_box(vanban::ingest::pdf::extract_pages(&bytes))),
            budget,
        );
        let conv = median_time(
            || drop(black_box(vanban::convert_bytes(name, &bytes, &options))),
            budget,
        );
        let p = path(name);
        let theirs = tool.then(|| median_time(|| pdftotext(&p), budget));
        let pps = |d: Duration| n as f64 / d.as_secs_f64();
        all_pages += n;
        all_ours += ours.as_secs_f64();
        all_conv += conv.as_secs_f64();
        all_tool += theirs.map_or(0.0, |d| d.as_secs_f64());
        println!(
            "{:<28} {:>5} {:>12.1} {:>12.1} {:>12} {:>14}",
            name,
            n,
            pps(ours),
            pps(conv),
            theirs.map_or("-".into(), |d| format!("{:.1}", pps(d))),
            theirs.map_or("-".into(), |d| format!(
                "{:.2}",
                d.as_secs_f64() / ours.as_secs_f64()
            )),
        );
    }
    if tool {
        println!(
            "{:<28} {:>5} {:>12.1} {:>12.1} {:>12.1} {:>14.2}",
            "all files",
            all_pages,
            all_pages as f64 / all_ours,
            all_pages as f64 / all_conv,
            all_pages as f64 / all_tool,
            all_tool / all_ours
        );
        let files = FILES.len() as f64;
        println!(
            "pdftotext start-up {:.2} ms; without it: {:.1} pages/s, ratio extract/pdftotext {:.2}",
            startup * 1000.0,
            all_pages as f64 / (all_tool - files * startup).max(1e-9),
            (all_tool - files * startup).max(0.0) / all_ours
        );
    }
}

/// Median of each command's wall time over `rounds` rounds, the commands taking turns.
fn paired(commands: &[Command], rounds: usize) -> Vec<Duration> {
    let mut cmds: Vec<Command> = commands
        .iter()
        .map(|c| {
            let mut n = Command::new(c.get_program());
            n.args(c.get_args());
            n.stdout(std::process::Stdio::null());
            n.stderr(std::process::Stdio::null());
            n
        })
        .collect();
    let mut times = vec![Vec::new(); cmds.len()];
    for _ in 0..rounds {
        for (k, c) in cmds.iter_mut().enumerate() {
            let t = Instant::now();
            let _ = c.status();
            times[k].push(t.elapsed());
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

fn whole_process() {
    if !have_pdftotext() {
        println!("pdftotext not found: no whole-process comparison");
        return;
    }
    let dir = std::env::var("VANBAN_PDF_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/real"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    files.sort();
    let rounds: usize = std::env::var("VANBAN_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7);
    let bin = env!("CARGO_BIN_EXE_vanban");
    println!(
        "\nWhole process, median of {rounds} interleaved rounds (ms), {}:",
        dir.display()
    );
    println!(
        "{:<62} {:>10} {:>10} {:>10}",
        "file", "never", "auto", "pdftotext"
    );
    let mut sums = [0f64; 3];
    for f in &files {
        let mut never = Command::new(bin);
        never.args(["convert", "--restore", "never"]).arg(f);
        let mut auto = Command::new(bin);
        auto.arg("convert").arg(f);
        let mut tool = Command::new("pdftotext");
        tool.args(["-enc", "UTF-8"]).arg(f).arg("-");
        let t = paired(&[never, auto, tool], rounds);
        for (s, d) in sums.iter_mut().zip(&t) {
            *s += d.as_secs_f64() * 1000.0;
        }
        println!(
            "{:<62} {:>10.1} {:>10.1} {:>10.1}",
            f.file_name().unwrap().to_string_lossy(),
            t[0].as_secs_f64() * 1000.0,
            t[1].as_secs_f64() * 1000.0,
            t[2].as_secs_f64() * 1000.0
        );
    }
    println!(
        "{:<62} {:>10.1} {:>10.1} {:>10.1}",
        "all files", sums[0], sums[1], sums[2]
    );
    println!(
        "time / pdftotext's: never {:.2}, auto {:.2}",
        sums[0] / sums[2],
        sums[1] / sums[2]
    );
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c);
    c.final_summary();
    summary();
    whole_process();
}
