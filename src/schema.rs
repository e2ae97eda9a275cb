//! The published JSON Schemas, generated from the model types (`schemars`), so the contract
//! cannot drift from the code. `schemas/*.json` hold the committed copies; a test checks that
//! they equal what [`document_schema`] and [`diff_schema`] generate
//! (`UPDATE_SCHEMA=1 cargo test --test schema` rewrites them).

use schemars::generate::SchemaSettings;
use schemars::transform::RecursiveTransform;
use schemars::{JsonSchema, Schema};

/// The committed JSON Schema of a converted document (`vanban schema`).
pub const SCHEMA: &str = include_str!("../schemas/vanban.schema.json");

/// The committed JSON Schema of `vanban diff --format json` (`vanban schema --diff`).
pub const DIFF_SCHEMA: &str = include_str!("../schemas/diff.schema.json");

/// The JSON Schema of [`crate::Document`], generated from the model types.
///
/// ```
/// let schema = vanban::schema::document_schema();
/// assert_eq!(schema["properties"]["schema_version"]["const"], "1");
/// assert_eq!(schema["additionalProperties"], false);
/// ```
pub fn document_schema() -> serde_json::Value {
    generate::<crate::model::Document>(
        "https://vanban.example/schemas/vanban.schema.json",
        "vanban document",
    )
}

/// The JSON Schema of [`crate::diff::DiffReport`], generated from its types.
///
/// ```
/// let schema = vanban::schema::diff_schema();
/// assert!(schema["required"].as_array().unwrap().iter().any(|f| f == "tasks"));
/// ```
pub fn diff_schema() -> serde_json::Value {
    generate::<crate::diff::DiffReport>(
        "https://vanban.example/schemas/diff.schema.json",
        "vanban diff report",
    )
}

/// The schema text as committed: pretty-printed with a final newline.
///
/// ```
/// let text = vanban::schema::to_text(&vanban::schema::document_schema());
/// assert!(text.ends_with("}\n"));
/// ```
pub fn to_text(schema: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(schema).expect("a schema serializes");
    text.push('\n');
    text
}

fn generate<T: JsonSchema>(id: &str, title: &str) -> serde_json::Value {
    let settings = SchemaSettings::draft2020_12()
        .for_serialize()
        .with_transform(RecursiveTransform(closed_objects));
    let mut schema = settings.into_generator().into_root_schema_for::<T>();
    schema.insert("$id".into(), id.into());
    schema.insert("title".into(), title.into());
    schema.to_value()
}

/// Every object the model describes is closed: an unknown field in an output is a bug (the
/// model reads leniently; the contract is strict). `schemars` closes objects only for
/// `deny_unknown_fields`, which would make reading a newer file fail.
fn closed_objects(schema: &mut Schema) {
    if schema.get("properties").is_some() && schema.get("additionalProperties").is_none() {
        schema.insert("additionalProperties".into(), false.into());
    }
}
