// 3,000 coroutines send on one rendezvous channel at once; the entry takes every
// message. A message taken wakes the sender it came from and one sender for the free
// place (waking every waiting sender made this quadratic: 3,000 slices per message).
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    let (done, finished) = channel::<int>(16);
    for i in 1..=3000 {
        let tx = tx.clone();
        let done = done.clone();
        spawn async {
            tx.send(i).await;
            drop(tx);
            // the send returned: its message was taken
            done.send(1).await;
        };
    }
    drop(tx);
    drop(done);
    let mut sum = 0;
    let mut count = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
        count += 1;
    }
    let mut returned = 0;
    while let Some(n) = finished.recv().await {
        returned += n;
    }
    println!("{} messages, sum {}, {} sends returned", count, sum, returned);
}
