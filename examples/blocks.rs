//! Prints the layout blocks of a text file: a debugging aid for the layout stage.
//! `cargo run --example blocks -- FILE`
fn main() {
    let path = std::env::args().nth(1).expect("usage: blocks FILE");
    let bytes = std::fs::read(&path).expect("read");
    let ingested = vanban::ingest::ingest(&bytes, &path).expect("ingest");
    let layout = vanban::layout::layout(ingested.lines, ingested.tables);
    for b in &layout.blocks {
        let span = layout.block_span(b);
        println!(
            "[{:?} {}-{}] {}",
            b.kind, span.line_start, span.line_end, b.text
        );
    }
    for f in &layout.footnotes {
        println!("FOOTNOTE {} {:?}: {}", f.mark, f.span, f.text);
    }
}
