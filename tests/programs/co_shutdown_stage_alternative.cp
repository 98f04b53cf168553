// SIGTERM while a stage with a `catch` alternative waits in its init is the graceful shutdown, not the
// stage failing: the alternative is not tried, the stages after it and the body never start,
// the completed stages are cleaned up and the process exits 0.
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) { println!("close {}", name); }
}

struct slow_stage {
    static void init() {
        println!("slow init");
        process::kill(process::id(), SIGTERM);
        thread::sleep(Duration::from_millis(3000));
        println!("never: slow init done");
    }
    static void cleanup() { println!("never: slow cleanup"); }
}

task<> main() = coroutine(log_stage{"first"}, slow_stage{} catch { log_stage{"never: alternative"} }, log_stage{"never"}) {
    println!("never: body");
}
