#[path = "../targets.rs"]
#[allow(dead_code)] // each binary calls one target
mod targets;

fn main() {
    targets::abort_on_own_panics();
    afl::fuzz!(|data: &[u8]| targets::word(data));
}
