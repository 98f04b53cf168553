// The shutdown's signal reaching a stage init through a join (a coroutine it waits for
// was cancelled before the entry itself) is the shutdown, not the stage failing: no
// error, the stages after it and the body never start, the completed ones are cleaned
// up once the slow worker has finished, exit 0.
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) { println!("close {}", name); }
}

struct wait_stage {
    static void init() except(SIGTERM) {
        println!("wait init");
        spawn async {
            defer { timer::sleep(Duration::from_millis(200)).await; println!("slow worker done"); }
            loop { timer::sleep(Duration::from_millis(5)).await; }
        };
        let h = spawn async {
            process::kill(process::id(), SIGTERM);
            loop { timer::sleep(Duration::from_millis(5)).await; }
            1
        };
        h.join().await;
        println!("never: wait init done");
    }
    static void cleanup() { println!("never: wait cleanup"); }
}

task<> main() = coroutine(log_stage{"first"}, wait_stage{}, log_stage{"second"}) {
    println!("body");
    timer::sleep(Duration::from_millis(50)).await;
    println!("body end");
}
