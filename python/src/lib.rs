//! `vanban._native`: the native half of the Python package `vanban`. Each function calls the
//! library (`vanban::convert_bytes`, `restore`, `diff`, `schema`, `cli`) and hands back what
//! the command line writes: its JSON text, or the same value as Python objects (`to_python`);
//! `vanban/__init__.py` turns sources (paths, bytes, file objects) into what these take.
//!
//! Conversion runs with the GIL released, so Python threads convert in parallel. A failure is a
//! `vanban.ConversionError` with the path and the reason; a panic (a bug) is caught here and
//! reported the same way, never unwinding into the interpreter.

use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use std::ffi::OsString;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use vanban::{ConvertOptions, RestoreMode};

mod to_python;

/// The allocator of the `vanban` binary: the pipeline allocates many small strings, and the
/// Python API is measured against the binary.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

// Defined in vanban/__init__.py (path and reason attributes, picklable for Spark and Ray).
pyo3::import_exception!(vanban, ConversionError);

/// What the converting functions read: a file by its path, or the bytes of a document.
#[derive(FromPyObject)]
enum Source {
    Bytes(PyBackedBytes),
    Path(PathBuf),
}

/// The name recorded for bytes given without one (`source.path`), as for standard input.
const UNNAMED: &str = "-";

fn restore_mode(value: &str, what: &str) -> PyResult<RestoreMode> {
    match value {
        "auto" => Ok(RestoreMode::Auto),
        "always" => Ok(RestoreMode::Always),
        "never" => Ok(RestoreMode::Never),
        other => Err(PyValueError::new_err(format!(
            "{what} must be 'auto', 'always' or 'never', not {other:?}"
        ))),
    }
}

/// The library's options from the Python keywords; unknown values are a ValueError.
fn convert_options(restore: &str, ocr: &str, encoding: &str) -> PyResult<ConvertOptions> {
    let mode: vanban::ingest::ocr::OcrMode = ocr.parse().map_err(|_| {
        PyValueError::new_err(format!(
            "ocr must be 'auto', 'always' or 'never', not {ocr:?}"
        ))
    })?;
    Ok(ConvertOptions {
        restore: restore_mode(restore, "restore")?,
        encoding: encoding.parse().map_err(PyValueError::new_err)?,
        ocr: vanban::ingest::ocr::OcrOptions {
            mode,
            ..Default::default()
        },
        ..Default::default()
    })
}

/// The message of a caught panic.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("internal error (please report): {what}")
}

/// Runs `f`, turning a panic into its message.
fn caught<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| Err(panic_message(&*p)))
}

/// Reads (a path) and converts a document, then `finish`es it (its JSON text, say), all with
/// the GIL released: one release per call. The error is the `ConversionError` to raise: the
/// path (or `name`) and the reason.
fn convert_then<T: Send>(
    py: Python<'_>,
    source: Source,
    name: Option<String>,
    options: &ConvertOptions,
    finish: impl FnOnce(vanban::Document) -> T + Send,
) -> PyResult<T> {
    let (name, result) = py.detach(|| {
        let (name, result) = match &source {
            Source::Path(path) => {
                let name = name.unwrap_or_else(|| path.to_string_lossy().into_owned());
                let result = std::fs::read(path)
                    .map_err(|e| format!("cannot read: {e}"))
                    .and_then(|bytes| convert_caught(&name, &bytes, options));
                (name, result)
            }
            Source::Bytes(bytes) => {
                let name = name.unwrap_or_else(|| UNNAMED.to_string());
                let result = convert_caught(&name, bytes, options);
                (name, result)
            }
        };
        (
            name,
            result.and_then(|document| caught(|| Ok(finish(document)))),
        )
    });
    result.map_err(|reason| ConversionError::new_err((name, reason)))
}

fn convert_caught(
    name: &str,
    bytes: &[u8],
    options: &ConvertOptions,
) -> Result<vanban::Document, String> {
    caught(|| vanban::convert_bytes(name, bytes, options).map_err(|e| e.to_string()))
}

/// Converts a document (a path, or bytes with `name` recorded as its path) to the JSON text
/// `vanban convert` writes for it, byte for byte.
#[pyfunction]
#[pyo3(signature = (source, name=None, restore="auto", ocr="auto", encoding="auto"))]
fn convert_json(
    py: Python<'_>,
    source: Source,
    name: Option<String>,
    restore: &str,
    ocr: &str,
    encoding: &str,
) -> PyResult<String> {
    let options = convert_options(restore, ocr, encoding)?;
    convert_then(py, source, name, &options, |document| {
        vanban::to_json(&document)
    })
}

/// As `convert_json`, as Python objects: the dict `json.loads` would give, built directly.
#[pyfunction]
#[pyo3(signature = (source, name=None, restore="auto", ocr="auto", encoding="auto"))]
fn convert<'py>(
    py: Python<'py>,
    source: Source,
    name: Option<String>,
    restore: &str,
    ocr: &str,
    encoding: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let options = convert_options(restore, ocr, encoding)?;
    let document = convert_then(py, source, name, &options, |document| document)?;
    to_python::to_python(py, &document)
}

/// What a table of documents keeps of one: the JSON text, then source.sha256 and the
/// document's type, number, date, issuer name and title.
type RecordParts = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// `convert_json` and the fields of `vanban.convert_record`, without parsing the JSON again.
#[pyfunction]
#[pyo3(signature = (source, name=None, restore="auto", ocr="auto", encoding="auto"))]
fn convert_record_parts(
    py: Python<'_>,
    source: Source,
    name: Option<String>,
    restore: &str,
    ocr: &str,
    encoding: &str,
) -> PyResult<RecordParts> {
    let options = convert_options(restore, ocr, encoding)?;
    convert_then(py, source, name, &options, |mut document| {
        let text = vanban::to_json(&document);
        let info = &mut document.document;
        (
            text,
            std::mem::take(&mut document.source.sha256),
            info.doc_type.take(),
            info.number.take(),
            info.date.take(),
            info.issuer.name.take(),
            info.title.take(),
        )
    })
}

/// A document for `diff`: the JSON `vanban convert` wrote (`.json`), or any input converted now,
/// as JSON text.
#[pyfunction]
#[pyo3(signature = (path, restore="auto", ocr="auto", encoding="auto"))]
fn load_document_json(
    py: Python<'_>,
    path: PathBuf,
    restore: &str,
    ocr: &str,
    encoding: &str,
) -> PyResult<String> {
    let options = convert_options(restore, ocr, encoding)?;
    py.detach(|| {
        caught(|| {
            vanban::load_document(&path, &options)
                .map(|doc| vanban::to_json(&doc))
                .map_err(|e| e.to_string())
        })
    })
    .map_err(|reason| ConversionError::new_err((path.to_string_lossy().into_owned(), reason)))
}

/// Restores missing or OCR-damaged diacritics, keeping the line structure (`vanban restore`).
#[pyfunction]
#[pyo3(signature = (text, mode="auto", annotate=false))]
fn restore(py: Python<'_>, text: PyBackedStr, mode: &str, annotate: bool) -> PyResult<String> {
    let options = vanban::restore::RestoreOptions {
        mode: restore_mode(mode, "mode")?,
        annotate,
        ..Default::default()
    };
    py.detach(|| caught(|| Ok(vanban::restore::restore_text(&text, &options).text)))
        .map_err(PyRuntimeError::new_err)
}

/// Compares OTHER with the plan it implements (BASE), each given as a document's JSON text;
/// returns the report (`vanban diff --format json`) as Python objects.
#[pyfunction]
fn diff<'py>(
    py: Python<'py>,
    base: PyBackedStr,
    other: PyBackedStr,
) -> PyResult<Bound<'py, PyAny>> {
    let parse = |text: &str, which: &str| {
        serde_json::from_str::<vanban::Document>(text)
            .map_err(|e| PyValueError::new_err(format!("{which}: not a vanban document: {e}")))
    };
    let report = py.detach(|| {
        let (base, other) = (parse(&base, "base")?, parse(&other, "other")?);
        caught(|| Ok(vanban::diff::diff(&base, &other))).map_err(PyRuntimeError::new_err)
    })?;
    to_python::to_python(py, &report)
}

/// Runs the command line with `argv` (program name first); returns the exit code.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<OsString>) -> u8 {
    let code = py.detach(|| vanban::cli::run(argv));
    // The binary's standard streams are flushed at exit; here Python's exit follows.
    use std::io::Write;
    let _ = std::io::stdout().flush();
    let _ = std::io::stderr().flush();
    code
}

/// The native half of the `vanban` package: see `vanban/__init__.py`.
#[pymodule]
mod _native {
    #[pymodule_export]
    use super::{
        convert, convert_json, convert_record_parts, diff, load_document_json, restore, run_cli,
    };

    #[pymodule_export]
    const VERSION: &str = vanban::VERSION;
    #[pymodule_export]
    const SCHEMA: &str = vanban::schema::SCHEMA;
    #[pymodule_export]
    const DIFF_SCHEMA: &str = vanban::schema::DIFF_SCHEMA;
}
