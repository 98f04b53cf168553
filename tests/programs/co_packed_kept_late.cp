// 5,000 coroutines each make 300 temporary strings between two waits and keep one made
// after them: once collected, the few live objects sit high in the heap's slot vector.
// The heap is small all the same and is packed at the second wait as at the first
// (tests/sched_stats.rs counts the waits packed).
task<> main() = coroutine {
    let n = 5000;
    let mut w: Vec<Sender<int>> = Vec::new();
    let (out, outs) = channel::<int>(64);
    for i in 0..n {
        let (tx, rx) = channel::<int>(1);
        w.push(tx);
        let o = out.clone();
        spawn async {
            rx.recv().await;
            let mut t = 0;
            for j in 0..300 {
                let s = format!("tmp{}-{}", i, j);
                t += s.len();
            }
            let keep = format!("keep{}", t);
            rx.recv().await;
            o.send(keep.len()).await;
        };
    }
    drop(out);
    for j in 0..n {
        w[j].send(0).await;
    }
    timer::sleep(Duration::from_millis(100)).await;
    for j in 0..n {
        w[j].send(1).await;
    }
    let mut s = 0;
    while let Some(v) = outs.recv().await {
        s += v;
    }
    println!("{}", s);
}
