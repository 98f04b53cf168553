// exit: 3
// The body raises BOOM; while its stage's cleanup runs, a coroutine calls exit(3): the
// status is 3, and BOOM's report is still shown.
signal BOOM { n: int }
struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup start");
        spawn async { println!("helper exits 3"); exit(3); };
        timer::sleep(Duration::from_millis(20)).await;
        println!("cleanup done");
    }
}
task<> main() = coroutine(flush_stage{}) {
    println!("body raises");
    raise BOOM { n: 1 };
}
