//! Hostile input: counts and sizes a file states are checked against what it holds, work stays
//! near-linear, and what cannot be read is an error naming the reason (issue 16). Each test
//! is a case found by the fuzzing or the mutation campaign (fuzz/README.md).

mod common;

use vanban::{ConvertOptions, Error, RestoreMode};

/// A PDF of `objects` (bodies of objects 1, 2, …; object 1 the catalog) with a correct xref.
fn pdf(objects: &[String]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// One page of text under a root /Pages node, then a second /Pages node claiming `count`
/// pages and holding the same page again.
fn pdf_claiming_pages(count: &str) -> Vec<u8> {
    let [page, contents, font] = page_objects("BT /F1 12 Tf 72 700 Td (Ke hoach so 12) Tj ET");
    pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>".into(),
        page,
        contents,
        font,
        format!("<< /Type /Pages /Parent 2 0 R /Kids [3 0 R] /Count {count} >>"),
    ])
}

/// Objects 3–5 of a one-page PDF under the /Pages node 2: the page, its `content` stream and
/// the Helvetica font it names /F1.
fn page_objects(content: &str) -> [String; 3] {
    [
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .into(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ]
}

fn never() -> ConvertOptions {
    ConvertOptions {
        restore: RestoreMode::Never,
        ..Default::default()
    }
}

#[test]
fn a_page_tree_claiming_billions_of_pages_reads_the_pages_it_holds() {
    // 2³¹ and 2⁴⁴ made lopdf's page map reserve 32 GiB and 256 TiB (the process aborted);
    // 2⁶² and i64::MAX overflowed the sum of the counts (a panic).
    for count in [
        "2147483648",
        "17592186044416",
        "4611686018427387904",
        "9223372036854775807",
        "-5",
    ] {
        let doc = vanban::convert_bytes("count.pdf", &pdf_claiming_pages(count), &never())
            .unwrap_or_else(|e| panic!("/Count {count}: {e}"));
        assert_eq!(doc.source.pages, 2, "/Count {count}");
    }
}

#[test]
fn a_page_tree_that_is_a_cycle_ends() {
    let bytes = pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>".into(),
        "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>".into(),
    ]);
    let e = vanban::convert_bytes("cycle.pdf", &bytes, &never()).unwrap_err();
    assert!(matches!(e, Error::Pdf(_)), "{e}");
}

/// A plan whose task table has one row that never reaches the next row number.
fn run_on_table(lines: usize) -> String {
    let mut text = String::from(
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nSố: 12/KH-UBND\nKẾ HOẠCH\nThực hiện Nghị quyết số 57-NQ/TW\n\n\
         PHỤ LỤC\nTT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian hoàn thành\n\
         1 Xây dựng chính quyền số Sở Nội vụ Các sở, ngành 2025\n",
    );
    for i in 0..lines {
        text.push_str(&format!(
            "tiếp tục triển khai các nội dung của nhiệm vụ phần {i} theo kế hoạch\n"
        ));
    }
    text
}

#[test]
fn a_table_row_too_long_to_cut_is_kept_whole_with_a_warning() {
    // 400 lines of 12 words: the cell search (quadratic in a row's words) is not run on it.
    let text = run_on_table(400);
    let doc = vanban::convert_bytes("runon.txt", text.as_bytes(), &never()).unwrap();
    let warning = doc
        .warnings
        .iter()
        .find(|w| w.code == "table_row_too_long")
        .expect("a warning names the row");
    assert!(warning.message.starts_with("row 1:"), "{}", warning.message);
    // Every word of the row is in the table.
    let table = doc.tables.first().expect("the table is kept");
    let cells: String = table
        .cells
        .iter()
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    for i in [0, 199, 399] {
        assert!(cells.contains(&format!("phần {i} theo")), "line {i} lost");
    }
    // A row of ordinary length is still cut into its columns.
    let short = run_on_table(3);
    let doc = vanban::convert_bytes("short.txt", short.as_bytes(), &never()).unwrap();
    assert!(doc.warnings.iter().all(|w| w.code != "table_row_too_long"));
}

#[test]
fn annotation_reads_each_line_s_own_changes() {
    let stripped = "Uy ban nhan dan tinh ban hanh ke hoach thuc hien\n\
                    Cac so, ban, nganh to chuc thuc hien ke hoach nay\n";
    let text = stripped.repeat(50);
    // The defaults for options added later.
    #[allow(clippy::needless_update)]
    let options = vanban::restore::RestoreOptions {
        mode: RestoreMode::Always,
        annotate: true,
        low_confidence: 1.1, // every change marked
        ..Default::default()
    };
    let out = vanban::restore::restore_text(&text, &options);
    assert!(!out.changes.is_empty());
    // Each change is marked on its own line, and nowhere else.
    let lines: Vec<&str> = out.text.split('\n').collect();
    assert_eq!(lines.len(), text.split('\n').count());
    for c in &out.changes {
        let marked = format!("⟦{}?{}⟧", c.restored, c.original);
        assert!(
            lines[c.line].contains(&marked),
            "line {}: {}",
            c.line,
            lines[c.line]
        );
    }
    assert_eq!(
        out.text.matches('⟦').count(),
        out.changes.len(),
        "one mark per change"
    );
}

#[test]
fn a_repeated_table_header_skips_only_the_lines_it_repeats() {
    // Found by tests/pipeline_props.rs. The header took four lines the first time (up to the
    // first row); repeated, it was followed by other lines, skipped with it as if they were
    // the header's (lost).
    let header = "TT Nhiệm vụ Cơ quan chủ trì Cơ quan phối hợp Thời gian hoàn thành\n";
    let text = format!(
        "PHỤ LỤC\n{header}2. xây dựng\nSở Nội vụ\nSở Tài chính\n1. xây dựng kho dữ liệu\n\
         {header}1. đào tạo nhân lực\nSở Tư pháp\nI. 80% HỒ SƠ\nSở Y tế\n"
    );
    let doc = vanban::convert_bytes("t.txt", text.as_bytes(), &never()).unwrap();
    let json = vanban::to_json(&doc);
    for kept in ["đào tạo nhân lực", "Sở Tư pháp", "HỒ SƠ", "Sở Y tế"] {
        assert!(json.contains(kept), "{kept} lost: {json}");
    }
}

/// A page whose drawing is a hatching of `n` vertical and `n` horizontal rulings a point and a
/// half apart, over a line of text.
fn hatched_page(n: usize) -> Vec<u8> {
    let mut content = String::new();
    for k in 0..n {
        let at = 10.0 + 1.5 * k as f32;
        content.push_str(&format!("{at} 10 m {at} 780 l S 10 {at} m 600 {at} l S "));
    }
    content.push_str("BT /F1 12 Tf 72 700 Td (Ke hoach so 12) Tj ET");
    let [page, contents, font] = page_objects(&content);
    pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        page,
        contents,
        font,
    ])
}

#[test]
fn a_hatching_of_rulings_is_not_a_table_and_its_text_stays() {
    // 3,000 rulings made a grid of 10⁶ positions, each asking every ruling whether it
    // separates two of them (2 s for a 30 KB file): past a table's size the rulings are a
    // pattern, and the words under them stay text.
    for n in [1500, 3000] {
        let doc = vanban::convert_bytes("hatched.pdf", &hatched_page(n), &never())
            .unwrap_or_else(|e| panic!("{n} rulings: {e}"));
        assert!(doc.tables.is_empty(), "{n} rulings: {:?}", doc.tables.len());
        // Every letter kept (where the rulings are few enough to be a table's, they still cut
        // the words they pass between).
        let json: String = serde_json::to_string(&doc)
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(json.contains("Kehoachso12"), "{n} rulings: text lost");
    }
}

#[test]
fn a_paragraph_citing_thousands_of_documents_lists_each_once_in_order() {
    // Each symbol was looked up in the paragraph's list of those already found (quadratic:
    // 50,000 symbols took 2.7 s to convert and 5.4 s to diff).
    let symbols: Vec<String> = (1..=3000).map(|i| format!("{i}/KH-UBND")).collect();
    let text = format!(
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\n\nKẾ HOẠCH\n\nCăn cứ {} và {}.\n",
        symbols.join(", "),
        symbols[..10].join(", ")
    );
    let doc = vanban::convert_bytes("cites.txt", text.as_bytes(), &never()).unwrap();
    let listed: Vec<&str> = doc.references.iter().map(|r| r.symbol.as_str()).collect();
    assert_eq!(
        listed,
        symbols.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(doc.references[..10].iter().all(|r| r.mentions == 2));
}
