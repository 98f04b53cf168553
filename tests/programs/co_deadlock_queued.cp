// exit: 101
// The deadlock report names a message queued on another channel as the holder of the
// only sender (it travels in that message until someone receives it).
task<> main() = coroutine(.thread_pool = 2) {
    let (tx, rx) = channel::<int>(1);
    let (ctx, crx) = channel::<Sender<int>>(1);
    ctx.send(tx).await;
    drop(tx);
    drop(ctx);
    println!("{:?}", rx.recv().await);
    let s = crx.recv().await;
}
