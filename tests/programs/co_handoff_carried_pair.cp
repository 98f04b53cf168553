// A channel whose both ends travel only inside a message handed to a waiting receiver.
struct Pair { tx: Sender<int>, rx: Receiver<int> }
task<> main() = coroutine {
    let (ptx, prx) = channel::<Pair>(1);
    let h = spawn async {
        let p = prx.recv().await.unwrap();
        p.tx.send(7).await;
        let a = p.rx.recv().await;
        drop(p.tx);
        let b = p.rx.recv().await;
        format!("{:?} {:?}", a, b)
    };
    timer::sleep(Duration::from_millis(5)).await;
    let (tx, rx) = channel::<int>(1);
    ptx.send(Pair { tx: tx, rx: rx }).await;
    drop(tx);
    drop(rx);
    println!("{}", h.join().await);
}
