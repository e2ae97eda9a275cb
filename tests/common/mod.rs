//! Helpers shared by the integration tests: fixtures, conversion, schema validation.
#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Converts `fixtures/<rel>`, recording the path relative to the crate (stable across machines).
pub fn convert(rel: &str) -> vanban::Document {
    let bytes = std::fs::read(root().join("fixtures").join(rel)).expect("fixture exists");
    vanban::convert_bytes(
        &format!("fixtures/{rel}"),
        &bytes,
        &vanban::ConvertOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn json(doc: &vanban::Document) -> serde_json::Value {
    serde_json::from_str(&vanban::to_json(doc)).unwrap()
}

fn validator() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        let schema: serde_json::Value = serde_json::from_str(vanban::schema::SCHEMA).unwrap();
        jsonschema::validator_for(&schema).expect("the schema compiles")
    })
}

/// Panics with every violation when `value` does not conform to the published schema.
pub fn assert_valid(name: &str, value: &serde_json::Value) {
    let errors: Vec<String> = validator()
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .take(10)
        .collect();
    assert!(
        errors.is_empty(),
        "{name} violates the schema:\n{}",
        errors.join("\n")
    );
}

/// Every text file under `fixtures/<dir>`, sorted, as paths relative to `fixtures/`.
pub fn fixture_files(dir: &str) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root().join("fixtures").join(dir))
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".txt"))
                .map(|n| format!("{dir}/{n}"))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// The binary as a user runs it.
pub fn bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
}

/// Runs the binary with `args` to completion.
pub fn run(args: &[&str]) -> std::process::Output {
    bin().args(args).output().expect("the binary runs")
}

/// Runs the binary with `stdin` as its standard input.
pub fn run_with_stdin(args: &[&str], stdin: &[u8]) -> std::process::Output {
    use std::io::Write;
    let mut child = bin()
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    let bytes = stdin.to_vec();
    let feeder = std::thread::spawn(move || {
        let _ = input.write_all(&bytes);
    });
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    out
}

pub fn stderr(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fixture's absolute path as a string.
pub fn fixture(rel: &str) -> String {
    root()
        .join("fixtures")
        .join(rel)
        .to_string_lossy()
        .into_owned()
}

/// Files under `dir`, recursively, relative and sorted (hidden ones included).
pub fn listing(dir: &std::path::Path) -> Vec<String> {
    fn walk(root: &std::path::Path, d: &std::path::Path, out: &mut Vec<String>) {
        for e in std::fs::read_dir(d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push(p.strip_prefix(root).unwrap().to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
