// An `async` block is a closure: awaited where it stands it shares the variables of its
// function (assignments inside are seen after it, and it sees later assignments made
// before it runs); a spawned one works on copies in its own heap.
task<> main() = coroutine(.thread_pool = 2) {
    let mut count = 0;
    let mut log = String::new();
    let (tx, rx) = channel::<int>(4);
    spawn async { for i in 1..=3 { tx.send(i).await; } };
    async {
        while let Some(v) = rx.recv().await {
            count += v;
            log.push_str("x");
        }
    }.await;
    println!("count = {}, log = {:?}", count, log);
    let mut n = 0;
    let b = async { n += 10; n };
    n = 5;
    println!("block returned {}, n = {}", b.await, n);
    let mut total = 0;
    for i in 1..=4 {
        async { total += i; }.await;
    }
    println!("total = {}", total);
    let mut copied = 1;
    let h = spawn async { copied += 100; copied };
    println!("spawned saw {}, here still {}", h.join().await, copied);
}
