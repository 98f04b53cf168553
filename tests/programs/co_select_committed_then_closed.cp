// A `select` promised a rendezvous message (its recv arm on `b`) takes that message even
// when another of its arms becomes ready meanwhile because that arm's channel lost its
// last receiver (a send to a channel without receivers completes at once): the promise
// holds the other arms back, and message 2 is not lost.
task<> main() = coroutine {
    let (atx, arx) = channel::<int>(0);
    let (btx, brx) = channel::<int>(0);
    let x = spawn async {
        select {
            _ = atx.send(1) => "x: send arm won".to_string(),
            Some(v) = brx.recv() => format!("x: received {}", v),
        }
    };
    let y = spawn async {
        select { _ = btx.send(2) => println!("y: send arm won (2 is taken)"), }
        drop(arx);
    };
    drop(atx);
    drop(arx);
    drop(btx);
    drop(brx);
    y.await;
    println!("{}", x.await);
}
