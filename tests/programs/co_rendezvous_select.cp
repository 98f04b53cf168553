// `select` on rendezvous channels: a send arm is ready only while a receiver waits (no
// one waits: the timer arm wins and nothing is sent); once one waits, the send arm
// wins and the receiver gets the message. A recv arm takes what a plain sender hands.
// A `select` with a send and a recv arm on one rendezvous channel does not pair with
// itself: neither is ready, the timer decides (in either order).
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    let r = select {
        Some(v) = rx.recv() => format!("received {}", v),
        _ = tx.send(1) => "sent".to_string(),
        _ = timer::after(Duration::from_millis(10)) => "no partner, recv arm first".to_string(),
    };
    println!("{}", r);
    let r = select {
        _ = tx.send(1) => "sent".to_string(),
        Some(v) = rx.recv() => format!("received {}", v),
        _ = timer::after(Duration::from_millis(10)) => "no partner, send arm first".to_string(),
    };
    println!("{}", r);
    drop(tx);
    drop(rx);

    let (tx, rx) = channel::<int>(0);
    let r = select {
        _ = tx.send(1) => "sent",
        _ = timer::after(Duration::from_millis(20)) => "nobody was receiving",
    };
    println!("{}", r);
    let receiver = spawn async { rx.recv().await };
    let r = select {
        _ = tx.send(2) => "sent to the waiting receiver",
        _ = timer::after(Duration::from_millis(2000)) => "timed out",
    };
    println!("{}", r);
    println!("received {:?}", receiver.join().await);

    let (tx, rx) = channel::<String>(0);
    let (done, finished) = channel::<int>(1);
    spawn async {
        tx.send("handed".to_string()).await;
        done.send(1).await;
    };
    let got = select {
        Some(s) = rx.recv() => s,
        _ = timer::after(Duration::from_millis(2000)) => "timed out".to_string(),
    };
    println!("{} {:?}", got, finished.recv().await);

    // ping-pong over two rendezvous channels, 1,000 round trips
    let (ping, pings) = channel::<int>(0);
    let (pong, pongs) = channel::<int>(0);
    spawn async {
        while let Some(n) = pings.recv().await {
            pong.send(n + 1).await;
        }
    };
    let mut n = 0;
    for _ in 0..1000 {
        ping.send(n).await;
        n = pongs.recv().await.unwrap();
    }
    println!("{}", n);
}
