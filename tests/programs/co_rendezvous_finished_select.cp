// A `select` send arm on a rendezvous channel hands its message only to a receiver
// parked in its `select`: R below waits on `rx` for a moment, but its other arm wins
// and it never receives again. The send must not count R as a taker meanwhile (two
// workers: R runs on the other; it did 19 times in 20, and the "sent" message stayed
// in the channel).
fn spin(n: int) -> int {
    let mut s = 0;
    for i in 0..n {
        s += i % 7;
    }
    s
}

task<> main() = coroutine(.thread_pool = 2) {
    let (tx, rx) = channel::<int>(0);
    let (qtx, qrx) = channel::<int>(1);
    let s = spawn async {
        select {
            _ = tx.send(7) => "sent",
            _ = timer::after(Duration::from_millis(200)) => "not sent",
        }
    };
    let r = spawn async {
        // computes first: its slices go to the other worker
        let x = spin(200000);
        let got = select {
            Some(v) = rx.recv() => "received",
            // ready already: wins
            Some(q) = qrx.recv() => "quit",
        };
        let y = spin(1000000);
        got
    };
    qtx.send(1).await;
    let busy = spin(3000000);
    let sent = s.join().await;
    let got = r.join().await;
    let left = select {
        Some(v) = rx.recv() => v,
        _ = timer::after(Duration::from_millis(5)) => -1,
    };
    println!("S: {}, R: {}, left in channel: {}", sent, got, left + busy * 0);
}
