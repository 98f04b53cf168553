// A `select` raises out of its join arm (the joined coroutine failed) after its recv arm
// registered on `rx`; its coroutine catches the signal and then only computes, never
// waiting again. A message sent on `rx` must still reach the plain receiver behind it at
// once: the caught signal ends the `select`, its registration and the wake-up it would
// have been given with it (had it kept them, the receiver would wait until the computing
// coroutine finished).
signal JOB_FAILED { job: int }

fn work(job: int) except(JOB_FAILED) -> int {
    raise(JOB_FAILED { job: job });
    job
}

task<> main() = coroutine(.thread_pool = 2) {
    let (tx, rx) = channel::<int>(4);
    let (dtx, drx) = channel::<int>(4);
    let (btx, brx) = channel::<int>(1);
    let r1 = rx;
    spawn async {
        let failing = spawn async { timer::sleep(Duration::from_millis(2)).await; work(3)? };
        let got = catch(JOB_FAILED) {
            select {
                Some(v) = r1.recv() => v,
                v = failing.join() => v,
            }
        } recover { -1 };
        // computes from now on, never waiting
        let t = Instant::now();
        let mut n = got;
        while t.elapsed() < Duration::from_millis(1500) { n += 1; }
        btx.send(n).await;
    };
    let r2 = rx;
    spawn async {
        timer::sleep(Duration::from_millis(30)).await;
        let v = r2.recv().await.unwrap();
        dtx.send(v).await;
    };
    timer::sleep(Duration::from_millis(60)).await;
    let sent = Instant::now();
    tx.send(5).await;
    let got = drx.recv().await.unwrap();
    // long before the computing coroutine is done: the wake-up did not wait for it
    println!("plain receiver got {} at once: {}", got, sent.elapsed() < Duration::from_millis(1000));
    drop(tx);
    brx.recv().await;
}
