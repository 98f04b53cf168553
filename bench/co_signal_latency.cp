// Signal latency on the coroutine runtime: kill(self, SIGUSR1) to the start of the
// handler coroutine registered with CoroutineScheduler::handle, 10,000 times, first with
// nothing else running, then beside two coroutines that never stop computing. Prints
// the median and the 99th percentile in ns of each phase.
fn measure(rx: &Receiver<int>, n: int) -> Vec<int> {
    let samples: Vec<int> = Vec::new();
    for _ in 0..n {
        let sent = Instant::now().as_nanos();
        process::kill(process::id(), SIGUSR1);
        let started = rx.recv().await.unwrap();
        samples.push(started - sent);
    }
    samples.sort();
    samples
}

task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    let scheduler = CoroutineScheduler::new().handle(SIGUSR1, |_| async {
        tx.send(Instant::now().as_nanos()).await;
    });
    let n = 10000;
    let idle = measure(&rx, n);
    println!("idle signals {} median_ns {} p99_ns {}", n, idle[n / 2], idle[n * 99 / 100]);
    for _ in 0..2 {
        spawn async {
            let mut x = 0;
            loop {
                x = (x * 31 + 7) % 1000003;
            }
        };
    }
    let busy = measure(&rx, n);
    println!("busy signals {} median_ns {} p99_ns {}", n, busy[n / 2], busy[n * 99 / 100]);
    exit(0);
}
