// `timer::interval(period)`: the first tick is at once, then one per period; in a
// `select` a tick is a timer arm, and a busy channel does not make ticks pile up. Its
// period prints as a `Duration` (at least 1 ns).
task<> main() = coroutine {
    let mut ticker = timer::interval(Duration::from_millis(10));
    println!("{:?} {:?}", ticker.period, timer::interval(Duration::from_secs(0)).period);
    let start = time::now_ns();
    ticker.tick().await;
    println!("first tick at once: {}", (time::now_ns() - start).as_millis() < 5);
    for i in 0..4 {
        ticker.tick().await;
    }
    let ms = (time::now_ns() - start).as_millis();
    println!("4 more ticks take about 40 ms: {}", ms >= 40 && ms < 100);

    // a producer sends every 3 ms; the consumer also ticks every 20 ms
    let (tx, rx) = channel::<int>(4);
    spawn async {
        for i in 0..30 {
            tx.send(i).await;
            timer::sleep(Duration::from_millis(3)).await;
        }
    };
    drop(tx); // the producer's copy is the only sender left: its end closes the channel
    let began = time::now_ns();
    let mut beat = timer::interval(Duration::from_millis(20));
    let mut got = 0;
    let mut ticks = 0;
    loop {
        select {
            Some(i) = rx.recv() => { got = got + 1; },
            None = rx.recv() => break,
            _ = beat.tick() => { ticks = ticks + 1; },
        }
    }
    // one tick at once, then one per 20 ms that passed
    let expected = (time::now_ns() - began).as_millis() / 20 + 1;
    println!("messages {}, ticks as the clock says: {}", got, ticks >= expected - 1 && ticks <= expected + 1);
}
