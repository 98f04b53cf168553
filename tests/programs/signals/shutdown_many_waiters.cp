// A graceful shutdown of many coroutines waiting on one channel (receivers on a
// rendezvous channel, each with a `defer` that reports on another channel; then as many
// senders blocked on a second one): every one is cancelled where it waits, every `defer`
// runs, and the process exits 0 well within the grace period. Taking each waiter off
// the channel's list on its own made this quadratic: 100,000 receivers outlasted the
// 5 s grace period (exit 143). The first argument is how many of each.
task<> main(args: &[String]) = coroutine {
    let n = args[0].parse_int().unwrap();
    let (tx, rx) = channel::<int>(0);
    let (stx, srx) = channel::<int>(0);
    let (done, cleaned) = channel::<int>(n * 2);
    for i in 0..n {
        let rx = rx;
        let d = done.clone();
        spawn async {
            defer { d.send(1).await; }
            let v = rx.recv().await;
            println!("never {:?}", v);
        };
        let stx = stx.clone();
        spawn async { stx.send(i).await; };
    }
    drop(done);
    println!("ready");
    defer {
        let mut count = 0;
        while let Some(v) = cleaned.recv().await {
            count += v;
        }
        println!("cleaned {}", count);
    }
    timer::sleep(Duration::from_secs(100)).await;
    tx.send(1).await;
    println!("never {:?}", srx.recv().await);
}
