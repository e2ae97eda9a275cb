//! The readable and tabular exports, run through the binary: Markdown and plain text from the
//! Document model in reading order, CSV (the `csv` crate) keeping printed text as printed, and
//! Excel workbooks that LibreOffice Calc opens with the Vietnamese text intact and the same cells
//! as the CSV files.

mod common;

use common::{fixture, run, stderr};
use std::path::Path;

const KH181: &str = "seeds/angiang-ubnd-kh181-nq03.txt";

fn out_text(args: &[&str]) -> String {
    let o = run(args);
    assert!(o.status.success(), "{args:?}: {}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap();
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn markdown_has_the_header_the_tree_and_the_tables() {
    let md = out_text(&["convert", &fixture(KH181), "--format", "md"]);
    let doc = common::convert(KH181);
    // Header block, then the type as the title heading.
    assert!(
        md.starts_with("**UBND tỉnh An Giang**  \nSố: 181/KH-UBND"),
        "{}",
        &md[..200]
    );
    assert!(md.contains("\n# KẾ HOẠCH\n"));
    // Every titled top-level section is a level-2 heading, in order.
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    let titled: Vec<&str> = doc
        .sections
        .iter()
        .filter_map(|s| s.title.as_deref())
        .filter(|t| !t.is_empty())
        .collect();
    assert_eq!(headings.len(), titled.len());
    for (h, t) in headings.iter().zip(&titled) {
        assert!(h.ends_with(t), "{h} / {t}");
    }
    // Each table is printed as the document has it: its header, then every body row.
    assert_eq!(doc.tables.len(), 2);
    for t in &doc.tables {
        let header: Vec<&str> = t
            .cells
            .iter()
            .filter(|c| c.row == 0)
            .map(|c| c.text.as_str())
            .collect();
        let header_line = format!("| {} |", header.join(" | "));
        let start = md.find(&header_line).expect("the table's header");
        let rows = md[start..]
            .lines()
            .skip(2)
            .take_while(|l| l.starts_with('|'))
            .count();
        assert_eq!(rows as u32, t.n_rows - t.header_rows, "{header_line}");
    }
    assert!(
        md.contains("\n| I | Nâng cao nhận thức, đột phá về đổi mới tư duy"),
        "group rows keep their title"
    );
    // A document without its grids (the JSON of an older version): its task and indicator rows.
    let mut older = doc.clone();
    older.tables.clear();
    let md_older = vanban::export::markdown::render(&older);
    assert!(md_older.contains("| TT | Nhiệm vụ | Chủ trì | Phối hợp | Kết quả | Thời hạn |"));
    let table_tasks = doc.tasks.iter().filter(|t| t.origin == "table").count();
    let start = md_older.find("| TT | Nhiệm vụ |").unwrap();
    let rows: Vec<&str> = md_older[start..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let groups: std::collections::BTreeSet<_> = doc
        .tasks
        .iter()
        .filter(|t| t.origin == "table")
        .filter_map(|t| t.group.as_deref())
        .collect();
    assert_eq!(rows.len(), table_tasks + groups.len());
    // The signature comes before the appendices, as in the document.
    let signed = md.find("**Hồ Văn Mừng**").expect("the signer");
    let appendix = md.find("## PHỤ LỤC I").expect("the first appendix");
    assert!(signed < appendix);
    // Text that looks like Markdown stays text.
    assert!(
        !md.contains("\n1. "),
        "a numbered paragraph must not become a list"
    );
}

#[test]
fn text_is_the_document_in_reading_order_with_diacritics_restored() {
    // The OCR'd seed: its text comes out restored, from the model (no second reading).
    let text = out_text(&[
        "convert",
        &fixture("seeds/angiang-sxd-kh-nq71.ocr.txt"),
        "--format",
        "text",
    ]);
    let doc = common::convert("seeds/angiang-sxd-kh-nq71.ocr.txt");
    assert!(doc.source.restored);
    for p in doc.preamble.iter().chain(&doc.closing) {
        assert!(text.contains(p.as_str()), "missing: {p}");
    }
    let mut last = 0;
    for s in &doc.sections {
        let head = s
            .title
            .clone()
            .filter(|t| !t.is_empty())
            .unwrap_or_default();
        let at = text[last..].find(&head).map(|k| k + last);
        assert!(at.is_some(), "section {head:?} missing or out of order");
        last = at.unwrap();
    }
    let text = out_text(&["convert", &fixture(KH181), "--format", "text"]);
    assert!(text.contains("\nIV. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU\n"));
    assert!(text.contains("\na) "), "lettered items keep their letter");
    assert!(text.contains("\nNơi nhận:\n- Văn phòng Chính phủ\n"));
}

#[test]
fn csv_keeps_printed_text_as_printed_and_numbers_as_numbers() {
    let out = tempfile::tempdir().unwrap();
    let o = run(&[
        "convert",
        &fixture(KH181),
        "-o",
        out.path().to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows = read_csv(&out.path().join("indicators.csv"));
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let hdi = rows
        .iter()
        .find(|r| r[col("id")] == "10")
        .expect("indicator 10");
    assert_eq!(
        hdi[col("target")],
        "> 0,7",
        "the document's own decimal comma"
    );
    assert_eq!(hdi[col("target_value")], "0.7");
    assert_eq!(hdi[col("target_op")], ">");
    let documents = read_csv(&out.path().join("documents.csv"));
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[1][1], "181/KH-UBND");
}

/// Converts `file` with LibreOffice headless into `dir` (`filter` as `--convert-to` takes it).
fn soffice(file: &Path, filter: &str, dir: &Path) -> std::process::Output {
    let profile = tempfile::tempdir().unwrap();
    std::process::Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", filter, "--outdir"])
        .arg(dir)
        .arg(file)
        .output()
        .unwrap()
}

/// Whether LibreOffice Calc runs here: it turns a one-line CSV into a spreadsheet.
fn calc_available() -> bool {
    let has_soffice = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !has_soffice {
        return false;
    }
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("probe.csv");
    std::fs::write(&csv, "a,b\n1,2\n").unwrap();
    soffice(&csv, "ods", dir.path());
    dir.path().join("probe.ods").exists()
}

/// Each sheet of a workbook as CSV, through LibreOffice Calc; `None` (with the reason printed)
/// where Calc is not installed.
fn calc_sheets(xlsx: &Path, sheets: &[&str]) -> Option<Vec<Vec<Vec<String>>>> {
    if !calc_available() {
        eprintln!(
            "skipped: LibreOffice Calc is not installed (.ci/run installs libreoffice-calc-nogui)"
        );
        return None;
    }
    let dir = xlsx.parent().unwrap();
    // All sheets, UTF-8 (76), comma-separated, each to <name>-<sheet>.csv.
    let filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";
    let o = soffice(xlsx, filter, dir);
    let stem = xlsx.file_stem().unwrap().to_string_lossy();
    let read = |sheet: &str| {
        let path = dir.join(format!("{stem}-{sheet}.csv"));
        assert!(
            path.exists(),
            "LibreOffice did not write {}: {}",
            path.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        read_csv(&path)
    };
    Some(sheets.iter().map(|s| read(s)).collect())
}

#[test]
fn the_workbook_opens_in_calc_with_the_cells_of_the_csv_files() {
    let out = tempfile::tempdir().unwrap();
    let seeds = common::root().join("fixtures/seeds");
    let xlsx = out.path().join("plans.xlsx");
    let o = run(&[
        "convert",
        seeds.to_str().unwrap(),
        "-o",
        xlsx.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let csv_dir = out.path().join("csv");
    let o = run(&[
        "convert",
        seeds.to_str().unwrap(),
        "-o",
        csv_dir.to_str().unwrap(),
        "--format",
        "csv",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let tables = ["tasks", "indicators", "documents"];
    let Some(sheets) = calc_sheets(&xlsx, &tables) else {
        return;
    };
    for (name, sheet) in tables.iter().zip(sheets) {
        let mut csv = read_csv(&csv_dir.join(format!("{name}.csv")));
        // The CSV writes a formula-like text after an apostrophe; the workbook keeps it as text.
        for cell in csv.iter_mut().flatten() {
            if cell.starts_with("'=") || cell.starts_with("'-") || cell.starts_with("'+") {
                cell.remove(0);
            }
        }
        assert_eq!(sheet.len(), csv.len(), "{name}: rows");
        for (r, (a, b)) in sheet.iter().zip(&csv).enumerate() {
            assert_eq!(a, b, "{name} row {r}: Calc's cells differ from the CSV's");
        }
    }
    // The Vietnamese text survives the round trip, byte for byte.
    let csv_text = std::fs::read_to_string(csv_dir.join("tasks.csv")).unwrap();
    assert!(csv_text.contains("Sở Khoa học và Công nghệ"));
}

#[test]
fn the_workbook_is_set_up_for_reading() {
    let text = std::fs::read(fixture(KH181)).unwrap();
    let doc = vanban::convert_bytes("kh181.txt", &text, &Default::default()).unwrap();
    let bytes = vanban::export::xlsx::to_bytes(&[doc]).unwrap();
    // The sheet XML holds the frozen header, the autofilter and the column widths.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.xlsx");
    std::fs::write(&path, &bytes).unwrap();
    let listing = std::process::Command::new("unzip")
        .args(["-p", path.to_str().unwrap(), "xl/worksheets/sheet1.xml"])
        .output();
    let Ok(listing) = listing else {
        eprintln!("skipped: unzip is not installed");
        return;
    };
    let sheet = String::from_utf8_lossy(&listing.stdout);
    assert!(
        sheet.contains(
            r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
        ),
        "{}",
        &sheet[..sheet.len().min(800)]
    );
    assert!(
        sheet.contains("<autoFilter ref=\"A1:V"),
        "autofilter over every task column"
    );
    assert!(sheet.contains("<col "), "column widths");
    let workbook = std::process::Command::new("unzip")
        .args(["-p", path.to_str().unwrap(), "xl/workbook.xml"])
        .output()
        .unwrap();
    let workbook = String::from_utf8_lossy(&workbook.stdout);
    for name in ["tasks", "indicators", "documents"] {
        assert!(
            workbook.contains(&format!("name=\"{name}\"")),
            "sheet {name}"
        );
    }
}

#[test]
fn markdown_and_text_name_who_signed_the_file() {
    // The file's digital signatures (document.signatures) are part of what a reader sees.
    let pdf = fixture("pdf/real/botuphap-CV-3917-BTP-BTTP-2025-signed.pdf");
    for format in ["md", "text"] {
        let out = out_text(&["convert", &pdf, "--format", format]);
        assert!(
            out.contains("Ký số: Mai Lương Khôi (BỘ TƯ PHÁP)")
                && out.contains("2025-07-03T16:52:36+07:00"),
            "{format}: {out}"
        );
    }
}
