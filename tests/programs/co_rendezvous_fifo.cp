// Senders blocked on a rendezvous channel are served first come, first served, as in Go
// (a receiver that parked used to wake a second sender for the one place; the loser
// went to the back of the queue: 0, 1, 3, 5, 4, 2).
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    for i in 0..8 {
        let tx = tx.clone();
        spawn async {
            tx.send(i).await;
        };
        // each sender blocks before the next one starts
        timer::sleep(Duration::from_millis(1)).await;
    }
    let mut got: Vec<int> = Vec::new();
    for _ in 0..8 {
        got.push(rx.recv().await.unwrap());
    }
    println!("{:?}", got);
}
