// A receiver runs out of memory taking a handed message that carries a sender of
// another channel, catches OOM, sleeps and ends: that sender is gone with it, so
// the other channel closes.
struct Big { tx: Sender<int>, pad: String }
task<> main() = coroutine {
    let (tx, rx) = channel::<Big>(1);
    let (ytx, yrx) = channel::<int>(1);
    let r = spawn async {
        heap::set_limit(64_KB);
        let got = catch(OOM) { rx.recv().await.unwrap().pad.len() } recover { -1 };
        timer::sleep(Duration::from_millis(1)).await;
        got
    };
    timer::sleep(Duration::from_millis(5)).await;
    tx.send(Big { tx: ytx, pad: "x".repeat(200000) }).await;
    drop(ytx);
    drop(tx);
    println!("receiver got {}", r.join().await);
    println!("other channel: {:?}", yrx.recv().await);
}
