// exit: 101
// The deadlock report names a scheduler handler's closure as the holder of the only
// sender (a handler lives as long as the run).
signal JOB_FAILED { job: int }
task<> main() = coroutine {
    let (tx, rx) = channel::<int>(4);
    let scheduler = CoroutineScheduler::new()
        .handle(JOB_FAILED, |s| async { tx.send(s.job).await; });
    drop(tx);
    println!("{:?}", rx.recv().await);
}
