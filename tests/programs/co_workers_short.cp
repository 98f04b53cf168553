// Two workers, and a thousand coroutines that are done within their first time slice:
// each runs on the scheduler's thread, since handing one to the other worker would cost
// more than its work (tests/sched_stats.rs checks that none was handed over).
task<> main() = coroutine(.thread_pool = 2) {
    let handles: Vec<JoinHandle<int>> = Vec::new();
    for i in 0..1000 {
        handles.push(spawn async { i % 7 });
    }
    let mut sum = 0;
    for h in handles {
        sum += h.join().await;
    }
    println!("{}", sum);
}
