// A ping-pong pair beside 5,000 parked coroutines: the parked ones are packed (more
// than 4,096 coroutines are alive), the pair, which keeps waking, is not.
task<> main() = coroutine {
    let keep: Vec<Sender<int>> = Vec::new();
    for i in 0..5000 {
        let (a, b) = channel::<int>(1);
        keep.push(a);
        spawn async { b.recv().await; };
    }
    let (ping, pings) = channel::<int>(1);
    let (pong, pongs) = channel::<int>(1);
    spawn async {
        while let Some(n) = pings.recv().await {
            pong.send(n + 1).await;
        }
    };
    let mut n = 0;
    for _ in 0..100000 {
        ping.send(n).await;
        n = pongs.recv().await.unwrap();
    }
    // (the parked ones stay parked: their senders are still held)
    println!("{} {}", n, keep.len());
    exit(0);
}
