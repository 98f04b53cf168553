// exit: 101
// On the coroutine runtime the scheduler owns the OS signals: `signal(..)` (a frame
// handler, which would never run) is refused with a panic that says what to use
// instead, rather than swallowing the signal silently.
task<> main() = coroutine {
    println!("before");
    signal(SIGUSR1, |s| { println!("never"); });
    println!("not reached");
}
