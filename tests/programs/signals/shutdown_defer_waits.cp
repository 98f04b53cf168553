// The graceful shutdown lets the entry's `defer` finish even when it waits: the shutdown
// signal reaches the entry first through the join of a cancelled coroutine, and the
// entry's own cancellation must not raise again inside the running `defer` (it did,
// cutting it short, in about one run of ten on two workers; tests/signals.rs).
fn spin(n: int) -> int {
    let mut s = 0;
    for i in 0..n {
        s += i % 7;
    }
    s
}

task<> main() = coroutine(.thread_pool = 2) {
    let mut hs: Vec<JoinHandle<()>> = Vec::new();
    for i in 0..4 {
        hs.push(spawn async {
            loop {
                let x = spin(3000);
                timer::sleep(Duration::from_micros(50)).await;
            }
        });
    }
    defer {
        timer::sleep(Duration::from_millis(20)).await;
        println!("defer end");
    }
    println!("ready");
    for h in hs {
        h.join().await;
    }
}
