// exit: 3
// `exit(n)` in a spawned coroutine ends that coroutine: a cleanup that waits for every
// coroutine (`run().await`) does not wait for it, and it no longer counts as alive.
struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        spawn async { timer::sleep(Duration::from_millis(10)).await; println!("flushed"); };
        CoroutineScheduler::new().run().await;
        println!("cleanup done, alive {}", CoroutineScheduler::new().alive());
    }
}
task<> main() = coroutine(flush_stage{}) {
    spawn async { timer::sleep(Duration::from_millis(5)).await; exit(3); };
    loop { timer::sleep(Duration::from_millis(5)).await; }
}
