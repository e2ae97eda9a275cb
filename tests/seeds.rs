//! What a reader of each real document finds in it: metadata, signer, recipients, the section
//! tree, legal bases, footnotes and the anomalies the seeds README lists. Checked by reading the
//! documents; each assertion names something the parser could get wrong.

mod common;

use vanban::model::{Document, Section, SectionKind};

fn labels(sections: &[Section]) -> Vec<(SectionKind, Option<&str>)> {
    sections
        .iter()
        .map(|s| (s.kind, s.label.as_deref()))
        .collect()
}

fn all_text(doc: &Document) -> String {
    vanban::to_json(doc)
}

fn warning_codes(doc: &Document) -> Vec<&str> {
    doc.warnings.iter().map(|w| w.code.as_str()).collect()
}

#[test]
fn vpubnd_header_columns_page_numbers_and_repeated_iii() {
    let d = common::convert("seeds/angiang-vpubnd-kh-nq71.txt");
    let i = &d.document;
    assert_eq!(i.issuer.name.as_deref(), Some("VĂN PHÒNG"));
    assert_eq!(i.issuer.parent.as_deref(), Some("UBND TỈNH AN GIANG"));
    assert_eq!(i.number, None, "the number is left blank in the draft");
    assert_eq!(i.symbol.as_deref(), Some("KH-VPUBND"));
    assert_eq!(i.place.as_deref(), Some("An Giang"));
    assert_eq!(i.date.as_deref(), Some("2025-06"));
    assert_eq!(i.doc_type.as_deref(), Some("KẾ HOẠCH"));
    let title = i.title.as_deref().unwrap();
    assert!(title.starts_with("Triển khai thực hiện Nghị quyết số 71/NQ-CP"));
    assert!(title.ends_with("chuyển đổi số quốc gia"));
    // Signer without an authority prefix.
    assert_eq!(i.signer.authority, None);
    assert_eq!(i.signer.position.as_deref(), Some("CHÁNH VĂN PHÒNG"));
    assert_eq!(i.signer.name.as_deref(), Some("Lê Kỳ Quang"));
    assert_eq!(i.recipients.len(), 4);
    assert_eq!(i.recipients[3], "Lưu: VT");
    // Five "Căn cứ", the last one cut short in the source; the enacting formula is not a basis.
    assert_eq!(d.legal_bases.len(), 5);
    assert!(d.legal_bases[4].text.ends_with("chuyển đổi số quốc"));
    assert!(d.preamble[0].starts_with("Văn phòng Ủy ban nhân dân (UBND) tỉnh ban hành Kế hoạch"));
    // Two different sections numbered "III.": both kept, with a warning.
    assert_eq!(
        labels(&d.sections),
        [
            (SectionKind::Roman, Some("I")),
            (SectionKind::Roman, Some("II")),
            (SectionKind::Roman, Some("III")),
            (SectionKind::Roman, Some("III")),
        ]
    );
    assert_eq!(d.sections[3].title.as_deref(), Some("TỔ CHỨC THỰC HIỆN"));
    assert!(warning_codes(&d).contains(&"numbering_repeat"));
    // The page number "4", printed twice mid-text, is gone; the text around it is one paragraph.
    fn paragraphs(s: &[Section], out: &mut Vec<String>) {
        for x in s {
            out.extend(x.paragraphs.iter().cloned());
            paragraphs(&x.children, out);
        }
    }
    let mut all = Vec::new();
    paragraphs(&d.sections, &mut all);
    assert!(all
        .iter()
        .all(|p| p != "4" && !p.contains(" 4 4") && !p.ends_with(" 4")));
    let iv4 = &d.sections[2].children[3];
    assert_eq!(iv4.children.len(), 3);
    // "03-NQ/CP" is a variant spelling of 03/NQ-CP.
    assert!(d.references.iter().any(|r| r.symbol == "03/NQ-CP"));
    assert!(d
        .warnings
        .iter()
        .any(|w| w.code == "symbol_variant" && w.message.contains("03-NQ/CP")));
    assert_eq!(d.closing.len(), 1);
    assert!(d.closing[0].starts_with("Trên đây là Kế hoạch"));
}

#[test]
fn sxd_clean_twin_skipped_ii_footnote_and_recovered_issuer() {
    let d = common::convert("seeds/angiang-sxd-kh-nq71.txt");
    let i = &d.document;
    assert_eq!(i.issuer.name.as_deref(), Some("Sở Xây dựng"));
    assert!(i
        .provenance
        .iter()
        .any(|p| p.field == "issuer" && p.source == "enacting_formula"));
    assert_eq!(i.signer.authority.as_deref(), Some("KT."));
    assert_eq!(i.signer.on_behalf_of.as_deref(), Some("GIÁM ĐỐC"));
    assert_eq!(i.signer.position.as_deref(), Some("PHÓ GIÁM ĐỐC"));
    assert_eq!(i.signer.name.as_deref(), Some("Nguyễn Ngọc Lân"));
    assert_eq!(
        i.recipients,
        [
            "Sở KH&CN (để biết)",
            "GĐ (để b/c), các PGĐ Sở",
            "Các phòng, đơn vị Sở",
            "Lưu: VT, ntnam"
        ]
    );
    // "Thực hiện …" is the basis; "Sở Xây dựng ban hành Kế hoạch …" is split off it.
    assert_eq!(d.legal_bases.len(), 1);
    assert!(d.legal_bases[0].text.ends_with("quốc gia."));
    assert_eq!(
        d.legal_bases[0].refs,
        ["22/KH-UBND", "71/NQ-CP", "57-NQ/TW"]
    );
    let romans: Vec<_> = d.sections.iter().map(|s| s.label.as_deref()).collect();
    assert_eq!(
        romans,
        [Some("I"), Some("III"), Some("IV"), Some("V"), Some("VI")]
    );
    assert!(d
        .warnings
        .iter()
        .any(|w| w.code == "numbering_skip" && w.message.contains("\"III\"")));
    // The footnote is lifted out, its mark removed, and the paragraph it cut is whole again.
    assert_eq!(d.footnotes.len(), 1);
    assert_eq!(d.footnotes[0].mark, "1");
    assert!(d.footnotes[0].text.starts_with("5 rõ: “rõ người"));
    assert!(d.footnotes[0]
        .text
        .ends_with("dám đột phá vì lợi ích chung”."));
    let text = all_text(&d);
    assert!(text.contains("theo tinh thần “5 rõ, 3 dám” và thường xuyên"));
    assert!(text.contains("công bố kết quả. Xây dựng chương trình, kế hoạch phát động"));
}

#[test]
fn kh181_no_header_block_metadata_from_the_appendix_caption() {
    let d = common::convert("seeds/angiang-ubnd-kh181-nq03.txt");
    let i = &d.document;
    assert_eq!(i.number.as_deref(), Some("181/KH-UBND"));
    assert_eq!(i.date.as_deref(), Some("2025-02-25"));
    assert_eq!(i.doc_type.as_deref(), Some("KẾ HOẠCH"));
    for field in ["number", "date"] {
        assert!(
            i.provenance
                .iter()
                .any(|p| p.field == field && p.source == "appendix_caption"),
            "{field} should come from the appendix caption"
        );
    }
    assert!(warning_codes(&d).contains(&"header_missing"));
    assert_eq!(i.signer.authority.as_deref(), Some("TM."));
    assert_eq!(i.signer.on_behalf_of.as_deref(), Some("ỦY BAN NHÂN DÂN"));
    assert_eq!(i.signer.position.as_deref(), Some("CHỦ TỊCH"));
    assert_eq!(i.signer.name.as_deref(), Some("Hồ Văn Mừng"));
    assert_eq!(i.recipients.len(), 10);
    assert_eq!(d.legal_bases.len(), 3);
    // Sections I–VI, then the two appendices.
    assert_eq!(d.sections.len(), 8);
    assert_eq!(d.sections[6].kind, SectionKind::Appendix);
    assert_eq!(d.sections[6].label.as_deref(), Some("I"));
    assert_eq!(
        d.sections[6].title.as_deref(),
        Some("DANH MỤC CÁC CHỈ TIÊU CỤ THỂ")
    );
    assert_eq!(d.sections[7].label.as_deref(), Some("2"));
    // IV.1 has điểm a … i in Vietnamese order (đ after d; no f).
    let iv1: Vec<_> = d.sections[3].children[0]
        .children
        .iter()
        .map(|s| s.label.as_deref().unwrap())
        .collect();
    assert_eq!(iv1, ["a", "b", "c", "d", "đ", "e", "g", "h", "i"]);
    assert!(!warning_codes(&d).contains(&"numbering_skip"));
    // VI.5 "Sở Tài chính: trên cơ sở …": title and content apart.
    let vi5 = &d.sections[5].children[4];
    assert_eq!(vi5.title.as_deref(), Some("Sở Tài chính"));
    assert!(vi5.paragraphs[0].starts_with("trên cơ sở kinh phí"));
    // The appendix tables become rows: 44 indicators, 76 tasks in 7 groups.
    let table = |origin: &str| origin == "table";
    assert_eq!(d.indicators.iter().filter(|i| table(&i.origin)).count(), 44);
    assert_eq!(d.tasks.iter().filter(|t| table(&t.origin)).count(), 76);
    let groups: Vec<&str> = d.tasks.iter().filter_map(|t| t.group.as_deref()).collect();
    for g in ["I", "II", "III", "IV", "V", "VI", "VII"] {
        assert!(groups.contains(&g), "group {g}");
    }
    let i192 = d.indicators.iter().find(|i| i.id == "19.2").unwrap();
    assert_eq!(i192.name, "Phủ sóng 5G cho người dân");
    assert_eq!(i192.unit.as_deref(), Some("% dân số"));
    assert_eq!(
        (i192.target.op.as_str(), i192.target.value),
        ("=", Some(99.0))
    );
    assert_eq!(i192.owner.agencies, ["Sở Khoa học và Công nghệ"]);
    let t5 = d
        .tasks
        .iter()
        .find(|t| t.group.as_deref() == Some("I") && t.number == Some(5))
        .unwrap();
    assert_eq!(t5.lead.agencies, ["Sở Nội vụ"]);
    assert_eq!(t5.support.agencies, ["Các sở, ban, ngành, địa phương"]);
    assert_eq!(t5.deadline.kind, "conditional");
    assert!(
        all_text(&d).contains("1552/BTTTT-TTH"),
        "symbols inside table cells are references"
    );
}

#[test]
fn haugiang_place_date_only_and_two_authorities() {
    let d = common::convert("seeds/haugiang-ubnd-kh-nq03.txt");
    let i = &d.document;
    assert_eq!(i.place.as_deref(), Some("Hậu Giang"));
    assert_eq!(i.date.as_deref(), Some("2025"));
    assert_eq!(
        i.issuer.name.as_deref(),
        Some("Ủy ban nhân dân tỉnh Hậu Giang")
    );
    assert_eq!(i.signer.authority.as_deref(), Some("TM."));
    assert_eq!(i.signer.authorities.len(), 2);
    assert_eq!(i.signer.authorities[1].authority, "KT.");
    assert_eq!(i.signer.authorities[1].on_behalf_of, "CHỦ TỊCH");
    assert_eq!(i.signer.position.as_deref(), Some("PHÓ CHỦ TỊCH"));
    assert_eq!(i.signer.name.as_deref(), Some("Nguyễn Văn Hòa"));
    assert_eq!(
        i.recipients.first().map(String::as_str),
        Some("TT: TU, HĐND, UBND")
    );
    let ii: Vec<_> = d.sections[1]
        .children
        .iter()
        .map(|s| s.label.as_deref().unwrap())
        .collect();
    assert_eq!(ii, ["1", "2", "3", "4", "5", "6", "7"]);
    // The seven task groups are bullets, not lost.
    assert!(d.sections[1]
        .children
        .iter()
        .all(|g| !g.children.is_empty()));
    assert_eq!(d.closing.len(), 2);
}

#[test]
fn nq03_resolution_with_articles_signature_and_attached_programme() {
    let d = common::convert("reference/nq03_NQ-CP_2025_full.txt");
    let i = &d.document;
    assert_eq!(i.issuer.name.as_deref(), Some("CHÍNH PHỦ"));
    assert_eq!(i.number.as_deref(), Some("03/NQ-CP"));
    assert_eq!(i.date.as_deref(), Some("2025-01-09"));
    assert_eq!(i.place.as_deref(), Some("Hà Nội"));
    assert_eq!(i.doc_type.as_deref(), Some("NGHỊ QUYẾT"));
    assert!(i
        .title
        .as_deref()
        .unwrap()
        .starts_with("Ban hành Chương trình hành động"));
    assert_eq!(i.signer.note.as_deref(), Some("[đã ký]"));
    assert_eq!(i.signer.name.as_deref(), Some("Nguyễn Hòa Bình"));
    assert_eq!(i.signer.position.as_deref(), Some("PHÓ THỦ TƯỚNG"));
    assert_eq!(i.recipients.len(), 15);
    assert!(i.recipients[13].contains("Trợ lý TTg, các Vụ, Cục"));
    // "Căn cứ" ×3 and "Theo đề nghị"; "Trên cơ sở kết quả biểu quyết".
    assert_eq!(d.legal_bases.len(), 5);
    assert_eq!(d.preamble, ["CHÍNH PHỦ", "QUYẾT NGHỊ:"]);
    let kinds: Vec<_> = labels(&d.sections);
    assert_eq!(
        kinds,
        [
            (SectionKind::Article, Some("1")),
            (SectionKind::Article, Some("2")),
            (SectionKind::Article, Some("3")),
            (SectionKind::Appendix, None),
            (SectionKind::Appendix, Some("I")),
            (SectionKind::Appendix, Some("II")),
        ]
    );
    assert_eq!(
        d.sections[3].title.as_deref(),
        Some("CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ")
    );
    let programme = labels(&d.sections[3].children);
    assert_eq!(
        programme,
        [
            (SectionKind::Roman, Some("I")),
            (SectionKind::Roman, Some("II")),
            (SectionKind::Roman, Some("III")),
        ]
    );
    // II.1 runs a) … p) in Vietnamese order.
    let ii1 = &d.sections[3].children[1].children[0].children;
    assert_eq!(ii1.last().unwrap().label.as_deref(), Some("p"));
    assert_eq!(ii1.len(), 15);
    // Cited symbols, with the dates given next to them.
    let r = |s: &str| d.references.iter().find(|r| r.symbol == s);
    assert_eq!(
        r("04/TTr-BKHCN-BTTTT").unwrap().date.as_deref(),
        Some("2025-01-02")
    );
    assert_eq!(r("83/BKHCN-BTTTT-VP").unwrap().type_code, None);
    assert!(
        r("03/NQ-CP").is_none(),
        "the document's own number is not a reference"
    );
}

#[test]
fn nq57_party_resolution() {
    let d = common::convert("reference/nq57_NQ-TW_2024_full.txt");
    let i = &d.document;
    assert_eq!(i.issuer.name.as_deref(), Some("BAN CHẤP HÀNH TRUNG ƯƠNG"));
    assert_eq!(i.number.as_deref(), Some("57-NQ/TW"));
    assert_eq!(i.symbol.as_deref(), Some("NQ/TW"));
    assert_eq!(i.date.as_deref(), Some("2024-12-22"));
    assert_eq!(
        i.title.as_deref(),
        Some("CỦA BỘ CHÍNH TRỊ về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia")
    );
    // Party numbering "I-" … "IV-".
    let romans: Vec<_> = d
        .sections
        .iter()
        .map(|s| s.label.as_deref().unwrap())
        .collect();
    assert_eq!(romans, ["I", "II", "III", "IV"]);
    assert_eq!(d.sections[0].title.as_deref(), Some("QUAN ĐIỂM CHỈ ĐẠO"));
    assert_eq!(d.preamble.len(), 3);
    // A dash printed alone on its line still opens a bullet.
    let iii1 = &d.sections[2].children[0];
    assert!(iii1
        .title
        .as_deref()
        .unwrap()
        .ends_with("chuyển đổi số quốc gia"));
    assert!(iii1.children[0].paragraphs[0].starts_with("Các cấp uỷ, tổ chức đảng"));
}

#[test]
fn ocr_seed_parses_like_its_clean_twin_after_restoration() {
    // Real tesseract-English OCR of the Sở Xây dựng plan: restored, then parsed.
    let ocr = common::convert("seeds/angiang-sxd-kh-nq71.ocr.txt");
    let clean = common::convert("seeds/angiang-sxd-kh-nq71.txt");
    assert!(ocr.source.restored);
    assert!(
        ocr.source.restoration.restored > 1000,
        "{:?}",
        ocr.source.restoration
    );
    // The same section tree as the clean twin (labels, kinds, children).
    fn shape(s: &[Section]) -> Vec<(SectionKind, Option<String>, usize)> {
        s.iter()
            .map(|x| (x.kind, x.label.clone(), x.children.len()))
            .collect()
    }
    assert_eq!(shape(&ocr.sections), shape(&clean.sections));
    assert_eq!(
        shape(&ocr.sections[2].children),
        shape(&clean.sections[2].children)
    );
    // Header columns run together on one line, the motto damaged ("Péc lập"): still split.
    assert_eq!(ocr.document.number.as_deref(), Some("07/KH-SXD"));
    assert_eq!(
        ocr.document.issuer.parent.as_deref(),
        Some("UBND TỈNH AN GIANG")
    );
    assert_eq!(ocr.document.doc_type.as_deref(), Some("KẾ HOẠCH"));
    // The title's words agree with the clean twin's (restoration is not perfect: "phút" for
    // "phát" here), by the measure.
    let (a, b) = (
        ocr.document.title.clone().unwrap(),
        clean.document.title.clone().unwrap(),
    );
    let (wa, wb): (Vec<&str>, Vec<&str>) = (
        a.split_whitespace().collect(),
        b.split_whitespace().collect(),
    );
    assert_eq!(wa.len(), wb.len());
    let same = wa.iter().zip(&wb).filter(|(x, y)| x == y).count();
    assert!(same * 100 >= wb.len() * 95, "{same} of {} words", wb.len());
    // "Nơi nhìn:" (nhận misread) and "KT. GIAM DbOC": the closing is still read.
    assert_eq!(ocr.document.signer.authority.as_deref(), Some("KT."));
    assert_eq!(
        ocr.document.recipients.len(),
        clean.document.recipients.len()
    );
    assert_eq!(ocr.document.recipients[3], "Lưu: VT, ntnam");
    let refs = |d: &Document| {
        d.references
            .iter()
            .map(|r| r.symbol.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(refs(&ocr), refs(&clean));
}
