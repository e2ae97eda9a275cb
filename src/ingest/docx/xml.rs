//! A thin layer over quick-xml's namespace-aware slice reader: element names resolved to the
//! namespaces Word uses, text with character and predefined entity references resolved, and
//! everything else refused. Word never writes a DTD; one in a package is hostile (entity
//! expansion, external entities) and ends the reading with an error.

use crate::error::{Error, Result};
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;
use std::borrow::Cow;

/// The namespaces whose elements the reader interprets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Ns {
    /// WordprocessingML, transitional or strict.
    W,
    /// Markup compatibility (`mc:AlternateContent`, `mc:Choice`, `mc:Fallback`).
    Mc,
    /// Office Math (`m:t` holds the text of an equation).
    Math,
    /// Package relationships (`.rels` parts).
    Rels,
    /// Extended properties (`docProps/app.xml`).
    App,
    Other,
}

fn ns_of(uri: &[u8]) -> Ns {
    match uri {
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
        | b"http://purl.oclc.org/ooxml/wordprocessingml/main" => Ns::W,
        b"http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns::Mc,
        b"http://schemas.openxmlformats.org/officeDocument/2006/math"
        | b"http://purl.oclc.org/ooxml/officeDocument/math" => Ns::Math,
        b"http://schemas.openxmlformats.org/package/2006/relationships" => Ns::Rels,
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
        | b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties" => Ns::App,
        _ => Ns::Other,
    }
}

/// One event as the Word reader sees it.
pub(super) enum Ev<'a> {
    /// An element opens (`empty`: it also closes, `<w:b/>`).
    Open {
        ns: Ns,
        start: BytesStart<'a>,
        empty: bool,
    },
    Close,
    Text(Cow<'a, str>),
    Eof,
}

impl Ev<'_> {
    /// Whether this opens element `local` of namespace `ns`.
    pub fn is(&self, want_ns: Ns, local: &[u8]) -> bool {
        matches!(self, Ev::Open { ns, start, .. } if *ns == want_ns && start.local_name().as_ref() == local)
    }
}

/// A reader over one part, naming the part in its errors.
pub(super) struct Xml<'a> {
    reader: NsReader<&'a [u8]>,
    part: &'a str,
    /// Open elements, to bound nesting (deeply nested input would otherwise cost stack in the
    /// recursive readers above).
    depth: usize,
}

/// Deepest element nesting accepted. Real documents stay under 40 (tables in text boxes in
/// tables); a million nested elements is an attack on the recursive readers.
pub(super) const MAX_DEPTH: usize = 512;

impl<'a> Xml<'a> {
    pub fn new(bytes: &'a [u8], part: &'a str) -> Xml<'a> {
        let mut reader = NsReader::from_reader(bytes);
        let config = reader.config_mut();
        config.expand_empty_elements = false;
        config.trim_text_start = false;
        config.trim_text_end = false;
        config.check_end_names = true;
        Xml {
            reader,
            part,
            depth: 0,
        }
    }

    pub fn error(&self, what: impl std::fmt::Display) -> Error {
        Error::Word(format!(
            "{}: {what} (byte {})",
            self.part,
            self.reader.buffer_position()
        ))
    }

    pub fn next(&mut self) -> Result<Ev<'a>> {
        loop {
            let (resolved, event) = match self.reader.read_resolved_event() {
                Ok(x) => x,
                Err(e) => return Err(self.error(format_args!("malformed XML: {e}"))),
            };
            let ns = match resolved {
                ResolveResult::Bound(n) => ns_of(n.as_ref()),
                _ => Ns::Other,
            };
            return Ok(match event {
                Event::Start(start) => {
                    self.depth += 1;
                    if self.depth > MAX_DEPTH {
                        return Err(
                            self.error(format_args!("elements nested more than {MAX_DEPTH} deep"))
                        );
                    }
                    Ev::Open {
                        ns,
                        start,
                        empty: false,
                    }
                }
                Event::Empty(start) => Ev::Open {
                    ns,
                    start,
                    empty: true,
                },
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Ev::Close
                }
                Event::Text(t) => match t.decode() {
                    Ok(s) => Ev::Text(s),
                    Err(e) => return Err(self.error(format_args!("bad text: {e}"))),
                },
                Event::CData(t) => match t.decode() {
                    Ok(s) => Ev::Text(s),
                    Err(e) => return Err(self.error(format_args!("bad text: {e}"))),
                },
                Event::GeneralRef(r) => {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        Ok(None) => {
                            let name = r.decode().unwrap_or_default();
                            match quick_xml::escape::resolve_predefined_entity(&name) {
                                Some(s) => s.to_string(),
                                None => {
                                    return Err(self.error(format_args!(
                                        "undefined entity &{name}; (entities are not expanded)"
                                    )))
                                }
                            }
                        }
                        Err(e) => return Err(self.error(format_args!("bad reference: {e}"))),
                    };
                    Ev::Text(Cow::Owned(c))
                }
                Event::DocType(_) => {
                    return Err(self.error("a DTD (document type declaration) is not allowed"))
                }
                Event::Eof => Ev::Eof,
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) => continue,
            });
        }
    }

    /// Skips the rest of the element just opened (not empty).
    pub fn skip(&mut self) -> Result<()> {
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Ev::Open { empty: false, .. } => depth += 1,
                Ev::Close => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Ev::Eof => return Err(self.error("unexpected end of the part")),
                _ => {}
            }
        }
    }

    /// Calls `f` on each WordprocessingML child of the element just opened, to the element's
    /// end: `f` gets the child's start tag and whether it is empty, and returns whether it read
    /// the child's content itself (else it is skipped). Children of other namespaces and text
    /// are skipped. For property elements (`w:rPr`, `w:tcPr`, …), whose children are settings.
    pub fn each_child(
        &mut self,
        mut f: impl FnMut(&mut Xml<'a>, &BytesStart<'a>, bool) -> Result<bool>,
    ) -> Result<()> {
        loop {
            match self.next()? {
                Ev::Open {
                    ns: Ns::W,
                    start,
                    empty,
                } => {
                    let consumed = f(self, &start, empty)?;
                    if !empty && !consumed {
                        self.skip()?;
                    }
                }
                Ev::Open { empty: false, .. } => self.skip()?,
                Ev::Close | Ev::Eof => return Ok(()),
                _ => {}
            }
        }
    }

    /// Reads the text content of the element just opened, to its end (nested elements' text
    /// included).
    pub fn text(&mut self) -> Result<String> {
        let mut out = String::new();
        let mut depth = 1usize;
        loop {
            match self.next()? {
                Ev::Open { empty: false, .. } => depth += 1,
                Ev::Close => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                }
                Ev::Text(t) => out.push_str(&t),
                Ev::Eof => return Err(self.error("unexpected end of the part")),
                _ => {}
            }
        }
    }
}

/// The value of the attribute with local name `local` (any prefix), unescaped.
pub(super) fn attr(start: &BytesStart, local: &[u8]) -> Option<String> {
    for a in start.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == local {
            return a
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(Cow::into_owned);
        }
    }
    None
}

/// `w:val` read as a number.
pub(super) fn attr_u32(start: &BytesStart, local: &[u8]) -> Option<u32> {
    attr(start, local).and_then(|v| v.trim().parse().ok())
}

/// An on/off property (`<w:b/>`, `<w:b w:val="0"/>`, `w:val="false"`).
pub(super) fn on_off(start: &BytesStart) -> bool {
    !matches!(
        attr(start, b"val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}
