// exit: 3
// co_shutdown_return_cleanup_keeps_status.cp on two workers: the entry then reaches the
// scheduler through the shared bookkeeping, and `CleanupBegins` must still mark its
// cleanup (it did nothing there at first: the status was 0).
struct flush_stage {
    static void init() { println!("open"); }
    static void cleanup() {
        println!("cleanup start");
        process::kill(process::id(), SIGTERM);
        timer::sleep(Duration::from_millis(20)).await;
        println!("cleanup done");
    }
}

int main() = coroutine(flush_stage{}, .thread_pool = 2) {
    println!("body returns 3");
    3
}
