#[path = "../targets.rs"]
mod targets;

fn main() {
    targets::abort_on_own_panics();
    afl::fuzz!(|data: &[u8]| targets::diff(data));
}
