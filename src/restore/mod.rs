//! restore: decides per document and per line whether diacritics are missing or OCR-damaged and
//! restores them. Never touches a correct Vietnamese word, a number or a document symbol.
//!
//! Method (see data/LEXICON.md): the stripped form of each word is looked up in the lexicon;
//! known phrases (longest first) fix their syllables; the remaining candidates are decoded over
//! the whole sentence by a second-order Viterbi search under a syllable trigram model. In
//! OCR-damaged documents the candidates of each word come from the OCR channel model
//! (`ocr.rs`), which scores how likely the engine printed what we see for each syllable.
//!
//! Tone convention: the old style, "hòa", "khỏe", "thủy" (see `token::to_convention`). Input
//! is matched in that convention and every restored token is written in it; words that were
//! already correct are never rewritten, whatever their convention.

#[doc(hidden)]
pub mod detect;
#[doc(hidden)]
pub mod lexicon;
#[doc(hidden)]
pub mod lm;
#[doc(hidden)]
pub mod ocr;
pub mod ocr_labels;
mod ocr_letters;
pub mod ocr_punct;
mod store;
#[doc(hidden)]
pub mod syllable;
mod tables;
#[doc(hidden)]
pub mod token;
pub mod tones;

use std::borrow::Cow;
use std::path::PathBuf;
use std::sync::OnceLock;

use crate::ingest::Line;
use crate::text::fold;
use lexicon::{model_form, NUM, PUNCT, UNK};
pub use lexicon::{BuildOptions, LexiconData, LexiconError};
pub use lm::Lexicon;
use lm::View;
use token::{has_marks, tokenize, Kind, Token};
use unicode_normalization::{is_nfc, UnicodeNormalization};

/// The default lexicon, built from ../shared/corpus and ../shared/reference (held-out documents
/// and the seeds left out), OCR pairs and the curated phrases (see data/LEXICON.md).
pub static DEFAULT_LEXICON: &[u8] = include_bytes!("../../data/lexicon.bin");

/// The lexicon file of the counts `data` (what `build_lexicon` writes from a corpus).
pub fn encode_lexicon(data: &LexiconData, options: &BuildOptions) -> Vec<u8> {
    tables::encode(data, options)
}

/// When to restore diacritics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RestoreMode {
    /// Restore the lines whose marks are missing or damaged; leave correct text alone.
    #[default]
    Auto,
    /// Restore every line.
    Always,
    /// Pass the text through unchanged.
    Never,
}

/// What restoration did to a text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RestoreStats {
    /// Word tokens seen (syllables and damaged words).
    pub tokens: u64,
    /// Tokens changed.
    pub restored: u64,
    /// Changed tokens whose confidence is below the low-confidence threshold.
    pub low_confidence: u64,
}

/// Options of `restore_text`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RestoreOptions {
    /// When to restore.
    pub mode: RestoreMode,
    /// Mark low-confidence restorations in the text: `⟦của?ciia⟧`.
    pub annotate: bool,
    /// Restorations with a confidence below this are low-confidence.
    pub low_confidence: f32,
}

impl Default for RestoreOptions {
    fn default() -> Self {
        RestoreOptions {
            mode: RestoreMode::Auto,
            annotate: false,
            low_confidence: LOW_CONFIDENCE,
        }
    }
}

/// Default low-confidence threshold.
pub const LOW_CONFIDENCE: f32 = 0.8;

/// One changed token.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// 0-based line index in the input.
    pub line: usize,
    /// Byte range of the original token in the input line.
    pub start: usize,
    /// End of that range (exclusive).
    pub end: usize,
    /// The token as it was.
    pub original: String,
    /// The token restored.
    pub restored: String,
    /// P(restored | context) under the model.
    pub confidence: f32,
}

/// What `restore_text` returns.
#[derive(Debug, Clone, PartialEq)]
pub struct RestoredText {
    /// The text, restored, its line structure kept.
    pub text: String,
    /// Every token changed, in order.
    pub changes: Vec<Change>,
    /// The counts.
    pub stats: RestoreStats,
}

/// Builds a lexicon file from clean text (files or folders; `X.ocr.txt` beside `X.txt` is an
/// OCR pair for the channel model). The bytes are what `Restorer::from_bytes` reads.
pub fn build_lexicon(corpus_paths: &[PathBuf]) -> Result<Vec<u8>, LexiconError> {
    build_lexicon_with(corpus_paths, &BuildOptions::default())
}

/// `build_lexicon`, keeping of the corpus what `options` say.
pub fn build_lexicon_with(
    corpus_paths: &[PathBuf],
    options: &BuildOptions,
) -> Result<Vec<u8>, LexiconError> {
    Ok(tables::encode(
        &lexicon::build(corpus_paths, options)?,
        options,
    ))
}

/// A restorer of a lexicon file's bytes (every table checked).
pub fn load_lexicon(bytes: &[u8]) -> Result<Restorer, LexiconError> {
    Restorer::from_bytes(bytes.to_vec())
}

/// Restores text with the embedded lexicon.
///
/// ```
/// use vanban::restore::{restore_text, RestoreOptions};
/// let out = restore_text("Ke hoach trien khai thuc hien Nghi quyet", &RestoreOptions::default());
/// assert_eq!(out.text, "Kế hoạch triển khai thực hiện Nghị quyết");
/// assert!(out.stats.restored >= 5);
/// ```
pub fn restore_text(input: &str, options: &RestoreOptions) -> RestoredText {
    Restorer::embedded().restore_text(input, options)
}

/// The stage's entry point in the pipeline: `restorer`, or the embedded lexicon, which is only
/// opened when some line may need restoring (`detect`).
pub fn restore_lines(
    lines: Vec<Line>,
    mode: RestoreMode,
    restorer: Option<&Restorer>,
) -> (Vec<Line>, RestoreStats) {
    match restorer {
        Some(r) => r.restore_lines(lines, mode),
        None if mode == RestoreMode::Auto => {
            let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
            let (verdict, tokens) = detect::assess(&texts);
            if verdict != detect::Verdict::Nothing {
                // (the verdict passed on: the lines are not assessed twice)
                let (out, _, stats) = Restorer::embedded().restore_assessed(
                    &texts,
                    LOW_CONFIDENCE,
                    (verdict, tokens),
                    false,
                );
                (replace_texts(lines, out), stats)
            } else {
                let stats = RestoreStats {
                    tokens,
                    ..Default::default()
                };
                (lines, stats)
            }
        }
        None => Restorer::embedded().restore_lines(lines, mode),
    }
}

/// The lines, each whose text was restored (`Some`) holding its new text.
fn replace_texts(mut lines: Vec<Line>, texts: Vec<Option<String>>) -> Vec<Line> {
    for (l, t) in lines.iter_mut().zip(texts) {
        if let Some(t) = t {
            l.text = t;
        }
    }
    lines
}

/// Repairs Tesseract-Vietnamese's misreadings in OCR'd lines: its tone confusions (`tones`,
/// with the default lexicon), and the letters it reads for ones in numbers and for roman
/// section numerals (`ocr_labels`), and the stops and dashes specks and lost spaces make
/// (`ocr_punct`). Returns the words changed.
pub fn repair_ocr_tones(lines: &mut [&mut Line]) -> u64 {
    tones::repair_lines(Restorer::embedded().lexicon(), lines)
        + ocr_labels::repair_lines(lines)
        + ocr_punct::repair_lines(lines)
}

impl std::fmt::Debug for Restorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Restorer")
            .field("lexicon", &self.0.lex.info())
            .finish_non_exhaustive()
    }
}

/// A restorer: a lexicon and what is derived from it. A handle: cloning it is cheap and every
/// clone shares the same lexicon; it is `Send` and `Sync`. `Restorer::embedded()` is the one
/// built into the binary; `Restorer::open(path)` reads another lexicon file (`vanban lexicon
/// build`), to be passed to `convert` in `ConvertOptions::restorer`.
#[derive(Clone)]
pub struct Restorer(std::sync::Arc<Inner>);

struct Inner {
    lex: Lexicon,
    /// abbreviation (and its stripped spelling) → the syllable ids of its words
    expansions: std::collections::HashMap<String, Vec<u32>>,
    /// Unique per restorer: keys its chunk readings.
    id: u64,
    /// The syllable tokens of the corpus (the sum of the lexicon's unigram counts).
    corpus_tokens: f32,
}

/// How a word token is treated.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    /// Never changed; its id is context for the model.
    Fixed(u32),
    /// A context break.
    Break,
    /// Unmarked word with known stripped form: (fold id, suspicious = probably lost its marks).
    Plain(u32, bool),
    /// Marked word the lexicon knows.
    Marked(u32),
    /// Damaged: marks not a known syllable, or letters mixed with digits/junk.
    Damaged,
}

struct Pos {
    line: usize,
    /// token index in the line, usize::MAX for positions that are not tokens (commas, the
    /// words of an abbreviation)
    tok: usize,
    /// candidates: `arena[start..start + len]`
    start: usize,
    len: usize,
    changeable: bool,
    /// the byte range in the token's core of the syllable this position reads, when the
    /// token is syllables written together ("danso": "dan", "so"); None: the whole token
    part: Option<(usize, usize)>,
}

/// The positions of one segment and their candidates, reused from segment to segment.
#[derive(Default)]
struct Segment {
    pos: Vec<Pos>,
    arena: Vec<(u32, f32)>,
}

impl Segment {
    fn push(&mut self, line: usize, tok: usize, cands: &[(u32, f32)], changeable: bool) {
        let start = self.arena.len();
        self.arena.extend_from_slice(cands);
        self.push_arena(line, tok, start, changeable);
    }

    /// Appends the likely marked forms of a folded form to the arena (emission 0: the
    /// language model chooses among them, a rare spelling without marks aside); returns where
    /// they start.
    fn append_variants(&mut self, lx: &View, fid: u32) -> usize {
        let start = self.arena.len();
        let bare = lx.fold_str(fid);
        let likely = lx.likeliest(fid, STRIPPED_CANDIDATES, MIN_STRIPPED_VARIANT_LN);
        self.arena.extend(likely.map(|x| {
            let stripped_spelling = x.1 < RARE_UNMARKED_LN && lx.syl(x.0) == bare;
            (
                x.0,
                if stripped_spelling {
                    -RARE_UNMARKED_PENALTY
                } else {
                    0.0
                },
            )
        }));
        start
    }

    /// Pushes a position whose candidates were appended to the arena from `start`.
    fn push_arena(&mut self, line: usize, tok: usize, start: usize, changeable: bool) {
        if self.arena.len() == start {
            self.arena.push((UNK, 0.0));
        }
        self.arena.truncate(start + lm::MAX_OCR_CANDIDATES);
        self.pos.push(Pos {
            line,
            tok,
            start,
            len: self.arena.len() - start,
            changeable,
            part: None,
        });
    }

    fn cands(&self, p: &Pos) -> &[(u32, f32)] {
        &self.arena[p.start..p.start + p.len]
    }

    fn last_is(&self, id: u32) -> bool {
        self.pos.last().is_some_and(|p| self.arena[p.start].0 == id)
    }

    fn clear(&mut self) {
        self.pos.clear();
        self.arena.clear();
    }
}

struct Tok {
    t: Token,
    class: Class,
    case: token::Case,
    /// part of a name in another language: kept as written, not read as an abbreviation
    foreign: bool,
    /// a word in ASCII letters of no syllable's shape ("of", "Cisco")
    ascii_odd: bool,
    /// a word whose letters, marks aside, are no syllable's ("UBND", "kilôgam")
    odd_shape: bool,
}

/// Chunk readings kept by a thread across documents, for one restorer.
#[derive(Default)]
struct ChunkReadings {
    restorer: u64,
    /// by whether the chunk's line is in capitals
    by_line_case: [crate::hash::FxMap<String, ChunkReading>; 2],
}

impl ChunkReadings {
    fn len(&self) -> usize {
        self.by_line_case[0].len() + self.by_line_case[1].len()
    }
}

/// Bounds a thread's chunk readings (a few MB).
const MAX_CACHED_CHUNKS: usize = 1 << 17;

thread_local! {
    static CHUNK_READINGS: std::cell::RefCell<ChunkReadings> = Default::default();
}

/// A word in capitals beside a capitalised word of another language ("Power BI", "SQL
/// Server") is part of that name, not a Vietnamese word written in capitals: it is kept as
/// written (in a line that is not all in capitals).
fn keep_capitals_of_foreign_names(toks: &mut [Tok]) {
    let foreign_name = |t: &Tok| t.ascii_odd && t.case == token::Case::Title;
    let beside: Vec<bool> = (0..toks.len())
        .map(|i| (i > 0 && foreign_name(&toks[i - 1])) || toks.get(i + 1).is_some_and(foreign_name))
        .collect();
    for (t, beside) in toks.iter_mut().zip(beside) {
        if beside && t.case == token::Case::Upper && matches!(t.class, Class::Plain(..)) {
            t.class = Class::Fixed(UNK);
            t.foreign = true;
        }
    }
}

/// A passage in another language inside a Vietnamese line (between punctuation: a quoted
/// slogan, "people at the center"): at least two small-letter words of no Vietnamese shape, as
/// many as the words that could be stripped syllables. Those ("at", "the") are English words
/// that happen to spell a syllable: kept as written.
fn keep_foreign_passages(toks: &mut [Tok]) {
    let mut start = 0;
    while start < toks.len() {
        let mut end = start + 1;
        while end < toks.len()
            && toks[end - 1].t.after == token::NONE
            && toks[end].t.before == token::NONE
        {
            end += 1;
        }
        let passage = &mut toks[start..end];
        let foreign = passage
            .iter()
            .filter(|t| t.ascii_odd && t.case == token::Case::Lower)
            .count();
        let plain = passage
            .iter()
            .filter(|t| matches!(t.class, Class::Plain(..)))
            .count();
        if foreign >= 2 && foreign >= plain {
            for t in passage.iter_mut() {
                if matches!(t.class, Class::Plain(..)) {
                    t.class = Class::Fixed(UNK);
                    t.foreign = true;
                }
            }
        }
        start = end;
    }
}

/// Tells restorers apart in the per-thread chunk readings.
static NEXT_RESTORER_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// What the restorer reads in one chunk of a line.
#[derive(Clone, Copy)]
struct ChunkReading {
    token: Token,
    class: Class,
    case: token::Case,
    /// (as `Tok`'s)
    ascii_odd: bool,
    odd_shape: bool,
    /// what the chunk adds to its line's counts
    counts: LineCounts,
}

#[derive(Default, Clone, Copy, PartialEq)]
struct LineCounts {
    /// letters mixed with digits or junk, taken for damaged words
    junk: u32,
    /// marked words that are no Vietnamese syllable ("hién", "quyét")
    bad_marks: u32,
    /// small-letter words of no Vietnamese shape ("of", "and", "documents")
    foreign: u32,
    marked: u32,
    plain: u32,
    suspicious: u32,
    damaged: u32,
    words: u32,
}

impl LineCounts {
    /// What a unit after a number ("100 m2", "30 m3") adds: a word, no damage. Letters mixed
    /// with digits are junk elsewhere, and a stripped note measuring areas and volumes was
    /// taken for OCR without Vietnamese ("100 mộ", "30 mà").
    fn as_unit(&self) -> LineCounts {
        LineCounts {
            words: self.words,
            ..LineCounts::default()
        }
    }

    fn add(&mut self, o: &LineCounts) {
        self.junk += o.junk;
        self.bad_marks += o.bad_marks;
        self.foreign += o.foreign;
        self.marked += o.marked;
        self.plain += o.plain;
        self.suspicious += o.suspicious;
        self.damaged += o.damaged;
        self.words += o.words;
    }
}

impl Restorer {
    /// A restorer over a loaded lexicon.
    pub fn new(lex: Lexicon) -> Self {
        let mut expansions = std::collections::HashMap::new();
        let lx = lex.view();
        for &(abbr, words) in EXPANSIONS {
            let ids: Option<Vec<u32>> =
                words.split(' ').map(|w| lx.id_of(&model_form(w))).collect();
            if let Some(ids) = ids {
                expansions.insert(crate::text::strip_diacritics(abbr), ids.clone());
                expansions.insert(abbr.to_string(), ids);
            }
        }
        let id = NEXT_RESTORER_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let corpus_tokens = (0..lx.syl_count() as u32)
            .map(|i| f64::from(lx.unigram(i)))
            .sum::<f64>() as f32;
        Restorer(std::sync::Arc::new(Inner {
            lex,
            expansions,
            id,
            corpus_tokens,
        }))
    }

    /// Marked capitals restored inside an abbreviation or symbol: "ND-CP" → "NĐ-CP".
    fn restore_acronyms(&self, core: &str) -> Option<String> {
        if self.0.lex.acronyms().is_empty() || core.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(core.len() + 4);
        let mut changed = false;
        let mut run = String::new();
        let flush = |run: &mut String, out: &mut String, changed: &mut bool| {
            if run.len() >= 2 && run.chars().all(|c| c.is_ascii_uppercase()) {
                if let Some(m) = self.0.lex.acronyms().get(run.as_str()) {
                    out.push_str(m);
                    *changed = true;
                    run.clear();
                    return;
                }
            }
            out.push_str(run);
            run.clear();
        };
        for c in core.chars() {
            if crate::text::is_letter(c) {
                run.push(c);
            } else {
                flush(&mut run, &mut out, &mut changed);
                out.push(c);
            }
        }
        flush(&mut run, &mut out, &mut changed);
        changed.then_some(out)
    }

    /// The restorer of the lexicon embedded in the binary, opened on first use (a check of its
    /// header: its pages are read as restoration touches them). If the embedded lexicon is
    /// missing or corrupt (a development build), an empty one is used: nothing is restored.
    pub fn embedded() -> &'static Restorer {
        static EMBEDDED: OnceLock<Restorer> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            let lex = Lexicon::from_static(DEFAULT_LEXICON).unwrap_or_else(|_| Lexicon::empty());
            Restorer::new(lex)
        })
    }

    /// A restorer of a lexicon file's bytes (every table checked).
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Restorer, LexiconError> {
        Ok(Restorer::new(Lexicon::from_bytes(bytes)?))
    }

    /// A restorer of the lexicon file at `path`, memory-mapped (every table checked).
    pub fn open(path: &std::path::Path) -> Result<Restorer, LexiconError> {
        Ok(Restorer::new(Lexicon::open_file(path)?))
    }

    /// The lexicon.
    pub fn lexicon(&self) -> &Lexicon {
        &self.0.lex
    }

    /// Pipeline stage: restores the lines' text in place.
    pub fn restore_lines(&self, lines: Vec<Line>, mode: RestoreMode) -> (Vec<Line>, RestoreStats) {
        if mode == RestoreMode::Never {
            return (lines, RestoreStats::default());
        }
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        let (out, _, stats) = self.restore_strs_listing(&texts, mode, LOW_CONFIDENCE, false);
        (replace_texts(lines, out), stats)
    }

    /// Text in, restored text out; line structure kept byte for byte apart from restored
    /// tokens (input that is not NFC is normalized first).
    pub fn restore_text(&self, input: &str, options: &RestoreOptions) -> RestoredText {
        let normalized;
        let input = if is_nfc(input) {
            input
        } else {
            normalized = input.nfc().collect::<String>();
            &normalized
        };
        let lines: Vec<&str> = input.split('\n').collect();
        if options.mode == RestoreMode::Never {
            return RestoredText {
                text: input.to_string(),
                changes: Vec::new(),
                stats: RestoreStats::default(),
            };
        }
        let (out, changes, stats) = self.restore_strs(&lines, options.mode, options.low_confidence);
        let mut text = String::with_capacity(input.len() + input.len() / 4);
        // `changes` come in line order: each line takes its own run of them (not a scan of
        // every change per line, quadratic on a long text).
        let mut next = 0;
        for (i, l) in lines.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            let from = next;
            while changes.get(next).is_some_and(|c| c.line == i) {
                next += 1;
            }
            let mine = &changes[from..next];
            if options.annotate && mine.iter().any(|c| c.confidence < options.low_confidence) {
                text.push_str(&annotate_line(l, mine, options));
                continue;
            }
            text.push_str(out[i].as_deref().unwrap_or(l));
        }
        RestoredText {
            text,
            changes,
            stats,
        }
    }

    /// Calls `each` with the byte offset and the reading of every chunk of `line`, reading
    /// each chunk not seen before.
    fn each_chunk(
        &self,
        lx: &View,
        readings: &mut ChunkReadings,
        buf: &mut String,
        line: &str,
        caps_line: bool,
        mut each: impl FnMut(usize, &ChunkReading),
    ) {
        let known = &mut readings.by_line_case[caps_line as usize];
        // (words joined by punctuation, "quanh.Điều", are read apart: `token::pieces`)
        for chunk in line.split_whitespace().flat_map(token::pieces) {
            let at = chunk.as_ptr() as usize - line.as_ptr() as usize;
            match known.get(chunk) {
                Some(r) => each(at, r),
                None => {
                    let r = self.read_chunk(lx, chunk, caps_line, buf);
                    each(at, &r);
                    known.insert(chunk.to_string(), r);
                }
            }
        }
    }

    /// The token of one whitespace-delimited chunk (offsets within the chunk), its case, its
    /// class, and what it adds to its line's counts.
    fn read_chunk(
        &self,
        lx: &View,
        chunk: &str,
        caps_line: bool,
        buf: &mut String,
    ) -> ChunkReading {
        // a chunk is one token: its core, or its punctuation standing alone
        let t = tokenize(chunk)[0];
        let core = &chunk[t.start..t.end];
        let case = token::case_of(core);
        let class = self.classify(lx, chunk, &t, case, caps_line, buf);
        let mut counts = LineCounts::default();
        match class {
            Class::Marked(_) => counts.marked += 1,
            Class::Plain(_, true) => {
                counts.suspicious += 1;
                counts.plain += 1
            }
            // only a word that could carry marks is evidence either way
            Class::Plain(fid, false) if lx.variants(fid).len() > 1 => counts.plain += 1,
            Class::Damaged => {
                counts.damaged += 1;
                if t.kind == Kind::Mixed {
                    counts.junk += 1
                } else if has_marks(core) {
                    counts.bad_marks += 1
                }
            }
            _ => {}
        }
        let odd_shape = t.kind == Kind::Word && !lexicon::syllable_shape(&fold(core));
        // (syllables written together, "hoatdong", are Vietnamese, not another language)
        let ascii_odd = odd_shape
            && core.is_ascii()
            && !(case == token::Case::Lower && glued_syllables(lx, core).is_some());
        // a small-letter word of no Vietnamese shape ("of", "documents"; capitalised names,
        // "Cisco Catalyst", are no sign of a passage in another language)
        if ascii_odd
            && case == token::Case::Lower
            && matches!(class, Class::Damaged | Class::Fixed(_))
        {
            counts.foreign += 1;
        }
        if matches!(t.kind, Kind::Word | Kind::Mixed) {
            counts.words += 1;
        }
        ChunkReading {
            token: t,
            class,
            case,
            ascii_odd,
            odd_shape,
            counts,
        }
    }

    fn classify(
        &self,
        lx: &View,
        line: &str,
        t: &Token,
        case: token::Case,
        caps_line: bool,
        buf: &mut String,
    ) -> Class {
        let core = &line[t.start..t.end];
        match t.kind {
            Kind::Num | Kind::Symbol => Class::Fixed(NUM),
            Kind::Other => {
                if t.start == t.end {
                    // punctuation standing alone: handled through `before`
                    Class::Break
                } else {
                    Class::Fixed(UNK)
                }
            }
            Kind::Mixed => {
                if self.0.lex.channel_is_empty() || looks_like_code(core) {
                    Class::Fixed(UNK)
                } else {
                    Class::Damaged
                }
            }
            Kind::Word => {
                let nchars = core.chars().count();
                // a Roman numeral: "II." or "khóa XV" (in a line of capitals, "VI" may be a word)
                if core.chars().all(|c| "IVXLCDM".contains(c))
                    && (!caps_line || line[t.end..].starts_with(['.', ')', ':']))
                {
                    return Class::Fixed(UNK);
                }
                let upper = case == token::Case::Upper;
                lexicon::model_form_into(core, buf);
                let m: &str = buf;
                if has_marks(core) {
                    match lx.id_of(m) {
                        Some(id) => Class::Marked(id),
                        None => {
                            if upper && (!caps_line || !lexicon::syllable_shape(&fold(m))) {
                                // an acronym (HĐND, NĐ): leave it
                                Class::Fixed(UNK)
                            } else if lexicon::syllable_shape(&fold(m))
                                || !self.0.lex.channel_is_empty()
                            {
                                Class::Damaged
                            } else {
                                Class::Fixed(UNK)
                            }
                        }
                    }
                } else {
                    // single capitals ("A", "B") are labels, not words
                    if nchars == 1 && upper {
                        return Class::Fixed(UNK);
                    }
                    match lx.fold_id(m) {
                        Some(fid) => {
                            let vars = lx.variants(fid);
                            let own = lx.id_of(m);
                            let p_own = vars
                                .iter()
                                .find(|v| Some(v.0) == own)
                                .map(|v| v.1.exp())
                                .unwrap_or(0.0);
                            Class::Plain(fid, p_own < 0.5)
                        }
                        None => {
                            // capitals the lexicon does not know are an abbreviation ("TT")
                            let acronym = upper;
                            if !self.0.lex.channel_is_empty()
                                && nchars >= 2
                                && !acronym
                                && ocr::looks_damaged(m)
                            {
                                Class::Damaged
                            } else {
                                Class::Fixed(lx.id_of(m).unwrap_or(UNK))
                            }
                        }
                    }
                }
            }
        }
    }

    /// The core: restores `lines`; returns per line the new text (None = unchanged), the
    /// changes and the stats.
    pub fn restore_strs(
        &self,
        lines: &[&str],
        mode: RestoreMode,
        low_confidence: f32,
    ) -> (Vec<Option<String>>, Vec<Change>, RestoreStats) {
        self.restore_strs_listing(lines, mode, low_confidence, true)
    }

    /// `restore_strs`, listing the changes only if `list_changes` (the pipeline keeps only the
    /// text: a change's strings are two allocations per restored word).
    fn restore_strs_listing(
        &self,
        lines: &[&str],
        mode: RestoreMode,
        low_confidence: f32,
        list_changes: bool,
    ) -> (Vec<Option<String>>, Vec<Change>, RestoreStats) {
        if mode != RestoreMode::Auto {
            return self.restore_all(lines, mode, low_confidence, false, list_changes);
        }
        // most documents are correct Vietnamese: their letters say so, no lexicon is read
        self.restore_assessed(lines, low_confidence, detect::assess(lines), list_changes)
    }

    /// `restore_strs` in auto mode, given what `detect::assess` says of `lines`.
    fn restore_assessed(
        &self,
        lines: &[&str],
        low_confidence: f32,
        (verdict, tokens): (detect::Verdict, u64),
        list_changes: bool,
    ) -> (Vec<Option<String>>, Vec<Change>, RestoreStats) {
        let mode = RestoreMode::Auto;
        let (out, changes, stats) = match verdict {
            detect::Verdict::Nothing => (vec![None; lines.len()], Vec::new(), Default::default()),
            detect::Verdict::Document => {
                self.restore_all(lines, mode, low_confidence, false, list_changes)
            }
            detect::Verdict::Lines(which) => {
                // the plainly stripped or wrecked lines of a correct document, read together
                let picked: Vec<&str> = which.iter().map(|&i| lines[i]).collect();
                let (some, mut changes, stats) =
                    self.restore_all(&picked, mode, low_confidence, true, list_changes);
                let mut out = vec![None; lines.len()];
                for (&i, o) in which.iter().zip(some) {
                    out[i] = o;
                }
                for c in changes.iter_mut() {
                    c.line = which[c.line];
                }
                (out, changes, stats)
            }
        };
        let stats = RestoreStats { tokens, ..stats };
        (out, changes, stats)
    }

    /// Restores `lines`, deciding line by line with the lexicon (see `restore_strs`);
    /// `clean_document`: the lines come from a correct document, only those plainly stripped
    /// or wrecked are restored; `list_changes`: whether to return the changes (else none).
    fn restore_all(
        &self,
        lines: &[&str],
        mode: RestoreMode,
        low_confidence: f32,
        clean_document: bool,
        list_changes: bool,
    ) -> (Vec<Option<String>>, Vec<Change>, RestoreStats) {
        let mut out: Vec<Option<String>> = vec![None; lines.len()];
        let mut stats = RestoreStats::default();
        let lx = &self.0.lex.view();
        if mode == RestoreMode::Never || lx.syl_count() <= lexicon::FIRST_SYL as usize {
            return (out, Vec::new(), stats);
        }
        // 1. counts per line. A chunk's token, case, class and evidence depend only on the
        // chunk (a Roman numeral's on the punctuation after it, which is in the chunk), on
        // whether its line is in capitals and on the lexicon: documents repeat their words, so
        // each distinct chunk is read once per thread and restorer.
        let mut buf = String::with_capacity(32);
        let mut readings = CHUNK_READINGS.with(|c| c.take());
        if readings.restorer != self.0.id || readings.len() > MAX_CACHED_CHUNKS {
            readings = ChunkReadings {
                restorer: self.0.id,
                ..Default::default()
            };
        }
        let caps_lines: Vec<bool> = lines.iter().map(|l| crate::text::is_upper(l)).collect();
        let mut counts: Vec<LineCounts> = Vec::with_capacity(lines.len());
        let mut total = LineCounts::default();
        // every chunk's offset and reading, line after line (`line_chunks[i]..line_chunks[i + 1]`),
        // kept for the tokens below
        // (sized for a chunk in six bytes, up to a bound: a huge text grows it as it goes)
        let text_len: usize = lines.iter().map(|l| l.len()).sum();
        let mut chunks: Vec<(usize, ChunkReading)> =
            Vec::with_capacity((text_len / 6).min(1 << 16));
        let mut line_chunks: Vec<usize> = Vec::with_capacity(lines.len() + 1);
        for (line, &caps_line) in lines.iter().zip(&caps_lines) {
            let mut c = LineCounts::default();
            line_chunks.push(chunks.len());
            let mut after_number = false;
            self.each_chunk(lx, &mut readings, &mut buf, line, caps_line, |at, r| {
                let core = &line[at + r.token.start..at + r.token.end];
                if after_number && r.token.kind == Kind::Mixed && is_unit(core) {
                    c.add(&r.counts.as_unit());
                } else {
                    c.add(&r.counts);
                }
                after_number = r.token.kind == Kind::Num;
                chunks.push((at, *r));
            });
            stats.tokens += c.words as u64;
            // a line in another language (English notes in a Vietnamese file) is no evidence and
            // is never restored in auto mode
            if c.junk == 0 && c.bad_marks == 0 && c.foreign >= 2 && c.foreign * 4 >= c.words {
                c.foreign = u32::MAX;
            } else {
                total.add(&c);
            }
            counts.push(c);
        }
        line_chunks.push(chunks.len());
        CHUNK_READINGS.with(|c| c.replace(readings));
        // 2. which lines to restore. Correct Vietnamese has most of its syllables marked;
        // stripped text has none; OCR without Vietnamese has damaged words.
        let vocab_words = (total.marked + total.plain).max(1) as f32;
        // (one lone unmarked word is no evidence: "TU" may be the abbreviation it looks like)
        let doc_clean = clean_document
            || total.suspicious + total.damaged < 2
            || total.marked as f32 >= 0.5 * vocab_words
                && total.damaged as f32 <= (0.02 * total.words as f32).max(2.0);
        // OCR without Vietnamese leaves junk and misplaced marks, not just unknown words
        let strong = total.junk + total.bad_marks;
        let ocr_like = !self.0.lex.channel_is_empty()
            && strong >= 4
            && strong as f32 >= 0.03 * total.words.max(1) as f32
            && total.damaged as f32 >= 0.08 * total.words.max(1) as f32;
        let restore_line: Vec<bool> = counts
            .iter()
            .zip(lines)
            .map(|(c, line)| {
                let b = c.suspicious + c.damaged;
                match mode {
                    RestoreMode::Always => c.words > 0,
                    RestoreMode::Never => false,
                    RestoreMode::Auto if c.foreign == u32::MAX => false,
                    // a file's name is kept as the file is named (OCR damage is no name)
                    RestoreMode::Auto if !ocr_like && detect::names_a_file(line) => false,
                    RestoreMode::Auto => {
                        if doc_clean {
                            // only a line plainly stripped or wrecked inside a clean document
                            // (two words that would carry marks among four unmarked ones:
                            // correct text has a syllable in eight unmarked, so four in a row
                            // are one line in four thousand)
                            (c.marked == 0
                                && (c.suspicious >= 3 || c.suspicious >= 2 && c.plain >= 4))
                                || (c.damaged >= 3 && c.damaged > c.marked)
                        } else {
                            // a line mostly of correct marked words (and no junk) is left
                            // alone even in a damaged document
                            let looks_clean = c.junk == 0 && c.marked >= 2 * b + 2;
                            b >= 1 && !looks_clean
                        }
                    }
                }
            })
            .collect();
        if !restore_line.iter().any(|&r| r) {
            return (out, Vec::new(), stats);
        }
        // tokens of every line, for the lines to restore and their context
        let toks: Vec<Vec<Tok>> = caps_lines
            .iter()
            .zip(line_chunks.windows(2))
            .map(|(&caps_line, range)| {
                let mut lt: Vec<Tok> = chunks[range[0]..range[1]]
                    .iter()
                    .map(|(at, r)| Tok {
                        t: Token {
                            start: r.token.start + at,
                            end: r.token.end + at,
                            ..r.token
                        },
                        class: r.class,
                        case: r.case,
                        foreign: false,
                        ascii_odd: r.ascii_odd,
                        odd_shape: r.odd_shape,
                    })
                    .collect();
                if !caps_line {
                    keep_capitals_of_foreign_names(&mut lt);
                }
                if !ocr_like {
                    keep_foreign_passages(&mut lt);
                }
                lt
            })
            .collect();
        // 3. positions, gathered into segments (between context breaks) and decoded as soon as
        // each segment ends
        let mut seg = Segment::default();
        let mut cache = ocr::CandidateCache::default();
        let mut direct: Vec<(usize, usize, String, f32)> = Vec::new();
        let mut replacements: Vec<Vec<Replacement>> = vec![Vec::new(); lines.len()];
        // what the document's earlier sentences were read as (one sense per discourse)
        let memory = std::cell::RefCell::new(Memory {
            corpus_tokens: self.0.corpus_tokens,
            ..Default::default()
        });
        let mut flush = |seg: &mut Segment| {
            self.decode_segment(
                lx,
                seg,
                (&toks, lines),
                (ocr_like, &caps_lines),
                &mut replacements,
                &mut memory.borrow_mut(),
            );
            seg.clear();
        };
        // a comma is a position of the model; other punctuation ends the segment
        let mut punct = |class: u8, li: usize, seg: &mut Segment| match class {
            token::COMMA if !seg.last_is(PUNCT) => {
                seg.push(li, usize::MAX, &[(PUNCT, 0.0)], false);
            }
            token::BREAK => flush(seg),
            _ => {}
        };
        // a blank line ends the context, unless the sentence plainly goes on after it (text
        // taken from a PDF often has one between the wrapped lines of a paragraph)
        let mut blank = false;
        // the letter of the last list item ("a)", "b)", …): stripped, the item after "d)" is
        // "d)" too, and is "đ)" (the alphabet's order: a b c d đ e)
        let mut last_label: Option<char> = None;
        for (li, lt) in toks.iter().enumerate() {
            let line = lines[li];
            let restore = restore_line[li];
            if lt.is_empty() {
                blank = true;
                continue;
            }
            if std::mem::take(&mut blank) {
                let first = &lt[0];
                let goes_on = first.t.before == token::NONE
                    && matches!(first.t.kind, Kind::Word | Kind::Mixed)
                    && line[first.t.start..]
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_lowercase());
                if !goes_on {
                    punct(token::BREAK, li, &mut seg);
                }
            }
            for (ti, tk) in lt.iter().enumerate() {
                punct(tk.t.before, li, &mut seg);
                if ti == 0 {
                    if let Some(letter) = list_label(line, &tk.t) {
                        let after_d = last_label == Some('d');
                        if letter == 'd' && after_d {
                            last_label = Some('đ');
                            if restore {
                                let core = &line[tk.t.start..tk.t.end];
                                let new = if core == "D" { "Đ" } else { "đ" };
                                direct.push((li, ti, new.to_string(), 0.9));
                                seg.push(li, ti, &[(UNK, 0.0)], false);
                                punct(tk.t.after, li, &mut seg);
                                continue;
                            }
                        } else {
                            last_label = Some(letter);
                        }
                    }
                }
                // capitalized inside a sentence (not in a line of capitals): likely a name
                let name = !seg.pos.is_empty()
                    && tk.t.before != token::BREAK
                    && !caps_lines[li]
                    && tk.case == token::Case::Title;
                let core = &line[tk.t.start..tk.t.end];
                // abbreviations and symbols: marked capitals restored ("ND-CP" → "NĐ-CP"),
                // known abbreviations read as their words
                let abbreviation = match tk.class {
                    Class::Fixed(_) => !tk.foreign,
                    Class::Plain(..) | Class::Marked(_) => {
                        tk.case == token::Case::Upper && tk.odd_shape
                    }
                    _ => false,
                };
                if abbreviation && tk.t.start < tk.t.end {
                    let mut text = std::borrow::Cow::Borrowed(core);
                    let mut restored_here = false;
                    if restore {
                        if let Some(new) = self.restore_acronyms(core) {
                            direct.push((li, ti, new.clone(), 0.95));
                            text = std::borrow::Cow::Owned(new);
                            restored_here = true;
                        }
                    }
                    if let Some(ids) = self.0.expansions.get(text.as_ref()) {
                        for &id in ids {
                            seg.push(li, usize::MAX, &[(id, 0.0)], false);
                        }
                        punct(tk.t.after, li, &mut seg);
                        continue;
                    }
                    if restored_here {
                        seg.push(li, ti, &[(UNK, 0.0)], false);
                        punct(tk.t.after, li, &mut seg);
                        continue;
                    }
                }
                match tk.class {
                    Class::Break => continue,
                    Class::Fixed(UNK)
                        if restore
                            && ocr_like
                            && tk.t.kind == Kind::Word
                            && !caps_lines[li]
                            && core.chars().count() == 1
                            && !"IVXLCDM".contains(core) =>
                    {
                        // a lone capital in OCR text: a label ("A"), or a syllable whose marks
                        // and letters the engine lost ("S" = Sở); kept unless the context says
                        let mut c = self.ocr_position(lx, core, &mut cache, None, name, &memory);
                        c.retain(|x| x.0 != UNK);
                        c.insert(0, (UNK, 0.0));
                        c.truncate(lm::MAX_OCR_CANDIDATES);
                        seg.push(li, ti, &c, true)
                    }
                    Class::Fixed(UNK) | Class::Damaged
                        if restore
                            && !ocr_like
                            && tk.t.kind == Kind::Word
                            && !tk.foreign
                            && (tk.case == token::Case::Lower
                                || tk.case == token::Case::Title && !name) =>
                    {
                        // syllables written together (a space lost: "dânsố" stripped to
                        // "danso") are read syllable by syllable and written together again
                        // (small letters, or a capital where a sentence starts: inside one,
                        // "Saigon", "Hanoi" are names as written)
                        match glued_syllables(lx, core) {
                            Some(parts) => {
                                for (a, b, fid) in parts {
                                    let start = seg.append_variants(lx, fid);
                                    memory.borrow().weigh(
                                        lx,
                                        &mut seg.arena[start..],
                                        MEMORY_WEIGHT,
                                    );
                                    seg.push_arena(li, ti, start, true);
                                    if let Some(p) = seg.pos.last_mut() {
                                        p.part = Some((a, b));
                                    }
                                }
                            }
                            None => seg.push(li, ti, &[(UNK, 0.0)], false),
                        }
                    }
                    Class::Fixed(id) => seg.push(li, ti, &[(id, 0.0)], false),
                    Class::Marked(id) => {
                        if restore && ocr_like {
                            let c = self.ocr_position(lx, core, &mut cache, None, name, &memory);
                            seg.push(li, ti, &c, true)
                        } else {
                            seg.push(li, ti, &[(id, 0.0)], false)
                        }
                    }
                    Class::Plain(fid, _) => {
                        let single = core.chars().count() == 1;
                        // (capitals the corpus holds as an abbreviation stay: "XV", "UBND")
                        let abbr = tk.case == token::Case::Upper && !lx.ocr_restorable(fid);
                        if restore && ocr_like && !abbr {
                            // (a lone letter may be a syllable whose marks the engine lost,
                            // "S" = Sở, or just a letter, "điểm b")
                            let own = single.then_some(fid);
                            let c = self.ocr_position(lx, core, &mut cache, own, name, &memory);
                            seg.push(li, ti, &c, true)
                        } else if restore && (!ocr_like || single) {
                            let inside = !seg.pos.is_empty() && tk.t.before != token::BREAK;
                            let start = seg.append_variants(lx, fid);
                            // a capitalized word inside a sentence: likely a name
                            let c = &mut seg.arena[start..];
                            if c.len() > 1
                                && inside
                                && !caps_lines[li]
                                && tk.case == token::Case::Title
                            {
                                let cs = lx.cap_scores(c);
                                for (x, s) in c.iter_mut().zip(cs) {
                                    x.1 = s;
                                }
                            }
                            memory.borrow().weigh(lx, c, MEMORY_WEIGHT);
                            seg.push_arena(li, ti, start, true);
                        } else {
                            let m = model_form(core);
                            let id = lx.id_of(&m).unwrap_or(UNK);
                            seg.push(li, ti, &[(id, 0.0)], false)
                        }
                    }
                    Class::Damaged => {
                        // (in stripped text, a unit after a number, "100 m2", is no damaged
                        // word; OCR prints "rõ" as "r6")
                        let unit =
                            !ocr_like && ti > 0 && lt[ti - 1].t.kind == Kind::Num && is_unit(core);
                        if restore && (ocr_like || tk.t.kind == Kind::Mixed) && !unit {
                            let c = self.ocr_position(lx, core, &mut cache, None, name, &memory);
                            seg.push(li, ti, &c, true)
                        } else {
                            seg.push(li, ti, &[(UNK, 0.0)], false)
                        }
                    }
                }
                punct(tk.t.after, li, &mut seg);
            }
        }
        punct(token::BREAK, 0, &mut seg);
        for (li, ti, new, conf) in direct {
            replacements[li].push((ti, Cow::Owned(new), conf));
        }
        // 5. rebuild changed lines
        let mut changes = Vec::new();
        if list_changes {
            changes.reserve(replacements.iter().map(Vec::len).sum());
        }
        for (li, mut reps) in replacements.into_iter().enumerate() {
            if reps.is_empty() {
                continue;
            }
            reps.sort_by_key(|r| r.0);
            let line = lines[li];
            let mut s = String::with_capacity(line.len() + 16);
            let mut at = 0;
            for (ti, new, conf) in reps {
                let t = toks[li][ti].t;
                if t.start < at || t.end > line.len() {
                    continue; // never two changes to one token
                }
                s.push_str(&line[at..t.start]);
                s.push_str(&new);
                at = t.end;
                stats.restored += 1;
                if conf < low_confidence {
                    stats.low_confidence += 1;
                }
                if list_changes {
                    changes.push(Change {
                        line: li,
                        start: t.start,
                        end: t.end,
                        original: line[t.start..t.end].to_string(),
                        restored: new.into_owned(),
                        confidence: conf,
                    });
                }
            }
            s.push_str(&line[at..]);
            out[li] = Some(s);
        }
        (out, changes, stats)
    }

    /// Decodes one segment and records its changes.
    fn decode_segment<'a>(
        &self,
        lx: &View<'a>,
        seg: &mut Segment,
        (toks, lines): (&[Vec<Tok>], &[&str]),
        (ocr_like, caps_lines): (bool, &[bool]),
        replacements: &mut [Vec<Replacement<'a>>],
        memory: &mut Memory,
    ) {
        if !seg.pos.iter().any(|p| p.changeable) {
            return;
        }
        self.apply_phrases(lx, seg, toks, lines);
        let cands: Vec<&[(u32, f32)]> = seg.pos.iter().map(|p| seg.cands(p)).collect();
        let path = lm::decode(lx, &cands, &memory.pairs);
        let ids: Vec<u32> = path.iter().zip(&cands).map(|(&i, c)| c[i].0).collect();
        for &id in &ids {
            memory.read(id);
        }
        // what was read where there was a choice (a position fixed by a known phrase is the
        // surest reading of all)
        let choice = |t: usize| {
            seg.pos[t].changeable
                && (cands[t].len() > 1
                    || id_is_syl(ids[t]) && lx.variants(lx.fold_of(ids[t])).len() > 1)
        };
        let mut before = false;
        for t in 0..ids.len() {
            let here = choice(t);
            if here {
                memory.seen(ids[t]);
            }
            if t > 0 && (here || before) && id_is_syl(ids[t]) && id_is_syl(ids[t - 1]) {
                memory.pairs.seen(ids[t - 1], ids[t]);
            }
            before = here;
        }
        // the syllables read so far of a token written as several: (line, token, text, the
        // least confidence)
        let mut glued: Option<(usize, usize, String, f32)> = None;
        for (t, p) in seg.pos.iter().enumerate() {
            if !p.changeable {
                continue;
            }
            if let Some((a, b)) = p.part {
                let tk = &toks[p.line][p.tok];
                let core = &lines[p.line][tk.t.start..tk.t.end];
                let piece = &core[a..b];
                let id = ids[t];
                let g = glued.get_or_insert_with(|| (p.line, p.tok, String::new(), 1.0));
                if id >= lexicon::FIRST_SYL {
                    g.2.push_str(&token::apply_case(lx.syl(id), piece));
                    g.3 = g.3.min(lm::confidence(lx, &cands, &ids, path[t], t));
                } else {
                    g.2.push_str(piece);
                }
                if b == core.len() {
                    if let Some((line, tok, new, conf)) = glued.take() {
                        if new != core {
                            replacements[line].push((tok, Cow::Owned(new), conf));
                        }
                    }
                }
                continue;
            }
            let id = ids[t];
            if id < lexicon::FIRST_SYL {
                continue;
            }
            let tk = &toks[p.line][p.tok];
            let core = &lines[p.line][tk.t.start..tk.t.end];
            let syl = lx.syl(id);
            if eq_lower(syl, core) {
                continue; // the same word: its case is the document's business
            }
            let mut new = token::apply_case_of(syl, tk.case);
            if ocr_like
                && !caps_lines[p.line]
                && core.chars().count() <= 2
                && tk.case == token::Case::Upper
            {
                // OCR prints "Bộ" as "BO": two capitals in a line of small letters
                new = Cow::Owned(token::apply_case(syl, "Ab"));
            }
            if new != core {
                let conf = lm::confidence(lx, &cands, &ids, path[t], t);
                replacements[p.line].push((p.tok, new, conf));
            }
        }
    }

    /// Fixes the syllables of known phrases (matched on their stripped form, longest first).
    fn apply_phrases(&self, lx: &View, seg: &mut Segment, toks: &[Vec<Tok>], lines: &[&str]) {
        // stripped form of each position, and the syllable it must keep (if fixed)
        let arena = &seg.arena;
        let keys: Vec<Option<(u32, Option<u32>)>> = seg
            .pos
            .iter()
            .map(|p| {
                if p.tok == usize::MAX && arena[p.start].0 == PUNCT {
                    return Some((0, Some(PUNCT))); // a comma or dash inside a phrase
                }
                match toks
                    .get(p.line)
                    .and_then(|l| l.get(p.tok))
                    .map(|t| t.class)
                    .unwrap_or(Class::Break)
                {
                    Class::Plain(fid, _) if p.changeable => Some((fid, None)),
                    Class::Marked(_) | Class::Fixed(_) | Class::Plain(_, _)
                        if !p.changeable && id_is_syl(arena[p.start].0) =>
                    {
                        let id = arena[p.start].0;
                        Some((lx.fold_of(id), Some(id)))
                    }
                    _ => None,
                }
            })
            .collect();
        let n = seg.pos.len();
        let mut i = 0;
        let mut fids: Vec<u32> = Vec::with_capacity(lexicon::MAX_PHRASE);
        while i < n {
            let mut matched = 0;
            let max = match (keys[i], keys.get(i + 1).copied().flatten()) {
                (Some((f0, _)), Some((f1, _))) => lx.phrase_start(f0, f1).min(n - i),
                _ => 0,
            };
            for len in (2..=max).rev() {
                fids.clear();
                let mut ok = true;
                for k in &keys[i..i + len] {
                    match k {
                        Some((f, _)) => fids.push(*f),
                        None => {
                            ok = false;
                            break;
                        }
                    }
                }
                if !ok {
                    continue;
                }
                let Some(ph) = lx.phrase(&fids) else {
                    continue;
                };
                let consistent = keys[i..i + len].iter().zip(ph).all(|(k, id)| {
                    k.is_some_and(|(_, fixed)| fixed.is_none_or(|f| f == id.get() as u32))
                });
                if !consistent {
                    continue;
                }
                // two syllables are too little context unless both are capitalized (a name):
                // "Đà Nẵng", but "đã nâng cấp"
                if len == 2
                    && !seg.pos[i..i + 2].iter().all(|p| {
                        toks.get(p.line)
                            .and_then(|l| l.get(p.tok))
                            .is_some_and(|t| {
                                crate::text::starts_upper(&lines[p.line][t.t.start..t.t.end])
                            })
                    })
                {
                    continue;
                }
                let any_changeable = seg.pos[i..i + len].iter().any(|p| p.changeable);
                if !any_changeable {
                    continue;
                }
                for (p, &id) in seg.pos[i..i + len].iter_mut().zip(ph) {
                    if p.changeable {
                        seg.arena[p.start] = (id.get() as u32, 0.0);
                        p.len = 1;
                    }
                }
                matched = len;
                break;
            }
            i += matched.max(1);
        }
    }

    /// The candidates of a word read through the OCR channel; `own`: the stripped form of a
    /// lone letter, whose spellings stay candidates; `name`: capitalized inside a sentence, the
    /// candidates are weighed (half as much as stripped words) by how often the corpus
    /// capitalizes them there.
    fn ocr_position(
        &self,
        lx: &View,
        core: &str,
        cache: &mut ocr::CandidateCache,
        own: Option<u32>,
        name: bool,
        memory: &std::cell::RefCell<Memory>,
    ) -> Vec<(u32, f32)> {
        let mut c = cache.get(lx, core);
        if let Some(fid) = own {
            let mine: Vec<(u32, f32)> = lx
                .variants(fid)
                .iter()
                .take(lm::MAX_CANDIDATES)
                .map(|x| (x.0, 0.0))
                .collect();
            c.retain(|x| x.0 != UNK && !mine.iter().any(|m| m.0 == x.0));
            c.splice(0..0, mine);
            c.truncate(lm::MAX_OCR_CANDIDATES);
        }
        if name && c.len() > 1 {
            let cs = lx.cap_scores(&c);
            for (x, s) in c.iter_mut().zip(cs) {
                x.1 += 0.5 * s;
            }
        }
        memory.borrow().weigh(lx, &mut c, MEMORY_WEIGHT_OCR);
        c
    }
}

/// How often the document's earlier sentences were read with each syllable (and each pair of
/// syllables, `pairs`) where they were restored: a word a document repeats is most often the
/// same word ("Sở" of the department that wrote it, "đô thị" in an urban planning law).
#[derive(Default)]
struct Memory {
    /// by syllable id
    count: Vec<u32>,
    pairs: lm::PairMemory,
    /// every syllable the document was read with so far (chosen or not), by id, and their sum
    read: Vec<u32>,
    read_total: u32,
    /// the syllable tokens of the corpus
    corpus_tokens: f32,
}

impl Memory {
    fn read(&mut self, id: u32) {
        if id_is_syl(id) {
            let i = id as usize;
            if self.read.len() <= i {
                self.read.resize(i + 1, 0);
            }
            self.read[i] += 1;
            self.read_total += 1;
        }
    }

    /// ln of how many times more often the document uses a syllable than the corpus does, when
    /// more (0 otherwise, and for a syllable read once): the document's topic ("đê" of a law
    /// on dikes, "thư viện" of one on libraries), that the corpus, written on other topics,
    /// gives too little weight. (The counts are smoothed towards the corpus's share.)
    fn topic(&self, lx: &View, id: u32) -> f32 {
        let n = self.read.get(id as usize).copied().unwrap_or(0);
        if n < 2 || self.corpus_tokens <= 0.0 {
            return 0.0;
        }
        let p = (lx.unigram(id) as f32 + 0.5) / self.corpus_tokens;
        let share = (n as f32 + TOPIC_PRIOR * p) / (self.read_total as f32 + TOPIC_PRIOR);
        // (a ratio of at most 1, or NaN, has a logarithm of at most 0: 0 without computing it)
        let ratio = share / p;
        if ratio > 1.0 {
            ratio.ln().max(0.0)
        } else {
            0.0
        }
    }

    fn seen(&mut self, id: u32) {
        if id_is_syl(id) {
            let i = id as usize;
            if self.count.len() <= i {
                self.count.resize(i + 1, 0);
            }
            self.count[i] += 1;
        }
    }

    /// Adds to each candidate's emission score how often it was read before, relative to the
    /// other candidates (`w`), and how much more often the document reads it than the corpus
    /// (`TOPIC_WEIGHT`).
    fn weigh(&self, lx: &View, cands: &mut [(u32, f32)], w: f32) {
        if cands.len() < 2 {
            return;
        }
        if self.read_total > 0 {
            for c in cands.iter_mut().filter(|c| id_is_syl(c.0)) {
                c.1 += TOPIC_WEIGHT * self.topic(lx, c.0);
            }
        }
        if self.count.is_empty() {
            return;
        }
        // (the loops run over the candidates there are, not the array's length)
        let m = cands.len().min(lm::MAX_OCR_CANDIDATES);
        let mut n = [0f32; lm::MAX_OCR_CANDIDATES];
        let mut total = 0.0;
        for (nk, c) in n[..m].iter_mut().zip(&cands[..m]) {
            *nk = self.count.get(c.0 as usize).copied().unwrap_or(0) as f32;
            total += *nk;
        }
        if total < 2.0 {
            return;
        }
        let k = cands.iter().filter(|c| id_is_syl(c.0)).count() as f32;
        let below = ln_of_count(total + MEMORY_PRIOR * k);
        for (c, &n) in cands[..m].iter_mut().zip(&n[..m]) {
            // (keeping a word as printed is no reading of it)
            if id_is_syl(c.0) {
                let above = if n == 0.0 {
                    0.0
                } else {
                    ln_of_count(n + MEMORY_PRIOR)
                };
                c.1 += w * (above - below);
            }
        }
    }
}

/// `x.ln()`, read from a table for the small whole numbers the memory's counts add up to
/// (the same `f32::ln`, computed once: the same bits).
#[inline]
fn ln_of_count(x: f32) -> f32 {
    const SMALL: usize = 4096;
    static TABLE: OnceLock<Vec<f32>> = OnceLock::new();
    // (`as` saturates: a negative or NaN x gives 0, which is no whole number equal to it)
    let i = x as usize;
    if i < SMALL && i != 0 && i as f32 == x {
        TABLE.get_or_init(|| (0..SMALL).map(|i| (i as f32).ln()).collect())[i]
    } else {
        x.ln()
    }
}

/// Most spellings of a stripped word the decoder weighs, and the rarest (ln P(spelling |
/// stripped form), about 1 in 4 900): crowded forms have right spellings beyond the 8 of
/// `View::candidates` ("giúp đỡ", "thăm dò", "dễ dàng", "di dời": the 9th and 10th spellings
/// of "do", "dang", "doi"). Chosen on the development set.
const STRIPPED_CANDIDATES: usize = 12;
const MIN_STRIPPED_VARIANT_LN: f32 = -8.5;

/// A spelling without marks that the corpus gives its stripped form less often than this
/// (ln 0.01) is mostly the corpus's own stripped text (file names, "Dich vu …doc"), not a
/// word: it loses `RARE_UNMARKED_PENALTY` (nats), so that such text, whose stripped pairs
/// are bigrams of the corpus, does not pull a stripped document into it ("dich vu" for
/// "dịch vụ"). Chosen on the development set.
const RARE_UNMARKED_LN: f32 = -4.605_17;
const RARE_UNMARKED_PENALTY: f32 = 1.0;

/// Pseudo-count of every candidate in the memory.
const MEMORY_PRIOR: f32 = 1.0;
/// Weight of the memory for stripped words and for words read through the OCR channel (whose
/// readings are less sure).
const MEMORY_WEIGHT: f32 = 0.5;
const MEMORY_WEIGHT_OCR: f32 = 0.5;
/// Weight of the document's topic (`Memory::topic`): the exponent of an adapted unigram
/// model, P(w | history) × (P_document(w) / P_corpus(w))^β (Kneser, Peters & Klakow 1997,
/// "minimum discriminant information" adaptation), chosen on the development set.
const TOPIC_WEIGHT: f32 = 0.6;
/// Pseudo-count (in syllable tokens) drawing the document's share of a syllable towards the
/// corpus's.
const TOPIC_PRIOR: f32 = 1000.0;

/// Administrative abbreviations the model reads as the words they stand for, so that the words
/// around them keep their context ("UBND tinh" → "UBND tỉnh"). Written for this project.
const EXPANSIONS: &[(&str, &str)] = &[
    ("UBND", "ủy ban nhân dân"),
    ("HĐND", "hội đồng nhân dân"),
    ("MTTQ", "mặt trận tổ quốc"),
    ("UBMTTQ", "ủy ban mặt trận tổ quốc"),
    ("KH&CN", "khoa học và công nghệ"),
    ("KHCN", "khoa học công nghệ"),
    ("CNTT", "công nghệ thông tin"),
    ("ĐMST", "đổi mới sáng tạo"),
    ("CĐS", "chuyển đổi số"),
    ("NSNN", "ngân sách nhà nước"),
    ("BCĐ", "ban chỉ đạo"),
    ("BCH", "ban chấp hành"),
    ("TW", "trung ương"),
    ("TƯ", "trung ương"),
    ("TU", "tỉnh ủy"),
    ("ĐBQH", "đại biểu quốc hội"),
    ("GĐ", "giám đốc"),
    ("PGĐ", "phó giám đốc"),
    ("VP", "văn phòng"),
    ("CP", "chính phủ"),
    ("TTg", "thủ tướng"),
    ("DN", "doanh nghiệp"),
    ("KT-XH", "kinh tế xã hội"),
];

/// Letters and digits that make a code, not a damaged word: "5G", "QH13", "R&D", "KH&CN",
/// "7b", "H2O".
/// The letter (lowercase) of a list item's label that `t`, the first token of `line`, is:
/// one letter followed by `)` or `.` ("a)", "(b)", "đ.").
fn list_label(line: &str, t: &Token) -> Option<char> {
    let mut letters = line[t.start..t.end].chars();
    let letter = letters.next()?.to_lowercase().next()?;
    let label =
        letters.next().is_none() && t.kind == Kind::Word && line[t.end..].starts_with([')', '.']);
    label.then_some(letter)
}

/// The shape of a unit with its power: one to three ASCII letters and a digit ("m2",
/// "km2", "cm3").
fn is_unit(core: &str) -> bool {
    let b = core.as_bytes();
    (2..=4).contains(&b.len())
        && b[b.len() - 1].is_ascii_digit()
        && b[..b.len() - 1].iter().all(u8::is_ascii_alphabetic)
}

fn looks_like_code(core: &str) -> bool {
    let letters = core.chars().filter(|c| crate::text::is_letter(*c)).count();
    let upper = core.chars().filter(|c| c.is_uppercase()).count();
    let digits = core.chars().filter(|c| c.is_ascii_digit()).count();
    let first_digit = core.chars().next().is_some_and(|c| c.is_ascii_digit());
    letters == 0
        || (upper == letters && letters >= 2)
        // "5G", "5a" (but OCR prints "là" as "1a": 1 stands for l)
        || (first_digit && letters == 1 && (upper == 1 || !core.starts_with('1')))
        || digits >= 3
}

/// `lower == core.to_lowercase()`, without allocating.
fn eq_lower(lower: &str, core: &str) -> bool {
    let mut a = lower.chars();
    for c in core.chars().flat_map(char::to_lowercase) {
        if a.next() != Some(c) {
            return false;
        }
    }
    a.next().is_none()
}

/// A token's new text: (token index in its line, text, confidence). A lowercase syllable is
/// the lexicon's own string, not a copy.
type Replacement<'a> = (usize, Cow<'a, str>, f32);

fn id_is_syl(id: u32) -> bool {
    id >= lexicon::FIRST_SYL
}

/// `line` with its `changes` (all of this line, in order), the low-confidence ones marked.
fn annotate_line(line: &str, changes: &[Change], options: &RestoreOptions) -> String {
    let mut s = String::with_capacity(line.len() + 32);
    let mut at = 0;
    for c in changes {
        s.push_str(&line[at..c.start]);
        if c.confidence < options.low_confidence {
            s.push_str(&format!("⟦{}?{}⟧", c.restored, c.original));
        } else {
            s.push_str(&c.restored);
        }
        at = c.end;
    }
    s.push_str(&line[at..]);
    s
}

/// The syllables of a word of small ASCII letters written without the spaces between them
/// ("danso", "thongtin"): the split into two syllables (else three, else four), each of at
/// least two letters or a lone vowel ("odau", "ở đâu"), each a stripped form the lexicon
/// knows and of a syllable's shape, each two neighbours
/// spellings (among the decoder's candidates) of a bigram of the corpus ("dân số"; English
/// words that happen to split into syllable shapes, "Telecom", "machine", seldom do), the one
/// whose syllables are the most frequent; their byte ranges and fold ids. None when there is
/// no such split.
fn glued_syllables(lx: &View, core: &str) -> Option<Vec<(usize, usize, u32)>> {
    let n = core.len();
    if !(4..=21).contains(&n) || !core.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    // (each piece looked up once: a word may be tried in many splits)
    let pieces = std::cell::RefCell::new(crate::hash::FxMap::default());
    let piece = |a: usize, b: usize| -> Option<(u32, f32)> {
        *pieces
            .borrow_mut()
            .entry((a, b))
            .or_insert_with(|| glued_piece(lx, &core[a..b]))
    };
    // (any spellings of the two sides the decoder would consider: "tương lai" of "tuonglai"
    // is the second spelling of "tuong" and the fourth of "lai")
    let joined = |x: u32, y: u32| {
        lx.candidates(x)
            .any(|(b, _)| lx.candidates(y).any(|(c, _)| lx.has_bigram(b, c)))
    };
    type Split = Option<(f32, Vec<(usize, usize, u32)>)>;
    let mut best: Split = None;
    let consider = |best: &mut Split, score: f32, parts: Vec<(usize, usize, u32)>| {
        if best.as_ref().is_none_or(|b| score > b.0) {
            *best = Some((score, parts));
        }
    };
    // (fewer syllables first: a split into three only where none into two, …)
    for parts in 2..=MAX_GLUED_SYLLABLES {
        let mut cuts = Vec::with_capacity(parts);
        split_glued(
            n,
            parts,
            0,
            &piece,
            &joined,
            &mut cuts,
            &mut |parts, score| consider(&mut best, score, parts),
        );
        if best.is_some() {
            break;
        }
    }
    best.map(|b| b.1)
}

/// Most syllables of a word written without the spaces between them ("thôngtinthưviện").
const MAX_GLUED_SYLLABLES: usize = 4;

/// A piece of a word written together, if it is a syllable: a stripped form the lexicon knows,
/// of a syllable's shape, of two letters or more or a lone vowel ("ở" of "ởđâu", "ý" of
/// "ýkiến"); its fold id and the log count of its likeliest spelling.
fn glued_piece(lx: &View, piece: &str) -> Option<(u32, f32)> {
    let lone_vowel = piece.len() == 1 && piece.bytes().all(|c| b"aeiouyAEIOUY".contains(&c));
    if piece.len() < 2 && !lone_vowel {
        return None;
    }
    let p = piece.to_ascii_lowercase();
    if !lexicon::syllable_shape(&p) {
        return None;
    }
    let fid = lx.fold_id(&p)?;
    let (id, _) = lx.variants(fid).first()?;
    Some((fid, (lx.unigram(id) as f32 + 1.0).ln()))
}

/// Calls `each` with every split of `at..n` into `parts` pieces, after the pieces `cuts`
/// already made, whose pieces are syllables (`piece`) and whose neighbours are joined by a
/// bigram (`joined`), with the least of all the pieces' scores.
fn split_glued(
    n: usize,
    parts: usize,
    at: usize,
    piece: &dyn Fn(usize, usize) -> Option<(u32, f32)>,
    joined: &dyn Fn(u32, u32) -> bool,
    cuts: &mut Vec<(usize, usize, u32, f32)>,
    each: &mut dyn FnMut(Vec<(usize, usize, u32)>, f32),
) {
    let ends = if parts == 1 { n..n + 1 } else { at + 1..n };
    for end in ends {
        let Some((fid, score)) = piece(at, end) else {
            continue;
        };
        if cuts.last().is_some_and(|c| !joined(c.2, fid)) {
            continue;
        }
        cuts.push((at, end, fid, score));
        if parts == 1 {
            let least = cuts.iter().map(|c| c.3).fold(f32::INFINITY, f32::min);
            each(cuts.iter().map(|c| (c.0, c.1, c.2)).collect(), least);
        } else {
            split_glued(n, parts - 1, end, piece, joined, cuts, each);
        }
        cuts.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A syllable the document reads far more often than the corpus weighs more; one read at
    /// about the corpus's rate, or read once, does not.
    #[test]
    fn topic_weighs_what_the_document_reads_more_than_the_corpus() {
        let r = Restorer::embedded();
        let lx = r.lexicon().view();
        let id = |s: &str| lx.id_of(s).unwrap();
        let mut m = Memory {
            corpus_tokens: r.0.corpus_tokens,
            ..Default::default()
        };
        let (de_dike, de_to, va) = (id("đê"), id("để"), id("và"));
        assert!(lx.unigram(de_dike) * 50 < lx.unigram(de_to));
        for _ in 0..300 {
            m.read(id("hàng"));
        }
        m.read(de_dike);
        assert_eq!(m.topic(&lx, de_dike), 0.0, "read once");
        for _ in 0..30 {
            m.read(de_dike);
            m.read(de_to);
        }
        let (dike, to) = (m.topic(&lx, de_dike), m.topic(&lx, de_to));
        assert!(dike > 2.0 && dike > to + 1.0, "{dike} {to}");
        assert_eq!(m.topic(&lx, va), 0.0, "never read");
        let mut c = [(de_to, 0.0), (de_dike, 0.0)];
        m.weigh(&lx, &mut c, MEMORY_WEIGHT);
        assert!(c[1].1 > c[0].1, "{c:?}");
    }

    /// A stripped document is not drawn into the corpus's own stripped text (file names):
    /// "dich vu" is "dịch vụ".
    #[test]
    fn rare_unmarked_spellings_lose() {
        let opts = RestoreOptions::default();
        let out = restore_text(
            "Dinh muc kinh te - ky thuat dich vu suu tam tai lieu dac biet",
            &opts,
        );
        assert_eq!(
            out.text,
            "Định mức kinh tế - kỹ thuật dịch vụ sưu tầm tài liệu đặc biệt"
        );
    }

    /// Right spellings beyond the likeliest eight of a crowded stripped form are weighed:
    /// "đỡ", "dò" of "do", "dàng" of "dang", "dời" of "doi".
    #[test]
    fn crowded_forms_keep_their_rarer_spellings() {
        let clean = "Cơ quan tư vấn và giúp đỡ gia đình thực hiện xét nghiệm thăm dò vô sinh, \
                     di dời cơ sở và tiếp cận dễ dàng thuận lợi.";
        let stripped = crate::text::strip_diacritics(clean);
        assert_eq!(
            restore_text(&stripped, &RestoreOptions::default()).text,
            clean
        );
    }

    /// The table gives `f32::ln`'s own bits, inside it and around it.
    #[test]
    fn ln_of_count_is_ln() {
        for i in 0..5000 {
            for x in [i as f32, i as f32 + 0.5] {
                assert_eq!(ln_of_count(x).to_bits(), x.ln().to_bits(), "{x}");
            }
        }
        assert!(ln_of_count(-1.0).is_nan());
    }

    /// The pipeline, which lists no changes, writes the same text as `restore_text`, which
    /// does: a stripped document (lowercase, title case, capitals) and a correct document with
    /// one stripped line.
    #[test]
    fn pipeline_text_is_restore_text() {
        for text in [
            "KE HOACH\nTrien khai thuc hien Nghi quyet so 57-NQ/TW cua Bo Chinh tri\nve dot pha phat trien khoa hoc, cong nghe",
            "Kế hoạch triển khai thực hiện Nghị quyết\nve dot pha phat trien khoa hoc cong nghe\nđổi mới sáng tạo và chuyển đổi số quốc gia",
        ] {
            let listed = restore_text(text, &RestoreOptions::default());
            assert!(!listed.changes.is_empty(), "{text}");
            let lines = crate::layout::tests::lines_of(text);
            let (out, stats) = restore_lines(lines, RestoreMode::Auto, None);
            let texts: Vec<&str> = out.iter().map(|l| l.text.as_str()).collect();
            assert_eq!(texts.join("\n"), listed.text);
            assert_eq!(stats, listed.stats);
        }
    }

    /// Syllables written together split where each part is a syllable the lexicon knows.
    #[test]
    fn glued_syllables_split() {
        let lx = Restorer::embedded().lexicon().view();
        let parts = |w: &'static str| {
            glued_syllables(&lx, w).map(|v| v.iter().map(|&(a, b, _)| &w[a..b]).collect::<Vec<_>>())
        };
        assert_eq!(parts("danso"), Some(vec!["dan", "so"]));
        assert_eq!(parts("thongtin"), Some(vec!["thong", "tin"]));
        // "tương lai", "cân nặng": spellings below the three likeliest of their forms
        assert_eq!(parts("tuonglai"), Some(vec!["tuong", "lai"]));
        assert_eq!(parts("cannang"), Some(vec!["can", "nang"]));
        // a lone vowel ("ở"), four syllables
        assert_eq!(parts("onuocngoai"), Some(vec!["o", "nuoc", "ngoai"]));
        assert_eq!(
            parts("thongtinthuvien"),
            Some(vec!["thong", "tin", "thu", "vien"])
        );
        assert_eq!(parts("dan"), None);
        assert_eq!(parts("document"), None);
        assert_eq!(parts("https"), None);
        assert_eq!(parts("Telecom"), None);
        assert_eq!(parts("machine"), None);
    }

    /// A stripped sentence whose words lost a space between them comes back marked, the
    /// words still written together; English words stay as they are.
    #[test]
    fn glued_words_are_restored_together() {
        let opts = RestoreOptions::default();
        let out = restore_text(
            "Cong tac danso va ke hoach hoa gia dinh trong tinh hinh moi cua dat nuoc",
            &opts,
        );
        assert!(out.text.contains(" dânsố "), "{}", out.text);
        assert!(out.text.starts_with("Công tác"), "{}", out.text);
        let en = "Run the converter on every document of the folder and write the output";
        assert_eq!(restore_text(en, &opts).text, en);
        // (most words of the line glued: no sign of another language)
        let glued = "Cac doanh nghiep hoatdong trong linhvuc thongtin va truyenthong cua tinh";
        assert_eq!(
            restore_text(glued, &opts).text,
            "Các doanh nghiệp hoạtđộng trong lĩnhvực thôngtin và truyềnthông của tỉnh"
        );
        let one = "Nguoi dinh cu onuocngoai va can bo thongtinthuvien cua tinh";
        assert_eq!(
            restore_text(one, &opts).text,
            "Người định cư ởnướcngoài và cán bộ thôngtinthưviện của tỉnh"
        );
        let names = "Cong ty ky hop dong tai Saigon ngay hom qua";
        assert!(restore_text(names, &opts).text.contains(" Saigon "));
        // a capital where a sentence starts is no sign of a name
        let first = "Mattran To quoc Viet Nam va cac doan the nhan dan co trach nhiem";
        assert!(
            restore_text(first, &opts)
                .text
                .starts_with("Mặttrận Tổ quốc"),
            "{}",
            restore_text(first, &opts).text
        );
    }
}
