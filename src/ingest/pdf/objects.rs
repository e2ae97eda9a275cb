//! Small accessors over lopdf objects that never fail loudly: a missing or malformed entry is
//! `None`, reference chains are bounded (lopdf's own dereference limit).

use lopdf::{Dictionary, Document, Object};

pub fn deref<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Object> {
    doc.dereference(o).ok().map(|(_, o)| o)
}

pub fn get<'a>(doc: &'a Document, d: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    d.get(key).ok().and_then(|o| deref(doc, o))
}

pub fn num(o: &Object) -> Option<f32> {
    match o {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) if r.is_finite() => Some(*r),
        _ => None,
    }
}

pub fn name_of(o: &Object) -> Option<&[u8]> {
    match o {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// A stream's decoded bytes, bounded by `limit`; `None` when it is not a stream, cannot be
/// decoded, or is larger than the limit.
pub fn stream_bytes(o: &Object, limit: usize) -> Option<Vec<u8>> {
    match o {
        Object::Stream(s) => s.get_plain_content_with_limit(limit).ok(),
        _ => None,
    }
}

/// Numbers of an array (references followed).
pub fn numbers(doc: &Document, o: &Object) -> Vec<f32> {
    match o {
        Object::Array(a) => a
            .iter()
            .filter_map(|x| deref(doc, x).and_then(num))
            .collect(),
        _ => Vec::new(),
    }
}
