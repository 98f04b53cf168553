// Receivers wait in order: S (in a select), P1, P2 (plain) on a channel of capacity 2.
// The entry sends 1 and 2 (S and P1 are woken for them) and takes 1 itself before
// either runs; S takes 2 and P1 finds nothing: P1 still waited before P2, so 3 is P1's.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(2);
    let (keep, other) = channel::<int>(1);
    let mut hs: Vec<JoinHandle<int>> = Vec::new();
    for k in 0..3 {
        let rx = rx;
        let other = other;
        hs.push(spawn async {
            if k == 0 {
                select { Some(v) = rx.recv() => v, Some(_) = other.recv() => -1, }
            } else {
                rx.recv().await.unwrap()
            }
        });
        timer::sleep(Duration::from_millis(2)).await;
    }
    tx.send(1).await;
    tx.send(2).await;
    let mine = rx.recv().await.unwrap();
    timer::sleep(Duration::from_millis(2)).await;
    tx.send(3).await;
    tx.send(4).await;
    let mut got: Vec<int> = Vec::new();
    for h in hs { got.push(h.join().await); }
    println!("entry took {}; S, P1, P2 got {:?}", mine, got);
    drop(keep);
}
