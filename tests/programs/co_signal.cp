// OS signals on the coroutine runtime: each delivery of a signal with a handler
// registered on the scheduler runs that handler in a new coroutine, with the signal
// value; handlers may be plain closures or return an `async` block. The entry waits on a
// channel meanwhile (an idle scheduler waits for signals), and `scheduler.run().await`
// returns once every other coroutine has finished.
task<> main() = std::CoroutineScheduler {
    let (tx, rx) = channel::<String>(4);
    let tx2 = tx.clone();
    let scheduler = CoroutineScheduler::new()
        .handle(SIGUSR1, |_| async {
            tx.send("usr1 in a coroutine".to_string()).await;
        })
        .handle(SIGUSR2, |s| {
            println!("usr2 handler got {:?}", s);
            tx2.send("usr2 handled".to_string()).await;
        });
    spawn async {
        process::kill(process::id(), SIGUSR2);
    };
    println!("{}", rx.recv().await.unwrap());
    process::kill(process::id(), SIGUSR1);
    println!("{}", rx.recv().await.unwrap());
    scheduler.run().await;
    println!("all coroutines finished");
}
