//! What the PDF reader gives for each fixture: text, reading order, boxes, rulings, errors.

use vanban::ingest::ocr::{OcrMode, OcrOptions};
use vanban::ingest::pdf::{extract_pages, extract_pages_with, to_ingested, Limits};
use vanban::ingest::{ingest, ingest_with_ocr, Encoding, Ingested};
use vanban::Error;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/pdf/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn ingested(name: &str) -> Ingested {
    ingest(&fixture(name), name).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn texts(i: &Ingested) -> Vec<&str> {
    i.lines.iter().map(|l| l.text.as_str()).collect()
}

fn pdf_error(name: &str) -> String {
    match ingest(&fixture(name), name) {
        Err(Error::Pdf(m)) => m,
        Err(e) => panic!("{name}: not a PDF error: {e}"),
        Ok(i) => panic!("{name}: read {} lines", i.lines.len()),
    }
}

#[test]
fn simple_fonts_text_state_and_kerning() {
    let i = ingested("hand/simple-fonts.pdf");
    assert_eq!(i.format, vanban::model::Format::Pdf);
    assert_eq!(i.encoding, "pdf");
    assert_eq!(
        texts(&i),
        [
            // TJ with kerning inside words and -300 gaps between them
            "Cộng hòa xã hội",
            "Độc lập - Tự do - Hạnh phúc",
            // Tw
            "Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024;",
            // Tc: letter-spaced, still three words
            "giãn chữ rộng",
            // Tz
            "chữ hẹp ngang",
            // ' and "
            "dòng mới bằng nháy đơn",
            "dòng mới bằng nháy kép",
            // TD
            "Tiếp theo TD",
            // Ts: a raised footnote mark stays in its row, glued to its word
            "Chỉ tiêu1 có chú thích.",
            // Tm
            "Đặt bằng Tm",
            // cm
            "Phóng to bằng cm",
            // (the ruled table is a grid: see `grids_from_rulings`)
            // rotated text comes after the upright text
            "Bản chụp lưu trữ",
        ]
    );
    // The table stands where it is read: after "Phóng to bằng cm".
    assert_eq!(i.tables.len(), 1);
    assert_eq!(i.lines[i.tables[0].anchor - 1].text, "Phóng to bằng cm");
}

#[test]
fn positions_boxes_and_rulings() {
    let pages = extract_pages(&fixture("hand/simple-fonts.pdf")).unwrap();
    let p = &pages[0];
    assert_eq!((p.width, p.height), (595.0, 842.0));
    // The table: the outer box (4 edges of `re`) and the two inner lines.
    let h: Vec<_> = p.rules.iter().filter(|r| r.is_horizontal()).collect();
    let v: Vec<_> = p.rules.iter().filter(|r| !r.is_horizontal()).collect();
    assert_eq!((h.len(), v.len()), (3, 3), "{:?}", p.rules);
    assert!(h
        .iter()
        .any(|r| r.y0 == 400.0 && r.x0 == 72.0 && r.x1 == 372.0));
    // Words in the first line: x from the Td, widths from /Widths and the TJ numbers.
    let first = &p.lines[0];
    assert_eq!(first.words[0].text, "Cộng");
    let b = first.words[0].bbox.0;
    assert_eq!(b[0], 72.0);
    // C (667) −20 kerning, ộ n g (500 each) at 16 pt: 16 × (0.667 + 0.020 + 1.5) = 34.99
    assert!(
        (b[2] - (72.0 + 16.0 * (0.667 + 0.020 + 1.5))).abs() < 0.05,
        "{b:?}"
    );
    assert!(b[1] < 780.0 && b[3] > 780.0);
    // Scaled by cm: 10 pt × 1.5.
    let scaled = p
        .lines
        .iter()
        .find(|l| l.text == "Phóng to bằng cm")
        .unwrap();
    assert!((scaled.font_size - 15.0).abs() < 0.01);
    // The rotated line reads upward at x = 540 (its box is tall and narrow).
    let rot = p
        .lines
        .iter()
        .find(|l| l.text == "Bản chụp lưu trữ")
        .unwrap();
    assert_eq!(rot.dir, 1);
    let r = rot.bbox.0;
    assert!(
        r[3] - r[1] > 50.0 && r[2] - r[0] < 15.0 && r[0] < 540.0 && r[2] >= 539.0,
        "{r:?}"
    );
    // Every line of every fixture has a page and a box inside the page.
    for name in [
        "kh-vpubnd-portrait.pdf",
        "phuluc-landscape.pdf",
        "hand/simple-fonts.pdf",
    ] {
        let pages = extract_pages(&fixture(name)).unwrap();
        let i = to_ingested(&pages).unwrap();
        for l in &i.lines {
            let p = &pages[(l.page - 1) as usize];
            let b = l.bbox.expect("a box on every PDF line").0;
            assert!(b[0] >= 0.0 && b[1] >= 0.0 && b[2] <= p.width + 1.0 && b[3] <= p.height + 1.0);
            assert!(b[0] < b[2] && b[1] < b[3], "{name}: {l:?}");
        }
    }
}

#[test]
fn type0_identity_tounicode_combining_marks_actual_text_and_forms() {
    let i = ingested("hand/type0-identity.pdf");
    assert_eq!(
        texts(&i),
        [
            "Nghị quyết số 03/NQ-CP của Chính phủ",
            "Ủy ban nhân dân tỉnh An Giang",
            // an o and a zero-width combining acute drawn over it: one NFC letter
            "có",
            // /ActualText replaces the glyphs "Tng"
            "Tổng hợp kết quả",
            // drawn by a Form XObject with its own font resource
            "Tổng hợp kết quả thực hiện",
        ]
    );
}

#[test]
fn legacy_vietnamese_fonts_by_name() {
    let i = ingested("hand/legacy-fonts.pdf");
    assert_eq!(
        texts(&i),
        [
            // .VnTimeH: the capitals font
            "KẾ HOẠCH",
            // .VnTime
            "Cộng hòa xã hội chủ nghĩa Việt Nam",
            "Uỷ ban nhân dân tỉnh ban hành kế hoạch thực hiện",
            // VNI-Times: letters followed by zero-width mark bytes
            "Độc lập - Tự do - Hạnh phúc",
            "NGHỊ QUYẾT VỀ ĐỔI MỚI SÁNG TẠO",
        ]
    );
}

#[test]
fn two_column_header_reads_left_block_then_right_block() {
    let i = ingested("kh-vpubnd-portrait.pdf");
    assert_eq!(
        &texts(&i)[..8],
        [
            "UBND TỈNH AN GIANG",
            "VĂN PHÒNG",
            "Số: 125/KH-VPUBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "An Giang, ngày 16 tháng 6 năm 2025",
            "KẾ HOẠCH",
            "Triển khai thực hiện Nghị quyết số 71/NQ-CP của Chính phủ và Chương trình hành",
        ]
    );
    let h = ingested("kh-haugiang-indicators.pdf");
    assert_eq!(
        &texts(&h)[..6],
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH HẬU GIANG",
            "Số: 45/KH-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Hậu Giang, ngày 14 tháng 3 năm 2025",
        ]
    );
    // The body is not split into columns.
    assert!(texts(&i)
        .iter()
        .any(|t| t.starts_with("Căn cứ Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị")));
}

#[test]
fn running_headers_footers_and_page_numbers_are_removed() {
    let pages = extract_pages(&fixture("kh-vpubnd-portrait.pdf")).unwrap();
    // They are there on the pages...
    let footer = "Văn phòng UBND tỉnh An Giang - Kế hoạch 125/KH-VPUBND";
    assert!(pages
        .iter()
        .all(|p| p.lines.iter().any(|l| l.text == footer)));
    assert!(pages[1].lines.iter().any(|l| l.text == "2"));
    // ... and not in the lines the pipeline reads.
    let i = to_ingested(&pages).unwrap();
    assert!(i.lines.iter().all(|l| l.text != footer));
    assert!(i
        .lines
        .iter()
        .all(|l| l.text.trim() != "1" && l.text.trim() != "2"));
    assert_eq!(i.pages, 2);
    assert_eq!(i.lines[0].line, 1);
    let land = ingested("phuluc-landscape.pdf");
    assert_eq!(land.pages, 7);
    // (pages that hold only the table have no lines outside it)
    for p in 1..=7 {
        let Some(first) = land.lines.iter().find(|l| l.page == p) else {
            assert!(land.tables.iter().any(|g| g.page == p));
            continue;
        };
        assert!(
            !first.text.trim().chars().all(|c| c.is_ascii_digit()),
            "{first:?}"
        );
    }
    // The table's own numbers (TT column) stay, in its grid.
    assert!(land
        .tables
        .iter()
        .any(|g| g.cells.iter().any(|c| c.col == 0 && c.text() == "21")));
}

/// The cell texts of a grid's row, left to right (a merged cell once).
fn row_texts(g: &vanban::ingest::Grid, row: u32) -> Vec<String> {
    g.row_cells(row).map(|c| c.text()).collect()
}

#[test]
fn ruled_table_rows_repeat_their_header_on_each_page() {
    let i = ingested("phuluc-landscape.pdf");
    let header = [
        "TT",
        "Tên nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian hoàn thành",
    ];
    // One grid per page, each opening with the header row; no cell text among the lines.
    assert_eq!(i.tables.len(), 7);
    for g in &i.tables {
        assert_eq!(row_texts(g, 0), header, "page {}", g.page);
        assert_eq!(g.n_cols, 5);
        assert_eq!(g.columns.len(), 6);
    }
    assert!(i.lines.iter().all(|l| !l.text.starts_with("Tên nhiệm vụ")));
    // A task row: each whole cell, lines joined, in column order.
    let first = i
        .tables
        .iter()
        .find_map(|g| {
            (1..g.n_rows)
                .find(|&r| row_texts(g, r)[0] == "1")
                .map(|r| row_texts(g, r))
        })
        .unwrap();
    assert_eq!(
        first,
        [
            "1",
            "Xây dựng, trình Thủ tướng Chính phủ ban hành và tổ chức triển khai chương trình tuyên truyền thường xuyên, sâu rộng về nội dung Nghị quyết 57-NQ/TW theo hướng: đa dạng hóa các hình thức, cụ thể hóa nội dung và có mục tiêu cụ thể.",
            "Bộ Thông tin và Truyền thông",
            "Ban Tuyên giáo Trung ương; các bộ, ngành, địa phương; VTV, VOV, TTXVN",
            "6/2025"
        ]
    );
    // Rulings found on every page.
    let pages = extract_pages(&fixture("phuluc-landscape.pdf")).unwrap();
    for p in &pages {
        let v = p
            .rules
            .iter()
            .filter(|r| !r.is_horizontal() && r.len() > 10.0)
            .count();
        let h = p
            .rules
            .iter()
            .filter(|r| r.is_horizontal() && r.len() > 100.0)
            .count();
        assert!(
            v >= 6 && h >= 3,
            "page {}: {v} vertical, {h} horizontal",
            p.number
        );
        assert_eq!((p.width.round(), p.height.round()), (842.0, 595.0));
    }
}

#[test]
fn invisible_ocr_layer_is_read() {
    let pages = extract_pages(&fixture("hand/ocr-invisible.pdf")).unwrap();
    assert_eq!(pages[0].images, 1);
    assert!(pages[0].words.iter().all(|w| w.invisible));
    let i = to_ingested(&pages).unwrap();
    assert_eq!(
        texts(&i),
        [
            "UBND TINH AN GIANG",
            "SO XAY DUNG",
            "KE HOACH",
            "T6 chirc thwe hién Nghi quyét s6 71/NQ-CP ngay 01/4/2025 ciia Chinh phi",
            "vé sira ddi, bo sung cap nhat Chuong trinh hanh dong cia Chinh phu thuc",
        ]
    );
}

#[test]
fn scanned_without_text_layer_is_a_clear_error_without_ocr() {
    let never = vanban::ingest::ocr::OcrOptions {
        mode: vanban::ingest::ocr::OcrMode::Never,
        ..Default::default()
    };
    let name = "hand/image-only.pdf";
    let m = match vanban::ingest::ingest_with_ocr(
        &fixture(name),
        name,
        vanban::ingest::Encoding::Auto,
        &never,
    ) {
        Err(Error::Pdf(m)) => m,
        other => panic!("{name}: {other:?}"),
    };
    assert!(
        m.contains("no text layer; the pages are scanned images"),
        "{m}"
    );
    assert!(m.contains("--ocr never"), "{m}");
}

#[test]
fn encryption() {
    for name in [
        "hand/encrypted-empty-rc4.pdf",
        "hand/encrypted-empty-aes256.pdf",
    ] {
        let i = ingested(name);
        assert_eq!(i.lines[1].text, "Độc lập - Tự do - Hạnh phúc", "{name}");
    }
    assert_eq!(
        pdf_error("bad/encrypted-password.pdf"),
        "encrypted; needs a password"
    );
}

#[test]
fn object_streams_and_a_broken_xref_still_read() {
    let plain = texts(&ingested("hand/simple-fonts.pdf")).join("\n");
    for name in ["hand/object-streams.pdf", "hand/broken-xref.pdf"] {
        assert_eq!(texts(&ingested(name)).join("\n"), plain, "{name}");
    }
}

#[test]
fn hostile_files_are_errors_not_panics_or_hangs() {
    let start = std::time::Instant::now();
    assert!(pdf_error("bad/bomb.pdf").contains("decompresses to more than"));
    assert!(pdf_error("bad/deep-forms.pdf").contains("nested more than"));
    assert!(!pdf_error("bad/truncated.pdf").is_empty());
    assert!(!pdf_error("bad/garbage.pdf").is_empty());
    assert!(!pdf_error("bad/cyclic-refs.pdf").is_empty());
    // A form that draws itself: the cycle is skipped, the rest of the page is read.
    let i = ingested("bad/cyclic-form.pdf");
    assert_eq!(texts(&i), ["loop", "after the cycle"]);
    assert!(matches!(ingest(b"%PDF-1.7\n", "x.pdf"), Err(Error::Pdf(_))));
    assert!(matches!(ingest(b"not a pdf", "x.pdf"), Err(Error::Pdf(_))));
    assert!(start.elapsed().as_secs() < 30, "{:?}", start.elapsed());
}

#[test]
fn operator_and_size_limits() {
    let bytes = fixture("phuluc-landscape.pdf");
    let tight = Limits {
        max_ops: 1000,
        ..Limits::default()
    };
    match extract_pages_with(&bytes, &tight) {
        Err(Error::Pdf(m)) => assert!(m.contains("operators"), "{m}"),
        other => panic!("{other:?}"),
    }
    let small = Limits {
        max_glyphs_per_page: 100,
        ..Limits::default()
    };
    assert!(extract_pages_with(&bytes, &small).is_err());
}

#[test]
fn output_is_deterministic() {
    for name in [
        "kh-vpubnd-portrait.pdf",
        "phuluc-landscape.pdf",
        "hand/type0-identity.pdf",
    ] {
        let a = ingested(name);
        let b = ingested(name);
        assert_eq!(a.lines, b.lines, "{name}");
    }
}

/// Flipped bytes, cut files, spliced garbage: every outcome is Ok or an error, within time.
#[test]
fn mutated_files_never_panic() {
    let sources = [
        fixture("hand/simple-fonts.pdf"),
        fixture("hand/type0-identity.pdf"),
        fixture("kh-haugiang-indicators.pdf"),
    ];
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let no_ocr = OcrOptions {
        mode: OcrMode::Never,
        ..Default::default()
    };
    let start = std::time::Instant::now();
    let mut ok = 0;
    for round in 0..240 {
        let src = &sources[round % sources.len()];
        let mut b = src.clone();
        match round % 4 {
            0 => {
                for _ in 0..1 + next() % 20 {
                    let at = (next() as usize) % b.len();
                    b[at] = next() as u8;
                }
            }
            1 => b.truncate((next() as usize) % b.len()),
            2 => {
                let at = (next() as usize) % b.len();
                let junk: Vec<u8> = (0..next() % 200).map(|_| next() as u8).collect();
                b.splice(at..at, junk);
            }
            _ => {
                // Digits changed: lengths, offsets, object numbers.
                let digits: Vec<usize> = (0..b.len()).filter(|&i| b[i].is_ascii_digit()).collect();
                for _ in 0..5 {
                    let at = digits[(next() as usize) % digits.len()];
                    b[at] = b'0' + (next() % 10) as u8;
                }
            }
        }
        // The PDF reader alone: a mutated text layer that no longer reads as Vietnamese would
        // otherwise be rendered and OCR'd, which tests Tesseract's speed, not the parser.
        if ingest_with_ocr(&b, "m.pdf", Encoding::Auto, &no_ocr).is_ok() {
            ok += 1;
        }
    }
    assert!(ok > 0);
    assert!(start.elapsed().as_secs() < 60, "{:?}", start.elapsed());
}

#[test]
fn grids_from_rulings() {
    let i = ingested("phuluc-landscape.pdf");
    let mut numbers: Vec<u32> = Vec::new();
    for g in &i.tables {
        for r in 1..g.n_rows {
            let row = row_texts(g, r);
            assert_eq!(row.len(), 5, "page {} row {r}: {row:?}", g.page);
            numbers.extend(row[0].parse::<u32>().ok());
        }
        // Every cell line has its page and a box inside the table's.
        let t = g.bbox.unwrap().0;
        for l in g.lines() {
            let b = l.bbox.unwrap().0;
            assert_eq!(l.page, g.page);
            assert!(b[0] >= t[0] - 1.0 && b[2] <= t[2] + 1.0, "{l:?}");
        }
    }
    // All 36 numbered tasks are there (a row cut by a page break counts on both pages).
    numbers.dedup();
    assert_eq!(numbers, (1..=36).collect::<Vec<_>>());
    // The simple table of the hand-built file.
    let i = ingested("hand/simple-fonts.pdf");
    let g = &i.tables[0];
    assert_eq!((g.n_rows, g.n_cols), (2, 2));
    assert_eq!(row_texts(g, 0), ["Tên nhiệm vụ", "Cơ quan chủ trì"]);
    assert_eq!(row_texts(g, 1), ["Xây dựng đề án", "Sở Nội vụ"]);
}

#[test]
fn bytes_before_the_pdf_header_are_skipped() {
    // A signing tool's 21 bytes before "%PDF-" (two files of ../shared/real have them): the
    // file is read whatever its name.
    let mut bytes = vec![
        0x75, 0xab, 0x5a, 0x01, 0xaa, 0x69, 0x96, 0x27, 0x1a, 0xb6, 0x2a,
    ];
    bytes.extend(fixture("hand/simple-fonts.pdf"));
    for name in ["signed.pdf", "-", "noextension"] {
        let i = ingest(&bytes, name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(i.lines[0].text, "Cộng hòa xã hội", "{name}");
    }
}

#[test]
fn e_office_stamps_are_read_where_they_stand() {
    // hand/annotations.pdf: the number and day blank in the content, stamped by widgets'
    // appearances (one scaled by its /Matrix, one picked by /AS); a signature stamp's text in a
    // widget; a hidden and a no-view annotation; the signature field's /M.
    let i = ingested("hand/annotations.pdf");
    let text: Vec<&str> = texts(&i);
    // (one row: the number in its blank, the day in its blank)
    assert!(
        text.iter().any(|t| t.starts_with("Số: 542 /TB-UBND")
            && t.contains("ngày 06")
            && t.ends_with("tháng 11 năm 2024")),
        "{text:?}"
    );
    // Hidden and no-view annotations, and the appearance state not shown ("07"), stay out.
    assert!(text.iter().all(|t| !t.contains("ẨN")
        && !t.contains("KHÔNG HIỆN")
        && !t.split_whitespace().any(|w| w == "07")));
    let d = vanban::convert_bytes(
        "annotations.pdf",
        &fixture("hand/annotations.pdf"),
        &vanban::ConvertOptions::default(),
    )
    .unwrap();
    assert_eq!(d.document.number.as_deref(), Some("542/TB-UBND"));
    assert_eq!(d.document.date.as_deref(), Some("2024-11-06"));
    assert_eq!(
        d.document.issuer.name.as_deref(),
        Some("ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI")
    );
    assert_eq!(d.document.issuer.parent, None);
    // The signature field (no certificate in it: only its time), then the stamp's text.
    let sigs = &d.document.signatures;
    assert_eq!(sigs.len(), 2, "{sigs:?}");
    assert_eq!(sigs[0].source, "certificate");
    assert_eq!(sigs[0].time.as_deref(), Some("2024-11-06T08:49:06+07:00"));
    assert_eq!(sigs[1].source, "stamp");
    assert_eq!(
        sigs[1].organization.as_deref(),
        Some("TRUNG TÂM CÔNG BÁO VÀ TIN HỌC")
    );
    assert_eq!(sigs[1].email.as_deref(), Some("ttcbth@quangngai.gov.vn"));
    assert_eq!(sigs[1].time.as_deref(), Some("2024-11-06T09:27:05+07:00"));
    let all = vanban::to_json(&d);
    assert_eq!(
        all.matches("ttcbth@quangngai.gov.vn").count(),
        1,
        "the stamp only in signatures"
    );
}

/// Footnotes as an office suite sets them (`fixtures/pdf/src/footnotes-libreoffice.md`, through
/// pandoc and LibreOffice): the raised mark stays in its line, glued to the word it follows, and
/// the notes at the page's foot are lifted out of the body whole.
#[test]
fn raised_footnote_marks_stay_in_their_line_and_notes_are_lifted_out() {
    let name = "made/footnotes-libreoffice.pdf";
    let lines = texts(&ingested(name)).join("\n");
    assert!(
        lines.contains("các nội dung làm việc cụ thể1. Các sở"),
        "{lines}"
    );
    assert!(!lines.lines().any(|l| l.trim() == "1"), "{lines}");
    let doc = vanban::convert_bytes(name, &fixture(name), &Default::default()).unwrap();
    let notes: Vec<(&str, &str)> = doc
        .footnotes
        .iter()
        .map(|n| (n.mark.as_str(), n.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (
                "1",
                "Nội dung làm việc: (1) Rà soát hiện trạng cơ sở dữ liệu chuyên ngành; (2) Làm giàu, \
                 làm sạch Cơ sở dữ liệu quốc gia về đất đai. (3) Sơ kết triển khai Đề án 06 giai \
                 đoạn 2022-2025."
            ),
            ("2", "Kế hoạch số 8016/KH-UBND ngày 01/10/2020 của Ủy ban nhân dân tỉnh.")
        ]
    );
}
