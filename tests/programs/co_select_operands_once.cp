// A `select` evaluates its arms' operands once, in order, when it starts (as Go does):
// a retry after a wake-up that no arm won does not run them again, so a `spawn` in an
// arm starts one coroutine, a send arm's value is built once per `select`, and an
// operand that itself waits (a call that sleeps) does not make the `select` forget the
// arms before it.
fn make_job() -> int {
    timer::sleep(Duration::from_millis(1));
    7
}

task<> main() = coroutine {
    let v = select {
        x = spawn async { 7 } => x,
    };
    println!("the spawned arm gave {}", v);

    let (tx, rx) = channel::<int>(1);
    let (otx, orx) = channel::<int>(1);
    otx.send(0).await; // full: the send arm waits until the consumer takes
    spawn async {
        for i in 1..=3 {
            timer::sleep(Duration::from_millis(5)).await;
            tx.send(i).await; // wakes the select, whose recv arm wins
        }
        timer::sleep(Duration::from_millis(5)).await;
        println!("consumer takes {:?}", orx.recv().await);
    };
    let mut made = 0;
    let mut got = 0;
    loop {
        let done = select {
            Some(v) = rx.recv() => { got += v; false },
            _ = otx.send({ made += 1; made }) => true,
        };
        if done { break; }
    }
    println!("{} selects built {} jobs; received {}", 4, made, got);
    println!("then {:?}", orx.recv().await);

    let (atx, arx) = channel::<int>(1);
    let (btx, brx) = channel::<int>(1);
    btx.send(0).await; // full, and nobody drains it
    spawn async {
        timer::sleep(Duration::from_millis(20)).await;
        atx.send(1).await;
    };
    let r = select {
        Some(v) = arx.recv() => format!("a {}", v),
        _ = btx.send(make_job()) => "b".to_string(),
    };
    println!("select gave {}", r);
    println!("b still holds {:?}", brx.recv().await);
}
