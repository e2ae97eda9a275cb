//! normalize (stub, filled next)
use crate::model::Document;
pub fn normalize(_d: &mut Document) {}
