// A receiver end sent to a coroutine already waiting in `recv`; the channel it
// receives from holds two messages and has no sender left.
task<> main() = coroutine {
    let (ytx, yrx) = channel::<int>(4);
    ytx.send(1).await;
    ytx.send(2).await;
    drop(ytx);
    let (ztx, zrx) = channel::<Receiver<int>>(1);
    let h = spawn async {
        let r = zrx.recv().await.unwrap();
        let mut got: Vec<int> = Vec::new();
        while let Some(v) = r.recv().await { got.push(v); }
        got
    };
    timer::sleep(Duration::from_millis(5)).await;
    ztx.send(yrx).await;
    drop(yrx);
    println!("{:?}", h.join().await);
}
