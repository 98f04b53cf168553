// An `async fn` or async method may return a closure: `.await` (or `co_await`) marks
// the call and gives the closure, which keeps its captures. A closure itself is still
// no `async` block (err_await_closure.cp).
async fn adder(k: int) -> fn(int) -> int {
    timer::sleep(Duration::from_millis(1)).await;
    |x| x + k
}

async fn constant(k: int) -> fn() -> int { || k }

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
}
