// Both ends of a channel handed to a waiting receiver; a channel made afterwards
// takes the freed number, and the stale ends talk to it.
struct Pair { tx: Sender<int>, rx: Receiver<int> }
task<> main() = coroutine {
    let (ptx, prx) = channel::<Pair>(1);
    let (gtx, grx) = channel::<int>(1);
    let h = spawn async {
        let p = prx.recv().await.unwrap();
        gtx.send(0).await;
        timer::sleep(Duration::from_millis(5)).await;
        p.tx.send(99).await;
    };
    timer::sleep(Duration::from_millis(5)).await;
    let (tx, rx) = channel::<int>(1);
    ptx.send(Pair { tx: tx, rx: rx }).await;
    drop(tx);
    drop(rx);
    grx.recv().await;
    let (mtx, mrx) = channel::<int>(4);
    h.join().await;
    mtx.send(1).await;
    println!("mine: {:?}", mrx.recv().await);
}
