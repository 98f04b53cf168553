// SIGTERM (or SIGINT) without a handler on the coroutine runtime shuts down gracefully:
// every coroutine is cancelled where it waits (the signal is raised there, so its
// `defer`s and handlers run), then the entry's stages are cleaned up and the process
// exits with status 0.
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) { println!("close {}", name); }
}

task<> main() = coroutine(log_stage{"server"}) {
    let (tx, rx) = channel::<int>(1);
    spawn async {
        defer { println!("worker cleaned up"); }
        println!("worker waiting");
        let v = rx.recv().await;
        println!("never {:?}", v);
    };
    defer { println!("entry cleaned up"); }
    thread::sleep(Duration::from_millis(10));
    process::kill(process::id(), SIGTERM);
    thread::sleep(Duration::from_millis(1000));
    tx.send(1).await;
    println!("never reached");
}
