// A plain send waiting for a place on a full channel holds its message; a graceful
// shutdown that cancels it there means the send did not happen (its message is
// dropped: its `defer` sees it did not return), while a send whose message a receiver
// already put in a place it freed has happened: it completes first.
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(1);
    tx.send(0).await;
    for i in 1..4 {
        let t = tx.clone();
        spawn async {
            let mut sent = false;
            defer { println!("sender {} sent: {}", i, sent); }
            t.send(i).await;
            sent = true;
            timer::sleep(Duration::from_secs(60)).await;
        };
    }
    timer::sleep(Duration::from_millis(10)).await;
    // frees one place: sender 1's message goes there, and sender 1 is done
    println!("entry got {}", rx.recv().await.unwrap());
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_secs(60)).await;
}
