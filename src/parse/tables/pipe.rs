//! Pipe-separated rows of plain text ("TT | Tên nhiệm vụ | …", "I. | group", "1. | … | …", and
//! Markdown tables with outer pipes and a "|---|" row) read as a grid. A line without pipes goes
//! on with the longest cell of the row above (the one that wraps); a row whose first cell is neither a number nor a
//! group label goes on with the row above (a row wrapped onto a line of its own); a row with an
//! empty first cell and every column continues the row above column by column. A data row with
//! fewer or more cells than the header has columns has its cells placed by their content.

use super::cut::place_cells;
use super::roles::{column_roles, Role};
use super::TableInput;
use crate::ingest::{Grid, GridOrigin, Line};
use crate::model::{Span, Warning};
use crate::text::collapse_ws;

/// One cell as read: its text on each source line.
type CellLines = Vec<Line>;

enum Item {
    /// A row kept as it stands: the header repeated, a group row (label cell, title cells).
    Plain(Vec<CellLines>),
    Group(CellLines, Vec<CellLines>),
    /// A data row: its number cell, then its other cells.
    Data(Vec<CellLines>),
}

/// Reads pipe rows; always a grid (the header decides only how rows are placed).
pub(super) fn read(
    input: &TableInput,
    layout_span: &dyn Fn(usize, usize) -> Span,
) -> Option<(Grid, Vec<Warning>)> {
    let lines = input.lines;
    // Markdown tables: outer pipes, and a "|---|---|" separator row. Only a header that opens
    // with '|' marks outer pipes; in the plain form a leading or trailing '|' is an empty first
    // or last cell.
    let outer_pipes = lines[0].text.trim_start().starts_with('|');
    let split = |l: &Line| -> Vec<CellLines> {
        let mut t = l.text.trim();
        if outer_pipes {
            t = t.strip_prefix('|').unwrap_or(t);
            t = t.strip_suffix('|').unwrap_or(t);
        }
        t.split('|')
            .map(|c| {
                let text = collapse_ws(c);
                if text.is_empty() {
                    Vec::new()
                } else {
                    vec![Line { text, ..l.clone() }]
                }
            })
            .collect()
    };
    let text_of = |cell: &CellLines| -> String {
        cell.iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let separator = |s: &str| !s.trim().is_empty() && s.trim().chars().all(|c| "|-:= ".contains(c));
    let header = split(&lines[0]);
    let header_texts: Vec<String> = header.iter().map(text_of).collect();
    let joined = header_texts.join(" ");
    let columns: Vec<Vec<String>> = header_texts.iter().map(|h| vec![h.clone()]).collect();
    let n_cols = header.len();
    // A table of something else (scores, statistics) is read row by row as it stands.
    let Some((_, roles)) = column_roles(&joined, &columns) else {
        return Some((plain_grid(input, &split), Vec::new()));
    };
    let data_cols: Vec<usize> = (1..n_cols)
        .filter(|&c| roles[c].is_some_and(|r| r != Role::Id))
        .collect();
    let data_roles: Vec<Role> = data_cols.iter().filter_map(|&c| roles[c]).collect();
    let header_folded = crate::text::fold(&joined);

    let mut items: Vec<Item> = vec![Item::Plain(header)];
    let mut last_data: Option<usize> = None;
    for line in &lines[1..] {
        if separator(&line.text) {
            continue;
        }
        if !line.text.contains('|') {
            // A line without pipes is the tail of the row's longest cell (the one that wraps).
            if let Some(Item::Data(cells)) = last_data.map(|k| &mut items[k]) {
                let longest = (1..cells.len())
                    .rev()
                    .max_by_key(|&k| text_of(&cells[k]).chars().count());
                if let Some(k) = longest {
                    cells[k].push(Line {
                        text: collapse_ws(&line.text),
                        ..line.clone()
                    });
                }
            }
            continue;
        }
        let cells = split(line);
        let id_text = text_of(&cells[0]);
        let id = id_text.trim_end_matches('.');
        // The header repeated on a new page.
        if crate::text::fold_eq(
            &cells.iter().map(text_of).collect::<Vec<_>>().join(" "),
            &header_folded,
        ) {
            items.push(Item::Plain(cells));
            continue;
        }
        if let Some(Item::Data(last)) = last_data.map(|k| &mut items[k]) {
            // An empty first cell and every column: the row above goes on, column by column.
            if id.is_empty() && cells.len() == n_cols {
                for (k, c) in cells.into_iter().enumerate().skip(1) {
                    if k < last.len() {
                        last[k].extend(c);
                    }
                }
                continue;
            }
            // A row wrapped onto a line of its own: it goes on with the last cell, then adds
            // cells.
            let numbered = id
                .split('.')
                .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
            if !numbered && crate::layout::roman_value(id).is_none() {
                let mut rest = cells.into_iter();
                if let (Some(c), Some(first)) = (last.last_mut(), rest.next()) {
                    c.extend(first);
                }
                last.extend(rest);
                continue;
            }
        }
        // A group row: a Roman number and a title, the other cells empty.
        let others_empty = cells.iter().skip(2).all(|c| c.is_empty());
        if crate::layout::roman_value(id).is_some() && (cells.len() <= 3 || others_empty) {
            let mut cells = cells.into_iter();
            let label = cells.next().unwrap_or_default();
            items.push(Item::Group(label, cells.collect()));
            continue;
        }
        last_data = Some(items.len());
        items.push(Item::Data(cells));
    }

    let mut grid = Grid::new(GridOrigin::PipeRows, n_cols as u32, input.first);
    grid.ruled = false;
    grid.header_rows = 1;
    grid.page = lines[0].page;
    let mut warnings = Vec::new();
    for item in items {
        match item {
            Item::Plain(cells) => grid.push_row(
                cells
                    .into_iter()
                    .take(n_cols)
                    .enumerate()
                    .map(|(c, l)| (c as u32, 1, l))
                    .collect(),
            ),
            Item::Group(label, title) => {
                let title: CellLines = title.into_iter().flatten().collect();
                grid.push_row(vec![(0, 1, label), (1, n_cols as u32 - 1, title)]);
            }
            Item::Data(cells) if cells.len() == n_cols => grid.push_row(
                cells
                    .into_iter()
                    .enumerate()
                    .map(|(c, l)| (c as u32, 1, l))
                    .collect(),
            ),
            Item::Data(mut cells) => {
                // Fewer (or more) cells than columns: whole cells placed by their content.
                let id = cells.remove(0);
                let texts: Vec<String> = cells.iter().map(text_of).collect();
                let first = id.first().or(cells.iter().flatten().next());
                let last = cells.iter().flatten().chain(&id).map(|l| l.line).max();
                if let (Some(f), Some(_)) = (first, last) {
                    let lines_at = |l: &Line| {
                        input
                            .lines
                            .iter()
                            .position(|x| x.page == l.page && x.line == l.line)
                            .unwrap_or(0)
                    };
                    let a = lines_at(f);
                    let b = cells
                        .iter()
                        .flatten()
                        .chain(&id)
                        .map(lines_at)
                        .max()
                        .unwrap_or(a);
                    warnings.push(Warning::new(
                        "table_cells_missing",
                        format!(
                            "row {}: {} cells for {} columns; placed by their content",
                            text_of(&id).trim_end_matches('.'),
                            texts.len(),
                            data_roles.len()
                        ),
                        Some(layout_span(input.first + a, input.first + b)),
                    ));
                }
                let placed = place_cells(&texts, &data_roles);
                let mut row = vec![(0, 1, id)];
                for (k, picks) in placed.into_iter().enumerate() {
                    let lines: CellLines = picks
                        .into_iter()
                        .flat_map(|p| std::mem::take(&mut cells[p]))
                        .collect();
                    row.push((data_cols[k] as u32, 1, lines));
                }
                grid.push_row(row);
            }
        }
    }
    Some((grid, warnings))
}

/// Every pipe row as a row of cells; a line without pipes goes on with the last cell above.
fn plain_grid(input: &TableInput, split: &dyn Fn(&Line) -> Vec<CellLines>) -> Grid {
    let mut rows: Vec<Vec<CellLines>> = Vec::new();
    for line in input.lines {
        if line.text.contains('|') {
            // (not a Markdown separator row)
            if !line.text.trim().chars().all(|c| "|-:= ".contains(c)) {
                rows.push(split(line));
            }
        } else if let Some(c) = rows.last_mut().and_then(|r| r.last_mut()) {
            c.push(Line {
                text: collapse_ws(&line.text),
                ..line.clone()
            });
        }
    }
    let n_cols = rows.iter().map(Vec::len).max().unwrap_or(1);
    let mut grid = Grid::new(GridOrigin::PipeRows, n_cols as u32, input.first);
    grid.ruled = false;
    grid.page = input.lines[0].page;
    for cells in rows {
        grid.push_row(
            cells
                .into_iter()
                .enumerate()
                .map(|(c, l)| (c as u32, 1, l))
                .collect(),
        );
    }
    grid
}
