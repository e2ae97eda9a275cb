//! Atomic writes: every output is written to a temporary file beside it and renamed into place
//! when complete (`tempfile`'s persist), so no reader ever sees half a file. The temporary files
//! of this process are registered, so an interrupted run removes them before it exits
//! ([`remove_all`]); those of a killed run (SIGKILL, power loss) are recognised by their name and
//! removed by the next run into the same folder ([`remove_stale`]).
//!
//! A temporary file is named `.<name>.<pid>.<random>.vanban-tmp`: hidden (a folder walk passes
//! it by), and carrying the process that owns it.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

const SUFFIX: &str = ".vanban-tmp";

struct Registry {
    /// Set once the process is ending: no new temporary file may be created.
    closing: bool,
    paths: BTreeSet<PathBuf>,
}

static REGISTRY: Mutex<Registry> = Mutex::new(Registry {
    closing: false,
    paths: BTreeSet::new(),
});

fn registry() -> std::sync::MutexGuard<'static, Registry> {
    REGISTRY.lock().unwrap_or_else(|e| e.into_inner())
}

/// A temporary file that becomes `target` when [`TempOutput::persist`] is called, and is removed
/// otherwise (dropped, or the process interrupted).
pub struct TempOutput {
    file: Option<Written>,
    target: PathBuf,
}

/// Where the bytes go.
enum Written {
    /// A temporary file beside the target, renamed onto it when complete.
    Beside(tempfile::NamedTempFile),
    /// The target itself: a pipe, a terminal, `/dev/null`. Renaming over such a file would
    /// replace it with an ordinary one (and, run by root, break `/dev/null` for the system);
    /// what is written to it cannot be taken back anyway.
    InPlace(std::fs::File),
}

impl TempOutput {
    /// Creates the temporary file in `target`'s folder (created if missing). A target that is
    /// not an ordinary file (a pipe, a device) is opened and written in place; a symbolic link
    /// to a file keeps its link: the file it names is the one replaced.
    pub fn new(target: &Path) -> std::io::Result<TempOutput> {
        // (one look at the target itself; most targets do not exist yet, and a batch asks for
        // thousands)
        let own = std::fs::symlink_metadata(target).ok();
        let linked = own.as_ref().is_some_and(|m| m.file_type().is_symlink());
        let followed = if linked {
            std::fs::metadata(target).ok()
        } else {
            own
        };
        if followed.is_some_and(|m| !m.is_file() && !m.is_dir()) {
            let file = std::fs::OpenOptions::new().write(true).open(target)?;
            return Ok(TempOutput {
                file: Some(Written::InPlace(file)),
                target: target.to_path_buf(),
            });
        }
        let resolved = linked.then(|| std::fs::canonicalize(target).ok()).flatten();
        let target = resolved.as_deref().unwrap_or(target);
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Created under the lock, so an interruption never misses a file being created.
        let mut reg = registry();
        if reg.closing {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "interrupted",
            ));
        }
        let prefix = format!(".{name}.{}.", std::process::id());
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(SUFFIX).rand_bytes(6);
        // An output is an ordinary file (0666 less the umask), not a private temporary one.
        #[cfg(unix)]
        builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
        // The folder is made only when the file cannot be created without it: a batch writes
        // thousands of files into folders that exist after its first.
        let file = match builder.tempfile_in(dir) {
            Ok(file) => file,
            Err(_) => {
                std::fs::create_dir_all(dir)?;
                builder.tempfile_in(dir)?
            }
        };
        reg.paths.insert(file.path().to_path_buf());
        Ok(TempOutput {
            file: Some(Written::Beside(file)),
            target: target.to_path_buf(),
        })
    }

    /// The path the file takes when persisted.
    pub fn target(&self) -> &Path {
        &self.target
    }

    pub fn file(&mut self) -> &mut std::fs::File {
        match self.file.as_mut().expect("present until persisted") {
            Written::Beside(file) => file.as_file_mut(),
            Written::InPlace(file) => file,
        }
    }

    /// Flushes to disk and renames the file into place.
    pub fn persist(self) -> std::io::Result<()> {
        self.rename(true)
    }

    /// Renames the file into place, its data left to the system to write: for a batch's
    /// per-document files, which [`sync_folder`] makes durable together at the end (a flush per
    /// file cost more system time than converting a small document).
    pub fn persist_unsynced(self) -> std::io::Result<()> {
        self.rename(false)
    }

    fn rename(mut self, sync: bool) -> std::io::Result<()> {
        let file = match self.file.take().expect("present until persisted") {
            Written::Beside(file) => file,
            // Nothing to flush (a `File` holds no buffer) or to rename.
            Written::InPlace(_) => return Ok(()),
        };
        let tmp = file.path().to_path_buf();
        let synced = if sync {
            file.as_file().sync_all()
        } else {
            Ok(())
        };
        let result =
            synced.and_then(|()| file.persist(&self.target).map(drop).map_err(|e| e.error));
        registry().paths.remove(&tmp);
        result
    }
}

impl Write for TempOutput {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.file().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.file().flush()
    }
}

impl std::io::Seek for TempOutput {
    fn seek(&mut self, pos: std::io::SeekFrom) -> std::io::Result<u64> {
        self.file().seek(pos)
    }
}

impl Drop for TempOutput {
    fn drop(&mut self) {
        if let Some(Written::Beside(file)) = self.file.take() {
            let tmp = file.path().to_path_buf();
            drop(file); // removes it
            registry().paths.remove(&tmp);
        }
    }
}

/// Writes `bytes` to `path` atomically (a temporary file beside it, renamed when complete).
///
/// ```
/// let dir = tempfile::tempdir().unwrap();
/// let path = dir.path().join("out/plan.json");
/// vanban::batch::write_atomic(&path, b"{}\n").unwrap();
/// assert_eq!(std::fs::read(&path).unwrap(), b"{}\n");
/// assert_eq!(std::fs::read_dir(dir.path().join("out")).unwrap().count(), 1);
/// ```
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = TempOutput::new(path)?;
    tmp.write_all(bytes)?;
    tmp.persist()
}

/// As [`write_atomic`], the data not yet flushed to disk: a process killed at any moment still
/// leaves the whole file or none, and a power loss before [`sync_folder`] at most an empty or
/// cut file, which `--skip-existing` converts again ([`is_complete_output`]).
pub fn write_atomic_unsynced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = TempOutput::new(path)?;
    tmp.write_all(bytes)?;
    tmp.persist_unsynced()
}

/// Flushes to disk everything written to the file system that holds `dir` (Linux's `syncfs`;
/// elsewhere the folder itself): once, at the end of a batch of per-document files.
pub fn sync_folder(dir: &Path) -> std::io::Result<()> {
    let folder = std::fs::File::open(dir)?;
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor is open for the duration of the call; syncfs only reads it.
        if unsafe { libc::syncfs(folder.as_raw_fd()) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    folder.sync_all()
}

/// Whether an existing output is one a finished run wrote: not empty, and for JSON ending
/// with its closing brace (a file cut by a power loss before it reached the disk is not).
pub fn is_complete_output(path: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(len) = file.metadata().map(|m| m.len()) else {
        return false;
    };
    if len == 0 {
        return false;
    }
    if path.extension().is_none_or(|e| e != "json") {
        return true;
    }
    let mut tail = [0u8; 16];
    let start = len.saturating_sub(tail.len() as u64);
    let got = file
        .seek(SeekFrom::Start(start))
        .and_then(|_| file.read(&mut tail));
    matches!(got, Ok(n) if tail[..n].trim_ascii_end().ends_with(b"}"))
}

/// Removes every temporary file of this process and refuses new ones: for a signal handler,
/// just before the process exits.
pub fn remove_all() {
    let mut reg = registry();
    reg.closing = true;
    for path in std::mem::take(&mut reg.paths) {
        let _ = std::fs::remove_file(path);
    }
}

/// Removes, in `dir` (and its sub-folders when `recursive`), the temporary files left by runs
/// that are no longer running (killed before they could clean up). Returns how many were
/// removed.
pub fn remove_stale(dir: &Path, recursive: bool) -> usize {
    walkdir::WalkDir::new(dir)
        .max_depth(if recursive { usize::MAX } else { 1 })
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| owner(&e.file_name().to_string_lossy()).is_some_and(|pid| !is_running(pid)))
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
}

/// The process id in a temporary file's name.
fn owner(name: &str) -> Option<u32> {
    let stem = name.strip_prefix('.')?.strip_suffix(SUFFIX)?;
    let mut parts = stem.rsplit('.');
    let _random = parts.next()?;
    parts.next()?.parse().ok()
}

fn is_running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        // Without /proc, a file of another process is left alone: it may be running.
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_is_complete_when_not_empty_and_json_closed() {
        let dir = tempfile::tempdir().unwrap();
        let at = |name: &str, bytes: &[u8]| {
            let p = dir.path().join(name);
            std::fs::write(&p, bytes).unwrap();
            is_complete_output(&p)
        };
        assert!(at("a.json", b"{\"a\": [1, 2]}\n"));
        assert!(!at("b.json", b""));
        assert!(!at("c.json", b"{\"a\": [1,"));
        assert!(!at("d.json", b"{\"a\": 1}\n\0\0\0\0"));
        assert!(at("e.md", "# Kế hoạch\n".as_bytes()));
        assert!(!at("f.md", b""));
        assert!(!is_complete_output(&dir.path().join("missing.json")));
    }

    #[test]
    fn temporary_names_carry_their_process() {
        assert_eq!(owner(".plan.json.4242.aB3xYz.vanban-tmp"), Some(4242));
        assert_eq!(owner(".tasks.csv.17.000000.vanban-tmp"), Some(17));
        assert_eq!(owner("plan.json"), None);
        assert_eq!(owner(".plan.json.tmp.12"), None);
    }

    #[test]
    fn a_dropped_output_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a.json");
        let mut t = TempOutput::new(&target).unwrap();
        t.write_all(b"half").unwrap();
        drop(t);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn outputs_get_the_permissions_of_ordinary_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let ordinary = dir.path().join("ordinary");
        std::fs::write(&ordinary, "x").unwrap();
        let ours = dir.path().join("ours.json");
        write_atomic(&ours, b"x").unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&ours), mode(&ordinary));
    }

    #[test]
    fn stale_files_of_dead_processes_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("sub")).unwrap();
        // No process has this id (above the kernel's pid_max).
        let dead = d.join("sub/.a.json.99999999.AbCdEf.vanban-tmp");
        let live = d.join(format!(".b.json.{}.AbCdEf.vanban-tmp", std::process::id()));
        std::fs::write(&dead, "x").unwrap();
        std::fs::write(&live, "x").unwrap();
        std::fs::write(d.join("c.json"), "x").unwrap();
        if cfg!(target_os = "linux") {
            assert_eq!(remove_stale(d, false), 0);
            assert_eq!(remove_stale(d, true), 1);
            assert!(!dead.exists());
        }
        assert!(live.exists() && d.join("c.json").exists());
    }
}
