//! Batch conversion: inputs (files and folders walked for .txt, .pdf and page images), rayon across files,
//! atomic writes, every failure reported with its path while the rest is converted. Results and
//! failures come out in input order whatever the thread count.

use crate::{convert_bytes, to_json, to_json_line, ConvertOptions};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    #[default]
    Json,
    Jsonl,
    /// `DIR/tasks.csv` and `DIR/indicators.csv`, rows of every input.
    Csv,
}

#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// Write `DIR/<name>.json` per input (or `DIR/documents.jsonl`); `None`: standard output.
    pub out_dir: Option<PathBuf>,
    pub format: OutputFormat,
    /// Worker threads; `None`: one per core.
    pub jobs: Option<usize>,
    pub convert: ConvertOptions,
    /// Leave inputs whose output file already exists (to resume a batch).
    pub skip_existing: bool,
}

/// One input file and the output name it maps to (relative to the output folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub path: PathBuf,
    pub out_name: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub path: PathBuf,
    pub reason: String,
}

#[derive(Debug, Default)]
pub struct Summary {
    pub converted: usize,
    pub skipped: usize,
    pub failures: Vec<Failure>,
}

/// Files per parallel round: bounds memory for JSON Lines while keeping output in order.
const CHUNK: usize = 256;

/// Expands the command line's inputs: files as given, folders walked recursively (sorted) for
/// .txt, .pdf and page images. Unreadable folders and missing paths are failures.
pub fn collect_inputs(inputs: &[PathBuf]) -> (Vec<Input>, Vec<Failure>) {
    let mut files = Vec::new();
    let mut failures = Vec::new();
    for input in inputs {
        match std::fs::metadata(input) {
            Ok(m) if m.is_dir() => walk(input, input, &mut files, &mut failures),
            Ok(_) => files.push(Input {
                path: input.clone(),
                out_name: PathBuf::from(stem(input)),
            }),
            Err(e) => failures.push(Failure {
                path: input.clone(),
                reason: format!("cannot read: {e}"),
            }),
        }
    }
    (files, failures)
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into())
}

fn is_document(path: &Path) -> bool {
    path.extension()
        .map(|e| {
            let e = e.to_string_lossy().to_ascii_lowercase();
            // Page images are read by OCR.
            matches!(
                e.as_str(),
                "txt" | "pdf" | "png" | "jpg" | "jpeg" | "tif" | "tiff"
            )
        })
        .unwrap_or(false)
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<Input>, failures: &mut Vec<Failure>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            failures.push(Failure {
                path: dir.to_path_buf(),
                reason: format!("cannot read folder: {e}"),
            });
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        // Symbolic links to folders are not followed: no loops.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            walk(root, &path, files, failures);
        } else if is_document(&path) {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            let out_name = rel.with_extension("");
            files.push(Input { path, out_name });
        }
    }
}

/// Output path of one input for JSON output into `dir`.
pub fn output_path(dir: &Path, input: &Input) -> PathBuf {
    let mut p = dir.join(&input.out_name);
    let name = format!(
        "{}.json",
        p.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    );
    p.set_file_name(name);
    p
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so a
/// crash never leaves a half-written file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_file_name(format!(
        ".{}.tmp.{}.{}",
        path.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// What one input gives: written to its own file, text for the stream, or CSV rows.
enum Produced {
    Written,
    Text(String),
    Csv { tasks: String, indicators: String },
}

/// Converts one file, turning a panic into an error so one bad file never stops the batch.
fn convert_one(path: &Path, options: &ConvertOptions) -> Result<crate::Document, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read: {e}"))?;
    let name = path.to_string_lossy();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        convert_bytes(&name, &bytes, options)
    }));
    match result {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(format!("internal error (please report): {what}"))
        }
    }
}

/// Runs a batch. Documents for standard output go to `stdout` in input order; `report` is called
/// with each failure, in input order, as soon as its round is done.
pub fn run(
    inputs: &[Input],
    options: &BatchOptions,
    stdout: &mut dyn Write,
    report: &mut dyn FnMut(&Failure),
) -> std::io::Result<Summary> {
    use rayon::prelude::*;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(std::io::Error::other)?;
    let mut summary = Summary::default();

    // Two inputs that would write the same output file: the second fails.
    let mut claimed: HashMap<PathBuf, PathBuf> = HashMap::new();
    let mut planned: Vec<(usize, Option<PathBuf>)> = Vec::new();
    for (k, input) in inputs.iter().enumerate() {
        let out = match (&options.out_dir, options.format) {
            (Some(dir), OutputFormat::Json) => Some(output_path(dir, input)),
            _ => None,
        };
        if let Some(out) = &out {
            if let Some(first) = claimed.get(out) {
                let f = Failure {
                    path: input.path.clone(),
                    reason: format!(
                        "output {} is already written for {}",
                        out.display(),
                        first.display()
                    ),
                };
                report(&f);
                summary.failures.push(f);
                continue;
            }
            claimed.insert(out.clone(), input.path.clone());
            if options.skip_existing && out.exists() {
                summary.skipped += 1;
                continue;
            }
        }
        planned.push((k, out));
    }

    // JSON Lines into a folder: appended to a temporary file, renamed when complete.
    let mut jsonl_out: Option<(PathBuf, PathBuf, std::io::BufWriter<std::fs::File>)> =
        match (&options.out_dir, options.format) {
            (Some(dir), OutputFormat::Jsonl) => {
                std::fs::create_dir_all(dir)?;
                let path = dir.join("documents.jsonl");
                let tmp = dir.join(format!(".documents.jsonl.tmp.{}", std::process::id()));
                let file = std::fs::File::create(&tmp)?;
                Some((path, tmp, std::io::BufWriter::new(file)))
            }
            _ => None,
        };
    // CSV: two files, appended in input order, renamed when complete.
    let mut csv_out = match (&options.out_dir, options.format) {
        (Some(dir), OutputFormat::Csv) => {
            std::fs::create_dir_all(dir)?;
            let mut files = Vec::new();
            for (name, columns) in [
                ("tasks.csv", &crate::csv::TASK_COLUMNS[..]),
                ("indicators.csv", &crate::csv::INDICATOR_COLUMNS[..]),
            ] {
                let tmp = dir.join(format!(".{name}.tmp.{}", std::process::id()));
                let mut w = std::io::BufWriter::new(std::fs::File::create(&tmp)?);
                w.write_all(crate::csv::BOM.as_bytes())?;
                w.write_all(crate::csv::header(columns).as_bytes())?;
                files.push((dir.join(name), tmp, w));
            }
            Some(files)
        }
        _ => None,
    };
    for chunk in planned.chunks(CHUNK) {
        let results: Vec<Result<Produced, String>> = pool.install(|| {
            chunk
                .par_iter()
                .map(|(k, out)| {
                    let doc = convert_one(&inputs[*k].path, &options.convert)?;
                    match (options.format, out) {
                        (OutputFormat::Csv, _) => Ok(Produced::Csv {
                            tasks: crate::csv::task_rows(&doc),
                            indicators: crate::csv::indicator_rows(&doc),
                        }),
                        (_, Some(path)) => write_atomic(path, to_json(&doc).as_bytes())
                            .map(|_| Produced::Written)
                            .map_err(|e| format!("cannot write {}: {e}", path.display())),
                        (OutputFormat::Jsonl, None) => Ok(Produced::Text(to_json_line(&doc))),
                        (_, None) => Ok(Produced::Text(to_json(&doc))),
                    }
                })
                .collect()
        });
        for ((k, _), result) in chunk.iter().zip(results) {
            match result {
                Ok(Produced::Text(text)) => {
                    match &mut jsonl_out {
                        Some((_, _, file)) => file.write_all(text.as_bytes())?,
                        None => stdout.write_all(text.as_bytes())?,
                    }
                    summary.converted += 1;
                }
                Ok(Produced::Csv { tasks, indicators }) => {
                    if let Some(files) = &mut csv_out {
                        files[0].2.write_all(tasks.as_bytes())?;
                        files[1].2.write_all(indicators.as_bytes())?;
                    }
                    summary.converted += 1;
                }
                Ok(Produced::Written) => summary.converted += 1,
                Err(reason) => {
                    let f = Failure {
                        path: inputs[*k].path.clone(),
                        reason,
                    };
                    report(&f);
                    summary.failures.push(f);
                }
            }
        }
    }
    for (path, tmp, w) in csv_out.into_iter().flatten() {
        let file = w.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, &path)?;
    }
    if let Some((path, tmp, file)) = jsonl_out {
        let file = file.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&tmp, &path)?;
    }
    stdout.flush()?;
    Ok(summary)
}
