// During a graceful shutdown a coroutine's `defer` hands a last message to the entry over
// a rendezvous channel: the entry, which the message woke, takes it before it is itself
// cancelled, where it next stops: its next `recv`, an `.await` like any other, though
// the channel is closed by then (the send completed and its sender ended) and the
// `recv` would answer at once. So the loop does not end on its own: its `defer` runs.
task<> main() = coroutine {
    let (tx, rx) = channel::<String>(0);
    spawn async {
        let mut done = 0;
        defer {
            tx.send(format!("final: {} done", done)).await;
        }
        loop {
            timer::sleep(Duration::from_millis(5)).await;
            done += 1;
            if done == 3 {
                process::kill(process::id(), SIGTERM);
            }
        }
    };
    defer { println!("entry cleaned up"); }
    while let Some(m) = rx.recv().await {
        println!("entry got {}", m);
    }
    println!("entry saw the channel close");
}
