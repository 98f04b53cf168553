// Six receivers share one channel on two workers, three of them in a `select` over it,
// a second channel and a timer: 20,000 messages (and 200 on the second channel) are
// each received exactly once, and nobody waits while a message sits in a channel.
task<> main() = coroutine(.thread_pool = 2) {
    let (tx, rx) = channel::<int>(2);
    let (other_tx, other_rx) = channel::<int>(1);
    let (done, results) = channel::<int>(64);
    for k in 0..6 {
        let r = rx;
        let o = other_rx;
        let d = done.clone();
        if k % 2 == 0 {
            spawn async {
                let mut sum = 0;
                loop {
                    let got = select {
                        Some(v) = r.recv() => v,
                        Some(w) = o.recv() => w,
                        _ = timer::after(Duration::from_millis(300)) => -1,
                    };
                    if got < 0 { break; }
                    sum += got;
                }
                d.send(sum).await;
            };
        } else {
            spawn async {
                let mut sum = 0;
                while let Some(v) = r.recv().await {
                    sum += v;
                }
                d.send(sum).await;
            };
        }
    }
    drop(done);
    let mut expect = 0;
    for i in 1..20001 {
        tx.send(i).await;
        expect += i;
        if i % 100 == 0 {
            other_tx.send(1000000).await;
            expect += 1000000;
        }
    }
    drop(tx);
    drop(other_tx);
    let mut total = 0;
    while let Some(s) = results.recv().await {
        total += s;
    }
    println!("{} {}", total == expect, total - expect);
}
