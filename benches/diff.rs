//! Diff time: the real cases (03/NQ-CP's 140 tasks against An Giang's 76 table rows, and against
//! Hậu Giang's 45 prose bullets, aligned clause by clause with the resolution's body), the three
//! reports, and 2,000 × 2,000 synthetic tasks made by recombining the halves of real task texts.
//! `cargo bench --bench diff`

use criterion::{criterion_group, criterion_main, Criterion};
use std::path::Path;
use vanban::diff::{diff, render_html, render_markdown, render_xlsx, Lang};
use vanban::{convert_bytes, ConvertOptions, Document};

fn load(rel: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel);
    let bytes = std::fs::read(&path).unwrap();
    convert_bytes(rel, &bytes, &ConvertOptions::default()).unwrap()
}

/// A plan of `n` task rows whose names join the first half of one real task and the second half
/// of another, with real leads and deadlines.
fn synthetic(n: usize, seed: usize, names: &[String], leads: &[String]) -> Document {
    let mut text = String::from("KẾ HOẠCH\nThử nghiệm\nPHỤ LỤC\nDANH MỤC NHIỆM VỤ\n");
    text.push_str(
        "TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n",
    );
    let deadlines = ["6/2025", "2025", "Quý II/2026", "Thường xuyên", "2025-2030"];
    for k in 0..n {
        if k % 300 == 0 {
            text.push_str(&format!(
                "{}. | Nhóm nhiệm vụ {}\n",
                vanban::layout::to_roman((k / 300 + 1) as u32),
                k / 300 + 1
            ));
        }
        let a: Vec<&str> = names[(k * 7 + seed) % names.len()]
            .split_whitespace()
            .collect();
        let b: Vec<&str> = names[(k * 13 + seed * 3 + 5) % names.len()]
            .split_whitespace()
            .collect();
        let name = format!(
            "{} {}",
            a[..a.len() / 2].join(" "),
            b[b.len() / 2..].join(" ")
        );
        text.push_str(&format!(
            "{}. | {} | {} | Các sở, ban, ngành, địa phương | {}\n",
            k + 1,
            name,
            leads[(k + seed) % leads.len()],
            deadlines[(k + seed) % deadlines.len()]
        ));
    }
    convert_bytes("synthetic.txt", text.as_bytes(), &ConvertOptions::default()).unwrap()
}

fn bench(c: &mut Criterion) {
    let base = load("reference/nq03_NQ-CP_2025_full.txt");
    let other = load("seeds/angiang-ubnd-kh181-nq03.txt");
    let mut g = c.benchmark_group("diff");
    g.sample_size(10);
    g.bench_function("03_NQ-CP_140_x_kh181_76", |b| {
        b.iter(|| diff(&base, &other))
    });
    let prose = load("seeds/haugiang-ubnd-kh-nq03.txt");
    g.bench_function("03_NQ-CP_140_x_haugiang_45_prose", |b| {
        b.iter(|| diff(&base, &prose))
    });
    let report = diff(&base, &other);
    g.bench_function("reports_md_html_xlsx_kh181", |b| {
        b.iter(|| {
            let md = render_markdown(&report, Lang::Vi);
            let html = render_html(&report, Lang::Vi);
            let xlsx = render_xlsx(&report, Lang::Vi).unwrap();
            md.len() + html.len() + xlsx.len()
        })
    });
    let names: Vec<String> = base
        .tasks
        .iter()
        .chain(&other.tasks)
        .map(|t| t.name.clone())
        .collect();
    let leads: Vec<String> = base
        .tasks
        .iter()
        .filter_map(|t| t.lead.agencies.first().cloned())
        .collect();
    let big_base = synthetic(2000, 0, &names, &leads);
    let big_other = synthetic(2000, 1, &names, &leads);
    eprintln!(
        "synthetic tasks: {} × {}",
        big_base.tasks.len(),
        big_other.tasks.len()
    );
    g.bench_function("synthetic_2000_x_2000", |b| {
        b.iter(|| diff(&big_base, &big_other))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
