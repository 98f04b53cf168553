// exit: 1
// The coroutine scheduler's signal thread leaves SIGPIPE and SIGCONT to the OS: a handler
// for them is a compile error (it was a panic when the program ran), as for SIGKILL.
task<> main() = coroutine {
    let s = CoroutineScheduler::new().handle(SIGPIPE, |_| async { println!("pipe"); });
    s.handle(SIGCONT, |_| async { println!("cont"); });
    s.handle(SIGUSR1, |_| async { println!("usr1"); });
}
