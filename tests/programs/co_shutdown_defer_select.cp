// A coroutine the shutdown cancels where it next stops (here it owed the take of a
// message handed to it) stops at its next `.await`; but in a `defer` it runs for a
// signal of its own, that `.await` is the `defer`'s and it is not cancelled there: the
// `select` goes on as a `select` (its timer arm wins), not as a plain `recv` of its
// first arm that would wait for good.
signal OOPS;
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    spawn async {
        let (tx2, rx2) = channel::<int>(1);
        let v = rx.recv().await;
        defer {
            let r = select {
                Some(n) = rx2.recv() => n,
                _ = timer::after(Duration::from_millis(50)) => -1,
            };
            println!("defer select {}", r);
            drop(tx2);
        }
        raise OOPS;
    };
    timer::sleep(Duration::from_millis(10)).await;
    tx.send(1).await;
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(30)).await;
}
