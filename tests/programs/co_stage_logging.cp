// What the entry's stages set up holds for every coroutine: with `logging_stage{stdout}`
// the log lines of spawned coroutines (on either worker) go to stdout too, not to
// stderr (globals are per coroutine, so the target is a process-wide setting).
task<> main() = coroutine(.thread_pool = 2, logging_stage{stdout}) {
    log::info!("from the entry");
    let mut sum = 0;
    for i in 0..3 {
        let h = spawn async { log::warn!("from coroutine {}", i); i };
        sum += h.join().await;
    }
    log::info!("joined, sum {}", sum);
}
