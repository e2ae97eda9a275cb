//! Restoration on held-out documents (left out of the embedded lexicon's corpus; see
//! data/LEXICON.md), real tesseract OCR output, and the restorer's promises.

use std::path::PathBuf;

use vanban::ingest::Line;
use vanban::restore::{
    self, token, RestoreMode, RestoreOptions, Restorer, DEFAULT_LEXICON, LOW_CONFIDENCE,
};

fn fixture(name: &str) -> String {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/restore")
        .join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

const CLEAN: &[&str] = &[
    "heldout/kien_truc.txt",
    "heldout/quy_hoach_do_thi.txt",
    "heldout/nq71_trich.txt",
    "heldout/angiang-sxd-kh-nq71.txt",
    "heldout/angiang-vpubnd-kh-nq71.txt",
    "heldout/haugiang-ubnd-kh-nq03.txt",
];

const OCR_PAIRS: &[(&str, &str)] = &[
    ("heldout/kien_truc.txt", "heldout/kien_truc.ocr.txt"),
    (
        "heldout/quy_hoach_do_thi.txt",
        "heldout/quy_hoach_do_thi.ocr.txt",
    ),
    ("heldout/nq71_trich.txt", "heldout/nq71_trich.ocr.txt"),
    (
        "heldout/angiang-sxd-kh-nq71.txt",
        "heldout/angiang-sxd-kh-nq71.ocr.txt",
    ),
];

fn auto() -> RestoreOptions {
    RestoreOptions::default()
}

#[test]
fn clean_documents_come_out_byte_identical() {
    for name in CLEAN {
        let text = fixture(name);
        let out = restore::restore_text(&text, &auto());
        assert_eq!(
            out.stats.restored,
            0,
            "{name}: {:?}",
            &out.changes[..out.changes.len().min(5)]
        );
        assert!(out.text == text, "{name} changed");
    }
}

/// A short stripped line inside a correct document is restored: four words with two that
/// would carry marks are enough (correct text leaves a syllable in eight unmarked).
#[test]
fn a_short_stripped_line_in_a_clean_document_is_restored() {
    let text = fixture("heldout/haugiang-ubnd-kh-nq03.txt");
    let lines: Vec<&str> = text.lines().collect();
    for (stripped, right) in [
        ("thong tin sau khi bo sung", "thông tin sau khi bổ sung"),
        ("quy hoach chi tiet,", "quy hoạch chi tiết,"),
    ] {
        let mut doc = lines[..20].to_vec();
        doc.push(stripped);
        doc.extend(&lines[20..]);
        let out = restore::restore_text(&doc.join("\n"), &auto());
        let out_lines: Vec<&str> = out.text.lines().collect();
        assert_eq!(out_lines[20], right);
        // (only that line changed)
        let changed = stripped
            .split(' ')
            .zip(right.split(' '))
            .filter(|(a, b)| a != b)
            .count();
        assert_eq!(out.stats.restored as usize, changed, "{stripped}");
    }
}

#[test]
fn clean_documents_are_judged_without_the_lexicon() {
    // the lexicon-free test (restore::detect) passes correct text through and counts its word
    // tokens as the restorer does when it reads every line (mode always)
    let always = RestoreOptions {
        mode: RestoreMode::Always,
        ..Default::default()
    };
    for name in CLEAN.iter().chain(OCR_PAIRS.iter().map(|p| &p.1)) {
        let text = fixture(name);
        let lines: Vec<&str> = text.split('\n').collect();
        let (verdict, tokens) = restore::detect::assess(&lines);
        let clean = !name.ends_with(".ocr.txt");
        assert_eq!(
            verdict == restore::detect::Verdict::Nothing,
            clean,
            "{name}: {verdict:?}"
        );
        assert_eq!(
            tokens,
            restore::restore_text(&text, &always).stats.tokens,
            "{name}"
        );
        let stripped = vanban::text::strip_diacritics(&text);
        let lines: Vec<&str> = stripped.split('\n').collect();
        assert_eq!(
            restore::detect::assess(&lines).0,
            restore::detect::Verdict::Document,
            "{name} stripped"
        );
    }
}

/// Syllable accuracy of `names` stripped of their marks and restored in auto mode.
fn stripped_accuracy(names: &[&str]) -> f64 {
    let (mut ok, mut n) = (0usize, 0usize);
    for name in names {
        let clean = fixture(name);
        let stripped = vanban::text::strip_diacritics(&clean);
        let out = restore::restore_text(&stripped, &auto());
        assert_eq!(out.text.lines().count(), clean.lines().count(), "{name}");
        let (a, b) = (
            token::convention_words(&clean),
            token::convention_words(&out.text),
        );
        assert_eq!(a.len(), b.len(), "{name}: token count changed");
        for (x, y) in a.iter().zip(&b) {
            if x.chars().any(char::is_alphabetic) {
                n += 1;
                ok += usize::from(x == y);
            }
        }
    }
    let acc = ok as f64 / n as f64;
    eprintln!(
        "syllable accuracy on stripped held-out text: {:.2}% of {n}",
        100.0 * acc
    );
    acc
}

#[test]
fn stripped_held_out_text_syllable_accuracy() {
    // measured 99.33% (data/LEXICON.md); the first issue's target was 99%
    let acc = stripped_accuracy(CLEAN);
    assert!(acc >= 0.99, "syllable accuracy {acc:.4}");
}

/// Excerpts of two held-out pages of ../shared/corpus-extra in domains the corpus hardly holds
/// (veterinary medicine, advertising): 98.87% (the lexicon of the 10 MB corpus alone: 95.73%).
#[test]
fn stripped_other_domains_syllable_accuracy() {
    let acc = stripped_accuracy(&["heldout/thu_y.txt", "heldout/quang_cao.txt"]);
    assert!(acc >= 0.98, "syllable accuracy {acc:.4}");
}

#[test]
fn ocr_held_out_word_error_rate() {
    // measured 17% → 97.0% (data/LEXICON.md); the issue's target is 95% after
    let (mut before, mut after, mut n) = (0usize, 0usize, 0usize);
    for (clean, ocr) in OCR_PAIRS {
        let clean = token::convention_words(&fixture(clean));
        let ocr_text = fixture(ocr);
        let out = restore::restore_text(&ocr_text, &auto());
        assert_eq!(out.text.lines().count(), ocr_text.lines().count());
        before += strsim::generic_levenshtein(&clean, &token::convention_words(&ocr_text));
        after += strsim::generic_levenshtein(&clean, &token::convention_words(&out.text));
        n += clean.len();
    }
    let (b, a) = (
        1.0 - before as f64 / n as f64,
        1.0 - after as f64 / n as f64,
    );
    eprintln!(
        "1 - WER on OCR: before {:.2}%, after {:.2}%",
        100.0 * b,
        100.0 * a
    );
    assert!(b < 0.3, "the OCR fixtures are damaged");
    assert!(a >= 0.96, "1 - WER after restoration {a:.4}");
}

#[test]
fn seed_ocr_pair() {
    let clean = token::convention_words(&fixture("heldout/angiang-sxd-kh-nq71.txt"));
    let ocr = fixture("heldout/angiang-sxd-kh-nq71.ocr.txt");
    let out = restore::restore_text(&ocr, &auto());
    let a = 1.0
        - strsim::generic_levenshtein(&clean, &token::convention_words(&out.text)) as f64
            / clean.len() as f64;
    eprintln!("seed pair 1 - WER after: {:.2}%", 100.0 * a);
    // measured 95.8%; the issue's target is 95%
    assert!(a >= 0.95, "{a}");
    // the issue's examples that this document holds ("13 rét" = rõ rệt and "S6: o7" = Số: 07
    // stay as printed: digits alone are never read as letters)
    for (damaged, right) in [
        ("thwe hién Nghi quyét", "thực hiện Nghị quyết"),
        ("ciia Chinh phi", "của Chính phủ"),
        ("caa B¢ Chinh tri", "của Bộ Chính trị"),
        ("nhiém vy", "nhiệm vụ"),
        ("x3 hoi", "xã hội"),
        ("1ap - Tu do - Hanh phic", "lập - Tự do - Hạnh phúc"),
    ] {
        assert!(ocr.contains(damaged), "{damaged}");
        assert!(out.text.contains(right), "{damaged} → {right}");
    }
}

#[test]
fn restores_the_issue_examples() {
    let cases = [
        (
            "Nghi quyet so 57-NQ/TW ngay 22/12/2024 cua Bo Chinh tri",
            "Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
        ),
        ("KE HOACH", "KẾ HOẠCH"),
        (
            "CONG HOA XA HOI CHU NGHIA VIET NAM",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ),
        ("Doc lap - Tu do - Hanh phuc", "Độc lập - Tự do - Hạnh phúc"),
        (
            "Uy ban nhan dan tinh ban hanh Ke hoach so 181/KH-UBND.",
            "Ủy ban nhân dân tỉnh ban hành Kế hoạch số 181/KH-UBND.",
        ),
        (
            "theo Nghi dinh so 107/2021/ND-CP cua Chinh phu",
            "theo Nghị định số 107/2021/NĐ-CP của Chính phủ",
        ),
    ];
    let always = RestoreOptions {
        mode: RestoreMode::Always,
        ..Default::default()
    };
    for (input, expected) in cases {
        assert_eq!(restore::restore_text(input, &always).text, expected);
        assert_eq!(restore::restore_text(input, &auto()).text, expected);
    }
}

/// Words joined by punctuation whose space was lost (as the legal-code pages print them) are
/// restored each, and the text around them is kept as written: a list number glued to its
/// first word ("1.Phap") was read as one damaged word and lost its number.
#[test]
fn words_joined_by_punctuation_are_restored_apart() {
    let stripped = "Dieu 3. Giai thich tu ngu\n\
                    1.Phap lenh nay quy dinh ve quy mo dan so, co cau dan so.\n\
                    a)Duoc cung cap thong tin ve dan so;\n\
                    tien bo,hanh phuc va ben vung, hoa-Thong tin o dia phuong.Dieu 4 quy dinh ve\n\
                    muc thu 50.000 dong/thang tai gov.vn va www.Bo.vn theo 57-NQ/TW, v.v.";
    let out = restore::restore_text(stripped, &auto());
    for right in [
        "1.Pháp lệnh",
        "a)Được cung cấp",
        "bộ,hạnh phúc",
        "hóa-Thông tin",
        "phương.Điều 4",
        "đồng/tháng",
        "gov.vn",
        "www.Bo.vn",
        "57-NQ/TW, v.v.",
    ] {
        assert!(out.text.contains(right), "{right} in {}", out.text);
    }
    // only letters changed: the same text once stripped
    assert_eq!(vanban::text::strip_diacritics(&out.text), stripped);
}

/// A list's items are lettered a b c d đ e: stripped, the item after "d)" is "d)" again, and
/// is "đ)"; a first "d)" stays "d)".
#[test]
fn the_list_item_after_d_is_dd() {
    let stripped = "Cac hanh vi bi nghiem cam:\n\
                    a) Lua dao khach hang;\nb) Che giau thong tin;\nc) Gian lan;\n\
                    d) Ep buoc nguoi khac;\nd) Xuc pham danh du;\ne) Hanh vi khac.\n\
                    d) Muc khac.";
    let out = restore::restore_text(stripped, &auto());
    let labels: Vec<&str> = out
        .text
        .lines()
        .filter_map(|l| l.split(')').next())
        .collect();
    assert_eq!(
        labels[1..],
        ["a", "b", "c", "d", "đ", "e", "d"],
        "{}",
        out.text
    );
}

/// In stripped text a unit after a number is kept ("100 m2" was read "100 mô" through the OCR
/// channel, as a damaged word).
#[test]
fn units_after_numbers_are_kept() {
    let out = restore::restore_text(
        "Thu vien co dien tich it nhat 100 m2 doi voi kho sach va 30 m3 nuoc.",
        &auto(),
    );
    assert_eq!(
        out.text,
        "Thư viện có diện tích ít nhất 100 m2 đối với kho sách và 30 m3 nước."
    );
}

/// A short note measuring areas and volumes line after line: its units are no OCR damage,
/// so the note is read as stripped text (it was taken for OCR without Vietnamese: "100 mộ").
#[test]
fn a_note_of_units_is_stripped_text_not_ocr() {
    let out = restore::restore_text(
        "Xay dung nha kho 100 m2 va be chua 30 m3 tai xa.\n\
         Sua chua nha van hoa 100 m2 va be nuoc 30 m3 cho thon.",
        &auto(),
    );
    assert_eq!(
        out.text,
        "Xây dựng nhà kho 100 m2 và bể chứa 30 m3 tại xã.\n\
         Sửa chữa nhà văn hóa 100 m2 và bể nước 30 m3 cho thôn."
    );
}

/// In stripped text a line naming a file is kept as the file is named; the lines around it are
/// restored.
#[test]
fn lines_naming_a_file_are_kept() {
    let name = "Phu luc so 3_Tieu chi binh chon san pham cong nghiep nong thon tieu bieu.doc";
    let stripped = format!(
        "Uy ban nhan dan tinh ban hanh Ke hoach so 181/KH-UBND.\n{name}\n\
         theo Nghi dinh so 107/2021/ND-CP cua Chinh phu"
    );
    let out = restore::restore_text(&stripped, &auto());
    let lines: Vec<&str> = out.text.lines().collect();
    let expected = [
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch số 181/KH-UBND.",
        name,
        "theo Nghị định số 107/2021/NĐ-CP của Chính phủ",
    ];
    assert_eq!(lines, expected, "{}", out.text);
}

#[test]
fn never_touches_numbers_symbols_urls_acronyms() {
    let line = "Theo van ban 57-NQ/TW, 181/KH-UBND ngay 22/12/2024 cua UBND, HĐND va KH&CN tai https://vanban.chinhphu.vn/a_b 1.234,5 ty dong 30%";
    let out = restore::restore_text(line, &auto());
    for keep in [
        "57-NQ/TW,",
        "181/KH-UBND",
        "22/12/2024",
        "UBND,",
        "HĐND",
        "KH&CN",
        "https://vanban.chinhphu.vn/a_b",
        "1.234,5",
        "30%",
    ] {
        assert!(out.text.contains(keep), "{keep} in {}", out.text);
    }
    assert!(out.text.starts_with("Theo văn bản"), "{}", out.text);
}

#[test]
fn correct_words_in_a_damaged_document_are_left_alone() {
    // a partly stripped document: the correct lines keep every byte, including the new-style
    // "hoà" (the restorer writes the old style "hòa" only where it restores)
    let text = "Thuc hien Ke hoach cua Uy ban nhan dan tinh ve chuyen doi so\n\
                Phối hợp nhịp nhàng, hài hoà giữa các sở, ban, ngành.\n\
                Cac so, ban, nganh va dia phuong to chuc thuc hien hoa giai\n";
    let out = restore::restore_text(text, &auto());
    let lines: Vec<&str> = out.text.lines().collect();
    assert_eq!(
        lines[1],
        "Phối hợp nhịp nhàng, hài hoà giữa các sở, ban, ngành."
    );
    assert!(
        lines[0].starts_with("Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh"),
        "{}",
        lines[0]
    );
    assert!(
        lines[2].starts_with("Các sở, ban, ngành và địa phương tổ chức thực hiện"),
        "{}",
        lines[2]
    );
    assert!(lines[2].ends_with("hòa giải"), "{}", lines[2]);
}

#[test]
fn line_structure_kept_byte_for_byte() {
    let text = "  KE HOACH  \r\n\n\tTo chuc thuc hien\u{a0}Nghi quyet\n\n\n- Cac so, ban, nganh;\n";
    let out = restore::restore_text(text, &auto());
    assert_eq!(
        out.text,
        "  KẾ HOẠCH  \r\n\n\tTổ chức thực hiện\u{a0}Nghị quyết\n\n\n- Các sở, ban, ngành;\n"
    );
}

#[test]
fn confidence_and_annotate() {
    let text = vanban::text::strip_diacritics(&fixture("heldout/angiang-vpubnd-kh-nq71.txt"));
    let plain = restore::restore_text(&text, &auto());
    assert!(plain.stats.restored > 1000);
    assert_eq!(plain.stats.restored as usize, plain.changes.len());
    let low = plain
        .changes
        .iter()
        .filter(|c| c.confidence < LOW_CONFIDENCE)
        .count();
    assert_eq!(plain.stats.low_confidence as usize, low);
    assert!(low > 0 && low * 5 < plain.changes.len());
    assert!(plain
        .changes
        .iter()
        .all(|c| (0.0..=1.0).contains(&c.confidence)));
    let annotated = restore::restore_text(
        &text,
        &RestoreOptions {
            annotate: true,
            ..auto()
        },
    );
    assert_eq!(annotated.text.matches('⟦').count(), low);
    assert!(!plain.text.contains('⟦'));
}

#[test]
fn restore_lines_keeps_provenance_and_counts() {
    let lines = vec![
        Line {
            text: "KE HOACH".into(),
            page: 1,
            line: 1,
            bbox: None,
        },
        Line {
            text: "Thuc hien Nghi quyet so 71/NQ-CP".into(),
            page: 2,
            line: 7,
            bbox: None,
        },
    ];
    let (out, stats) = restore::restore_lines(lines.clone(), RestoreMode::Auto, None);
    assert_eq!(out[0].text, "KẾ HOẠCH");
    assert_eq!(out[1].text, "Thực hiện Nghị quyết số 71/NQ-CP");
    assert_eq!((out[1].page, out[1].line), (2, 7));
    assert_eq!(stats.tokens, 7); // words, not the symbol
    assert_eq!(stats.restored, 7);
    let (same, stats) = restore::restore_lines(lines.clone(), RestoreMode::Never, None);
    assert_eq!(same, lines);
    assert_eq!(stats, restore::RestoreStats::default());
}

#[test]
fn no_panic_on_garbage() {
    let r = Restorer::embedded();
    let mut inputs: Vec<String> = vec![
        String::new(),
        "\n\n\n".into(),
        ",,,;;;---".into(),
        "a".repeat(200_000),
        "nghi quyet ".repeat(5_000),
        "¢€&@|$ 6¢ ¢6 &&& 1a1a1a ".repeat(100),
        "e\u{301}\u{323}\u{300} o\u{302}\u{303}".into(),
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 日本語 العربية 🙂 ".repeat(10),
    ];
    let mut x: u64 = 0x9e3779b97f4a7c15;
    for _ in 0..50 {
        let mut bytes = Vec::new();
        for _ in 0..2000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            bytes.push((x >> 24) as u8);
        }
        inputs.push(String::from_utf8_lossy(&bytes).into_owned());
    }
    for input in &inputs {
        for mode in [RestoreMode::Auto, RestoreMode::Always] {
            let out = r.restore_text(
                input,
                &RestoreOptions {
                    mode,
                    annotate: true,
                    ..Default::default()
                },
            );
            assert_eq!(out.text.split('\n').count(), input.split('\n').count());
        }
    }
}

#[test]
fn default_lexicon_is_modest_and_loads() {
    assert!(
        DEFAULT_LEXICON.len() < 8_000_000,
        "{}",
        DEFAULT_LEXICON.len()
    );
    // (the embedded lexicon is opened without checking its tables: they are checked here)
    let r = restore::load_lexicon(DEFAULT_LEXICON).expect("embedded lexicon loads");
    let (syllables, bigrams, trigrams, phrases) = r.lexicon().sizes();
    assert!(syllables > 2000 && bigrams > 50_000 && trigrams > 100_000 && phrases > 10_000);
    // the held-out documents were not part of its corpus
    for held_out in [
        "kien_truc",
        "quy_hoach_do_thi",
        "nq71_NQ-CP",
        "angiang",
        "haugiang",
        // the development and test pages of ../shared/corpus-extra (data/LEXICON.md)
        "phapdien_dan_so.txt",
        "phapdien_khuyen_cong.txt",
        "phapdien_thu_vien.txt",
        "phapdien_thu_y.txt",
        "phapdien_de_dieu.txt",
        "phapdien_quang_cao.txt",
        "phapdien_phong_chong_tac_hai_cua_thuoc_la.txt",
    ] {
        assert!(
            !r.lexicon().info().contains(held_out),
            "{held_out} in {}",
            r.lexicon().info()
        );
    }
}

#[test]
fn corrupt_lexicons_are_errors_not_panics() {
    assert!(restore::load_lexicon(b"").is_err());
    assert!(restore::load_lexicon(b"not a lexicon").is_err());
    let step = (DEFAULT_LEXICON.len() / 61).max(1);
    for cut in (0..DEFAULT_LEXICON.len()).step_by(step) {
        assert!(
            restore::load_lexicon(&DEFAULT_LEXICON[..cut]).is_err(),
            "cut at {cut}"
        );
    }
    let mut flipped = DEFAULT_LEXICON.to_vec();
    for i in (7..flipped.len()).step_by(4099) {
        flipped[i] ^= 0xff;
    }
    // may load or fail; loaded, it may restore badly, but must not panic
    if let Ok(r) = restore::load_lexicon(&flipped) {
        let stripped = vanban::text::strip_diacritics(
            &std::fs::read_to_string(
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("fixtures/restore/heldout/angiang-sxd-kh-nq71.ocr.txt"),
            )
            .unwrap(),
        );
        let _ = r.restore_text(&stripped, &auto());
    }
    // a lexicon of the format before the in-place one is refused with a reason
    let err = restore::load_lexicon(b"VBLEX\x03\x00").unwrap_err();
    assert!(err.to_string().contains("rebuild"), "{err}");
}

#[test]
fn lexicon_build_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/restore/ocr-train");
    let paths: Vec<PathBuf> = [
        "ngan_sach_nha_nuoc.txt",
        "ngan_sach_nha_nuoc.ocr.txt",
        "ho_tich.txt",
    ]
    .iter()
    .map(|f| root.join(f))
    .collect();
    let bytes = restore::build_lexicon(&paths).expect("builds");
    let again = restore::build_lexicon(&paths).expect("builds");
    assert_eq!(bytes, again, "deterministic");
    let path = dir.path().join("lex.bin");
    std::fs::write(&path, &bytes).unwrap();
    let r = restore::Restorer::open(&path).unwrap();
    assert!(
        !r.lexicon().channel_is_empty(),
        "OCR pairs train the channel"
    );
    let out = r.restore_text(
        "theo quy dinh cua phap luat ve ngan sach nha nuoc",
        &RestoreOptions {
            mode: RestoreMode::Always,
            ..Default::default()
        },
    );
    assert_eq!(
        out.text,
        "theo quy định của pháp luật về ngân sách nhà nước"
    );
}

#[test]
fn shared_across_threads_deterministically() {
    fn sync_send<T: Sync + Send>() {}
    sync_send::<Restorer>();
    let text = vanban::text::strip_diacritics(&fixture("heldout/angiang-vpubnd-kh-nq71.txt"));
    let once = restore::restore_text(&text, &auto()).text;
    let outs: Vec<String> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..4)
            .map(|_| s.spawn(|| restore::restore_text(&text, &auto()).text))
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(outs.iter().all(|o| *o == once));
}

#[test]
fn english_lines_stay_as_written() {
    let text = "Thuc hien Ke hoach cua Uy ban nhan dan tinh\n\
                The plans copy much of the Government's task list, and each is also a case for diff.\n\
                Cac so, ban, nganh to chuc thuc hien";
    let out = restore::restore_text(text, &auto());
    let lines: Vec<&str> = out.text.lines().collect();
    assert_eq!(lines[1], text.lines().nth(1).unwrap());
    assert_eq!(lines[0], "Thực hiện Kế hoạch của Ủy ban nhân dân tỉnh");
    assert_eq!(lines[2], "Các sở, ban, ngành tổ chức thực hiện");
}

/// Text in another language is left as it is: an English README (this project's own, quoting a
/// few Vietnamese words) comes out byte-identical in auto mode.
#[test]
fn english_text_is_left_alone() {
    let readme = fixture("mixed/readme_en.md");
    let out = restore::restore_text(&readme, &auto());
    let changed: Vec<_> = readme
        .lines()
        .zip(out.text.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert!(changed.is_empty(), "{changed:#?}");
    assert_eq!(out.stats.restored, 0);
}

/// A Vietnamese plan quoting English product names, URLs and e-mail addresses, stripped of its
/// marks: every English word comes back as written, those of no Vietnamese shape and those that
/// happen to spell a syllable ("at", "the", "BI" of "Power BI"), and the Vietnamese words are
/// restored.
#[test]
fn mixed_vietnamese_and_english_restores_only_the_vietnamese() {
    let clean = fixture("mixed/plan_quoting_english.txt");
    let stripped = vanban::text::strip_diacritics(&clean);
    let out = restore::restore_text(&stripped, &auto());
    let (a, b) = (
        token::convention_words(&clean),
        token::convention_words(&out.text),
    );
    assert_eq!(a.len(), b.len());
    let spells_a_syllable = ["at", "the", "BI"];
    let mut english_changed = Vec::new();
    let (mut english, mut vietnamese, mut vietnamese_ok) = (0, 0, 0);
    for (x, y) in a.iter().zip(&b) {
        let folded = vanban::text::fold(x);
        let is_english = x.is_ascii()
            && (spells_a_syllable.contains(&x.as_str())
                || !restore::lexicon::syllable_shape(&folded));
        if is_english {
            english += 1;
            if x != y {
                english_changed.push((x, y));
            }
        } else {
            vietnamese += 1;
            vietnamese_ok += (x == y) as usize;
        }
    }
    assert!(english_changed.is_empty(), "{english_changed:?}");
    assert!(english > 30 && vietnamese > 150, "{english} {vietnamese}");
    assert!(
        vietnamese_ok * 100 >= vietnamese * 97,
        "{vietnamese_ok} of {vietnamese} Vietnamese words restored"
    );
    for keep in [
        "https://dichvucong.gov.vn/p/home/dvc-trang-chu.html",
        "hotro@angiang.gov.vn",
        "ISO/IEC",
        "R750",
        "600E",
    ] {
        assert!(out.text.contains(keep), "{keep}");
    }
}
