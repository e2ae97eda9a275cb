//! Running a helper program (tesseract, pdftoppm) on bytes within a time and memory budget:
//! input on its standard input, its standard output returned, killed when it overruns.

use super::tesseract::Budget;
use crate::error::Error;
use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub enum Failure {
    /// The program is not installed.
    NotFound,
    Other(Error),
}

#[cfg(unix)]
fn limit_memory(cmd: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    // SAFETY: between fork and exec the closure only calls setrlimit, which is
    // async-signal-safe, and touches no memory of the parent.
    unsafe {
        cmd.pre_exec(move || {
            let limit = libc::rlimit {
                rlim_cur: bytes as libc::rlim_t,
                rlim_max: bytes as libc::rlim_t,
            };
            if libc::setrlimit(libc::RLIMIT_AS, &limit) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit_memory(_cmd: &mut Command, _bytes: u64) {}

/// Runs `cmd` with `input` on its standard input; its standard output, or why it failed.
pub fn run(mut cmd: Command, input: &[u8], budget: Budget, name: &str) -> Result<Vec<u8>, Failure> {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    limit_memory(&mut cmd, budget.memory);
    let mut child = cmd.spawn().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            Failure::NotFound
        } else {
            Failure::Other(Error::Ocr(format!("cannot run {name}: {e}")))
        }
    })?;
    let deadline = Instant::now() + budget.time;
    let mut stdin = child.stdin.take().expect("piped");
    let mut stdout = child.stdout.take().expect("piped");
    let mut stderr = child.stderr.take().expect("piped");
    let (status, out, err) = std::thread::scope(|s| {
        // Feeding and draining on their own threads: a large image and a large output could
        // otherwise fill both pipes and stall.
        s.spawn(move || {
            // A process that exits early closes its end; its status says why.
            let _ = stdin.write_all(input);
        });
        let out = s.spawn(move || {
            let mut buf = Vec::new();
            let _ = stdout.read_to_end(&mut buf);
            buf
        });
        let err = s.spawn(move || {
            let mut buf = Vec::new();
            let _ = (&mut stderr).take(64 << 10).read_to_end(&mut buf);
            buf
        });
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break Ok(status),
                Ok(None) if Instant::now() >= deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    break Err(Error::Ocr(format!(
                        "{name} took longer than {} s on one page; stopped",
                        budget.time.as_secs_f32()
                    )));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(e) => break Err(Error::Ocr(format!("{name}: {e}"))),
            }
        };
        (
            status,
            out.join().unwrap_or_default(),
            err.join().unwrap_or_default(),
        )
    });
    let status = status.map_err(Failure::Other)?;
    if !status.success() {
        let detail = String::from_utf8_lossy(&err);
        let last = detail
            .lines()
            .map(str::trim)
            .rfind(|l| !l.is_empty())
            .unwrap_or("");
        let why = match status.code() {
            Some(code) => format!("exit code {code}"),
            None => format!(
                "killed by a signal; out of its {} MiB memory budget?",
                budget.memory >> 20
            ),
        };
        return Err(Failure::Other(Error::Ocr(format!(
            "{name} failed on a page ({why}) {last}"
        ))));
    }
    Ok(out)
}
