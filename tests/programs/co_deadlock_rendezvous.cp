// exit: 101
// A send on a rendezvous channel waits until a receiver takes the message: with the
// only receiver's holder being the sender itself, that is a deadlock, and the report
// says what the sender waits for.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    tx.send(1).await;
    println!("never");
    rx.recv().await;
}
