// exit: 3
// `exit(n)` in a coroutine another one joins: the joiner waits for the exit. A cleanup
// that waits for every coroutine cannot finish then; the exit goes ahead with its
// status, and the deadlock report says why, as a warning.
struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup: {} alive", CoroutineScheduler::new().alive());
        CoroutineScheduler::new().run().await;
        println!("cleanup done");
    }
}
task<> main() = coroutine(flush_stage{}) {
    let e = spawn async { timer::sleep(Duration::from_millis(5)).await; exit(3); 0 };
    spawn async { let v = e.join().await; println!("joined {}", v); };
    loop { timer::sleep(Duration::from_millis(5)).await; }
}
