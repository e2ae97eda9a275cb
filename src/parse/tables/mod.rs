//! Tables → indicator and task rows.
//!
//! Every table reader ends in a typed [`Grid`]: a PDF's ruling lines and Word tables (read by
//! ingest), OCR'd ruled tables, and in plain text the two readers here: pipe-separated rows
//! (`pipe`) and text whose cells follow one another over several lines (`cut`, which cuts each
//! row's words into cells). One interpreter, [`interpret`], turns any grid into tasks or
//! indicators:
//! - the header: the first rows whose words name the columns ([`roles`]), with its levels
//!   (header cells merged down over a second row, or across sub-columns); a title row above it
//!   is allowed;
//! - header rows repeated on each page, and a row of column numbers ("(1) (2) (3)"), are skipped;
//! - group rows ("I | Đến năm 2030", merged across the table or not) give the group and horizon
//!   of the rows under them;
//! - a row cut by a page break goes on in the first row of the next page, whose number cell is
//!   empty: its cells are joined to the row above, column by column;
//! - a number cell merged down over several rows makes those rows one task or indicator (its
//!   differing cells joined with "; ", a text repeated in each given once), unless their names
//!   differ (sub-rows sharing a number); any other merged cell gives its text to every row it
//!   covers; a cell merged across columns belongs to its first, but one laid across the lead and
//!   support columns names the agencies of both;
//! - sub-rows numbered "3.1", "3.2" under "3" are rows of their own.

mod cut;
mod pipe;
mod roles;

pub use roles::{column_roles, columns_from_header, role_of_cell, Role, TableKind};

use crate::ingest::{Grid, GridOrigin, Line};
use crate::model::{Indicator, RawText, Span, Task, Warning};
use crate::normalize::{agencies, deadlines, targets};
use crate::text::{collapse_ws, fold};

/// A table block's lines and where they are in the layout.
pub struct TableInput<'a> {
    pub lines: &'a [Line],
    /// Whether a blank line stood before each line.
    pub after_blank: &'a [bool],
    /// Index of `lines[0]` in the layout's lines.
    pub first: usize,
}

#[derive(Debug, Default)]
pub struct Parsed {
    pub indicators: Vec<Indicator>,
    pub tasks: Vec<Task>,
    pub warnings: Vec<Warning>,
}

/// What [`interpret`] read in a grid.
#[derive(Debug)]
pub struct Interpretation {
    pub kind: TableKind,
    /// Rows from the top that are the header (and any title row above it).
    pub header_rows: u32,
    pub rows: Parsed,
}

/// Reads a table region of plain text as a grid: pipe rows give their cells; text under a column
/// header is cut into cells. `None` when the region's header names no columns of tasks or
/// indicators. The warnings are the reading's own (an uncertain cut, cells placed by content).
pub fn read_text_table(
    input: &TableInput,
    layout_span: &dyn Fn(usize, usize) -> Span,
) -> Option<(Grid, Vec<Warning>)> {
    let first = input.lines.first()?;
    if crate::layout::is_pipe_row(&first.text) {
        pipe::read(input, layout_span)
    } else {
        cut::read(input, layout_span)
    }
}

/// Which cell covers each grid position, worked out once.
struct CellMap {
    n_cols: usize,
    at: Vec<Option<usize>>,
}

impl CellMap {
    fn new(grid: &Grid) -> CellMap {
        let n_cols = grid.n_cols as usize;
        let mut at = vec![None; grid.n_rows as usize * n_cols];
        for (i, c) in grid.cells.iter().enumerate() {
            for r in c.row..(c.row + c.row_span).min(grid.n_rows) {
                for k in c.col..(c.col + c.col_span).min(grid.n_cols) {
                    at[r as usize * n_cols + k as usize] = Some(i);
                }
            }
        }
        CellMap { n_cols, at }
    }

    fn get(&self, row: u32, col: usize) -> Option<usize> {
        self.at
            .get(row as usize * self.n_cols + col)
            .copied()
            .flatten()
    }

    /// The distinct cells of `row`, left to right.
    fn row(&self, row: u32) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for c in 0..self.n_cols {
            if let Some(i) = self.get(row, c) {
                if out.last() != Some(&i) {
                    out.push(i);
                }
            }
        }
        out
    }
}

/// How many rows from `start` make the header: the first, and each next row that a header cell
/// reaches down into or whose cells stand under a header cell merged across columns.
fn header_height(grid: &Grid, map: &CellMap, start: u32) -> u32 {
    let mut h = 1;
    while start + h < grid.n_rows && h < 4 {
        let r = start + h;
        let header_cell = |i: usize| grid.cells[i].row >= start && grid.cells[i].row < r;
        let reached = (0..map.n_cols).any(|c| map.get(r, c).is_some_and(header_cell));
        let under_merged = (0..map.n_cols).all(|c| {
            let own = map.get(r, c).filter(|&i| grid.cells[i].row == r);
            own.is_none_or(|_| {
                map.get(r - 1, c)
                    .is_some_and(|i| header_cell(i) && grid.cells[i].col_span > 1)
            })
        });
        if !(reached || under_merged) {
            break;
        }
        h += 1;
    }
    h
}

/// The number of header rows of a grid (for tables read but not interpreted): the source's own
/// count, else the first row and the rows under it that belong to it.
pub fn header_rows(grid: &Grid) -> u32 {
    if grid.header_rows > 0 || grid.n_rows == 0 {
        return grid.header_rows;
    }
    header_height(grid, &CellMap::new(grid), 0)
}

/// A row's text as compared with a header row: its distinct cells, folded.
fn row_key(map: &CellMap, texts: &[String], row: u32) -> String {
    let parts: Vec<&str> = map
        .row(row)
        .into_iter()
        .map(|i| texts[i].as_str())
        .filter(|t| !t.is_empty())
        .collect();
    fold(&parts.join(" "))
}

/// Whether grid row `r` repeats header row `header`, read with OCR's noise: each of its filled
/// cells has the words of the header cell in its column (letters and figures, a stray quote
/// or a misread letter allowed: `same_header_words`), and at least two such cells match.
fn repeats_header_row(map: &CellMap, texts: &[String], header: u32, r: u32) -> bool {
    let mut matched = 0;
    for c in 0..map.n_cols {
        let (Some(h), Some(i)) = (map.get(header, c), map.get(r, c)) else {
            continue;
        };
        if h == i || texts[i].is_empty() {
            continue;
        }
        if !same_header_words(&texts[h], &texts[i]) {
            return false;
        }
        matched += 1;
    }
    matched >= 2
}

/// Whether `text` reads as the header cell `header`: their folded words (letters and figures
/// only) within one edit in five characters, at least one.
fn same_header_words(header: &str, text: &str) -> bool {
    let words = |s: &str| {
        let f: String = fold(s)
            .chars()
            .map(|c| if c.is_alphanumeric() { c } else { ' ' })
            .collect();
        collapse_ws(&f)
    };
    let (h, t) = (words(header), words(text));
    !h.is_empty() && strsim::levenshtein(&h, &t) <= (h.len() / 5).max(1)
}

/// "(1) (2) (3) (4)": the numbers printed under a header to name its columns.
fn is_column_numbers(cells: &[&str]) -> bool {
    let nums: Option<Vec<u32>> = cells
        .iter()
        .map(|t| {
            t.trim_start_matches('(')
                .trim_end_matches(')')
                .parse::<u32>()
                .ok()
        })
        .collect();
    nums.is_some_and(|n| n.len() >= 3 && n.windows(2).all(|w| w[1] > w[0]))
}

/// "I", "II", "A": a group's label.
fn is_group_label(s: &str) -> bool {
    crate::layout::roman_value(s).is_some()
        || (s.len() == 1 && s.bytes().all(|b| b.is_ascii_uppercase()))
}

/// A group label and title read from one cell: "I. Đến năm 2030", "II", "Nhóm nhiệm vụ …".
fn split_group(text: &str) -> (String, String) {
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    let label = first.trim_end_matches(['.', ':', ')', '-']);
    if is_group_label(label) {
        (label.to_string(), rest.trim().to_string())
    } else {
        (String::new(), text.to_string())
    }
}

/// A data row being read.
struct Row {
    id: String,
    id_cell: Option<usize>,
    name_cell: Option<usize>,
    group: Option<(String, String)>,
    /// Text of each data column.
    cells: Vec<String>,
    lines: Vec<Line>,
}

/// How a row's cells are added to a data row.
#[derive(Clone, Copy, PartialEq)]
enum Join {
    /// The row's own first cells.
    New,
    /// The same cell's text going on after a page break.
    Wrapped,
    /// Another row under a merged number cell: its text is another item.
    Item,
}

/// The one interpreter from a grid to tasks and indicators, whatever read the grid (PDF rulings,
/// Word, OCR, pipe rows, cells cut from text): `None` when the grid is not a table of tasks or
/// indicators (its header names no such columns), which then stays a table of the document only.
/// Rows carry the span of their cells' lines.
pub fn interpret(grid: &Grid) -> Option<Interpretation> {
    if grid.n_rows < 2 || grid.n_cols < 2 {
        return None;
    }
    let map = CellMap::new(grid);
    // A scan's cell may open with a speck read as a quote.
    let texts: Vec<String> = grid
        .cells
        .iter()
        .map(|c| match grid.origin {
            GridOrigin::Ocr => crate::text::without_unclosed_quote(&c.text()).to_string(),
            _ => c.text(),
        })
        .collect();
    // The header: the first rows (a title row above them allowed) whose words name the columns.
    let (start, h, kind, roles, joined) = (0..grid.n_rows.min(3)).find_map(|start| {
        let h = if start == 0 && grid.header_rows > 0 {
            grid.header_rows
        } else {
            header_height(grid, &map, start)
        };
        let (joined, columns) = header_texts(grid, &map, &texts, start, h);
        column_roles(&joined, &columns).map(|(k, r)| (start, h, k, r, joined))
    })?;
    let header_end = start + h;
    let header_keys: Vec<String> = (start..header_end)
        .map(|r| row_key(&map, &texts, r))
        .collect();
    let whole_header = fold(&collapse_ws(&joined));
    let header_horizon = horizon_of(&joined);
    let id_col = roles.iter().position(|r| *r == Some(Role::Id));
    let name_col = roles.iter().position(|r| *r == Some(Role::Name));
    let data: Vec<(usize, Role)> = roles
        .iter()
        .enumerate()
        .filter_map(|(c, r)| r.filter(|r| *r != Role::Id).map(|r| (c, r)))
        .collect();

    let mut rows: Vec<Row> = Vec::new();
    let mut group: Option<(String, String)> = None;
    let mut page_top = false;
    // The grid row whose cells went last into `rows`.
    let mut last_row = None;
    for r in header_end..grid.n_rows {
        page_top |= grid.opens_page(r);
        let cells = map.row(r);
        let filled: Vec<usize> = cells
            .iter()
            .copied()
            .filter(|&i| !texts[i].is_empty())
            .collect();
        if filled.is_empty() {
            continue;
        }
        // The header repeated on a new page (row by row, or all of it in one row), OCR's
        // noise in its cells allowed.
        let key = row_key(&map, &texts, r);
        let repeated = (start..header_end).any(|h| repeats_header_row(&map, &texts, h, r));
        if repeated || header_keys.contains(&key) || key == whole_header {
            continue;
        }
        let filled_texts: Vec<&str> = filled.iter().map(|&i| texts[i].as_str()).collect();
        if is_column_numbers(&filled_texts) {
            continue;
        }
        let at_page_top = std::mem::take(&mut page_top);
        let id_cell = id_col.and_then(|c| map.get(r, c));
        let id_from_above = id_cell.is_some_and(|i| grid.cells[i].row < r);
        let id = id_cell
            .map(|i| texts[i].trim_end_matches('.').to_string())
            .unwrap_or_default();
        // A row cut by the page break goes on here; or, where a cell repeats the one above it
        // (the office suite drew a merged number and name as empty cells on the new page), the
        // same task's next sub-row starts here.
        if at_page_top && id.is_empty() && !id_from_above {
            if let Some(last) = rows.last_mut() {
                let join = match last_row {
                    Some(above) if repeats_a_cell(&map, &texts, above, r) => Join::Item,
                    _ => Join::Wrapped,
                };
                add_to_row(last, grid, &map, &texts, &data, r, join);
                last_row = Some(r);
                continue;
            }
        }
        // Another row under the same merged number.
        if id_from_above {
            if let Some(last) = rows.last_mut().filter(|l| l.id_cell == id_cell) {
                let name_cell = name_col.and_then(|c| map.get(r, c));
                if name_cell == last.name_cell {
                    add_to_row(last, grid, &map, &texts, &data, r, Join::Item);
                    last_row = Some(r);
                    continue;
                }
            }
        }
        if let Some(g) = group_row(grid, &texts, &filled, id_cell, &id) {
            group = Some(g);
            continue;
        }
        let mut row = Row {
            id,
            id_cell,
            name_cell: name_col.and_then(|c| map.get(r, c)),
            group: group.clone(),
            cells: vec![String::new(); data.len()],
            lines: Vec::new(),
        };
        add_to_row(&mut row, grid, &map, &texts, &data, r, Join::New);
        last_row = Some(r);
        // Its number cell gives its place too; a row whose cells all come down from above
        // takes theirs.
        if let Some(i) = id_cell.filter(|&i| grid.cells[i].row == r) {
            row.lines.extend(grid.cells[i].lines.iter().cloned());
        }
        if row.lines.is_empty() {
            for &i in &filled {
                row.lines.extend(grid.cells[i].lines.iter().cloned());
            }
        }
        rows.push(row);
    }

    let data_roles: Vec<Role> = data.iter().map(|d| d.1).collect();
    let mut out = Parsed::default();
    if grid.origin == GridOrigin::Ocr {
        out.warnings = mend_misread_numbers(&mut rows);
    }
    for row in rows {
        let span = row_span(row.lines);
        let (label, title) = row.group.unwrap_or_default();
        let horizon = horizon_of(&title).or_else(|| header_horizon.clone());
        push_row(
            &mut out,
            kind,
            &data_roles,
            &row.cells,
            &row.id,
            (!label.is_empty()).then_some(label),
            horizon,
            span,
        );
    }
    Some(Interpretation {
        kind,
        header_rows: header_end,
        rows: out,
    })
}

/// Row numbers of a scanned table that OCR read as letters ("H" for 11, "l" for 1), each set
/// from the rows of its group around it: one more than the row above where the row below has
/// one more again, or there is none below; 1 where the row below has 2. A warning keeps what
/// was read.
fn mend_misread_numbers(rows: &mut [Row]) -> Vec<Warning> {
    let number = |row: &Row| row.id.parse::<u32>().ok();
    let mut warnings = Vec::new();
    for k in 0..rows.len() {
        if !looks_like_misread_number(&rows[k].id) {
            continue;
        }
        let same_group = |j: usize| rows[j].group == rows[k].group;
        let above = k
            .checked_sub(1)
            .filter(|&j| same_group(j))
            .map(|j| number(&rows[j]));
        let below = rows.get(k + 1).filter(|_| same_group(k + 1)).map(number);
        let n = match (above, below) {
            (Some(Some(a)), Some(Some(b))) if b == a + 2 => a + 1,
            (Some(Some(a)), None) => a + 1,
            (None, Some(Some(2))) => 1,
            _ => continue,
        };
        let read = std::mem::replace(&mut rows[k].id, n.to_string());
        warnings.push(Warning::new(
            "table_number_misread",
            format!("row number read as \"{read}\" taken as {n}, from the rows around it"),
            Some(row_span(rows[k].lines.clone())),
        ));
    }
    warnings
}

/// A row number's cell as OCR misreads one or two figures: a few characters, each a figure or
/// a letter or mark taken for one (I, l, | and ! for 1, H for 11, O and o for 0, S for 5, B for
/// 8), not a number itself.
fn looks_like_misread_number(id: &str) -> bool {
    (1..=3).contains(&id.chars().count())
        && id.parse::<u32>().is_err()
        && id
            .chars()
            .all(|c| c.is_ascii_digit() || "Il|!HOoSB".contains(c))
}

/// The header in reading order (its distinct cells), and each column's header texts top to
/// bottom, from rows `start..start + h`.
fn header_texts(
    grid: &Grid,
    map: &CellMap,
    texts: &[String],
    start: u32,
    h: u32,
) -> (String, Vec<Vec<String>>) {
    let mut seen: Vec<usize> = Vec::new();
    for r in start..start + h {
        for i in map.row(r) {
            if !seen.contains(&i) && !texts[i].is_empty() {
                seen.push(i);
            }
        }
    }
    let joined = seen
        .iter()
        .map(|&i| texts[i].as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let columns = (0..grid.n_cols as usize)
        .map(|c| {
            let mut col: Vec<String> = Vec::new();
            let mut last = None;
            for r in start..start + h {
                let i = map.get(r, c);
                if i != last {
                    if let Some(i) = i.filter(|&i| !texts[i].is_empty()) {
                        col.push(texts[i].clone());
                    }
                    last = i;
                }
            }
            col
        })
        .collect();
    (joined, columns)
}

/// A group row: a label ("I", "A") with at most its title beside it, one cell holding both
/// ("I. Đến năm 2030"), or an unnumbered title merged across the table.
fn group_row(
    grid: &Grid,
    texts: &[String],
    filled: &[usize],
    id_cell: Option<usize>,
    id: &str,
) -> Option<(String, String)> {
    let others: Vec<usize> = filled
        .iter()
        .copied()
        .filter(|&i| Some(i) != id_cell)
        .collect();
    if others.is_empty() {
        // Only the number cell holds text.
        let (label, title) = split_group(id);
        let merged = id_cell.is_some_and(|i| grid.cells[i].col_span > 1);
        return (!label.is_empty() || merged).then_some((label, title));
    }
    if is_group_label(id) && others.len() == 1 {
        return Some((id.to_string(), texts[others[0]].clone()));
    }
    if id.is_empty() && others.len() == 1 && grid.cells[others[0]].col_span > 1 {
        return Some(split_group(&texts[others[0]]));
    }
    None
}

/// Adds the cells that open on row `r` to `row`, column by column. A cell merged down from an
/// earlier row gives its text to a new row only. Only cells that open on `r` add their lines.
fn add_to_row(
    row: &mut Row,
    grid: &Grid,
    map: &CellMap,
    texts: &[String],
    data: &[(usize, Role)],
    r: u32,
    join: Join,
) {
    for (k, &(c, role)) in data.iter().enumerate() {
        let Some(i) = map.get(r, c) else { continue };
        let cell = &grid.cells[i];
        // A cell merged across columns belongs to its first one; but one laid across the lead
        // and support columns ("Theo phân công tại Quyết định …") names the agencies of both.
        let first = cell.col as usize;
        let own = first == c
            || (is_agency(role) && data.iter().any(|&(dc, dr)| dc == first && is_agency(dr)));
        if !own || texts[i].is_empty() {
            continue;
        }
        if cell.row < r && join != Join::New {
            continue;
        }
        let text = &mut row.cells[k];
        if text.is_empty() {
            text.push_str(&texts[i]);
        } else if join == Join::Item {
            // Sub-rows of one task that repeat a cell's text ("Ban hành trong tháng 01/2026"
            // in each) give it once.
            if !text.split("; ").any(|item| item == texts[i]) {
                text.push_str("; ");
                text.push_str(&texts[i]);
            }
        } else {
            crate::text::append_wrapped(text, &texts[i]);
        }
        if cell.row == r && first == c {
            row.lines.extend(cell.lines.iter().cloned());
        }
    }
}

/// Whether some column of grid row `r` has a cell of its own whose text repeats that of row
/// `above`'s cell there. A row cut by a page break cannot: each of its cells goes on with new
/// text or none.
fn repeats_a_cell(map: &CellMap, texts: &[String], above: u32, r: u32) -> bool {
    (0..map.n_cols).any(|c| match (map.get(above, c), map.get(r, c)) {
        (Some(a), Some(b)) => a != b && !texts[b].is_empty() && texts[a] == texts[b],
        _ => false,
    })
}

/// The columns that name agencies of a task.
fn is_agency(role: Role) -> bool {
    matches!(role, Role::Lead | Role::Support)
}

/// The span of a row: its lines in source order.
fn row_span(mut lines: Vec<Line>) -> Span {
    if lines.is_empty() {
        return Span::lines(1, 1, 1);
    }
    lines.sort_by_key(|l| (l.page, l.line));
    lines.dedup_by_key(|l| (l.page, l.line));
    crate::layout::span_of(&lines)
}

/// One table row as an indicator or a task: `cells` in the order of `roles` (Id excluded).
/// Several status columns ("Tiến độ", "Kết quả hiện nay") are joined with "; ".
#[allow(clippy::too_many_arguments)]
fn push_row(
    out: &mut Parsed,
    kind: TableKind,
    roles: &[Role],
    cells: &[String],
    id: &str,
    group: Option<String>,
    horizon: Option<String>,
    span: Span,
) {
    let cell = |role: Role| {
        roles
            .iter()
            .position(|r| *r == role)
            .map(|p| cells[p].clone())
            .unwrap_or_default()
    };
    match kind {
        TableKind::Indicators => out.indicators.push(Indicator {
            id: id.to_string(),
            group,
            horizon,
            name: cell(Role::Name),
            unit: Some(cell(Role::Unit)).filter(|u| !u.is_empty()),
            target: targets::parse_target(&cell(Role::Target)),
            owner: agencies::parse_agencies(&cell(Role::Owner)),
            origin: "table".into(),
            span,
        }),
        TableKind::Tasks => out.tasks.push(Task {
            group,
            number: id.split('.').next().and_then(|n| n.parse().ok()),
            name: cell(Role::Name),
            lead: agencies::parse_agencies(&cell(Role::Lead)),
            support: agencies::parse_agencies(&cell(Role::Support)),
            result: roles.contains(&Role::Result).then(|| RawText {
                raw: cell(Role::Result),
            }),
            deadline: deadlines::parse_deadline(&cell(Role::Deadline)),
            status: roles.contains(&Role::Status).then(|| RawText {
                raw: roles
                    .iter()
                    .zip(cells)
                    .filter(|(r, v)| **r == Role::Status && !v.is_empty())
                    .map(|(_, v)| v.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
            }),
            origin: "table".into(),
            span,
        }),
    }
}

/// "Đến năm 2030" → "2030".
fn horizon_of(title: &str) -> Option<String> {
    let f = fold(title);
    let pos = f.find("nam 20")?;
    let y: String = f[pos + 4..].chars().take(4).collect();
    (y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::Cell;

    /// A grid from rows of `(col, row_span, col_span, text)`; line numbers count cells, a new
    /// page starts at each of `page_starts`.
    fn grid(rows: &[&[(u32, u32, u32, &str)]], page_starts: &[u32]) -> Grid {
        let mut g = Grid::new(GridOrigin::Word, 0, 0);
        let mut n = 0;
        for (r, row) in rows.iter().enumerate() {
            for &(col, row_span, col_span, text) in *row {
                n += 1;
                let page = 1 + page_starts.iter().filter(|&&p| p <= r as u32).count() as u32;
                g.cells.push(Cell {
                    row: r as u32,
                    col,
                    row_span,
                    col_span,
                    lines: vec![Line {
                        text: text.into(),
                        page,
                        line: n,
                        bbox: None,
                    }],
                });
                g.n_cols = g.n_cols.max(col + col_span);
            }
        }
        g.n_rows = rows.len() as u32;
        g.page_starts = page_starts.to_vec();
        g
    }

    const HEADER: &[(u32, u32, u32, &str)] = &[
        (0, 1, 1, "TT"),
        (1, 1, 1, "Nhiệm vụ"),
        (2, 1, 1, "Cơ quan chủ trì"),
        (3, 1, 1, "Cơ quan phối hợp"),
        (4, 1, 1, "Thời gian hoàn thành"),
    ];

    /// A task's second sub-row that opens a page (its merged number and name drawn empty there)
    /// is another item, told by a cell repeating the row above; a row cut by the break is not.
    #[test]
    fn sub_row_at_a_page_top_is_an_item_not_wrapped_text() {
        let row_of = |deadline: &'static str| -> Vec<(u32, u32, u32, &'static str)> {
            vec![
                (0, 1, 1, "3"),
                (1, 1, 1, "Tham mưu ban hành Kế hoạch tuyên truyền"),
                (2, 1, 1, "Sở Nội vụ"),
                (3, 1, 1, "Các sở, ngành"),
                (4, 1, 1, deadline),
            ]
        };
        let first = row_of("Ban hành trong tháng 01/2026");
        let sub_row: &[(u32, u32, u32, &str)] = &[
            (0, 1, 1, ""),
            (1, 1, 1, ""),
            (2, 1, 1, "Các cơ quan, đơn vị"),
            (3, 1, 1, "Sở Nội vụ"),
            (4, 1, 1, "Ban hành trong tháng 01/2026"),
        ];
        let g = grid(&[HEADER, &first, HEADER, sub_row], &[2]);
        let t = interpret(&g).unwrap();
        let task = &t.rows.tasks[0];
        assert_eq!(t.rows.tasks.len(), 1);
        assert_eq!(task.lead.raw, "Sở Nội vụ; Các cơ quan, đơn vị");
        assert_eq!(task.support.raw, "Các sở, ngành; Sở Nội vụ");
        assert_eq!(task.deadline.raw, "Ban hành trong tháng 01/2026");

        // The same row whose cells go on with new text: wrapped, not items.
        let cut = row_of("Trong tháng");
        let rest: &[(u32, u32, u32, &str)] = &[
            (0, 1, 1, ""),
            (1, 1, 1, "công tác cải cách hành chính"),
            (2, 1, 1, ""),
            (3, 1, 1, "và Sở Tư pháp"),
            (4, 1, 1, "01/2026"),
        ];
        let g = grid(&[HEADER, &cut, HEADER, rest], &[2]);
        let task = &interpret(&g).unwrap().rows.tasks[0];
        assert_eq!(
            task.name,
            "Tham mưu ban hành Kế hoạch tuyên truyền công tác cải cách hành chính"
        );
        assert_eq!(task.support.raw, "Các sở, ngành và Sở Tư pháp");
        assert_eq!(task.deadline.raw, "Trong tháng 01/2026");
    }

    /// The header repeated on a new page as OCR reads it ("IT" for "TT", a stray quote, a
    /// letter lost) is skipped, and the row cut by the break goes on under it; a row whose
    /// cells only hold header words among others is a task.
    #[test]
    fn repeated_header_read_with_ocr_noise_is_skipped() {
        let cut: &[(u32, u32, u32, &str)] = &[
            (0, 1, 1, "1"),
            (1, 1, 1, "Giải đáp những vướng mắc"),
            (2, 1, 1, "Lãnh đạo"),
            (3, 1, 1, "Sở Nội vụ"),
            (4, 1, 1, "Từ 20 giờ ngày"),
        ];
        let noisy_header: &[(u32, u32, u32, &str)] = &[
            (0, 1, 1, "IT"),
            (1, 1, 1, "“Nhiệm vụ"),
            (2, 1, 1, "'Cơ quan chủ trì"),
            (3, 1, 1, "Cơ quan phôi hop"),
            (4, 1, 1, "Thời gian hoàn thành."),
        ];
        let rest: &[(u32, u32, u32, &str)] = &[
            (0, 1, 1, ""),
            (1, 1, 1, "của người dân"),
            (2, 1, 1, "Sở Y tế"),
            (3, 1, 1, ""),
            (4, 1, 1, "23 tháng 1"),
        ];
        let words_of_header: &[(u32, u32, u32, &str)] = &[
            (0, 1, 1, "2"),
            (1, 1, 1, "Nhiệm vụ khác"),
            (2, 1, 1, "Cơ quan chủ trì đề án"),
            (3, 1, 1, "Cơ quan phối hợp"),
            (4, 1, 1, "Thời gian hoàn thành"),
        ];
        let g = grid(&[HEADER, cut, noisy_header, rest, words_of_header], &[2]);
        let tasks = interpret(&g).unwrap().rows.tasks;
        let read: Vec<(Option<u32>, &str, &str, &str)> = tasks
            .iter()
            .map(|t| {
                (
                    t.number,
                    t.name.as_str(),
                    t.lead.raw.as_str(),
                    t.deadline.raw.as_str(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    Some(1),
                    "Giải đáp những vướng mắc của người dân",
                    "Lãnh đạo Sở Y tế",
                    "Từ 20 giờ ngày 23 tháng 1"
                ),
                (
                    Some(2),
                    "Nhiệm vụ khác",
                    "Cơ quan chủ trì đề án",
                    "Thời gian hoàn thành"
                ),
            ]
        );
    }

    /// In a scanned table, numbers OCR read as letters take their place in the sequence, with
    /// a warning; a letter that is not one ("a"), and a Word table's cells, are left as read.
    #[test]
    fn misread_row_numbers_of_a_scan_follow_the_sequence() {
        let table = |ids: [&'static str; 4], origin: GridOrigin| -> Grid {
            let rows: Vec<Vec<(u32, u32, u32, &str)>> = ids
                .iter()
                .map(|&id| vec![(0, 1, 1, id), (1, 1, 1, "Giải đáp"), (2, 1, 1, "Sở Y tế")])
                .collect();
            let mut all: Vec<&[(u32, u32, u32, &str)]> = vec![HEADER];
            all.extend(rows.iter().map(|r| r.as_slice()));
            let mut g = grid(&all, &[]);
            g.origin = origin;
            g
        };
        let numbers = |g: &Grid| -> Vec<Option<u32>> {
            interpret(g)
                .unwrap()
                .rows
                .tasks
                .iter()
                .map(|t| t.number)
                .collect()
        };
        let scan = table(["9", "IO", "11", "H"], GridOrigin::Ocr);
        assert_eq!(numbers(&scan), [Some(9), Some(10), Some(11), Some(12)]);
        let warnings = interpret(&scan).unwrap().rows.warnings;
        assert_eq!(warnings.len(), 2);
        assert!(warnings[1].message.contains("\"H\" taken as 12"));
        // "IO" between 9 and "a", "H" after "a": no sequence says what they are.
        let scan = table(["9", "IO", "a", "H"], GridOrigin::Ocr);
        assert_eq!(numbers(&scan), [Some(9), None, None, None]);
        let word = table(["9", "IO", "11", "H"], GridOrigin::Word);
        assert_eq!(numbers(&word), [Some(9), None, Some(11), None]);
    }

    #[test]
    fn groups_merged_rows_page_breaks_and_repeated_headers() {
        let g = grid(
            &[
                HEADER,
                // column numbers under the header
                &[
                    (0, 1, 1, "(1)"),
                    (1, 1, 1, "(2)"),
                    (2, 1, 1, "(3)"),
                    (3, 1, 1, "(4)"),
                    (4, 1, 1, "(5)"),
                ],
                // a group row merged across the table
                &[(0, 1, 5, "I. Đến năm 2030")],
                // task 1, its lead merged down over task 2
                &[
                    (0, 1, 1, "1."),
                    (1, 1, 1, "Xây dựng đề án"),
                    (2, 2, 1, "Sở Nội vụ"),
                    (3, 1, 1, "Sở Tài chính"),
                    (4, 1, 1, "6/2025"),
                ],
                &[
                    (0, 1, 1, "2."),
                    (1, 1, 1, "Ban hành quy chế"),
                    (3, 1, 1, ""),
                    (4, 1, 1, "Quý III/2025"),
                ],
                // a group row: label and title in two cells
                &[(0, 1, 1, "II"), (1, 1, 4, "Hạ tầng số")],
                // task 3 cut by the page break
                &[
                    (0, 1, 1, "3"),
                    (1, 1, 1, "Nâng cấp Trung tâm dữ liệu tỉnh, bảo đảm kết nối với Trung tâm dữ liệu quốc gia;"),
                    (2, 1, 1, "Sở Khoa học và"),
                    (3, 1, 1, ""),
                    (4, 1, 1, "2026"),
                ],
                // next page: the header again, then the rest of task 3
                HEADER,
                &[
                    (0, 1, 1, ""),
                    (1, 1, 1, "triển khai nền tảng điện toán đám mây"),
                    (2, 1, 1, "Công nghệ"),
                    (3, 1, 1, "Công an tỉnh"),
                    (4, 1, 1, ""),
                ],
                // task 4: one number merged over two rows with the same name: one task
                &[
                    (0, 2, 1, "4"),
                    (1, 2, 1, "Đào tạo kỹ năng số"),
                    (2, 1, 1, "Sở Nội vụ"),
                    (3, 1, 1, "Tỉnh Đoàn"),
                    (4, 1, 1, "2025"),
                ],
                &[
                    (2, 1, 1, "Sở Giáo dục và Đào tạo"),
                    (3, 1, 1, ""),
                    (4, 1, 1, "2026"),
                ],
            ],
            &[7],
        );
        let t = interpret(&g).unwrap();
        assert_eq!(t.kind, TableKind::Tasks);
        assert_eq!(t.header_rows, 1);
        let tasks = &t.rows.tasks;
        type Summary<'a> = (
            Option<u32>,
            Option<&'a str>,
            &'a str,
            &'a str,
            &'a str,
            &'a str,
        );
        let summary: Vec<Summary> = tasks
            .iter()
            .map(|t| {
                (
                    t.number,
                    t.group.as_deref(),
                    t.name.as_str(),
                    t.lead.raw.as_str(),
                    t.support.raw.as_str(),
                    t.deadline.raw.as_str(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (Some(1), Some("I"), "Xây dựng đề án", "Sở Nội vụ", "Sở Tài chính", "6/2025"),
                (Some(2), Some("I"), "Ban hành quy chế", "Sở Nội vụ", "", "Quý III/2025"),
                (
                    Some(3),
                    Some("II"),
                    "Nâng cấp Trung tâm dữ liệu tỉnh, bảo đảm kết nối với Trung tâm dữ liệu quốc gia; triển khai nền tảng điện toán đám mây",
                    "Sở Khoa học và Công nghệ",
                    "Công an tỉnh",
                    "2026"
                ),
                (
                    Some(4),
                    Some("II"),
                    "Đào tạo kỹ năng số",
                    "Sở Nội vụ; Sở Giáo dục và Đào tạo",
                    "Tỉnh Đoàn",
                    "2025; 2026"
                ),
            ]
        );
        assert_eq!(tasks[0].deadline.start.as_deref(), Some("2025-06"));
        // A row's span: from its own first line (the 23rd cell), across the page break.
        assert_eq!((tasks[2].span.page, tasks[2].span.line_start), (1, 23));
        assert!(tasks[2].span.line_end > 23);
    }

    #[test]
    fn a_cell_across_lead_and_support_names_both_and_repeated_items_count_once() {
        let g = grid(
            &[
                HEADER,
                // task 1: one cell laid across the lead and support columns
                &[
                    (0, 1, 1, "1"),
                    (1, 1, 1, "Thực hiện Quyết định số 1441/QĐ-UBND"),
                    (2, 1, 2, "Theo phân công tại Quyết định số 1441/QĐ-UBND"),
                    (4, 1, 1, "Năm 2026"),
                ],
                // task 2: its number and name merged over two rows that repeat the deadline
                &[
                    (0, 2, 1, "2"),
                    (1, 2, 1, "Ban hành kế hoạch tuyên truyền"),
                    (2, 1, 1, "Sở Nội vụ"),
                    (3, 1, 1, "Các sở, ngành"),
                    (4, 1, 1, "Tháng 01/2026"),
                ],
                &[
                    (2, 1, 1, "Các sở, ngành"),
                    (3, 1, 1, ""),
                    (4, 1, 1, "Tháng 01/2026"),
                ],
                // task 3: a cell across the name and lead columns stays the name's
                &[
                    (0, 1, 1, "3"),
                    (1, 1, 2, "Tổng kết năm"),
                    (3, 1, 1, "Sở Tài chính"),
                    (4, 1, 1, "Tháng 12/2026"),
                ],
            ],
            &[],
        );
        let t = interpret(&g).unwrap();
        let rows: Vec<(&str, &str, &str)> = t
            .rows
            .tasks
            .iter()
            .map(|t| {
                (
                    t.lead.raw.as_str(),
                    t.support.raw.as_str(),
                    t.deadline.raw.as_str(),
                )
            })
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "Theo phân công tại Quyết định số 1441/QĐ-UBND",
                    "Theo phân công tại Quyết định số 1441/QĐ-UBND",
                    "Năm 2026"
                ),
                ("Sở Nội vụ; Các sở, ngành", "Các sở, ngành", "Tháng 01/2026"),
                ("", "Sở Tài chính", "Tháng 12/2026"),
            ]
        );
        assert_eq!(t.rows.tasks[2].name, "Tổng kết năm");
    }

    #[test]
    fn two_level_header_and_columns_without_role() {
        let g = grid(
            &[
                &[
                    (0, 2, 1, "STT"),
                    (1, 2, 1, "Tên chỉ tiêu"),
                    (2, 2, 1, "Đơn vị tính"),
                    (3, 1, 2, "Mục tiêu"),
                    (5, 2, 1, "Ghi chú"),
                ],
                &[(3, 1, 1, "Năm 2025"), (4, 1, 1, "Đến năm 2030")],
                &[
                    (0, 1, 1, "1"),
                    (1, 1, 1, "Tỷ lệ hồ sơ trực tuyến"),
                    (2, 1, 1, "%"),
                    (3, 1, 1, "≥ 80"),
                    (4, 1, 1, "100"),
                    (5, 1, 1, "Theo Quyết định 06"),
                ],
            ],
            &[],
        );
        assert_eq!(header_rows(&g), 2);
        let t = interpret(&g).unwrap();
        assert_eq!((t.kind, t.header_rows), (TableKind::Indicators, 2));
        let i = &t.rows.indicators[0];
        assert_eq!(
            (i.id.as_str(), i.name.as_str()),
            ("1", "Tỷ lệ hồ sơ trực tuyến")
        );
        assert_eq!(i.unit.as_deref(), Some("%"));
        // The first target column is the indicator's target.
        assert_eq!(i.target.raw, "≥ 80");
    }

    #[test]
    fn tables_of_other_things_are_not_interpreted() {
        let g = grid(
            &[
                &[
                    (0, 1, 1, "STT"),
                    (1, 1, 1, "Nội dung tiêu chí"),
                    (2, 1, 1, "Điểm tối đa"),
                ],
                &[
                    (0, 1, 1, "1"),
                    (1, 1, 1, "Ban hành kế hoạch"),
                    (2, 1, 1, "2"),
                ],
            ],
            &[],
        );
        // "Nội dung" names tasks, but no two other columns are named.
        assert!(interpret(&g).is_none());
        let stats = grid(
            &[
                &[
                    (0, 1, 1, "STT"),
                    (1, 1, 1, "Chỉ tiêu thống kê"),
                    (2, 1, 1, "Đơn vị tính"),
                    (3, 1, 1, "Kết quả"),
                ],
                &[
                    (0, 1, 1, "1"),
                    (1, 1, 1, "Số văn bản"),
                    (2, 1, 1, "Văn bản"),
                    (3, 1, 1, "82"),
                ],
            ],
            &[],
        );
        assert!(interpret(&stats).is_none());
    }
}
