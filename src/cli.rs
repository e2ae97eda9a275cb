//! The command line: argument parsing and the commands, as a library function so that the
//! `vanban` binary (src/main.rs) and the Python package (`python -m vanban`) run the same program.

use crate as vanban;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use vanban::batch::progress::{Reporter, Verbosity};
use vanban::batch::{BatchError, BatchOptions, Sources};
use vanban::export::Format;
use vanban::ingest::ocr::{OcrMode, OcrOptions};
use vanban::{ConvertOptions, RestoreMode};

const EXIT_CODES: &str = "\
Exit codes:
  0    every input converted (or skipped as asked with --skip-existing)
  1    some input failed (each reported on standard error with its path and reason; the others
       are still written), nothing to convert, or an output could not be written
  2    bad usage
  130  interrupted (Ctrl-C; 143 for SIGTERM): finished outputs kept, no temporary file left";

const CONVERT_EXAMPLES: &str = "\
Examples:
  vanban convert plan.pdf                        JSON on standard output
  vanban convert plan.pdf -o plan.md             Markdown (format from the extension)
  cat plan.pdf | vanban convert - --format text  standard input, plain text out
  vanban convert archive/ -o out/ -j 4           a folder, one JSON per document
  vanban convert archive/ -o out/ --skip-existing   resume an interrupted batch
  find . -name '*.pdf' | vanban convert --files-from - --format jsonl | jq .document.number
  vanban convert plans/ -o plans.xlsx            tasks, indicators and documents for Excel";

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Vietnamese government documents to structured JSON, Markdown, text, CSV and Excel",
    after_help = EXIT_CODES,
    propagate_version = true
)]
struct Cli {
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each converted file and each output that already existed.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert documents: files, folders (walked for the formats vanban reads), `-` for
    /// standard input, or a list of paths (--files-from).
    #[command(after_help = format!("{CONVERT_EXAMPLES}\n\n{EXIT_CODES}"))]
    Convert {
        /// Files or folders; `-` reads standard input (the format is told from the bytes).
        #[arg(required_unless_present = "files_from", value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// Read input paths from FILE, one per line (`-`: standard input), as they come.
        #[arg(long, value_name = "FILE")]
        files_from: Option<PathBuf>,
        /// Output: a folder (a file per document, or the batch's combined files), or a file
        /// for one document, a JSON Lines stream or a workbook. Default: standard output.
        #[arg(short = 'o', long = "out", value_name = "FILE|DIR")]
        out: Option<PathBuf>,
        /// Output format [default: from -o's extension, else json].
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// Worker threads (default: one per core).
        #[arg(short = 'j', long, value_name = "N")]
        jobs: Option<usize>,
        #[arg(long, value_enum, default_value_t = Restore::Auto)]
        restore: Restore,
        /// Text encoding: auto, utf-8, tcvn3, vni, cp1258.
        #[arg(long, default_value = "auto")]
        encoding: vanban::ingest::Encoding,
        /// Restoration lexicon to use instead of the embedded one.
        #[arg(long, value_name = "FILE")]
        lexicon: Option<PathBuf>,
        /// OCR (Tesseract, Vietnamese): auto = scanned pages, images and unreadable text
        /// layers; always = every page; never = text layers only.
        #[arg(long, value_enum, default_value_t = Ocr::Auto)]
        ocr: Ocr,
        /// Skip inputs whose output exists (resume a batch; with jsonl or csv, add only the
        /// inputs the existing files do not hold).
        #[arg(long)]
        skip_existing: bool,
        /// Convert in this process, not in worker processes: a crash on one document (stack
        /// overflow, abort) then ends the whole batch.
        #[arg(long)]
        in_process: bool,
        /// Stop converting a document after SECONDS and report it as failed (the batch goes
        /// on). Not with --in-process.
        #[arg(long, value_name = "SECONDS", conflicts_with = "in_process")]
        time_limit: Option<f64>,
        /// Stop converting a document once its worker holds more than MIB mebibytes of memory
        /// and report it as failed (the batch goes on). Default 4096; 0: no limit. Not with
        /// --in-process.
        #[arg(long, value_name = "MIB", conflicts_with = "in_process")]
        memory_limit: Option<u64>,
    },
    /// Restore missing or OCR-damaged diacritics: text in (FILE or - for standard input),
    /// restored text out, line structure kept.
    #[command(after_help = EXIT_CODES)]
    Restore {
        #[arg(default_value = "-")]
        input: PathBuf,
        /// Mark low-confidence restorations: ⟦restored?original⟧.
        #[arg(long)]
        annotate: bool,
        #[arg(long, value_enum, default_value_t = Restore::Auto)]
        mode: Restore,
        /// Restoration lexicon to use instead of the embedded one.
        #[arg(long, value_name = "FILE")]
        lexicon: Option<PathBuf>,
    },
    /// Build a restoration lexicon from clean text (files or folders; X.ocr.txt beside X.txt
    /// trains the OCR channel; *.phrases.txt are curated phrase lists).
    Lexicon {
        #[command(subcommand)]
        action: LexiconAction,
    },
    /// Compare a plan (OTHER) with the plan it implements (BASE): tasks taken up, leads,
    /// deadlines, localized targets. Each side a document, the JSON `convert` wrote, or `-`.
    #[command(after_help = EXIT_CODES)]
    Diff {
        base: PathBuf,
        other: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Json)]
        format: DiffFormat,
        /// Language of the report's labels (md, html, xlsx).
        #[arg(long, value_enum, default_value_t = DiffLang::Vi)]
        lang: DiffLang,
        /// Write the report to FILE instead of standard output.
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print the JSON Schema of the output (`--diff`: of the diff report).
    Schema {
        #[arg(long)]
        diff: bool,
    },
    /// Print a shell completion script, e.g.
    /// `vanban completions bash > ~/.local/share/bash-completion/completions/vanban`.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command into DIR, e.g.
    /// `vanban man | man -l -`.
    Man {
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
enum LexiconAction {
    Build {
        #[arg(required = true)]
        corpus: Vec<PathBuf>,
        #[arg(
            short = 'o',
            long = "out",
            value_name = "FILE",
            default_value = "data/lexicon.bin"
        )]
        out: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Json,
    Md,
    Html,
    /// An Excel workbook (give -o FILE, or redirect standard output).
    Xlsx,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffLang {
    Vi,
    En,
}

#[derive(Clone, Copy, ValueEnum)]
enum Ocr {
    Auto,
    Always,
    Never,
}

impl From<Ocr> for OcrMode {
    fn from(o: Ocr) -> OcrMode {
        match o {
            Ocr::Auto => OcrMode::Auto,
            Ocr::Always => OcrMode::Always,
            Ocr::Never => OcrMode::Never,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum Restore {
    Auto,
    Always,
    Never,
}

impl From<Restore> for RestoreMode {
    fn from(r: Restore) -> RestoreMode {
        match r {
            Restore::Auto => RestoreMode::Auto,
            Restore::Always => RestoreMode::Always,
            Restore::Never => RestoreMode::Never,
        }
    }
}

/// A failed command: its message (if any) and exit code.
struct Exit(u8, Option<String>);

impl Exit {
    fn usage(message: impl Into<String>) -> Exit {
        Exit(2, Some(message.into()))
    }
    fn failure(message: impl Into<String>) -> Exit {
        Exit(1, Some(message.into()))
    }
}

/// Writes to standard output; a closed pipe (`| head`) ends the program quietly with success.
fn print(bytes: &[u8]) -> Result<(), Exit> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Exit(0, None)),
        Err(e) => Err(Exit::failure(format!("standard output: {e}"))),
    }
}

/// The restorer of the lexicon file `path` (memory-mapped), or `None` for the embedded one.
fn open_lexicon(path: Option<&Path>) -> Result<Option<vanban::restore::Restorer>, Exit> {
    path.map(|p| {
        vanban::restore::Restorer::open(p).map_err(|e| Exit::usage(format!("{}: {e}", p.display())))
    })
    .transpose()
}

fn read_input(path: &Path) -> Result<Vec<u8>, Exit> {
    if vanban::batch::inputs::is_stdin(path) {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| Exit::failure(format!("standard input: {e}")))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| Exit::failure(format!("{}: {e}", path.display())))
    }
}

/// Runs the command line on `args` (the program name first, as `std::env::args_os` gives it)
/// and returns the exit code (see `EXIT_CODES`). Sets a panic hook that reports a panic in one
/// line, and signal handlers that remove temporary files on SIGINT/SIGTERM: the process is the
/// command's.
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    // A panic in vanban's code is a bug; the batch turns it into that file's error and goes
    // on. One line is enough here, not a backtrace per file. A panic inside a dependency is
    // reported by the code that catches it (lopdf's parser: a malformed file; the workbook
    // writer: a full disk), without this line.
    std::panic::set_hook(Box::new(|info| {
        let Some(at) = info.location() else {
            return eprintln!("vanban: internal error");
        };
        if at.file().starts_with("src/") {
            eprintln!("vanban: internal error at {}:{}", at.file(), at.line());
        }
    }));
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to standard output and succeed; errors go to standard
            // error with clap's usage exit code.
            let _ = e.print();
            return u8::try_from(e.exit_code()).unwrap_or(2);
        }
    };
    // Interrupted, a command removes its temporary files (outputs are written through them).
    if let Err(e) = vanban::batch::remove_temporaries_on_signals() {
        eprintln!("vanban: cannot watch for interruptions: {e}");
    }
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => Verbosity::Quiet,
        (_, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    // A panic no stage caught still ends with a message and exit code 1.
    let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        run_command(cli.command, verbosity)
    }));
    match ran.unwrap_or_else(|panic| Err(Exit::failure(vanban::batch::internal_error(&*panic)))) {
        Ok(()) => 0,
        Err(Exit(code, message)) => {
            if let Some(m) = message {
                eprintln!("vanban: {m}");
            }
            code
        }
    }
}

fn run_command(command: Command, verbosity: Verbosity) -> Result<(), Exit> {
    match command {
        Command::Schema { diff } => {
            let schema = if diff {
                vanban::schema::diff_schema()
            } else {
                vanban::schema::document_schema()
            };
            print(vanban::schema::to_text(&schema).as_bytes())
        }
        Command::Completions { shell } => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "vanban", &mut script);
            print(&script)
        }
        Command::Man { out: None } => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Cli::command())
                .render(&mut page)
                .map_err(|e| Exit::failure(e.to_string()))?;
            print(&page)
        }
        Command::Man { out: Some(dir) } => std::fs::create_dir_all(&dir)
            .and_then(|()| clap_mangen::generate_to(Cli::command(), &dir))
            .map_err(|e| Exit::failure(format!("{}: {e}", dir.display()))),
        Command::Restore {
            input,
            annotate,
            mode,
            lexicon,
        } => {
            let restorer = open_lexicon(lexicon.as_deref())?;
            let bytes = read_input(&input)?;
            // (every line, trailing blank ones too: the output keeps the input's lines)
            let lines = vanban::ingest::decode_lines(&bytes)
                .map_err(|e| Exit::failure(format!("{}: {e}", input.display())))?;
            let text = lines
                .iter()
                .map(|l| l.text.as_str())
                .collect::<Vec<_>>()
                .join("\n")
                + "\n";
            let options = vanban::restore::RestoreOptions {
                mode: mode.into(),
                annotate,
                ..Default::default()
            };
            let restorer = restorer
                .as_ref()
                .unwrap_or(vanban::restore::Restorer::embedded());
            let restored = restorer.restore_text(&text, &options);
            print(restored.text.as_bytes())?;
            let s = restored.stats;
            if verbosity > Verbosity::Quiet {
                eprintln!(
                    "vanban: {} tokens, {} restored, {} with low confidence",
                    s.tokens, s.restored, s.low_confidence
                );
            }
            Ok(())
        }
        Command::Lexicon {
            action: LexiconAction::Build { corpus, out },
        } => {
            let bytes = vanban::restore::build_lexicon(&corpus)
                .map_err(|e| Exit::failure(e.to_string()))?;
            vanban::batch::write_atomic(&out, &bytes)
                .map_err(|e| Exit::failure(format!("{}: {e}", out.display())))?;
            if verbosity > Verbosity::Quiet {
                eprintln!("vanban: {} bytes written to {}", bytes.len(), out.display());
            }
            Ok(())
        }
        Command::Diff {
            base,
            other,
            format,
            lang,
            out,
        } => diff(&base, &other, format, lang, out.as_deref()),
        Command::Convert {
            inputs,
            files_from,
            out,
            format,
            jobs,
            restore,
            encoding,
            lexicon,
            ocr,
            skip_existing,
            in_process,
            time_limit,
            memory_limit,
        } => {
            let restorer = open_lexicon(lexicon.as_deref())?;
            let time_limit = time_limit
                .map(std::time::Duration::try_from_secs_f64)
                .transpose()
                .map_err(|e| Exit::usage(format!("--time-limit: {e}")))?;
            // One file named alone is the whole batch: a worker would only add a process start
            // (a crash ends the run either way). A time or memory limit needs the worker.
            let single_file = files_from.is_none()
                && time_limit.is_none()
                && memory_limit.is_none()
                && matches!(inputs.as_slice(), [one] if one.is_file());
            let memory_limit = match memory_limit {
                None => Some(vanban::batch::DEFAULT_MEMORY_LIMIT),
                Some(0) => None,
                Some(mib) => Some(mib.saturating_mul(1 << 20)),
            };
            let isolation = (!in_process && !single_file)
                .then(|| vanban::batch::Isolation::this_program(time_limit, memory_limit))
                .flatten();
            let sources = Sources {
                paths: inputs,
                files_from,
            };
            let format = vanban::batch::resolve_format(out.as_deref(), format);
            let options = BatchOptions {
                out,
                format,
                jobs,
                convert: ConvertOptions {
                    restore: restore.into(),
                    restorer,
                    encoding,
                    ocr: OcrOptions {
                        mode: ocr.into(),
                        // Pages of a long scan as they are read (-v).
                        progress: verbosity == Verbosity::Verbose,
                        ..Default::default()
                    },
                },
                skip_existing,
                isolation,
            };
            if vanban::batch::is_worker() {
                // Started by a batch to convert its documents (see batch::Isolation).
                return vanban::batch::serve_worker(&options)
                    .map_err(|e| Exit::failure(format!("worker: {e}")));
            }
            convert(sources, &options, verbosity)
        }
    }
}

fn convert(sources: Sources, options: &BatchOptions, verbosity: Verbosity) -> Result<(), Exit> {
    // A single input converted to standard output needs no summary: the document says it.
    let one_to_stdout = sources.is_single_file() && options.out.is_none();
    let known_total = (sources.files_from.is_none() && sources.paths.iter().all(|p| p.is_file()))
        .then_some(sources.paths.len());
    let mut reporter = Reporter::new(verbosity, known_total);
    let result = vanban::batch::run(sources, options, &mut |event| reporter.event(event));
    match result {
        Ok(summary) => {
            reporter.finish(&summary, !one_to_stdout);
            match summary.exit_code() {
                0 => Ok(()),
                code => Err(Exit(code, None)),
            }
        }
        Err(BatchError::BrokenPipe) => Ok(()),
        Err(BatchError::Usage(m)) => Err(Exit::usage(m)),
        Err(e) => Err(Exit::failure(e.to_string())),
    }
}

fn diff(
    base: &Path,
    other: &Path,
    format: DiffFormat,
    lang: DiffLang,
    out: Option<&Path>,
) -> Result<(), Exit> {
    if vanban::batch::inputs::is_stdin(base) && vanban::batch::inputs::is_stdin(other) {
        return Err(Exit::usage(
            "standard input can be read once: only one side can be -",
        ));
    }
    let options = ConvertOptions::default();
    let load = |p: &Path| {
        let name = if vanban::batch::inputs::is_stdin(p) {
            vanban::batch::STDIN_NAME.to_string()
        } else {
            p.to_string_lossy().into_owned()
        };
        let bytes = read_input(p)?;
        vanban::load_document_bytes(&name, &bytes, &options)
            .map_err(|e| Exit::failure(format!("{name}: {e}")))
    };
    let (b, o) = (load(base)?, load(other)?);
    let report = vanban::diff::diff(&b, &o);
    let lang = match lang {
        DiffLang::Vi => vanban::diff::Lang::Vi,
        DiffLang::En => vanban::diff::Lang::En,
    };
    let bytes = match format {
        DiffFormat::Json => (serde_json::to_string_pretty(&report).expect("the report serializes")
            + "\n")
            .into_bytes(),
        DiffFormat::Md => vanban::diff::render_markdown(&report, lang).into_bytes(),
        DiffFormat::Html => vanban::diff::render_html(&report, lang).into_bytes(),
        DiffFormat::Xlsx => {
            if out.is_none() && std::io::stdout().is_terminal() {
                return Err(Exit::usage(
                    "--format xlsx writes a workbook: give -o FILE.xlsx",
                ));
            }
            vanban::diff::render_xlsx(&report, lang).map_err(Exit::failure)?
        }
    };
    match out {
        Some(path) => vanban::batch::write_atomic(path, &bytes)
            .map_err(|e| Exit::failure(format!("{}: {e}", path.display()))),
        None => print(&bytes),
    }
}
