//! Restoration speed (MB/s on one core), lexicon size and load time.
//! `cargo bench --bench restore`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;
use vanban::restore::{self, RestoreMode, RestoreOptions, Restorer, DEFAULT_LEXICON};

const DOCS: &[&str] = &[
    include_str!("../fixtures/restore/heldout/kien_truc.txt"),
    include_str!("../fixtures/restore/heldout/quy_hoach_do_thi.txt"),
    include_str!("../fixtures/restore/heldout/nq71_trich.txt"),
    include_str!("../fixtures/restore/heldout/angiang-sxd-kh-nq71.txt"),
    include_str!("../fixtures/restore/heldout/angiang-vpubnd-kh-nq71.txt"),
    include_str!("../fixtures/restore/heldout/haugiang-ubnd-kh-nq03.txt"),
];
const OCR: &[&str] = &[
    include_str!("../fixtures/restore/heldout/angiang-sxd-kh-nq71.ocr.txt"),
    include_str!("../fixtures/restore/heldout/kien_truc.ocr.txt"),
    include_str!("../fixtures/restore/heldout/quy_hoach_do_thi.ocr.txt"),
    include_str!("../fixtures/restore/heldout/nq71_trich.ocr.txt"),
];

fn bench(c: &mut Criterion) {
    eprintln!("lexicon: {} bytes", DEFAULT_LEXICON.len());
    let mut g = c.benchmark_group("lexicon");
    g.sample_size(20);
    g.bench_function("load", |b| {
        b.iter(|| restore::load_lexicon(black_box(DEFAULT_LEXICON)).unwrap())
    });
    g.finish();

    let r = Restorer::embedded();
    let clean = DOCS.join("\n");
    let stripped = vanban::text::strip_diacritics(&clean);
    let ocr = OCR.join("\n");
    let auto = RestoreOptions::default();
    let always = RestoreOptions {
        mode: RestoreMode::Always,
        ..Default::default()
    };
    let mut g = c.benchmark_group("restore");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(stripped.len() as u64));
    g.bench_function("stripped", |b| {
        b.iter(|| r.restore_text(black_box(&stripped), &auto))
    });
    g.throughput(Throughput::Bytes(ocr.len() as u64));
    g.bench_function("ocr", |b| b.iter(|| r.restore_text(black_box(&ocr), &auto)));
    g.throughput(Throughput::Bytes(clean.len() as u64));
    g.bench_function("clean_auto", |b| {
        b.iter(|| r.restore_text(black_box(&clean), &auto))
    });
    g.bench_function("clean_always", |b| {
        b.iter(|| r.restore_text(black_box(&clean), &always))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
