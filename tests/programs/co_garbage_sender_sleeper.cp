// A sender that is garbage in the heap of a coroutine waiting for something else (a
// long sleep), while a hog keeps the scheduler from ever going idle: the busy sweep
// collects every holder of an awaited channel's senders, waiting or preempted, so the
// receiver sees the channel close long before the sleeper wakes. Two workers: the hog
// may be on the other one.
task<> main() = coroutine(.thread_pool = 2) {
    spawn async {
        let mut x = 0;
        loop {
            x = (x * 31 + 7) % 1000003;
        }
    };
    let (tx, rx) = channel::<int>(4);
    spawn async {
        tx.send(7).await;
        timer::sleep(Duration::from_secs(3600)).await;
    };
    drop(tx);
    let mut sum = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
    }
    println!("closed after {}", sum);
    exit(0);
}
