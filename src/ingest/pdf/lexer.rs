//! A tokenizer for content streams and CMaps: numbers, names, strings, arrays, dictionaries and
//! operators, without allocating for the common tokens. Malformed input never panics: bad bytes
//! are skipped, unterminated strings end at the end of the data, nesting is bounded.

/// Deepest nesting of arrays and dictionaries accepted inside a content stream.
const MAX_NESTING: usize = 32;

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Num(f32),
    Name(Vec<u8>),
    Str(Vec<u8>),
    Array(Vec<Operand>),
    Dict(Vec<(Vec<u8>, Operand)>),
    Bool(bool),
    Null,
}

impl Operand {
    pub fn num(&self) -> Option<f32> {
        match self {
            Operand::Num(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }
    pub fn dict_get(&self, key: &[u8]) -> Option<&Operand> {
        match self {
            Operand::Dict(d) => d.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

#[derive(Debug, PartialEq)]
pub enum Token<'a> {
    Operand(Operand),
    Op(&'a [u8]),
    /// A closing bracket or other stray delimiter where an operand was expected.
    Stray,
}

pub struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

impl<'a> Lexer<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Lexer { data, pos: 0 }
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.data.len()
    }

    fn skip_white(&mut self) {
        while self.pos < self.data.len() {
            let b = self.data[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.data.len() && !matches!(self.data[self.pos], b'\n' | b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the data.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        self.skip_white();
        if self.at_end() {
            return None;
        }
        let b = self.data[self.pos];
        match b {
            b'[' | b'<' | b'(' | b'/' | b'+' | b'-' | b'.' | b'0'..=b'9' => {
                let before = self.pos;
                match self.operand(0) {
                    Some(o) => Some(Token::Operand(o)),
                    None => {
                        self.pos = self.pos.max(before + 1);
                        Some(Token::Stray)
                    }
                }
            }
            b']' | b'>' | b')' | b'{' | b'}' => {
                self.pos += 1;
                Some(Token::Stray)
            }
            _ => {
                let start = self.pos;
                while self.pos < self.data.len() && is_regular(self.data[self.pos]) {
                    self.pos += 1;
                }
                if self.pos == start {
                    self.pos += 1;
                    return Some(Token::Stray);
                }
                let word = &self.data[start..self.pos];
                match word {
                    b"true" => Some(Token::Operand(Operand::Bool(true))),
                    b"false" => Some(Token::Operand(Operand::Bool(false))),
                    b"null" => Some(Token::Operand(Operand::Null)),
                    _ => Some(Token::Op(word)),
                }
            }
        }
    }

    /// One operand starting at the current position (after white space).
    fn operand(&mut self, depth: usize) -> Option<Operand> {
        self.skip_white();
        let b = *self.data.get(self.pos)?;
        match b {
            b'/' => {
                self.pos += 1;
                let start = self.pos;
                while self.pos < self.data.len() && is_regular(self.data[self.pos]) {
                    self.pos += 1;
                }
                Some(Operand::Name(decode_name(&self.data[start..self.pos])))
            }
            b'(' => Some(Operand::Str(self.literal_string())),
            b'<' if self.data.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                if depth >= MAX_NESTING {
                    self.skip_balanced(b"<<", b">>");
                    return Some(Operand::Null);
                }
                let mut entries = Vec::new();
                loop {
                    self.skip_white();
                    if self.at_end() {
                        break;
                    }
                    if self.data[self.pos..].starts_with(b">>") {
                        self.pos += 2;
                        break;
                    }
                    let key = match self.operand(depth + 1) {
                        Some(Operand::Name(k)) => k,
                        Some(_) => continue,
                        None => {
                            self.pos += 1;
                            continue;
                        }
                    };
                    self.skip_white();
                    if self.data[self.pos.min(self.data.len())..].starts_with(b">>") {
                        entries.push((key, Operand::Null));
                        continue;
                    }
                    let value = self.operand(depth + 1).unwrap_or(Operand::Null);
                    entries.push((key, value));
                }
                Some(Operand::Dict(entries))
            }
            b'<' => Some(Operand::Str(self.hex_string())),
            b'[' => {
                self.pos += 1;
                if depth >= MAX_NESTING {
                    self.skip_balanced(b"[", b"]");
                    return Some(Operand::Null);
                }
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    if self.at_end() {
                        break;
                    }
                    if self.data[self.pos] == b']' {
                        self.pos += 1;
                        break;
                    }
                    match self.operand(depth + 1) {
                        Some(o) => items.push(o),
                        None => {
                            // An operator inside an array: malformed; take the word as a name-less
                            // token and go on.
                            let start = self.pos;
                            while self.pos < self.data.len() && is_regular(self.data[self.pos]) {
                                self.pos += 1;
                            }
                            if self.pos == start {
                                self.pos += 1;
                            }
                        }
                    }
                }
                Some(Operand::Array(items))
            }
            b'+' | b'-' | b'.' | b'0'..=b'9' => Some(Operand::Num(self.number())),
            b't' | b'f' | b'n' => {
                let rest = &self.data[self.pos..];
                for (w, o) in [
                    (&b"true"[..], Operand::Bool(true)),
                    (&b"false"[..], Operand::Bool(false)),
                    (&b"null"[..], Operand::Null),
                ] {
                    if rest.starts_with(w) && rest.get(w.len()).is_none_or(|&c| !is_regular(c)) {
                        self.pos += w.len();
                        return Some(o);
                    }
                }
                None
            }
            _ => None,
        }
    }

    fn skip_balanced(&mut self, open: &[u8], close: &[u8]) {
        let mut level = 1usize;
        while self.pos < self.data.len() && level > 0 {
            if self.data[self.pos..].starts_with(open) {
                level += 1;
                self.pos += open.len();
            } else if self.data[self.pos..].starts_with(close) {
                level -= 1;
                self.pos += close.len();
            } else {
                self.pos += 1;
            }
        }
    }

    fn number(&mut self) -> f32 {
        let start = self.pos;
        let mut neg = false;
        // Leniency: several signs ("--5"), as some producers write.
        while self.pos < self.data.len() && matches!(self.data[self.pos], b'+' | b'-') {
            neg ^= self.data[self.pos] == b'-';
            self.pos += 1;
        }
        let mut int: f64 = 0.0;
        let mut frac: f64 = 0.0;
        let mut scale: f64 = 1.0;
        let mut seen_dot = false;
        while self.pos < self.data.len() {
            let c = self.data[self.pos];
            match c {
                b'0'..=b'9' => {
                    if seen_dot {
                        scale /= 10.0;
                        frac += (c - b'0') as f64 * scale;
                    } else {
                        int = int * 10.0 + (c - b'0') as f64;
                    }
                }
                b'.' if !seen_dot => seen_dot = true,
                _ => break,
            }
            self.pos += 1;
        }
        if self.pos == start {
            self.pos += 1;
        }
        // Swallow junk glued to a number ("4.5.6", "1-2"), as readers do.
        while self.pos < self.data.len() && matches!(self.data[self.pos], b'.' | b'0'..=b'9') {
            self.pos += 1;
        }
        let v = (int + frac) as f32;
        let v = if v.is_finite() { v } else { 0.0 };
        if neg {
            -v
        } else {
            v
        }
    }

    fn literal_string(&mut self) -> Vec<u8> {
        self.pos += 1; // (
        let mut out = Vec::new();
        let mut level = 1usize;
        while self.pos < self.data.len() {
            let c = self.data[self.pos];
            self.pos += 1;
            match c {
                b'(' => {
                    level += 1;
                    out.push(c);
                }
                b')' => {
                    level -= 1;
                    if level == 0 {
                        break;
                    }
                    out.push(c);
                }
                b'\\' => {
                    let Some(&e) = self.data.get(self.pos) else {
                        break;
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'\r' => {
                            if self.data.get(self.pos) == Some(&b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        b'0'..=b'7' => {
                            let mut v = (e - b'0') as u32;
                            for _ in 0..2 {
                                match self.data.get(self.pos) {
                                    Some(&d @ b'0'..=b'7') => {
                                        v = v * 8 + (d - b'0') as u32;
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        other => out.push(other),
                    }
                }
                _ => out.push(c),
            }
        }
        out
    }

    fn hex_string(&mut self) -> Vec<u8> {
        self.pos += 1; // <
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while self.pos < self.data.len() {
            let c = self.data[self.pos];
            self.pos += 1;
            if c == b'>' {
                break;
            }
            if let Some(v) = hex_val(c) {
                match hi.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    /// After `BI`: skips the inline image's dictionary and data up to and including `EI`.
    pub fn skip_inline_image(&mut self) {
        // Dictionary entries until the ID operator.
        loop {
            match self.next_token() {
                None => return,
                Some(Token::Op(b"ID")) => break,
                Some(_) => {}
            }
        }
        // One white-space byte after ID, then binary data; EI must stand between white space
        // (or the end) on both sides.
        self.pos += 1;
        while self.pos + 2 <= self.data.len() {
            if &self.data[self.pos..self.pos + 2] == b"EI"
                && self.pos > 0
                && is_white(self.data[self.pos - 1])
                && self
                    .data
                    .get(self.pos + 2)
                    .is_none_or(|&c| is_white(c) || is_delim(c))
            {
                self.pos += 2;
                return;
            }
            self.pos += 1;
        }
        self.pos = self.data.len();
    }
}

/// A name with its #xx escapes decoded.
pub fn decode_name(raw: &[u8]) -> Vec<u8> {
    if !raw.contains(&b'#') {
        return raw.to_vec();
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'#' {
            if let (Some(h), Some(l)) = (
                raw.get(i + 1).and_then(|&b| hex_val(b)),
                raw.get(i + 2).and_then(|&b| hex_val(b)),
            ) {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(raw[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(data: &[u8]) -> Vec<String> {
        let mut lx = Lexer::new(data);
        let mut out = Vec::new();
        while let Some(t) = lx.next_token() {
            out.push(match t {
                Token::Op(o) => String::from_utf8_lossy(o).into_owned(),
                Token::Operand(o) => format!("{o:?}"),
                Token::Stray => "stray".into(),
            });
        }
        out
    }

    #[test]
    fn content_tokens() {
        let t = tokens(b"BT /F1 12 Tf 1 0 0 1 72.5 -7 Tm [(A\\(b\\)) -250 <0041 42>] TJ (x\\101\\\ny) ' ET % c\nq");
        assert_eq!(
            t,
            [
                "BT",
                "Name([70, 49])",
                "Num(12.0)",
                "Tf",
                "Num(1.0)",
                "Num(0.0)",
                "Num(0.0)",
                "Num(1.0)",
                "Num(72.5)",
                "Num(-7.0)",
                "Tm",
                "Array([Str([65, 40, 98, 41]), Num(-250.0), Str([0, 65, 66])])",
                "TJ",
                "Str([120, 65, 121])",
                "'",
                "ET",
                "q"
            ]
        );
    }

    #[test]
    fn dicts_names_and_inline_images() {
        let t =
            tokens(b"/Span <</ActualText (fi) /N#20x 1>> BDC BI /W 2 /H 1 ID \x00\xffEI\x01 EI Q");
        assert_eq!(t[0], "Name([83, 112, 97, 110])");
        assert!(t[1].starts_with("Dict([([65, 99, 116"), "{}", t[1]);
        assert_eq!(t[2], "BDC");
        let mut lx = Lexer::new(b"BI /W 2 ID \x00EI\x01 EI Q");
        assert_eq!(lx.next_token(), Some(Token::Op(b"BI")));
        lx.skip_inline_image();
        assert_eq!(lx.next_token(), Some(Token::Op(b"Q")));
    }

    #[test]
    fn garbage_never_panics() {
        let mut seed = 12345u64;
        for len in 0..400 {
            let data: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    b"()<>[]/%\\0123456789.-+ BTETf#ab"[(seed >> 33) as usize % 31]
                })
                .collect();
            let mut lx = Lexer::new(&data);
            let mut n = 0;
            while lx.next_token().is_some() {
                n += 1;
                assert!(n <= data.len() + 1);
            }
        }
        // Deep nesting stays bounded.
        let deep = [vec![b'['; 100_000], vec![b']'; 100_000]].concat();
        let mut lx = Lexer::new(&deep);
        while lx.next_token().is_some() {}
    }
}
