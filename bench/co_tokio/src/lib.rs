//! The runtime the spawn, ping-pong and parked benchmarks run on: Tokio's single-threaded
//! one, or with `WORKERS=N` (N > 1; bench/co_run passes it) the multi-threaded one
//! with N workers.
pub fn runtime() -> tokio::runtime::Runtime {
    let workers = std::env::var("WORKERS").ok().and_then(|w| w.parse::<usize>().ok()).unwrap_or(1);
    let mut builder = if workers > 1 {
        let mut b = tokio::runtime::Builder::new_multi_thread();
        b.worker_threads(workers);
        b
    } else {
        tokio::runtime::Builder::new_current_thread()
    };
    builder.enable_all().build().expect("a Tokio runtime")
}

/// Runs `work` as a task of [`runtime`] (not as the `block_on` future itself, which on
/// the multi-threaded runtime is polled outside the workers) and waits for it.
pub fn run<F: std::future::Future<Output = ()> + Send + 'static>(work: F) {
    runtime().block_on(async { tokio::spawn(work).await.expect("the benchmark task") });
}
