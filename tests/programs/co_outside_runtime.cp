// exit: 101
// Coroutine code reached from an entry whose runtime has no coroutines (the compiler
// only sees it inside such an entry) stops with a clear message, not an internal error.
fn helper() -> int {
    let h = spawn async { 1 };
    h.join().await
}
fn main() = default {
    println!("{}", helper());
}
