// A channel end left behind in a variable of a scope that has ended is garbage: when
// every coroutine waits, the scheduler collects it, so a channel closes once the
// senders still in use are gone, without `drop(..)` for each copy the spawner kept.
// A variable read later keeps its end alive, also across the wait.

fn drain(rx: Receiver<int>) -> int {
    let mut sum = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
    }
    sum
}

task<> main() = coroutine {
    // the spawner's `tx` is not read after the spawn: once the producer is done, the
    // channel closes
    let (tx, rx) = channel::<int>(4);
    spawn async {
        for i in 0..3 {
            tx.send(i).await;
        }
    };
    let mut total = 0;
    while let Some(v) = rx.recv().await {
        total += v;
    }
    println!("total {}", total);

    // each loop iteration's `t` (and the block that captured it) ends with the iteration
    let (tx, rx) = channel::<int>(10);
    for i in 1..4 {
        let t = tx.clone();
        spawn async { t.send(i).await; };
    }
    drop(tx);
    let mut sum = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
    }
    println!("sum {}", sum);

    // the same with the receiving loop in a function: the garbage is in the caller's frame
    let (tx, rx) = channel::<int>(10);
    for i in 10..13 {
        let t = tx.clone();
        spawn async { t.send(i).await; };
    }
    drop(tx);
    println!("drained {}", drain(rx));

    // `keep` is read after the sleep: while everyone waits, it is no garbage
    let (tx2, rx2) = channel::<int>(1);
    let keep = tx2.clone();
    drop(tx2);
    let h = spawn async { rx2.recv().await };
    timer::sleep(Duration::from_millis(20)).await;
    keep.send(5).await;
    match h.join().await {
        Some(v) => println!("received {}", v),
        None => println!("closed too early"),
    }
}
