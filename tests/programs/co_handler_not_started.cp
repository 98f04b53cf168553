// A scheduler handler whose coroutine cannot start (its captures and the signal's
// payload do not fit its `.heap_size`) is reported after what it was to handle: the
// coroutine's end with its signal, then why the handler did not start. The run goes on.
signal BIG { s: String }
task<> main() = coroutine(.heap_size = 1_MB) {
    let cap = "y".repeat(600000);
    let scheduler = CoroutineScheduler::new()
        .handle(BIG, |s| async { println!("handler got {} cap {}", s.s.len(), cap.len()); });
    spawn async { let s = "x".repeat(600000); raise(BIG { s: s }); };
    scheduler.run().await;
    println!("end");
}
