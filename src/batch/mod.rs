//! Batch conversion: a stream of inputs (files, folders walked as they are read, lists read as
//! they arrive, standard input) converted in parallel, each result handed on in input order as
//! soon as it is ready, through a bounded window (memory stays flat on any batch). Outputs are
//! written atomically; every input that is not converted is reported with its path and reason
//! while the rest is converted. The output is byte-identical at any thread count.

mod atomic;
pub mod inputs;
mod isolate;
mod ordered;
mod output;
pub mod progress;
mod signals;

pub use atomic::{remove_stale, write_atomic};
pub use inputs::{Input, Item, Sources, DOCUMENT_EXTENSIONS, STDIN_NAME};
pub use isolate::{is_worker, Isolation, DEFAULT_MEMORY_LIMIT, WORKER_ENV};
pub use output::{plan, resolve_format, Plan};
pub use signals::remove_temporaries_on_signals;

use crate::export::Format;
use crate::{convert_bytes, ConvertOptions};
use output::{Produced, Sink};
use std::collections::HashSet;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to convert and how.
#[derive(Debug, Clone, Default)]
pub struct BatchOptions {
    /// `-o`: a file or a folder (see [`plan`]); `None`: standard output.
    pub out: Option<PathBuf>,
    /// The output format.
    pub format: Format,
    /// Worker threads; `None`: one per core.
    pub jobs: Option<usize>,
    /// How each document is converted.
    pub convert: ConvertOptions,
    /// Leave inputs whose output already exists (resume an interrupted batch, or add new
    /// inputs to a JSON Lines or CSV output).
    pub skip_existing: bool,
    /// Convert each document in a worker process started this way, so that a crash that no
    /// in-process guard can catch (stack overflow, abort) fails that file only; `None`:
    /// in-process. Standard input is always converted in-process.
    pub isolation: Option<Isolation>,
}

/// An input that was not converted, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The input (`<stdin>` for standard input).
    pub path: PathBuf,
    /// Why, in words.
    pub reason: String,
}

/// Why an input was skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// `--skip-existing` and its output is there.
    Existing,
    /// A walked file of a format vanban does not read.
    Unsupported,
}

/// What happened to one input, reported as it happens, in input order.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// Converted and handed to its output.
    Converted(&'a Path),
    /// Not converted, as asked or for its format.
    Skipped(&'a Failure, SkipReason),
    /// Not converted: an error.
    Failed(&'a Failure),
}

/// The counts of a finished batch.
#[derive(Debug, Default)]
pub struct Summary {
    /// Inputs converted.
    pub converted: usize,
    /// Inputs skipped because their output exists (`--skip-existing`).
    pub skipped_existing: usize,
    /// Walked files of formats vanban does not read.
    pub skipped_unsupported: usize,
    /// Inputs that failed, in input order.
    pub failures: Vec<Failure>,
}

impl Summary {
    /// Inputs skipped, for either reason.
    pub fn skipped(&self) -> usize {
        self.skipped_existing + self.skipped_unsupported
    }

    /// 0 when every input was converted (or skipped as asked); 1 when some input failed, or when
    /// there was nothing to convert at all.
    pub fn exit_code(&self) -> u8 {
        if !self.failures.is_empty() || self.converted + self.skipped_existing == 0 {
            1
        } else {
            0
        }
    }
}

/// Why a batch stopped before its end.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    /// The command line asks for something impossible (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// An output cannot be written.
    #[error("{}: {error}", path.display())]
    Output {
        /// The output.
        path: PathBuf,
        /// What went wrong.
        error: std::io::Error,
    },
    /// Standard output was closed (`| head`): not an error for the user.
    #[error("standard output closed")]
    BrokenPipe,
}

/// One input's result, handed from a worker to the writer.
enum Outcome {
    Done(PathBuf, Produced),
    Skipped(Failure, SkipReason),
    Failed(Failure),
}

/// Everything a worker needs, shared.
struct Context {
    plan: Plan,
    format: Format,
    convert: ConvertOptions,
    skip_existing: bool,
    /// Sources an output being continued already holds.
    done: HashSet<String>,
    /// The worker processes, when documents are converted in them.
    workers: Option<Arc<isolate::Pool>>,
}

/// Converts the inputs of `sources` as `options` say, calling `report` for each input in input
/// order. Returns the counts, or why the batch could not run or had to stop.
///
/// ```
/// use vanban::batch::{run, BatchOptions, Event, Sources};
/// use vanban::export::Format;
/// let out = tempfile::tempdir().unwrap();
/// let sources = Sources { paths: vec!["fixtures/seeds".into()], files_from: None };
/// let options = BatchOptions {
///     out: Some(out.path().join("plans.xlsx")),
///     format: Format::Xlsx,
///     ..Default::default()
/// };
/// let mut failed = 0;
/// let summary = run(sources, &options, &mut |e| failed += matches!(e, Event::Failed(_)) as usize).unwrap();
/// assert_eq!((summary.converted, failed), (5, 0));
/// assert_eq!(summary.skipped_unsupported, 1); // fixtures/seeds/README.md
/// assert!(out.path().join("plans.xlsx").exists());
/// ```
pub fn run(
    sources: Sources,
    options: &BatchOptions,
    report: &mut dyn FnMut(Event),
) -> Result<Summary, BatchError> {
    let (items, sink, context) = prepare(sources, options)?;
    let jobs = options.jobs.unwrap_or(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| BatchError::Usage(format!("cannot start {jobs} threads: {e}")))?;
    // Results wait, in order, for a slow one before them. A document written to its own file
    // leaves a result of a few bytes: thousands may wait, so that one slow file (a scan OCR'd
    // for seconds) does not hold the other threads. A combined output's results carry their
    // text or document: a few per thread.
    let threads = pool.current_num_threads();
    let window = match context.plan {
        Plan::PerDocument(_) => 4096 * threads,
        _ => 4 * threads + 4,
    };
    let mut claims = Claims::default();
    let planned = {
        let context = Arc::clone(&context);
        items.map(move |item| claims.check(item, &context))
    };
    // Ended here, not when the last reference to the context goes (a thread may hold one).
    let workers = context.workers.clone();
    let per_document = match &context.plan {
        Plan::PerDocument(dir) => Some(dir.clone()),
        _ => None,
    };
    let mut collector = Collector {
        sink,
        summary: Summary::default(),
        stopped: None,
        report,
    };
    ordered::ordered_map(
        Arc::new(pool),
        window,
        planned,
        move |item| guarded(item, &context),
        |outcome| collector.take(outcome),
    );
    if let Some(workers) = workers {
        workers.shut_down();
    }
    // The per-document files were renamed into place unsynced: one flush for all of them.
    if let Some(dir) = per_document.filter(|_| collector.summary.converted > 0) {
        if let Err(e) = atomic::sync_folder(&dir) {
            collector.stopped.get_or_insert(BatchError::Output {
                path: dir,
                error: e,
            });
        }
    }
    if let Some(e) = collector.stopped {
        return Err(e);
    }
    collector.sink.finish()?;
    Ok(collector.summary)
}

type Items = Box<dyn Iterator<Item = Item> + Send>;

/// Checks the command's sense, resolves where outputs go, and opens them.
fn prepare(
    sources: Sources,
    options: &BatchOptions,
) -> Result<(Items, Sink, Arc<Context>), BatchError> {
    if sources.stdin_twice() {
        return Err(BatchError::Usage(
            "standard input can be read once: `-` as an input, or --files-from -".into(),
        ));
    }
    let plan = plan(options.out.as_deref(), options.format)?;
    if options.skip_existing && matches!(plan, Plan::Single(None) | Plan::Stream) {
        return Err(BatchError::Usage(
            "--skip-existing needs -o: there is nothing to compare with on standard output".into(),
        ));
    }
    let mut items: Items = Box::new(sources.items());
    if matches!(plan, Plan::Single(_)) {
        items = Box::new(at_most_one_document(items)?);
    }
    // A combined output's folder is read whole by any run (one folder, not a tree); a tree of
    // per-document outputs only by a run resuming there.
    if options.skip_existing || !matches!(plan, Plan::PerDocument(_)) {
        remove_stale_temporaries(&plan);
    }
    let (sink, done) = Sink::open(&plan, options.format, options.skip_existing)?;
    let context = Arc::new(Context {
        plan,
        format: options.format,
        convert: options.convert.clone(),
        skip_existing: options.skip_existing,
        done,
        workers: options
            .isolation
            .clone()
            .map(|how| Arc::new(isolate::Pool::new(how))),
    });
    Ok((items, sink, context))
}

/// Takes the outcomes in input order: hands each document to the sink, counts, reports.
struct Collector<'a> {
    sink: Sink,
    summary: Summary,
    /// Why the batch stopped early (standard output closed, an output unwritable).
    stopped: Option<BatchError>,
    report: &'a mut dyn FnMut(Event),
}

impl Collector<'_> {
    fn take(&mut self, outcome: Outcome) -> ControlFlow<()> {
        match outcome {
            Outcome::Done(path, produced) => {
                if let Err((path, e)) = self.sink.accept(produced) {
                    self.stopped = Some(match (path, e.kind()) {
                        (None, std::io::ErrorKind::BrokenPipe) => BatchError::BrokenPipe,
                        (path, _) => BatchError::Output {
                            path: path.unwrap_or_else(|| "standard output".into()),
                            error: e,
                        },
                    });
                    return ControlFlow::Break(());
                }
                self.summary.converted += 1;
                (self.report)(Event::Converted(&path));
            }
            Outcome::Skipped(f, why) => {
                match why {
                    SkipReason::Existing => self.summary.skipped_existing += 1,
                    SkipReason::Unsupported => self.summary.skipped_unsupported += 1,
                }
                (self.report)(Event::Skipped(&f, why));
            }
            Outcome::Failed(f) => {
                (self.report)(Event::Failed(&f));
                self.summary.failures.push(f);
            }
        }
        ControlFlow::Continue(())
    }
}

/// The temporary files a killed run left where this one writes are removed (those of runs still
/// going are kept).
fn remove_stale_temporaries(plan: &Plan) {
    let (dir, recursive) = match plan {
        Plan::PerDocument(dir) => (dir.as_path(), true),
        Plan::Combined(path) if path.is_dir() => (path.as_path(), false),
        Plan::Combined(path) | Plan::Single(Some(path)) => {
            (path.parent().unwrap_or(Path::new(".")), false)
        }
        Plan::Single(None) | Plan::Stream => return,
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    if dir.is_dir() {
        remove_stale(dir, recursive);
    }
}

/// Passes the stream on, having checked that it holds at most one document to convert (a
/// single output takes one).
fn at_most_one_document(mut items: Items) -> Result<impl Iterator<Item = Item> + Send, BatchError> {
    let mut seen = Vec::new();
    let mut documents = 0;
    for item in items.by_ref() {
        if matches!(item, Item::File(_) | Item::Stdin) {
            documents += 1;
        }
        seen.push(item);
        if documents > 1 {
            return Err(BatchError::Usage(
                "several documents to convert: give -o DIR, or --format jsonl for standard output"
                    .into(),
            ));
        }
    }
    Ok(seen.into_iter())
}

/// Outputs already claimed: two inputs that would write the same file (a.txt and a.pdf, or
/// plan.txt in two folders) must not overwrite each other; the second fails. Kept as hashes,
/// so a batch of millions holds megabytes, not their paths.
#[derive(Default)]
struct Claims(HashSet<u64>);

impl Claims {
    fn check(&mut self, item: Item, context: &Context) -> Item {
        let Item::File(input) = &item else {
            return item;
        };
        let Some(out) = output_path(context, input) else {
            return item;
        };
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        out.hash(&mut h);
        if self.0.insert(h.finish()) {
            return item;
        }
        Item::Failed(Failure {
            path: input.path.clone(),
            reason: format!(
                "output {} is already written for an earlier input with the same name",
                out.display()
            ),
        })
    }
}

/// The file one input is written to, when it has its own.
fn output_path(context: &Context, input: &Input) -> Option<PathBuf> {
    let dir = match &context.plan {
        Plan::PerDocument(dir) => dir,
        Plan::Single(Some(file)) => return Some(file.clone()),
        _ => return None,
    };
    let mut p = dir.join(&input.out_name);
    let name = format!(
        "{}.{}",
        p.file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default(),
        context.format.extension()
    );
    p.set_file_name(name);
    Some(p)
}

/// [`work`] with a panic turned into that input's failure: one bad file never stops the batch
/// (and a panic must not reach the thread pool, which would abort).
fn guarded(item: Item, context: &Context) -> Outcome {
    let path = match &item {
        Item::File(i) => i.path.clone(),
        _ => PathBuf::from(STDIN_NAME),
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(item, context))).unwrap_or_else(
        |panic| {
            Outcome::Failed(Failure {
                path,
                reason: internal_error(&*panic),
            })
        },
    )
}

/// A caught panic, as a failure's reason.
pub fn internal_error(panic: &(dyn std::any::Any + Send)) -> String {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    format!("internal error (please report): {what}")
}

/// One input through the pipeline: read, converted, exported (and written, when it has a file
/// of its own).
fn work(item: Item, context: &Context) -> Outcome {
    let Input { path, out_name } = match item {
        Item::Failed(f) => return Outcome::Failed(f),
        Item::Skipped(f) => return Outcome::Skipped(f, SkipReason::Unsupported),
        Item::Stdin => Input {
            path: STDIN_NAME.into(),
            out_name: "stdin".into(),
        },
        Item::File(input) => input,
    };
    let name = path.to_string_lossy().into_owned();
    let out = output_path(
        context,
        &Input {
            path: path.clone(),
            out_name,
        },
    );
    if let Some(outcome) = not_to_convert(context, &path, &name, out.as_deref()) {
        return outcome;
    }
    match &context.workers {
        Some(workers) if name != STDIN_NAME => workers.convert(&name, &path, out.as_deref()),
        _ => produce(context.format, &context.convert, &path, out.as_deref()),
    }
}

/// Serves as a worker process (see [`Isolation`]): converts the documents its parent sends,
/// as `options` say, until its standard input closes.
pub fn serve_worker(options: &BatchOptions) -> std::io::Result<()> {
    let served = isolate::serve(options.isolation.as_ref(), |path, out| {
        let run = || produce(options.format, &options.convert, path, out);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
            .unwrap_or_else(|panic| failed(&path.to_string_lossy(), internal_error(&*panic)))
    });
    match served {
        // The parent stopped early (its reader went away): nothing to say.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Reads, converts and renders one document; writes it when it has a file of its own.
fn produce(format: Format, convert: &ConvertOptions, path: &Path, out: Option<&Path>) -> Outcome {
    let name = path.to_string_lossy().into_owned();
    #[cfg(debug_assertions)]
    crash_for_tests(&name);
    let read = if name == STDIN_NAME {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes).map(|_| bytes)
    } else {
        std::fs::read(path)
    };
    let bytes = match read {
        Ok(bytes) => bytes,
        Err(e) => return failed(&name, format!("cannot read: {e}")),
    };
    let doc = match convert_bytes(&name, &bytes, convert) {
        Ok(doc) => doc,
        Err(e) => return failed(&name, e.to_string()),
    };
    drop(bytes);
    let produced = match (format.render(&doc), out) {
        (Some(text), Some(out)) => match atomic::write_atomic_unsynced(out, text.as_bytes()) {
            Ok(()) => Produced::Written,
            Err(e) => return failed(&name, format!("cannot write {}: {e}", out.display())),
        },
        (Some(text), None) => Produced::Text(text),
        (None, _) => Produced::Document(Box::new(doc)),
    };
    Outcome::Done(path.to_path_buf(), produced)
}

/// Test builds only: the crashes no guard catches, on inputs whose path contains the value of
/// `VANBAN_TEST_ABORT_ON` (an abort) or `VANBAN_TEST_OVERFLOW_ON` (a stack overflow), and a
/// hang (`VANBAN_TEST_HANG_ON`: a minute's sleep), so that the worker processes can be tested
/// on real ones.
#[cfg(debug_assertions)]
fn crash_for_tests(name: &str) {
    let on = |var: &str| std::env::var(var).is_ok_and(|v| !v.is_empty() && name.contains(&v));
    if on("VANBAN_TEST_ABORT_ON") {
        std::process::abort();
    }
    if on("VANBAN_TEST_HANG_ON") {
        std::thread::sleep(std::time::Duration::from_secs(60));
    }
    if on("VANBAN_TEST_GROW_ON") {
        // Memory touched page by page, as a runaway decoder would (up to 2 GiB, for a minute).
        let mut held: Vec<Vec<u8>> = Vec::new();
        for _ in 0..600 {
            held.push(vec![1; 4 << 20]);
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        std::hint::black_box(held);
    }
    if on("VANBAN_TEST_OVERFLOW_ON") {
        fn deeper(n: u64) -> u64 {
            let frame = std::hint::black_box([n; 64]);
            if frame[1] == u64::MAX {
                return 0;
            }
            frame[0] + deeper(n + 1)
        }
        std::hint::black_box(deeper(0));
    }
}

/// Why an input is not converted, decided before reading it: its output exists and
/// `--skip-existing` was asked, or its output would overwrite it.
fn not_to_convert(
    context: &Context,
    path: &Path,
    name: &str,
    out: Option<&Path>,
) -> Option<Outcome> {
    if context.skip_existing && already_done(context, name, out) {
        return Some(Outcome::Skipped(
            Failure {
                path: path.to_path_buf(),
                reason: "output exists".into(),
            },
            SkipReason::Existing,
        ));
    }
    let out = out.filter(|out| is_same_file(path, out))?;
    Some(failed(
        name,
        format!("output {} is the input itself", out.display()),
    ))
}

fn failed(name: &str, reason: String) -> Outcome {
    Outcome::Failed(Failure {
        path: PathBuf::from(name),
        reason,
    })
}

fn already_done(context: &Context, name: &str, out: Option<&Path>) -> bool {
    match out {
        Some(out) => atomic::is_complete_output(out),
        None => context.done.contains(name),
    }
}

/// Whether writing `out` would overwrite `input` (`-o` pointing into the input folder with
/// `--format text`).
fn is_same_file(input: &Path, out: &Path) -> bool {
    out.exists()
        && match (input.canonicalize(), out.canonicalize()) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        }
}
