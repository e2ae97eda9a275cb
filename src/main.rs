//! The command line: parses arguments and calls the library.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;
use vanban::batch::{self, BatchOptions, OutputFormat};
use vanban::{ConvertOptions, RestoreMode};

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
    /// Convert documents (files, or folders walked for .txt and .pdf) to JSON.
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
        /// Skip inputs whose output file already exists (resume an interrupted batch).
        #[arg(long)]
        skip_existing: bool,
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
enum Restore {
    Auto,
    Always,
    Never,
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
            skip_existing,
        } => {
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
                    restore: match restore {
                        Restore::Auto => RestoreMode::Auto,
                        Restore::Always => RestoreMode::Always,
                        Restore::Never => RestoreMode::Never,
                    },
                    encoding,
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
