//! The fuzz targets' bodies: shared by the AFL++ binaries (fuzz/src/bin) and by the replay test
//! (tests/fuzz_replay.rs), which runs every committed corpus and crash file through them
//! without a fuzzer.
//!
//! Each target feeds one input kind to the library and checks the invariants that hold for any
//! input: the result is an error or a document whose spans lie inside the input, and the same
//! input converts to the same output. A panic in vanban's own code is a finding even where the
//! pipeline catches it (it becomes "internal error" for the user): [`abort_on_own_panics`].

use vanban::{ConvertOptions, RestoreMode};

/// Makes any panic raised in vanban's code abort, so the fuzzer sees it even where a stage
/// catches it; panics raised inside dependencies (lopdf's parser, caught and reported as a
/// malformed file) keep their normal course.
#[allow(dead_code)] // the fuzz binaries call it; the replay test does not
pub fn abort_on_own_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        default(info);
        let in_dependency = info
            .location()
            .is_some_and(|l| l.file().contains(".cargo/registry") || l.file().contains("/rustc/"));
        if !in_dependency {
            std::process::abort();
        }
    }));
}

/// OCR off: Tesseract is an outside program run under its own budget, and a page without text
/// would spend the fuzzer's time there rather than in vanban's readers.
fn options(restore: RestoreMode) -> ConvertOptions {
    ConvertOptions {
        restore,
        ocr: vanban::ingest::ocr::OcrOptions {
            mode: vanban::ingest::ocr::OcrMode::Never,
            ..Default::default()
        },
        ..Default::default()
    }
}

/// Spans lie inside the document: pages within its page count, lines in order.
fn check_spans(doc: &vanban::Document) {
    let json = serde_json::to_value(doc).expect("serializes");
    let pages = u64::from(doc.source.pages.max(1));
    let mut stack = vec![&json];
    while let Some(v) = stack.pop() {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(span) = map.get("span").and_then(|s| s.as_object()) {
                    let n = |k: &str| span.get(k).and_then(|v| v.as_u64()).unwrap_or(0);
                    assert!(
                        (1..=pages).contains(&n("page")),
                        "span page outside: {span:?}"
                    );
                    assert!(
                        n("line_start") <= n("line_end"),
                        "span lines reversed: {span:?}"
                    );
                }
                stack.extend(map.values());
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
}

fn convert(name: &str, data: &[u8], restore: RestoreMode) {
    let Ok(doc) = vanban::convert_bytes(name, data, &options(restore)) else {
        return;
    };
    check_spans(&doc);
    let again = vanban::convert_bytes(name, data, &options(restore)).expect("converted once");
    assert!(again == doc, "same input, different output");
}

/// A PDF through the whole pipeline (no restoration: the restorer has its own target).
pub fn pdf(data: &[u8]) {
    convert("fuzz.pdf", data, RestoreMode::Never);
}

/// A Word document (.docx; a zip of XML parts) through the whole pipeline.
pub fn word(data: &[u8]) {
    convert("fuzz.docx", data, RestoreMode::Never);
}

/// Text (any encoding) through the whole pipeline, restoration decided as by default.
pub fn text(data: &[u8]) {
    convert("fuzz.txt", data, RestoreMode::Auto);
}

/// The restorer on text: the first byte picks the mode and annotation. Line structure is kept.
pub fn restore(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mode = match flags % 3 {
        0 => RestoreMode::Auto,
        1 => RestoreMode::Always,
        _ => RestoreMode::Never,
    };
    let options = vanban::restore::RestoreOptions {
        mode,
        annotate: flags & 4 != 0,
        ..Default::default()
    };
    let out = vanban::restore::restore_text(text, &options);
    if !options.annotate {
        assert_eq!(
            out.text.lines().count(),
            text.lines().count(),
            "restoration changed the number of lines"
        );
    }
    for c in &out.changes {
        assert!(c.start <= c.end, "change span reversed: {c:?}");
    }
}

/// Two documents compared: the input split at its first NUL byte into BASE and OTHER (text).
pub fn diff(data: &[u8]) {
    let at = data.iter().position(|&b| b == 0).unwrap_or(data.len() / 2);
    let (base, other) = (&data[..at], &data[(at + 1).min(data.len())..]);
    let load = |name, bytes| vanban::convert_bytes(name, bytes, &options(RestoreMode::Never));
    if let (Ok(b), Ok(o)) = (load("base.txt", base), load("other.txt", other)) {
        let report = vanban::diff::diff(&b, &o);
        let _ = vanban::diff::render_markdown(&report, vanban::diff::Lang::Vi);
        let _ = vanban::diff::render_html(&report, vanban::diff::Lang::En);
    }
}
