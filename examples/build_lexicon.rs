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
    let secs = t.elapsed().as_secs_f32();
    let lex = vanban::restore::Lexicon::from_bytes(bytes.clone()).expect("reload");
    let (syllables, bigrams, trigrams, phrases) = lex.sizes();
    eprintln!(
        "{}: {} bytes; {syllables} syllables, {bigrams} bigrams, {trigrams} trigrams, \
         {phrases} phrases; {secs:.1}s",
        out.display(),
        bytes.len(),
    );
    eprintln!("{}", lex.info());
}
