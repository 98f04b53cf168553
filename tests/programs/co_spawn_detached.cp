// `spawn ..;` and `let _ = spawn ..;` start a coroutine nobody can join: it runs to its
// end all the same, a signal it raises is still reported, and the scheduler's count of
// coroutines alive sees it until it ends.
signal LATE { n: int }

async fn worker(n: int, done: Sender<int>) {
    done.send(n * 10).await;
}

task<> main() = coroutine {
    let scheduler = CoroutineScheduler::new();
    let (done, results) = channel::<int>(8);
    spawn worker(1, done.clone());
    let _ = spawn worker(2, done.clone());
    let d = done.clone();
    spawn async {
        d.send(30).await;
    };
    drop(done);
    let mut sum = 0;
    while let Some(v) = results.recv().await {
        sum += v;
    }
    println!("sum {}", sum);
    spawn async {
        timer::sleep(Duration::from_millis(1)).await;
        raise(LATE { n: 4 });
    };
    println!("alive {}", scheduler.alive());
    timer::sleep(Duration::from_millis(20)).await;
    println!("alive {}", scheduler.alive());
}
