// exit: 101
// SIGKILL cannot be handled: installing a handler for it is a panic, not a silent no-op.
fn main() = default {
    signal(SIGKILL, |_| {});
    println!("never");
}
