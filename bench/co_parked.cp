// Coroutines: park 1,000,000 coroutines, each waiting on its own channel, then wake them
// all; prints how many finished. Peak RSS / 1,000,000 is the cost of a parked coroutine.
task<> main() = coroutine {
    let n = 1000000;
    let (done, finished) = channel::<int>(1024);
    let wakers: Vec<Sender<int>> = Vec::new();
    for _ in 0..n {
        let (tx, rx) = channel::<int>(1);
        let d = done.clone();
        spawn async {
            let v = rx.recv().await.unwrap();
            d.send(v).await;
        };
        wakers.push(tx);
    }
    for w in wakers {
        w.send(1).await;
    }
    let mut count = 0;
    for _ in 0..n {
        count += finished.recv().await.unwrap();
    }
    println!("{}", count);
}
