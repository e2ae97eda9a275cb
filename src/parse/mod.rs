//! parse: blocks → Document. (stub, filled next)
use crate::layout::Layout;
use crate::model::*;
pub fn parse(_layout: &Layout, source: Source) -> Document {
    Document {
        schema_version: SCHEMA_VERSION.into(),
        source,
        document: DocumentInfo::default(),
        legal_bases: vec![],
        references: vec![],
        preamble: vec![],
        sections: vec![],
        closing: vec![],
        indicators: vec![],
        tasks: vec![],
        footnotes: vec![],
        warnings: vec![],
    }
}
