//! The command line as users run it: batches with bad files in them, exit codes, atomic
//! outputs, determinism across thread counts, resuming.

mod common;

use common::{listing, stderr};
use std::path::PathBuf;
use std::process::Output;

fn vanban(args: &[&str]) -> Output {
    common::run(args)
}

fn seed(name: &str) -> PathBuf {
    common::root().join("fixtures/seeds").join(name)
}

#[test]
fn one_document_to_stdout() {
    let o = vanban(&[
        "convert",
        seed("haugiang-ubnd-kh-nq03.txt").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["document"]["signer"]["name"], "Nguyễn Văn Hòa");
    common::assert_valid("stdout", &v);
}

#[test]
fn bad_files_fail_alone_and_the_rest_is_written() {
    let input = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    let d = input.path();
    std::fs::copy(seed("haugiang-ubnd-kh-nq03.txt"), d.join("good.txt")).unwrap();
    std::fs::create_dir(d.join("nested")).unwrap();
    std::fs::copy(
        seed("angiang-vpubnd-kh-nq71.txt"),
        d.join("nested/good2.txt"),
    )
    .unwrap();
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(
        d.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00garbage\x00\x01\x02",
    )
    .unwrap();
    let mut bad_utf8 = "Kế hoạch số 12/KH-UBND ".as_bytes().to_vec();
    let offset = bad_utf8.len();
    bad_utf8.extend_from_slice(b"\xC3\x28 tail");
    std::fs::write(d.join("latin.txt"), &bad_utf8).unwrap();
    // 50 MB with no line end.
    std::fs::write(d.join("oneline.txt"), vec![b'a'; 50 << 20]).unwrap();
    // Unreadable: a link to nothing (permissions do not stop root).
    std::os::unix::fs::symlink(d.join("does-not-exist"), d.join("dangling.txt")).unwrap();
    std::fs::write(d.join("notes.md"), b"not a document").unwrap();

    let o = vanban(&[
        "convert",
        d.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--jobs",
        "2",
    ]);
    assert_eq!(o.status.code(), Some(1), "some inputs failed: exit 1");
    let err = stderr(&o);
    for (name, reason) in [
        ("empty.txt", "empty file"),
        ("binary.txt", "binary data"),
        (
            "latin.txt",
            &format!("invalid UTF-8 at byte offset {offset}"),
        ),
        ("oneline.txt", "line 1 is 52428800 bytes long"),
        ("dangling.txt", "cannot read"),
    ] {
        assert!(
            err.lines().any(|l| l.contains(name) && l.contains(reason)),
            "no error for {name} ({reason}) in:\n{err}"
        );
    }
    // A walked file of another format is reported, not dropped in silence.
    assert!(
        err.lines()
            .any(|l| l.contains("notes.md") && l.contains("skipped: unsupported format .md")),
        "{err}"
    );
    assert!(err.contains("2 converted, 1 skipped, 5 failed"), "{err}");
    assert!(!err.contains("panicked"));
    // Only the good documents are written, nothing half-written or temporary is left.
    assert_eq!(listing(out.path()), ["good.json", "nested/good2.json"]);
    for f in ["good.json", "nested/good2.json"] {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(out.path().join(f)).unwrap()).unwrap();
        common::assert_valid(f, &v);
    }
}

#[test]
fn usage_errors_exit_2() {
    let o = vanban(&["convert"]);
    assert_eq!(o.status.code(), Some(2));
    let o = vanban(&["convert", "--format", "xml", "a.txt"]);
    assert_eq!(o.status.code(), Some(2));
    // Several documents and nowhere to put them.
    let a = seed("haugiang-ubnd-kh-nq03.txt");
    let b = seed("angiang-vpubnd-kh-nq71.txt");
    let o = vanban(&["convert", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o DIR"));
}

#[test]
fn missing_input_is_a_failure_naming_it() {
    let o = vanban(&["convert", "/nonexistent/plan.txt"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("/nonexistent/plan.txt"));
}

#[test]
fn identical_output_at_any_thread_count() {
    let seeds = common::root().join("fixtures/seeds");
    let mut outputs = Vec::new();
    for jobs in ["1", "2", "4"] {
        let out = tempfile::tempdir().unwrap();
        let o = vanban(&[
            "convert",
            seeds.to_str().unwrap(),
            "-o",
            out.path().to_str().unwrap(),
            "--jobs",
            jobs,
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        let files = listing(out.path());
        assert_eq!(files.len(), 5);
        let contents: Vec<Vec<u8>> = files
            .iter()
            .map(|f| std::fs::read(out.path().join(f)).unwrap())
            .collect();
        outputs.push((files, contents));
    }
    assert_eq!(outputs[0], outputs[1]);
    assert_eq!(outputs[0], outputs[2]);
    // JSON Lines on stdout, in input order, identical too.
    let j1 = vanban(&[
        "convert",
        seeds.to_str().unwrap(),
        "--format",
        "jsonl",
        "--jobs",
        "1",
    ]);
    let j4 = vanban(&[
        "convert",
        seeds.to_str().unwrap(),
        "--format",
        "jsonl",
        "--jobs",
        "4",
    ]);
    assert!(j1.status.success());
    assert_eq!(j1.stdout, j4.stdout);
    let lines: Vec<&[u8]> = j1
        .stdout
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 5);
    let first: serde_json::Value = serde_json::from_slice(lines[0]).unwrap();
    assert!(first["source"]["path"]
        .as_str()
        .unwrap()
        .ends_with("angiang-sxd-kh-nq71.ocr.txt"));
}

#[test]
fn jsonl_into_a_folder_and_resume() {
    let seeds = common::root().join("fixtures/seeds");
    let out = tempfile::tempdir().unwrap();
    let o = vanban(&[
        "convert",
        seeds.to_str().unwrap(),
        "--format",
        "jsonl",
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(listing(out.path()), ["documents.jsonl"]);
    let text = std::fs::read_to_string(out.path().join("documents.jsonl")).unwrap();
    assert_eq!(text.lines().count(), 5);

    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    assert!(vanban(&["convert", seeds.to_str().unwrap(), "-o", dir])
        .status
        .success());
    let resume = || {
        vanban(&[
            "convert",
            seeds.to_str().unwrap(),
            "-o",
            dir,
            "--skip-existing",
        ])
    };
    let o = resume();
    assert!(o.status.success());
    assert!(
        stderr(&o)
            .contains("0 converted, 6 skipped, 0 failed (1 unsupported, 5 already converted)"),
        "{}",
        stderr(&o)
    );

    // What a power loss can leave of files not yet flushed (an empty one, one cut short) is
    // converted again; the others stay as they were.
    let names = listing(out.path());
    let (empty, cut) = (out.path().join(&names[0]), out.path().join(&names[1]));
    let whole = std::fs::read(&cut).unwrap();
    std::fs::write(&empty, b"").unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
    let o = resume();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("2 converted, 4 skipped, 0 failed (1 unsupported, 3 already converted)"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&cut).unwrap(), whole);
    assert!(std::fs::metadata(&empty).unwrap().len() > 0);
}

#[test]
fn two_inputs_with_one_output_name() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::copy(seed("haugiang-ubnd-kh-nq03.txt"), a.path().join("plan.txt")).unwrap();
    std::fs::copy(
        seed("angiang-vpubnd-kh-nq71.txt"),
        b.path().join("plan.txt"),
    )
    .unwrap();
    let pa = a.path().join("plan.txt");
    let pb = b.path().join("plan.txt");
    let o = vanban(&[
        "convert",
        pa.to_str().unwrap(),
        pb.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already written for"));
    let kept: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.path().join("plan.json")).unwrap())
            .unwrap();
    assert!(kept["source"]["path"]
        .as_str()
        .unwrap()
        .starts_with(a.path().to_str().unwrap()));
}

#[test]
fn schema_command_prints_the_published_schema() {
    let o = vanban(&["schema"]);
    assert!(o.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let file: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::root().join("schemas/vanban.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(printed, file);
    assert_eq!(printed["properties"]["schema_version"]["const"], "1");
}

/// A small reader for the CSV we write (quoted fields, CRLF records).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

#[test]
fn csv_for_analysts() {
    let out = tempfile::tempdir().unwrap();
    let seeds = common::root().join("fixtures/seeds");
    let o = vanban(&[
        "convert",
        seeds.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tasks = std::fs::read_to_string(out.path().join("tasks.csv")).unwrap();
    let indicators = std::fs::read_to_string(out.path().join("indicators.csv")).unwrap();
    // UTF-8 with a byte-order mark, so Excel shows Vietnamese.
    assert!(tasks.starts_with('\u{feff}') && indicators.starts_with('\u{feff}'));
    let t = parse_csv(tasks.trim_start_matches('\u{feff}'));
    let i = parse_csv(indicators.trim_start_matches('\u{feff}'));
    assert_eq!(
        t[0][..4],
        [
            "source",
            "document_number",
            "document_date",
            "document_title"
        ]
    );
    assert!(
        t.iter().all(|r| r.len() == t[0].len()),
        "every task row has every column"
    );
    assert!(i.iter().all(|r| r.len() == i[0].len()));
    // As many rows as the documents' JSON holds.
    let expected_tasks: usize = common::fixture_files("seeds")
        .iter()
        .map(|f| common::convert(f).tasks.len())
        .sum();
    let expected_indicators: usize = common::fixture_files("seeds")
        .iter()
        .map(|f| common::convert(f).indicators.len())
        .sum();
    assert_eq!(t.len() - 1, expected_tasks);
    assert_eq!(i.len() - 1, expected_indicators);
    // The kh181 task rows carry the document's number and their cells.
    let col = |name: &str| t[0].iter().position(|c| c == name).unwrap();
    let row = t
        .iter()
        .find(|r| {
            r[col("document_number")] == "181/KH-UBND"
                && r[col("group")] == "I"
                && r[col("number")] == "5"
        })
        .expect("task I.5 of 181/KH-UBND");
    assert_eq!(row[col("lead_agencies")], "Sở Nội vụ");
    assert_eq!(row[col("deadline_kind")], "conditional");
    // No cell a spreadsheet would compute: the indicators' "=" operator is written "'=".
    let op = i[0].iter().position(|c| c == "target_op").unwrap();
    assert!(
        i.iter().any(|r| r[op] == "'="),
        "some seed indicator targets \"=\""
    );
    for cell in t.iter().chain(&i).flatten() {
        assert!(!cell.starts_with(['=', '+', '@']), "{cell}");
    }
    // Without -o there is nowhere to put two files.
    let o = vanban(&["convert", seeds.to_str().unwrap(), "--format", "csv"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_new_run_into_a_combined_output_removes_a_killed_run_s_temporaries() {
    // A killed run's workbook (or JSON Lines, CSV) temporary beside the output: the next run
    // writing there removes it, resuming or not (a workbook cannot be resumed).
    let dead = {
        let mut c = std::process::Command::new("true").spawn().unwrap();
        c.wait().unwrap();
        c.id()
    };
    let out = tempfile::tempdir().unwrap();
    let stale = format!(".plans.xlsx.{dead}.aB3xYz.vanban-tmp");
    std::fs::write(out.path().join(&stale), b"PK half a workbook").unwrap();
    let workbook = out.path().join("plans.xlsx");
    let o = common::bin()
        .args([
            "convert",
            &common::fixture("seeds/haugiang-ubnd-kh-nq03.txt"),
            "-o",
        ])
        .arg(&workbook)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(listing(out.path()), ["plans.xlsx"]);
}

/// An output that is a pipe (or a device: `-o /dev/null`, run as root) is written in place:
/// renaming a finished temporary file over it would replace it with an ordinary file.
#[cfg(unix)]
#[test]
fn a_pipe_as_the_output_stays_a_pipe_and_receives_the_document() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let pipe = dir.path().join("out.json");
    let c_path = std::ffi::CString::new(pipe.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path; mkfifo only reads it.
    assert_eq!(unsafe { libc::mkfifo(c_path.as_ptr(), 0o600) }, 0);
    let reader = {
        let pipe = pipe.clone();
        std::thread::spawn(move || std::fs::read(pipe).unwrap())
    };
    let o = vanban(&[
        "convert",
        seed("haugiang-ubnd-kh-nq03.txt").to_str().unwrap(),
        "-o",
        pipe.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Before joining: a pipe replaced by a file leaves the reader waiting for ever.
    assert!(std::fs::metadata(&pipe).unwrap().file_type().is_fifo());
    let got = reader.join().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&got).unwrap();
    assert_eq!(v["document"]["signer"]["name"], "Nguyễn Văn Hòa");
    assert_eq!(listing(dir.path()), ["out.json"], "no temporary file left");
}

/// A symbolic link as the output keeps its link; the file it names takes the document.
#[cfg(unix)]
#[test]
fn a_link_as_the_output_is_kept_and_its_file_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("store")).unwrap();
    let file = dir.path().join("store/plan.json");
    std::fs::write(&file, "old").unwrap();
    let link = dir.path().join("plan.json");
    std::os::unix::fs::symlink("store/plan.json", &link).unwrap();
    let o = vanban(&[
        "convert",
        seed("haugiang-ubnd-kh-nq03.txt").to_str().unwrap(),
        "-o",
        link.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(v["document"]["signer"]["name"], "Nguyễn Văn Hòa");
}
