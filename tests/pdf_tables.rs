//! Tables read from a PDF's ruled grid equal the same tables read from text: the landscape
//! appendix PDF (LibreOffice, header row repeated on each page, rows cut by page breaks) holds
//! tasks 1–36 of 03/NQ-CP Phụ lục II, whose text form is in fixtures/reference.

mod common;

#[test]
fn pdf_tasks_equal_the_text_tasks() {
    let pdf = common::convert("pdf/phuluc-landscape.pdf");
    let text = common::convert("reference/nq03_NQ-CP_2025_full.txt");
    assert_eq!(pdf.tasks.len(), 36);
    for t in &pdf.tasks {
        let o = text
            .tasks
            .iter()
            .find(|o| o.number == t.number)
            .unwrap_or_else(|| panic!("task {:?} not in the text", t.number));
        assert_eq!(t.group, o.group, "task {:?}", t.number);
        assert_eq!(t.name, o.name, "task {:?}", t.number);
        assert_eq!(t.lead, o.lead, "task {:?}", t.number);
        assert_eq!(t.support, o.support, "task {:?}", t.number);
        assert_eq!(t.deadline, o.deadline, "task {:?}", t.number);
        assert!(t.span.bbox.is_some(), "PDF rows carry their box");
    }
    common::assert_valid("pdf", &common::json(&pdf));
}

#[test]
fn pdf_indicator_table() {
    let d = common::convert("pdf/kh-haugiang-indicators.pdf");
    assert_eq!(d.indicators.len(), 6);
    let i5 = &d.indicators[4];
    assert_eq!(i5.unit.as_deref(), Some("doanh nghiệp"));
    assert_eq!(
        (i5.target.op.as_str(), i5.target.value),
        (">=", Some(150.0))
    );
    // "Sở Thông tin và Truyền thông" merged into Sở Khoa học và Công nghệ in 2025.
    assert_eq!(i5.owner.agencies, ["Sở Khoa học và Công nghệ"]);
    assert!(i5.owner.resolved[0]
        .note
        .as_deref()
        .unwrap()
        .contains("merged"));
}

/// Two pages of a real report's table printed by LibreOffice from its Word file
/// (lamdong-ubnd-BC-tudanhgia-parindex-2025.docx, pages 26–27): on the first page one row is
/// drawn a little narrower than the others, its rulings 5 pt inside the column's. Those slivers
/// hold no text and are no columns: the table keeps its five columns and goes on over the page.
#[test]
fn a_row_drawn_narrower_adds_no_columns_and_the_table_goes_on() {
    let d = common::convert("pdf/made/office-table-row-narrower.pdf");
    let shapes: Vec<(u32, u32)> = d.tables.iter().map(|t| (t.page, t.n_cols)).collect();
    assert_eq!(shapes, [(1, 5)]);
    assert_eq!(d.tables[0].n_rows, 12);
}
