//! Tesseract-Vietnamese's tone confusions (`restore::tones`): the table is what the training
//! pairs show, the repair fixes the OCR's misread tones and leaves clean text alone.

use std::collections::BTreeMap;
use std::path::PathBuf;
use vanban::ingest::Line;
use vanban::restore::{token, tones, Restorer};

fn pairs_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/restore/ocr-train-vie")
}

fn read(name: &str) -> String {
    let p = pairs_dir().join(name);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn repaired(text: &str) -> String {
    let mut lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, t)| Line {
            text: t.to_string(),
            page: 1,
            line: i as u32 + 1,
            bbox: None,
        })
        .collect();
    let mut refs: Vec<&mut Line> = lines.iter_mut().collect();
    tones::repair_lines(Restorer::embedded().lexicon(), &mut refs);
    let out: Vec<String> = lines.into_iter().map(|l| l.text).collect();
    out.join("\n")
}

fn word_errors(clean: &str, got: &str) -> usize {
    strsim::generic_levenshtein(
        &token::convention_words(clean),
        &token::convention_words(got),
    )
}

#[test]
fn the_confusions_repaired_are_those_the_training_pairs_show() {
    let mut counts: BTreeMap<(u8, u8), usize> = BTreeMap::new();
    let mut names: Vec<String> = std::fs::read_dir(pairs_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".ocr.txt"))
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    for ocr in &names {
        let clean = ocr.replace(".ocr.txt", ".txt");
        let (c, o) = (
            token::convention_words(&read(&clean)),
            token::convention_words(&read(ocr)),
        );
        for (k, v) in tones::count_confusions(&c, &o) {
            *counts.entry(k).or_default() += v;
        }
    }
    let learned: Vec<(u8, u8)> = counts
        .iter()
        .filter(|&(_, &n)| n >= tones::MIN_SEEN)
        .map(|(&k, _)| k)
        .collect();
    let mut table = tones::CONFUSIONS.to_vec();
    table.sort();
    assert_eq!(table, learned, "counts: {counts:?}");
}

#[test]
fn misread_tones_are_repaired_and_clean_text_is_left_alone() {
    for name in ["cong_nghe_thong_tin_c", "chuyen_giao_cong_nghe_c"] {
        let clean = read(&format!("{name}.txt"));
        let ocr = read(&format!("{name}.ocr.txt"));
        let (before, after) = (
            word_errors(&clean, &ocr),
            word_errors(&clean, &repaired(&ocr)),
        );
        assert!(
            before >= 10 && after * 2 < before,
            "{name}: {before} -> {after}"
        );
        assert_eq!(repaired(&clean), clean.trim_end_matches('\n'), "{name}");
    }
}

#[test]
fn a_twin_replaces_the_word_only_where_its_sentence_wants_it() {
    // "kế" and "tố" read as words of their own elsewhere: only context decides.
    let got = repaired("Kế từ ngày ký, các tố chức thực hiện. Kế hoạch được giao cho Sở.");
    assert_eq!(
        got,
        "Kể từ ngày ký, các tổ chức thực hiện. Kế hoạch được giao cho Sở."
    );
}

#[test]
fn marks_the_training_pairs_did_not_show_are_repaired_by_a_wider_margin() {
    // From a colour scan at 200 dpi, JPEG 60 (examples/ocr_eval.rs): a hỏi read as no tone
    // and as huyền, a circumflex lost. Only the misread words change.
    let got = repaired(
        "Đánh giá tông thể kết quả cải cách hành chính của các tỉnh, thành phó trực thuộc Trung ương.",
    );
    assert_eq!(
        got,
        "Đánh giá tổng thể kết quả cải cách hành chính của các tỉnh, thành phố trực thuộc Trung ương."
    );
    let clean = "Phó Chủ tịch Ủy ban nhân dân tỉnh chủ trì; máy tính, máy in cho bộ phận một cửa.";
    assert_eq!(repaired(clean), clean);
}

#[test]
fn a_mark_no_word_has_there_gives_way_to_the_twin_its_sentence_wants() {
    // Scans at 100 dpi: a hỏi read as ngã ("triễn", no such word), a sắc lost ("găn"); and a
    // hỏi lost on a word that exists ("tô chức"), by the wider margin.
    let got = repaired(
        "Đề nghị triễn khai thực hiện, găn với tổng kết. V/v tô chức đại hội của các tỉnh, thành phô.",
    );
    assert_eq!(
        got,
        "Đề nghị triển khai thực hiện, gắn với tổng kết. V/v tổ chức đại hội của các tỉnh, thành phố."
    );
    // A name the lexicon does not hold is left as printed.
    let clean = "Đồng chí Găn Văn Triễn chủ trì hội nghị.";
    assert_eq!(repaired(clean), clean);
}

#[test]
fn two_misread_neighbours_are_repaired_together() {
    // From a grey scan at 200 dpi (examples/ocr_eval.rs, dev3): both words of "tổng thể" lost
    // their hỏi, and each reads wrong beside the other's misreading.
    let got = repaired("thực hiện Chương trình tông thề cải cách hành chính nhà nước");
    assert_eq!(
        got,
        "thực hiện Chương trình tổng thể cải cách hành chính nhà nước"
    );
    // A name is read as printed, whatever a common pair of its letters would be.
    let clean = "UBND xã La Dạ hoàn thành 26,47% kế hoạch.";
    assert_eq!(repaired(clean), clean);
}
