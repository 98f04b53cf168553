// cmd: test
// A `#[test]` entry on `coroutine(.thread_pool = 2)` runs on two workers, as the
// program would (tests/sched_stats.rs counts the slices the second worker ran): four
// CPU-bound coroutines, their sums collected over a channel.
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
