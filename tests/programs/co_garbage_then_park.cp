// 5,000 coroutines each make 300 short-lived strings, then wait; a busy ping-pong keeps
// the scheduler from going idle (no idle sweep). Their heaps have more slots than a
// packed coroutine may have, nearly all garbage: they are collected, then packed.
task<> main() = coroutine {
    let keep: Vec<Sender<int>> = Vec::new();
    let (done, finished) = channel::<int>(16);
    for i in 0..5000 {
        let (tx, rx) = channel::<int>(1);
        let d = done.clone();
        spawn async {
            let mut n = 0;
            for k in 0..300 {
                let s = format!("temporary string number {} of {}", k, i);
                n += s.len();
            }
            rx.recv().await;
            d.send(n).await;
        };
        keep.push(tx);
    }
    drop(done);
    let (ping, pings) = channel::<int>(1);
    let (pong, pongs) = channel::<int>(1);
    spawn async {
        while let Some(n) = pings.recv().await {
            pong.send(n + 1).await;
        }
    };
    let mut n = 0;
    for _ in 0..20000 {
        ping.send(n).await;
        n = pongs.recv().await.unwrap();
    }
    drop(ping);
    for tx in keep {
        tx.send(1).await;
    }
    let mut total = 0;
    while let Some(len) = finished.recv().await {
        total += len;
    }
    println!("{} round trips, {} characters", n, total);
}
