// Joining a coroutine that ended with an unhandled signal raises a copy of that signal
// in the joiner, where it joins: a `catch` around the join recovers, with the payload.
// Every joiner gets its own copy; one that does not catch it fails in turn. A join in
// a `select` arm raises the same way, and the `select` after it is unharmed. (No .err:
// the coroutine numbers in the reports depend on when handles are collected.)
signal JOB_FAILED { job: int, reason: String }

fn work(job: int) except(JOB_FAILED) -> int {
    if job == 3 {
        raise(JOB_FAILED { job: job, reason: "three".to_string() });
    }
    job * 10
}

task<> main() = coroutine {
    let bad = spawn async { work(3)? };
    let got = catch(JOB_FAILED) { bad.join().await } recover {
        match current_signal() { JOB_FAILED(e) => { println!("caught job {} ({})", e.job, e.reason); -1 } }
    };
    println!("got {}", got);
    // a second join of the same handle raises again
    let again = catch(JOB_FAILED) { bad.join().await } recover { -2 };
    println!("again {}", again);

    // a coroutine joining the failed one without a catch fails with the same signal
    let middle = spawn async {
        let inner = spawn async { work(3)? };
        inner.join().await + 1
    };
    let m = catch(JOB_FAILED) { middle.join().await } recover { -3 };
    println!("through a middle coroutine {}", m);

    // faults too: DIVIDE_BY_ZERO reaches the joiner
    let z = 0;
    let div = spawn async { 10 / z };
    println!("divide {}", catch(DIVIDE_BY_ZERO) { div.join().await } recover { -4 });

    // a join arm of a `select` raises as a plain join does
    let (tx, rx) = channel::<int>(1);
    let failing = spawn async { work(3)? };
    let picked = catch(JOB_FAILED) {
        select {
            v = failing.join() => v,
            _ = timer::after(Duration::from_secs(5)) => 0,
        }
    } recover { -6 };
    println!("select {}", picked);
    spawn async { tx.send(7).await; };
    let next = select {
        Some(v) = rx.recv() => v,
        _ = timer::after(Duration::from_secs(5)) => 0,
    };
    println!("next select {}", next);
}
