// exit: 5
// `exit(n)` in a scheduler signal handler cleans up the entry's stages, then exits n.
struct log_stage {
    static void init() { println!("open"); }
    static void cleanup() { println!("close"); }
}

task<> main() = coroutine(log_stage{}) {
    let s = CoroutineScheduler::new().handle(SIGUSR1, |s| async {
        println!("handler exits");
        exit(5);
    });
    process::kill(process::id(), SIGUSR1);
    s.run().await;
    println!("never");
}
