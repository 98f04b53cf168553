// Four worker threads (`.thread_pool = 4`): coroutines' time slices run in parallel, each
// on its own heap; channels, joins, select and timers work across workers, and
// nothing is lost or run twice.
fn fib(n: int) -> int {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}

task<> main() = coroutine(.thread_pool = 4) {
    // CPU-bound coroutines, joined
    let handles: Vec<JoinHandle<int>> = Vec::new();
    for i in 0..40 {
        handles.push(spawn async { fib(15 + i % 5) });
    }
    let mut total = 0;
    for h in handles {
        total += h.join().await;
    }
    println!("fib total {}", total);

    // many producers, one consumer
    let (tx, rx) = channel::<int>(16);
    for w in 0..8 {
        let tx = tx.clone();
        spawn async {
            for i in 0..500 {
                tx.send(w * 10000 + i).await;
            }
        };
        drop(tx); // the coroutine has its own copy; this one would keep the channel open
    }
    drop(tx);
    let mut sum = 0;
    let mut count = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
        count += 1;
    }
    println!("{} messages, sum {}", count, sum);

    // ping-pong between two spawned coroutines, which may sit on different workers
    let (ping, pings) = channel::<int>(1);
    let (pong, pongs) = channel::<int>(1);
    let echo = spawn async {
        let mut n = 0;
        while let Some(v) = pings.recv().await {
            pong.send(v + 1).await;
            n += 1;
        }
        n
    };
    let player = spawn async {
        let mut v = 0;
        for _ in 0..2000 {
            ping.send(v).await;
            v = pongs.recv().await.unwrap();
        }
        v
    };
    drop(ping); // the player's copy is the only sender: its end stops the echo
    println!("ping-pong reached {}", player.join().await);
    println!("echoed {} times", echo.join().await);

    // select with a timer, across workers: every message is taken exactly once
    let (jobs, queue) = channel::<int>(8);
    let (done_tx, done) = channel::<int>(8);
    for _ in 0..4 {
        let queue = queue;
        let done_tx = done_tx.clone();
        spawn async {
            let mut got = 0;
            loop {
                select {
                    Some(j) = queue.recv() => { got += j; },
                    _ = timer::after(Duration::from_millis(30)) => { break; },
                }
            }
            done_tx.send(got).await;
        };
    }
    for j in 1..=2000 {
        jobs.send(j).await;
    }
    let mut taken = 0;
    for _ in 0..4 {
        taken += done.recv().await.unwrap();
    }
    println!("consumers took {} (expected {})", taken, 2001000);
}
