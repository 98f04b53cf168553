// Three coroutines that never wait, on two workers; SIGTERM (tests/signals.rs) must
// cancel each at its safepoint wherever it runs, so every `defer` runs and the exit is 0
// at once (a coroutine away on the other worker used to run on until the grace period).
task<> main() = coroutine(.thread_pool = 2) {
    for i in 0..3 {
        spawn async {
            defer { println!("hog {} cleaned up", i); }
            let mut x = 0;
            loop { x = x + 1; }
        };
    }
    defer { println!("entry cleaned up"); }
    timer::sleep(Duration::from_millis(50)).await;
    println!("ready");
    timer::sleep(Duration::from_secs(30)).await;
}
