//! Prints the lines ingest produces for a file (text or PDF), with page and line, and each table
//! grid where it stands (its rows, cells separated by " ¦ "): a debugging aid.
//! `cargo run --example lines -- FILE`
fn main() {
    let path = std::env::args().nth(1).expect("usage: lines FILE");
    let bytes = std::fs::read(&path).expect("read");
    let ingested = vanban::ingest::ingest(&bytes, &path).expect("ingest");
    let mut grids = ingested.tables.iter().peekable();
    for i in 0..=ingested.lines.len() {
        while let Some(g) = grids.next_if(|g| g.anchor <= i) {
            println!(
                "[grid {:?} p{} {}×{} columns {:?}]",
                g.origin, g.page, g.n_rows, g.n_cols, g.columns
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
}
