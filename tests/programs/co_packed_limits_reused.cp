// 6,000 coroutines with 70 different heap limits of their own wait and finish, then
// 6,000 with the entry's limits wait: a packed coroutine's limits take an entry of the
// run's table of them (64 at most), and an entry no packed coroutine has any more is
// reused, so the second group is packed too (tests/sched_stats.rs counts the waits
// packed; a full table stopped packing for the rest of the run).
async fn phase(n: int, distinct: int) -> int {
    let mut w: Vec<Sender<int>> = Vec::new();
    let (out, outs) = channel::<int>(64);
    for i in 0..n {
        let (tx, rx) = channel::<int>(1);
        w.push(tx);
        let o = out.clone();
        spawn async {
            if distinct > 0 {
                heap::set_limit((10 + i % distinct) * 1_MB);
            }
            rx.recv().await;
            o.send(1).await;
        };
    }
    drop(out);
    timer::sleep(Duration::from_millis(20)).await;
    for j in 0..n {
        w[j].send(0).await;
    }
    let mut k = 0;
    while let Some(v) = outs.recv().await {
        k += v;
    }
    k
}

task<> main() = coroutine {
    println!("{}", phase(6000, 70).await);
    println!("{}", phase(6000, 0).await);
}
