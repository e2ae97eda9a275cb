//! restore: decides per document and per line whether diacritics are missing or OCR-damaged and
//! restores them. Never touches a correct Vietnamese word, a number or a document symbol.
//!
//! Until the restoration model lands this stage passes lines through unchanged.

use crate::ingest::Line;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RestoreMode {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RestoreStats {
    pub tokens: u64,
    pub restored: u64,
    pub low_confidence: u64,
}

pub fn restore_lines(lines: Vec<Line>, _mode: RestoreMode) -> (Vec<Line>, RestoreStats) {
    (lines, RestoreStats::default())
}
