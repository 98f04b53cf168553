// A `select` whose slice ends between its arms and its `SelWait` (here: eight workers
// whose loop computes between selects, on four threads) keeps what its arms registered:
// it used to wake with them wiped, park waiting for nothing, and end in a false
// deadlock report (9 runs of 20 on four workers) although a timer arm was pending.
fn spin(n: int) -> int {
    let mut s = 0;
    for i in 0..n {
        s += i % 7;
    }
    s
}

task<> main() = coroutine(.thread_pool = 4) {
    let (tx, rx) = channel::<int>(1);
    let mut ws: Vec<JoinHandle<int>> = Vec::new();
    for w in 0..8 {
        ws.push(spawn async {
            let mut n = 0;
            loop {
                select {
                    Some(j) = rx.recv() => {
                        n += 1;
                        let x = spin(2000 + j % 3000);
                    },
                    _ = timer::after(Duration::from_millis(2)) => break,
                }
            }
            n
        });
    }
    let mut handed = 0;
    for job in 0..3000 {
        select {
            _ = tx.send(job) => handed += 1,
            _ = timer::after(Duration::from_micros(50)) => {},
        }
    }
    let mut ran = 0;
    for w in ws {
        ran += w.join().await;
    }
    println!("every job handed over ran: {}", handed == ran);
}
