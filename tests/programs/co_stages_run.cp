// A coroutine entry configured by `scheduler_stage` (two workers) and
// `thread_pool_stage`-style stages runs as with `.thread_pool = 2`.
fn fib(n: int) -> int {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}

task<> main() = coroutine(scheduler_stage{.type = work_stealing, .threads = 2}, async_io_stage{.epoll_size = 64}) {
    let handles: Vec<JoinHandle<int>> = Vec::new();
    for i in 0..8 {
        handles.push(spawn async { fib(10 + i) });
    }
    let mut total = 0;
    for h in handles {
        total += h.join().await;
    }
    println!("total {}", total);
}
