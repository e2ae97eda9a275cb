//! layout: lines → blocks. (stub, filled next)
use crate::ingest::Line;
pub struct Layout {
    pub lines: Vec<Line>,
}
pub fn layout(lines: Vec<Line>) -> Layout {
    Layout { lines }
}
