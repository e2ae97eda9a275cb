//! Prints the alignment score of given (OTHER task, BASE task) pairs: a tuning aid for diff.
//! `cargo run --example diff_scores -- BASE OTHER I.11:46 V.1:89 …`
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = vanban::ConvertOptions::default();
    let base = vanban::load_document(std::path::Path::new(&args[0]), &opts).unwrap();
    let other = vanban::load_document(std::path::Path::new(&args[1]), &opts).unwrap();
    for pair in &args[2..] {
        let (o, b) = pair.split_once(':').unwrap();
        let b: u32 = b.parse().unwrap();
        println!(
            "{pair}: {:?}",
            vanban::diff::pair_score(&base, &other, o, b)
        );
    }
}
