// exit: 101
// On the coroutine runtime the scheduler owns the OS signals: `signal(..)` (a frame
// handler, which would never run) called from a function is refused with a panic that
// says what to use instead, rather than swallowing the signal silently (in the entry's
// own body it is a compile error: err_signal_on_coroutine_runtime.cp).
fn install() {
    signal(SIGUSR1, |s| { println!("never"); });
}

task<> main() = coroutine {
    println!("before");
    install();
    println!("not reached");
}
