//! Prints the lines ingest produces for a file (text or PDF), with page and box: a debugging aid.
//! `cargo run --example lines -- FILE`
fn main() {
    let path = std::env::args().nth(1).expect("usage: lines FILE");
    let bytes = std::fs::read(&path).expect("read");
    let ingested = vanban::ingest::ingest(&bytes, &path).expect("ingest");
    for l in &ingested.lines {
        println!("p{} l{} {:?}", l.page, l.line, l.text);
    }
}
