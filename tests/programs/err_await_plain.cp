// cmd: check
// exit: 1
// `.await` on a plain value written as such (a variable, a literal, a macro's value) is
// an error: it would wait for nothing. So is `.await` on a call of the program's own
// function that is not an `async fn` (it has run to its end). Join handles, `async`
// blocks, `async fn` calls, a plain function returning a handle and operations that
// wait are fine.
fn compute(n: int) -> int { n * 2 }
async fn fetch(n: int) -> int { n + 1 }
fn make() -> JoinHandle<int> { spawn async { 5 } }
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
}
