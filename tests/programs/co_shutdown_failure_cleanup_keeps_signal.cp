// exit: 70
// The body raises BOOM; the graceful shutdown begins while the stage's cleanup waits.
// The cleanup finishes and BOOM still ends the program: reported, status 70 (the
// shutdown used to drop the report and exit 0).
signal BOOM { n: int }

struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup start");
        process::kill(process::id(), SIGTERM);
        timer::sleep(Duration::from_millis(20)).await;
        println!("cleanup done");
    }
}

task<> main() = coroutine(flush_stage{}) {
    println!("body raises");
    raise BOOM { n: 1 };
}
