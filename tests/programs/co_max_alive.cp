// `scheduler.alive()` and `scheduler.max_coroutines()`: a program can refuse work before
// a `spawn` past `.max_coroutines` would panic (a server: answer "busy" and go on).
task<> main() = coroutine(.max_coroutines = 4) {
    let scheduler = CoroutineScheduler::new();
    println!("alive {} of {}", scheduler.alive(), scheduler.max_coroutines());
    let (tx, rx) = channel::<int>(10);
    let mut refused = 0;
    for i in 0..10 {
        if scheduler.alive() < scheduler.max_coroutines() {
            let t = tx.clone();
            spawn async {
                timer::sleep(Duration::from_millis(10)).await;
                t.send(i).await;
            };
        } else {
            refused += 1;
        }
    }
    println!("alive {}, refused {}", scheduler.alive(), refused);
    drop(tx);
    let mut n = 0;
    while let Some(v) = rx.recv().await {
        n += 1;
    }
    println!("done {}, alive {}", n, scheduler.alive());
}
