// exit: 101
// A timer no coroutine waits for any more (a `select`'s losing timer arm, a timed
// write that finished) does not put off a deadlock report: the scheduler used to sleep
// until it (here 1,000 s, past the harness's timeout) before saying so.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    tx.send(1).await;
    select {
        Some(v) = rx.recv() => println!("got {}", v),
        _ = timer::after(Duration::from_secs(1000)) => println!("timed out"),
    }
    rx.recv().await;
    tx.send(2).await;
}
