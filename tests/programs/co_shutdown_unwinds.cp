// The graceful shutdown's signal is a cancellation: it unwinds through every frame,
// also plain functions that do not list it in an `except(..)`, so every `defer` and
// `catch` on the way runs, in the spawned coroutine and in the entry.
fn inner(n: int) -> int {
    defer { println!("inner defer {}", n); }
    timer::sleep(Duration::from_secs(5)).await;
    n
}

fn outer(n: int) -> int {
    defer { println!("outer defer {}", n); }
    inner(n)
}

task<> main() = coroutine {
    let h = spawn async {
        defer { println!("the coroutine's defer"); }
        outer(1)
    };
    timer::sleep(Duration::from_millis(10)).await;
    process::kill(process::id(), SIGTERM);
    defer { println!("the entry's defer"); }
    let r = catch(SIGTERM) { outer(2) } recover {
        println!("the entry caught the shutdown");
        -1
    };
    println!("r = {}", r);
}
