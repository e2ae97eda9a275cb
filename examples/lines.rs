//! Prints the lines ingest produces for a file (text, PDF, Word), with page and line, each table
//! grid where it stands (its rows, cells separated by " ¦ "), and the footnotes a Word file keeps
//! apart: a debugging aid.
//! `cargo run --example lines -- FILE`
fn main() {
    let path = std::env::args().nth(1).expect("usage: lines FILE");
    let bytes = std::fs::read(&path).expect("read");
    let ingested = vanban::ingest::ingest(&bytes, &path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let mut grids = ingested.tables.iter().peekable();
    for i in 0..=ingested.lines.len() {
        while let Some(g) = grids.next_if(|g| g.anchor <= i) {
            println!(
                "[grid {:?} p{} {}×{} ruled={} header_rows={} columns {:?}]",
                g.origin, g.page, g.n_rows, g.n_cols, g.ruled, g.header_rows, g.columns
            );
            for r in 0..g.n_rows {
                let cells: Vec<String> = g
                    .row_cells(r)
                    .map(|c| {
                        let span = if c.row_span > 1 || c.col_span > 1 {
                            format!("<{}×{}>", c.row_span, c.col_span)
                        } else {
                            String::new()
                        };
                        format!("{span}{}", c.text())
                    })
                    .collect();
                println!("  {r}: {}", cells.join(" ¦ "));
            }
        }
        if let Some(l) = ingested.lines.get(i) {
            println!("p{} l{} {:?}", l.page, l.line, l.text);
        }
    }
    for f in &ingested.footnotes {
        println!(
            "footnote {} (p{} l{}): {:?}",
            f.mark, f.span.page, f.span.line_start, f.text
        );
    }
}
