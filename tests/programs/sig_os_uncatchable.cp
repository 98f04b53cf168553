// exit: 101
// SIGKILL cannot be handled: installing a handler for it is a panic, not a silent no-op
// (named, it is a compile error: err_sig_uncatchable.cp; here the number is computed).
fn main() = default {
    let n = 3 * 3;
    signal(n, |_| {});
    println!("never");
}
