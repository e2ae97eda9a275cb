//! Where a batch writes: `-o` and `--format` resolved into a plan, and the sink the results go
//! to in input order.
//!
//! - No `-o`: one document (JSON, Markdown, text) or a JSON Lines stream to standard output.
//! - `-o FILE` (an existing file, or a name with a known extension, `plan.json`, `all.jsonl`,
//!   `plan.xlsx`): one document, or the whole batch as JSON Lines or one workbook.
//! - `-o DIR` (an existing folder, a name ending in `/`, or any other name): a file per document
//!   (`DIR/<name>.json|.md|.txt`), or `DIR/documents.jsonl`, `DIR/documents.xlsx`, or
//!   `DIR/tasks.csv`, `DIR/indicators.csv` and `DIR/documents.csv`.

use super::atomic::TempOutput;
use super::BatchError;
use crate::export::csv::CsvWriter;
use crate::export::rows::Table;
use crate::export::xlsx::XlsxWriter;
use crate::export::Format;
use crate::model::Document;
use std::collections::HashSet;
use std::io::{BufRead, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

/// What the batch writes and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Plan {
    /// One document (JSON, Markdown or text): to standard output, or to this file.
    Single(Option<PathBuf>),
    /// JSON Lines on standard output.
    Stream,
    /// A file per document in this folder.
    PerDocument(PathBuf),
    /// One output for the whole batch: the JSON Lines file, the workbook, or the folder of the
    /// three CSV files.
    Combined(PathBuf),
}

/// The format: as given, else read from `-o`'s extension, else JSON.
pub fn resolve_format(out: Option<&Path>, format: Option<Format>) -> Format {
    format
        .or_else(|| {
            let out = out?;
            if out.is_dir() {
                return None;
            }
            Format::from_extension(&out.extension()?.to_string_lossy())
        })
        .unwrap_or_default()
}

/// Where `format` goes for this `-o`.
pub fn plan(out: Option<&Path>, format: Format) -> Result<Plan, BatchError> {
    let usage = |m: &str| Err(BatchError::Usage(m.to_string()));
    let Some(out) = out else {
        return match format {
            Format::Csv => usage(
                "--format csv writes tasks.csv, indicators.csv and documents.csv: give -o DIR",
            ),
            Format::Xlsx => usage("--format xlsx writes a workbook: give -o FILE.xlsx or -o DIR"),
            Format::Jsonl => Ok(Plan::Stream),
            _ => Ok(Plan::Single(None)),
        };
    };
    let names_folder = out.is_dir()
        || out
            .as_os_str()
            .to_string_lossy()
            .ends_with(std::path::MAIN_SEPARATOR)
        || (!out.exists()
            && out
                .extension()
                .is_none_or(|e| Format::from_extension(&e.to_string_lossy()).is_none()));
    match (names_folder, format) {
        (false, Format::Csv) => usage(
            "--format csv writes tasks.csv, indicators.csv and documents.csv: -o must name a folder",
        ),
        (false, f) if f.is_per_document() => Ok(Plan::Single(Some(out.to_path_buf()))),
        (false, _) => Ok(Plan::Combined(out.to_path_buf())),
        (true, f) if f.is_per_document() => Ok(Plan::PerDocument(out.to_path_buf())),
        (true, Format::Csv) => Ok(Plan::Combined(out.to_path_buf())),
        (true, f) => Ok(Plan::Combined(
            out.join(format!("documents.{}", f.extension())),
        )),
    }
}

/// The three CSV files of a folder.
pub fn csv_paths(dir: &Path) -> [(Table, PathBuf); 3] {
    Table::ALL.map(|t| (t, dir.join(format!("{}.csv", t.name()))))
}

/// Receives the batch's results in input order.
pub enum Sink {
    Stdout(std::io::Stdout),
    /// The workers write each document's file (or the one document's).
    PerDocument,
    Jsonl(BufWriter<TempOutput>),
    Csv(Vec<(PathBuf, CsvWriter<BufWriter<TempOutput>>)>),
    Xlsx(Box<XlsxWriter>, TempOutput),
}

/// What a worker hands the sink for one document.
pub enum Produced {
    /// Written to its own file by the worker.
    Written,
    /// Text for standard output or the JSON Lines file.
    Text(String),
    /// Rows for the tables.
    Document(Box<Document>),
}

impl Sink {
    /// Opens the outputs. With `skip_existing`, a combined output that exists is continued: its
    /// content is copied first, and the sources it already holds are returned, to be skipped.
    pub fn open(
        plan: &Plan,
        format: Format,
        skip_existing: bool,
    ) -> Result<(Sink, HashSet<String>), BatchError> {
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |error| BatchError::Output {
                path: path.clone(),
                error,
            }
        };
        let mut done = HashSet::new();
        let sink = match (plan, format) {
            (Plan::Single(None) | Plan::Stream, _) => Sink::Stdout(std::io::stdout()),
            (Plan::Single(Some(_)) | Plan::PerDocument(_), _) => Sink::PerDocument,
            (Plan::Combined(path), Format::Jsonl) => {
                let mut out = BufWriter::new(TempOutput::new(path).map_err(io(path))?);
                if skip_existing && path.exists() {
                    done = continue_jsonl(path, &mut out).map_err(io(path))?;
                }
                Sink::Jsonl(out)
            }
            (Plan::Combined(dir), Format::Csv) => {
                let mut writers = Vec::new();
                for (table, path) in csv_paths(dir) {
                    let mut out = BufWriter::new(TempOutput::new(&path).map_err(io(&path))?);
                    if skip_existing && path.exists() {
                        let sources = continue_csv(&path, table, &mut out)?;
                        done.extend(sources);
                        writers.push((path, CsvWriter::appending(out, table)));
                    } else {
                        let writer =
                            CsvWriter::new(out, table).map_err(|e| BatchError::Output {
                                path: path.clone(),
                                error: e.into(),
                            })?;
                        writers.push((path, writer));
                    }
                }
                Sink::Csv(writers)
            }
            (Plan::Combined(path), _) => {
                if skip_existing {
                    return Err(BatchError::Usage(
                        "--skip-existing cannot add to an Excel workbook: use --format csv or jsonl, or write a new workbook".into(),
                    ));
                }
                let tmp = TempOutput::new(path).map_err(io(path))?;
                let writer = XlsxWriter::new(path.parent().filter(|p| !p.as_os_str().is_empty()))
                    .map_err(|e| BatchError::Output {
                    path: path.clone(),
                    error: std::io::Error::other(e),
                })?;
                Sink::Xlsx(Box::new(writer), tmp)
            }
        };
        Ok((sink, done))
    }

    /// Takes one document's output. A closed standard output is `BrokenPipe`.
    pub fn accept(&mut self, produced: Produced) -> std::io::Result<()> {
        match (self, produced) {
            (Sink::Stdout(out), Produced::Text(text)) => {
                let mut out = out.lock();
                out.write_all(text.as_bytes())?;
                out.flush()
            }
            (Sink::Jsonl(out), Produced::Text(text)) => out.write_all(text.as_bytes()),
            (Sink::Csv(writers), Produced::Document(doc)) => {
                for (_, w) in writers {
                    w.write_document(&doc).map_err(std::io::Error::from)?;
                }
                Ok(())
            }
            (Sink::Xlsx(writer, _), Produced::Document(doc)) => {
                writer.write_document(&doc).map_err(std::io::Error::other)
            }
            _ => Ok(()),
        }
    }

    /// Completes the outputs: renamed into place only now, so an interrupted batch leaves none.
    pub fn finish(self) -> Result<(), BatchError> {
        let fail = |path: PathBuf| move |error| BatchError::Output { path, error };
        match self {
            Sink::Stdout(_) | Sink::PerDocument => Ok(()),
            Sink::Jsonl(out) => {
                let target = out.get_ref().target().to_path_buf();
                out.into_inner()
                    .map_err(|e| e.into_error())
                    .and_then(TempOutput::persist)
                    .map_err(fail(target))
            }
            Sink::Csv(writers) => {
                for (target, w) in writers {
                    w.into_inner()
                        .and_then(|out| out.into_inner().map_err(|e| e.into_error()))
                        .and_then(TempOutput::persist)
                        .map_err(fail(target))?;
                }
                Ok(())
            }
            Sink::Xlsx(writer, mut tmp) => {
                let target = tmp.target().to_path_buf();
                writer
                    .finish(&mut tmp)
                    .map_err(std::io::Error::other)
                    .and_then(|()| tmp.persist())
                    .map_err(fail(target))
            }
        }
    }
}

/// Copies an existing JSON Lines file into `out` and returns the `source.path` of its documents.
fn continue_jsonl(path: &Path, out: &mut impl Write) -> std::io::Result<HashSet<String>> {
    #[derive(serde::Deserialize)]
    struct Line {
        source: SourcePath,
    }
    #[derive(serde::Deserialize)]
    struct SourcePath {
        path: String,
    }
    let mut done = HashSet::new();
    let mut reader = std::io::BufReader::new(std::fs::File::open(path)?);
    let mut line = Vec::new();
    while reader.read_until(b'\n', &mut line)? > 0 {
        if let Ok(l) = serde_json::from_slice::<Line>(&line) {
            done.insert(l.source.path);
        }
        if !line.ends_with(b"\n") {
            line.push(b'\n');
        }
        out.write_all(&line)?;
        line.clear();
    }
    Ok(done)
}

/// Copies an existing CSV file of ours into `out` (it keeps its header) and returns the sources
/// its rows name. A file with other columns is not ours to extend.
fn continue_csv(
    path: &Path,
    table: Table,
    out: &mut impl Write,
) -> Result<HashSet<String>, BatchError> {
    let io = |error| BatchError::Output {
        path: path.to_path_buf(),
        error,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|mut f| f.read_to_end(&mut bytes))
        .map_err(io)?;
    let body = bytes
        .strip_prefix(crate::export::csv::BOM.as_bytes())
        .unwrap_or(&bytes);
    let mut reader = csv::ReaderBuilder::new().from_reader(body);
    let expected: Vec<&str> = table.columns().iter().map(|c| c.name).collect();
    let header_matches = reader
        .headers()
        .is_ok_and(|h| h.iter().eq(expected.iter().copied()));
    if !header_matches {
        return Err(BatchError::Output {
            path: path.to_path_buf(),
            error: std::io::Error::other(
                "its columns are not those vanban writes: cannot add to it (write to another folder)",
            ),
        });
    }
    let mut done = HashSet::new();
    for record in reader.records() {
        let record = record.map_err(|e| io(e.into()))?;
        if let Some(source) = record.get(0) {
            done.insert(source.to_string());
        }
    }
    out.write_all(&bytes).map_err(io)?;
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plans() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("exists.txt"), "x").unwrap();
        let p = |o: &str, f| plan(Some(&d.join(o)), f);
        assert_eq!(plan(None, Format::Jsonl).unwrap(), Plan::Stream);
        assert_eq!(plan(None, Format::Md).unwrap(), Plan::Single(None));
        assert!(matches!(plan(None, Format::Csv), Err(BatchError::Usage(_))));
        assert!(matches!(
            plan(None, Format::Xlsx),
            Err(BatchError::Usage(_))
        ));
        assert_eq!(
            p("out", Format::Json).unwrap(),
            Plan::PerDocument(d.join("out"))
        );
        assert_eq!(
            p("", Format::Text).unwrap(),
            Plan::PerDocument(d.to_path_buf())
        );
        assert_eq!(
            p("plan.json", Format::Json).unwrap(),
            Plan::Single(Some(d.join("plan.json")))
        );
        assert_eq!(
            p("exists.txt", Format::Json).unwrap(),
            Plan::Single(Some(d.join("exists.txt")))
        );
        assert_eq!(
            p("all.jsonl", Format::Jsonl).unwrap(),
            Plan::Combined(d.join("all.jsonl"))
        );
        assert_eq!(
            p("out", Format::Xlsx).unwrap(),
            Plan::Combined(d.join("out/documents.xlsx"))
        );
        assert_eq!(
            p("out", Format::Csv).unwrap(),
            Plan::Combined(d.join("out"))
        );
        assert!(matches!(p("t.csv", Format::Csv), Err(BatchError::Usage(_))));
    }

    #[test]
    fn the_format_follows_the_output_name() {
        let f = |o: &str| resolve_format(Some(Path::new(o)), None);
        assert_eq!(f("plan.xlsx"), Format::Xlsx);
        assert_eq!(f("plan.md"), Format::Md);
        assert_eq!(f("plan.txt"), Format::Text);
        assert_eq!(f("out"), Format::Json);
        assert_eq!(
            resolve_format(Some(Path::new("a.md")), Some(Format::Json)),
            Format::Json
        );
    }
}
