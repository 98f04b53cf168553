// The same through an `optional` stage: not skipped with a warning, no body.
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) { println!("close {}", name); }
}
struct wait_stage {
    static void init() except(SIGTERM) {
        spawn async {
            defer { timer::sleep(Duration::from_millis(200)).await; println!("slow worker done"); }
            loop { timer::sleep(Duration::from_millis(5)).await; }
        };
        let h = spawn async {
            process::kill(process::id(), SIGTERM);
            loop { timer::sleep(Duration::from_millis(5)).await; }
        };
        h.join().await;
    }
}
task<> main() = coroutine(log_stage{"first"}, optional wait_stage{}, log_stage{"second"}) {
    println!("body runs during the shutdown");
}
