//! Appendix-table throughput: a synthetic plan whose Phụ lục holds 10,000 task rows, once as
//! text extracted from a PDF (each row's cells one after the other, wrapped at the column widths,
//! a short cell sometimes sharing a line with the next, group rows, a page number and the
//! repeated header after every page break, some rows cut by the break) and once as pipe rows.
//!
//! `cargo bench --bench tables`; criterion reports elements/s (one element = one task row), and
//! the bench prints rows/s of a timed run and how many rows the parser found.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::time::Instant;
use vanban::{convert_bytes, ConvertOptions};

const ROWS_DEFAULT: usize = 10_000;

/// `VANBAN_TABLE_ROWS=1000 cargo bench --bench tables` to see how the time grows with the rows.
fn rows_n() -> usize {
    std::env::var("VANBAN_TABLE_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(ROWS_DEFAULT)
}
const ROWS_PER_PAGE: usize = 7;
const ROWS_PER_GROUP: usize = 250;

const PREAMBLE: &str = "ỦY BAN NHÂN DÂN\nTỈNH VĨNH LONG\nSố: 96/KH-UBND\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nVĩnh Long, ngày 12 tháng 5 năm 2025\n\nKẾ HOẠCH\nPhát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số năm 2025\n\nI. MỤC ĐÍCH, YÊU CẦU\nCụ thể hóa các nhiệm vụ của Nghị quyết số 57-NQ/TW.\nII. NHIỆM VỤ\nChi tiết tại Phụ lục kèm theo.\n";
const CAPTION: &str = "PHỤ LỤC\nDANH MỤC NHIỆM VỤ\n(Kèm theo Kế hoạch số 96/KH-UBND ngày 12 tháng 5 năm 2025 của UBND tỉnh Vĩnh Long)\n";

const VERBS: [&str; 6] = [
    "Xây dựng",
    "Triển khai",
    "Rà soát, hoàn thiện",
    "Tổ chức",
    "Nâng cấp",
    "Đánh giá",
];
const OBJECTS: [&str; 6] = [
    "kế hoạch phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số của ngành, địa phương",
    "cơ sở dữ liệu chuyên ngành, kết nối, chia sẻ với Nền tảng tích hợp, chia sẻ dữ liệu của tỉnh",
    "chương trình đào tạo, bồi dưỡng kỹ năng số cho cán bộ, công chức, viên chức",
    "hệ thống giám sát an toàn thông tin mạng cho các cơ quan nhà nước",
    "cơ chế khoán chi đến sản phẩm cuối cùng đối với nhiệm vụ khoa học và công nghệ",
    "mạng lưới đổi mới sáng tạo, khởi nghiệp sáng tạo của tỉnh",
];
const LEADS: [&str; 5] = [
    "Sở Khoa học và Công nghệ",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Công an tỉnh",
    "Văn phòng UBND tỉnh",
];
const SUPPORTS: [&str; 4] = [
    "Các sở, ban, ngành, địa phương",
    "Sở Khoa học và Công nghệ; Sở Tài chính",
    "Công an tỉnh; UBND các huyện, thị xã, thành phố",
    "Sở Tư pháp",
];
const DEADLINES: [&str; 6] = [
    "6/2025",
    "Quý III/2025",
    "Thường xuyên",
    "2025 - 2026",
    "12/2025",
    "Hằng năm",
];

struct Row {
    number: usize,
    name: String,
    lead: &'static str,
    support: &'static str,
    deadline: &'static str,
}

fn rows() -> Vec<Row> {
    (1..=rows_n())
        .map(|n| Row {
            number: n,
            name: format!("{} {} (nhiệm vụ {n})", VERBS[n % 6], OBJECTS[(n / 6) % 6]),
            lead: LEADS[n % 5],
            support: SUPPORTS[n % 4],
            deadline: DEADLINES[n % 6],
        })
        .collect()
}

/// Greedy wrap at `width` characters, as a word processor breaks a cell.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for w in text.split_whitespace() {
        match lines.last_mut() {
            Some(l) if l.chars().count() + 1 + w.chars().count() <= width => {
                l.push(' ');
                l.push_str(w);
            }
            _ => lines.push(w.to_string()),
        }
    }
    lines
}

const HEADER_TEXT: &str =
    "TT Tên nhiệm vụ Cơ quan \nchủ trì\n\nCơ quan phối hợp Thời gian \nhoàn thành\n\n";

fn text_appendix(rows: &[Row]) -> String {
    let mut s = String::with_capacity(rows.len() * 300);
    s.push_str(PREAMBLE);
    s.push_str("\x0c1\n\n");
    s.push_str(CAPTION);
    s.push('\n');
    s.push_str(HEADER_TEXT);
    let mut page = 1;
    for (k, r) in rows.iter().enumerate() {
        if k % ROWS_PER_GROUP == 0 {
            s.push_str(&format!(
                "{} Nhóm nhiệm vụ thứ {} về phát triển khoa học, công nghệ và chuyển đổi số\n\n",
                vanban::layout::to_roman((k / ROWS_PER_GROUP + 1) as u32),
                k / ROWS_PER_GROUP + 1
            ));
        }
        let name = wrap(&r.name, 50);
        let lead = wrap(r.lead, 14);
        let support = wrap(r.support, 24);
        let deadline = wrap(r.deadline, 12);
        let page_break = |s: &mut String, page: &mut usize| {
            *page += 1;
            s.push_str(&format!("\x0c{page}\n\n{HEADER_TEXT}"));
        };
        // Every 10th page, the row at the bottom is cut: the rest of its name follows the header.
        let cut = k % ROWS_PER_PAGE == ROWS_PER_PAGE - 1
            && (k / ROWS_PER_PAGE) % 10 == 3
            && name.len() > 1;
        let first_part = if cut { 1 } else { name.len() };
        // The number shares the name's first line on odd rows, stands alone on even ones.
        if r.number % 2 == 1 {
            s.push_str(&format!("{} {}\n", r.number, name[0]));
        } else {
            s.push_str(&format!("{}\n\n{}\n", r.number, name[0]));
        }
        for l in &name[1..first_part] {
            s.push_str(l);
            s.push('\n');
        }
        s.push('\n');
        s.push_str(&lead.join("\n"));
        s.push_str("\n\n");
        // The support cell's last line and a one-line deadline share a line on every third row.
        if r.number % 3 == 0 && deadline.len() == 1 {
            s.push_str(&support.join("\n"));
            s.push(' ');
            s.push_str(&deadline[0]);
            s.push('\n');
        } else {
            s.push_str(&support.join("\n"));
            s.push_str("\n\n");
            s.push_str(&deadline.join("\n"));
            s.push('\n');
        }
        s.push('\n');
        if k % ROWS_PER_PAGE == ROWS_PER_PAGE - 1 {
            page_break(&mut s, &mut page);
            if cut {
                for l in &name[first_part..] {
                    s.push_str(l);
                    s.push('\n');
                }
                s.push('\n');
            }
        }
    }
    s
}

fn pipe_appendix(rows: &[Row]) -> String {
    let mut s = String::with_capacity(rows.len() * 250);
    s.push_str(PREAMBLE);
    s.push_str(CAPTION);
    s.push_str("TT | Tên nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành\n");
    for (k, r) in rows.iter().enumerate() {
        if k % ROWS_PER_GROUP == 0 {
            s.push_str(&format!(
                "{} | Nhóm nhiệm vụ thứ {} về phát triển khoa học, công nghệ và chuyển đổi số\n",
                vanban::layout::to_roman((k / ROWS_PER_GROUP + 1) as u32),
                k / ROWS_PER_GROUP + 1
            ));
        }
        s.push_str(&format!(
            "{} | {} | {} | {} | {}\n",
            r.number, r.name, r.lead, r.support, r.deadline
        ));
    }
    s
}

fn report(label: &str, name: &str, bytes: &[u8]) {
    let options = ConvertOptions::default();
    let d = convert_bytes(name, bytes, &options).expect("converts");
    let t = Instant::now();
    let runs = 3;
    for _ in 0..runs {
        std::hint::black_box(convert_bytes(name, bytes, &options).expect("converts"));
    }
    let secs = t.elapsed().as_secs_f64() / runs as f64;
    let numbered_right = d
        .tasks
        .iter()
        .zip(1..)
        .filter(|(t, n)| t.number == Some(*n))
        .count();
    eprintln!(
        "tables/{label}: {} rows, {:.1} MB, {:.3} s per conversion, {:.0} rows/s; parser found {} tasks ({} numbered in order), {} with the expected deadline",
        rows_n(),
        bytes.len() as f64 / 1e6,
        secs,
        rows_n() as f64 / secs,
        d.tasks.len(),
        numbered_right,
        d.tasks
            .iter()
            .filter(|t| t.number.is_some_and(|n| t.deadline.raw == DEADLINES[n as usize % 6]))
            .count(),
    );
}

fn bench(c: &mut Criterion) {
    let rows = rows();
    let text = text_appendix(&rows).into_bytes();
    let pipe = pipe_appendix(&rows).into_bytes();
    report("text", "synthetic-text.txt", &text);
    report("pipe", "synthetic-pipe.txt", &pipe);
    let options = ConvertOptions::default();
    let mut g = c.benchmark_group("tables");
    g.sample_size(10);
    g.throughput(Throughput::Elements(rows_n() as u64));
    g.bench_function("text_10k_rows", |b| {
        b.iter(|| convert_bytes("synthetic-text.txt", &text, &options).unwrap())
    });
    g.bench_function("pipe_10k_rows", |b| {
        b.iter(|| convert_bytes("synthetic-pipe.txt", &pipe, &options).unwrap())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
