//! Restores stdin to stdout: `restore_stdin [--lexicon FILE] [--always] [--annotate]`.
use std::io::Read;
use vanban::restore::{self, RestoreMode, RestoreOptions, Restorer};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut opts = RestoreOptions::default();
    let mut restorer: &Restorer = Restorer::default_shared();
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--lexicon" => {
                let b = std::fs::read(&args[i + 1]).expect("lexicon");
                let t = std::time::Instant::now();
                restorer = Box::leak(Box::new(restore::load_lexicon(&b).expect("load")));
                eprintln!("load {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
                i += 1;
            }
            "--always" => opts.mode = RestoreMode::Always,
            "--annotate" => opts.annotate = true,
            _ => {}
        }
        i += 1;
    }
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input).expect("stdin");
    let t = std::time::Instant::now();
    let out = restorer.restore_text(&input, &opts);
    eprintln!(
        "restore {:.1} ms, {:.2} MB/s",
        t.elapsed().as_secs_f64() * 1e3,
        input.len() as f64 / t.elapsed().as_secs_f64() / 1e6
    );
    print!("{}", out.text);
    eprintln!("{:?}", out.stats);
}
