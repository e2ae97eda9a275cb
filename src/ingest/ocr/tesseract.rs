//! Tesseract 5 driven as a program, one process per page image.
//!
//! Why a process and not the library: measured on the real scans (1.1–2.0 s of recognition per
//! page with the `vie` model), a process costs 0.1–0.2 s more per page than calling
//! libtesseract in-process (model loading, start-up), but it is the only way to hold each page
//! to a time and a memory budget and to keep a crash in the engine (a hostile image) to one
//! page's error instead of the whole batch; and it needs nothing at build time (the crates that
//! bind libtesseract need its headers and libclang). See the OCR section of README.md.
//!
//! The image goes in as a temporary file (`Engine::run`) and hOCR comes back on standard
//! output. `OMP_THREAD_LIMIT=1`: pages run in parallel, one core each.

use super::hocr::{self, HocrPage};
use super::process;
use crate::error::{Error, Result};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

/// What a missing installation is told to install.
pub const PACKAGES: &str =
    "Debian/Ubuntu: apt install tesseract-ocr tesseract-ocr-vie tesseract-ocr-script-viet";

/// Limits on one page's recognition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Wall-clock time, after which the process is killed.
    pub time: Duration,
    /// Address space of the process, in bytes (`setrlimit(RLIMIT_AS)`).
    pub memory: u64,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            time: Duration::from_secs(180),
            memory: 3 << 30,
        }
    }
}

/// Page segmentation: Tesseract's automatic layout analysis (with or without its orientation
/// detection, which costs about a fifth more time), or the page read as one block of text.
/// Automatic analysis drops the lone numbers of a table's narrow first column (a ruled
/// table's "1", "2", "I"); as one block they are read, at the cost of slightly worse reading
/// of running text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segmentation {
    Auto,
    AutoWithOrientation,
    Block,
}

/// An installed Tesseract with a Vietnamese model.
#[derive(Debug)]
pub struct Engine {
    program: PathBuf,
    /// The model read with: `Vietnamese` (the script model, package tesseract-ocr-script-viet)
    /// where installed, else `vie`. On scans made from our own born-digital pages the script
    /// model leaves about a sixth fewer words wrong (stacked marks above all: "đổi" read
    /// "đối", "Đồng" read "Đông") for about a third more time.
    pub model: &'static str,
    /// Whether the orientation model (`osd`) is installed.
    pub has_osd: bool,
    /// The models a handwritten number is read with as digits (`eng` and `vie`, where
    /// installed): two models' readings that agree are worth more than one's.
    pub digit_models: Vec<&'static str>,
}

/// The program to run: `$VANBAN_TESSERACT` or `tesseract` on the PATH.
fn program() -> PathBuf {
    std::env::var_os("VANBAN_TESSERACT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("tesseract"))
}

/// The engine, checked once per process: the program runs and lists `vie` among its models.
pub fn engine() -> Result<&'static Engine> {
    static ENGINE: OnceLock<std::result::Result<Engine, String>> = OnceLock::new();
    ENGINE
        .get_or_init(|| Engine::locate(program()))
        .as_ref()
        .map_err(|e| Error::Ocr(e.clone()))
}

impl Engine {
    /// Checks `program` and its models.
    pub fn locate(program: PathBuf) -> std::result::Result<Engine, String> {
        let out = Command::new(&program)
            .arg("--list-langs")
            .stdin(Stdio::null())
            .output()
            .map_err(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    format!("tesseract is not installed (needed for scanned pages; {PACKAGES})")
                } else {
                    format!("cannot run {}: {e}", program.display())
                }
            })?;
        // Tesseract 4 printed the list on standard error.
        let listing = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        let langs: Vec<&str> = listing
            .lines()
            .skip_while(|l| !l.starts_with("List of available languages"))
            .skip(1)
            .map(str::trim)
            .collect();
        let model = if langs.contains(&"Vietnamese") {
            "Vietnamese"
        } else if langs.contains(&"vie") {
            "vie"
        } else {
            return Err(format!(
                "tesseract has no Vietnamese model (needed for scanned pages; {PACKAGES})"
            ));
        };
        let digit_models = ["eng", "vie"]
            .into_iter()
            .filter(|m| langs.contains(m))
            .collect();
        Ok(Engine {
            program,
            model,
            has_osd: langs.contains(&"osd"),
            digit_models,
        })
    }

    /// Recognizes one image (any format Tesseract reads: JPEG, PNG, PNM, TIFF) and returns its
    /// first page as hOCR, read.
    pub fn recognize(
        &self,
        image: &[u8],
        dpi: Option<u32>,
        segmentation: Segmentation,
        budget: Budget,
    ) -> Result<HocrPage> {
        let psm = match segmentation {
            Segmentation::Auto => "3",
            Segmentation::AutoWithOrientation if self.has_osd => "1",
            Segmentation::AutoWithOrientation => "3",
            Segmentation::Block => "6",
        };
        let dpi = dpi
            .filter(|&d| (50..=2400).contains(&d))
            .map(|d| d.to_string());
        let mut options = vec!["-l", self.model, "--psm", psm];
        if let Some(dpi) = &dpi {
            options.extend(["--dpi", dpi]);
        }
        options.push("hocr");
        self.run_hocr(&options, image, budget)
    }

    /// Reads a small image as one line of digits only (`--psm 7`, a character whitelist) with
    /// `model`: a handwritten number cut from its printed gap (`handwritten`).
    pub fn recognize_digits(&self, image: &[u8], model: &str, budget: Budget) -> Result<HocrPage> {
        let options = [
            "-l",
            model,
            "--psm",
            "7",
            "-c",
            "tessedit_char_whitelist=0123456789",
            "hocr",
        ];
        self.run_hocr(&options, image, budget)
    }

    fn run_hocr(&self, options: &[&str], image: &[u8], budget: Budget) -> Result<HocrPage> {
        let out = self.run(options, image, budget).map_err(|e| match e {
            process::Failure::NotFound => {
                Error::Ocr(format!("tesseract is no longer installed ({PACKAGES})"))
            }
            process::Failure::Other(e) => e,
        })?;
        let text = String::from_utf8(out)
            .map_err(|_| Error::Ocr("tesseract wrote invalid UTF-8".into()))?;
        Ok(hocr::parse(&text))
    }
}

impl Engine {
    /// The quarter turns (clockwise) that set the page image upright, from Tesseract's
    /// orientation detection (`--psm 0`); `None` without the `osd` model or when it is unsure.
    pub fn orientation(&self, image: &[u8], budget: Budget) -> Result<Option<u8>> {
        if !self.has_osd {
            return Ok(None);
        }
        let out = match self.run(&["--psm", "0"], image, budget) {
            Ok(out) => out,
            // Too little text to tell ("Too few characters"): no opinion.
            Err(process::Failure::Other(_)) => return Ok(None),
            Err(process::Failure::NotFound) => {
                return Err(Error::Ocr(format!(
                    "tesseract is no longer installed ({PACKAGES})"
                )))
            }
        };
        Ok(parse_osd(&String::from_utf8_lossy(&out)))
    }

    /// Runs Tesseract with `options` on `image`, its output on standard output (through the
    /// development cache). The image goes in as a temporary file (removed when the run ends):
    /// Tesseract reads its standard input a character at a time, which cost about 0.1 CPU s
    /// more than reading a file for a 200-dpi page's 4 MB (a blank page: 0.35 s against
    /// 0.47 s, model loading included), a twentieth of the page's reading.
    fn run(
        &self,
        options: &[&str],
        image: &[u8],
        budget: Budget,
    ) -> std::result::Result<Vec<u8>, process::Failure> {
        dev_cache::through(dev_cache::entry(options, image), || {
            let file = tempfile::Builder::new()
                .prefix("vanban-ocr-")
                .tempfile()
                .and_then(|mut file| {
                    std::io::Write::write_all(&mut file, image)?;
                    Ok(file)
                })
                .map_err(|e| {
                    process::Failure::Other(Error::Ocr(format!(
                        "cannot write the page image for tesseract: {e}"
                    )))
                })?;
            let mut cmd = Command::new(&self.program);
            cmd.arg(file.path())
                .arg("stdout")
                .args(options)
                .env("OMP_THREAD_LIMIT", "1");
            process::run(cmd, &[], budget, "tesseract")
        })
    }
}

/// A development aid: with `VANBAN_OCR_CACHE=DIR`, Tesseract's output for an image and
/// arguments is kept in DIR (keyed by a hash of both) and read back on the next run, so that
/// work on what follows OCR (line building, header parsing) does not wait for recognition
/// each time. Unset (as for every user), it does nothing. Only successful runs are kept.
mod dev_cache {
    use std::hash::Hasher;
    use std::path::PathBuf;

    pub(super) fn entry(options: &[&str], image: &[u8]) -> Option<PathBuf> {
        let dir = PathBuf::from(std::env::var_os("VANBAN_OCR_CACHE")?);
        let mut h = crate::hash::FxHasher::default();
        h.write(image);
        h.write_usize(image.len());
        for option in options {
            h.write(option.as_bytes());
            h.write_u8(0);
        }
        Some(dir.join(format!("{:016x}.out", h.finish())))
    }

    pub(super) fn through<E>(
        entry: Option<PathBuf>,
        run: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<Vec<u8>, E> {
        let Some(path) = entry else {
            return run();
        };
        if let Ok(out) = std::fs::read(&path) {
            return Ok(out);
        }
        let out = run()?;
        let _ = std::fs::create_dir_all(path.parent().unwrap_or(&path));
        let _ = std::fs::write(&path, &out);
        Ok(out)
    }
}

/// "Rotate: 270" and "Orientation confidence: 16.59" of Tesseract's OSD report.
fn parse_osd(report: &str) -> Option<u8> {
    let value = |key: &str| {
        report
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().parse::<f32>().ok())
    };
    let rotate = value("Rotate:")?;
    let confidence = value("Orientation confidence:")?;
    // Below about 2 Tesseract's guess is a coin toss (its own documentation's figure).
    (confidence >= 2.0).then_some(((rotate as i32 / 90).rem_euclid(4)) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orientation_report() {
        let r = "Page number: 0\nOrientation in degrees: 90\nRotate: 270\nOrientation confidence: 20.37\nScript: Latin\n";
        assert_eq!(parse_osd(r), Some(3));
        assert_eq!(parse_osd("Rotate: 90\nOrientation confidence: 0.4\n"), None);
        assert_eq!(parse_osd(""), None);
    }

    #[test]
    fn missing_program_names_the_packages() {
        let e = Engine::locate(PathBuf::from("/nonexistent/tesseract-for-test")).unwrap_err();
        assert!(e.contains("tesseract-ocr tesseract-ocr-vie"), "{e}");
    }

    #[test]
    fn program_without_vietnamese_is_refused() {
        // `echo` prints its arguments: no language list, so no `vie`.
        let e = Engine::locate(PathBuf::from("echo")).unwrap_err();
        assert!(e.contains("no Vietnamese model"), "{e}");
    }
}
