// Driven by tests/signals.rs: the only coroutine sleeps for about 292 years, so the
// scheduler parks until then; a SIGUSR1 from outside wakes it at once and its handler
// ends the program.
task<> main() = coroutine {
    let scheduler = CoroutineScheduler::new().handle(SIGUSR1, |_| async {
        println!("woken by SIGUSR1");
        exit(0);
    });
    println!("ready");
    thread::sleep(Duration::from_nanos(9223372036854775000));
    println!("not reached");
}
