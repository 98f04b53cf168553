// 1,000 workers wait in a `select` over one job channel and a quit channel; 20,000 jobs
// go through. One job wakes one worker (tests/sched_stats.rs counts the slices: waking
// every waiting `select` made each job cost hundreds), and a worker whose other arm won
// passes the job's wake-up on, so every job is taken.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(16);
    let (done, finished) = channel::<int>(1024);
    let (qtx, qrx) = channel::<int>(1);
    for i in 0..1000 {
        let r = rx;
        let q = qrx;
        let d = done.clone();
        spawn async {
            let mut got = 0;
            loop {
                select {
                    _ = q.recv() => { break; },
                    Some(v) = r.recv() => { got += v; },
                }
            }
            d.send(got).await;
        };
    }
    drop(done);
    for j in 0..20000 {
        tx.send(j % 3).await;
    }
    drop(qtx);
    let mut total = 0;
    let mut workers = 0;
    while let Some(v) = finished.recv().await {
        total += v;
        workers += 1;
    }
    println!("{} workers took jobs worth {}", workers, total);
}
