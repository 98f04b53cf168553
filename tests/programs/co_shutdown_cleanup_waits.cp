// The graceful shutdown cleans up the entry's stages once every coroutine has finished,
// on the scheduler: a cleanup may spawn coroutines and wait for them, which the
// shutdown does not cancel, and runs to its end before the process exits 0.
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) { println!("close {}", name); }
}

struct flush_stage {
    static void init() {}
    static void cleanup() {
        println!("flush start");
        let h = spawn async {
            timer::sleep(Duration::from_millis(10)).await;
            40
        };
        println!("flush joined {}", h.join().await);
        timer::sleep(Duration::from_millis(5)).await;
        println!("flush end");
    }
}

task<> main() = coroutine(log_stage{"log"}, flush_stage{}) {
    spawn async {
        defer { println!("worker cancelled"); }
        loop { timer::sleep(Duration::from_millis(5)).await; }
    };
    timer::sleep(Duration::from_millis(10)).await;
    process::kill(process::id(), SIGTERM);
    loop { timer::sleep(Duration::from_millis(5)).await; }
}
