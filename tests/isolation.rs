//! A batch survives what no in-process guard catches: a document that aborts the converter or
//! overflows its stack fails alone, reported with the signal; the others are written. The
//! crashes are real (an abort, a stack overflow), set off in test builds by the environment
//! variables `VANBAN_TEST_ABORT_ON` / `VANBAN_TEST_OVERFLOW_ON` on paths containing their value.

mod common;

use common::{fixture, listing, stderr};
use std::path::Path;

/// A folder of three documents, the second named to crash.
fn three_documents(dir: &Path) {
    for (name, seed) in [
        ("a.txt", "seeds/angiang-vpubnd-kh-nq71.txt"),
        ("b-crash.txt", "seeds/haugiang-ubnd-kh-nq03.txt"),
        ("c.txt", "seeds/angiang-sxd-kh-nq71.txt"),
    ] {
        std::fs::copy(fixture(seed), dir.join(name)).unwrap();
    }
}

fn convert(input: &Path, args: &[&str], var: &str) -> std::process::Output {
    common::bin()
        .arg("convert")
        .arg(input)
        .args(args)
        .env(var, "crash")
        .output()
        .unwrap()
}

#[test]
fn a_crashing_document_fails_alone() {
    for var in ["VANBAN_TEST_ABORT_ON", "VANBAN_TEST_OVERFLOW_ON"] {
        let work = tempfile::tempdir().unwrap();
        let input = work.path().join("in");
        std::fs::create_dir(&input).unwrap();
        three_documents(&input);
        let out = work.path().join("out");
        let o = convert(&input, &["-o", out.to_str().unwrap(), "-j", "2"], var);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{var}: {err}");
        assert!(
            err.contains("b-crash.txt") && err.contains("signal"),
            "{var}: {err}"
        );
        assert_eq!(listing(&out), ["a.json", "c.json"], "{var}");

        // JSON Lines on standard output: the other two documents, in order.
        let o = convert(&input, &["--format", "jsonl"], var);
        assert_eq!(o.status.code(), Some(1), "{var}: {}", stderr(&o));
        let lines: Vec<serde_json::Value> = String::from_utf8(o.stdout)
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let paths: Vec<&str> = lines
            .iter()
            .map(|d| d["source"]["path"].as_str().unwrap())
            .collect();
        assert_eq!(paths.len(), 2, "{var}");
        assert!(
            paths[0].ends_with("a.txt") && paths[1].ends_with("c.txt"),
            "{paths:?}"
        );
    }
}

#[test]
fn a_document_over_the_time_limit_fails_alone() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir(&input).unwrap();
    three_documents(&input);
    let out = work.path().join("out");
    let started = std::time::Instant::now();
    // Generous: a test build on a loaded machine takes seconds per document.
    let args = ["-o", out.to_str().unwrap(), "-j", "2", "--time-limit", "20"];
    let o = convert(&input, &args, "VANBAN_TEST_HANG_ON");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("b-crash.txt") && err.contains("stopped after 20 s"),
        "{err}"
    );
    assert_eq!(listing(&out), ["a.json", "c.json"]);
    // The hang is a minute long: the batch did not wait for it.
    assert!(started.elapsed().as_secs() < 55, "{:?}", started.elapsed());
}

#[test]
fn a_document_over_the_memory_limit_fails_alone() {
    let work = tempfile::tempdir().unwrap();
    let input = work.path().join("in");
    std::fs::create_dir(&input).unwrap();
    three_documents(&input);
    let out = work.path().join("out");
    // The crashing document grows by 40 MiB a second: past 200 MiB within seconds.
    let args = [
        "-o",
        out.to_str().unwrap(),
        "-j",
        "2",
        "--memory-limit",
        "200",
    ];
    let o = convert(&input, &args, "VANBAN_TEST_GROW_ON");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("b-crash.txt") && err.contains("200 MiB of memory"),
        "{err}"
    );
    assert_eq!(listing(&out), ["a.json", "c.json"]);
}

#[test]
fn in_process_a_crash_ends_the_batch() {
    // What the worker processes prevent: without them the whole batch dies with the file.
    let work = tempfile::tempdir().unwrap();
    three_documents(work.path());
    let o = convert(
        work.path(),
        &["--format", "jsonl", "--in-process", "-j", "1"],
        "VANBAN_TEST_ABORT_ON",
    );
    assert_eq!(
        o.status.code(),
        None,
        "killed by the signal: {}",
        stderr(&o)
    );
}

#[test]
fn worker_processes_give_the_same_outputs() {
    let work = tempfile::tempdir().unwrap();
    let seeds = common::root().join("fixtures/seeds");
    for format in ["json", "jsonl", "csv", "md"] {
        let run = |flag: Option<&str>| {
            let out = work
                .path()
                .join(format!("{format}-{}", flag.unwrap_or("workers")));
            let mut c = common::bin();
            c.arg("convert")
                .arg(&seeds)
                .args(["-o", out.to_str().unwrap(), "--format", format]);
            c.args(flag);
            let o = c.output().unwrap();
            assert!(o.status.success(), "{format}: {}", stderr(&o));
            let files = listing(&out);
            let bytes: Vec<Vec<u8>> = files
                .iter()
                .map(|f| std::fs::read(out.join(f)).unwrap())
                .collect();
            (files, bytes)
        };
        assert_eq!(run(None), run(Some("--in-process")), "{format}");
    }
}

#[test]
fn a_single_named_file_is_converted_without_a_worker() {
    // One file is the whole batch: no worker process is started for it (a worker would
    // report its crash as a failure instead of the process dying with it), unless a time
    // limit asks for one.
    let work = tempfile::tempdir().unwrap();
    three_documents(work.path());
    let one = work.path().join("b-crash.txt");
    let o = convert(&one, &["--format", "jsonl"], "VANBAN_TEST_ABORT_ON");
    assert_eq!(o.status.code(), None, "in-process: {}", stderr(&o));
    let o = convert(
        &one,
        &["--format", "jsonl", "--time-limit", "60"],
        "VANBAN_TEST_ABORT_ON",
    );
    assert_eq!(o.status.code(), Some(1), "in a worker: {}", stderr(&o));
}
