// exit: 3
// SIGTERM while the stages are cleaned up for `exit(n)` cancels nothing: the program is
// already on its way out; the cleanup finishes (within the grace period), status n.
struct slow_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup start");
        let h = spawn async {
            timer::sleep(Duration::from_millis(100)).await;
            40
        };
        process::kill(process::id(), SIGTERM);
        println!("cleanup joined {}", h.join().await);
        println!("cleanup end");
    }
}

task<> main() = coroutine(slow_stage{}) {
    let h = spawn async { exit(3); };
    h.join().await;
    println!("never");
}
