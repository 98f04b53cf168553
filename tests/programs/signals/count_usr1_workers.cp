// Driven by tests/signals.rs: with two workers, counts SIGUSR1 deliveries while a coroutine computes
// without pause (each acknowledged, so the test sends the next only then: two pending
// deliveries of one signal would be one); SIGTERM (handled) ends the count.
task<> main() = coroutine(.thread_pool = 2) {
    let (tx, rx) = channel::<int>(1000);
    let scheduler = CoroutineScheduler::new()
        .handle(SIGUSR1, |_| async { tx.send(1).await; })
        .handle(SIGTERM, |_| async { tx.send(0).await; });
    spawn async {
        let mut x = 0;
        loop { x = (x * 31 + 7) % 1000003; }
    };
    println!("ready");
    let mut n = 0;
    loop {
        match rx.recv().await {
            Some(1) => {
                n = n + 1;
                println!("got {}", n);
            },
            _ => break,
        }
    }
    println!("SIGUSR1 handled {} times", n);
    exit(0);
}
