// exit: 101
// Every coroutine waiting with nothing left to wake one is a deadlock, reported.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    println!("waiting for a message nobody sends");
    let v = rx.recv().await;
    tx.send(1).await;
}
