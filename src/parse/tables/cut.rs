//! Text tables: a row's cells come one after the other, each wrapped over several lines, two
//! cells sometimes sharing a line, and a row may go on after a page break (text extracted from
//! a PDF without rulings). Each row's words are cut into cells by dynamic programming over two
//! kinds of evidence:
//! - content: an agency cell opens with an agency word, a deadline reads as one, a unit is a
//!   known unit, a target opens with a comparison or a number, and no cell opens in lowercase;
//! - wrapping: the lines of one cell were broken greedily, so every line but the last is longer
//!   than it could be with the next word added only if … the next word did not fit: the longest
//!   line of a cell must be shorter than (line + space + next word) for each of its broken lines.
//!   That separates a narrow "Cơ quan chủ trì" column from a wider "Cơ quan phối hợp" one without
//!   knowing either width.
//!
//! The cut is a grid (`GridOrigin::TextCut`) that `interpret` reads like any other.

use super::roles::{column_roles, split_header, Role};
use super::TableInput;
use crate::ingest::{Grid, GridOrigin, Line};
use crate::model::{Span, Warning};
use crate::normalize::{agencies, deadlines, targets};
use crate::text::{collapse_ws, fold, starts_upper};

const UNITS: [&str; 44] = [
    "%",
    "% grdp",
    "%grdp",
    "% gdp",
    "%gdp",
    "thu bac",
    "thu hang",
    "xep hang",
    "diem",
    "chi so",
    "%/nam",
    "nguoi/van dan",
    "to chuc",
    "% dan so",
    "dia phuong",
    "trung tam du lieu",
    "% tong chi nsnn",
    "chi so phat trien con nguoi (hdi)",
    "doanh nghiep",
    "tbps",
    "san du lieu",
    "tuyen cap quang bien",
    "thanh pho, tinh",
    "to chuc, doanh nghiep",
    "co so",
    "so doanh nghiep/1000 dan",
    "trung tam du lieu quoc gia",
    "do thi",
    "san pham",
    "ho so",
    "nguoi",
    "luot",
    "ty dong",
    "trieu dong",
    "de tai",
    "nhiem vu",
    "sang che",
    "bai bao",
    "don",
    "van bang",
    "xa",
    "huyen",
    "tinh",
    "thanh pho",
];

/// The length of the longest unit, in chars (they are ASCII).
const LONGEST_UNIT: usize = {
    let mut longest = 0;
    let mut i = 0;
    while i < UNITS.len() {
        if UNITS[i].len() > longest {
            longest = UNITS[i].len();
        }
        i += 1;
    }
    longest
};

fn is_known_unit(s: &str) -> bool {
    let s = crate::text::collapsed(s);
    // (folding keeps the count of chars: a longer text is no unit, and is not folded)
    s.chars().count() <= LONGEST_UNIT && UNITS.contains(&fold(&s).as_str())
}

/// One word of a row, with where it stood.
#[derive(Debug, Clone)]
struct Token {
    text: String,
    /// Index of its line within the row.
    line: usize,
    /// First word of its line.
    line_start: bool,
}

/// Content score of a name cell from its first and last word (what `content_score` reads of a
/// name), without joining its text.
fn name_score(first_word: &str, last_word_mid_phrase: bool, continuation: bool) -> f32 {
    let dangling = if last_word_mid_phrase { -4.0 } else { 0.0 };
    if continuation {
        return dangling - 1.0;
    }
    let lower_start = first_word.chars().next().is_some_and(char::is_lowercase);
    dangling + if lower_start { -3.0 } else { 0.0 }
}

/// The most `content_score` gives a cell of `role`.
fn content_ceiling(role: Role, continuation: bool) -> f32 {
    if continuation {
        return 0.0;
    }
    match role {
        Role::Deadline | Role::Unit => 6.0,
        Role::Target => 4.0,
        Role::Lead | Role::Support | Role::Owner => 2.0,
        Role::Id | Role::Name | Role::Status | Role::Result => 0.0,
    }
}

/// The most `wrap_score_lengths` gives.
const WRAP_CEILING: f32 = 0.5;

/// Content score of a cell of `role` with text `text` (already collapsed).
fn content_score(role: Role, text: &str, continuation: bool) -> f32 {
    content_score_of(role, &mut SpanFacts::new(text), continuation)
}

/// What the content scores read of a cell's text, each found at most once (every column
/// scores the same spans).
struct SpanFacts<'a> {
    text: &'a str,
    mid_phrase: Option<bool>,
    agency: Option<bool>,
    deadline: Option<bool>,
    /// what `AgencyAfterSeparator` read of the text so far: (a closed part names agencies,
    /// where the open part starts)
    separators_read: Option<(bool, Option<usize>)>,
}

impl<'a> SpanFacts<'a> {
    fn new(text: &'a str) -> Self {
        SpanFacts {
            text,
            mid_phrase: None,
            agency: None,
            deadline: None,
            separators_read: None,
        }
    }

    fn mid_phrase(&mut self) -> bool {
        let text = self.text;
        *self
            .mid_phrase
            .get_or_insert_with(|| crate::layout::ends_mid_phrase(text))
    }

    fn agency(&mut self) -> bool {
        let text = self.text;
        *self
            .agency
            .get_or_insert_with(|| agencies::starts_with_agency(text))
    }

    fn deadline(&mut self) -> bool {
        let text = self.text;
        *self
            .deadline
            .get_or_insert_with(|| deadlines::is_deadline(text))
    }

    fn agency_after_separator(&mut self) -> bool {
        match self.separators_read {
            Some((found, open)) => found || open.is_some_and(|o| agency_part(&self.text[o..])),
            None => contains_agency_after_separator(self.text),
        }
    }
}

/// `content_score` of a span whose facts may be known already.
fn content_score_of(role: Role, facts: &mut SpanFacts, continuation: bool) -> f32 {
    let text = facts.text;
    if text.is_empty() && continuation {
        return 0.0;
    }
    if text.is_empty() {
        return match role {
            Role::Name => -20.0,
            Role::Unit | Role::Result => -1.0,
            Role::Support => -2.0,
            _ => -3.0,
        };
    }
    let first = text.chars().next().unwrap();
    let lower_start = first.is_lowercase();
    // A cell does not end on "của", "và", "các" …: the words after it belong to it.
    let dangling = if facts.mid_phrase() { -4.0 } else { 0.0 };
    if continuation {
        // A page break continues one or two cells: each one costs a little.
        return dangling - 1.0;
    }
    dangling
        + match role {
            Role::Id => 0.0,
            Role::Name => {
                if lower_start {
                    -3.0
                } else {
                    0.0
                }
            }
            Role::Lead | Role::Support | Role::Owner => {
                if facts.agency() {
                    2.0
                } else {
                    -6.0
                }
            }
            Role::Deadline => {
                if facts.deadline() {
                    6.0
                } else if lower_start {
                    -8.0
                } else {
                    -4.0
                }
            }
            Role::Unit => {
                if is_known_unit(text) {
                    6.0
                } else if text.starts_with('%') {
                    4.0
                } else if lower_start
                    || text.split_whitespace().count() > 4
                    || text.chars().any(|c| c.is_ascii_digit())
                {
                    -6.0
                } else {
                    -1.5
                }
            }
            Role::Target => {
                // A target does not run on into the agency after it ("≥ 40% Sở Kế hoạch …").
                let agency_inside = if contains_agency_after_first(text) {
                    -5.0
                } else {
                    0.0
                };
                agency_inside
                    + if "≥≤<>=".contains(first) || first.is_ascii_digit() {
                        4.0
                    } else if lower_start || facts.agency() {
                        -5.0
                    } else {
                        targets::parse_target(text)
                            .value
                            .map(|_| 2.0)
                            .unwrap_or(0.0)
                    }
            }
            Role::Status => 0.0,
            Role::Result => {
                if lower_start || facts.agency() || facts.agency_after_separator() {
                    -4.0
                } else {
                    0.0
                }
            }
        }
}

/// An agency name starts inside the text, after its first word: "≥ 40% Sở Kế hoạch và Đầu tư".
fn contains_agency_after_first(text: &str) -> bool {
    const STRONG: [&str; 10] = [
        "Sở", "Bộ", "UBND", "Văn", "Công", "Ban", "Ủy", "Ngân", "Cục", "Trung",
    ];
    // The agency test reads the text from the word on (it keys on the first words only).
    text.split_whitespace().skip(1).any(|w| {
        let from = w.as_ptr() as usize - text.as_ptr() as usize;
        STRONG.contains(&w) && agencies::starts_with_agency(&text[from..])
    })
}

/// An agency list after a ";" or "," ("Bến Tre; UBND các huyện …"): agencies, not a result.
fn contains_agency_after_separator(text: &str) -> bool {
    text.split([';', ',']).skip(1).any(agency_part)
}

/// A part after a separator that names agencies (two words or more).
fn agency_part(part: &str) -> bool {
    agencies::starts_with_agency(part.trim()) && part.split_whitespace().nth(1).is_some()
}

/// `contains_agency_after_separator` of a growing text (only ever appended to), reading each
/// part once it is closed by the next separator: only the open last part is read again, by its
/// head (reading every span of a row whole is quadratic in a long row).
#[derive(Default)]
struct AgencyAfterSeparator {
    /// bytes read
    scanned: usize,
    /// where the open part starts, after the last separator read
    open: Option<usize>,
    /// a closed part names agencies
    found: bool,
}

impl AgencyAfterSeparator {
    /// Reads what was appended to `text`: (a closed part names agencies, where the open part
    /// starts).
    fn read(&mut self, text: &str) -> (bool, Option<usize>) {
        let b = text.as_bytes();
        for i in self.scanned..b.len() {
            if matches!(b[i], b';' | b',') {
                if let Some(o) = self.open {
                    self.found = self.found || agency_part(&text[o..i]);
                }
                self.open = Some(i + 1);
            }
        }
        self.scanned = b.len();
        (self.found, self.open)
    }
}

/// Wrapping consistency of a cell made of `parts` (its text on each line it spans, in order;
/// `next_word[i]` the first word of part i+1). Negative when no width fits the breaks.
#[cfg(test)]
fn wrap_score(parts: &[String]) -> f32 {
    let lens: Vec<usize> = parts.iter().map(|p| p.chars().count()).collect();
    let next_words: Vec<usize> = parts
        .iter()
        .skip(1)
        .map(|p| p.split_whitespace().next().unwrap_or("").chars().count())
        .collect();
    wrap_score_lengths(&lens, &next_words)
}

/// `wrap_score` from each part's length and the length of the first word of each next part.
fn wrap_score_lengths(lens: &[usize], next_words: &[usize]) -> f32 {
    if lens.len() < 2 {
        return 0.0;
    }
    let longest = lens.iter().copied().max().unwrap_or(0) as i32;
    let mut tightest = i32::MAX;
    for (k, w) in next_words.iter().enumerate() {
        tightest = tightest.min(lens[k] as i32 + 1 + *w as i32);
    }
    wrap_score_of(longest, tightest)
}

/// `wrap_score_lengths` of a cell of two lines or more, from its longest line and its tightest
/// break (the least of a line's length, a space and the next line's first word).
fn wrap_score_of(longest: i32, tightest: i32) -> f32 {
    // Proportional fonts: a few characters of slack.
    let margin = tightest - longest + 3;
    if margin >= 0 {
        0.5
    } else {
        margin as f32 * 1.5
    }
}

/// Joins the tokens of one cell, as text and as its per-line parts.
fn cell_parts(tokens: &[Token]) -> (String, Vec<String>) {
    let mut parts: Vec<String> = Vec::new();
    let mut last_line = usize::MAX;
    for t in tokens {
        if t.line != last_line {
            parts.push(t.text.clone());
            last_line = t.line;
        } else {
            let p = parts.last_mut().unwrap();
            p.push(' ');
            p.push_str(&t.text);
        }
    }
    let mut text = String::new();
    for p in &parts {
        crate::layout::append_wrapped(&mut text, p);
    }
    (text, parts)
}

/// Counts the complete words of a growing text (words followed by white space), reading only
/// what was appended since the last call.
#[derive(Default)]
struct WordCounter {
    scanned: usize,
    in_word: bool,
    complete: usize,
}

impl WordCounter {
    fn scan(&mut self, text: &str) {
        for c in text[self.scanned..].chars() {
            let space = c.is_whitespace();
            if space && self.in_word {
                self.complete += 1;
            }
            self.in_word = !space;
        }
        self.scanned = text.len();
    }

    fn complete(&self) -> usize {
        self.complete
    }
}

/// A row cut into cells.
struct Segmented {
    /// Longest line of each cell that wraps (0 for one-line cells): the column widths' evidence.
    longest: Vec<usize>,
    /// Longest line of each cell.
    widest: Vec<usize>,
    /// Score difference to the best cut that ends the last cell elsewhere.
    margin: f32,
    /// The tokens of each cell, as ranges (two where a page break restarted the row).
    ranges: Vec<Vec<(usize, usize)>>,
}

/// The most words a row is cut into cells by the search, whose work grows with the square of a
/// row's words. Real rows hold a few hundred (a long task with its agencies and deadline); a
/// row longer than this is text that never reached the next row number (a table that runs on,
/// garbage), and is kept whole in one cell with a warning rather than searched.
const MAX_ROW_TOKENS: usize = 2_000;

/// A row not searched: all its tokens in the name column (else the first), nothing learnt of
/// the column widths.
fn uncut(n: usize, roles: &[Role]) -> Segmented {
    let k = roles.len();
    let keep = roles.iter().position(|&r| r == Role::Name).unwrap_or(0);
    let mut ranges = vec![Vec::new(); k];
    if n > 0 && k > 0 {
        ranges[keep].push((0, n));
    }
    Segmented {
        longest: vec![0; k],
        widest: vec![0; k],
        margin: f32::INFINITY,
        ranges,
    }
}

/// The most words a cell of `role` holds, to bound the search.
fn max_tokens(role: Role) -> usize {
    match role {
        Role::Unit => 10,
        Role::Deadline | Role::Target => 40,
        Role::Lead | Role::Support | Role::Owner | Role::Result | Role::Status => 80,
        Role::Name | Role::Id => usize::MAX,
    }
}

/// Where a cell may start: a line start, or a word that can open a cell.
fn can_open(t: &Token) -> bool {
    t.line_start
        || t.text
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit() || "≥≤<>=%(".contains(c))
}

/// Whole cells placed in the columns of `roles` by their content (a pipe row with fewer or more
/// cells than the header has columns): for each role, the indices of the cells it gets.
pub(super) fn place_cells(cells: &[String], roles: &[Role]) -> Vec<Vec<usize>> {
    let tokens: Vec<Token> = cells
        .iter()
        .enumerate()
        .map(|(k, c)| Token {
            text: c.clone(),
            line: k,
            line_start: true,
        })
        .collect();
    segment_full(&tokens, roles, &[], None, &[])
        .ranges
        .into_iter()
        .map(|r| r.into_iter().flat_map(|(a, b)| a..b).collect())
        .collect()
}

/// The best cut of a row's tokens into cells of `roles` (Id excluded), allowing one restart
/// after a page break. Returns each role's text and the margin to the runner-up choice of the
/// last cut (small: uncertain).
#[cfg(test)]
fn segment(
    tokens: &[Token],
    roles: &[Role],
    page_break_lines: &[usize],
    widths: Option<&[usize]>,
) -> (Vec<String>, f32) {
    let seg = segment_full(tokens, roles, page_break_lines, widths, &[]);
    let cells = seg
        .ranges
        .iter()
        .map(|r| {
            r.iter()
                .map(|&(a, b)| cell_parts(&tokens[a..b]).0)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    (cells, seg.margin)
}

/// As `segment`, also giving each cell's longest line (in chars), to learn column widths.
fn segment_full(
    tokens: &[Token],
    roles: &[Role],
    page_break_lines: &[usize],
    widths: Option<&[usize]>,
    blank_lines: &[usize],
) -> Segmented {
    let n = tokens.len();
    let k = roles.len();
    if n > MAX_ROW_TOKENS || k == 0 {
        return uncut(n, roles);
    }
    // Candidate cut positions.
    let mut cuts: Vec<usize> = (0..n).filter(|&i| can_open(&tokens[i])).collect();
    cuts.push(n);
    if cuts.first() != Some(&0) {
        cuts.insert(0, 0);
    }
    let m = cuts.len();
    // best[pass][c][ci]: best score having assigned roles < c, next cell starting at cuts[ci].
    const NEG: f32 = f32::NEG_INFINITY;
    // The restart pass only where a page break may have cut the row.
    let passes = if page_break_lines.is_empty() { 1 } else { 2 };
    let mut best = vec![vec![vec![NEG; m]; k + 1]; passes];
    let mut back: Vec<Vec<Vec<(usize, usize, usize)>>> =
        vec![vec![vec![(0, 0, 0); m]; k + 1]; passes];
    best[0][0][0] = 0.0;
    // Lengths from prefix sums, so that scoring a span builds no strings: the name column's
    // spans are long and many.
    let tok_len: Vec<usize> = tokens.iter().map(|t| t.text.chars().count()).collect();
    // A token may be a whole cell (pipe rows placed by content): wrapping looks at its first word.
    let first_word_len: Vec<usize> = tokens
        .iter()
        .map(|t| {
            t.text
                .split_whitespace()
                .next()
                .unwrap_or("")
                .chars()
                .count()
        })
        .collect();
    // Whether a span ends mid-phrase reads only its last word: when the last token was
    // appended after a space (not glued to a cut symbol), the token's own answer.
    let tok_mid_phrase: Vec<Option<bool>> = tokens
        .iter()
        .map(|t| {
            let plain = !t.text.is_empty() && t.text.trim() == t.text;
            plain.then(|| crate::layout::ends_mid_phrase(&t.text))
        })
        .collect();
    let mut prefix = vec![0usize; n + 1];
    for (i, l) in tok_len.iter().enumerate() {
        prefix[i + 1] = prefix[i] + l;
    }
    // Chars of tokens x..y on one line, with their spaces.
    let span_len = |x: usize, y: usize| prefix[y] - prefix[x] + (y - x).saturating_sub(1);
    // The per-line parts of span a..b, as (first token, end token).
    let parts_of = |a: usize, b: usize| -> Vec<(usize, usize)> {
        let mut parts = Vec::new();
        let mut x = a;
        while x < b {
            let line = tokens[x].line;
            let mut y = x + 1;
            while y < b && tokens[y].line == line {
                y += 1;
            }
            parts.push((x, y));
            x = y;
        }
        parts
    };
    // A line longer than its column is wide belongs to another column.
    let too_wide = |c: usize, lens: &[usize]| {
        widths.map_or(0.0, |w| {
            lens.iter().filter(|&&l| l > w[c] + 4).count() as f32 * -6.0
        })
    };
    // Wrapping and blank lines: the same for every column.
    let wrap_and_blank = |lens: &[usize], next_words: &[usize], blank_breaks: usize| {
        // A cell does not run on across a blank line that separates cells.
        let across_blank = blank_breaks as f32 * -4.0;
        (wrap_score_lengths(lens, next_words), across_blank)
    };
    let is_blank_break =
        |x: usize| x > 0 && tokens[x].line_start && blank_lines.contains(&tokens[x].line);
    // One cell scored from scratch (the runner-up's last cells).
    let score_cell = |c: usize, a: usize, b: usize, continuation: bool| -> f32 {
        let parts = parts_of(a, b);
        let lens: Vec<usize> = parts.iter().map(|&(x, y)| span_len(x, y)).collect();
        let next_words: Vec<usize> = parts
            .iter()
            .skip(1)
            .map(|&(x, _)| first_word_len[x])
            .collect();
        let blank_breaks = parts
            .iter()
            .skip(1)
            .filter(|&&(x, _)| is_blank_break(x))
            .count();
        let (wrap, across_blank) = wrap_and_blank(&lens, &next_words, blank_breaks);
        let too_wide = too_wide(c, &lens);
        let content = if a == b {
            content_score(roles[c], "", continuation)
        } else if roles[c] == Role::Name {
            let last = &tokens[b - 1].text;
            name_score(
                &tokens[a].text,
                crate::layout::ends_mid_phrase(last),
                continuation,
            )
        } else {
            content_score(roles[c], &cell_parts(&tokens[a..b]).0, continuation)
        };
        content + wrap + too_wide + across_blank
    };
    // The span a..b grows token by token as b moves right, so that its text, line lengths and
    // wrap evidence are built once for every column that may hold it. For each target cell the
    // candidates come in the same order as a column-by-column search (a ascending), so ties
    // break the same way.
    let mut text = String::new();
    let mut content_by_role: Vec<(Role, f32)> = Vec::with_capacity(k);
    // Only columns of bounded length read a span's text (the name column reads its first and
    // last tokens): past the longest of those, the text is not built, and the wrap and width
    // evidence is kept as running figures, so that a long row costs no more per span.
    let text_tokens = roles
        .iter()
        .map(|&r| max_tokens(r))
        .filter(|&t| t != usize::MAX)
        .max()
        .unwrap_or(0);
    // per column, the span's complete lines over its width
    let mut over_width: Vec<usize> = vec![0; k];
    let over = |c: usize, len: usize| widths.is_some_and(|w| len > w[c] + 4);
    // The last column's score of each span that ends the row, for the runner-up below.
    let mut last_cell_term: Vec<Vec<Option<f32>>> = vec![vec![None; m]; passes];
    for p in 0..passes {
        let continuation = p == 1;
        for ai in 0..m {
            if best[p][..k].iter().all(|row| row[ai] == NEG) {
                continue;
            }
            let a = cuts[ai];
            text.clear();
            // the span's lines, its last line's length, its longest, its tightest break
            let mut lines_in_span = 0usize;
            let mut last_len = 0usize;
            let mut longest = 0usize;
            let mut tightest = i32::MAX;
            over_width.iter_mut().for_each(|o| *o = 0);
            let mut blank_breaks = 0usize;
            let mut end = a;
            // The agency and deadline tests read only a text's first words: once a span has
            // more words than those (text is only ever appended to, and only its last word can
            // grow), their answers hold for every longer span from the same start.
            let mut words = WordCounter::default();
            let mut last_glued = false;
            let mut head_agency: Option<bool> = None;
            let mut head_deadline: Option<bool> = None;
            let mut after_separator = AgencyAfterSeparator::default();
            let mut long_deadline = deadlines::LongDeadline::Short;
            let mut long_deadline_held = false;
            for bi in ai..m {
                let b = cuts[bi];
                for x in end..b {
                    let t = &tokens[x];
                    let with_text = x - a < text_tokens;
                    if x == a || t.line != tokens[x - 1].line {
                        if x > a {
                            // the line before is complete
                            let w = first_word_len[x];
                            tightest = tightest.min(last_len as i32 + 1 + w as i32);
                            for (c, o) in over_width.iter_mut().enumerate() {
                                *o += usize::from(over(c, last_len));
                            }
                            if is_blank_break(x) {
                                blank_breaks += 1;
                            }
                        }
                        lines_in_span += 1;
                        last_len = tok_len[x];
                        if with_text {
                            let before = text.len();
                            crate::text::append_wrapped(&mut text, &t.text);
                            last_glued = before > 0 && text.len() == before + t.text.len();
                        }
                    } else {
                        last_len += 1 + tok_len[x];
                        if with_text {
                            last_glued = false;
                            text.push(' ');
                            text.push_str(&t.text);
                        }
                    }
                    longest = longest.max(last_len);
                }
                end = b;
                content_by_role.clear();
                let reads_text = b - a <= text_tokens;
                if reads_text {
                    words.scan(&text);
                }
                let mut facts = SpanFacts::new(&text);
                if b > a && !last_glued {
                    facts.mid_phrase = tok_mid_phrase[b - 1];
                }
                if words.complete() >= agencies::AGENCY_HEAD_WORDS {
                    facts.agency = head_agency;
                }
                if words.complete() >= deadlines::DEADLINE_HEAD_WORDS
                    && head_deadline == Some(false)
                {
                    facts.deadline = Some(false);
                }
                // (read as the span grows: a long row's spans are not each read whole)
                if reads_text {
                    facts.separators_read = Some(after_separator.read(&text));
                }
                if reads_text
                    && long_deadline == deadlines::LongDeadline::Short
                    && words.complete() >= deadlines::DEADLINE_LONG_WORDS
                {
                    long_deadline = deadlines::long_deadline(&text);
                }
                match long_deadline {
                    deadlines::LongDeadline::Settled(v) => facts.deadline = Some(v),
                    deadlines::LongDeadline::Open if long_deadline_held => {
                        facts.deadline = Some(true)
                    }
                    _ => {}
                }
                let mut open = false;
                let mut span_wrap_and_blank: Option<(f32, f32)> = None;
                for c in 0..k {
                    // Short columns hold few words: longer spans are not tried.
                    if b - a > max_tokens(roles[c]) {
                        continue;
                    }
                    open = true;
                    let s = best[p][c][ai];
                    if s == NEG {
                        continue;
                    }
                    // No content can lift this span above the cell's best so far: the update
                    // below needs a strictly greater score, so skipping changes nothing.
                    if s + (content_ceiling(roles[c], continuation) + WRAP_CEILING)
                        <= best[p][c + 1][bi]
                    {
                        continue;
                    }
                    let content = if a == b {
                        content_score(roles[c], "", continuation)
                    } else if roles[c] == Role::Name {
                        let mid = tok_mid_phrase[b - 1]
                            .unwrap_or_else(|| crate::layout::ends_mid_phrase(&tokens[b - 1].text));
                        name_score(&tokens[a].text, mid, continuation)
                    } else if let Some(&(_, v)) =
                        content_by_role.iter().find(|(r, _)| *r == roles[c])
                    {
                        v
                    } else {
                        let v = content_score_of(roles[c], &mut facts, continuation);
                        content_by_role.push((roles[c], v));
                        v
                    };
                    let (wrap, across_blank) = *span_wrap_and_blank.get_or_insert_with(|| {
                        let wrap = if lines_in_span < 2 {
                            0.0
                        } else {
                            wrap_score_of(longest as i32, tightest)
                        };
                        // A cell does not run on across a blank line that separates cells.
                        (wrap, blank_breaks as f32 * -4.0)
                    });
                    let too_wide = (over_width[c] + usize::from(over(c, last_len))) as f32 * -6.0;
                    let term = content + wrap + too_wide + across_blank;
                    if c + 1 == k && bi + 1 == m {
                        last_cell_term[p][ai] = Some(term);
                    }
                    let v = s + term;
                    if v > best[p][c + 1][bi] {
                        best[p][c + 1][bi] = v;
                        back[p][c + 1][bi] = (p, c, ai);
                    }
                }
                if words.complete() >= agencies::AGENCY_HEAD_WORDS && head_agency.is_none() {
                    head_agency = facts.agency;
                }
                if words.complete() >= deadlines::DEADLINE_HEAD_WORDS
                    && head_deadline.is_none()
                    && facts.deadline.is_some()
                {
                    head_deadline = Some(deadlines::head_may_be_deadline(&text));
                }
                if long_deadline == deadlines::LongDeadline::Open && facts.deadline == Some(true) {
                    long_deadline_held = true;
                }
                if !open {
                    break;
                }
            }
        }
        // Restart at the first column after a page break.
        if p + 1 < passes {
            for bi in 0..m {
                let s = best[p][k][bi];
                if s == NEG || cuts[bi] >= n {
                    continue;
                }
                let at_break = tokens[cuts[bi]].line_start
                    && page_break_lines.contains(&tokens[cuts[bi]].line);
                let v = s + if at_break { 1.0 } else { -6.0 };
                if v > best[p + 1][0][bi] {
                    best[p + 1][0][bi] = v;
                    back[p + 1][0][bi] = (p, k, bi);
                }
            }
        }
    }
    // Finish at the end of the tokens, in either pass.
    let end = m - 1;
    let last_pass = passes - 1;
    let (mut p, score) = if best[last_pass][k][end] > best[0][k][end] {
        (last_pass, best[last_pass][k][end])
    } else {
        (0, best[0][k][end])
    };
    if score == NEG {
        // No cut fits every column's bound: the words are kept, uncut.
        return uncut(n, roles);
    }
    // The runner-up: the best way to end with the last cell cut elsewhere.
    let chosen_last_cut = back[p][k][end].2;
    let mut candidates: Vec<(f32, usize, usize)> = Vec::new();
    for (q, pass) in best.iter().enumerate().take(passes) {
        for (ai, &s) in pass[k - 1].iter().enumerate() {
            if s != NEG && !(q == p && ai == chosen_last_cut) {
                candidates.push((s, q, ai));
            }
        }
    }
    // Best first, so that a cut no content can lift above the runner-up so far is not scored
    // (the maximum is the same in any order).
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0));
    let mut runner_up = NEG;
    for (s, q, ai) in candidates {
        if s + (content_ceiling(roles[k - 1], q == 1) + WRAP_CEILING) <= runner_up {
            continue;
        }
        let term = last_cell_term[q][ai].unwrap_or_else(|| score_cell(k - 1, cuts[ai], n, q == 1));
        runner_up = runner_up.max(s + term);
    }
    let mut longest = vec![0usize; k];
    let mut widest = vec![0usize; k];
    let mut ranges: Vec<Vec<(usize, usize)>> = vec![Vec::new(); k];
    let mut c = k;
    let mut bi = end;
    while !(p == 0 && c == 0) {
        let (pp, pc, ai) = back[p][c][bi];
        if pp != p {
            // The restart link.
            p = pp;
            c = pc;
            continue;
        }
        let (text, parts) = cell_parts(&tokens[cuts[ai]..cuts[bi]]);
        let widest_part = parts.iter().map(|x| x.chars().count()).max().unwrap_or(0);
        widest[c - 1] = widest[c - 1].max(widest_part);
        // Only a cell that wraps shows its column's width.
        if p == 0 && parts.len() >= 2 {
            longest[c - 1] = parts.iter().map(|x| x.chars().count()).max().unwrap_or(0);
        }
        if !text.is_empty() {
            ranges[c - 1].insert(0, (cuts[ai], cuts[bi]));
        }
        c = pc;
        bi = ai;
    }
    let margin = if runner_up.is_finite() {
        (score - runner_up).abs()
    } else {
        f32::INFINITY
    };
    Segmented {
        longest,
        widest,
        margin,
        ranges,
    }
}

struct RawRow {
    id: String,
    /// Index (within the table's lines) of the line the row opens on.
    start: usize,
    /// The label of the group it stands under.
    group: Option<String>,
    /// (text, index within the table's lines)
    lines: Vec<(String, usize)>,
    /// Row lines that open a page.
    page_breaks: Vec<usize>,
    /// Row lines with a blank line before them (cell boundaries where blanks are rare).
    after_blank: Vec<usize>,
}

/// The words of a row, with their line and whether each opens its line.
fn row_tokens(row: &RawRow) -> Vec<Token> {
    row.lines
        .iter()
        .enumerate()
        .flat_map(|(li, (text, _))| {
            text.split_whitespace()
                .enumerate()
                .map(move |(wi, w)| Token {
                    text: w.to_string(),
                    line: li,
                    line_start: wi == 0,
                })
        })
        .collect()
}

fn next_roman(r: &str) -> String {
    crate::layout::to_roman(crate::layout::roman_value(r).unwrap_or(0) + 1)
}

/// Is `id` the row that may follow `last`? ("7" → "7.1" or "8"; "7.12" → "7.13" or "8").
fn follows(last: Option<&str>, id: &str) -> bool {
    let parse = |s: &str| -> Vec<u32> { s.split('.').filter_map(|x| x.parse().ok()).collect() };
    let next = parse(id);
    if next.is_empty() || next.len() > 2 {
        return false;
    }
    let Some(last) = last else {
        return next == [1];
    };
    let prev = parse(last);
    match (prev.as_slice(), next.as_slice()) {
        ([a], [b]) => *b == a + 1,
        ([a], [b, 1]) => b == a,
        ([a, x], [b, y]) => a == b && *y == x + 1,
        ([a, _], [b]) => *b == a + 1,
        _ => false,
    }
}

fn group_start(text: &str, last_group: Option<&str>) -> Option<(String, String)> {
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    let roman = first.trim_end_matches('.');
    crate::layout::roman_value(roman)?;
    let expected = last_group.map(next_roman).unwrap_or_else(|| "I".into());
    // The group's title may stand on the same line or on the lines below its number.
    (roman == expected && (rest.trim().is_empty() || starts_upper(rest)))
        .then(|| (roman.to_string(), rest.trim().to_string()))
}

fn row_start(text: &str, last_id: Option<&str>) -> Option<(String, String)> {
    let (first, rest) = text.split_once(' ').unwrap_or((text, ""));
    let id = first.trim_end_matches('.');
    (follows(last_id, id)
        && (rest.is_empty() || !rest.starts_with(|c: char| c.is_ascii_digit() || c == '%')))
    .then(|| (id.to_string(), rest.trim().to_string()))
}

fn row_or_group_start(text: &str, last_id: Option<&str>, last_group: Option<&str>) -> bool {
    let text = collapse_ws(text);
    row_start(&text, last_id).is_some() || group_start(&text, last_group).is_some()
}

/// One thing read under the header, in order.
enum Item {
    /// A group row: its label ("I", or empty for a title without a number), the index of its
    /// first line, and its title's lines.
    Group(String, usize, Vec<Line>),
    Row(RawRow),
}

/// Reads a text table: a column header, then group rows and numbered rows whose words are cut
/// into cells. `None` when the header names no columns of tasks or indicators.
pub(super) fn read(
    input: &TableInput,
    layout_span: &dyn Fn(usize, usize) -> Span,
) -> Option<(Grid, Vec<Warning>)> {
    let lines = input.lines;
    // Header: the first line and the lines up to the first row or group.
    let mut h = 1;
    while h < lines.len() && h < 6 && !row_or_group_start(&lines[h].text, None, None) {
        h += 1;
    }
    let header_lines: Vec<String> = lines[..h].iter().map(|l| collapse_ws(&l.text)).collect();
    let header = header_lines.join(" ");
    let pieces = split_header(&header)?;
    let columns: Vec<Vec<String>> = pieces.iter().map(|p| vec![p.clone()]).collect();
    let (_, roles) = column_roles(&header, &columns)?;
    // Each piece opens with the phrase that names it; the row number comes first on its line.
    let roles: Vec<Role> = roles.into_iter().collect::<Option<_>>()?;
    if roles[0] != Role::Id {
        return None;
    }
    let data_roles: Vec<Role> = roles[1..].to_vec();
    if data_roles.contains(&Role::Id) {
        return None;
    }

    let items = read_rows(input, &header_lines);
    let rows: Vec<&RawRow> = items
        .iter()
        .filter_map(|it| match it {
            Item::Row(r) => Some(r),
            Item::Group(..) => None,
        })
        .collect();

    // First pass without widths; then each column's width is learnt from the rows that did not
    // cross a page, and every row is cut again knowing them.
    let row_tokens: Vec<Vec<Token>> = rows.iter().map(|r| row_tokens(r)).collect();
    let mut seen: Vec<Vec<usize>> = vec![Vec::new(); data_roles.len()];
    let mut first_cut: Vec<Option<Segmented>> = Vec::with_capacity(rows.len());
    for (row, tokens) in rows.iter().zip(&row_tokens) {
        if tokens.is_empty() {
            first_cut.push(None);
            continue;
        }
        let seg = segment_full(
            tokens,
            &data_roles,
            &row.page_breaks,
            None,
            &row.after_blank,
        );
        if row.page_breaks.is_empty() {
            for (c, &l) in seg.longest.iter().enumerate() {
                if l > 0 {
                    seen[c].push(l);
                }
            }
        }
        first_cut.push(Some(seg));
    }
    let widths: Vec<usize> = seen
        .into_iter()
        .map(|mut v| {
            v.sort_unstable();
            v.get(v.len() * 9 / 10).copied().unwrap_or(usize::MAX / 2)
        })
        .collect();

    let n_cols = pieces.len() as u32;
    let mut grid = Grid::new(GridOrigin::TextCut, n_cols, input.first);
    grid.ruled = false;
    grid.header_rows = 1;
    grid.page = lines[0].page;
    let header_line = |text: &str| Line {
        text: text.to_string(),
        bbox: None,
        ..lines[0].clone()
    };
    grid.push_row(
        pieces
            .iter()
            .enumerate()
            .map(|(c, p)| (c as u32, 1, vec![header_line(p)]))
            .collect(),
    );
    let mut warnings = Vec::new();
    let mut cuts = rows.iter().zip(&row_tokens).zip(first_cut);
    for item in &items {
        let row = match item {
            Item::Group(label, at, title) => {
                let mut cells = Vec::new();
                if !label.is_empty() {
                    cells.push((
                        0,
                        1,
                        vec![Line {
                            text: label.clone(),
                            ..lines[*at].clone()
                        }],
                    ));
                }
                if !title.is_empty() {
                    cells.push((1, n_cols - 1, title.clone()));
                }
                grid.push_row(cells);
                continue;
            }
            Item::Row(row) => row,
        };
        let ((_, tokens), first) = cuts.next().expect("one cut per row");
        let last_line = row.lines.last().map(|l| l.1).unwrap_or(row.start);
        // The width penalty only lowers scores: a first cut that breaks no width stays best.
        let seg = match first {
            None => None,
            Some(seg)
                if seg
                    .widest
                    .iter()
                    .zip(&widths)
                    .all(|(&l, &w)| l <= w.saturating_add(4)) =>
            {
                Some(seg)
            }
            Some(_) => Some(segment_full(
                tokens,
                &data_roles,
                &row.page_breaks,
                Some(&widths),
                &row.after_blank,
            )),
        };
        let margin = seg.as_ref().map_or(f32::INFINITY, |s| s.margin);
        if tokens.len() > MAX_ROW_TOKENS {
            warnings.push(Warning::new(
                "table_row_too_long",
                format!(
                    "row {}{}: {} words, more than {MAX_ROW_TOKENS}; not split into columns (its text is kept in one cell)",
                    row.group
                        .as_ref()
                        .map(|g| format!("{g}."))
                        .unwrap_or_default(),
                    row.id,
                    tokens.len()
                ),
                Some(layout_span(
                    input.first + row.start,
                    input.first + last_line,
                )),
            ));
        }
        if margin < 1.0 {
            warnings.push(Warning::new(
                "table_cell_uncertain",
                format!(
                    "row {}{}: the split of its text into columns is uncertain; check the cells",
                    row.group
                        .as_ref()
                        .map(|g| format!("{g}."))
                        .unwrap_or_default(),
                    row.id
                ),
                Some(layout_span(
                    input.first + row.start,
                    input.first + last_line,
                )),
            ));
        }
        let source = |li: usize| &lines[row.lines[li].1];
        let mut cells = vec![(
            0,
            1,
            vec![Line {
                text: row.id.clone(),
                ..lines[row.start].clone()
            }],
        )];
        if let Some(seg) = seg {
            for (k, ranges) in seg.ranges.iter().enumerate() {
                let mut cell_lines: Vec<Line> = Vec::new();
                for &(a, b) in ranges {
                    for t in &tokens[a..b] {
                        match cell_lines.last_mut() {
                            Some(l) if !t.line_start && same_line(l, source(t.line)) => {
                                l.text.push(' ');
                                l.text.push_str(&t.text);
                            }
                            _ => cell_lines.push(Line {
                                text: t.text.clone(),
                                ..source(t.line).clone()
                            }),
                        }
                    }
                }
                if !cell_lines.is_empty() {
                    cells.push((k as u32 + 1, 1, cell_lines));
                }
            }
        }
        grid.push_row(cells);
    }
    Some((grid, warnings))
}

fn same_line(a: &Line, b: &Line) -> bool {
    a.page == b.page && a.line == b.line
}

/// The group rows and numbered rows under the header, in order; repeated headers, page numbers
/// and page breaks noted on the rows they cut.
fn read_rows(input: &TableInput, header_lines: &[String]) -> Vec<Item> {
    let lines = input.lines;
    let mut items: Vec<Item> = Vec::new();
    let mut any_row = false;
    let mut last_id: Option<String> = None;
    let mut last_group: Option<String> = None;
    let mut i = header_lines.len();
    let mut page_break_next = false;
    // Numbering may go on across groups or restart at 1 in each.
    let mut after_group = false;
    // Blank lines separate cells only where they are rare (some extractions put one after
    // every line).
    let blanks = input.after_blank.iter().filter(|&&b| b).count();
    let blank_cells = blanks > 0 && blanks * 2 < input.after_blank.len();
    let header_first_folded = fold(&header_lines[0]);
    let line_with = |i: usize, text: String| Line {
        text,
        ..lines[i].clone()
    };
    while i < lines.len() {
        let raw = &lines[i].text;
        let text = collapse_ws(raw);
        // A repeated header: skip it and the lines that continue it as they did the first
        // time (only those: a line that differs is the table's, kept).
        if crate::text::fold_eq(&text, &header_first_folded) {
            i += 1;
            for again in &header_lines[1..] {
                match lines.get(i) {
                    Some(l) if crate::text::fold_eq(&collapse_ws(&l.text), &fold(again)) => i += 1,
                    _ => break,
                }
            }
            page_break_next = true;
            continue;
        }
        let opens_page = page_break_next || raw.starts_with(' ') && !raw.starts_with("  ");
        // A lone number that is not the next row, at the edge of a page or right before the
        // next row, is a page number.
        let lone_number =
            !text.is_empty() && text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit());
        let page_edge = (i > 0 && lines[i - 1].page != lines[i].page)
            || (i + 1 < lines.len() && lines[i + 1].page != lines[i].page);
        if lone_number && page_edge && row_start(&text, last_id.as_deref()).is_none() {
            i += 1;
            page_break_next = true;
            continue;
        }
        if text.len() <= 3 && text.bytes().all(|b| b.is_ascii_digit()) {
            let next_opens = lines.get(i + 1).is_some_and(|n| {
                let n = collapse_ws(&n.text);
                row_start(&n, last_id.as_deref()).is_some()
                    || group_start(&n, last_group.as_deref()).is_some()
            });
            if row_start(&text, last_id.as_deref()).is_none() && next_opens {
                i += 1;
                page_break_next = true;
                continue;
            }
        }
        page_break_next = false;
        if let Some((roman, title)) = group_start(&text, last_group.as_deref()) {
            last_group = Some(roman.clone());
            let start = i;
            let mut title_lines = Vec::new();
            if !title.is_empty() {
                title_lines.push(line_with(i, title));
            }
            after_group = true;
            i += 1;
            // The group title goes on to the next row.
            while i < lines.len()
                && !row_or_group_start(&lines[i].text, last_id.as_deref(), last_group.as_deref())
                && !row_or_group_start(&lines[i].text, None, last_group.as_deref())
            {
                title_lines.push(line_with(i, collapse_ws(&lines[i].text)));
                i += 1;
            }
            items.push(Item::Group(roman, start, title_lines));
            continue;
        }
        let started = row_start(&text, last_id.as_deref())
            .or_else(|| after_group.then(|| row_start(&text, None)).flatten());
        if let Some((id, rest)) = started {
            after_group = false;
            let mut row = RawRow {
                id: id.clone(),
                start: i,
                group: last_group.clone(),
                lines: Vec::new(),
                page_breaks: Vec::new(),
                after_blank: Vec::new(),
            };
            if !rest.is_empty() {
                row.lines.push((rest, i));
            }
            last_id = Some(id);
            any_row = true;
            items.push(Item::Row(row));
            i += 1;
            continue;
        }
        match items.last_mut() {
            Some(Item::Row(row)) => {
                if opens_page {
                    row.page_breaks.push(row.lines.len());
                }
                if blank_cells && input.after_blank[i] {
                    row.after_blank.push(row.lines.len());
                }
                row.lines.push((text, i));
            }
            // Text between the header and the first row: a group title without a number.
            Some(Item::Group(_, _, title)) if !any_row => title.push(line_with(i, text)),
            _ if !any_row => items.push(Item::Group(String::new(), i, vec![line_with(i, text)])),
            _ => {}
        }
        i += 1;
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_consistency_separates_columns() {
        let narrow: Vec<String> = ["Ban Tuyên", "giáo; Sở Khoa", "học và Công", "nghệ"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert!(wrap_score(&narrow) > 0.0);
        let mixed: Vec<String> = [
            "Ban Tuyên",
            "giáo; Sở Khoa",
            "Các Sở, ban, ngành, địa",
            "phương",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert!(wrap_score(&mixed) < 0.0);
    }

    #[test]
    fn ids_follow() {
        assert!(follows(None, "1"));
        assert!(follows(Some("7"), "7.1"));
        assert!(follows(Some("7"), "8"));
        assert!(follows(Some("7.12"), "8"));
        assert!(follows(Some("7.1"), "7.2"));
        assert!(!follows(Some("7"), "9"));
        assert!(!follows(Some("7"), "2025"));
    }
}

#[cfg(test)]
mod debug_rows {
    use super::*;

    fn tokens(lines: &[&str]) -> Vec<Token> {
        lines
            .iter()
            .enumerate()
            .flat_map(|(li, l)| {
                l.split_whitespace().enumerate().map(move |(wi, w)| Token {
                    text: w.to_string(),
                    line: li,
                    line_start: wi == 0,
                })
            })
            .collect()
    }

    #[test]
    fn name_keeps_its_wrapped_tail() {
        let t = tokens(&[
            "Tăng cường, đẩy mạnh công tác thông tin tuyên truyền",
            "về chuyển đổi số cho các doanh nghiệp, nhất là doanh",
            "nghiệp vừa và nhỏ, hộ kinh doanh, hợp tác xã trên địa",
            "bàn tỉnh",
            "Hiệp hội",
            "doanh nghiệp",
            "tỉnh",
            "Các sở, ban, ngành, địa",
            "phương Thường xuyên",
        ]);
        let roles = [Role::Name, Role::Lead, Role::Support, Role::Deadline];
        let (cells, _) = segment(&t, &roles, &[], None);
        assert!(cells[0].ends_with("trên địa bàn tỉnh"), "{cells:?}");
        assert_eq!(cells[1], "Hiệp hội doanh nghiệp tỉnh");
        assert_eq!(cells[2], "Các sở, ban, ngành, địa phương");
        assert_eq!(cells[3], "Thường xuyên");
    }
}
