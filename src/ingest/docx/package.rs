//! The package: a zip of XML parts tied together by relationships. Parts are found the way Word
//! finds them (`_rels/.rels` names the main document, its own `.rels` names styles, numbering
//! and notes), read with bounds on every entry and on the total, so a zip bomb costs at most
//! the limits.

use super::xml::{attr, Ev, Ns, Xml};
use super::Limits;
use crate::error::{Error, Result};
use std::io::{Cursor, Read};

/// The parts the reader uses, by their path in the zip.
#[derive(Debug, Default, Clone, PartialEq)]
pub(super) struct Parts {
    pub document: String,
    pub styles: Option<String>,
    pub numbering: Option<String>,
    pub footnotes: Option<String>,
    pub endnotes: Option<String>,
    /// `docProps/app.xml`: the page count Word saved.
    pub app: Option<String>,
}

pub(super) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    limits: &'a Limits,
    /// Bytes decompressed so far.
    total: usize,
}

impl<'a> Package<'a> {
    pub fn open(bytes: &'a [u8], limits: &'a Limits) -> Result<Package<'a>> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| Error::Word(format!("not a Word .docx file: not a zip archive ({e})")))?;
        if zip.len() > limits.max_entries {
            return Err(Error::Word(format!(
                "{} entries in the zip archive; more than {}",
                zip.len(),
                limits.max_entries
            )));
        }
        Ok(Package {
            zip,
            limits,
            total: 0,
        })
    }

    /// The name under which `path` is stored: exactly, or ignoring ASCII case (some tools
    /// write `Word/Document.xml`).
    fn stored_name(&self, path: &str) -> Option<String> {
        let path = path.trim_start_matches('/');
        if self.zip.index_for_name(path).is_some() {
            return Some(path.to_string());
        }
        self.names()
            .into_iter()
            .find(|n| n.eq_ignore_ascii_case(path))
    }

    /// The part's bytes, or `None` when the package has no such part.
    pub fn read(&mut self, path: &str) -> Result<Option<Vec<u8>>> {
        let Some(name) = self.stored_name(path) else {
            return Ok(None);
        };
        let mut file = self
            .zip
            .by_name(&name)
            .map_err(|e| Error::Word(format!("{name}: cannot read from the zip archive ({e})")))?;
        let max = self.limits.max_part;
        if file.size() > max as u64 {
            return Err(Error::Word(format!(
                "{name}: {} MiB uncompressed; more than {} MiB (a zip bomb?)",
                file.size() >> 20,
                max >> 20
            )));
        }
        // The declared size may lie: read at most one byte past the limit.
        let mut out = Vec::with_capacity(file.size().min(max as u64) as usize);
        (&mut file)
            .take(max as u64 + 1)
            .read_to_end(&mut out)
            .map_err(|e| Error::Word(format!("{name}: cannot decompress ({e})")))?;
        if out.len() > max {
            return Err(Error::Word(format!(
                "{name}: more than {} MiB uncompressed (a zip bomb?)",
                max >> 20
            )));
        }
        self.total += out.len();
        if self.total > self.limits.max_total {
            return Err(Error::Word(format!(
                "more than {} MiB uncompressed in all (a zip bomb?)",
                self.limits.max_total >> 20
            )));
        }
        Ok(Some(out))
    }

    /// Finds the main document and the parts it relates to.
    pub fn parts(&mut self) -> Result<Parts> {
        let root = match self.read("_rels/.rels")? {
            Some(rels) => relationships(&rels, "_rels/.rels")?,
            None => Vec::new(),
        };
        let root_part = |suffix: &str| {
            root.iter()
                .find(|(kind, _)| kind.ends_with(suffix))
                .map(|(_, target)| resolve("", target))
        };
        let document = root_part("/officeDocument");
        let app = root_part("/extended-properties");
        let document = match document.or_else(|| self.stored_name("word/document.xml")) {
            Some(d) if self.stored_name(&d).is_some() => d,
            _ => return Err(self.missing_document()),
        };
        let mut parts = Parts {
            document: self.stored_name(&document).unwrap_or(document),
            app,
            ..Parts::default()
        };
        let (dir, file) = match parts.document.rsplit_once('/') {
            Some((d, f)) => (d.to_string(), f.to_string()),
            None => (String::new(), parts.document.clone()),
        };
        let rels_path = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let related = match self.read(&rels_path)? {
            Some(rels) => relationships(&rels, &rels_path)?,
            None => Vec::new(),
        };
        let find = |suffix: &str, default: &str| {
            related
                .iter()
                .find(|(kind, _)| kind.ends_with(suffix))
                .map(|(_, t)| resolve(&dir, t))
                .or_else(|| Some(resolve(&dir, default)))
        };
        parts.styles = find("/styles", "styles.xml");
        parts.numbering = find("/numbering", "numbering.xml");
        parts.footnotes = find("/footnotes", "footnotes.xml");
        parts.endnotes = find("/endnotes", "endnotes.xml");
        Ok(parts)
    }

    /// The names of the entries (those whose name is readable).
    fn names(&self) -> Vec<String> {
        self.zip
            .file_names()
            .filter_map(|n| n.ok().map(|n| n.into_owned()))
            .collect()
    }

    fn missing_document(&self) -> Error {
        let names = self.names();
        let what = if names
            .iter()
            .any(|n| *n == "mimetype" || n.starts_with("content.xml"))
        {
            "an OpenDocument file, not a Word .docx"
        } else if names.iter().any(|n| n.starts_with("xl/")) {
            "an Excel workbook, not a Word .docx"
        } else if names.iter().any(|n| n.starts_with("ppt/")) {
            "a PowerPoint file, not a Word .docx"
        } else {
            "not a Word .docx file"
        };
        Error::Word(format!(
            "{what}: the zip archive has no main document part (word/document.xml)"
        ))
    }
}

/// `(type, target)` of every internal relationship of a `.rels` part.
fn relationships(bytes: &[u8], part: &str) -> Result<Vec<(String, String)>> {
    let mut xml = Xml::new(bytes, part);
    let mut out = Vec::new();
    loop {
        match xml.next()? {
            Ev::Open {
                ns: Ns::Rels,
                start,
                ..
            } if start.local_name().as_ref() == b"Relationship" => {
                if attr(&start, b"TargetMode").is_some_and(|m| m == "External") {
                    continue;
                }
                if let (Some(kind), Some(target)) = (attr(&start, b"Type"), attr(&start, b"Target"))
                {
                    out.push((kind, target));
                }
            }
            Ev::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// A relationship target as a path in the zip: relative to `dir`, or absolute from the root;
/// "." and ".." resolved.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|s| !s.is_empty()).collect()
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_like_paths() {
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("", "/word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word", "styles.xml"), "word/styles.xml");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("word", "/word/footnotes.xml"), "word/footnotes.xml");
    }
}
