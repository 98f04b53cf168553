// Rendezvous channels on two workers: four senders hand 250 messages each to two
// receivers, one receiving plainly, one in a `select` beside a timer arm, while a
// third coroutine sends through a `select` send arm whenever a receiver waits. Every
// message arrives exactly once.
task<> main() = coroutine(.thread_pool = 2) {
    let (tx, rx) = channel::<int>(0);
    let (results, totals) = channel::<(int, int)>(4);
    let mut senders: Vec<JoinHandle<()>> = Vec::new();
    for s in 0..4 {
        let t = tx.clone();
        senders.push(spawn async {
            for i in 0..250 {
                t.send(s * 1000 + i).await;
            }
        });
    }
    let t = tx.clone();
    let arm_sender = spawn async {
        let mut sent = 0;
        while sent < 100 {
            select {
                _ = t.send(100000 + sent) => sent += 1,
                _ = timer::after(Duration::from_millis(1)) => {},
            }
        }
    };
    drop(tx);
    // each block's copy of `rx` is a receiver of the same channel
    let out1 = results.clone();
    spawn async {
        let (mut n, mut sum) = (0, 0);
        while let Some(v) = rx.recv().await {
            n += 1;
            sum += v;
        }
        out1.send((n, sum)).await;
    };
    let out2 = results.clone();
    spawn async {
        let (mut n, mut sum) = (0, 0);
        let mut open = true;
        while open {
            select {
                m = rx.recv() => match m {
                    Some(v) => {
                        n += 1;
                        sum += v;
                    }
                    None => open = false,
                },
                _ = timer::after(Duration::from_millis(1)) => {},
            }
        }
        out2.send((n, sum)).await;
    };
    drop(results);
    for h in senders {
        h.join().await;
    }
    arm_sender.join().await;
    let (mut n, mut sum) = (0, 0);
    while let Some((k, s)) = totals.recv().await {
        n += k;
        sum += s;
    }
    // 4 x 250 plain messages (sum 6,000 x 250 + 4 x 31,125) and 100 from the select
    println!("{} messages, sum {}", n, sum);
}
