// A sender that is garbage in the heap of a coroutine that never waits: the hog sent
// its message and will not use its copy of `tx` again. While coroutines keep running,
// the holders of an awaited channel's senders are swept (every 100 ms at most), so the
// receiver sees the channel close although the hog never stops.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(4);
    spawn async {
        tx.send(1).await;
        let mut x = 0;
        loop {
            x = (x * 31 + 7) % 1000003;
        }
    };
    drop(tx);
    while let Some(v) = rx.recv().await {
        println!("got {}", v);
    }
    println!("closed");
}
