//! The command line as a user runs it, on distinct documents: one pass, a fresh process per run,
//! outputs written. Prints MB/s (one core and all cores), CPU time and peak resident memory per
//! set of documents, and the whole-process time of single files against `pdftotext` on the same
//! file, paired (runs interleaved, medians).
//!
//! ```sh
//! cargo build --release && cargo run --release --example cli_bench -- ../shared
//! cargo run --release --example cli_bench -- ../shared --vanban OTHER_BINARY --runs 21
//! cargo run --release --example cli_bench -- ../shared --single   # the paired runs only
//! cargo run --release --example cli_bench -- ../shared --sets clean,stripped   # some sets only
//! ```
//! `<shared>` holds `corpus/`, `corpus-extra/` (legal-code pages, cut here into documents at
//! their chapters), `reference/`, `seeds/` and `real/` (text and PDFs). Nothing is copied twice:
//! every document converted is a distinct text. Work files go to `$TMPDIR/vanban-cli-bench`.
//!
//! Sets:
//! - `clean`: the cut corpus, the reference texts, the clean seeds and the real text files —
//!   text that needs no restoration;
//! - `stripped`: every 16th cut document stripped of its marks (`text::strip_diacritics`);
//! - `pdf`: the real PDFs (scans without a text layer fail fast, as a user would see).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// What one finished process cost.
#[derive(Debug, Clone, Copy, Default)]
struct Usage {
    wall: f64,
    cpu: f64,
    /// peak resident memory, KiB
    rss_kib: u64,
}

/// Runs `cmd` to completion and measures it with `wait4` (its own rusage, not the sum of every
/// child so far). (`wait4` reaps the child: `Child::wait` would find none.)
#[allow(clippy::zombie_processes)]
fn run(cmd: &mut Command) -> Usage {
    let start = Instant::now();
    let child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of the plain C struct; wait4 fills it for the
    // child we spawned and have not waited for.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let wall = start.elapsed().as_secs_f64();
    assert_eq!(r, pid, "wait4 failed");
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Usage {
        wall,
        cpu: secs(ru.ru_utime) + secs(ru.ru_stime),
        rss_kib: ru.ru_maxrss as u64,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn files_under(dir: &Path, ext: &[&str], out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            files_under(&p, ext, out);
        } else if p
            .extension()
            .is_some_and(|e| ext.iter().any(|x| e.eq_ignore_ascii_case(x)))
        {
            out.push(p);
        }
    }
}

/// A legal-code page cut into documents: a new document at every "Chương" heading, and within a
/// chapter every 64 KB or so at a paragraph ("Điều …") boundary.
fn cut(text: &str) -> Vec<String> {
    let mut docs = Vec::new();
    let mut cur = String::new();
    for para in text.split("\n\n") {
        let starts_chapter = para.starts_with("Chương ");
        let starts_article = para.starts_with("Điều ");
        if !cur.is_empty() && (starts_chapter || (starts_article && cur.len() > 64_000)) {
            docs.push(std::mem::take(&mut cur));
        }
        cur.push_str(para);
        cur.push_str("\n\n");
    }
    if !cur.trim().is_empty() {
        docs.push(cur);
    }
    // (a chapter heading alone is no document)
    docs.retain(|d| d.len() > 2_000);
    docs
}

struct Set {
    name: &'static str,
    dir: PathBuf,
    files: usize,
    bytes: u64,
}

/// The set written under `work/name`.
fn set_of(work: &Path, name: &'static str) -> Set {
    let dir = work.join(name);
    let mut files = Vec::new();
    files_under(&dir, &["txt", "pdf"], &mut files);
    let bytes = files
        .iter()
        .map(|f| std::fs::metadata(f).map_or(0, |m| m.len()))
        .sum();
    Set {
        name,
        files: files.len(),
        dir,
        bytes,
    }
}

fn write_set(work: &Path, name: &'static str, docs: &[(String, Vec<u8>)]) {
    let dir = work.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (n, b) in docs {
        std::fs::write(dir.join(n), b).unwrap();
    }
}

fn link_set(work: &Path, name: &'static str, files: &[PathBuf]) {
    let dir = work.join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for f in files {
        let to = dir.join(f.file_name().unwrap());
        std::os::unix::fs::symlink(std::fs::canonicalize(f).unwrap(), &to).unwrap();
    }
}

/// Writes the sets of documents under `work` (run in a child process: a spawned process's peak
/// memory starts from its parent's, so the parent must stay small).
fn prepare(shared: &Path, work: &Path) {
    let mut pages = Vec::new();
    files_under(&shared.join("corpus"), &["txt"], &mut pages);
    files_under(&shared.join("corpus-extra"), &["txt"], &mut pages);
    let mut clean: Vec<(String, Vec<u8>)> = Vec::new();
    let mut stripped = Vec::new();
    for p in &pages {
        let text = std::fs::read_to_string(p).unwrap();
        let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
        for (k, d) in cut(&text).into_iter().enumerate() {
            if clean.len().is_multiple_of(16) {
                stripped.push((
                    format!("{stem}-{k:03}.txt"),
                    vanban::text::strip_diacritics(&d).into_bytes(),
                ));
            }
            clean.push((format!("{stem}-{k:03}.txt"), d.into_bytes()));
        }
    }
    let mut texts = Vec::new();
    files_under(&shared.join("reference"), &["txt"], &mut texts);
    files_under(&shared.join("seeds"), &["txt"], &mut texts);
    files_under(&shared.join("real").join("text"), &["txt"], &mut texts);
    for t in texts {
        let name = t.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".ocr.txt") {
            continue; // OCR output needs restoration: not clean text
        }
        let parent = t.parent().unwrap().file_name().unwrap().to_string_lossy();
        clean.push((format!("{parent}-{name}"), std::fs::read(&t).unwrap()));
    }
    let mut pdfs = Vec::new();
    files_under(&shared.join("real").join("pdf"), &["pdf"], &mut pdfs);
    write_set(work, "clean", &clean);
    write_set(work, "stripped", &stripped);
    link_set(work, "pdf", &pdfs);
}

fn main() {
    let mut args = std::env::args().skip(1);
    if std::env::args().nth(1).as_deref() == Some("--prepare") {
        let shared = PathBuf::from(std::env::args().nth(2).unwrap());
        let work = PathBuf::from(std::env::args().nth(3).unwrap());
        prepare(&shared, &work);
        return;
    }
    let mut shared = None;
    let mut vanban = std::env::current_exe()
        .ok()
        .and_then(|p| Some(p.parent()?.parent()?.join("vanban")))
        .unwrap_or_else(|| PathBuf::from("target/release/vanban"));
    let mut runs = 15usize;
    let mut sets_wanted = true;
    let mut only: Option<String> = None;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--single" => sets_wanted = false,
            "--sets" => only = Some(args.next().expect("--sets clean,stripped,pdf")),
            "--vanban" => vanban = PathBuf::from(args.next().expect("--vanban BIN")),
            "--runs" => runs = args.next().and_then(|n| n.parse().ok()).expect("--runs N"),
            _ => shared = Some(PathBuf::from(a)),
        }
    }
    let shared =
        shared.expect("usage: cli_bench <shared folder> [--vanban BIN] [--runs N] [--single]");
    let work = std::env::temp_dir().join("vanban-cli-bench");
    std::fs::create_dir_all(&work).unwrap();
    eprintln!("vanban: {}", vanban.display());

    let status = Command::new(std::env::current_exe().unwrap())
        .arg("--prepare")
        .arg(&shared)
        .arg(&work)
        .status()
        .expect("prepare the documents");
    assert!(status.success());
    let sets = ["clean", "stripped", "pdf"].map(|name| set_of(&work, name));
    let mut pdfs = Vec::new();
    files_under(&shared.join("real").join("pdf"), &["pdf"], &mut pdfs);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());

    println!("## Distinct documents through `vanban convert DIR -o OUT` (one process, one pass)");
    println!();
    println!(
        "| set | files | MB | jobs | wall s | CPU s | MB/s | MB/s per core | MB per CPU-s | peak RSS MiB |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    let wanted = |name: &str| {
        only.as_deref()
            .is_none_or(|o| o.split(',').any(|w| w == name))
    };
    for set in sets.iter().filter(|s| sets_wanted && wanted(s.name)) {
        for jobs in [1, cores] {
            let out = work.join(format!("out-{}-{jobs}", set.name));
            let _ = std::fs::remove_dir_all(&out);
            let u = run(Command::new(&vanban)
                .arg("convert")
                .arg(&set.dir)
                .arg("-o")
                .arg(&out)
                .arg("--jobs")
                .arg(jobs.to_string()));
            let mb = set.bytes as f64 / 1e6;
            println!(
                "| {} | {} | {:.1} | {} | {:.2} | {:.2} | {:.1} | {:.1} | {:.1} | {:.1} |",
                set.name,
                set.files,
                mb,
                jobs,
                u.wall,
                u.cpu,
                mb / u.wall,
                mb / u.wall / jobs as f64,
                mb / u.cpu,
                u.rss_kib as f64 / 1024.0
            );
        }
    }

    println!();
    println!(
        "## One file, one fresh process, against pdftotext on the same file ({runs} paired runs, medians)"
    );
    println!();
    println!("| file | tool | wall ms | CPU ms | peak RSS MiB |");
    println!("|---|---|---:|---:|---:|");
    let small = shared.join("seeds").join("angiang-vpubnd-kh-nq71.txt");
    let pdf = shared
        .join("real")
        .join("pdf")
        .join("binhthuan-snv-TTr-2114-TTr-SNV-2025.pdf");
    let to_text = work.join("one.txt");
    for file in [&small, &pdf] {
        let mut v: Vec<Usage> = Vec::new();
        let mut p: Vec<Usage> = Vec::new();
        for _ in 0..runs {
            v.push(run(Command::new(&vanban)
                .arg("convert")
                .arg(file)
                .arg("-o")
                .arg(work.join("one"))));
            if file.extension().is_some_and(|e| e == "pdf") {
                p.push(run(Command::new("pdftotext").arg(file).arg(&to_text)));
            }
        }
        for (tool, u) in [("vanban convert", &v), ("pdftotext", &p)] {
            if u.is_empty() {
                continue;
            }
            println!(
                "| {} | {} | {:.1} | {:.1} | {:.1} |",
                file.file_name().unwrap().to_string_lossy(),
                tool,
                1e3 * median(u.iter().map(|x| x.wall).collect()),
                1e3 * median(u.iter().map(|x| x.cpu).collect()),
                u.iter().map(|x| x.rss_kib).max().unwrap_or(0) as f64 / 1024.0
            );
        }
    }

    // every real PDF, one process per file each, paired
    let per_file = runs.clamp(1, 5);
    let (mut vw, mut vc, mut pw, mut pc) = (0.0, 0.0, 0.0, 0.0);
    let mut peak = 0u64;
    for f in &pdfs {
        let mut v = Vec::new();
        let mut p = Vec::new();
        for _ in 0..per_file {
            v.push(run(Command::new(&vanban)
                .arg("convert")
                .arg(f)
                .arg("-o")
                .arg(work.join("one"))));
            p.push(run(Command::new("pdftotext").arg(f).arg(&to_text)));
        }
        vw += median(v.iter().map(|x| x.wall).collect());
        vc += median(v.iter().map(|x| x.cpu).collect());
        pw += median(p.iter().map(|x| x.wall).collect());
        pc += median(p.iter().map(|x| x.cpu).collect());
        peak = peak.max(v.iter().map(|x| x.rss_kib).max().unwrap_or(0));
    }
    println!(
        "| all {} real PDFs, one process each (sum of medians of {per_file}) | vanban convert | {:.0} | {:.0} | {:.1} (largest) |",
        pdfs.len(),
        vw * 1e3,
        vc * 1e3,
        peak as f64 / 1024.0
    );
    println!(
        "| all {} real PDFs, one process each | pdftotext | {:.0} | {:.0} | |",
        pdfs.len(),
        pw * 1e3,
        pc * 1e3
    );
}
