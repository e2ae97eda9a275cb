//! `.doc` (Word 97–2003) and `.rtf` through LibreOffice: `soffice --headless --convert-to docx`
//! in a private temporary profile (parallel conversions must not share one: LibreOffice locks
//! its profile), under a time limit; the `.docx` it writes is read into memory and every
//! temporary file removed, then the `.docx` reader does the rest.

use crate::error::{Error, Result};
use crate::model::Format;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long one conversion may take (LibreOffice starts in a few seconds; a large .doc
/// converts in a few more), unless `VANBAN_OFFICE_TIMEOUT` gives other seconds.
pub const TIMEOUT: Duration = Duration::from_secs(180);

fn timeout() -> Duration {
    std::env::var("VANBAN_OFFICE_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or(TIMEOUT, Duration::from_secs)
}

/// Largest `.docx` LibreOffice may write for one input.
const MAX_OUTPUT: u64 = 256 << 20;

const MISSING: &str = "LibreOffice is needed to read .doc and .rtf files and was not found \
    (the `soffice` program; install the Debian/Ubuntu package libreoffice-writer-nogui, or \
    LibreOffice from https://www.libreoffice.org; or set VANBAN_SOFFICE to its path)";

/// The LibreOffice program: `$VANBAN_SOFFICE`, else `soffice` or `libreoffice` on the PATH,
/// else the usual macOS and Windows install places.
pub fn soffice() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("VANBAN_SOFFICE") {
        let p = PathBuf::from(p);
        return p.is_file().then_some(p);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        for name in ["soffice", "libreoffice", "soffice.exe"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    [
        "/Applications/LibreOffice.app/Contents/MacOS/soffice",
        "C:\\Program Files\\LibreOffice\\program\\soffice.exe",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// A directory removed (with its content) when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let base = std::env::temp_dir();
        for _ in 0..100 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.subsec_nanos());
            let dir = base.join(format!("vanban-office-{}-{n}-{nanos}", std::process::id()));
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(TempDir(dir)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(Error::Word(format!("cannot make a temporary folder: {e}"))),
            }
        }
        Err(Error::Word("cannot make a temporary folder".into()))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// `file:///…` for a local path (the form `-env:UserInstallation` takes).
fn file_url(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// Converts a `.doc` or `.rtf` held in memory to `.docx` bytes.
pub fn to_docx(bytes: &[u8], format: Format) -> Result<Vec<u8>> {
    let program = soffice().ok_or_else(|| Error::Word(MISSING.into()))?;
    let ext = match format {
        Format::Rtf => "rtf",
        _ => "doc",
    };
    let tmp = TempDir::new()?;
    let input = tmp.0.join(format!("input.{ext}"));
    let out_dir = tmp.0.join("out");
    let profile = tmp.0.join("profile");
    std::fs::write(&input, bytes)
        .map_err(|e| Error::Word(format!("cannot write a temporary file: {e}")))?;
    let log = tmp.0.join("soffice.log");
    let log_file = std::fs::File::create(&log)
        .map_err(|e| Error::Word(format!("cannot write a temporary file: {e}")))?;
    let mut command = Command::new(&program);
    command
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .args([
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "--nolockcheck",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(log_file);
    #[cfg(unix)]
    {
        // Its own process group, so a timeout ends LibreOffice's helper processes too.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = command
        .spawn()
        .map_err(|e| Error::Word(format!("cannot run {}: {e}", program.display())))?;
    let started = Instant::now();
    let limit = timeout();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > limit => {
                kill_group(&mut child);
                return Err(Error::Word(format!(
                    "LibreOffice did not convert the file within {} s",
                    limit.as_secs()
                )));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(Error::Word(format!("waiting for LibreOffice: {e}"))),
        }
    };
    let output = out_dir.join("input.docx");
    let meta = std::fs::metadata(&output).ok();
    let Some(meta) = meta.filter(|m| m.is_file()) else {
        let said = std::fs::read_to_string(&log).unwrap_or_default();
        let said = crate::text::collapse_ws(said.trim());
        let said: String = said.chars().take(300).collect();
        return Err(Error::Word(format!(
            "LibreOffice could not convert the file ({status}{}{said})",
            if said.is_empty() { "" } else { ": " }
        )));
    };
    if meta.len() > MAX_OUTPUT {
        return Err(Error::Word(format!(
            "LibreOffice's conversion is {} MiB; more than {} MiB",
            meta.len() >> 20,
            MAX_OUTPUT >> 20
        )));
    }
    std::fs::read(&output).map_err(|e| Error::Word(format!("cannot read the conversion: {e}")))
}

fn kill_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        // The child leads its own group (`process_group(0)`): its id is the group's.
        let _ = Command::new("kill")
            .args(["-s", "KILL", "--", &format!("-{}", child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_urls_are_escaped() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/profile")),
            "file:///tmp/a%20b/profile"
        );
    }
}
