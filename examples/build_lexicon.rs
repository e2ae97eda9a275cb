//! Builds the restoration lexicon:
//! `cargo run --release --example build_lexicon -- -o FILE [--min-bigram N] [--min-trigram N]
//! [--min-phrase N] PATH...`
//! (what `vanban lexicon build` does; see data/LEXICON.md for the paths the default was built from).

use std::path::PathBuf;

fn main() {
    let mut out = PathBuf::from("data/lexicon.bin");
    let mut paths = Vec::new();
    let mut options = vanban::restore::BuildOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut number = |what: &str| -> u32 {
            args.next()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("{what} needs a number"))
        };
        match a.as_str() {
            "-o" => out = PathBuf::from(args.next().expect("-o needs a file")),
            "--min-bigram" => options.min_bigram = number("--min-bigram"),
            "--min-trigram" => options.min_trigram = number("--min-trigram"),
            "--min-phrase" => options.min_phrase = number("--min-phrase"),
            _ => paths.push(PathBuf::from(a)),
        }
    }
    let t = std::time::Instant::now();
    let bytes = match vanban::restore::build_lexicon_with(&paths, &options) {
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
