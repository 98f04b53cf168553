// `select` waits on several operations; the first ready arm runs and the others are
// cancelled without losing anything: a `recv` that did not win took no message.
task<> main() = coroutine {
    // whichever channel has a message
    let (tx1, rx1) = channel::<int>(4);
    let (tx2, rx2) = channel::<String>(4);
    tx2.send("two").await;
    select {
        Some(n) = rx1.recv() => println!("rx1 {}", n),
        Some(s) = rx2.recv() => println!("rx2 {}", s),
    }
    // nothing ready: the timer arm wins; arms are tried in order when both are ready
    let v = select {
        Some(n) = rx1.recv() => n,
        _ = timer::after(Duration::from_millis(20)) => -1,
    };
    println!("timeout gives {}", v);
    tx1.send(1).await;
    tx2.send("also ready").await;
    select {
        Some(n) = rx1.recv() => println!("first arm first: {}", n),
        Some(s) = rx2.recv() => println!("unexpected {}", s),
    }
    println!("rx2 still has {:?}", rx2.recv().await);

    // cancellation loses nothing: a producer sends 200 numbers slowly while the
    // consumer's select keeps timing out between them
    let (tx, rx) = channel::<int>(1);
    let producer = spawn async {
        for i in 0..200 {
            tx.send(i).await;
            if i % 20 == 0 { timer::sleep(Duration::from_millis(1)).await; }
        }
    };
    let mut sum = 0;
    let mut count = 0;
    let mut timeouts = 0;
    while count < 200 {
        select {
            Some(i) = rx.recv() => { sum = sum + i; count = count + 1; },
            _ = timer::after(Duration::from_micros(200)) => { timeouts = timeouts + 1; },
        }
    }
    producer.join().await;
    println!("received {} numbers, sum {}, timed out at least once: {}", count, sum, timeouts > 0);

    // two consumers select on one channel beside a quiet one: every message is taken once
    let (jobs, queue) = channel::<int>(8);
    let (quiet_tx, quiet) = channel::<int>(1);
    let (done_tx, done) = channel::<int>(16);
    for w in 0..2 {
        let queue = queue;
        let quiet = quiet;
        let done_tx = done_tx.clone();
        spawn async {
            let mut total = 0;
            loop {
                select {
                    Some(j) = queue.recv() => { total = total + j; },
                    Some(q) = quiet.recv() => { total = total + 1000000; },
                    _ = timer::after(Duration::from_millis(50)) => { break; },
                }
            }
            done_tx.send(total).await;
        };
    }
    for j in 1..=1000 { jobs.send(j).await; }
    let both = done.recv().await.unwrap() + done.recv().await.unwrap();
    println!("two consumers took {} (expected {})", both, 500500);

    // a closed channel's arm turns off; join and send arms
    let (ctx, crx) = channel::<int>(1);
    drop(ctx);
    let worker = spawn async { timer::sleep(Duration::from_millis(5)).await; 42 };
    select {
        Some(x) = crx.recv() => println!("unexpected {}", x),
        r = worker.join() => println!("joined {}", r),
    }
    let (ftx, frx) = channel::<int>(1);
    ftx.send(1).await;
    let sent = select {
        _ = ftx.send(2) => "sent",
        _ = timer::after(Duration::from_millis(5)) => "full",
    };
    println!("send to a full channel: {}", sent);
    frx.recv().await;
    let sent = select {
        _ = ftx.send(3) => "sent",
        _ = timer::after(Duration::from_millis(5)) => "full",
    };
    println!("send after a recv: {}, then {:?}", sent, frx.recv().await);
}
