// A message wakes one waiting receiver, but never stops at a coroutine in a `select`:
// that one may take another arm, and the message would wait with nobody woken for it.
// Here `picker` waits on two channels and `plain` on the second; both channels get a
// message while they wait. `picker` takes the first arm, so `plain` must get the other.
task<> main() = coroutine {
    let (tx1, rx1) = channel::<int>(1);
    let (tx2, rx2) = channel::<int>(1);
    let (done, results) = channel::<String>(2);
    let d1 = done.clone();
    let picker = spawn async {
        let got = select {
            Some(a) = rx1.recv() => format!("picker took {} from the first channel", a),
            Some(b) = rx2.recv() => format!("picker took {} from the second channel", b),
        };
        d1.send(got).await;
    };
    let d2 = done.clone();
    drop(done);
    let plain = spawn async {
        let got = rx2.recv().await.unwrap();
        d2.send(format!("plain took {}", got)).await;
    };
    // both wait now; then a message on each channel, the second one first
    timer::sleep(Duration::from_millis(5)).await;
    tx2.send(20).await;
    tx1.send(10).await;
    let a = results.recv().await.unwrap();
    let b = results.recv().await.unwrap();
    println!("{}", a);
    println!("{}", b);
    picker.join().await;
    plain.join().await;
    // the senders stay in use until here: the channels do not close meanwhile (a
    // closing channel wakes every receiver, which would hide a lost wake-up)
    drop(tx1);
    drop(tx2);
}
