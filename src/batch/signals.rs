//! Interruption: on SIGINT, SIGTERM or SIGHUP the temporary files of the run are removed and the
//! process ends with the shell's code for the signal (128 + its number: 130 for Ctrl-C, 143
//! for `kill`). Finished outputs stay; no half-written file is left.

/// Installs the handler (once, from the binary's `main`). Elsewhere a signal ends the process as
/// usual.
#[cfg(unix)]
pub fn remove_temporaries_on_signals() -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            super::atomic::remove_all();
            eprintln!("vanban: interrupted");
            std::process::exit(128 + signal);
        }
    });
    Ok(())
}

#[cfg(not(unix))]
pub fn remove_temporaries_on_signals() -> std::io::Result<()> {
    Ok(())
}
