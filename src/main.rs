//! The `vanban` binary: the command line lives in the library (`vanban::cli`), shared with the
//! Python package's `python -m vanban`.

use std::process::ExitCode;

/// The pipeline allocates many small strings per line: mimalloc converts ~8 % faster than the
/// system allocator (benches/convert.rs uses it too, so its figures are the binary's).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(vanban::cli::run(std::env::args_os()))
}
