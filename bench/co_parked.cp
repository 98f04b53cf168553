// Coroutines: park N coroutines (1,000,000 unless the first argument says otherwise),
// each waiting on its own channel, then wake them all; prints how many finished. Peak
// RSS / N is the cost of a parked coroutine, the wake-up included; with a second
// argument P, the program pauses P ms once all are spawned (so that every one has run
// to its wait) and writes its RSS then to stderr (`VmRSS: .. kB`): the cost of a parked
// coroutine itself (bench/co_run's "parked" column; bench/co_go and bench/co_tokio do
// the same given PARKED_PAUSE_MS).
task<> main(args: &[String]) = coroutine {
    let mut n = 1000000;
    if args.len() > 0 {
        n = args[0].parse_int().unwrap();
    }
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
    if args.len() > 1 {
        timer::sleep(Duration::from_millis(args[1].parse_int().unwrap())).await;
        for line in fs::read_to_string("/proc/self/status")?.lines() {
            if line.starts_with("VmRSS:") {
                eprintln!("{}", line);
            }
        }
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
