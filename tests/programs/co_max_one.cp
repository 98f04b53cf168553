// exit: 101
// With `.max_coroutines = 1` only the entry may be alive: the first `spawn` panics, and
// the message counts in the singular.
task<> main() = coroutine(.max_coroutines = 1) {
    println!("before");
    spawn async { 1 };
    println!("not reached");
}
