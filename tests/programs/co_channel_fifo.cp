// Waiting senders and waiting receivers are each served first come, first served, also
// against a coroutine that comes later while the woken one has not run yet: A waits to
// send on a full channel and gets the place the receiver frees before B, who sends
// after; R waits to receive and gets the message sent while it waited, before the entry,
// who receives after. Capacities 1 and 3, and rendezvous.
task<> main() = coroutine {
    for cap in [1, 3] {
        let (tx, rx) = channel::<String>(cap);
        for i in 0..cap {
            tx.send(format!("queued {}", i)).await;
        }
        let a = tx.clone();
        spawn async { a.send("A".to_string()).await; };
        timer::sleep(Duration::from_millis(5)).await;
        let first = rx.recv().await.unwrap();
        let b = tx.clone();
        spawn async { b.send("B".to_string()).await; };
        timer::sleep(Duration::from_millis(5)).await;
        let mut got: Vec<String> = vec![first];
        for _ in 0..cap + 1 {
            got.push(rx.recv().await.unwrap());
        }
        println!("capacity {}: {:?}", cap, got);
    }
    for cap in [0, 1] {
        let (tx, rx) = channel::<int>(cap);
        let r = rx;
        let h = spawn async { r.recv().await.unwrap() };
        timer::sleep(Duration::from_millis(5)).await;
        tx.send(1).await;
        let t2 = tx.clone();
        spawn async { timer::sleep(Duration::from_millis(5)).await; t2.send(2).await; };
        let mine = rx.recv().await.unwrap();
        println!("capacity {}: entry got {}, R got {}", cap, mine, h.join().await);
    }
}
