//! The command line: parses arguments and calls the library.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::batch::{self, BatchOptions, OutputFormat};
use vanban::{ConvertOptions, RestoreMode};

/// The pipeline allocates many small strings per line: mimalloc converts ~8 % faster than the
/// system allocator (benches/convert.rs uses it too, so its figures are the binary's).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "vanban",
    version,
    about = "Vietnamese government documents to structured JSON"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert documents (files, or folders walked for .txt, .pdf and page images) to JSON.
    Convert {
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Write DIR/<name>.json per input (DIR/documents.jsonl with --format jsonl; DIR/tasks.csv
        /// and DIR/indicators.csv with --format csv).
        #[arg(short = 'o', long = "out", value_name = "DIR")]
        out: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Worker threads (default: one per core).
        #[arg(long, value_name = "N")]
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
        /// Skip inputs whose output file already exists (resume an interrupted batch).
        #[arg(long)]
        skip_existing: bool,
    },
    /// Restore missing or OCR-damaged diacritics: text in (FILE or - for standard input),
    /// restored text out, line structure kept.
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
    /// deadlines, localized targets. Each side a document or the JSON `convert` wrote.
    Diff {
        base: PathBuf,
        other: PathBuf,
        #[arg(long, value_enum, default_value_t = DiffFormat::Json)]
        format: DiffFormat,
        /// Write the report to FILE instead of standard output.
        #[arg(short = 'o', long = "out", value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Print the JSON Schema of the output (`--diff`: of the diff report).
    Schema {
        #[arg(long)]
        diff: bool,
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
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Jsonl,
    /// tasks.csv and indicators.csv in the -o folder (UTF-8 with BOM, for Excel).
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum Ocr {
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, ValueEnum)]
enum Restore {
    Auto,
    Always,
    Never,
}

fn restore_mode(r: Restore) -> RestoreMode {
    match r {
        Restore::Auto => RestoreMode::Auto,
        Restore::Always => RestoreMode::Always,
        Restore::Never => RestoreMode::Never,
    }
}

/// Makes the lexicon in `path` the one restoration uses.
fn install_lexicon(path: &std::path::Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let restorer =
        vanban::restore::load_lexicon(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    vanban::restore::install_default(restorer)
        .map_err(|_| "a lexicon is already in use".to_string())
}

fn main() -> ExitCode {
    // A panic is a bug; the batch turns it into that file's error and goes on. One line is
    // enough here, not a backtrace per file.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("vanban: internal error{at}");
    }));
    let cli = Cli::parse();
    match cli.command {
        Command::Schema { diff } => {
            print!(
                "{}",
                if diff {
                    vanban::schema::DIFF_SCHEMA
                } else {
                    vanban::schema::SCHEMA
                }
            );
            ExitCode::SUCCESS
        }
        Command::Restore {
            input,
            annotate,
            mode,
            lexicon,
        } => {
            if let Some(path) = &lexicon {
                if let Err(e) = install_lexicon(path) {
                    eprintln!("vanban: {e}");
                    return ExitCode::from(2);
                }
            }
            let bytes = if input.as_os_str() == "-" {
                let mut buf = Vec::new();
                if let Err(e) = std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf) {
                    eprintln!("vanban: standard input: {e}");
                    return ExitCode::from(1);
                }
                buf
            } else {
                match std::fs::read(&input) {
                    Ok(b) => b,
                    Err(e) => {
                        eprintln!("vanban: {}: {e}", input.display());
                        return ExitCode::from(1);
                    }
                }
            };
            let text = match vanban::ingest::decode_text(&bytes) {
                Ok(i) => {
                    i.lines
                        .iter()
                        .map(|l| l.text.as_str())
                        .collect::<Vec<_>>()
                        .join("\n")
                        + "\n"
                }
                Err(e) => {
                    eprintln!("vanban: {}: {e}", input.display());
                    return ExitCode::from(1);
                }
            };
            let options = vanban::restore::RestoreOptions {
                mode: restore_mode(mode),
                annotate,
                ..Default::default()
            };
            let restored = vanban::restore::restore_text(&text, &options);
            print!("{}", restored.text);
            let s = restored.stats;
            eprintln!(
                "vanban: {} tokens, {} restored, {} with low confidence",
                s.tokens, s.restored, s.low_confidence
            );
            ExitCode::SUCCESS
        }
        Command::Lexicon {
            action: LexiconAction::Build { corpus, out },
        } => match vanban::restore::build_lexicon(&corpus) {
            Ok(bytes) => match vanban::batch::write_atomic(&out, &bytes) {
                Ok(()) => {
                    eprintln!("vanban: {} bytes written to {}", bytes.len(), out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("vanban: {}: {e}", out.display());
                    ExitCode::from(1)
                }
            },
            Err(e) => {
                eprintln!("vanban: {e}");
                ExitCode::from(1)
            }
        },
        Command::Diff {
            base,
            other,
            format,
            out,
        } => {
            let options = ConvertOptions::default();
            let load = |p: &PathBuf| {
                vanban::load_document(p, &options).map_err(|e| format!("{}: {e}", p.display()))
            };
            let (b, o) = match (load(&base), load(&other)) {
                (Ok(b), Ok(o)) => (b, o),
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("vanban: {e}");
                    return ExitCode::from(1);
                }
            };
            let report = vanban::diff::diff(&b, &o);
            let text = match format {
                DiffFormat::Json => {
                    serde_json::to_string_pretty(&report).expect("the report serializes") + "\n"
                }
                DiffFormat::Md => vanban::diff::render_markdown(&report),
                DiffFormat::Html => vanban::diff::render_html(&report),
            };
            match out {
                Some(path) => {
                    if let Err(e) = vanban::batch::write_atomic(&path, text.as_bytes()) {
                        eprintln!("vanban: {}: {e}", path.display());
                        return ExitCode::from(1);
                    }
                }
                None => print!("{text}"),
            }
            ExitCode::SUCCESS
        }
        Command::Convert {
            inputs,
            out,
            format,
            jobs,
            restore,
            encoding,
            lexicon,
            ocr,
            skip_existing,
        } => {
            if let Some(path) = &lexicon {
                if let Err(e) = install_lexicon(path) {
                    eprintln!("vanban: {e}");
                    return ExitCode::from(2);
                }
            }
            let (files, mut failures) = batch::collect_inputs(&inputs);
            let format = match format {
                Format::Json => OutputFormat::Json,
                Format::Jsonl => OutputFormat::Jsonl,
                Format::Csv => OutputFormat::Csv,
            };
            if out.is_none() && format == OutputFormat::Csv {
                eprintln!("vanban: --format csv writes tasks.csv and indicators.csv: give -o DIR");
                return ExitCode::from(2);
            }
            if out.is_none() && format == OutputFormat::Json && files.len() > 1 {
                eprintln!(
                    "vanban: {} documents to convert: give -o DIR, or --format jsonl for standard output",
                    files.len()
                );
                return ExitCode::from(2);
            }
            let options = BatchOptions {
                out_dir: out.clone(),
                format,
                jobs,
                convert: ConvertOptions {
                    restore: restore_mode(restore),
                    encoding,
                    ocr: vanban::ingest::ocr::OcrOptions {
                        mode: match ocr {
                            Ocr::Auto => vanban::ingest::ocr::OcrMode::Auto,
                            Ocr::Always => vanban::ingest::ocr::OcrMode::Always,
                            Ocr::Never => vanban::ingest::ocr::OcrMode::Never,
                        },
                        progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
                        ..Default::default()
                    },
                },
                skip_existing,
            };
            for f in &failures {
                eprintln!("vanban: {}: {}", f.path.display(), f.reason);
            }
            let mut stdout = std::io::stdout().lock();
            let mut report =
                |f: &batch::Failure| eprintln!("vanban: {}: {}", f.path.display(), f.reason);
            let summary = match batch::run(&files, &options, &mut stdout, &mut report) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("vanban: {e}");
                    return ExitCode::from(1);
                }
            };
            failures.extend(summary.failures);
            if out.is_some() || files.len() > 1 {
                eprintln!(
                    "vanban: {} converted, {} skipped, {} failed",
                    summary.converted,
                    summary.skipped,
                    failures.len()
                );
            }
            if failures.is_empty() && !files.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
    }
}
