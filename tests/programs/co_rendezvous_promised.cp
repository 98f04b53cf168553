// A rendezvous message a `select` send arm handed to a receiver waiting in a `select` is
// that receiver's: the sender's own recv right after does not take it back (it did, and
// the receiver it was promised to got nothing), as in Go.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    let r = rx;
    let h = spawn async {
        select {
            Some(v) = r.recv() => println!("R got {}", v),
            _ = timer::after(Duration::from_millis(200)) => println!("R got nothing"),
        }
    };
    // R waits in its select
    timer::sleep(Duration::from_millis(5)).await;
    select {
        _ = tx.send(7) => println!("sent 7"),
        _ = timer::after(Duration::from_millis(100)) => println!("no receiver"),
    }
    select {
        Some(v) = rx.recv() => println!("main received {}", v),
        _ = timer::after(Duration::from_millis(50)) => println!("main received nothing"),
    }
    h.join().await;
}
