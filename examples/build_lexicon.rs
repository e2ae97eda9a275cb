//! Builds the restoration lexicon: `cargo run --release --example build_lexicon -- -o FILE PATH...`
//! (what `vanban lexicon build` does; see data/LEXICON.md for the paths the default was built from).

use std::path::PathBuf;

fn main() {
    let mut out = PathBuf::from("data/lexicon.bin");
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "-o" {
            out = PathBuf::from(args.next().expect("-o needs a file"));
        } else {
            paths.push(PathBuf::from(a));
        }
    }
    let t = std::time::Instant::now();
    let bytes = match vanban::restore::build_lexicon(&paths) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    };
    std::fs::write(&out, &bytes).expect("write lexicon");
    let d = vanban::restore::LexiconData::from_bytes(&bytes).expect("reload");
    eprintln!(
        "{}: {} bytes; {} syllables, {} bigrams, {} trigrams, {} phrases, {} confusions; {:.1}s",
        out.display(),
        bytes.len(),
        d.syllables.len(),
        d.bigrams.len(),
        d.trigrams.len(),
        d.phrases.len(),
        d.confusions.len(),
        t.elapsed().as_secs_f32()
    );
    eprintln!("{}", d.info);
}
