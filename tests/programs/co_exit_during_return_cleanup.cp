// exit: 3
// The body returns and the stages are cleaned up, last first; while stage b's cleanup
// waits, a coroutine calls `exit(3)`. That ends only its coroutine: b's cleanup goes on
// to its end and its `defer`, then a's, and the process exits 3, as when the entry
// cleans up for an `exit(n)` (co_exit_twice.cp). (The exit used to start the cleanup
// over, abandoning b's in the middle: `close b done` and its `defer` never came.)
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) {
        defer { println!("close {} defer", name); }
        println!("close {} start", name);
        timer::sleep(Duration::from_millis(50)).await;
        println!("close {} done", name);
    }
}

task<> main() = coroutine(log_stage{"a"}, log_stage{"b"}) {
    spawn async {
        timer::sleep(Duration::from_millis(20)).await;
        println!("worker exits 3");
        exit(3);
    };
    println!("body returns");
}
