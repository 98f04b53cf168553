// An `async fn` or async method may return a closure: `.await` (or `co_await`) marks
// the call and gives the closure, which keeps its captures. A closure itself is still
// no `async` block (err_await_closure.cp). Whatever an `async fn` returns, its `.await`
// gives it: a join handle it returns is joined by a second `.await`.
async fn adder(k: int) -> fn(int) -> int {
    timer::sleep(Duration::from_millis(1)).await;
    |x| x + k
}

async fn constant(k: int) -> fn() -> int { || k }

async fn starter(n: int) -> JoinHandle<int> {
    spawn async { n * 2 }
}

struct Maker { base: int }
impl Maker {
    async fn make(&self) -> fn(int) -> int {
        let b = self.base;
        |x| x * b
    }
}

task<> main() = coroutine {
    let add5 = adder(5).await;
    println!("{}", add5(10));
    let seven = co_await constant(7);
    println!("{}", seven());
    let m = Maker { base: 3 };
    let triple = m.make().await;
    println!("{}", triple(4));
    // spawned, and joined: the closure comes back into this heap
    let h = spawn adder(100);
    let add100 = h.join().await;
    println!("{}", add100(1));
    let handle = starter(21).await;
    println!("{}", handle.join().await);
    println!("{}", starter(5).await.await);
}
