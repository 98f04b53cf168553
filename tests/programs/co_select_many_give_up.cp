// Many coroutines wait on one channel, half of them in `select`s that keep timing out
// and waiting again (their places in the channel's queue go stale and are compacted
// away, `waiters.rs`), half in a plain `recv`. Every message is taken exactly once, by
// a coroutine that waits, and the channel's end ends them all.
task<> main() = coroutine(.thread_pool = 2) {
    let (tx, rx) = channel::<int>(4);
    let (done, results) = channel::<int>(16);
    for w in 0..300 {
        let rx = rx;
        let done = done.clone();
        spawn async {
            let mut sum = 0;
            loop {
                if w % 2 == 0 {
                    match rx.recv().await {
                        Some(v) => sum += v,
                        None => break,
                    }
                } else {
                    let stop = select {
                        Some(v) = rx.recv() => { sum += v; false },
                        None = rx.recv() => true,
                        _ = timer::after(Duration::from_micros(200)) => false,
                    };
                    if stop {
                        break;
                    }
                }
            }
            done.send(sum).await;
        };
    }
    drop(done);
    drop(rx);
    // the waiting starts: the selects time out again and again meanwhile
    timer::sleep(Duration::from_millis(20)).await;
    for i in 1..=30000 {
        tx.send(i).await;
    }
    drop(tx);
    let mut total = 0;
    let mut n = 0;
    while let Some(s) = results.recv().await {
        total += s;
        n += 1;
    }
    println!("{} coroutines, total {} (expected {})", n, total, 30000 * 30001 / 2);
}
