// Sleeping in a coroutine parks it, not the worker: while three coroutines sleep (the
// shortest wakes first), a ping-pong pair keeps running; `timer::after(d).await` is the
// same sleep.
task<> main() = coroutine {
    let (tx, rx) = channel::<String>(8);
    let t1 = tx.clone();
    let t2 = tx.clone();
    spawn async {
        thread::sleep(Duration::from_millis(60));
        t1.send("slow".to_string()).await;
    };
    spawn async {
        timer::after(Duration::from_millis(20)).await;
        t2.send("fast".to_string()).await;
    };
    spawn async {
        thread::sleep(Duration::from_millis(40));
        tx.send("middle".to_string()).await;
    };
    let (ping, pings) = channel::<int>(1);
    let (pong, pongs) = channel::<int>(1);
    spawn async {
        while let Some(n) = pings.recv().await {
            pong.send(n + 1).await;
        }
    };
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..1000 {
        ping.send(n).await;
        n = pongs.recv().await.unwrap();
    }
    println!("ping-pong reached {} while the sleepers slept", n);
    for _ in 0..3 {
        println!("{}", rx.recv().await.unwrap());
    }
    let waited = Instant::now().duration_since(start);
    println!("all woke within 1 s: {}", waited < Duration::from_millis(1000));
}
