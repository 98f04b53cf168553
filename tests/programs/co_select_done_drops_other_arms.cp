// A `select` whose timer arm won drops its send arm's registration on the rendezvous
// channel at once, not at its next plain wait: X computes for a while after giving up,
// and a receiver that starts waiting meanwhile must tell S, whose `select` send arm
// waits for a receiver (X's stale registration used to take that wake-up: S never
// sent, and the run ended in a false deadlock).
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    let t0 = Instant::now();
    let xt = tx;
    spawn async {
        select {
            _ = xt.send(1) => println!("X sent"),
            _ = timer::after(Duration::from_millis(5)) => println!("X gave up"),
        }
        let mut n = 0;
        while t0.elapsed() < Duration::from_millis(300) {
            n += 1;
        }
    };
    timer::sleep(Duration::from_millis(20)).await;
    let st = tx;
    let (otx, orx) = channel::<int>(1);
    spawn async {
        select {
            _ = st.send(2) => println!("S sent 2"),
            m = orx.recv() => println!("S got {:?} on the other channel", m),
        }
    };
    timer::sleep(Duration::from_millis(20)).await;
    let v = rx.recv().await;
    drop(otx);
    println!("main got {:?}", v);
}
