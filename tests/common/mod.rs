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
