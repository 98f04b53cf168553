// exit: 101
// Two coroutines each wait for a message the other would send only afterwards. The
// report says who holds the sender of each channel waited on.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    let (go_tx, go_rx) = channel::<int>(1);
    spawn async {
        let go = go_rx.recv().await;
        tx.send(1).await;
    };
    let v = rx.recv().await;
    go_tx.send(1).await;
}
