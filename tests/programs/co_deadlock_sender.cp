// exit: 101
// The usual deadlock under copy semantics: `spawn` copies `tx` into the producer, the
// entry keeps its own copy, so the channel never closes and the loop waits for ever.
// The report says where the entry waits, and to drop the sender (co_workers.cp shows
// the fix: `drop(tx)` after the spawn).
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
    println!("{}", sum);
}
