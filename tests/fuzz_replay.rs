//! The fuzz targets' bodies (fuzz/src/targets.rs) run on every committed corpus and crash file
//! (fuzz/corpus/<target>/, fuzz/crashes/<target>/): the campaigns' findings stay fixed, and
//! the targets keep compiling, without a fuzzer. The fuzzer itself: fuzz/README.md.

#[path = "../fuzz/src/targets.rs"]
mod targets;

fn replay(target: &str, run: fn(&[u8])) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for dir in ["corpus", "crashes"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok()).map(|e| e.path()).collect();
        paths.sort();
        for path in paths.into_iter().filter(|p| p.is_file()) {
            let bytes = std::fs::read(&path).unwrap();
            let name = path.display().to_string();
            std::panic::catch_unwind(|| run(&bytes)).unwrap_or_else(|_| panic!("{name}"));
            count += 1;
        }
    }
    assert!(count > 0, "no corpus for {target}");
}

#[test]
fn pdf() {
    replay("pdf", targets::pdf);
}

#[test]
fn word() {
    replay("word", targets::word);
}

#[test]
fn text() {
    replay("text", targets::text);
}

#[test]
fn restore() {
    replay("restore", targets::restore);
}

#[test]
fn diff() {
    replay("diff", targets::diff);
}
