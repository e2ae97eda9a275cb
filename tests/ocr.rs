//! OCR of scans, page images and text layers that cannot be trusted (fixtures/ocr, see its
//! README). These tests need `tesseract` with a Vietnamese model (and poppler's `pdftoppm` for
//! rendered pages): CI installs them; elsewhere each test is skipped with the reason printed.

mod common;

use vanban::ingest::ocr::readability::{Readability, Verdict};
use vanban::ingest::ocr::{tesseract, Budget, OcrMode, OcrOptions};
use vanban::ingest::{ingest_with_ocr, Encoding, GridOrigin, Ingested};
use vanban::model::{PageImageKind, PageReason, PageText};
use vanban::{ConvertOptions, Document, Error};

/// Whether OCR can run here; prints why not.
fn ocr_ready(test: &str) -> bool {
    match tesseract::engine() {
        Ok(_) => true,
        Err(e) => {
            eprintln!("{test}: skipped: {e}");
            false
        }
    }
}

fn renderer_ready(test: &str) -> bool {
    let ok = std::process::Command::new("pdftoppm")
        .arg("-v")
        .output()
        .is_ok();
    if !ok {
        eprintln!("{test}: skipped: pdftoppm (poppler-utils) is not installed");
    }
    ok
}

fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(common::root().join("fixtures").join(rel)).expect("fixture exists")
}

fn options(mode: OcrMode) -> ConvertOptions {
    ConvertOptions {
        ocr: OcrOptions {
            mode,
            ..Default::default()
        },
        ..Default::default()
    }
}

fn convert(rel: &str, mode: OcrMode) -> Result<Document, Error> {
    vanban::convert_bytes(&format!("fixtures/{rel}"), &bytes(rel), &options(mode))
}

fn ingest(rel: &str, mode: OcrMode) -> Ingested {
    let o = OcrOptions {
        mode,
        ..Default::default()
    };
    ingest_with_ocr(&bytes(rel), rel, Encoding::Auto, &o).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn text(i: &Ingested) -> String {
    let mut s = String::new();
    for l in &i.lines {
        s.push_str(&l.text);
        s.push('\n');
    }
    for g in &i.tables {
        for c in &g.cells {
            for l in &c.lines {
                s.push_str(&l.text);
                s.push('\n');
            }
        }
    }
    s
}

/// Word tokens (punctuation trimmed) of the lines of page `page`.
fn words(i: &Ingested, page: u32) -> Vec<String> {
    i.lines
        .iter()
        .filter(|l| l.page == page)
        .flat_map(|l| l.text.split_whitespace())
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .filter(|w| !w.is_empty())
        .collect()
}

fn check_schema(name: &str, doc: &Document) {
    common::assert_valid(name, &common::json(doc));
}

#[test]
fn scanned_page_reads_like_its_born_digital_original() {
    if !ocr_ready("scanned_page_reads_like_its_born_digital_original") {
        return;
    }
    let scan = convert("ocr/kh-vpubnd-p1-scan.pdf", OcrMode::Auto).unwrap();
    check_schema("kh-vpubnd-p1-scan", &scan);
    let detail = &scan.source.pages_detail[0];
    assert_eq!(detail.text, PageText::Ocr);
    assert_eq!(detail.reason, Some(PageReason::NoText));
    assert_eq!(detail.image, Some(PageImageKind::Embedded));
    assert_eq!(detail.dpi, Some(150));
    // The header's facts are those of the page the scan was made from.
    let original = convert("pdf/kh-vpubnd-portrait.pdf", OcrMode::Never).unwrap();
    let (a, b) = (&scan.document, &original.document);
    assert_eq!(a.number, b.number);
    assert_eq!(a.doc_type, b.doc_type);
    assert_eq!(a.date, b.date);
    assert_eq!(a.place, b.place);
    assert_eq!(a.issuer, b.issuer);
    // Words: at least 95 % of the original page's, in order.
    let clean = words(&ingest("pdf/kh-vpubnd-portrait.pdf", OcrMode::Never), 1);
    let read = words(&ingest("ocr/kh-vpubnd-p1-scan.pdf", OcrMode::Auto), 1);
    let errors = strsim::generic_levenshtein(&clean, &read);
    let accuracy = 1.0 - errors as f64 / clean.len() as f64;
    assert!(
        accuracy >= 0.95,
        "1 - WER {accuracy:.3} ({errors} of {})",
        clean.len()
    );
}

#[test]
fn scanned_ruled_table_gives_the_grid_of_the_original() {
    if !ocr_ready("scanned_ruled_table_gives_the_grid_of_the_original") {
        return;
    }
    let original = ingest("pdf/phuluc-landscape.pdf", OcrMode::Never);
    let scan = ingest("ocr/phuluc-p1-scan.pdf", OcrMode::Auto);
    let a = original
        .tables
        .iter()
        .find(|g| g.page == 1)
        .expect("a table");
    let b = scan.tables.first().expect("the scan's table");
    assert_eq!(b.origin, GridOrigin::Ocr);
    assert_eq!((b.n_rows, b.n_cols), (a.n_rows, a.n_cols));
    let cell = |g: &vanban::ingest::Grid, r: u32, c: u32| {
        g.cell_at(r, c)
            .map(|c| {
                c.lines
                    .iter()
                    .map(|l| l.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_default()
    };
    // The header row word for word; the numbers of the first column, most of them.
    for col in 0..a.n_cols {
        assert_eq!(cell(b, 0, col), cell(a, 0, col), "header cell {col}");
    }
    let same = (1..a.n_rows)
        .filter(|&r| cell(a, r, 0) == cell(b, r, 0))
        .count();
    assert!(same + 2 >= (a.n_rows - 1) as usize, "{same} numbers right");
}

#[test]
fn without_ocr_a_scan_is_a_clear_error() {
    let e = convert("ocr/kh-vpubnd-p1-scan.pdf", OcrMode::Never).unwrap_err();
    assert!(e.to_string().contains("--ocr never"), "{e}");
}

#[test]
fn layer_without_diacritics_comes_out_as_vietnamese() {
    if !ocr_ready("layer_without_diacritics_comes_out_as_vietnamese") {
        return;
    }
    // A real scan whose hidden OCR layer was made without Vietnamese.
    let rel = "ocr/lamdong-ubnd-GM-560-GM-UBND-2025-scan-ocr.pdf";
    let layer = ingest(rel, OcrMode::Never);
    assert_eq!(
        Readability::of(&text(&layer)).verdict(),
        Verdict::WithoutDiacritics
    );
    let read = ingest(rel, OcrMode::Auto);
    assert_eq!(read.pages_detail[0].text, PageText::OcrReplacedLayer);
    assert_eq!(
        read.pages_detail[0].reason,
        Some(PageReason::LayerWithoutDiacritics)
    );
    let t = text(&read);
    assert_eq!(Readability::of(&t).verdict(), Verdict::Readable, "{t}");
    for phrase in ["CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Ủy ban nhân dân tỉnh"] {
        assert!(t.contains(phrase), "{phrase} in {t}");
    }
    let doc = convert(rel, OcrMode::Auto).unwrap();
    check_schema("GM-560", &doc);
    assert_eq!(
        doc.document.signer.name.as_deref(),
        Some("Thạch Cảnh Minh Vũ")
    );
}

#[test]
fn handwritten_number_and_day_are_read_again_from_their_gaps() {
    if !ocr_ready("handwritten_number_and_day_are_read_again_from_their_gaps") {
        return;
    }
    // GIẤY MỜI 560: "Số: 560/GM-UBND" and "ngày 06 tháng 11" written in blue pen (read by
    // eye from the page image), which the page's own reading takes for junk ("ô 6 Õ").
    let doc = convert(
        "ocr/lamdong-ubnd-GM-560-GM-UBND-2025-scan-ocr.pdf",
        OcrMode::Auto,
    )
    .unwrap();
    let d = &doc.document;
    assert_eq!(d.number.as_deref(), Some("560/GM-UBND"));
    assert_eq!(d.symbol.as_deref(), Some("GM-UBND"));
    assert_eq!(d.date.as_deref(), Some("2025-11-06"));
    // An invitation without a subject: the body's first paragraph is no title.
    assert_eq!(d.title, None);
}

#[test]
fn broken_font_map_is_read_from_the_rendered_page() {
    let test = "broken_font_map_is_read_from_the_rendered_page";
    if !ocr_ready(test) || !renderer_ready(test) {
        return;
    }
    // Ghostscript's re-distillation mapped every Vietnamese-specific glyph wrong.
    let rel = "ocr/laocai-sct-CV-3036-p1-ghostscript-broken-text.pdf";
    let layer = ingest(rel, OcrMode::Never);
    assert!(!text(&layer).contains("SỞ CÔNG THƯƠNG"));
    let read = ingest(rel, OcrMode::Auto);
    let d = &read.pages_detail[0];
    assert_eq!(d.text, PageText::OcrReplacedLayer);
    assert_eq!(d.reason, Some(PageReason::UnreadableLayer));
    assert_eq!(d.image, Some(PageImageKind::Rendered));
    assert!(d.layer_score.unwrap() < 0.5, "{d:?}");
    let t = text(&read);
    assert_eq!(Readability::of(&t).verdict(), Verdict::Readable, "{t}");
    let doc = convert(rel, OcrMode::Auto).unwrap();
    assert_eq!(doc.document.issuer.name.as_deref(), Some("SỞ CÔNG THƯƠNG"));
    assert_eq!(doc.document.number.as_deref(), Some("3036/SCT-CN"));
}

#[test]
fn phone_scan_with_a_font_read_as_latin1_is_read_again() {
    if !ocr_ready("phone_scan_with_a_font_read_as_latin1_is_read_again") {
        return;
    }
    let rel = "ocr/lamdong-congan-TTr-298-adobescan-badfont-reduced.pdf";
    // The PDF reader decodes what it can of the font (read as a legacy code page, it gives
    // words without their marks, or junk): either way not Vietnamese one can use.
    let layer = ingest(rel, OcrMode::Never);
    assert_ne!(Readability::of(&text(&layer)).verdict(), Verdict::Readable);
    let read = ingest(rel, OcrMode::Auto);
    assert_eq!(read.pages_detail[0].text, PageText::OcrReplacedLayer);
    let t = text(&read);
    assert_eq!(Readability::of(&t).verdict(), Verdict::Readable, "{t}");
    let doc = convert(rel, OcrMode::Auto).unwrap();
    assert_eq!(doc.document.doc_type.as_deref(), Some("TỜ TRÌNH"));
    assert_eq!(doc.document.issuer.parent.as_deref(), Some("BỘ CÔNG AN"));
}

#[test]
fn images_are_read_as_documents() {
    if !ocr_ready("images_are_read_as_documents") {
        return;
    }
    for rel in ["ocr/header.png", "ocr/header.jpg"] {
        let doc = convert(rel, OcrMode::Auto).unwrap();
        check_schema(rel, &doc);
        assert_eq!(doc.source.format, vanban::model::Format::Image, "{rel}");
        assert_eq!(
            doc.document.number.as_deref(),
            Some("125/KH-VPUBND"),
            "{rel}"
        );
        assert_eq!(doc.document.date.as_deref(), Some("2025-06-16"), "{rel}");
        assert_eq!(doc.source.pages_detail[0].image, Some(PageImageKind::File));
    }
    let e = convert("ocr/header.png", OcrMode::Never).unwrap_err();
    assert!(e.to_string().contains("--ocr never"), "{e}");
}

#[test]
fn multi_page_tiff_is_read_page_by_page_whatever_the_threads() {
    if !ocr_ready("multi_page_tiff_is_read_page_by_page_whatever_the_threads") {
        return;
    }
    let run = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| vanban::to_json(&convert("ocr/two-pages.tif", OcrMode::Auto).unwrap()))
    };
    let one = run(1);
    assert_eq!(one, run(2), "byte-identical at 1 and 2 threads");
    let doc: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(doc["source"]["pages"], 2);
    assert_eq!(doc["source"]["pages_detail"].as_array().unwrap().len(), 2);
    let read = ingest("ocr/two-pages.tif", OcrMode::Auto);
    assert!(!words(&read, 1).is_empty() && !words(&read, 2).is_empty());
}

#[test]
fn sideways_page_is_turned_upright() {
    if !ocr_ready("sideways_page_is_turned_upright") {
        return;
    }
    let read = ingest("ocr/header-sideways.pdf", OcrMode::Auto);
    assert_eq!(read.lines[0].text, "UBND TỈNH AN GIANG");
    let doc = convert("ocr/header-sideways.pdf", OcrMode::Auto).unwrap();
    assert_eq!(doc.document.number.as_deref(), Some("125/KH-VPUBND"));
}

#[test]
fn a_page_over_its_time_budget_is_stopped_with_a_clear_error() {
    if !ocr_ready("a_page_over_its_time_budget_is_stopped_with_a_clear_error") {
        return;
    }
    let mut o = options(OcrMode::Auto);
    o.ocr.budget = Budget {
        time: std::time::Duration::from_millis(1),
        ..Budget::default()
    };
    let e = vanban::convert_bytes("header.jpg", &bytes("ocr/header.jpg"), &o).unwrap_err();
    assert!(e.to_string().contains("took longer than"), "{e}");
    // In a PDF the page is left without text, with a warning, and the error names the cause.
    let e = vanban::convert_bytes("scan.pdf", &bytes("ocr/kh-vpubnd-p1-scan.pdf"), &o).unwrap_err();
    assert!(e.to_string().contains("OCR failed"), "{e}");
}
