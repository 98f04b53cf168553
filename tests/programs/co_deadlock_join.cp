// exit: 101
// A deadlock report lists every waiting coroutine: what it waits for, and where.
fn fill(tx: &Sender<int>) {
    tx.send(1).await;
    tx.send(2).await;
}

task<> main() = coroutine {
    let (full_tx, full_rx) = channel::<int>(1);
    let producer = spawn async {
        // the second send finds the channel full, and nobody receives
        fill(&full_tx);
        0
    };
    producer.join().await;
    println!("{}", full_rx.recv().await.unwrap());
}
