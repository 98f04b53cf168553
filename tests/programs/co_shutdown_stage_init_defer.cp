// SIGTERM while a stage init waits in a `defer` it runs for a signal of its own: the
// `defer` runs whole, and the init is then cancelled, not failed: its `catch`
// alternative is not tried, and the process exits 0 (it used to try the alternative
// and end at the grace period).
signal OOPS;
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) { println!("close {}", name); }
}

struct failing_stage {
    static void init() except(OOPS) {
        println!("failing init");
        defer {
            process::kill(process::id(), SIGTERM);
            thread::sleep(Duration::from_millis(300));
            println!("init's defer finished");
        }
        raise OOPS;
    }
    static void cleanup() { println!("never: failing cleanup"); }
}

task<> main() = coroutine(log_stage{"first"}, failing_stage{} catch { log_stage{"never: alternative"} }, log_stage{"never"}) {
    println!("never: body");
}
