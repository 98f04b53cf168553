// Coroutines on several workers: eight CPU-bound coroutines (fib(30) each) joined by
// the entry. bench/co_pool runs it with `.thread_pool = 1` and `= 2` (rewriting the
// literal below) and prints the speed-up.
fn fib(n: int) -> int {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}

task<> main() = coroutine(.thread_pool = 2) {
    let handles: Vec<JoinHandle<int>> = Vec::new();
    for _ in 0..8 {
        handles.push(spawn async { fib(30) });
    }
    let mut total = 0;
    for h in handles {
        total += h.join().await;
    }
    println!("{}", total);
}
