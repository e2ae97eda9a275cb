//! The terminal's conventions, each checked by running the binary as a user would: `-` for
//! standard input, `--files-from`, a closed pipe, JSON Lines streamed in input order (the first
//! line out before the last input is even named), skipped formats reported, exit codes, `-o`
//! as a file or a folder, `--skip-existing` with combined outputs, and interruption (no
//! temporary file left, those of a killed run removed on resume).

mod common;

use common::{bin, fixture, listing, run, run_with_stdin, stderr};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SEEDS: [&str; 4] = [
    "seeds/haugiang-ubnd-kh-nq03.txt",
    "seeds/angiang-vpubnd-kh-nq71.txt",
    "seeds/angiang-sxd-kh-nq71.txt",
    "seeds/angiang-ubnd-kh181-nq03.txt",
];

fn json(bytes: &[u8]) -> serde_json::Value {
    serde_json::from_slice(bytes).expect("JSON")
}

fn lines(bytes: &[u8]) -> Vec<serde_json::Value> {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .map(json)
        .collect()
}

/// Temporary files of ours anywhere under `dir`.
fn temporaries(dir: &Path) -> Vec<String> {
    if !dir.exists() {
        return Vec::new();
    }
    listing(dir)
        .into_iter()
        .filter(|f| f.ends_with(".vanban-tmp"))
        .collect()
}

/// Waits until `ready` holds, for at most a minute (the machine may be busy).
fn wait_for(what: &str, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A batch reading its input list from a pipe this test holds open.
fn listening_batch(args: &[&str]) -> Child {
    bin()
        .args(["convert", "--files-from", "-"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn standard_input_is_dash_and_its_format_comes_from_the_bytes() {
    // Text.
    let text = std::fs::read(fixture(SEEDS[0])).unwrap();
    let o = run_with_stdin(&["convert", "-"], &text);
    assert!(o.status.success(), "{}", stderr(&o));
    let v = json(&o.stdout);
    assert_eq!(v["source"]["path"], "<stdin>");
    assert_eq!(v["source"]["format"], "text");
    assert_eq!(v["document"]["signer"]["name"], "Nguyễn Văn Hòa");
    common::assert_valid("stdin text", &v);
    // A PDF, with no name to tell it by.
    let pdf = std::fs::read(fixture("pdf/kh-vpubnd-portrait.pdf")).unwrap();
    let o = run_with_stdin(&["convert", "-", "--format", "text"], &pdf);
    assert!(o.status.success(), "{}", stderr(&o));
    let from_stdin = String::from_utf8(o.stdout).unwrap();
    let o = run(&[
        "convert",
        &fixture("pdf/kh-vpubnd-portrait.pdf"),
        "--format",
        "text",
    ]);
    assert_eq!(from_stdin, String::from_utf8(o.stdout).unwrap());
    assert!(from_stdin.contains("KẾ HOẠCH"));
    // diff reads either side from standard input, a document or its JSON.
    let base = fixture("reference/nq03_NQ-CP_2025_full.txt");
    let o = run_with_stdin(
        &["diff", &base, "-"],
        &std::fs::read(fixture(SEEDS[3])).unwrap(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let report = json(&o.stdout);
    assert_eq!(report["other"]["path"], "<stdin>");
    assert!(report["summary"]["taken_up"].as_u64().unwrap() > 10);
    let converted = run(&["convert", &fixture(SEEDS[3])]).stdout;
    let o = run_with_stdin(&["diff", &base, "-"], &converted);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json(&o.stdout)["summary"], report["summary"]);
    // Standard input can be read once.
    let o = run_with_stdin(&["diff", "-", "-"], b"");
    assert_eq!(o.status.code(), Some(2));
    let o = run_with_stdin(
        &["convert", "-", "--files-from", "-", "--format", "jsonl"],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn files_from_reads_a_list_with_folders_and_reports_bad_entries() {
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("list.txt");
    let folder = common::root().join("fixtures/seeds");
    std::fs::write(
        &list,
        format!(
            "{}\r\n\n{}\n/nonexistent/plan.txt\n",
            fixture(SEEDS[0]),
            folder.display()
        ),
    )
    .unwrap();
    let o = run(&[
        "convert",
        "--files-from",
        list.to_str().unwrap(),
        "--format",
        "jsonl",
    ]);
    assert_eq!(o.status.code(), Some(1), "a listed path is missing");
    let docs = lines(&o.stdout);
    assert_eq!(
        docs.len(),
        1 + 5,
        "the file, then the folder's five documents"
    );
    assert!(docs[0]["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with(SEEDS[0]));
    let err = stderr(&o);
    assert!(err.contains("/nonexistent/plan.txt: cannot read"), "{err}");
    assert!(
        err.contains("README.md: skipped: unsupported format .md"),
        "{err}"
    );
    assert!(err.contains("6 converted, 1 skipped, 1 failed"), "{err}");
}

#[test]
fn the_first_line_comes_out_before_the_last_input_is_named() {
    let mut child = listening_batch(&["--format", "jsonl", "-j", "2"]);
    let mut list = child.stdin.take().unwrap();
    let (sender, received) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if sender.send(line.unwrap()).is_err() {
                break;
            }
        }
    });
    writeln!(list, "{}", fixture(SEEDS[0])).unwrap();
    list.flush().unwrap();
    // The list is still open: a batch that waited for all its inputs (or a round of them)
    // would print nothing.
    let first = received.recv_timeout(Duration::from_secs(60));
    let Ok(first) = first else {
        child.kill().unwrap();
        panic!("no line while the input list was still open");
    };
    assert!(json(first.as_bytes())["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with(SEEDS[0]));
    for seed in &SEEDS[1..] {
        writeln!(list, "{}", fixture(seed)).unwrap();
    }
    drop(list);
    let rest: Vec<String> = received.iter().collect();
    assert_eq!(rest.len(), 3);
    assert!(child.wait().unwrap().success());
}

#[test]
fn jsonl_keeps_input_order_when_a_slow_document_comes_first() {
    // The full 03/NQ-CP takes many times longer than the seeds behind it.
    let inputs = [
        fixture("reference/nq03_NQ-CP_2025_full.txt"),
        fixture(SEEDS[0]),
        fixture(SEEDS[1]),
        fixture(SEEDS[2]),
        fixture(SEEDS[0]),
    ];
    let mut args = vec!["convert", "--format", "jsonl", "-j", "4"];
    args.extend(inputs.iter().map(String::as_str));
    let o = run(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    let paths: Vec<String> = lines(&o.stdout)
        .iter()
        .map(|d| d["source"]["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths, inputs);
    let mut args = vec!["convert", "--format", "jsonl", "--jobs", "1"];
    args.extend(inputs.iter().map(String::as_str));
    assert_eq!(
        run(&args).stdout,
        o.stdout,
        "-j and --jobs, any count: same bytes"
    );
}

/// Runs `args` with standard output a pipe whose reader is already gone.
#[test]
fn restore_keeps_the_input_lines_trailing_blank_ones_too() {
    let input = "Điều 1. Phạm vi\n\nnội dung\n  \n\n";
    let o = run_with_stdin(&["restore", "-"], input.as_bytes());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), input.lines().count(), "{out:?}");
    assert!(out.ends_with("\n  \n\n"), "{out:?}");
}

fn into_closed_pipe(args: &[&str], stdin: &[u8]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_every_command_quietly() {
    let seed = fixture(SEEDS[3]);
    let base = fixture("reference/nq03_NQ-CP_2025_full.txt");
    let text = std::fs::read(fixture("seeds/angiang-sxd-kh-nq71.ocr.txt")).unwrap();
    let folder = common::root().join("fixtures/seeds");
    let cases: [(&[&str], &[u8]); 8] = [
        (&["convert", &seed], b""),
        (
            &["convert", folder.to_str().unwrap(), "--format", "jsonl"],
            b"",
        ),
        (&["convert", "-", "--format", "md"], &text),
        (&["restore"], &text),
        (&["diff", &base, &seed, "--format", "md"], b""),
        (&["schema"], b""),
        (&["completions", "bash"], b""),
        (&["man"], b""),
    ];
    for (args, stdin) in cases {
        let o = into_closed_pipe(args, stdin);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            !err.contains("Broken pipe") && !err.contains("internal error"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn a_full_disk_or_an_unwritable_output_is_a_clear_error() {
    let seed = fixture(SEEDS[3]);
    let base = fixture("reference/nq03_NQ-CP_2025_full.txt");
    let text = std::fs::read(fixture("seeds/angiang-sxd-kh-nq71.ocr.txt")).unwrap();
    // Standard output on a full disk (Linux's /dev/full): exit 1, the reason, no panic.
    if let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") {
        let cases: [(&[&str], &[u8]); 5] = [
            (&["convert", &seed], b""),
            (&["convert", "-", "--format", "jsonl"], &text),
            (&["restore"], &text),
            (&["diff", &base, &seed, "--format", "md"], b""),
            (&["schema"], b""),
        ];
        for (args, stdin) in cases {
            let mut child = bin()
                .args(args)
                .stdin(Stdio::piped())
                .stdout(full.try_clone().unwrap())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap();
            let mut input = child.stdin.take().unwrap();
            let _ = input.write_all(stdin);
            drop(input);
            let o = child.wait_with_output().unwrap();
            let err = stderr(&o);
            assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
            assert!(err.contains("No space left"), "{args:?}: {err}");
            assert!(!err.contains("internal error"), "{args:?}: {err}");
        }
    }
    // An output folder that cannot be made (a file is in the way): each format names it.
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("file");
    std::fs::write(&blocker, b"x").unwrap();
    for (out, format) in [
        ("out", "json"),
        ("all.jsonl", "jsonl"),
        ("out", "csv"),
        ("p.xlsx", "xlsx"),
    ] {
        let target = blocker.join(out);
        let o = run(&[
            "convert",
            &seed,
            "-o",
            target.to_str().unwrap(),
            "--format",
            format,
        ]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{format}: {err}");
        assert!(err.contains(blocker.to_str().unwrap()), "{format}: {err}");
        assert!(!err.contains("internal error"), "{format}: {err}");
    }
    assert_eq!(listing(dir.path()), ["file"]);
}

#[test]
fn a_reader_that_stops_early_stops_the_batch_with_success() {
    // `vanban convert … --format jsonl | head -1`, with a long list behind.
    let mut child = listening_batch(&["--format", "jsonl"]);
    let mut list = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for _ in 0..40 {
        writeln!(list, "{}", fixture(SEEDS[1])).unwrap();
    }
    drop(list);
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(json(first.as_bytes())["document"].is_object());
    drop(stdout);
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!stderr(&o).contains("Broken pipe"));
}

#[test]
fn walked_files_of_other_formats_are_counted_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(fixture(SEEDS[0]), d.join("plan.txt")).unwrap();
    for f in ["a.odt", "slides.pptx", "notes"] {
        std::fs::write(d.join(f), b"PK\x03\x04").unwrap();
    }
    std::fs::create_dir(d.join(".git")).unwrap();
    std::fs::write(d.join(".git/HEAD"), b"ref").unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "convert",
        d.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "skipping what vanban does not read is no failure"
    );
    let err = stderr(&o);
    for (name, why) in [
        ("a.odt", "unsupported format .odt"),
        ("slides.pptx", "unsupported format .pptx"),
        ("notes", "no extension"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(name) && l.contains(why)),
            "{name}: {err}"
        );
    }
    assert!(
        !err.contains("HEAD"),
        "hidden folders are not walked: {err}"
    );
    assert!(err.contains("1 converted, 3 skipped, 0 failed"), "{err}");
    // Quiet: the failures only (none here), no summary.
    let o = run(&[
        "convert",
        "-q",
        d.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success());
    assert_eq!(stderr(&o), "");
    // Verbose: each converted file too.
    let o = run(&[
        "convert",
        "-v",
        d.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert!(stderr(&o).contains("plan.txt: converted"), "{}", stderr(&o));
    // Nothing to convert at all is a failure.
    std::fs::remove_file(d.join("plan.txt")).unwrap();
    let o = run(&[
        "convert",
        d.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("0 converted, 3 skipped, 0 failed"));
}

#[test]
fn exit_codes_and_help() {
    let seed = fixture(SEEDS[0]);
    assert_eq!(run(&["convert", &seed]).status.code(), Some(0));
    assert_eq!(run(&["convert", "/nonexistent.txt"]).status.code(), Some(1));
    let usage: [&[&str]; 7] = [
        &["convert"],
        &["convert", &seed, "--format", "xml"],
        &["convert", &seed, "--format", "csv"],
        &["convert", &seed, "--format", "xlsx"],
        &["convert", &seed, "--skip-existing"],
        &["convert", &seed, "-o", "/tmp/x.csv", "--format", "csv"],
        &["convert", &seed, "-q", "-v"],
    ];
    for args in usage {
        let o = run(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    let help = String::from_utf8(run(&["convert", "--help"]).stdout).unwrap();
    for needle in [
        "Exit codes:",
        "130",
        "Examples:",
        "--files-from",
        "-j, --jobs",
        "-q, --quiet",
    ] {
        assert!(help.contains(needle), "{needle} not in --help:\n{help}");
    }
}

#[test]
fn completions_and_the_manual_come_from_the_command_line_definition() {
    let bash = String::from_utf8(run(&["completions", "bash"]).stdout).unwrap();
    assert!(bash.contains("--files-from") && bash.contains("--skip-existing"));
    let zsh = run(&["completions", "zsh"]);
    assert!(
        zsh.status.success() && String::from_utf8_lossy(&zsh.stdout).contains("#compdef vanban")
    );
    let man = String::from_utf8(run(&["man"]).stdout).unwrap();
    assert!(
        man.starts_with(".ie") || man.starts_with(".TH"),
        "{}",
        &man[..80]
    );
    assert!(man.contains("convert"));
    let dir = tempfile::tempdir().unwrap();
    assert!(run(&["man", "-o", dir.path().to_str().unwrap()])
        .status
        .success());
    let pages = listing(dir.path());
    assert!(pages.contains(&"vanban.1".to_string()), "{pages:?}");
    assert!(pages.contains(&"vanban-convert.1".to_string()), "{pages:?}");
    let convert_page = std::fs::read_to_string(dir.path().join("vanban-convert.1")).unwrap();
    assert!(
        convert_page.contains("Exit codes"),
        "the manual carries the exit codes"
    );
}

#[test]
fn out_names_a_file_or_a_folder() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let seed = fixture(SEEDS[0]);
    // A file: the format from its extension.
    let md = d.join("sub/plan.md");
    let o = run(&["convert", &seed, "-o", md.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read_to_string(&md)
        .unwrap()
        .contains("\n# KẾ HOẠCH\n"));
    // A file takes one document: two are a usage error, and nothing is written.
    let two = d.join("two.json");
    let o = run(&[
        "convert",
        &seed,
        &fixture(SEEDS[1]),
        "-o",
        two.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!two.exists());
    // An empty folder: a file per document.
    let empty = d.join("empty");
    std::fs::create_dir(&empty).unwrap();
    let o = run(&[
        "convert",
        &seed,
        &fixture(SEEDS[1]),
        "-o",
        empty.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        listing(&empty),
        ["angiang-vpubnd-kh-nq71.txt", "haugiang-ubnd-kh-nq03.txt"]
    );
    // A JSON Lines file and a workbook by name.
    let all = d.join("all.jsonl");
    let o = run(&[
        "convert",
        &seed,
        &fixture(SEEDS[1]),
        "-o",
        all.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(lines(&std::fs::read(&all).unwrap()).len(), 2);
    // Text output into the input's own folder must not overwrite the input.
    let inputs = d.join("inputs");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::copy(&seed, inputs.join("plan.txt")).unwrap();
    let before = std::fs::read(inputs.join("plan.txt")).unwrap();
    let o = run(&[
        "convert",
        inputs.to_str().unwrap(),
        "-o",
        inputs.to_str().unwrap(),
        "--format",
        "text",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is the input itself"), "{}", stderr(&o));
    assert_eq!(std::fs::read(inputs.join("plan.txt")).unwrap(), before);
    assert!(temporaries(d).is_empty());
}

#[test]
fn skip_existing_adds_only_new_inputs_to_jsonl_and_csv() {
    let out = tempfile::tempdir().unwrap();
    let o_dir = out.path().to_str().unwrap();
    let (a, b, c) = (fixture(SEEDS[0]), fixture(SEEDS[1]), fixture(SEEDS[3]));
    for format in ["jsonl", "csv"] {
        assert!(run(&["convert", &a, &b, "-o", o_dir, "--format", format])
            .status
            .success());
    }
    // Run again with one input more: only that one is converted and added.
    let resume = |format: &str| {
        let o = run(&[
            "convert",
            &a,
            &b,
            &c,
            "-o",
            o_dir,
            "--format",
            format,
            "--skip-existing",
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains("1 converted, 2 skipped, 0 failed"), "{err}");
    };
    resume("jsonl");
    let docs = lines(&std::fs::read(out.path().join("documents.jsonl")).unwrap());
    let paths: Vec<&str> = docs
        .iter()
        .map(|d| d["source"]["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, [a.as_str(), b.as_str(), c.as_str()]);

    resume("csv");
    let read = |name: &str| -> Vec<csv::StringRecord> {
        let text = std::fs::read_to_string(out.path().join(name)).unwrap();
        let body = text.trim_start_matches('\u{feff}');
        assert!(
            !body.contains('\u{feff}'),
            "one byte-order mark, at the start"
        );
        csv::Reader::from_reader(body.as_bytes())
            .records()
            .map(Result::unwrap)
            .collect()
    };
    let documents = read("documents.csv");
    let sources: Vec<&str> = documents.iter().map(|r| &r[0]).collect();
    assert_eq!(sources, [a.as_str(), b.as_str(), c.as_str()]);
    let fresh = tempfile::tempdir().unwrap();
    assert!(run(&[
        "convert",
        &a,
        &b,
        &c,
        "-o",
        fresh.path().to_str().unwrap(),
        "--format",
        "csv"
    ])
    .status
    .success());
    for name in ["tasks.csv", "indicators.csv", "documents.csv"] {
        assert_eq!(
            std::fs::read(out.path().join(name)).unwrap(),
            std::fs::read(fresh.path().join(name)).unwrap(),
            "{name}: continued equals written at once"
        );
    }
    // A workbook cannot be continued.
    let o = run(&[
        "convert",
        &a,
        "-o",
        o_dir,
        "--format",
        "xlsx",
        "--skip-existing",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(temporaries(out.path()).is_empty());
}

/// Sends `signal` to the child (the `kill` program: no unsafe code here).
fn send(child: &Child, signal: &str) {
    let ok = std::process::Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[test]
fn interrupted_mid_csv_leaves_no_temporary_and_no_half_file() {
    for (signal, code) in [("-INT", 130), ("-TERM", 143)] {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("csv");
        let mut child = listening_batch(&["-o", dir.to_str().unwrap(), "--format", "csv"]);
        let mut list = child.stdin.take().unwrap();
        writeln!(list, "{}", fixture(SEEDS[3])).unwrap();
        list.flush().unwrap();
        // Mid-batch: the CSV files are being written (as temporaries) and the list is open.
        wait_for("the temporary CSV files", || temporaries(&dir).len() == 3);
        send(&child, signal);
        let o = child.wait_with_output().unwrap();
        drop(list);
        assert_eq!(o.status.code(), Some(code), "{signal}: {}", stderr(&o));
        assert!(stderr(&o).contains("interrupted"));
        assert_eq!(
            listing(&dir),
            Vec::<String>::new(),
            "{signal}: nothing left behind"
        );
    }
}

#[test]
fn the_temporaries_of_a_killed_run_are_removed_on_resume() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path();
    let mut child = listening_batch(&["-o", dir.to_str().unwrap(), "--format", "jsonl"]);
    let mut list = child.stdin.take().unwrap();
    writeln!(list, "{}", fixture(SEEDS[0])).unwrap();
    list.flush().unwrap();
    wait_for("the temporary JSON Lines file", || {
        temporaries(dir).len() == 1
    });
    send(&child, "-KILL");
    child.wait().unwrap();
    drop(list);
    assert_eq!(
        temporaries(dir).len(),
        1,
        "SIGKILL cannot be cleaned up after"
    );
    let o = run(&[
        "convert",
        &fixture(SEEDS[0]),
        "-o",
        dir.to_str().unwrap(),
        "--format",
        "jsonl",
        "--skip-existing",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(listing(dir), ["documents.jsonl"]);
}

#[test]
fn no_progress_line_when_standard_error_is_not_a_terminal() {
    let folder = common::root().join("fixtures/seeds");
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "convert",
        folder.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    let err = stderr(&o);
    assert!(!err.contains('\r') && !err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn a_progress_line_on_a_terminal_when_the_batch_is_long() {
    // `script` gives the batch a terminal; skipped where it is missing.
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: `script` (util-linux) is not installed");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let list = out.path().join("list");
    let mut paths = String::new();
    for _ in 0..12 {
        paths.push_str(&fixture("reference/nq03_NQ-CP_2025_full.txt"));
        paths.push('\n');
    }
    std::fs::write(&list, paths).unwrap();
    let command = format!(
        "{} convert --files-from {} -j 1 --format jsonl -o {}",
        env!("CARGO_BIN_EXE_vanban"),
        list.display(),
        out.path().join("all.jsonl").display()
    );
    // The line is drawn at once here: the batch's own delay would race the machine's speed.
    let o = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("VANBAN_PROGRESS_AFTER_MS", "0")
        .output()
        .unwrap();
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{shown}");
    assert!(shown.contains("12 converted"), "{shown}");
    assert!(
        shown.contains(" done"),
        "no progress line on a terminal: {shown:?}"
    );
}
