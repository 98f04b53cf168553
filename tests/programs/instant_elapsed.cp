// A time point's `elapsed()` is the clock now minus it, as Rust's `Instant`: it grows
// across a sleep, and is never negative.
task<> main() = coroutine {
    let start = Instant::now();
    timer::sleep(Duration::from_millis(20)).await;
    let waited = start.elapsed();
    println!("slept at least 20 ms: {}", waited >= Duration::from_millis(20));
    println!("elapsed agrees with duration_since: {}", Instant::now().duration_since(start) >= waited);
    println!("{}", start.elapsed().as_millis() >= 20);
}
