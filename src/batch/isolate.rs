//! Worker processes: each document converted in a child process, so that what no `catch_unwind`
//! can stop — a stack overflow, an abort in a dependency, the allocator giving up — ends that
//! child only. The batch reports the file as failed, with the signal, starts a new child for the
//! next file and goes on.
//!
//! A worker is this same program started again with [`WORKER_ENV`] set (see [`Isolation`]): the
//! command line is parsed as usual, and the `convert` command, instead of running a batch,
//! serves requests with [`serve`] until its standard input closes. One worker per thread of the
//! batch, each converting one document at a time: the parent knows which file a dead worker
//! was converting. A worker lives for the whole batch (started once, not per file).
//!
//! The protocol, over the worker's standard input and output, in frames (a little-endian `u32`
//! length, then that many bytes): a request is the input's path and the output's path (empty:
//! none); the answer's first byte says what follows: `W` written to its own file, `T` text for
//! the combined output, `D` the document as JSON (for CSV and Excel), `F` failed, the reason.

use super::{Failure, Outcome, Produced};
use crate::model::Document;
use std::ffi::OsString;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The program to start as a worker where the running executable is not it: a host that runs
/// the command line as a library (Python's `python -m vanban`: the interpreter of its virtual
/// environment, which `current_exe` would resolve to the one it links to).
pub const WORKER_PROGRAM_ENV: &str = "VANBAN_WORKER_PROGRAM";

/// The environment variable that makes the program a worker.
pub const WORKER_ENV: &str = "VANBAN_WORKER";

/// The exit code of a worker stopped by its time limit.
const TIMED_OUT: i32 = 124;

/// The exit code of a worker stopped by its memory limit.
const OUT_OF_MEMORY: i32 = 125;

/// The memory a worker may hold (resident) by default: far above what any document needs
/// (a 100-page scan's page images are read a few at a time), far below what would make the
/// system's out-of-memory killer choose among the batch's processes.
pub const DEFAULT_MEMORY_LIMIT: u64 = 4 << 30;

/// How to start a worker: this program with the arguments it was given (the worker reads the
/// same options from them).
#[derive(Debug, Clone)]
pub struct Isolation {
    /// The program: the running executable.
    pub program: PathBuf,
    /// Its arguments, without the program name.
    pub args: Vec<OsString>,
    /// The longest one document may take: a worker still converting after it ends itself
    /// (its temporary files removed), and the file is reported as failed. `None`: no limit.
    pub time_limit: Option<Duration>,
    /// The most memory (resident, bytes) a worker may hold: one that grows past it while
    /// converting ends itself the same way. `None`: no limit.
    pub memory_limit: Option<u64>,
}

impl Isolation {
    /// This process's own executable and arguments; `None` where the executable cannot be
    /// found (the batch then converts in-process).
    pub fn this_program(
        time_limit: Option<Duration>,
        memory_limit: Option<u64>,
    ) -> Option<Isolation> {
        Some(Isolation {
            program: std::env::var_os(WORKER_PROGRAM_ENV)
                .map(PathBuf::from)
                .or_else(|| std::env::current_exe().ok())?,
            args: std::env::args_os().skip(1).collect(),
            time_limit,
            memory_limit,
        })
    }
}

/// Whether this process was started as a worker.
pub fn is_worker() -> bool {
    std::env::var_os(WORKER_ENV).is_some()
}

/// A worker process and its pipes.
struct Worker {
    child: Child,
    requests: BufWriter<ChildStdin>,
    answers: BufReader<ChildStdout>,
}

impl Worker {
    fn start(how: &Isolation) -> std::io::Result<Worker> {
        let mut child = Command::new(&how.program)
            .args(&how.args)
            .env(WORKER_ENV, "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let requests = BufWriter::new(child.stdin.take().expect("piped"));
        let answers = BufReader::new(child.stdout.take().expect("piped"));
        Ok(Worker {
            child,
            requests,
            answers,
        })
    }

    /// Sends one request and reads its answer; an error means the worker is gone.
    fn ask(&mut self, path: &Path, out: Option<&Path>) -> std::io::Result<Answer> {
        write_frame(&mut self.requests, &encode_request(path, out))?;
        self.requests.flush()?;
        let frame = read_frame(&mut self.answers)?
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::UnexpectedEof))?;
        decode_answer(&frame)
    }

    /// Why the worker ended (closing its input ends a worker that is still running).
    fn death(mut self, how: &Isolation) -> String {
        drop(self.requests);
        match self.child.wait() {
            Ok(status) if status.code() == Some(TIMED_OUT) => format!(
                "stopped after {} s (--time-limit); the batch went on",
                how.time_limit.unwrap_or_default().as_secs_f64()
            ),
            Ok(status) if status.code() == Some(OUT_OF_MEMORY) => format!(
                "stopped on reaching {} MiB of memory (--memory-limit); the batch went on",
                how.memory_limit.unwrap_or_default() >> 20
            ),
            Ok(status) => describe_exit(status),
            Err(e) => format!("the converter process was lost ({e})"),
        }
    }
}

/// The workers of one batch: started on demand, one per thread at most, each handed back
/// after its document.
pub(super) struct Pool {
    how: Isolation,
    idle: Mutex<Vec<Worker>>,
}

impl Pool {
    pub fn new(how: Isolation) -> Pool {
        Pool {
            how,
            idle: Mutex::new(Vec::new()),
        }
    }

    /// Converts `path` in a worker. A worker that dies takes only this input with it.
    pub fn convert(&self, name: &str, path: &Path, out: Option<&Path>) -> Outcome {
        let idle = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop();
        let mut worker = match idle.map_or_else(|| Worker::start(&self.how), Ok) {
            Ok(w) => w,
            Err(e) => return failed(name, format!("cannot start a converter process: {e}")),
        };
        match worker.ask(path, out) {
            Ok(answer) => {
                self.idle
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(worker);
                answer.into_outcome(name, path)
            }
            Err(_) => failed(name, worker.death(&self.how)),
        }
    }

    /// Ends the idle workers and waits for them (their time then counts in the batch's, for
    /// `time` and the like).
    pub fn shut_down(&self) {
        let idle = std::mem::take(&mut *self.idle.lock().unwrap_or_else(|e| e.into_inner()));
        for worker in idle {
            let _ = worker.death(&self.how);
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.shut_down();
    }
}

fn failed(name: &str, reason: String) -> Outcome {
    Outcome::Failed(Failure {
        path: PathBuf::from(name),
        reason,
    })
}

/// A dead worker's exit, in words.
fn describe_exit(status: std::process::ExitStatus) -> String {
    #[cfg(unix)]
    if let Some(signal) = std::os::unix::process::ExitStatusExt::signal(&status) {
        let what = match signal {
            6 => "aborted (SIGABRT: out of memory, a stack overflow or a failed check)",
            9 => "killed (SIGKILL, perhaps by the system for lack of memory)",
            11 => "crashed (SIGSEGV: a stack overflow or a memory fault)",
            _ => "killed by a signal",
        };
        return format!(
            "the converter process {what} on this file (signal {signal}); the batch went on (please report the file)"
        );
    }
    format!(
        "the converter process ended on this file ({status}); the batch went on (please report the file)"
    )
}

/// What a worker answers.
enum Answer {
    Written,
    Text(String),
    Document(Box<Document>),
    Failed(String),
}

impl Answer {
    fn into_outcome(self, name: &str, path: &Path) -> Outcome {
        match self {
            Answer::Written => Outcome::Done(path.to_path_buf(), Produced::Written),
            Answer::Text(t) => Outcome::Done(path.to_path_buf(), Produced::Text(t)),
            Answer::Document(d) => Outcome::Done(path.to_path_buf(), Produced::Document(d)),
            Answer::Failed(reason) => failed(name, reason),
        }
    }
}

/// When the document being converted was started, if one is.
type Busy = Arc<Mutex<Option<Instant>>>;

/// Watches this worker from a thread and ends it, its temporary files removed, soon after its
/// parent is gone (killed, even by SIGKILL: its output would have no reader, and a file it
/// finished after its batch was interrupted would surprise), when one document has taken
/// longer than the time limit (exit code [`TIMED_OUT`]), or when the worker holds more memory
/// than its limit ([`OUT_OF_MEMORY`]: before the system's out-of-memory killer picks a
/// process, perhaps the batch's own). The parent's id changes when it dies.
fn watch(busy: Busy, time_limit: Option<Duration>, memory_limit: Option<u64>) {
    #[cfg(unix)]
    let parent = std::os::unix::process::parent_id();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(100));
        #[cfg(unix)]
        if std::os::unix::process::parent_id() != parent {
            super::atomic::remove_all();
            std::process::exit(1);
        }
        let started = *busy.lock().unwrap_or_else(|e| e.into_inner());
        if let (Some(started), Some(limit)) = (started, time_limit) {
            if started.elapsed() > limit {
                super::atomic::remove_all();
                std::process::exit(TIMED_OUT);
            }
        }
        if memory_limit.is_some_and(|limit| resident_bytes().is_some_and(|held| held > limit)) {
            super::atomic::remove_all();
            std::process::exit(OUT_OF_MEMORY);
        }
    });
}

/// The memory this process holds (resident set), where the system says (Linux's
/// `/proc/self/status`); `None` elsewhere, and no limit is applied.
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib << 10)
}

/// Serves requests on standard input until it closes: each document read, converted and
/// rendered by `produce` (or written to its own file), the answer on standard output. Ends
/// the process with its parent, or on a document that takes longer than `time_limit`.
pub fn serve(
    how: Option<&Isolation>,
    produce: impl Fn(&Path, Option<&Path>) -> Outcome,
) -> std::io::Result<()> {
    let busy = Busy::default();
    watch(
        busy.clone(),
        how.and_then(|h| h.time_limit),
        how.and_then(|h| h.memory_limit),
    );
    let mut requests = BufReader::new(std::io::stdin().lock());
    let mut answers = BufWriter::new(std::io::stdout().lock());
    while let Some(frame) = read_frame(&mut requests)? {
        let (path, out) = decode_request(&frame)?;
        *busy.lock().unwrap_or_else(|e| e.into_inner()) = Some(Instant::now());
        let produced = produce(&path, out.as_deref());
        *busy.lock().unwrap_or_else(|e| e.into_inner()) = None;
        let answer = match produced {
            Outcome::Done(_, Produced::Written) => Answer::Written,
            Outcome::Done(_, Produced::Text(t)) => Answer::Text(t),
            Outcome::Done(_, Produced::Document(d)) => Answer::Document(d),
            Outcome::Failed(f) => Answer::Failed(f.reason),
            Outcome::Skipped(f, _) => Answer::Failed(f.reason),
        };
        write_frame(&mut answers, &encode_answer(&answer))?;
        answers.flush()?;
    }
    Ok(())
}

fn write_frame(w: &mut impl Write, payload: &[u8]) -> std::io::Result<()> {
    let len =
        u32::try_from(payload.len()).map_err(|_| std::io::Error::other("an answer over 4 GiB"))?;
    w.write_all(&len.to_le_bytes())?;
    w.write_all(payload)
}

/// The next frame; `None` at a clean end of the stream.
fn read_frame(r: &mut impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 4];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u32::from_le_bytes(len) as usize;
    let mut payload = Vec::new();
    r.take(len as u64).read_to_end(&mut payload)?;
    if payload.len() != len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(payload))
}

fn path_bytes(p: &Path) -> Vec<u8> {
    #[cfg(unix)]
    {
        std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()).to_vec()
    }
    #[cfg(not(unix))]
    {
        p.to_string_lossy().into_owned().into_bytes()
    }
}

fn bytes_path(b: &[u8]) -> PathBuf {
    #[cfg(unix)]
    {
        PathBuf::from(<std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(String::from_utf8_lossy(b).into_owned())
    }
}

fn encode_request(path: &Path, out: Option<&Path>) -> Vec<u8> {
    let mut v = Vec::new();
    for p in [Some(path), out] {
        let b = p.map(path_bytes).unwrap_or_default();
        v.extend_from_slice(&(b.len() as u32).to_le_bytes());
        v.extend_from_slice(&b);
    }
    v
}

fn decode_request(frame: &[u8]) -> std::io::Result<(PathBuf, Option<PathBuf>)> {
    let bad = || std::io::Error::new(std::io::ErrorKind::InvalidData, "malformed request");
    let mut rest = frame;
    let mut next = || -> std::io::Result<Vec<u8>> {
        let (len, tail) = rest.split_first_chunk::<4>().ok_or_else(bad)?;
        let len = u32::from_le_bytes(*len) as usize;
        let (b, tail) = tail.split_at_checked(len).ok_or_else(bad)?;
        rest = tail;
        Ok(b.to_vec())
    };
    let path = bytes_path(&next()?);
    let out = next()?;
    Ok((path, (!out.is_empty()).then(|| bytes_path(&out))))
}

fn encode_answer(answer: &Answer) -> Vec<u8> {
    let (tag, body): (u8, Vec<u8>) = match answer {
        Answer::Written => (b'W', Vec::new()),
        Answer::Text(t) => (b'T', t.as_bytes().to_vec()),
        Answer::Document(d) => (
            b'D',
            serde_json::to_vec(d).expect("the model always serializes"),
        ),
        Answer::Failed(reason) => (b'F', reason.as_bytes().to_vec()),
    };
    let mut v = Vec::with_capacity(body.len() + 1);
    v.push(tag);
    v.extend_from_slice(&body);
    v
}

fn decode_answer(frame: &[u8]) -> std::io::Result<Answer> {
    let bad = |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
    let (&tag, body) = frame.split_first().ok_or_else(|| bad("empty answer"))?;
    let text = || String::from_utf8(body.to_vec()).map_err(|_| bad("answer not UTF-8"));
    Ok(match tag {
        b'W' => Answer::Written,
        b'T' => Answer::Text(text()?),
        b'D' => Answer::Document(Box::new(
            serde_json::from_slice(body).map_err(|e| bad(&e.to_string()))?,
        )),
        b'F' => Answer::Failed(text()?),
        _ => return Err(bad("unknown answer")),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_answers_round_trip() {
        let frame = encode_request(Path::new("a/b.pdf"), Some(Path::new("out/b.json")));
        let (p, o) = decode_request(&frame).unwrap();
        assert_eq!(
            (p.as_path(), o.as_deref()),
            (Path::new("a/b.pdf"), Some(Path::new("out/b.json")))
        );
        let (_, o) = decode_request(&encode_request(Path::new("x"), None)).unwrap();
        assert_eq!(o, None);
        assert!(decode_request(&frame[..frame.len() - 1]).is_err());
        let mut buf = Vec::new();
        write_frame(&mut buf, &encode_answer(&Answer::Text("một\n".into()))).unwrap();
        write_frame(&mut buf, &encode_answer(&Answer::Failed("lý do".into()))).unwrap();
        let mut r = buf.as_slice();
        assert!(
            matches!(decode_answer(&read_frame(&mut r).unwrap().unwrap()).unwrap(), Answer::Text(t) if t == "một\n")
        );
        assert!(
            matches!(decode_answer(&read_frame(&mut r).unwrap().unwrap()).unwrap(), Answer::Failed(t) if t == "lý do")
        );
        assert!(read_frame(&mut r).unwrap().is_none());
        // A frame cut short is an error, not a clean end.
        let mut cut = &buf[..6];
        assert!(read_frame(&mut cut).is_err());
    }
}
