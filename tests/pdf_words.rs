//! Words of our PDF reading against pdftotext's (its output saved beside each fixture; pdftotext
//! is not run at test time): the multiset of words must agree on at least 99%.

use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;
use vanban::ingest::pdf::extract_pages;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/pdf/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// Share of words both sides have (multiset intersection) over the larger side, and the
/// words only one side has.
pub fn agreement(ours: &[String], theirs: &[String]) -> (f64, Vec<String>, Vec<String>) {
    let mut count: HashMap<&str, i64> = HashMap::new();
    for w in theirs {
        *count.entry(w).or_default() += 1;
    }
    let mut common = 0usize;
    let mut only_ours = Vec::new();
    for w in ours {
        match count.get_mut(w.as_str()) {
            Some(c) if *c > 0 => {
                *c -= 1;
                common += 1;
            }
            _ => only_ours.push(w.clone()),
        }
    }
    let only_theirs: Vec<String> = count
        .iter()
        .filter(|(_, &c)| c > 0)
        .flat_map(|(w, &c)| std::iter::repeat_n(w.to_string(), c as usize))
        .collect();
    let total = ours.len().max(theirs.len()).max(1);
    (common as f64 / total as f64, only_ours, only_theirs)
}

fn words_of(name: &str) -> (Vec<String>, Vec<String>) {
    let pages = extract_pages(&fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let ours: Vec<String> = pages
        .iter()
        .flat_map(|p| p.words.iter().map(|w| w.text.clone()))
        .flat_map(|t| t.split_whitespace().map(String::from).collect::<Vec<_>>())
        .flat_map(|w| mark_apart(&w))
        .collect();
    let txt = String::from_utf8(fixture(&name.replace(".pdf", ".pdftotext.txt"))).unwrap();
    // pdftotext leaves combining marks decomposed; we give NFC: compare in NFC.
    let txt: String = txt.nfc().collect();
    let theirs: Vec<String> = txt.split_whitespace().map(String::from).collect();
    (ours, theirs)
}

/// A footnote mark raised after a word is glued to it in our reading ("tiêu1", as the text
/// means it) and set apart by pdftotext ("tiêu 1"): compared apart.
fn mark_apart(word: &str) -> Vec<String> {
    let digits = word.len() - word.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let stem = &word[..word.len() - digits];
    if (1..=2).contains(&digits)
        && stem.chars().count() >= 2
        && stem.chars().all(char::is_alphabetic)
    {
        vec![stem.to_string(), word[stem.len()..].to_string()]
    } else {
        vec![word.to_string()]
    }
}

fn check(name: &str) {
    let (ours, theirs) = words_of(name);
    let (score, only_ours, only_theirs) = agreement(&ours, &theirs);
    println!(
        "{name}: {} words ours, {} pdftotext, agreement {:.4}; only ours {:?}; only pdftotext {:?}",
        ours.len(),
        theirs.len(),
        score,
        &only_ours[..only_ours.len().min(12)],
        &only_theirs[..only_theirs.len().min(12)]
    );
    assert!(
        score >= 0.99,
        "{name}: agreement {score:.4}\nonly ours: {only_ours:?}\nonly pdftotext: {only_theirs:?}"
    );
}

#[test]
fn portrait_plan_words_agree_with_pdftotext() {
    check("kh-vpubnd-portrait.pdf");
}

#[test]
fn landscape_appendix_words_agree_with_pdftotext() {
    check("phuluc-landscape.pdf");
}

#[test]
fn portrait_indicators_words_agree_with_pdftotext() {
    check("kh-haugiang-indicators.pdf");
}

#[test]
fn hand_built_words_agree_with_pdftotext() {
    for name in [
        "hand/simple-fonts.pdf",
        "hand/type0-identity.pdf",
        "hand/ocr-invisible.pdf",
        "hand/object-streams.pdf",
        "hand/broken-xref.pdf",
        "hand/encrypted-empty-rc4.pdf",
        "hand/encrypted-empty-aes256.pdf",
    ] {
        check(name);
    }
}
