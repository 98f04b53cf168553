// More coroutines wait at once than the scheduler keeps unpacked (4,096 alive): those
// that park are packed (their heap collected, their state squeezed) and unpacked when
// woken. Each waits inside a call (two frames), holding a string, a vector and a
// global it changed, and must find them all as they were.
static mut SEEN: int = 0;

async fn wait_for(rx: Receiver<int>, label: String) -> String {
    let v = rx.recv().await.unwrap();
    format!("{}:{}", label, v)
}

task<> main() = coroutine {
    let n = 5000;
    let (done, finished) = channel::<int>(16);
    let wakers: Vec<Sender<int>> = Vec::new();
    for i in 0..n {
        let (tx, rx) = channel::<int>(1);
        let d = done.clone();
        let label = format!("co{}", i);
        let parts = vec![i, i * 2];
        spawn async {
            SEEN = i;
            let s = wait_for(rx, label).await;
            let want = format!("co{}:{}", i, i + 1);
            if s != want || SEEN != i || parts[1] != 2 * i {
                println!("coroutine {} woke to {} (SEEN {})", i, s, SEEN);
            }
            d.send(parts[0]).await;
        };
        wakers.push(tx);
    }
    drop(done);
    let mut i = 0;
    for w in wakers {
        w.send(i + 1).await;
        i += 1;
    }
    let mut sum = 0;
    let mut count = 0;
    while let Some(v) = finished.recv().await {
        sum += v;
        count += 1;
    }
    println!("{} woke, sum {}", count, sum);
}
