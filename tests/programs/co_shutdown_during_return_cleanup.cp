// The body returns and the stages' cleanup starts; a coroutine then asks for the
// graceful shutdown while the cleanup waits. The cleanup runs to its end, as the
// cleanup for `exit(n)` does (co_shutdown_cleanup_waits.cp), and the process exits 0.
// (The shutdown used to cancel the entry inside its cleanup: `cleanup done` was never
// printed, silently.)
struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup start");
        timer::sleep(Duration::from_millis(20)).await;
        println!("cleanup done");
    }
}

task<> main() = coroutine(flush_stage{}) {
    let (tx, rx) = channel::<int>(1);
    spawn async {
        let v = rx.recv().await;
        process::kill(process::id(), SIGTERM);
        println!("receiver got {:?}", v);
    };
    tx.send(1).await;
    println!("entry: sent");
}
