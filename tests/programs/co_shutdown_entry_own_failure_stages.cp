// exit: 70
// As co_shutdown_entry_own_failure.cp, with a stage: the body's own signal, which its
// `defer` was cleaning up after when SIGTERM came, is still the entry's failure (report,
// status 70) once the stage is cleaned up. It used to end the run quietly with 0, as
// a stage init's own signal rightly does (co_shutdown_stage_init_defer.cp).
signal OOPS;
struct log_stage {
    name: String,
    static void init(name: String) { println!("open {}", name); }
    static void cleanup(name: String) { println!("close {}", name); }
}
task<> main() = coroutine(log_stage{"first"}) {
    spawn async {
        timer::sleep(Duration::from_millis(10)).await;
        process::kill(process::id(), SIGTERM);
    };
    defer {
        println!("entry defer start");
        timer::sleep(Duration::from_millis(50)).await;
        println!("entry defer end");
    }
    raise OOPS;
}
