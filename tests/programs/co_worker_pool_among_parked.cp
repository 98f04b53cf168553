// 900 workers take jobs from one queue in turn beside 4,000 parked coroutines: the
// parked ones are packed, the workers (each waits while the 899 others run) are not.
task<> main() = coroutine {
    let keep: Vec<Sender<int>> = Vec::new();
    for i in 0..4000 {
        let (tx, rx) = channel::<int>(1);
        spawn async { rx.recv().await; };
        keep.push(tx);
    }
    let (jobs, queue) = channel::<int>(64);
    let (res, results) = channel::<int>(64);
    for w in 0..900 {
        let q = queue;
        let r = res.clone();
        spawn async {
            while let Some(j) = q.recv().await {
                r.send(j * 2).await;
            }
        };
    }
    drop(res);
    spawn async {
        for j in 0..50000 {
            jobs.send(j).await;
        }
    };
    let mut sum = 0;
    for _ in 0..50000 {
        sum += results.recv().await.unwrap();
    }
    println!("{} {}", sum, keep.len());
    exit(0);
}
