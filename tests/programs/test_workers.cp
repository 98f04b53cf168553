// cmd: test
// A `#[test]` entry on `coroutine(.thread_pool = 2)` runs on two workers, as the
// program would (tests/sched_stats.rs counts the slices the second worker ran): four
// CPU-bound coroutines, their sums collected over a channel; and sockets used from both
// workers.
fn spin(n: int) -> int {
    let mut s = 0;
    for k in 0..n { s += k % 7; }
    s
}

#[test]
task<> sums_on_two_workers() = coroutine(.thread_pool = 2) {
    let (tx, rx) = channel::<int>(4);
    for _ in 0..4 {
        let t = tx.clone();
        spawn async {
            t.send(spin(3000000)).await;
        };
    }
    drop(tx);
    let mut total = 0;
    while let Some(v) = rx.recv().await { total += v; }
    assert_eq!(total, 4 * 8999994);
}

// the workers share the test's sockets: a stream connected on one worker is written on
// whichever runs the coroutine next
#[test]
task<> sockets_on_two_workers() = coroutine(.thread_pool = 2) {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr();
    let h = spawn async {
        let c = TcpStream::connect(addr).await?;
        for i in 0..20 {
            c.write_all(format!("{} {}\n", i, spin(200000))).await?;
        }
        c.shutdown();
        0
    };
    let busy = spawn async { spin(20000000) };
    let (stream, _) = listener.accept().await?;
    let mut n = 0;
    while let Some(line) = stream.read_line().await? {
        n += 1;
    }
    h.join().await;
    busy.join().await;
    assert_eq!(n, 20);
}
