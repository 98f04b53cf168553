// `channel::<T>(0)` is a rendezvous channel (Go's unbuffered): `send` returns only once
// a receiver has taken the message, so each "sent" below is printed after the matching
// "got". Several senders take turns; with every receiver gone a waiting sender goes on
// (its message dropped, as on any channel); `None` once every sender is gone.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    let (log, lines) = channel::<String>(64);
    let l = log.clone();
    let sender = spawn async {
        for i in 0..3 {
            tx.send(i).await;
            l.send(format!("sent {}", i)).await;
        }
    };
    for _ in 0..3 {
        // the sender is waiting at `send` meanwhile: nothing is "sent" before a "got"
        timer::sleep(Duration::from_millis(5)).await;
        let v = rx.recv().await.unwrap();
        log.send(format!("got {}", v)).await;
        timer::sleep(Duration::from_millis(5)).await;
    }
    sender.join().await;
    drop(log);
    while let Some(line) = lines.recv().await {
        println!("{}", line);
    }

    // three senders, one receiver: every message arrives once
    let (tx, rx) = channel::<int>(0);
    let mut hs: Vec<JoinHandle<()>> = Vec::new();
    for s in 0..3 {
        let t = tx.clone();
        hs.push(spawn async {
            for i in 0..100 {
                t.send(s * 1000 + i).await;
            }
        });
    }
    drop(tx);
    let mut sum = 0;
    let mut n = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
        n += 1;
    }
    for h in hs {
        h.join().await;
    }
    println!("{} messages, sum {}", n, sum);

    // the receiver goes away while a sender waits for it to take the message
    let (tx, rx) = channel::<int>(0);
    let waiting = spawn async {
        tx.send(7).await;
        "the sender went on"
    };
    timer::sleep(Duration::from_millis(5)).await;
    drop(rx);
    println!("{}", waiting.join().await);
}
