// A coroutine holding a big table answers requests beside 5,000 parked coroutines: the
// parked ones are packed, the one with the big heap is not (its collection and copies
// at every wait would cost more than packing saves).
task<> main() = coroutine {
    let keep: Vec<Sender<int>> = Vec::new();
    for i in 0..5000 {
        let (tx, rx) = channel::<int>(1);
        spawn async { rx.recv().await; };
        keep.push(tx);
    }
    let (req, reqs) = channel::<int>(1);
    let (resp_tx, resp) = channel::<int>(1);
    spawn async {
        let mut table: Vec<String> = Vec::new();
        for i in 0..20000 {
            table.push(format!("entry {}", i));
        }
        while let Some(k) = reqs.recv().await {
            resp_tx.send(table[k].len()).await;
        }
    };
    let mut total = 0;
    for k in 0..2000 {
        req.send(k * 10).await;
        total += resp.recv().await.unwrap();
    }
    println!("{} {}", total, keep.len());
    exit(0);
}
