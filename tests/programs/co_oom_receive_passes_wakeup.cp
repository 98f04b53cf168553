// Two receivers with small heaps wait first and run out of memory taking a big message
// (each catches OOM and tries again a few times); a third, with room, waits behind
// them. A receiver that runs out of memory passes on the wake-up it had for the message,
// so the third one gets it (it used to stay parked beside the queued message: a false
// deadlock report).
task<> main() = coroutine {
    let (tx, rx) = channel::<String>(4);
    let mut hs = Vec::new();
    for k in 0..2 {
        let r = rx;
        hs.push(spawn async {
            heap::set_limit(64_KB);
            let mut tries = 0;
            loop {
                tries += 1;
                let got = catch(OOM) { match r.recv().await { Some(s) => s.len(), None => -2 } } recover { -1 };
                if got != -1 || tries == 20 { break; }
                timer::sleep(Duration::from_millis(1)).await;
            }
            tries
        });
        timer::sleep(Duration::from_millis(2)).await;
    }
    let r = rx;
    let big = spawn async { r.recv().await.unwrap().len() };
    timer::sleep(Duration::from_millis(2)).await;
    tx.send("A".repeat(200000)).await;
    println!("big receiver got {}", big.join().await);
    drop(tx);
    for h in hs { println!("small receiver tries {}", h.join().await); }
}
