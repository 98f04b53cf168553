// Coroutines: 1,000,000 round trips between two coroutines over two channels of
// capacity 1; prints the last value.
task<> main() = coroutine {
    let (ping, pings) = channel::<int>(1);
    let (pong, pongs) = channel::<int>(1);
    spawn async {
        while let Some(n) = pings.recv().await {
            pong.send(n + 1).await;
        }
    };
    let mut n = 0;
    for _ in 0..1000000 {
        ping.send(n).await;
        n = pongs.recv().await.unwrap();
    }
    println!("{}", n);
}
