// A `select` send arm on a rendezvous channel that hands its message to a receiver
// waiting in a `select` commits that receiver to it, as Go pairs both sides at once:
// here the receiver's other arm becomes ready before it runs, yet it takes the
// rendezvous message (before, the other arm won and the "sent" message stayed behind).
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    let (ptx, prx) = channel::<int>(4);
    let (report, reports) = channel::<String>(4);
    spawn async {
        for round in 0..2 {
            let what = select {
                Some(p) = prx.recv() => format!("the other arm ({})", p),
                Some(v) = rx.recv() => format!("the rendezvous message {}", v),
            };
            report.send(what).await;
        }
    };
    // the receiver waits in its select
    timer::sleep(Duration::from_millis(5)).await;
    select {
        _ = tx.send(7) => println!("sent"),
        _ = timer::after(Duration::from_secs(5)) => println!("no receiver"),
    }
    // its other arm is ready too now, before it ran
    ptx.send(1).await;
    println!("receiver took {}", reports.recv().await.unwrap());
    // the next round: the other arm's message was kept for it
    println!("then {}", reports.recv().await.unwrap());
}
