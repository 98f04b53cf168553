// `spawn` returns a handle; `.join().await` waits for the coroutine's result. A spawned
// coroutine works on copies of what it captures: the entry's vector is unchanged.
fn fib(n: int) -> int {
    if n < 2 { n } else { fib(n - 1) + fib(n - 2) }
}

task<> main() = coroutine {
    let data = vec![1, 2, 3];
    let h = spawn async {
        data.push(4);
        data[0] = 100;
        data.len() + data[0]
    };
    let k = spawn async { fib(20) };
    println!("joined {} and {}", h.join().await, k.join().await);
    println!("entry still has {:?}", data);
    let unit = spawn async { println!("a coroutine without a result"); };
    unit.join().await;
    println!("done");
}
