// `co_await e` is `e.await` written in front, as the seed's servers do
// (`co_await run_server();`): it waits for an `async fn`'s result, a join handle or a
// channel operation, and suspends only the coroutine that wrote it.
async fn double_later(x: int) -> int {
    timer::sleep(Duration::from_millis(2));
    x * 2
}

async fn run_server(rx: Receiver<int>) -> int {
    let mut total = 0;
    while let Some(v) = co_await rx.recv() {
        total += v;
    }
    total
}

task<> main() = coroutine {
    println!("async fn: {}", co_await double_later(21));
    let h = spawn async { co_await double_later(5) };
    println!("join handle: {}", co_await h.join());
    let (tx, rx) = channel::<int>(2);
    let server = spawn async { co_await run_server(rx) };
    for i in 1..=4 {
        co_await tx.send(i);
    }
    drop(tx);
    println!("channel total: {}", co_await server);
    // the two spellings are the same operation
    println!("mixed: {}", co_await double_later(1) + double_later(2).await);
}
