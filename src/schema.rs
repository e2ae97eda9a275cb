//! The published JSON Schema.
pub const SCHEMA: &str = include_str!("../schemas/vanban.schema.json");
