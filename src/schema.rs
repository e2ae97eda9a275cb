//! The published JSON Schema.
pub const SCHEMA: &str = include_str!("../schemas/vanban.schema.json");

/// The JSON Schema of `vanban diff --format json`.
pub const DIFF_SCHEMA: &str = include_str!("../schemas/diff.schema.json");
