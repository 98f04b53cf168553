// cmd: check
// exit: 1
// `.await` on a plain value written as such (a variable, a literal, a macro's value) is
// an error: it would wait for nothing. So is `.await` on a call of the program's own
// function or method that is not an `async fn` (it has run to its end), a trait
// object's method too, and on what an `.await` gave that is no handle or block; a
// handle used as its result says to wait for it. Join handles, `async` blocks, `async
// fn` and `async` method calls, a plain function returning a handle and operations that
// wait are fine.
fn compute(n: int) -> int { n * 2 }
async fn fetch(n: int) -> int { n + 1 }
fn make() -> JoinHandle<int> { spawn async { 5 } }
struct Obj { n: int }
impl Obj {
    fn plain(&self) -> int { self.n }
    async fn fetch(&self) -> int { self.n }
}
trait Job { fn run(&self) -> int; async fn go(&self) -> int; }
impl Job for Obj { fn run(&self) -> int { 1 } async fn go(&self) -> int { 2 } }
task<> main() = coroutine {
    let n = 5;
    let s = "abc".to_string();
    println!("{}", n.await);
    println!("{}", s.await);
    println!("{:?}", vec![1].await);
    println!("{}", compute(2).await);
    let h = spawn async { 1 };
    let block = async { 2 };
    let (tx, rx) = channel::<int>(1);
    tx.send(3).await;
    println!("{} {} {:?}", h.await, block.await, rx.recv().await);
    println!("{} {}", fetch(1).await, make().await);
    let o = Obj { n: 1 };
    let j: Box<dyn Job> = Box::new(Obj { n: 2 });
    println!("{} {}", o.plain().await, o.fetch().await);
    println!("{} {}", j.run().await, j.go().await);
    println!("{}", fetch(1).await.await);
    let h2 = spawn async { 3 };
    println!("{}", h2.join() + 1);
}
