// A signal the program sends itself is counted before `process::kill` returns: its
// handler runs even when `scheduler.run()` is asked right after whether all is done
// (it returned at once, and the handler never ran), and two sends run it twice.
task<> main() = coroutine(.thread_pool = 2) {
    let s = CoroutineScheduler::new().handle(SIGUSR1, |_| async { println!("handled"); });
    process::kill(process::id(), SIGUSR1);
    s.run().await;
    println!("first round done");
    process::kill(process::id(), SIGUSR1);
    process::kill(process::id(), SIGUSR1);
    s.run().await;
    println!("second round done");
}
