// A coroutine that never waits keeps the scheduler from going idle; the receiver still
// sees its channel close once the senders it spawned are done: while others run, the
// holders of senders of awaited channels (here the receiver) are swept every 100 ms.
task<> main() = coroutine {
    spawn async {
        let mut x = 0;
        loop {
            x = (x * 31 + 7) % 1000003;
        }
    };
    let (tx, rx) = channel::<int>(10);
    for i in 1..4 {
        let t = tx.clone();
        spawn async { t.send(i).await; };
    }
    drop(tx);
    let mut sum = 0;
    while let Some(v) = rx.recv().await {
        sum += v;
    }
    println!("sum {}", sum);
}
