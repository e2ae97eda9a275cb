//! What a batch tells its user on standard error: each failure with its path and reason, each
//! file skipped for its format, a summary, and — on a terminal, once the batch has run a while —
//! a progress line (indicatif). `--quiet` keeps only the failures; `--verbose` adds each
//! converted file and each output that already existed.

use super::{Event, SkipReason, Summary};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// How much to say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub enum Verbosity {
    /// Failures only (`-q`).
    Quiet,
    /// Failures, skipped files, the summary, and the progress line on a terminal.
    #[default]
    Normal,
    /// Also each converted file and each output that existed (`-v`).
    Verbose,
}

/// A batch shorter than this shows no progress line.
const SHOW_AFTER: Duration = Duration::from_millis(1500);

/// [`SHOW_AFTER`], unless `VANBAN_PROGRESS_AFTER_MS` says otherwise (tests draw the line at
/// once, so they need not race the machine's speed).
fn show_after() -> Duration {
    std::env::var("VANBAN_PROGRESS_AFTER_MS")
        .ok()
        .and_then(|ms| ms.parse().ok())
        .map_or(SHOW_AFTER, Duration::from_millis)
}

/// Prints a batch's events to standard error.
pub struct Reporter {
    verbosity: Verbosity,
    /// Present on a terminal (and not quiet); drawn once the batch runs longer than
    /// [`SHOW_AFTER`].
    bar: Option<ProgressBar>,
    shown: bool,
    show_after: Duration,
    started: Instant,
    failed: usize,
    skipped: usize,
}

impl Reporter {
    /// `total`: the number of inputs when known in advance (files named one by one).
    pub fn new(verbosity: Verbosity, total: Option<usize>) -> Reporter {
        let terminal = std::io::stderr().is_terminal();
        let bar = (terminal && verbosity > Verbosity::Quiet).then(|| {
            let template = match total {
                Some(_) => "{bar:30} {pos}/{len}{msg} · {rate} · ETA {eta}",
                None => "{spinner} {pos} done{msg} · {rate} · {elapsed}",
            };
            let style = ProgressStyle::with_template(template)
                .expect("a valid template")
                .with_key(
                    "rate",
                    |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.1} files/s", state.per_sec());
                    },
                );
            let bar = ProgressBar::with_draw_target(
                total.map(|n| n as u64),
                ProgressDrawTarget::hidden(),
            )
            .with_style(style);
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Reporter {
            verbosity,
            bar,
            shown: false,
            show_after: show_after(),
            started: Instant::now(),
            failed: 0,
            skipped: 0,
        }
    }

    /// Reports one input.
    pub fn event(&mut self, event: Event) {
        match event {
            Event::Failed(f) => {
                self.failed += 1;
                self.say(&format!("vanban: {}: {}", f.path.display(), f.reason));
            }
            Event::Skipped(f, SkipReason::Unsupported) => {
                self.skipped += 1;
                if self.verbosity >= Verbosity::Normal {
                    self.say(&format!("vanban: {}: {}", f.path.display(), f.reason));
                }
            }
            Event::Skipped(f, SkipReason::Existing) => {
                self.skipped += 1;
                if self.verbosity >= Verbosity::Verbose {
                    self.say(&format!(
                        "vanban: {}: skipped: {}",
                        f.path.display(),
                        f.reason
                    ));
                }
            }
            Event::Converted(path) => {
                if self.verbosity >= Verbosity::Verbose {
                    self.say(&format!("vanban: {}: converted", path.display()));
                }
            }
        }
        self.advance();
    }

    fn advance(&mut self) {
        let Some(bar) = &self.bar else { return };
        bar.inc(1);
        if self.failed + self.skipped > 0 {
            bar.set_message(format!(
                "({} failed, {} skipped)",
                self.failed, self.skipped
            ));
        }
        if !self.shown && self.started.elapsed() >= self.show_after {
            self.shown = true;
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }

    /// A line above the progress bar.
    fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Clears the progress line and prints the summary (unless quiet, or for a single input
    /// converted to standard output, where the document itself says it all).
    pub fn finish(self, summary: &Summary, show_summary: bool) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.verbosity == Verbosity::Quiet || !show_summary {
            return;
        }
        let mut line = format!(
            "vanban: {} converted, {} skipped, {} failed",
            summary.converted,
            summary.skipped(),
            summary.failures.len()
        );
        if summary.skipped_unsupported > 0 && summary.skipped_existing > 0 {
            line.push_str(&format!(
                " ({} unsupported, {} already converted)",
                summary.skipped_unsupported, summary.skipped_existing
            ));
        }
        if self.verbosity == Verbosity::Verbose {
            line.push_str(&format!(
                " in {:.1} s",
                self.started.elapsed().as_secs_f64()
            ));
        }
        eprintln!("{line}");
    }
}
