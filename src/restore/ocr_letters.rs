//! Letters Tesseract's Vietnamese model reads for others, where the spelling shows it: "fại"
//! for "tại" (no Vietnamese syllable starts with f), "KỤC" for "CỤC" (k stands only before i,
//! e, ê and y in Vietnamese spelling; "Kon Tum", "Đắk Lắk" are names). This module only says
//! which words are misspelt so and what their one-letter repairs are; `tones` weighs the
//! repairs in their sentence.

use super::syllable::{self, Shape};
use super::token;

/// (printed, intended): the letter confusions repaired. The training pairs
/// (`fixtures/restore/ocr-train-vie`) show no letter read for another inside a word; these
/// are the ones the spelling rules expose (issue 12).
const LETTERS: &[(char, char)] = &[('f', 't'), ('F', 'T'), ('k', 'c'), ('K', 'C')];

/// Whether a word carrying Vietnamese marks breaks the spelling rules: not a syllable at all,
/// or a k before a, o, u (marked or not). Words without marks ("file", "kg", "Kon") may be
/// English, codes or names: never.
pub fn misspelt(word: &str) -> bool {
    if !token::has_marks(word) {
        return false;
    }
    shape_impossible(word) || k_before_back_vowel(word)
}

fn shape_impossible(word: &str) -> bool {
    matches!(syllable::shape(word), Shape::Impossible | Shape::Foreign)
}

/// "kục", "KẠN": k as the onset, before a, ă, â, o, ô, ơ, u or ư (c is written there).
fn k_before_back_vowel(word: &str) -> bool {
    let mut chars = word.chars();
    let (Some(first), Some(next)) = (chars.next(), chars.next()) else {
        return false;
    };
    let base = crate::text::fold(&next.to_string());
    matches!(first, 'k' | 'K') && matches!(base.as_str(), "a" | "o" | "u")
}

/// The words one confused letter of `word` away (each occurrence replaced in turn), that are
/// well spelt themselves; the case of the letter is kept. Title-case words with a k are names
/// ("Kạn"), and are left alone: only lowercase and all-capital words are repaired there.
pub fn repairs(word: &str) -> Vec<String> {
    let title = token::case_of(word) == token::Case::Title;
    let chars: Vec<char> = word.chars().collect();
    let mut out = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let Some(&(_, to)) = LETTERS.iter().find(|&&(from, _)| from == c) else {
            continue;
        };
        if title && c == 'K' {
            continue;
        }
        let mut fixed = chars.clone();
        fixed[i] = to;
        let fixed: String = fixed.into_iter().collect();
        if !misspelt(&fixed) {
            out.push(fixed);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn impossible_onsets_are_misspelt() {
        assert!(misspelt("fại"));
        assert!(misspelt("fúy"));
        assert!(misspelt("KỤC"));
        assert!(misspelt("kục"));
        assert!(!misspelt("tại"));
        assert!(!misspelt("kiểm"));
        assert!(!misspelt("Đắk"));
    }

    #[test]
    fn words_without_marks_are_never_misspelt() {
        for w in ["file", "Facebook", "kg", "Kon", "Tum", "fan"] {
            assert!(!misspelt(w), "{w}");
        }
    }

    #[test]
    fn repairs_swap_one_confused_letter_and_keep_case() {
        assert_eq!(repairs("fại"), ["tại"]);
        assert_eq!(repairs("KỤC"), ["CỤC"]);
        assert_eq!(repairs("kục"), ["cục"]);
        assert!(repairs("Kục").is_empty(), "a capitalized k-word is a name");
    }
}
