// exit: 3
// An `int` entry returns 3; the graceful shutdown begins while its stage's cleanup
// waits. The cleanup finishes and the status stays 3, as `exit(3)`'s would (it was 0).
struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup start");
        process::kill(process::id(), SIGTERM);
        timer::sleep(Duration::from_millis(20)).await;
        println!("cleanup done");
    }
}

int main() = coroutine(flush_stage{}) {
    println!("body returns 3");
    3
}
