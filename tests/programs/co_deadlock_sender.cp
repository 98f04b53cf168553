// exit: 101
// The usual deadlock under copy semantics: `spawn` copies `tx` into the producer, and
// the entry drops its own copy only after the loop that waits for the channel to
// close, so the loop waits for ever. (Without that late `drop`, the entry's copy would
// be garbage once the producer is done, and the loop would end: co_scope_end.cp.)
// The report says where the entry waits, and to drop the sender before waiting.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(4);
    spawn async {
        for i in 0..3 {
            tx.send(i).await;
        }
    };
    let mut sum = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
    }
    drop(tx);
    println!("{}", sum);
}
