//! Pre-Unicode Vietnamese text files: detected by byte statistics, or chosen explicitly.

use vanban::ingest::{ingest, ingest_with, Encoding, Ingested};
use vanban::Error;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/fixtures/encodings/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn text_of(i: &Ingested) -> String {
    let mut s: String = i.lines.iter().map(|l| format!("{}\n", l.text)).collect();
    s.truncate(s.trim_end().len());
    s
}

fn expected(name: &str) -> String {
    String::from_utf8(fixture(name))
        .unwrap()
        .trim_end()
        .to_string()
}

#[test]
fn legacy_files_are_detected_and_decoded() {
    for (file, enc, exp) in [
        ("plan.tcvn3.txt", "tcvn3", "plan.tcvn3.expected.txt"),
        ("plan.vni.txt", "vni", "plan.expected.txt"),
        ("plan.cp1258.txt", "cp1258", "plan.expected.txt"),
    ] {
        let i = ingest(&fixture(file), file).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert_eq!(i.encoding, enc, "{file}");
        assert_eq!(text_of(&i), expected(exp), "{file}");
    }
}

#[test]
fn explicit_encodings() {
    let i = ingest_with(&fixture("plan.vni.txt"), "plan.txt", Encoding::Vni).unwrap();
    assert_eq!(i.encoding, "vni");
    assert_eq!(text_of(&i), expected("plan.expected.txt"));
    let i = ingest_with(&fixture("plan.tcvn3.txt"), "plan.txt", Encoding::Tcvn3).unwrap();
    assert_eq!(text_of(&i), expected("plan.tcvn3.expected.txt"));
    let i = ingest_with(&fixture("plan.cp1258.txt"), "plan.txt", Encoding::Cp1258).unwrap();
    assert_eq!(text_of(&i), expected("plan.expected.txt"));
    // Asking for UTF-8 turns the fallback off.
    assert!(matches!(
        ingest_with(&fixture("plan.vni.txt"), "plan.txt", Encoding::Utf8),
        Err(Error::InvalidUtf8 { .. })
    ));
    // UTF-8 stays UTF-8 in auto mode.
    let utf8 = fixture("plan.expected.txt");
    let i = ingest(&utf8, "plan.txt").unwrap();
    assert_eq!(i.encoding, "utf-8");
    assert_eq!(text_of(&i), expected("plan.expected.txt"));
}

#[test]
fn encoding_names() {
    for (s, e) in [
        ("auto", Encoding::Auto),
        ("utf-8", Encoding::Utf8),
        ("UTF8", Encoding::Utf8),
        ("tcvn3", Encoding::Tcvn3),
        ("vni", Encoding::Vni),
        ("cp1258", Encoding::Cp1258),
        ("windows-1258", Encoding::Cp1258),
    ] {
        assert_eq!(s.parse::<Encoding>().unwrap(), e, "{s}");
    }
    assert!("latin1".parse::<Encoding>().is_err());
}

#[test]
fn undetectable_bytes_stay_an_error() {
    // Latin-1 French: not Vietnamese in any table.
    let bytes = b"Le syst\xe8me \xe9l\xe8ve les \xe9l\xe8ves fran\xe7ais \xe0 l'\xe9cole de la r\xe9publique";
    assert!(matches!(
        ingest(bytes, "f.txt"),
        Err(Error::InvalidUtf8 { .. })
    ));
}
