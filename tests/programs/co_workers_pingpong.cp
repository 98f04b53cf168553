// Two workers, and two coroutines that take turns over two channels: each one woken is
// the only coroutine ready, so it runs on the scheduler's own thread at once instead of
// being handed to the other worker (two thread wake-ups per turn). tests/sched_stats.rs
// checks that no slice went to the other worker (`CPRIME_SCHED_STATS=1`).
task<> main() = coroutine(.thread_pool = 2) {
    let (ping, pings) = channel::<int>(1);
    let (pong, pongs) = channel::<int>(1);
    spawn async {
        while let Some(n) = pings.recv().await {
            pong.send(n + 1).await;
        }
    };
    let mut n = 0;
    for _ in 0..10000 {
        ping.send(n).await;
        n = pongs.recv().await.unwrap();
    }
    println!("{}", n);
}
