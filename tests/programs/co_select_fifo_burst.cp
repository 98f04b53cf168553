// Receivers wait in order: S (in a select), then P1 .. P4 (plain recv) on a channel of
// capacity 1, and the entry sends 1 .. 5 in a burst: each gets the next message. S used
// the wake-up it was given for 1 by taking it; passed on as well, it woke a second
// receiver for 2, and the one that found nothing waited again at the back ([1, 2, 3, 5, 4]).
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    let (keep, other) = channel::<int>(1);
    let mut hs: Vec<JoinHandle<int>> = Vec::new();
    for k in 0..5 {
        let rx = rx;
        let other = other;
        hs.push(spawn async {
            if k == 0 {
                select {
                    Some(v) = rx.recv() => v,
                    Some(_) = other.recv() => -1,
                }
            } else {
                rx.recv().await.unwrap()
            }
        });
        timer::sleep(Duration::from_millis(2)).await;
    }
    for i in 1..=5 { tx.send(i).await; }
    let mut got: Vec<int> = Vec::new();
    for h in hs { got.push(h.join().await); }
    println!("{:?}", got);
    drop(keep);
}
