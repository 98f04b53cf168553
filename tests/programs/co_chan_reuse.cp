// A channel that no end refers to any more is freed, with the messages still in it; its
// number serves the next channel. A sender carried only in such a message goes with it,
// so its receiver sees the channel closed.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    let (carrier_tx, carrier_rx) = channel::<Sender<int>>(1);
    carrier_tx.send(tx).await;
    drop(tx);
    // `tx` lives on only in the carrier's queue
    drop(carrier_tx);
    drop(carrier_rx);
    match rx.recv().await {
        Some(v) => println!("unexpected {}", v),
        None => println!("closed: its last sender went with the freed carrier"),
    }
    // many short-lived channels, each used once and left to the collector
    let mut sum = 0;
    for i in 0..200000 {
        let (a, b) = channel::<int>(1);
        a.send(i % 10).await;
        sum += b.recv().await.unwrap();
    }
    println!("{}", sum);
    // a channel made after all that still works both ways
    let (done_tx, done_rx) = channel::<int>(2);
    let worker = spawn async {
        done_tx.send(41).await;
        done_tx.send(1).await;
        0
    };
    drop(done_tx);
    worker.join().await;
    let mut total = 0;
    while let Some(v) = done_rx.recv().await {
        total += v;
    }
    println!("{}", total);
}
