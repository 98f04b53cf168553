// `spawn f().await`, as the seed's `CoroutineScheduler` entry writes it (it parses as
// `spawn (f().await)`): the call (or an `async` block) runs in a new coroutine and the
// spawner waits for its result.
async fn async_tasks() {
    timer::sleep(Duration::from_millis(5)).await;
    println!("tasks ran");
}
async fn answer(n: int) -> int {
    n * 2
}
// Coroutine scheduler runtime
fn main() = std::CoroutineScheduler {
    // Async program logic
    spawn async_tasks().await;
    let v = spawn answer(21).await;
    let w = spawn async { v + 1 }.await;
    println!("{} {}", v, w);
}
