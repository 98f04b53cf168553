// cmd: dis
// `let (tx, rx) = channel(n)` binds the two ends as they are made (no tuple is built
// and taken apart: no NewRec, no GetF), and `spawn ..;`, whose handle nobody keeps,
// starts its coroutine with `CoGo` (no JoinHandle): `let h = spawn ..` keeps `CoSpawn`.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    spawn async {
        tx.send(1).await;
    };
    let h = spawn async { 2 };
    println!("{}", rx.recv().await.unwrap() + h.join().await);
}
