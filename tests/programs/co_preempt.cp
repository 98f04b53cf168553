// Preemption by reduction counting: a coroutine that never yields (it loops forever)
// cannot starve a ping-pong pair, which finishes; the program ends with the entry.
task<> main() = coroutine {
    spawn async {
        let mut spins = 0;
        loop {
            spins += 1;
        }
    };
    let (ping, pings) = channel::<int>(1);
    let (pong, pongs) = channel::<int>(1);
    spawn async {
        while let Some(n) = pings.recv().await {
            pong.send(n + 1).await;
        }
    };
    let mut n = 0;
    for _ in 0..1000 {
        ping.send(n).await;
        n = pongs.recv().await.unwrap();
    }
    println!("ping-pong reached {}", n);
}
