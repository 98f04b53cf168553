// 6,000 coroutines wait (past 4,096 alive: most are packed), two thirds of them with a
// heap limit of their own (two different ones), and the entry changes its own after
// they start: each gets its own limit back when unpacked, so only the limited ones run
// out of memory keeping 100 KB (tests/sched_stats.rs checks that they were packed).
fn keep_100_kb() except(OOM) -> int {
    let mut v = Vec::new();
    for _ in 0..10 {
        v.push("0123456789".repeat(1000));
    }
    v.len()
}

task<> main() = coroutine {
    let n = 6000;
    let mut w: Vec<Sender<int>> = Vec::new();
    let (out, outs) = channel::<int>(64);
    for i in 0..n {
        let (tx, rx) = channel::<int>(1);
        w.push(tx);
        let o = out.clone();
        spawn async {
            if i % 3 == 1 {
                heap::set_limit(64_KB);
            } else if i % 3 == 2 {
                heap::set_limit(1_000_MB);
            }
            rx.recv().await;
            let kept = catch(OOM) { keep_100_kb()? } recover { -1 };
            o.send(kept).await;
        };
    }
    drop(out);
    timer::sleep(Duration::from_millis(50)).await;
    heap::set_limit(500_MB);
    for j in 0..n {
        w[j].send(0).await;
    }
    let (mut ok, mut oom) = (0, 0);
    while let Some(v) = outs.recv().await {
        if v == 10 { ok += 1; } else { oom += 1; }
    }
    println!("{} kept 100 KB, {} ran out of memory", ok, oom);
}
