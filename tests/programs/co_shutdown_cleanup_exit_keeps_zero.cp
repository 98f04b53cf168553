// A helper that the shutdown's cleanup spawns calls exit(3): the shutdown counts as the
// first exit, so only the helper ends; the cleanup finishes and the status stays 0.
struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup start");
        spawn async { println!("helper exits 3"); exit(3); };
        timer::sleep(Duration::from_millis(20)).await;
        println!("cleanup done");
    }
}
int main() = coroutine(flush_stage{}) {
    process::kill(process::id(), SIGTERM);
    timer::sleep(Duration::from_millis(2000)).await;
    5
}
