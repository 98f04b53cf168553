// One rendezvous channel. R1 waits in a select; a sender's select send arm hands it a message
// (promised to R1), then the sender drops the last sender. R2 then calls recv: the message is
// R1's, so R2 waits. Once R1 has taken its message the channel is empty and has no sender:
// R2's recv must return None.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(0);
    let r1 = rx;
    let h1 = spawn async {
        select {
            Some(v) = r1.recv() => println!("R1 got {}", v),
            _ = timer::after(Duration::from_millis(500)) => println!("R1 got nothing"),
        }
    };
    timer::sleep(Duration::from_millis(5)).await;
    select {
        _ = tx.send(7) => println!("sent 7"),
        _ = timer::after(Duration::from_millis(100)) => println!("no receiver"),
    }
    drop(tx);
    let r = rx.recv().await;
    println!("main's recv after the last sender went: {:?}", r);
    h1.join().await;
}
