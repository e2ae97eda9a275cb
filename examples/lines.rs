//! Prints what ingest produces for a file (text, PDF, Word): its lines with page and number,
//! the typed grids where they stand (one row per line, cells as `[row,col span] text`), and
//! the footnotes kept apart. A debugging aid.
//! `cargo run --example lines -- FILE`
fn main() {
    let path = std::env::args().nth(1).expect("usage: lines FILE");
    let bytes = std::fs::read(&path).expect("read");
    let ingested = vanban::ingest::ingest(&bytes, &path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    let mut tables = ingested.tables.iter().peekable();
    for (i, l) in ingested.lines.iter().enumerate() {
        while let Some(t) = tables.next_if(|t| t.anchor <= i) {
            print_grid(t);
        }
        println!("p{} l{} {:?}", l.page, l.line, l.text);
    }
    for t in tables {
        print_grid(t);
    }
    for f in &ingested.footnotes {
        println!(
            "footnote {} (p{} l{}): {:?}",
            f.mark, f.span.page, f.span.line_start, f.text
        );
    }
}

fn print_grid(t: &vanban::ingest::Grid) {
    println!(
        "=== table {}x{} {:?} ruled={} header_rows={}",
        t.n_rows, t.n_cols, t.origin, t.ruled, t.header_rows
    );
    for r in 0..t.n_rows {
        let cells: Vec<String> = t
            .row_cells(r)
            .map(|c| {
                let text: Vec<&str> = c.lines.iter().map(|l| l.text.as_str()).collect();
                let span = if c.row_span > 1 || c.col_span > 1 {
                    format!(" {}x{}", c.row_span, c.col_span)
                } else {
                    String::new()
                };
                format!("[{}{}] {}", c.col, span, text.join(" / "))
            })
            .collect();
        println!("  r{r}: {}", cells.join(" | "));
    }
}
