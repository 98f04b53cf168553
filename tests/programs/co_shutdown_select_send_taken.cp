// A `select` send arm on a rendezvous channel hands its message to a waiting receiver
// and has sent. A graceful shutdown that begins before that receiver runs lets it take
// the message first, and cancels it where it next stops: nothing is lost, for a plain
// receiver and for one waiting in its own `select`.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    let (tx2, rx2) = channel::<int>(0);
    let (never_tx, never) = channel::<int>(1);
    spawn async {
        let mut got = 0;
        defer { println!("plain receiver got {}", got); }
        got = rx.recv().await.unwrap();
        timer::sleep(Duration::from_secs(60)).await;
    };
    spawn async {
        let mut got = 0;
        defer { println!("select receiver got {}", got); }
        select {
            Some(v) = rx2.recv() => { got = v; },
            Some(v) = never.recv() => { got = -v; },
        }
        timer::sleep(Duration::from_secs(60)).await;
    };
    timer::sleep(Duration::from_millis(20)).await;
    let sent = select {
        _ = tx.send(1) => true,
        _ = timer::after(Duration::from_secs(5)) => false,
    };
    let sent2 = select {
        _ = tx2.send(2) => true,
        _ = timer::after(Duration::from_secs(5)) => false,
    };
    println!("sent: {} {}", sent, sent2);
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(60)).await;
    never_tx.send(0).await;
}
