//! Word input: documents made for the project and real Word files against their hand-read gold,
//! what the reader gives at the ingest level (grids, numbering, legacy runs, notes, layout
//! tables), provenance in tables, the same plan as .docx and as the PDF LibreOffice prints from
//! it, and bad input (not a zip, zip bombs, missing parts, DTDs and entities, nesting).
//! `.doc` and `.rtf` go through LibreOffice: those tests are skipped, saying so, where it is not
//! installed (CI installs it).

mod common;
#[path = "../examples/conformance/gold.rs"]
mod gold;

use std::io::Write;
use std::path::{Path, PathBuf};
use vanban::ingest::docx::{ingest_docx, ingest_docx_with, Limits};
use vanban::ingest::{ingest, GridOrigin, Ingested};
use vanban::Error;

fn fixture(rel: &str) -> Vec<u8> {
    std::fs::read(common::root().join("fixtures").join(rel))
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn ingested(rel: &str) -> Ingested {
    ingest(&fixture(rel), rel).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn has_soffice() -> bool {
    let found = vanban::ingest::office::soffice().is_some();
    if !found {
        eprintln!("LibreOffice (soffice) not found: .doc/.rtf tests skipped");
    }
    found
}

/// Gold files whose document is among the fixtures: (gold, fixture path).
fn golds_with_fixtures() -> Vec<(serde_json::Value, String)> {
    let dir = common::root().join("fixtures/gold");
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for path in names {
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let file = gold["file"].as_str().unwrap().to_string();
        let rel = if let Some(made) = file.strip_prefix("fixtures/") {
            made.to_string()
        } else if let Some(real) = file.strip_prefix("docx/") {
            format!("word/real/{real}")
        } else {
            continue;
        };
        if common::root().join("fixtures").join(&rel).exists() {
            out.push((gold, rel));
        }
    }
    out
}

/// Facts of real fixtures the pipeline does not yet get right, each with why. A fact that
/// starts passing makes the test fail too: then take it off this list.
const KNOWN_GAPS: &[(&str, &str, &str)] = &[];

fn known_gap(file: &str, fact: &str) -> bool {
    KNOWN_GAPS.iter().any(|(f, k, _)| {
        *f == file && {
            // "tasks[i].lead" entries name one cell; "tasks[*].lead" every row's.
            *k == fact
                || k.strip_prefix("tasks[*].").is_some_and(|cell| {
                    fact.starts_with("tasks[") && fact.ends_with(&format!("].{cell}"))
                })
        }
    })
}

fn score(gold: &serde_json::Value, rel: &str) -> Vec<gold::Check> {
    let doc = common::convert(rel);
    common::assert_valid(rel, &common::json(&doc));
    gold::score(gold, &doc)
}

#[test]
fn documents_made_for_the_project_meet_their_gold() {
    let mut seen = 0;
    for (gold, rel) in golds_with_fixtures() {
        if gold["kind"] != "made-docx" {
            continue;
        }
        seen += 1;
        let wrong: Vec<String> = score(&gold, &rel)
            .into_iter()
            .filter(|c| !c.ok)
            .map(|c| format!("{}: expected {} got {}", c.fact, c.expected, c.got))
            .collect();
        assert!(wrong.is_empty(), "{rel}:\n{}", wrong.join("\n"));
    }
    assert_eq!(seen, 2);
}

/// Real Word files against their gold: every fact right but the known gaps, and no known gap
/// that has started to pass.
fn real_files(kinds: &[&str]) -> usize {
    let mut seen = 0;
    let mut problems = Vec::new();
    for (gold, rel) in golds_with_fixtures() {
        let kind = gold["kind"].as_str().unwrap_or("");
        if !kinds.contains(&kind) {
            continue;
        }
        seen += 1;
        let file = Path::new(&rel)
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let checks = score(&gold, &rel);
        for c in &checks {
            match (c.ok, known_gap(&file, &c.fact)) {
                (false, false) => problems.push(format!(
                    "{file}: {}: expected {} got {}",
                    c.fact, c.expected, c.got
                )),
                (true, true) => problems.push(format!(
                    "{file}: {} is right now: take it off KNOWN_GAPS",
                    c.fact
                )),
                _ => {}
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    seen
}

#[test]
fn real_docx_files_meet_their_gold_but_for_known_gaps() {
    assert_eq!(real_files(&["docx"]), 5);
}

#[test]
fn real_doc_and_rtf_files_through_libreoffice_meet_their_gold_but_for_known_gaps() {
    if !has_soffice() {
        return;
    }
    assert_eq!(real_files(&["doc", "rtf", "legacy-doc", "legacy-rtf"]), 3);
}

// ---- the reader at the ingest level ----

fn texts(i: &Ingested) -> Vec<&str> {
    i.lines.iter().map(|l| l.text.as_str()).collect()
}

#[test]
fn layout_tables_become_header_and_closing_lines_column_by_column() {
    let i = ingested("word/made-kh-chuyendoiso.docx");
    assert_eq!(i.format, vanban::model::Format::Docx);
    let t = texts(&i);
    // The 2×2 header table: the issuer column (issuer, number), then the quốc hiệu column
    // (quốc hiệu, tiêu ngữ, place and date).
    assert_eq!(
        &t[..6],
        [
            "ỦY BAN NHÂN DÂN",
            "TỈNH KHÁNH HÒA",
            "Số: 47/KH-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Khánh Hòa, ngày 05 tháng 3 năm 2026"
        ]
    );
    // The closing table: recipients, then the signer.
    let at = t.iter().position(|l| *l == "Nơi nhận:").unwrap();
    assert_eq!(
        &t[at..at + 9],
        [
            "Nơi nhận:",
            "- Bộ Khoa học và Công nghệ;",
            "- Thường trực Tỉnh ủy;",
            "- Chủ tịch, các PCT UBND tỉnh;",
            "- Các sở, ban, ngành;",
            "- Lưu: VT, KGVX.",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
            "Trần Văn Minh"
        ]
    );
    // Only the two data tables are grids.
    assert_eq!(i.tables.len(), 2);
    assert!(i
        .tables
        .iter()
        .all(|g| g.origin == GridOrigin::Word && g.ruled));
}

#[test]
fn word_numbering_is_printed_in_headings_and_tt_columns() {
    let i = ingested("word/made-kh-chuyendoiso.docx");
    let t = texts(&i);
    for heading in [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "2. Yêu cầu",
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "1. Hoàn thiện thể chế",
        "a) Rà soát các văn bản quy phạm pháp luật của tỉnh",
        "b) Ban hành cơ chế thử nghiệm có kiểm soát",
        "III. TỔ CHỨC THỰC HIỆN",
        "- Bảo đảm đồng bộ, thống nhất giữa các cấp, các ngành.",
    ] {
        assert!(t.contains(&heading), "{heading} not in {t:#?}");
    }
    // The TT column: numbered by Word, restarting in each group (a list whose start is
    // overridden).
    let tasks = &i.tables[0];
    let tt: Vec<String> = (0..tasks.n_rows)
        .filter_map(|r| {
            tasks
                .cell_at(r, 0)
                .filter(|c| c.row == r && c.col_span == 1)
        })
        .map(|c| c.text())
        .collect();
    assert_eq!(tt, ["TT", "1", "2", "1", "2", "3"]);
    // A heading style numbers articles ("Điều %1.").
    let qd = ingested("word/made-qd-heading-styles.docx");
    let t = texts(&qd);
    assert!(t.iter().any(|l| l.starts_with("Điều 1. ")), "{t:#?}");
    assert!(t.iter().any(|l| l.starts_with("Điều 3. ")), "{t:#?}");
    assert!(t.contains(&"b) Chánh Văn phòng Ủy ban nhân dân tỉnh."));
}

#[test]
fn merged_cells_keep_their_spans() {
    let i = ingested("word/made-kh-chuyendoiso.docx");
    let g = &i.tables[0];
    assert_eq!((g.n_rows, g.n_cols, g.header_rows), (8, 5, 1));
    // Group rows merged across the table (gridSpan).
    let group = g.cell_at(1, 3).unwrap();
    assert_eq!((group.row, group.col, group.col_span), (1, 0, 5));
    assert_eq!(group.text(), "I. Hoàn thiện thể chế");
    // A lead merged down two rows (vMerge).
    let lead = g.cell_at(6, 2).unwrap();
    assert_eq!((lead.row, lead.row_span), (5, 2));
    assert_eq!(lead.text(), "Sở Khoa học và Công nghệ");
    // Every grid position is covered at most once.
    for r in 0..g.n_rows {
        for c in 0..g.n_cols {
            assert!(g.cells.iter().filter(|x| x.covers(r, c)).count() <= 1);
        }
    }
}

#[test]
fn legacy_runs_are_decoded_by_their_bytes_not_their_font_name() {
    let i = ingested("word/made-kh-chuyendoiso.docx");
    // One paragraph: TCVN3 bytes in .VnTime, VNI bytes in VNI-Times, Unicode in .VnTime.
    assert!(
        texts(&i).contains(
            &"- Phân công rõ người, rõ việc, rõ trách nhiệm và thời hạn hoàn thành; định kỳ báo cáo kết quả thực hiện."
        ),
        "{:#?}",
        texts(&i)
    );
    assert_eq!(i.encoding, "tcvn3+vni");
    // A Unicode document is left alone.
    assert_eq!(
        ingested("word/made-qd-heading-styles.docx").encoding,
        "utf-8"
    );
}

#[test]
fn footnotes_and_endnotes_are_kept_apart_with_their_marks() {
    let i = ingested("word/made-kh-chuyendoiso.docx");
    assert_eq!(i.footnotes.len(), 1);
    let f = &i.footnotes[0];
    assert_eq!(f.mark, "1");
    assert_eq!(
        f.text,
        "Nghị quyết số 03/NQ-CP ngày 09 tháng 01 năm 2025 của Chính phủ."
    );
    // Placed at the paragraph that refers to it, whose text has no mark.
    let referring = i
        .lines
        .iter()
        .find(|l| l.line == f.span.line_start)
        .unwrap();
    assert!(
        referring.text.ends_with("phù hợp với điều kiện của tỉnh"),
        "{}",
        referring.text
    );
    let qd = ingested("word/made-qd-heading-styles.docx");
    assert_eq!(qd.footnotes[0].mark, "i");
    assert_eq!(qd.footnotes[0].text, "Luật số 72/2025/QH15.");
    // In the converted document.
    let doc = common::convert("word/made-kh-chuyendoiso.docx");
    assert_eq!(doc.footnotes.len(), 1);
    // A real report whose notes print their mark in brackets.
    let bc = common::convert("word/real/lamdong-bcd-BC-de-an-06-cds-2026-03.docx");
    assert_eq!(bc.footnotes.len(), 8);
    assert!(bc.footnotes.iter().all(|f| !f.text.starts_with('(')));
}

#[test]
fn word_provenance_names_paragraphs_tables_rows_and_cells() {
    let doc = common::convert("word/made-kh-chuyendoiso.docx");
    assert_eq!(doc.source.format, vanban::model::Format::Docx);
    let json = common::json(&doc);
    common::assert_valid("made-kh", &json);
    // The number was read in the header table's second row, first cell.
    let number = doc
        .document
        .provenance
        .iter()
        .find(|p| p.field == "number")
        .unwrap();
    assert_eq!(
        (number.span.table, number.span.row, number.span.cell),
        (Some(1), Some(2), Some(1))
    );
    // A task is a row of the third table (header and closing tables count): table and row,
    // no single cell.
    let t = &doc.tasks[0];
    assert_eq!(
        (t.span.table, t.span.row, t.span.cell),
        (Some(3), Some(3), None)
    );
    // Body text stands in no table.
    let s = &doc.sections[0];
    assert_eq!(s.span.table, None);
    // Spans count paragraphs: the first heading is the document's 14th paragraph.
    assert_eq!(s.span.line_start, 14);
}

#[test]
fn rendered_page_breaks_give_pages_where_they_add_up() {
    // Word recorded every page break of its last layout (2 pages, as app.xml says).
    let i = ingested("word/real/binhthuan-snv-TTr-2114-TTr-SNV-2025.docx");
    assert_eq!(i.pages, 2);
    let closing = i.lines.iter().find(|l| l.text == "Nơi nhận:").unwrap();
    assert_eq!(closing.page, 2);
    // Here the breaks recorded cover 2 of 13 pages: pages are not given.
    let i = ingested("word/real/lamdong-bcd-BC-de-an-06-cds-2026-03.docx");
    assert_eq!(i.pages, 13);
    assert!(i.lines.iter().all(|l| l.page == 1));
}

#[test]
fn the_same_plan_as_docx_and_as_its_pdf_gives_the_same_sections_tasks_and_indicators() {
    let docx = common::convert("word/made-kh-chuyendoiso.docx");
    let pdf = common::convert("word/made-kh-chuyendoiso.pdf");
    fn tree(list: &[vanban::model::Section], depth: usize, out: &mut Vec<String>) {
        for s in list {
            out.push(format!("{depth} {:?} {:?} {:?}", s.kind, s.label, s.title));
            tree(&s.children, depth + 1, out);
        }
    }
    let (mut a, mut b) = (Vec::new(), Vec::new());
    tree(&docx.sections, 0, &mut a);
    tree(&pdf.sections, 0, &mut b);
    assert_eq!(a, b);
    let task = |t: &vanban::model::Task| {
        (
            t.group.clone(),
            t.number,
            t.name.clone(),
            t.lead.raw.clone(),
            t.support.raw.clone(),
            t.deadline.raw.clone(),
        )
    };
    assert_eq!(
        docx.tasks.iter().map(task).collect::<Vec<_>>(),
        pdf.tasks.iter().map(task).collect::<Vec<_>>()
    );
    assert_eq!(docx.tasks.len(), 6);
    let indicator = |i: &vanban::model::Indicator| {
        (
            i.id.clone(),
            i.name.clone(),
            i.unit.clone(),
            i.target.raw.clone(),
            i.owner.raw.clone(),
        )
    };
    assert_eq!(
        docx.indicators.iter().map(indicator).collect::<Vec<_>>(),
        pdf.indicators.iter().map(indicator).collect::<Vec<_>>()
    );
    assert_eq!(docx.indicators.len(), 3);
}

// ---- bad input ----

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
const RELS: &str = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A zip of `parts`, deflated.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn document(body: &str) -> Vec<u8> {
    format!(r#"<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>"#)
        .into_bytes()
}

fn docx(body: &str) -> Vec<u8> {
    package(&[
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", &document(body)),
    ])
}

fn word_error(bytes: &[u8], name: &str) -> String {
    match ingest(bytes, name) {
        Err(Error::Word(m)) => m,
        Err(e) => panic!("{name}: not a Word error: {e}"),
        Ok(i) => panic!("{name}: read {} lines", i.lines.len()),
    }
}

#[test]
fn a_minimal_package_reads() {
    let i = ingest(
        &docx("<w:p><w:r><w:t>Kế hoạch số 1</w:t></w:r></w:p>"),
        "x.docx",
    )
    .unwrap();
    assert_eq!(texts(&i), ["Kế hoạch số 1"]);
    // Without relationships, the usual part name is used.
    let i = ingest(
        &package(&[(
            "word/document.xml",
            &document("<w:p><w:r><w:t>Nội dung</w:t></w:r></w:p>"),
        )]),
        "x.docx",
    )
    .unwrap();
    assert_eq!(texts(&i), ["Nội dung"]);
}

#[test]
fn not_a_zip_missing_parts_and_other_packages_are_named() {
    assert!(word_error(b"hello, not a zip", "plan.docx").contains("not a zip"));
    assert!(word_error(&package(&[("a.txt", b"x")]), "plan.docx").contains("word/document.xml"));
    let odt = package(&[
        ("mimetype", b"application/vnd.oasis.opendocument.text"),
        ("content.xml", b"<x/>"),
    ]);
    assert!(word_error(&odt, "plan.docx").contains("OpenDocument"));
    let xlsx = package(&[("xl/workbook.xml", b"<x/>")]);
    assert!(word_error(&xlsx, "plan.docx").contains("Excel"));
    // The relationships name a part the package does not hold.
    let dangling = package(&[("_rels/.rels", RELS.as_bytes())]);
    assert!(word_error(&dangling, "plan.docx").contains("no main document part"));
    // A .doc that is no Word file, an .rtf that is no RTF.
    assert!(word_error(b"plain text", "old.doc").contains("not a Word .doc"));
    assert!(word_error(b"plain text", "old.rtf").contains("not an RTF"));
    // An empty body has no text.
    assert!(matches!(ingest(&docx(""), "x.docx"), Err(Error::NoText)));
}

#[test]
fn zip_bombs_stop_at_the_limits() {
    // 40 MiB of spaces inside the body deflate to ~40 KiB.
    let mut body = Vec::with_capacity(40 << 20);
    body.extend_from_slice(
        format!(r#"<w:document {W}><w:body><w:p><w:r><w:t>a</w:t></w:r></w:p>"#).as_bytes(),
    );
    body.resize(40 << 20, b' ');
    body.extend_from_slice(b"</w:body></w:document>");
    let bomb = package(&[
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", &body),
    ]);
    assert!(bomb.len() < 200 << 10, "{} bytes", bomb.len());
    let limits = Limits {
        max_part: 16 << 20,
        ..Limits::default()
    };
    match ingest_docx_with(&bomb, &limits) {
        Err(Error::Word(m)) => assert!(m.contains("more than 16 MiB"), "{m}"),
        other => panic!("{other:?}"),
    }
    // Parts each under the part limit, together over the total.
    let small = Limits {
        max_part: 30 << 20,
        max_total: 32 << 20,
        ..Limits::default()
    };
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="s" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    let mut styles = Vec::with_capacity(20 << 20);
    styles.extend_from_slice(format!("<w:styles {W}>").as_bytes());
    styles.resize(20 << 20, b' ');
    styles.extend_from_slice(b"</w:styles>");
    let mut doc = body.clone();
    doc.truncate(20 << 20);
    doc.extend_from_slice(b"</w:body></w:document>");
    let two = package(&[
        ("_rels/.rels", RELS.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/styles.xml", &styles),
        ("word/document.xml", &doc),
    ]);
    match ingest_docx_with(&two, &small) {
        Err(Error::Word(m)) => assert!(m.contains("in all"), "{m}"),
        other => panic!("{other:?}"),
    }
    // The default limits read a large real part.
    assert!(ingest_docx(&bomb).is_ok());
}

#[test]
fn dtds_and_entities_are_refused() {
    let with_dtd = format!(
        r#"<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><w:document {W}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#
    );
    let p = package(&[
        ("_rels/.rels", RELS.as_bytes()),
        ("word/document.xml", with_dtd.as_bytes()),
    ]);
    let m = word_error(&p, "x.docx");
    assert!(m.contains("word/document.xml") && m.contains("DTD"), "{m}");
    // An entity no DTD defines (an external one, say) is not expanded either.
    let m = word_error(&docx("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>"), "x.docx");
    assert!(m.contains("undefined entity &xxe;"), "{m}");
    // Character references and the predefined entities are text.
    let i = ingest(
        &docx("<w:p><w:r><w:t>S&#7889; 1 &amp; 2 &lt;3&gt;</w:t></w:r></w:p>"),
        "x.docx",
    )
    .unwrap();
    assert_eq!(texts(&i), ["Số 1 & 2 <3>"]);
}

#[test]
fn malformed_and_deeply_nested_xml_are_errors_not_crashes() {
    let m = word_error(&docx("<w:p><w:r><w:t>cut</w:r></w:p>"), "x.docx");
    assert!(m.contains("malformed XML"), "{m}");
    // Tables nested 100 deep (Word allows far fewer in practice).
    let mut body = String::new();
    for _ in 0..100 {
        body.push_str("<w:tbl><w:tr><w:tc>");
    }
    body.push_str("<w:p><w:r><w:t>x</w:t></w:r></w:p>");
    for _ in 0..100 {
        body.push_str("</w:tc></w:tr></w:tbl>");
    }
    assert!(word_error(&docx(&body), "x.docx").contains("nested more than"));
    // A hundred thousand nested elements, between paragraphs and inside one.
    let deep = format!(
        "{}{}",
        "<w:sdt>".repeat(100_000),
        "</w:sdt>".repeat(100_000)
    );
    assert!(word_error(&docx(&deep), "x.docx").contains("nested more than"));
    let deep = format!(
        "<w:p>{}{}</w:p>",
        "<w:hyperlink>".repeat(100_000),
        "</w:hyperlink>".repeat(100_000)
    );
    assert!(word_error(&docx(&deep), "x.docx").contains("nested more than"));
}

// ---- LibreOffice ----

fn vanban() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_vanban"))
}

#[test]
fn without_libreoffice_a_doc_fails_naming_the_program_and_its_package() {
    let out = vanban()
        .env("VANBAN_SOFFICE", "/nonexistent/soffice")
        .arg("convert")
        .arg(common::root().join("fixtures/word/real/dongnai-bqlkcn-mau5-baocao-bhld-2009-vni.doc"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("dongnai-bqlkcn-mau5-baocao-bhld-2009-vni.doc"),
        "{err}"
    );
    assert!(
        err.contains("LibreOffice") && err.contains("libreoffice-writer-nogui"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_hung_or_failing_office_suite_is_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let fake = |name: &str, script: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, script).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        p
    };
    let rtf = common::root().join("fixtures/word/real/botaichinh-host-ND-94-1998-ND-CP-tcvn3.rtf");
    // Hangs: stopped at the time limit.
    let hangs = fake("hangs", "#!/bin/sh\nsleep 30\n");
    let started = std::time::Instant::now();
    let out = vanban()
        .env("VANBAN_SOFFICE", &hangs)
        .env("VANBAN_OFFICE_TIMEOUT", "1")
        .arg("convert")
        .arg(&rtf)
        .output()
        .unwrap();
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did not convert the file within 1 s"), "{err}");
    // Exits without writing anything: its own message is passed on.
    let fails = fake(
        "fails",
        "#!/bin/sh\necho 'Error: source file could not be loaded' >&2\nexit 1\n",
    );
    let out = vanban()
        .env("VANBAN_SOFFICE", &fails)
        .arg("convert")
        .arg(&rtf)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("could not convert") && err.contains("could not be loaded"),
        "{err}"
    );
}

#[test]
fn rtf_is_recognised_by_its_first_bytes_whatever_its_name() {
    if !has_soffice() {
        return;
    }
    let bytes = fixture("word/real/botaichinh-host-ND-94-1998-ND-CP-tcvn3.rtf");
    // Named .txt: read as RTF all the same, its TCVN3 runs decoded.
    let i = ingest(&bytes, "nghidinh.txt").unwrap();
    assert_eq!(i.format, vanban::model::Format::Rtf);
    assert_eq!(i.encoding, "tcvn3");
    assert!(texts(&i).contains(&"Căn cứ Luật Tổ chức Chính phủ ngày 30 tháng 9 năm 1992;"));
    // A .doc in VNI: its table a grid, its text decoded.
    let i = ingested("word/real/dongnai-bqlkcn-mau5-baocao-bhld-2009-vni.doc");
    assert_eq!(
        (i.format, i.encoding.as_str()),
        (vanban::model::Format::Doc, "vni")
    );
    assert!(texts(&i)
        .iter()
        .any(|l| l.contains("Độc lập – Tự do – Hạnh phúc")));
    assert_eq!(i.tables.len(), 1);
    assert_eq!(
        i.tables[0].cell_at(0, 0).unwrap().text(),
        "CÁC CHỈ TIÊU VỀ BHLĐ"
    );
}

#[test]
fn folders_are_walked_for_word_files_and_a_bad_one_does_not_stop_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let out = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::root().join("fixtures/word/made-qd-heading-styles.docx"),
        dir.path().join("qd.docx"),
    )
    .unwrap();
    std::fs::write(dir.path().join("broken.docx"), b"not a zip").unwrap();
    std::fs::write(dir.path().join("notes.md"), b"not walked").unwrap();
    let run = vanban()
        .arg("convert")
        .arg(dir.path())
        .arg("-o")
        .arg(out.path())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("broken.docx") && err.contains("not a zip"),
        "{err}"
    );
    assert!(out.path().join("qd.json").exists());
    assert!(!out.path().join("broken.json").exists());
}

/// Words of `text`, lowercased (the capitals fonts print capitals the transcripts do not keep).
fn words(text: &str) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let text: String = text.nfc().collect::<String>().to_lowercase();
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Words of `truth` found in order in `got` (longest common subsequence), as a share.
fn words_matched(truth: &[String], got: &[String]) -> f64 {
    let mut prev = vec![0u32; got.len() + 1];
    let mut cur = vec![0u32; got.len() + 1];
    for t in truth {
        for (j, g) in got.iter().enumerate() {
            cur[j + 1] = if t == g {
                prev[j] + 1
            } else {
                cur[j].max(prev[j + 1])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[got.len()] as f64 / truth.len().max(1) as f64
}

#[test]
fn legacy_word_files_read_as_their_transcripts() {
    if !has_soffice() {
        return;
    }
    for name in [
        "botaichinh-host-ND-94-1998-ND-CP-tcvn3.rtf",
        "dongnai-bqlkcn-mau5-baocao-bhld-2009-vni.doc",
        "bokhcn-phuluc3-QD-13-2004-QD-BKHCN-tcvn3.doc",
    ] {
        let i = ingested(&format!("word/real/{name}"));
        // Lines and table cells in reading order.
        let mut text: Vec<String> = Vec::new();
        let mut grids = i.tables.iter().peekable();
        for (k, l) in i.lines.iter().enumerate() {
            while let Some(g) = grids.next_if(|g| g.anchor <= k) {
                text.extend(g.cells.iter().map(|c| c.text()));
            }
            text.push(l.text.clone());
        }
        for g in grids {
            text.extend(g.cells.iter().map(|c| c.text()));
        }
        let stem = name.rsplit_once('.').unwrap().0;
        let truth = String::from_utf8(fixture(&format!(
            "word/real/groundtruth/{stem}.groundtruth.txt"
        )))
        .unwrap();
        let share = words_matched(&words(&truth), &words(&text.join("\n")));
        // The transcripts have a few slips of their own (dongnai: "nẵng nhọc" for "nặng nhọc").
        assert!(
            share >= 0.99,
            "{name}: {:.4} of the transcript's words",
            share
        );
    }
}

/// A paragraph of `text`, its runs bold where asked, centred or not; '\t' typed as Word's tab.
fn paragraph_xml(text: &str, bold: bool, centred: bool) -> String {
    let jc = if centred {
        r#"<w:pPr><w:jc w:val="center"/></w:pPr>"#
    } else {
        ""
    };
    let rpr = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    let runs: Vec<String> = text
        .split('\t')
        .map(|t| format!(r#"<w:r>{rpr}<w:t xml:space="preserve">{t}</w:t></w:r>"#))
        .collect();
    format!(
        "<w:p>{jc}{}</w:p>",
        runs.join(&format!("<w:r>{rpr}<w:tab/><w:tab/><w:tab/></w:r>"))
    )
}

fn convert_docx(body: &str) -> vanban::Document {
    vanban::convert_bytes("x.docx", &docx(body), &vanban::ConvertOptions::default()).unwrap()
}

#[test]
fn bold_and_alignment_reach_the_lines_from_direct_formatting_and_styles() {
    let i = ingested("word/made-kh-chuyendoiso.docx");
    assert_eq!(i.styles.len(), i.lines.len());
    let style = |text: &str| {
        let at = i.lines.iter().position(|l| l.text == text).unwrap();
        i.styles[at]
    };
    use vanban::ingest::Align;
    assert_eq!(style("KẾ HOẠCH").bold, Some(true));
    assert_eq!(style("KẾ HOẠCH").align, Some(Align::Center));
    // The list label ("I.") is not the paragraph's text: the heading is bold.
    assert_eq!(style("I. MỤC ĐÍCH, YÊU CẦU").bold, Some(true));
    let body = i
        .lines
        .iter()
        .position(|l| l.text.starts_with("Căn cứ"))
        .unwrap();
    assert_eq!(i.styles[body].bold, Some(false));
    // A style's alignment and bold are inherited; one plain run makes a line not bold.
    let styles = r#"<?xml version="1.0"?><w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:styleId="T"><w:pPr><w:jc w:val="center"/></w:pPr><w:rPr><w:b/></w:rPr></w:style></w:styles>"#;
    let doc_rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    let body = r#"<w:p><w:pPr><w:pStyle w:val="T"/></w:pPr><w:r><w:t>Tiêu đề</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="T"/></w:pPr><w:r><w:t>Đậm </w:t></w:r><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>thường</w:t></w:r></w:p><w:p><w:r><w:t>Thân</w:t></w:r></w:p>"#;
    let bytes = package(&[
        ("_rels/.rels", RELS.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/document.xml", &document(body)),
    ]);
    let i = ingest(&bytes, "x.docx").unwrap();
    let got: Vec<(Option<bool>, Option<Align>)> =
        i.styles.iter().map(|s| (s.bold, s.align)).collect();
    assert_eq!(
        got,
        [
            (Some(true), Some(Align::Center)),
            (Some(false), Some(Align::Center)),
            (Some(false), Some(Align::Left))
        ]
    );
}

#[test]
fn centred_bold_paragraphs_under_the_type_line_are_the_title() {
    let body = |second_bold: bool| {
        [
            paragraph_xml("SỞ NỘI VỤ", true, true),
            paragraph_xml("Số: 21/TTr-SNV", false, true),
            paragraph_xml("TỜ TRÌNH", true, true),
            paragraph_xml("Về việc phê duyệt Điều lệ (sửa đổi, bổ sung)", true, true),
            paragraph_xml("Hiệp hội Doanh nghiệp tỉnh", second_bold, true),
            paragraph_xml("Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh", false, true),
            paragraph_xml("Sở Nội vụ kính trình Chủ tịch xem xét.", false, false),
        ]
        .concat()
    };
    let doc = convert_docx(&body(true));
    assert_eq!(
        doc.document.title.as_deref(),
        Some("Về việc phê duyệt Điều lệ (sửa đổi, bổ sung) Hiệp hội Doanh nghiệp tỉnh")
    );
    assert_eq!(doc.document.recipients, ["Chủ tịch Ủy ban nhân dân tỉnh"]);
    // Set as body text, the next paragraph is not the title's.
    let doc = convert_docx(&body(false));
    assert_eq!(
        doc.document.title.as_deref(),
        Some("Về việc phê duyệt Điều lệ (sửa đổi, bổ sung)")
    );
}

/// A decision typed as old Word files are: the header's and the closing's two columns on one
/// line, set apart by tabs; an attached programme after it, under its own header.
const TAB_TYPED_DECISION: &[&str] = &[
    "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "THÀNH PHỐ CẦN THƠ\tĐộc lập - Tự do - Hạnh phúc",
    "Số: 256/2004/QĐ-UB\tTP.Cần Thơ, ngày 01 tháng 7 năm 2004",
    "QUYẾT ĐỊNH CỦA ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
    "V/v ban hành Chương trình cải cách hành chính giai đoạn 2004 - 2010",
    "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ",
    "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26/11/2003;",
    "QUYẾT ĐỊNH:",
    "Điều 1. Nay ban hành kèm theo Quyết định này Chương trình cải cách hành chính.",
    "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
    "TM . UBND THÀNH PHỐ CẦN THƠ",
    "Nơi nhận:\tCHỦ TỊCH",
    "- Bộ Nội vụ",
    "- TT.HĐND, UBND TP\t(Đã ký)",
    "- Sở, Ban ngành TP\tVõ Thanh Tòng",
    "- Lưu TTLT",
    "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "THÀNH PHỐ CẦN THƠ\tĐộc lập - Tự do - Hạnh phúc",
    "CHƯƠNG TRÌNH",
    "CẢI CÁCH HÀNH CHÍNH CỦA THÀNH PHỐ CẦN THƠ",
    "(Ban hành theo Quyết định số 256/2004/QĐ-UB ngày 01/7/2004)",
    "I. MỤC TIÊU",
    "Xây dựng nền hành chính dân chủ, trong sạch, vững mạnh.",
];

#[test]
fn tab_typed_columns_end_the_closing_at_an_attached_documents_header() {
    let body: String = TAB_TYPED_DECISION
        .iter()
        .map(|l| paragraph_xml(l, false, false))
        .collect();
    let doc = convert_docx(&body);
    let d = &doc.document;
    assert_eq!(d.number.as_deref(), Some("256/2004/QĐ-UB"));
    assert_eq!(
        d.title.as_deref(),
        Some("V/v ban hành Chương trình cải cách hành chính giai đoạn 2004 - 2010")
    );
    // The recipients end where the attached programme's header begins; the signature column
    // typed beside them is the signer's.
    assert_eq!(
        d.recipients,
        [
            "Bộ Nội vụ",
            "TT.HĐND, UBND TP",
            "Sở, Ban ngành TP",
            "Lưu TTLT"
        ]
    );
    assert_eq!(d.signer.authority.as_deref(), Some("TM."));
    assert_eq!(
        d.signer.on_behalf_of.as_deref(),
        Some("UBND THÀNH PHỐ CẦN THƠ")
    );
    assert_eq!(d.signer.position.as_deref(), Some("CHỦ TỊCH"));
    assert_eq!(d.signer.name.as_deref(), Some("Võ Thanh Tòng"));
    // Điều 1, Điều 2, and the programme as one attachment.
    let kinds: Vec<String> = doc
        .sections
        .iter()
        .map(|s| format!("{:?}", s.kind))
        .collect();
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    assert!(kinds[2].contains("ppendix"), "{kinds:?}");
}

#[test]
fn a_signature_ending_a_form_is_read_without_noi_nhan() {
    let mut body: String = [
        paragraph_xml("BÁO CÁO ĐỊNH KỲ VỀ BẢO HỘ LAO ĐỘNG", true, true),
        paragraph_xml("Kính gửi: Ban Quản lý các Khu công nghiệp", false, true),
        paragraph_xml("Tình hình bảo hộ lao động trong năm như sau.", false, false),
    ]
    .concat();
    let ending = |position: &str, note: Option<&str>| {
        let mut s = paragraph_xml(position, true, true);
        if let Some(n) = note {
            s.push_str(&paragraph_xml(n, false, true));
        }
        s
    };
    let with_note = format!(
        "{body}{}",
        ending("GIÁM ĐỐC CÔNG TY", Some("(Ký tên, đóng dấu)"))
    );
    let doc = convert_docx(&with_note);
    assert_eq!(
        doc.document.signer.position.as_deref(),
        Some("GIÁM ĐỐC CÔNG TY")
    );
    // A capitalised last line alone is no signature.
    body.push_str(&ending("GIÁM ĐỐC CÔNG TY", None));
    let doc = convert_docx(&body);
    assert_eq!(doc.document.signer.position, None);
}

fn convert_lines(lines: &[&str]) -> vanban::Document {
    let body: String = lines
        .iter()
        .map(|l| paragraph_xml(l, false, false))
        .collect();
    convert_docx(&body)
}

#[test]
fn old_copies_give_issuer_number_and_title_from_their_heading() {
    // A web copy of a decree: issuer, number and date in the title, the enacting body above
    // the bases.
    let doc = convert_lines(&[
        "NGHỊ ĐỊNH",
        "CỦA CHÍNH PHỦ SỐ 29/1998/NĐ-CP NGÀY 11 THÁNG 5 NĂM 1998",
        "VỀ VIỆC BAN HÀNH QUY CHẾ THỰC HIỆN DÂN CHỦ Ở XÃ",
        "CHÍNH PHỦ",
        "Căn cứ Luật Tổ chức Chính phủ ngày 30 tháng 9 năm 1992;",
        "NGHỊ ĐỊNH:",
        "Điều 1. Ban hành kèm theo Nghị định này bản Quy chế thực hiện dân chủ ở xã.",
        "Điều 2. Nghị định này có hiệu lực sau 15 ngày kể từ ngày ký.",
        "QUY CHẾ",
        "THỰC HIỆN DÂN CHỦ Ở XÃ",
        "(Ban hành kèm theo Nghị định số 29/1998/NĐ-CP",
        "ngày 11 tháng 5 năm 1998 của Chính phủ)",
        "Điều 1. Quy chế thực hiện dân chủ ở xã nhằm phát huy quyền làm chủ của nhân dân.",
    ]);
    let d = &doc.document;
    assert_eq!(d.number.as_deref(), Some("29/1998/NĐ-CP"));
    assert_eq!(d.date.as_deref(), Some("1998-05-11"));
    assert_eq!(d.issuer.name.as_deref(), Some("CHÍNH PHỦ"));
    assert_eq!(
        d.title.as_deref(),
        Some("VỀ VIỆC BAN HÀNH QUY CHẾ THỰC HIỆN DÂN CHỦ Ở XÃ")
    );
    // The regulation issued with it is an attachment, not more articles of the decree.
    assert_eq!(doc.sections.len(), 3);
    // "BẢN QUY ĐỊNH": the type after the article.
    let doc = convert_lines(&[
        "ỦY BAN NHÂN DÂN TỈNH AN GIANG",
        "BẢN QUY ĐỊNH",
        "Chính sách khuyến khích và ưu đãi đầu tư",
        "(Ban hành kèm theo Quyết định số 522/2002/QĐ.UB ngày 07/3/2002)",
        "Chương I",
        "QUY ĐỊNH CHUNG",
    ]);
    assert_eq!(doc.document.doc_type.as_deref(), Some("QUY ĐỊNH"));
    assert_eq!(
        doc.document.title.as_deref(),
        Some("Chính sách khuyến khích và ưu đãi đầu tư")
    );
}

#[test]
fn a_header_typed_in_two_columns_without_a_type_line_is_read() {
    let doc = convert_lines(&[
        "VĂN PHÒNG UBND TỈNH\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÌNH THUẬN\tĐộc lập - Tự do - Hạnh phúc",
        "PHÒNG NCKSTTHC",
        "Bình Thuận, ngày 05 tháng 12 năm 2024",
        "PHIẾU TRÌNH GIẢI QUYẾT CÔNG VIỆC",
        "Kính gửi:",
        "- Lãnh đạo UBND tỉnh;",
        "1. Vấn đề trình: thông báo chuẩn bị giải thể hội.",
    ]);
    let d = &doc.document;
    assert_eq!(d.date.as_deref(), Some("2024-12-05"));
    assert_eq!(d.place.as_deref(), Some("Bình Thuận"));
    assert_eq!(d.issuer.name.as_deref(), Some("PHÒNG NCKSTTHC"));
}
