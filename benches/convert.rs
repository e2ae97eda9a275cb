//! Conversion throughput over a corpus of 1,200 documents built from the fixtures (the clean
//! seeds, the reference texts and our own documents, each copy with its own number so no two
//! are identical), on one core and on all cores. Text here needs no restoration.
//!
//! `cargo bench --bench convert`; prints MB/s (criterion's throughput) and the peak resident
//! memory of the benchmark process after the run.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;
use std::path::Path;
use vanban::{convert_bytes, ConvertOptions};

/// The binary's allocator (src/main.rs), so that these figures are what `vanban convert` does.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const DOCUMENTS: usize = 1200;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut sources = Vec::new();
    for dir in ["seeds", "reference", "own"] {
        let Ok(rd) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut names: Vec<_> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        for p in names {
            let name = p.to_string_lossy().into_owned();
            // The OCR seed needs restoration: not part of this measurement.
            if name.ends_with(".txt") && !name.ends_with(".ocr.txt") {
                sources.push(std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    (0..DOCUMENTS)
        .map(|k| {
            let text =
                sources[k % sources.len()].replacen("2025", &format!("{}", 2000 + k % 50), 1);
            (format!("doc{k}.txt"), text.into_bytes())
        })
        .collect()
}

fn convert_all(docs: &[(String, Vec<u8>)]) -> usize {
    let options = ConvertOptions::default();
    docs.par_iter()
        .map(|(name, bytes)| {
            convert_bytes(name, bytes, &options)
                .map(|d| d.sections.len())
                .unwrap_or(0)
        })
        .sum()
}

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(|d| d.1.len()).sum();
    eprintln!(
        "corpus: {} documents, {:.1} MB",
        docs.len(),
        bytes as f64 / 1e6
    );
    let mut group = c.benchmark_group("convert_1200_documents");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    group.bench_function("one_core", |b| {
        b.iter(|| one.install(|| convert_all(&docs)))
    });
    let all = rayon::ThreadPoolBuilder::new().build().unwrap();
    let cores = all.current_num_threads();
    group.bench_function(format!("all_cores_{cores}"), |b| {
        b.iter(|| all.install(|| convert_all(&docs)))
    });
    group.finish();
    if let Some(kib) = peak_rss_kib() {
        eprintln!(
            "peak resident memory of the benchmark process: {:.1} MiB",
            kib as f64 / 1024.0
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
